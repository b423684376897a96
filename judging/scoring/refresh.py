"""Fresh standings after a mark: recomputed and pushed at once, or once per burst.

`RESULTS_COALESCE_MS` (config) is the shortest time between two recomputations of one category.
0 recomputes synchronously inside the submission (the tests, a quiet laptop). Above 0 the judge's
ack leaves as soon as the sheet is committed (the mark is safe), and one background task per
category recomputes through `results.recompute` (still the one path to results) and pushes to the
chair and the hall: at once when the category was quiet, else when the interval since its last
recomputation has passed, covering every mark that arrived meanwhile. Each server process
coalesces its own submissions; recompute reads what is committed, so the last one is always right.

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
from sqlalchemy import inspect

from judging.extensions import db, socketio
from judging.models import Category
from judging.realtime import broadcast

log = logging.getLogger(__name__)

_lock = threading.Lock()  # a gevent lock once monkey-patched; a real one under the threading mode
_pending: dict[int, set[int] | None] = {}  # category id -> entries changed since (None: all of them)
_running: set[int] = set()  # categories whose task is alive
_last: dict[int, float] = {}  # category id -> when its last recomputation started (monotonic)
_costs: dict[int, deque[float]] = {}  # category id -> CPU seconds its last few recomputations and pushes took
LOAD_FACTOR = 3  # wait at least this many times the cost (times the busy categories) before the next
COSTS_KEPT = 5  # the cost is the median of this many: one slow push (a full collection) moves nothing
MAX_SEND_WAIT = 1.0  # seconds: a screen that reads nothing for this long is not waited for any more


def results_changed(category: Category, entry_ids: set[int] | None = None) -> None:
    """Standings of the category must be recomputed and pushed (the changed entries, or all)."""
    from judging.scoring.operations import recompute_and_broadcast

    interval = current_app.config.get("RESULTS_COALESCE_MS", 0) / 1000
    if interval <= 0:
        recompute_and_broadcast(category, entry_ids)
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
    from judging.scoring.operations import recompute_and_broadcast

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
                    recompute_and_broadcast(category, entry_ids)
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
