"""The running order of a category: moving entries, drawing lots, replaying a draw.

Drawing lots, method ``python-random-shuffle-v1``: take the ids of every entry of the category,
sorted ascending; shuffle that list with ``random.Random(seed).shuffle`` where ``seed`` is the
seed text exactly as shown (Python seeds a ``str`` through SHA-512, the same on every machine and
every Python 3 release since 3.2); the shuffled list is the running order, first performer first.
Anyone with the seed and the entry ids can replay it:

    python -c "import random; ids=[3, 5, 8]; random.Random('480213').shuffle(ids); print(ids)"
"""

from __future__ import annotations

import logging
import random
import secrets

from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from judging import audit
from judging.extensions import db
from judging.models import Category, Draw, Entry, Sheet
from judging.realtime import broadcast

log = logging.getLogger(__name__)

DRAW_METHOD = "python-random-shuffle-v1"
SEED_MAX_LENGTH = 64


class OrderError(ValueError):
    """A change to the running order that cannot be made; the message says why."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def drawn_order(entry_ids: list[int], seed: str, method: str = DRAW_METHOD) -> list[int]:
    """The running order a seed gives to a set of entry ids (pure, replayable)."""
    if method != DRAW_METHOD:
        raise OrderError(_("Unknown drawing method “%(method)s”.", method=method))
    order = sorted(entry_ids)
    random.Random(seed).shuffle(order)
    return order


def new_seed() -> str:
    """A six-digit seed, short enough to read out in the hall."""
    return f"{secrets.randbelow(10**6):06d}"


def next_number(category: Category) -> int:
    """The running number a newly added entry of the category gets (last)."""
    current = db.session.scalar(select(func.max(Entry.number)).where(Entry.category_id == category.id))
    return (current or 0) + 1


def _lock(category: Category) -> None:
    """On PostgreSQL two organisers reordering one category take turns instead of clashing."""
    if db.engine.dialect.name == "postgresql":
        db.session.execute(select(Category.id).where(Category.id == category.id).with_for_update())


def _entries(category: Category) -> list[Entry]:
    _lock(category)
    return list(db.session.scalars(select(Entry).where(Entry.category_id == category.id).order_by(Entry.number, Entry.id)))


def _renumber(entries: list[Entry]) -> None:
    """Give the entries the numbers 1..n in list order without breaking unique (category, number).

    Every number first becomes a temporary negative one, flushed, so no update ever meets a number
    another entry still holds, whatever order the database applies the updates in.
    """
    for i, entry in enumerate(entries, start=1):
        entry.number = -i
    db.session.flush()
    for i, entry in enumerate(entries, start=1):
        entry.number = i
    db.session.flush()


def close_gaps(category: Category) -> None:
    """Renumber 1..n after an entry left the category (part of the caller's transaction)."""
    entries = _entries(category)
    if [e.number for e in entries] != list(range(1, len(entries) + 1)):
        _renumber(entries)


def category_has_sheets(category: Category) -> bool:
    """Whether judging of the category has begun (any sheet stored)."""
    return bool(db.session.scalar(select(exists().where(Sheet.category_id == category.id))))


def move_entry(entry: Entry, position: int) -> None:
    """Put an entry at a position (1 = first) of its category's running order; the rest shift."""
    category = entry.category
    entries = _entries(category)
    position = max(1, min(position, len(entries)))
    before = [e.id for e in entries]
    entries.remove(entry)
    entries.insert(position - 1, entry)
    after = [e.id for e in entries]
    if after == before:
        return
    _renumber(entries)
    audit.record("running_order.moved", f"category:{category.id}", edition_id=category.edition_id,
                 before={"order": before}, after={"order": after, "entry": entry.id, "position": position})
    db.session.commit()
    _announce(category)


def draw_lots(category: Category, seed: str, user_id: int | None) -> Draw:
    """Draw the category's running order from a seed, store the draw so anyone can replay it."""
    seed = (seed or "").strip()
    if not seed:
        raise OrderError(_("Type a seed or take the one offered."), "seed")
    if len(seed) > SEED_MAX_LENGTH:
        raise OrderError(_("A seed has at most %(n)s characters.", n=SEED_MAX_LENGTH), "seed")
    entries = _entries(category)
    if len(entries) < 2:
        raise OrderError(_("There is nothing to draw: the category has fewer than two entries."))
    previous = [e.id for e in entries]
    by_id = {e.id: e for e in entries}
    shuffled_from = sorted(by_id)
    order = drawn_order(shuffled_from, seed)
    _renumber([by_id[i] for i in order])
    draw = Draw(category_id=category.id, seed=seed, method=DRAW_METHOD, before=shuffled_from, after=order,
                user_id=user_id)
    db.session.add(draw)
    db.session.flush()
    audit.record("running_order.drawn", f"category:{category.id}", edition_id=category.edition_id,
                 before={"order": previous}, after={"order": order, "seed": seed, "method": DRAW_METHOD, "draw": draw.id},
                 user_id=user_id)
    db.session.commit()
    log.info("category %s: lots drawn with seed %r", category.id, seed)
    _announce(category)
    return draw


def verify_draw(draw: Draw) -> tuple[list[int], bool]:
    """Replay a stored draw from its seed: the order it gives and whether it matches the record."""
    replayed = drawn_order(list(draw.before), draw.seed, draw.method)
    return replayed, replayed == list(draw.after)


def draws_of(category: Category) -> list[Draw]:
    """The category's draws, the latest first."""
    return list(db.session.scalars(select(Draw).where(Draw.category_id == category.id).order_by(Draw.at.desc(), Draw.id.desc())))


def _announce(category: Category) -> None:
    """Tablets and hall screens show the running order: tell them it changed (after the commit)."""
    payload = {"category": category.id}
    broadcast.emit_to_judges(category.edition_id, "running_order_changed", payload)
    broadcast.emit_to_board(category.edition_id, category.id, "running_order_changed", payload)
