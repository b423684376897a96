"""All diplomas (or letters, protocols, confirmations) of an edition as one merged PDF and a ZIP.

Documents are laid out in a pool of worker processes (both cores), a chunk of up to CHUNK documents
of one category per task. A worker writes its chunk as one PDF, so a chunk's pages share one copy
of each font (writing is a third of a diploma's cost, mostly font subsetting), and cuts each
document's own file from it for the cache and the ZIP. The merged PDF is made from the chunks'
files: few, small, quick to merge; a run that uses the pool has a worker merge them, so the web
process does not load pypdf (about 10 MB) for it. One 200-page WeasyPrint document needs about
800 MB; a chunk of 20 one-page documents needs about 10 MB.

The pool is started with the "spawn" method: under gevent the web process is monkey-patched, and a
forked child would inherit that patched state (and the open database connections); a spawned child
starts clean and imports only docrender.py. It is kept for a while after use (POOL_IDLE_SECONDS),
so a long protocol printed right after the diplomas does not pay for starting it again.

A document already in the cache (same HTML, same fonts) is not drawn again; a chunk whose documents
are all unchanged is taken whole from the cache.

Diplomas and letters of thanks are made only from published results. A run makes those it may and
lists the rest (Outcome.withheld, BulkJob.skipped) with the reason: results not published yet (a
letter waits for all its pupils), or a document issued earlier that now has to be reprinted. The
organiser printing for tonight's ceremony gets the categories that are ready, and the page says
which are not; a run with nothing to make makes no files and says why.
"""

from __future__ import annotations

import hashlib
import io
import logging
import multiprocessing
import shutil
import threading
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import or_, select, update

from judging.documents import liveness, render
from judging.documents.build import BULK_KINDS, Builder, Document, Withheld, cache_dir, cache_path, record_hashes
from judging.extensions import db
from judging.models import Edition
from judging.models.base import utcnow
from judging.models.document import BulkJob

log = logging.getLogger(__name__)

# Below this many documents to draw, starting worker processes costs more than it saves.
POOL_THRESHOLD = 12
# Documents drawn and written together by one worker task (all of one category).
CHUNK = 20
POOL_IDLE_SECONDS = 120.0
# A job's liveness is a heartbeat in its own row, not the thread that runs it: with several server
# processes (PostgreSQL + Redis) any of them may run a job and any may be asked about it, and after a
# restart no process knows the old thread. The running job writes heartbeat_at with its progress,
# and at least every HEARTBEAT_SECONDS while it waits for the worker processes; a queued or running
# job whose heartbeat is older than ABANDONED_AFTER lost its worker. The margin is wide because
# a document drawn in this process (a small run, or one long protocol) gives no beat until it is
# drawn; a job declared interrupted that still finishes writes "done" over it, files complete.
# The row also names the process running it (liveness): when that process is on this host and
# certainly gone, the job is abandoned at once, whatever its heartbeat.
HEARTBEAT_SECONDS = 10.0
ABANDONED_AFTER = timedelta(minutes=5)
ACTIVE = ("queued", "running")
Progress = Callable[[int, int, int], None]  # (done, total, reused)

_threads: dict[int, threading.Thread] = {}


@dataclass
class Outcome:
    """What a bulk run made: the merged PDF, the ZIP, and how many documents and pages."""

    pdf: Path
    zip: Path
    documents: int
    pages: int
    reused: int
    withheld: list[Withheld] = field(default_factory=list)


class NothingToMake(Exception):
    """Every document the run was asked for was withheld (see Builder.withheld)."""

    def __init__(self, withheld: list[Withheld]) -> None:
        super().__init__(f"{len(withheld)} documents withheld, none made")
        self.withheld = withheld


def jobs_dir() -> Path:
    return Path(current_app.config["DOCUMENTS_DIR"]) / "jobs"


# ---------------------------------------------------------------- the shared pool


class _SharedPool:
    """One pool of spawned workers per process, shut down after POOL_IDLE_SECONDS without use."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pool: ProcessPoolExecutor | None = None
        self.workers = 0
        self.users = 0
        self.timer: threading.Timer | None = None

    def acquire(self, workers: int) -> ProcessPoolExecutor:
        with self.lock:
            if self.timer is not None:
                self.timer.cancel()
                self.timer = None
            if self.pool is not None and self.workers != workers and self.users == 0:
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = None
            if self.pool is None:
                context = multiprocessing.get_context("spawn")
                self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=render.warm_up)
                self.workers = workers
            self.users += 1
            return self.pool

    def release(self, broken: bool = False) -> None:
        with self.lock:
            self.users -= 1
            if broken and self.pool is not None:  # a worker died: start afresh next time
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = None
            if self.users == 0 and self.pool is not None:
                self.timer = threading.Timer(POOL_IDLE_SECONDS, self.shutdown)
                self.timer.daemon = True
                self.timer.start()

    def warm(self) -> bool:
        """Whether worker processes are running now."""
        with self.lock:
            return self.pool is not None

    def shutdown(self) -> None:
        with self.lock:
            if self.users == 0 and self.pool is not None:
                self.pool.shutdown(wait=False)
                self.pool = None


_pool = _SharedPool()


def pool_is_warm() -> bool:
    """Whether worker processes are running now (a long protocol then uses the second core)."""
    return int(current_app.config.get("DOCUMENTS_WORKERS", 2)) > 1 and _pool.warm()


def start_pool(workers: int) -> None:
    """Start the worker processes now and wait until each has WeasyPrint loaded (the benchmark's
    picture of a server within POOL_IDLE_SECONDS of a bulk run)."""
    pool = _pool.acquire(workers)
    try:
        for started in [pool.submit(render.warm_up) for _ in range(workers)]:
            started.result()
    finally:
        _pool.release()


def shutdown_pool() -> None:
    """Stop the worker processes now (tests, the command line before it exits)."""
    _pool.shutdown()


def draw_parts(parts: list[str], footer: str, landscape: bool, workers: int | None = None) -> bytes:
    """One document drawn in parts, the first here and the others in the pool; joined, then numbered.

    Only a pool that is already running is used: starting one (over a second on a busy machine)
    costs more than the second core saves on one document, so a cold start draws the parts here.
    """
    workers = workers if workers is not None else int(current_app.config.get("DOCUMENTS_WORKERS", 2))
    pdfs: list[bytes] = []
    if workers > 1 and len(parts) > 1 and _pool.warm():
        pool = _pool.acquire(workers)
        broken = False
        try:
            futures = [pool.submit(render.render_pdf, html) for html in parts[1:]]
            pdfs.append(render.off_loop(render.html_to_pdf, parts[0]))
            pdfs.extend(future.result() for future in futures)
        except BrokenProcessPool:
            broken = True
            raise
        finally:
            _pool.release(broken)
    else:
        pdfs = [render.off_loop(render.html_to_pdf, html) for html in parts]
    return render.off_loop(_joined_and_numbered, pdfs, footer, landscape)


def _joined_and_numbered(pdfs: list[bytes], footer: str, landscape: bool) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(io.BytesIO(pdf))
    out = io.BytesIO()
    writer.write(out)
    return render.number_pages(out.getvalue(), footer, landscape)


# ---------------------------------------------------------------- bulk runs


def run(edition: Edition, kind: str, base_url: str, out_dir: Path, progress: Progress | None = None,
        workers: int | None = None) -> Outcome:
    """Make every document of a kind for the edition; write <kind>.pdf and <kind>.zip into out_dir.

    Drawing starts while the rest of the HTML is still being built: the worker processes start
    (about a second) and draw the first chunks in the meantime.
    """
    if kind not in BULK_KINDS:
        raise ValueError(f"unknown kind of documents: {kind}")
    workers = workers if workers is not None else int(current_app.config.get("DOCUMENTS_WORKERS", 2))
    report = progress or (lambda done, total, reused: None)
    builder = Builder(edition, base_url)
    root = cache_dir()
    drawer = _Drawer(workers, tick=lambda: report(reused + drawer.done, len(documents), reused))
    documents: list[Document] = []
    targets: list[Path] = []
    chunks: list[_Chunk] = []
    reused = 0
    try:
        chunk = _Chunk()
        for document in builder.iter_documents(kind):
            if chunk.documents and (len(chunk.documents) >= CHUNK or chunk.group != document.group):
                reused += drawer.add(chunk, root)
                chunks.append(chunk)
                chunk = _Chunk()
            chunk.group = document.group
            chunk.documents.append(document)
            chunk.targets.append(cache_path(document.key, root))
            documents.append(document)
            targets.append(chunk.targets[-1])
            report(reused + drawer.done, len(documents), reused)
        if chunk.documents:
            reused += drawer.add(chunk, root)
            chunks.append(chunk)
        if not documents and builder.withheld:
            db.session.rollback()
            raise NothingToMake(builder.withheld)
        record_hashes(documents)
        db.session.commit()  # the codes printed on the diplomas are stored before the PDFs exist
        total = len(documents)
        drawer.finish(lambda n: report(reused + n, total, reused))
        out_dir.mkdir(parents=True, exist_ok=True)
        pdf_path, zip_path = out_dir / f"{kind}.pdf", out_dir / f"{kind}.zip"
        pages = drawer.merge([path for chunk in chunks for path in chunk.merge_from()], pdf_path)
    finally:
        drawer.close()
    report(total, total, reused)

    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_STORED) as archive:
        for document, target in zip(documents, targets, strict=True):
            archive.write(target, document.filename)  # PDFs are compressed already
    log.info("edition %s: %s: %d documents (%d reused), %d pages", edition.id, kind, total, reused, pages)
    return Outcome(pdf_path, zip_path, total, pages, reused, builder.withheld)


@dataclass
class _Chunk:
    """Consecutive documents of one category, drawn and written together."""

    group: int | None = None
    documents: list[Document] = field(default_factory=list)
    targets: list[Path] = field(default_factory=list)
    path: Path | None = None  # the chunk's own PDF, when it is (or will be) whole

    def key(self) -> str:
        return hashlib.sha256(("chunk\n" + "\n".join(d.key for d in self.documents)).encode()).hexdigest()

    def merge_from(self) -> list[Path]:
        """The files that make this chunk's pages: its own PDF when whole, else one per document."""
        return [self.path] if self.path is not None else self.targets


class _Drawer:
    """Draws chunks: in this process while they are few, else in the shared pool of spawned workers.

    While it waits for the workers it calls tick() every HEARTBEAT_SECONDS: the progress report
    that keeps a background job's heartbeat fresh when no chunk is finished for a while."""

    def __init__(self, workers: int, tick: Callable[[], None] = lambda: None) -> None:
        self.workers = workers
        self.tick = tick
        self.pool: ProcessPoolExecutor | None = None
        self.pending: dict[Future, int] = {}
        self.done = 0
        self.queued = 0
        self.backlog: list[tuple[Callable, tuple, int]] = []  # tasks held until we know the pool pays off
        self.broken = False

    def add(self, chunk: _Chunk, root: Path) -> int:
        """Queue what the chunk needs drawn; returns how many of its documents are reused from the cache."""
        path = cache_path(chunk.key(), root)
        missing = [(d.html, str(t)) for d, t in zip(chunk.documents, chunk.targets, strict=True) if not t.is_file()]
        if not missing:
            chunk.path = path if path.is_file() else None
            return len(chunk.documents)
        if len(missing) == len(chunk.documents) and len(missing) > 1:
            chunk.path = path
            self._submit(render.render_chunk, (missing, str(path)), len(missing))
        else:  # partly unchanged: draw what changed, merge the chunk from single files
            self._submit(render.render_batch, (missing,), len(missing))
        self._collect(block=False)
        return len(chunk.documents) - len(missing)

    def _submit(self, task: Callable, args: tuple, count: int) -> None:
        self.queued += count
        if self.pool is None and self.workers > 1 and self.queued >= POOL_THRESHOLD:
            self.pool = _pool.acquire(self.workers)
            for held in self.backlog:
                self.pending[self.pool.submit(held[0], *held[1])] = held[2]
            self.backlog = []
        if self.pool is None:
            self.backlog.append((task, args, count))
        else:
            self.pending[self.pool.submit(task, *args)] = count

    def _collect(self, block: bool) -> None:
        if not self.pending:
            return
        finished, _ = wait(list(self.pending), timeout=HEARTBEAT_SECONDS if block else 0,
                           return_when=FIRST_COMPLETED)
        for future in finished:
            self.pending.pop(future)
            self.done += len(future.result())  # a worker's exception is raised here

    def finish(self, advanced: Callable[[int], None]) -> None:
        for task, args, _count in self.backlog:  # too few for a pool: draw them here
            self.done += len(task(*args))
            advanced(self.done)
        self.backlog = []
        while self.pending:
            self._collect(block=True)
            advanced(self.done)  # also when nothing finished: the heartbeat

    def merge(self, paths: list[Path], target: Path) -> int:
        """The documents as one PDF; returns its page count. Merged by a worker when this run has the
        pool (the worker holds pypdf already; the web process stays small), else here."""
        args = ([str(path) for path in paths], str(target))
        if self.pool is None:
            return render.merge_files(*args)
        try:
            merged = self.pool.submit(render.merge_files, *args)
            while True:
                try:
                    return merged.result(timeout=HEARTBEAT_SECONDS)
                except FutureTimeout:
                    self.tick()
        except BrokenProcessPool:
            self.broken = True
            raise

    def close(self) -> None:
        if self.pool is not None:
            broken = self.broken
            for future in self.pending:  # an error stopped the run: do not leave tasks behind
                future.cancel()
            try:
                wait(list(self.pending))
            except BrokenProcessPool:
                broken = True
            broken = broken or any(
                f.done() and not f.cancelled() and isinstance(f.exception(), BrokenProcessPool) for f in self.pending
            )
            self.pending = {}
            _pool.release(broken)
            self.pool = None


# ---------------------------------------------------------------- background jobs


def start(edition: Edition, kind: str, base_url: str, user_id: int | None = None, background: bool = True) -> BulkJob:
    """Queue a bulk job and run it in a background thread (its drawing happens in worker processes)."""
    if kind not in BULK_KINDS:
        raise ValueError(f"unknown kind of documents: {kind}")
    _drop_unfinished_folders()
    # the thread that will run it is this process's, so a restart before it starts is seen too
    job = BulkJob(edition_id=edition.id, kind=kind, status="queued", user_id=user_id, worker=liveness.this_process())
    db.session.add(job)
    db.session.commit()
    app = current_app._get_current_object()
    if not background:
        _run_job(app, job.id, base_url)
        db.session.refresh(job)
        return job
    thread = threading.Thread(target=_run_job, args=(app, job.id, base_url), name=f"bulk-job-{job.id}", daemon=True)
    _threads[job.id] = thread
    thread.start()
    return job


def wait_for(job_id: int, timeout: float | None = None) -> None:
    """Wait for a background job's thread (tests, the command line)."""
    thread = _threads.get(job_id)
    if thread is not None:
        thread.join(timeout)


def interrupt_abandoned(edition_id: int) -> int:
    """Mark the edition's queued or running jobs that lost their worker as interrupted; how many.

    A job is abandoned when its heartbeat stopped, or at once when its process is on this host and
    certainly gone (liveness.is_gone). One conditional UPDATE: a job that beats at the same moment
    keeps its state, and two processes asking at once do not both mark it."""
    silent = BulkJob.heartbeat_at < utcnow() - ABANDONED_AFTER
    active = (BulkJob.edition_id == edition_id, BulkJob.status.in_(ACTIVE))
    rows = db.session.execute(select(BulkJob.id, BulkJob.worker, silent).where(*active)).all()
    gone = [job_id for job_id, worker, quiet in rows if not quiet and liveness.is_gone(worker)]
    if not gone and not any(quiet for _, _, quiet in rows):
        return 0  # the usual answer, given without a write (the progress bar asks every second)
    marked = db.session.execute(
        update(BulkJob)
        .where(*active, or_(silent, BulkJob.id.in_(gone)))
        .values(status="interrupted", finished_at=utcnow())
        .execution_options(synchronize_session="fetch")
    ).rowcount
    db.session.commit()
    if marked:
        log.warning("edition %s: %d bulk jobs lost their worker and are marked interrupted", edition_id, marked)
    return marked


def _part_dir(job_id: int) -> Path:
    """Where a job writes its files; renamed to jobs/<id> only when both are whole."""
    return jobs_dir() / f"{job_id}.part"


def _drop_unfinished_folders() -> None:
    """Remove what jobs that lost their worker left half-written. Judged by the heartbeat and the
    owner, not the status: a job declared interrupted that is still beating keeps its folder and may
    yet finish."""
    folder = jobs_dir()
    if not folder.is_dir():
        return
    parts = {int(p.name.split(".")[0]): p for p in folder.glob("*.part") if p.name.split(".")[0].isdigit()}
    if not parts:
        return
    beating = {job_id for job_id, worker in db.session.execute(
        select(BulkJob.id, BulkJob.worker).where(BulkJob.id.in_(parts), BulkJob.heartbeat_at >= utcnow() - ABANDONED_AFTER)
    ) if not liveness.is_gone(worker)}
    for job_id, path in parts.items():
        if job_id not in beating:
            shutil.rmtree(path, ignore_errors=True)


def _run_job(app: Flask, job_id: int, base_url: str) -> None:
    with app.app_context():
        job = db.session.get(BulkJob, job_id)
        job.status, job.heartbeat_at, job.worker = "running", utcnow(), liveness.this_process()
        db.session.commit()
        last = [0.0]

        def progress(done: int, total: int, reused: int) -> None:
            now = time.monotonic()
            if done < total and now - last[0] < 0.3:
                return  # a few writes a second are enough for a progress bar
            last[0] = now
            job.done, job.total, job.reused, job.heartbeat_at = done, total, reused, utcnow()
            db.session.commit()

        # written aside and moved in place whole: a job cut off half-way leaves no file that
        # looks finished (and its status never says done)
        part_dir, out_dir = _part_dir(job.id), jobs_dir() / str(job.id)
        try:
            edition = db.session.get(Edition, job.edition_id)
            outcome = run(edition, job.kind, base_url, part_dir, progress)
            shutil.rmtree(out_dir, ignore_errors=True)
            part_dir.rename(out_dir)
        except NothingToMake as exc:
            job.status, job.error, job.finished_at = "failed", "", utcnow()
            job.skipped = [item.as_dict() for item in exc.withheld]
            db.session.commit()
            shutil.rmtree(part_dir, ignore_errors=True)
        except Exception as exc:  # the job must end as failed, whatever went wrong
            log.exception("bulk job %s failed", job_id)
            db.session.rollback()
            job = db.session.get(BulkJob, job_id)
            job.status, job.error, job.finished_at = "failed", f"{type(exc).__name__}: {exc}"[:2000], utcnow()
            db.session.commit()
            shutil.rmtree(part_dir, ignore_errors=True)
        else:
            job.status, job.path, job.finished_at, job.error = "done", str(out_dir), utcnow(), ""
            job.done = job.total = outcome.documents
            job.reused = outcome.reused
            job.skipped = [item.as_dict() for item in outcome.withheld] or None
            db.session.commit()
        finally:
            _threads.pop(job_id, None)
            db.session.remove()


def job_json(job: BulkJob) -> dict:
    """A job's state for the admin's progress bar."""
    return {
        "id": job.id, "kind": job.kind, "status": job.status, "done": job.done, "total": job.total,
        "reused": job.reused, "error": job.error,
        "percent": 100 if job.status == "done" else (int(100 * job.done / job.total) if job.total else 0),
    }
