"""All diplomas (or letters, protocols, confirmations) of an edition as one merged PDF and a ZIP.

Documents are drawn one by one in a pool of worker processes (both cores), then merged with pypdf:
one 200-page WeasyPrint document needs about 800 MB, 200 one-page documents merged need a tenth
of that. The pool is started with the "spawn" method: under gevent the web process is
monkey-patched, and a forked child would inherit that patched state (and the open database
connections); a spawned child starts clean and needs only judging.documents.render.

A document already in the cache (same HTML, same fonts) is not drawn again.
"""

from __future__ import annotations

import logging
import multiprocessing
import shutil
import threading
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app
from pypdf import PdfWriter

from judging.documents import render
from judging.documents.build import BULK_KINDS, Builder, cache_dir, cache_path, record_hashes
from judging.extensions import db
from judging.models import Edition
from judging.models.base import utcnow
from judging.models.document import BulkJob

log = logging.getLogger(__name__)

# Below this many documents to draw, starting worker processes costs more than it saves.
POOL_THRESHOLD = 12
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


def jobs_dir() -> Path:
    return Path(current_app.config["DOCUMENTS_DIR"]) / "jobs"


def run(edition: Edition, kind: str, base_url: str, out_dir: Path, progress: Progress | None = None,
        workers: int | None = None) -> Outcome:
    """Make every document of a kind for the edition; write <kind>.pdf and <kind>.zip into out_dir.

    Drawing starts while the rest of the HTML is still being built: the worker processes start
    (about a second) and draw the first batches in the meantime.
    """
    if kind not in BULK_KINDS:
        raise ValueError(f"unknown kind of documents: {kind}")
    workers = workers if workers is not None else int(current_app.config.get("DOCUMENTS_WORKERS", 2))
    report = progress or (lambda done, total, reused: None)
    builder = Builder(edition, base_url)
    root = cache_dir()
    drawer = _Drawer(workers)
    documents, targets, reused = [], [], 0
    try:
        for document in builder.iter_documents(kind):
            target = cache_path(document.key, root)
            documents.append(document)
            targets.append(target)
            if target.is_file():
                reused += 1
            else:
                drawer.add(str(target), document.html)
            report(reused + drawer.done, len(documents), reused)
        record_hashes(documents)
        db.session.commit()  # the codes printed on the diplomas are stored before the PDFs exist
        total = len(documents)
        drawer.finish(lambda n: report(reused + n, total, reused))
    finally:
        drawer.close()
    report(total, total, reused)

    out_dir.mkdir(parents=True, exist_ok=True)
    pdf_path, zip_path = out_dir / f"{kind}.pdf", out_dir / f"{kind}.zip"
    pages = _merge(targets, pdf_path)
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_STORED) as archive:
        for document, target in zip(documents, targets, strict=True):
            archive.write(target, document.filename)  # PDFs are compressed already
    log.info("edition %s: %s: %d documents (%d reused), %d pages", edition.id, kind, total, reused, pages)
    return Outcome(pdf_path, zip_path, total, pages, reused)


class _Drawer:
    """Draws documents in batches: in this process while they are few, else in a spawned pool."""

    BATCH = 4

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.batch: list[tuple[str, str]] = []
        self.queued: set[str] = set()
        self.pool: ProcessPoolExecutor | None = None
        self.pending: set = set()
        self.done = 0
        self.backlog: list[list[tuple[str, str]]] = []  # batches held until we know the pool pays off

    def add(self, target: str, html: str) -> None:
        if target in self.queued:  # two documents with the same content (rare): draw once
            return
        self.queued.add(target)
        self.batch.append((html, target))
        if len(self.batch) >= self.BATCH:
            self._submit(self.batch)
            self.batch = []
        self._collect(block=False)

    def _submit(self, batch: list[tuple[str, str]]) -> None:
        if self.pool is None and self.workers > 1 and len(self.queued) >= POOL_THRESHOLD:
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=context, initializer=render.warm_up)
            for held in self.backlog:
                self.pending.add(self.pool.submit(render.render_batch, held))
            self.backlog = []
        if self.pool is None:
            self.backlog.append(batch)
        else:
            self.pending.add(self.pool.submit(render.render_batch, batch))

    def _collect(self, block: bool) -> None:
        if not self.pending:
            return
        finished, self.pending = wait(self.pending, timeout=None if block else 0, return_when=FIRST_COMPLETED)
        for future in finished:
            self.done += len(future.result())  # a worker's exception is raised here

    def finish(self, advanced: Callable[[int], None]) -> None:
        if self.batch:
            self._submit(self.batch)
            self.batch = []
        for held in self.backlog:  # too few for a pool: draw them here
            for html, target in held:
                render.write_atomically(Path(target), render.html_to_pdf(html))
                self.done += 1
                advanced(self.done)
        self.backlog = []
        while self.pending:
            self._collect(block=True)
            advanced(self.done)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _merge(paths: list[Path], target: Path) -> int:
    writer = PdfWriter()
    for path in paths:
        writer.append(str(path))
    tmp = target.with_suffix(".part")
    with tmp.open("wb") as fh:
        writer.write(fh)
    tmp.replace(target)
    return len(writer.pages)


# ---------------------------------------------------------------- background jobs


def start(edition: Edition, kind: str, base_url: str, user_id: int | None = None, background: bool = True) -> BulkJob:
    """Queue a bulk job and run it in a background thread (its drawing happens in worker processes)."""
    if kind not in BULK_KINDS:
        raise ValueError(f"unknown kind of documents: {kind}")
    job = BulkJob(edition_id=edition.id, kind=kind, status="queued", user_id=user_id)
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


def _run_job(app: Flask, job_id: int, base_url: str) -> None:
    with app.app_context():
        job = db.session.get(BulkJob, job_id)
        job.status = "running"
        db.session.commit()
        last = [0.0]

        def progress(done: int, total: int, reused: int) -> None:
            now = time.monotonic()
            if done < total and now - last[0] < 0.3:
                return  # a few writes a second are enough for a progress bar
            last[0] = now
            job.done, job.total, job.reused = done, total, reused
            db.session.commit()

        out_dir = jobs_dir() / str(job.id)
        try:
            edition = db.session.get(Edition, job.edition_id)
            outcome = run(edition, job.kind, base_url, out_dir, progress)
        except Exception as exc:  # the job must end as failed, whatever went wrong
            log.exception("bulk job %s failed", job_id)
            db.session.rollback()
            job = db.session.get(BulkJob, job_id)
            job.status, job.error, job.finished_at = "failed", f"{type(exc).__name__}: {exc}"[:2000], utcnow()
            db.session.commit()
            shutil.rmtree(out_dir, ignore_errors=True)
        else:
            job.status, job.path, job.finished_at = "done", str(out_dir), utcnow()
            job.done = job.total = outcome.documents
            job.reused = outcome.reused
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
