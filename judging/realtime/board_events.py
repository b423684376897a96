"""Handlers of the /board namespace (hall screens and public pages): no sign-in, read only.

`watch` {"edition": id or slug, "category": id (optional)} joins the screen to the edition's room
(or only the category's) and answers with the current snapshot. Pushes that follow: `standings`
(only for live and published categories; a category just hidden gets one `standings` message with
`"visibility": "hidden"` and no rows, so screens drop it), `stage`, and `reveal` (a ceremony step,
or `"reset": true` when the organiser starts it again). See judging/board/snapshot.py.

Every `standings` message says whether it is `provisional` (until the jury finalises) and its
`version`, and each row the `sheets` it rests on of its `panel`; a provisional row short of its
panel has `"award": null`. See docs/realtime.md.

Beyond the protocol's fields, a `standings` message carries the category's `label` and
`show_places`, each row its `number`, and the message (not each row) `award_labels`: every award
of its rows in the edition's languages. Reveal rows carry their `award_label` themselves.
"""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_socketio import join_room, leave_room, rooms

from judging.board import snapshot, snapshot_cache
from judging.extensions import db, socketio
from judging.lookups import optional_row_id
from judging.models import Category
from judging.realtime.broadcast import BOARD_NS, board_category_room, board_edition_room


def _error(code: str, message: str, field: str | None = None) -> dict:
    return {"ok": False, "error": {"code": code, "message": message, "field": field}}


@socketio.on("watch", namespace=BOARD_NS)
def watch(data=None):
    """Start (or switch) watching an edition or one of its categories; ack = what may be shown now."""
    if not isinstance(data, dict):
        return _error("invalid", _("Send {\"edition\": id or slug}."), "edition")
    edition = snapshot.find_edition(data.get("edition"))
    if edition is None:
        return _error("unknown_edition", _("There is no such contest."), "edition")
    category = None
    if data.get("category") not in (None, ""):
        category_id = optional_row_id(data["category"])
        category = db.session.get(Category, category_id) if category_id is not None else None
        if category is None or category.edition_id != edition.id:
            return _error("unknown_category", _("There is no such category in this contest."), "category")
    for room in rooms(namespace=BOARD_NS):
        if room != request.sid:  # a screen switching what it watches hears only the new one
            leave_room(room, namespace=BOARD_NS)
    join_room(board_category_room(category.id) if category else board_edition_room(edition.id), namespace=BOARD_NS)
    return snapshot_cache.snapshot(edition, category)
