"""Who is on stage: the organisers call the next performer; tablets, the console and screens follow."""

from __future__ import annotations

import logging

from flask_babel import gettext as _

from judging import audit
from judging.board.push import push_stage
from judging.extensions import db
from judging.models import Category, Edition, Entry, User
from judging.realtime import broadcast
from judging.scoring.errors import invalid

log = logging.getLogger(__name__)


def move_stage(edition: Edition, category: Category | None, entry: Entry | None, *, user: User | None = None) -> Edition:
    """Put an entry on stage (or clear it); the one leaving the stage is marked as performed."""
    if entry is not None and (category is None or entry.category_id != category.id):
        raise invalid(_("This entry is not in the chosen category."))
    if category is not None and category.edition_id != edition.id:
        raise invalid(_("This category is not in this contest."))
    leaving = db.session.get(Entry, edition.stage_entry_id) if edition.stage_entry_id else None
    if leaving is not None and leaving is not entry and leaving.status == "registered":
        leaving.status = "performed"
    before = {"category": edition.stage_category_id, "entry": edition.stage_entry_id}
    edition.stage_category_id = category.id if category is not None else None
    edition.stage_entry_id = entry.id if entry is not None else None
    audit.record("stage.moved", f"edition:{edition.id}", edition_id=edition.id, before=before,
                 after={"category": edition.stage_category_id, "entry": edition.stage_entry_id},
                 user_id=user.id if user is not None else None)
    db.session.commit()
    log.info("edition %s: stage %s -> %s", edition.id, before, edition.stage_entry_id)
    broadcast_stage(edition, before["category"])
    return edition


def next_on_stage(edition: Edition, category: Category) -> Entry | None:
    """The next competing entry in running order after the one on stage (or the first)."""
    entries = [e for e in category.entries if e.competing]
    current = edition.stage_entry_id if edition.stage_category_id == category.id else None
    if current is None:
        return next((e for e in entries if e.status == "registered"), entries[0] if entries else None)
    numbers = {e.id: e.number for e in category.entries}
    after = numbers.get(current, 0)
    return next((e for e in entries if e.number > after), None)


def broadcast_stage(edition: Edition, left_category_id: int | None = None) -> None:
    """Tablets, the console and the hall screens follow the stage."""
    payload = {"category": edition.stage_category_id, "entry": edition.stage_entry_id}
    # The chair's tablets and the console sit in the judges' room too: sent there once, not twice.
    broadcast.emit_to_judges(edition.id, "stage", payload)
    push_stage(edition, left_category_id)  # the screens' payload: display name, labels, institution
