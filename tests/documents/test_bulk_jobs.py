"""Bulk jobs that lose their worker (a server restart) end as interrupted; no half-made file is served."""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path

from sqlalchemy import func, select

from judging.documents import bulk
from judging.extensions import db
from judging.models.base import utcnow
from judging.models.document import BulkJob


def _job(edition, *, beat_ago, status="running", kind="diplomas") -> BulkJob:
    """A job as another process (or one that is gone) left it: no thread of this process runs it."""
    job = BulkJob(edition_id=edition.id, kind=kind, status=status, done=3, total=10, heartbeat_at=utcnow() - beat_ago)
    db.session.add(job)
    db.session.commit()
    assert job.id not in bulk._threads
    return job


def _status(client, edition, job) -> dict:
    return client.get(f"/admin/editions/{edition.id}/documents/jobs/{job.id}.json").get_json()


def test_a_job_whose_heartbeat_stopped_is_interrupted_serves_nothing_and_can_be_started_again(
        app, client, organiser, scored, documents_dir):
    job = _job(scored, beat_ago=bulk.ABANDONED_AFTER * 2)
    half_written = documents_dir / "jobs" / f"{job.id}.part"
    half_written.mkdir(parents=True)
    (half_written / "diplomas.pdf").write_bytes(b"%PDF-1.7 cut off")

    assert _status(client, scored, job)["status"] == "interrupted"
    for fmt in ("pdf", "zip"):
        assert client.get(f"/admin/editions/{scored.id}/documents/jobs/{job.id}.{fmt}").status_code == 404
    html = client.get(f"/admin/editions/{scored.id}/documents").get_data(as_text=True)
    restart = f'action="/admin/editions/{scored.id}/documents/bulk/diplomas" class="restart">'
    assert 'data-status="interrupted"' in html and restart in html  # the button is shown, not hidden

    app.config["DOCUMENTS_BULK_INLINE"] = True
    client.post(f"/admin/editions/{scored.id}/documents/bulk/diplomas")
    again = db.session.scalars(select(BulkJob).order_by(BulkJob.id.desc())).first()
    assert again.id != job.id and again.status == "done"
    assert not half_written.exists()  # what the lost job left is cleared away
    assert client.get(f"/admin/editions/{scored.id}/documents/jobs/{again.id}.pdf").status_code == 200


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


def test_a_finished_job_has_its_files_moved_in_place_whole(app, scored, documents_dir):
    job = bulk.start(scored, "diplomas", "http://x", background=False)
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
