"""Pushes to hall screens and public pages (/board); call them after the commit, never before.

`push_standings` is what the scoring operations call after every recompute: it sends nothing at
all while the category is hidden or frozen, so new marks never leak.
"""

from __future__ import annotations

import logging

from judging.board import snapshot
from judging.extensions import socketio
from judging.models import Category, Edition
from judging.realtime.broadcast import BOARD_NS, board_category_room, board_edition_room, emit_to_board, has_listeners

log = logging.getLogger(__name__)


def push_standings(category: Category) -> bool:
    """Send a category's fresh standings to screens if its visibility allows (live, published)."""
    if category.visibility not in snapshot.SHOWN:
        return False
    if not has_listeners(BOARD_NS, board_edition_room(category.edition_id), board_category_room(category.id)):
        return False  # no screen is watching: building the rows (names, award labels) would be wasted
    payload = snapshot.standings_payload(category)
    if payload is None:
        return False
    emit_to_board(category.edition_id, category.id, "standings", payload)
    return True


def push_hidden(category: Category) -> None:
    """Tell screens to drop a category that was just hidden: its id and visibility, no rows."""
    emit_to_board(category.edition_id, category.id, "standings",
                  {"category": category.id, "visibility": "hidden", "rows": []})


def push_stage(edition: Edition, left_category_id: int | None = None) -> None:
    """Send who is performing now to the edition's screens, and to those watching the category the
    stage is in or has just left (a screen of one category must see its performer go too)."""
    rooms = [board_edition_room(edition.id)]
    for category_id in {edition.stage_category_id, left_category_id} - {None}:
        rooms.append(board_category_room(category_id))
    socketio.emit("stage", snapshot.stage_payload(edition), to=rooms, namespace=BOARD_NS)


def push_reveal(category: Category) -> None:
    """Send a ceremony's latest step (or its reset) to screens, with every row announced so far."""
    payload = snapshot.reveal_payload(category)
    if payload is None:
        payload = {"category": category.id, "step": 0, "total": 0, "done": False, "rows": [], "reset": True}
    else:
        payload["row"] = payload["rows"][-1] if payload["rows"] else None
    emit_to_board(category.edition_id, category.id, "reveal", payload)
