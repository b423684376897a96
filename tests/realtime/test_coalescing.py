"""Marks arriving in a burst: the ack comes at once, one recomputation covers them all (RESULTS_COALESCE_MS)."""

from __future__ import annotations

import time

import pytest

from judging import refresh, results
from judging.extensions import socketio
from tests.realtime.conftest import GOOD, submit


@pytest.fixture
def tasks(app, monkeypatch):
    """Background tasks are collected instead of started, so the test decides when they run."""
    started = []
    monkeypatch.setitem(app.config, "RESULTS_COALESCE_MS", 50)
    monkeypatch.setattr(socketio, "start_background_task", lambda target, *args: started.append((target, args)))
    monkeypatch.setattr(socketio, "sleep", lambda seconds: None)
    monkeypatch.setattr(refresh, "_pending", {})
    monkeypatch.setattr(refresh, "_running", set())
    monkeypatch.setattr(refresh, "_last", {})
    monkeypatch.setattr(refresh, "_costs", {})
    return started


def _standings(client) -> list[dict]:
    return [e["args"][0] for e in client.get_received("/board") if e["name"] == "standings"]


def test_a_burst_of_marks_is_recomputed_and_pushed_once(app, db, vocal, tablet, tasks):
    edition, category, entries, judges = vocal
    category.visibility = "live"
    db.session.commit()
    screen = socketio.test_client(app, namespace="/board")
    assert screen.emit("watch", {"edition": edition.id}, namespace="/board", callback=True)["ok"]
    screen.get_received("/board")
    pads = [tablet(j.token) for j in judges]

    acks = [submit(pad, {"entry": entries[0].id, "marks": GOOD}) for pad in pads]

    assert all(a["ok"] for a in acks)
    assert len(tasks) == 1  # one task per category, however many marks came meanwhile
    assert results.standings(category) is None  # the acks did not wait for the computation
    target, args = tasks.pop()
    target(*args)
    stored = results.standings(category)
    assert stored.version == 1
    assert [s.entry_id for s in stored.standings if s.score is not None] == [entries[0].id]
    assert stored.standings[0].score == 9  # every judge's 9 / 8.5 / 9.5: all three marks counted
    pushed = _standings(screen)
    assert len(pushed) == 1 and pushed[0]["rows"][0]["entry"] == entries[0].id
    assert refresh._running == set() and refresh._pending == {}


def test_a_mark_during_a_recomputation_gets_another_one(app, vocal, tablet, tasks, monkeypatch):
    edition, category, entries, judges = vocal
    pads = [tablet(j.token) for j in judges]
    submit(pads[0], {"entry": entries[0].id, "marks": GOOD})
    target, args = tasks.pop()
    original = refresh.recompute_and_push
    calls = []

    def recompute_then_a_mark_arrives(category_obj, entry_ids=None):
        calls.append(entry_ids)
        original(category_obj, entry_ids)
        if len(calls) == 1:  # a second mark lands while the first computation is being pushed
            assert submit(pads[1], {"entry": entries[1].id, "marks": GOOD})["ok"]

    monkeypatch.setattr(refresh, "recompute_and_push", recompute_then_a_mark_arrives)
    target(*args)
    assert tasks == []  # the running task took the new mark over instead of starting another
    assert calls == [{entries[0].id}, {entries[1].id}]
    stored = results.standings(category)
    assert stored.version == 2
    assert {s.entry_id for s in stored.standings if s.score is not None} == {entries[0].id, entries[1].id}


def test_waiting_is_not_counted_as_the_cost_of_a_push(app, vocal, tablet, tasks, monkeypatch):
    """The interval grows with the work this process does per push, not with time spent waiting
    (the cores busy with other processes, a slow disk): only CPU time counts."""
    edition, category, entries, judges = vocal
    submit(tablet(judges[0].token), {"entry": entries[0].id, "marks": GOOD})
    target, args = tasks.pop()
    original = refresh.recompute_and_push

    def recompute_on_a_crowded_machine(category_obj, entry_ids=None):
        original(category_obj, entry_ids)
        time.sleep(0.5)  # off the CPU, as when other processes hold the cores

    monkeypatch.setattr(refresh, "recompute_and_push", recompute_on_a_crowded_machine)
    target(*args)
    [cost] = refresh._costs[category.id]
    assert cost < 0.25  # the recomputation's own work, without the half second spent waiting
