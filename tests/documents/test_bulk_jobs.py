"""Bulk jobs that lose their worker (a server restart) end as interrupted; no half-made file is served."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

import pytest
from sqlalchemy import func, select

from judging.documents import bulk, liveness
from judging.extensions import db
from judging.models.base import utcnow
from judging.models.document import BulkJob


def _job(edition, *, beat_ago, status="running", kind="diplomas", worker=None) -> BulkJob:
    """A job as another process (or one that is gone) left it: no thread of this process runs it."""
    job = BulkJob(edition_id=edition.id, kind=kind, status=status, done=3, total=10, heartbeat_at=utcnow() - beat_ago,
                  worker=worker)
    db.session.add(job)
    db.session.commit()
    assert job.id not in bulk._threads
    return job


def _status(client, edition, job) -> dict:
    return client.get(f"/admin/editions/{edition.id}/documents/jobs/{job.id}.json").get_json()


def test_a_job_whose_heartbeat_stopped_is_interrupted_serves_nothing_and_can_be_started_again(
        app, client, organiser, published, documents_dir):
    job = _job(published, beat_ago=bulk.ABANDONED_AFTER * 2)
    half_written = documents_dir / "jobs" / f"{job.id}.part"
    half_written.mkdir(parents=True)
    (half_written / "diplomas.pdf").write_bytes(b"%PDF-1.7 cut off")

    assert _status(client, published, job)["status"] == "interrupted"
    for fmt in ("pdf", "zip"):
        assert client.get(f"/admin/editions/{published.id}/documents/jobs/{job.id}.{fmt}").status_code == 404
    html = client.get(f"/admin/editions/{published.id}/documents").get_data(as_text=True)
    restart = f'action="/admin/editions/{published.id}/documents/bulk/diplomas" class="restart">'
    assert 'data-status="interrupted"' in html and restart in html  # the button is shown, not hidden

    app.config["DOCUMENTS_BULK_INLINE"] = True
    client.post(f"/admin/editions/{published.id}/documents/bulk/diplomas")
    again = db.session.scalars(select(BulkJob).order_by(BulkJob.id.desc())).first()
    assert again.id != job.id and again.status == "done"
    assert not half_written.exists()  # what the lost job left is cleared away
    assert client.get(f"/admin/editions/{published.id}/documents/jobs/{again.id}.pdf").status_code == 200


def test_a_job_another_live_process_runs_is_not_declared_dead(app, client, organiser, scored):
    job = _job(scored, beat_ago=bulk.ABANDONED_AFTER / 10)

    state = _status(client, scored, job)
    assert state["status"] == "running" and state["done"] == 3
    app.config["DOCUMENTS_BULK_INLINE"] = True
    client.post(f"/admin/editions/{scored.id}/documents/bulk/diplomas")
    assert db.session.scalar(select(func.count(BulkJob.id))) == 1  # refused: that job is still being made
    db.session.expire_all()
    assert db.session.get(BulkJob, job.id).status == "running"


def test_a_queued_job_that_never_started_is_interrupted_too(client, organiser, scored):
    job = _job(scored, beat_ago=bulk.ABANDONED_AFTER * 2, status="queued")
    assert _status(client, scored, job)["status"] == "interrupted"


def test_a_finished_or_failed_job_is_never_declared_interrupted(client, organiser, scored):
    done = _job(scored, beat_ago=bulk.ABANDONED_AFTER * 2, status="done")
    failed = _job(scored, beat_ago=bulk.ABANDONED_AFTER * 2, status="failed")
    assert bulk.interrupt_abandoned(scored.id) == 0
    assert _status(client, scored, done)["status"] == "done"
    assert _status(client, scored, failed)["status"] == "failed"


def test_a_running_job_keeps_its_heartbeat_fresh_through_its_progress(app, scored, monkeypatch):
    seen = {}

    def fake_run(edition, kind, base_url, out_dir, progress):
        job = db.session.scalars(select(BulkJob)).one()
        job.heartbeat_at = utcnow() - bulk.ABANDONED_AFTER * 2  # as if it had been quiet too long
        db.session.commit()
        progress(5, 5, 0)
        seen["interrupted"] = bulk.interrupt_abandoned(edition.id)
        raise RuntimeError("stop here")

    monkeypatch.setattr(bulk, "run", fake_run)
    job = bulk.start(scored, "diplomas", "http://x", background=False)
    assert seen["interrupted"] == 0
    assert job.status == "failed" and "stop here" in job.error


def test_a_failed_job_leaves_no_files(app, scored, monkeypatch, documents_dir):
    def fake_run(edition, kind, base_url, out_dir, progress):
        out_dir.mkdir(parents=True)
        (out_dir / f"{kind}.pdf").write_bytes(b"%PDF-1.7 half")
        raise OSError("disk full")

    monkeypatch.setattr(bulk, "run", fake_run)
    job = bulk.start(scored, "diplomas", "http://x", background=False)
    assert job.status == "failed"
    assert not any((documents_dir / "jobs").iterdir())


def test_a_finished_job_has_its_files_moved_in_place_whole(app, published, documents_dir):
    job = bulk.start(published, "diplomas", "http://x", background=False)
    assert job.status == "done" and job.path == str(documents_dir / "jobs" / str(job.id))
    assert sorted(p.name for p in (documents_dir / "jobs").iterdir()) == [str(job.id)]
    assert sorted(p.name for p in (documents_dir / "jobs" / str(job.id)).iterdir()) == ["diplomas.pdf", "diplomas.zip"]


def test_waiting_for_the_workers_beats(monkeypatch):
    """A chunk or the merge taking longer than HEARTBEAT_SECONDS still reports, so the job stays alive."""
    monkeypatch.setattr(bulk, "HEARTBEAT_SECONDS", 0.01)
    drawer = bulk._Drawer(workers=2)
    chunk: Future = Future()
    drawer.pending[chunk] = 4
    reports = []

    def advanced(done):
        reports.append(done)
        if len(reports) == 2:  # the chunk is drawn after two beats without news
            chunk.set_result(["a", "b", "c", "d"])

    drawer.finish(advanced)
    assert reports == [0, 0, 4]

    class SlowMerge:
        waits = 0

        def result(self, timeout):
            assert timeout == bulk.HEARTBEAT_SECONDS
            self.waits += 1
            if self.waits < 3:
                raise FutureTimeout
            return 7

    ticks = []
    drawer = bulk._Drawer(workers=2, tick=lambda: ticks.append(1))
    drawer.pool = type("Pool", (), {"submit": lambda self, *args: SlowMerge()})()
    assert drawer.merge([], Path("merged.pdf")) == 7
    assert len(ticks) == 2


# ---------------------------------------------------------------- the process that owns a job

on_linux = pytest.mark.skipif(liveness.this_process() is None, reason="needs /proc to tell a process's identity")


def _ended_process() -> str:
    """The identity of a real process of this host that has run and exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    identity = liveness.identity_of(child.pid)  # read while it waits for its input: it is alive
    child.stdin.close()  # now it ends by itself
    child.wait()
    assert identity is not None and identity.split()[3] == str(child.pid)
    return identity


def _with(identity: str, **changed: str) -> str:
    host, boot, namespace, pid, started = identity.split(liveness.SEP)
    parts = dict(host=host, boot=boot, namespace=namespace, pid=pid, started=started) | changed
    return liveness.SEP.join(parts.values())


@on_linux
def test_a_job_whose_process_ended_on_this_host_is_interrupted_at_once(client, organiser, scored):
    job = _job(scored, beat_ago=bulk.ABANDONED_AFTER / 10, worker=_ended_process())  # its heartbeat is fresh
    assert _status(client, scored, job)["status"] == "interrupted"
    html = client.get(f"/admin/editions/{scored.id}/documents").get_data(as_text=True)
    assert 'data-status="interrupted"' in html


@on_linux
def test_a_job_whose_process_lives_is_not_interrupted(client, organiser, scored):
    job = _job(scored, beat_ago=bulk.ABANDONED_AFTER / 10, worker=liveness.this_process())
    assert bulk.interrupt_abandoned(scored.id) == 0
    assert _status(client, scored, job)["status"] == "running"


@on_linux
def test_a_reused_pid_counts_as_a_process_that_ended():
    mine = liveness.this_process()
    started = int(mine.split()[4])
    assert not liveness.is_gone(mine)
    assert liveness.is_gone(_with(mine, started=str(started + 1)))  # same pid, started at another moment


@on_linux
def test_a_process_that_exited_but_is_not_reaped_yet_counts_as_ended():
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    identity = liveness.identity_of(child.pid)
    assert not liveness.is_gone(identity)
    child.stdin.close()
    os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)  # waits for the exit, leaves the zombie
    try:
        assert liveness.is_gone(identity)
    finally:
        child.wait()


@on_linux
@pytest.mark.parametrize("elsewhere", [
    {"host": "another-host"},
    {"boot": "00000000-0000-0000-0000-000000000000"},  # a reboot, or a second machine of the same name
    {"namespace": "pid:[1]"},  # another container: its pids mean nothing here
])
def test_a_job_of_a_process_this_one_cannot_see_is_judged_by_its_heartbeat(client, organiser, scored, elsewhere):
    worker = _with(_ended_process(), **elsewhere)
    assert not liveness.is_gone(worker)
    beating = _job(scored, beat_ago=bulk.ABANDONED_AFTER / 10, worker=worker)
    assert _status(client, scored, beating)["status"] == "running"
    silent = _job(scored, beat_ago=bulk.ABANDONED_AFTER * 2, worker=worker, kind="protocols")
    assert _status(client, scored, silent)["status"] == "interrupted"
    assert _status(client, scored, beating)["status"] == "running"


@pytest.mark.parametrize("worker", [None, "", "not an identity", "h b n 0 1", "h b n -4 1"])
def test_an_unknown_owner_is_never_called_gone(worker):
    assert not liveness.is_gone(worker)


@on_linux
def test_a_job_records_the_process_that_runs_it(app, scored, monkeypatch):
    seen = {}

    def fake_run(edition, kind, base_url, out_dir, progress):
        seen["worker"] = db.session.scalars(select(BulkJob)).one().worker
        raise RuntimeError("stop here")

    monkeypatch.setattr(bulk, "run", fake_run)
    bulk.start(scored, "diplomas", "http://x", background=False)
    assert seen["worker"] == liveness.this_process()


@on_linux
def test_what_a_job_of_an_ended_process_left_is_cleared_when_another_starts(app, scored, documents_dir, monkeypatch):
    lost = _job(scored, beat_ago=bulk.ABANDONED_AFTER / 10, worker=_ended_process())
    beating = _job(scored, beat_ago=bulk.ABANDONED_AFTER / 10, worker=liveness.this_process(), kind="protocols")
    for job in (lost, beating):
        (documents_dir / "jobs" / f"{job.id}.part").mkdir(parents=True)
    monkeypatch.setattr(bulk, "run", lambda *args: (_ for _ in ()).throw(RuntimeError("stop here")))
    bulk.start(scored, "confirmations", "http://x", background=False)
    assert not (documents_dir / "jobs" / f"{lost.id}.part").exists()
    assert (documents_dir / "jobs" / f"{beating.id}.part").exists()
