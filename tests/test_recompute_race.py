"""Two server processes recomputing one category at once (the scale-out set-up, PostgreSQL).

The standings stored last must be computed from every mark committed before they were stored:
a recomputation that read the marks, then waited for its turn to write, would store an older
picture over a newer one, and the hall would show it until the next mark. Always on PostgreSQL
(each recomputation here is a thread with a connection of its own), in a schema of its own.
"""

from __future__ import annotations

import os
import threading
import uuid

import pytest
from sqlalchemy import text

from config import TestConfig
from judging import create_app, results
from judging.extensions import db
from judging.models import Category, Edition, Entry, Judge, Series
from judging.scoring import operations
from tests.conftest import VOCAL_PARAMS

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SCHEMA = f"race_{os.getpid()}"


@pytest.fixture
def pg_app():
    class RaceConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = PG
        SQLALCHEMY_ENGINE_OPTIONS = {"connect_args": {"options": f"-csearch_path={SCHEMA}"}}

    app = create_app(RaceConfig)
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {SCHEMA}"))
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        db.engine.dispose()


def _seed() -> tuple[int, int, list[Judge]]:
    series = Series(key="race", name={"ru": "Звёзды"})
    edition = Edition(series=series, slug="race", year=2026, title={"ru": "Конкурс"})
    category = Category(edition=edition, position=1, nomination_key="pop", rule="criteria_panel",
                        params=VOCAL_PARAMS, visibility="live")
    entry = Entry(category=category, number=1, name="Әлия Қасымова")
    judges = [Judge(edition=edition, name=f"Judge {i}", role="member") for i in range(2)]
    for judge in judges:
        judge.categories.append(category)
    db.session.add_all([series, edition, category, entry, *judges])
    db.session.commit()
    return category.id, entry.id, judges


def _mark(judge: Judge, entry_id: int, value) -> dict:
    return operations.submit(judge, {"client_id": str(uuid.uuid4()), "entry": entry_id,
                                     "marks": {"voice": value, "technique": value, "artistry": value}})


def test_a_slow_recomputation_does_not_store_older_standings_over_newer(pg_app, monkeypatch):
    with pg_app.app_context():
        category_id, entry_id, judges = _seed()
        judge_ids = [j.id for j in judges]
        assert _mark(judges[0], entry_id, 8)["ok"]  # recomputed at once (RESULTS_COALESCE_MS = 0)

    computed, release = threading.Event(), threading.Event()
    original = results._compute
    slow = {}

    def compute(case):
        output = original(case)
        if threading.current_thread() is slow.get("thread"):
            computed.set()  # A has its picture of the marks (one judge's) ...
            release.wait(30)  # ... and is held up before storing it
        return output

    monkeypatch.setattr(results, "_compute", compute)
    failures = []

    def in_context(work):
        def run():
            try:
                with pg_app.app_context():
                    work()
            except Exception as exc:  # reported by the test, not lost in the thread
                failures.append(exc)
        return threading.Thread(target=run)

    a = in_context(lambda: results.recompute(db.session.get(Category, category_id)))
    b = in_context(lambda: failures.append(None) if _mark(db.session.get(Judge, judge_ids[1]), entry_id, 10)["ok"]
                   else failures.append("refused"))
    slow["thread"] = a
    a.start()
    assert computed.wait(30)
    b.start()  # B stores the second judge's mark and recomputes meanwhile
    with pg_app.app_context():
        # B either finishes or waits for A's lock on the category's result; then A may go on
        for _ in range(300):
            if not b.is_alive():
                break
            waiting = db.session.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted"))
            db.session.rollback()
            if waiting:
                break
            b.join(0.1)
    release.set()
    a.join(30)
    b.join(30)
    assert failures == [None]
    with pg_app.app_context():
        stored = results.standings(db.session.get(Category, category_id))
        [row] = [s for s in stored.standings if s.entry_id == entry_id]
        assert row.score == 9  # both judges' marks (8 and 10), not the first one's alone
