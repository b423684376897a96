"""After any change of results: recompute and push, the one path every operation takes.

An operation validates, writes, audit-logs and commits; then it calls `results_changed(category,
entries)`, and nothing else, whatever it changed: marks, unlocks and corrections, conflicts and
abstentions, entries withdrawn, disqualified, reinstated, moved or deleted, a category's criteria,
rule, parameters or awards, casting votes, finalise and reopen, a Grand Prix settled elsewhere.
This module recomputes through `judging.results` (which stores and pushes nothing itself) and
tells everyone who shows standings: the hall screens and public pages (/board), the chair's
console, and, when the judging state changed, the judges' tablets. Nothing below imports it.

`RESULTS_COALESCE_MS` (config) is the shortest time between two recomputations of one category.
0 recomputes synchronously inside the operation (the tests, a quiet laptop). Above 0 the judge's
ack leaves as soon as the sheet is committed (the mark is safe), and one background task per
category recomputes and pushes: at once when the category was quiet, else when the interval since
its last recomputation has passed, covering every change that arrived meanwhile. Each server
process coalesces its own changes; recompute reads what is committed, so the last one is right.
Changes of the judging state and of a category's settings are not coalesced: they are rare, and
the organiser expects to see them at once.

The interval adapts to the load: a category waits at least LOAD_FACTOR times what a recomputation
and push of it costs, times the number of categories being recomputed in this process now, so
when many screens watch (each push costs a send per screen) or the categories are large, all of
them together take no more than about a third of the process, and the judges' acks keep
flowing. The cost is this process's CPU time, not the time on the clock: on a machine shared
with other work (or, in the bench, with the simulated screens) the clock also counts the time
others held the cores, so the interval grew with their load and not with ours; each push then
came later without making room for anything of this process. An emit only queues a message per
screen; the cost is timed past the yield after it, when the socket writers woken by it send.
That yield also runs whatever else was waiting, and a full collection can land in any push, so
the cost is the median of the last few. A screen slow to read keeps its message queued: the next
push waits (at most MAX_SEND_WAIT) until the last one has been sent to every screen of this
process, rather than piling messages up behind each other. A quiet category is still recomputed
at once.
"""

from __future__ import annotations

import logging
import statistics
import threading
import time
from collections import deque

from flask import Flask, current_app
from sqlalchemy import inspect, select

from judging import results
from judging.board import push
from judging.chair import matrix
from judging.extensions import db, socketio
from judging.models import Category, Sheet
from judging.realtime import broadcast
from judging.scoring import state

log = logging.getLogger(__name__)

_lock = threading.Lock()  # a gevent lock once monkey-patched; a real one under the threading mode
_pending: dict[int, set[int] | None] = {}  # category id -> entries changed since (None: all of them)
_running: set[int] = set()  # categories whose task is alive
_last: dict[int, float] = {}  # category id -> when its last recomputation started (monotonic)
_costs: dict[int, deque[float]] = {}  # category id -> CPU seconds its last few recomputations and pushes took
LOAD_FACTOR = 3  # wait at least this many times the cost (times the busy categories) before the next
COSTS_KEPT = 5  # the cost is the median of this many: one slow push (a full collection) moves nothing
MAX_SEND_WAIT = 1.0  # seconds: a screen that reads nothing for this long is not waited for any more


def results_changed(category: Category, entry_ids: set[int] | None = None, *, judging: bool = False,
                    now: bool = False) -> None:
    """The category's results may have changed: recompute, then push to screens, console and tablets.

    `entry_ids`: the entries whose rows changed (None: any of them). `judging`: the judging
    state changed too (finalised, reopened, opened, closed): the tablets are told, and their
    sheets' locks. `now`: recompute before returning, not in the background (a page that
    redirects to the new standings).
    """
    interval = current_app.config.get("RESULTS_COALESCE_MS", 0) / 1000
    if interval <= 0 or judging or now:
        recompute_and_push(category, entry_ids)
        if judging:
            _tell_tablets(category)
        return
    category_id = inspect(category).identity[0]  # the object was expired by the commit: no reload
    with _lock:
        if category_id in _pending:
            known = _pending[category_id]
            _pending[category_id] = None if known is None or entry_ids is None else known | entry_ids
        else:
            _pending[category_id] = None if entry_ids is None else set(entry_ids)
        start = category_id not in _running
        _running.add(category_id)
    if start:
        socketio.start_background_task(_work, current_app._get_current_object(), category_id, interval)


def _work(app: Flask, category_id: int, interval: float) -> None:
    """Recompute and push one category until no change is pending, at most once per interval."""
    try:
        while True:
            spacing = max(interval, LOAD_FACTOR * _cost(category_id) * len(_running))
            wait = _last.get(category_id, 0.0) + spacing - time.monotonic()
            if wait > 0:
                socketio.sleep(wait)
            with app.app_context():
                category = db.session.get(Category, category_id)
                if category is not None:
                    _wait_sent(category, time.monotonic() + MAX_SEND_WAIT)
                with _lock:
                    if category_id not in _pending:
                        _running.discard(category_id)
                        return
                    entry_ids = _pending.pop(category_id)
                _last[category_id] = time.monotonic()
                started = time.process_time()
                if category is not None:  # deleted meanwhile: nothing left to show
                    recompute_and_push(category, entry_ids)
                    socketio.sleep(0)  # the writers woken by the push send what it queued
            _costs.setdefault(category_id, deque(maxlen=COSTS_KEPT)).append(time.process_time() - started)
    except Exception:
        log.exception("category %s: recomputing after marks failed", category_id)
        with _lock:
            _running.discard(category_id)  # the next mark starts a new task


def _cost(category_id: int) -> float:
    costs = _costs.get(category_id)
    return statistics.median(costs) if costs else 0.0


def _wait_sent(category: Category, deadline: float) -> None:
    """Yield while some screen or console of the category in this process still has a message
    queued: a new push goes out only once the last one has been sent to everyone."""
    rooms = (broadcast.board_edition_room(category.edition_id), broadcast.board_category_room(category.id))
    while time.monotonic() < deadline and (
        broadcast.unsent(broadcast.BOARD_NS, *rooms)
        or broadcast.unsent(broadcast.JUDGE_NS, broadcast.chair_room(category.edition_id))
    ):
        socketio.sleep(0.002)


def recompute_and_push(category: Category, entry_ids: set[int] | None = None) -> None:
    """Fresh standings for the category (and any whose Grand Prix it settled), then everyone hears.

    Each push is guarded on its own: a failing console push must not keep the hall screens stale.
    """
    try:
        changed = results.recompute_changed(category)
    except Exception:  # the change is stored; a failing computation must not lose it or the ack
        db.session.rollback()
        log.exception("category %s: recompute failed", category.id)
        changed = [category]
    for other in changed:
        rows = entry_ids if other is category else None
        try:
            if broadcast.has_listeners(broadcast.JUDGE_NS, broadcast.chair_room(other.edition_id)):
                broadcast.emit_to_chair(other.edition_id, "matrix", matrix.category_payload(other, rows))
        except Exception:
            db.session.rollback()
            log.exception("category %s: pushing the matrix to the console failed", other.id)
        try:
            push.push_standings(other)
        except Exception:
            db.session.rollback()
            log.exception("category %s: pushing standings to the boards failed", other.id)


def _tell_tablets(category: Category) -> None:
    """Each judge of the category hears its judging state and the locks of their own sheets."""
    status = state.category_status(category)
    sheets = db.session.scalars(select(Sheet).where(Sheet.category_id == category.id)).all()
    for judge in category.judges:
        broadcast.emit_to_judge(judge.id, "category", status)
        for sheet in sheets:
            if sheet.judge_id == judge.id:
                broadcast.emit_to_judge(judge.id, "sheet", state.sheet_payload(sheet, category))
