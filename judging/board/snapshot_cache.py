"""The `watch` ack built once per change of what it shows, and shared by every screen that asks.

A snapshot reads every shown category's standings, names and ceremony state; built anew for each
`watch`, a few hundred screens reconnecting at once (or one client asking in a loop) kept the
event loop busy for seconds. Here each ask costs one small query: the key below, which changes
whenever anything deciding what may be shown changes (a recomputation bumps the result's version,
a freeze or a reveal step touches the board state, the organiser changes a visibility or the
stage). Rows of a hidden or frozen category are never served from an older snapshot, because the
visibility and the board state are part of the key.

What the key does not follow (an entry renamed, a title corrected) is picked up within `TTL`.
"""

from __future__ import annotations

import time

from flask import current_app
from sqlalchemy import select

from judging.board import snapshot as snapshots
from judging.extensions import db
from judging.models import BoardState, Category, CategoryResult, Edition

TTL = 5.0  # seconds a snapshot may be served for while its key stays the same


def _key(edition: Edition, category: Category | None) -> tuple:
    query = (
        select(Category.id, Category.visibility, Category.show_places, CategoryResult.id,
               CategoryResult.version, CategoryResult.computed_at, BoardState.updated_at)
        .outerjoin(CategoryResult, CategoryResult.category_id == Category.id)
        .outerjoin(BoardState, BoardState.category_id == Category.id)
        .where(Category.edition_id == edition.id)
        .order_by(Category.id)
    )
    if category is not None:
        query = query.where(Category.id == category.id)
    categories = tuple(tuple(row) for row in db.session.execute(query))
    return (edition.stage_category_id, edition.stage_entry_id, edition.privacy,
            tuple(edition.languages or ()), categories)


def _kept() -> dict:
    # Per app: each test builds its own app on a fresh database, where the same ids come back.
    return current_app.extensions.setdefault("board_snapshots", {})


def snapshot(edition: Edition, category: Category | None = None) -> dict:
    """The watch ack for an edition (or one category): shared, never to be changed by the caller."""
    key = _key(edition, category)
    kept = _kept()
    what = (edition.id, category.id if category is not None else None)  # one snapshot kept for each
    now = time.monotonic()
    found = kept.get(what)
    if found is not None and found[0] == key and now - found[1] < TTL:
        return found[2]
    built = snapshots.snapshot(edition, category)
    kept[what] = (key, now, built)
    return built
