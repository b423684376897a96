"""What the chair (or an organiser) decides: unlocks, abstentions, casting votes, the judging state,
finalising and reopening. Each validates, writes, audit-logs, commits, then calls the one path
that recomputes and pushes (`judging.refresh.results_changed`)."""

from __future__ import annotations

import logging
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from judging import audit, lifecycle, refresh
from judging.extensions import db
from judging.models import Abstention, Category, Entry, Judge, Measurement, Sheet, User
from judging.realtime import broadcast
from judging.scoring import state
from judging.scoring.errors import CODES, ScoringRefused, invalid

log = logging.getLogger(__name__)


def _actor(user: User | None, judge: Judge | None) -> dict:
    return {"user_id": user.id if user is not None else None, "judge_id": judge.id if judge is not None else None}


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _reason(reason: str | None, message: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise invalid(message, "reason")
    return reason


def _refuse_if_final(category: Category) -> None:
    if not lifecycle.provisional(category):
        raise ScoringRefused("locked", _("The results of this category have been finalised."))


def _refused(exc: lifecycle.LifecycleRefused) -> ScoringRefused:
    return ScoringRefused(exc.code if exc.code in CODES else "invalid", exc.message, exc.field)


# ---------------------------------------------------------------------------- corrections


def unlock_sheet(sheet: Sheet, reason: str, *, user: User | None = None, judge: Judge | None = None) -> Sheet:
    """Open a judge's submitted sheet for one correction; the reason goes in the audit log."""
    reason = _reason(reason, _("Say why the sheet is unlocked: the reason goes in the audit log."))
    category = db.session.get(Category, sheet.category_id)
    _refuse_if_final(category)
    if sheet.status == "unlocked":
        raise invalid(_("This sheet is already unlocked."))
    before = sheet.status
    sheet.status = "unlocked"
    audit.record("sheet.unlocked", f"sheet:{sheet.id}", edition_id=category.edition_id,
                 before={"status": before, **_sheet_content(sheet)}, after={"status": "unlocked"},
                 reason=reason, **_actor(user, judge))
    db.session.commit()
    log.info("sheet %s unlocked: %s", sheet.id, reason)
    refresh.results_changed(category, {sheet.entry_id} if sheet.entry_id is not None else None)
    broadcast.emit_to_judge(sheet.judge_id, "sheet", state.sheet_payload(sheet, category))
    return sheet


def unlock_measurement(row: Measurement, reason: str, *, user: User | None = None, judge: Judge | None = None) -> Measurement:
    """Open a recorded attempt for one correction by the timekeeper."""
    reason = _reason(reason, _("Say why the sheet is unlocked: the reason goes in the audit log."))
    entry = db.session.get(Entry, row.entry_id)
    category = entry.category
    _refuse_if_final(category)
    before = row.status
    row.status = "unlocked"
    audit.record("measurement.unlocked", f"measurement:{row.id}", edition_id=category.edition_id,
                 before={"status": before, "value": _text(row.value)}, after={"status": "unlocked"},
                 reason=reason, **_actor(user, judge))
    db.session.commit()
    refresh.results_changed(category, {entry.id})
    if row.judge_id:
        broadcast.emit_to_judge(row.judge_id, "sheet", state.measurement_payload(row, category))
    return row


def _sheet_content(sheet: Sheet) -> dict:
    if sheet.entry_id is not None:
        return {"marks": {m.criterion: _text(m.value) for m in sheet.marks}}
    return {"placements": {str(p.entry_id): p.place for p in sheet.placements}}


# ---------------------------------------------------------------------------- missing sheets


def record_abstention(category: Category, judge_on_panel: Judge, entry: Entry | None, reason: str, *,
                      user: User | None = None, judge: Judge | None = None) -> Abstention:
    """Resolve a missing sheet without marks: the judge abstains on the entry (or, for placements,
    from the whole category), for a reason that goes in the audit log and the protocol."""
    reason = _reason(reason, _("Say why the judge abstains: the reason goes in the audit log and the protocol."))
    _refuse_if_final(category)
    if judge_on_panel not in category.judges:
        raise invalid(_("This judge is not on the panel of this category."), "judge")
    if entry is not None and entry.category_id != category.id:
        raise invalid(_("This entry is not in the chosen category."), "entry")
    entry_id = entry.id if entry is not None else None
    done = db.session.scalar(select(Abstention).where(
        Abstention.judge_id == judge_on_panel.id, Abstention.category_id == category.id,
        Abstention.entry_id.is_(None) if entry_id is None else Abstention.entry_id == entry_id,
    ))
    if done is not None:
        raise invalid(_("This abstention is already recorded."))
    abstention = Abstention(judge_id=judge_on_panel.id, category_id=category.id, entry_id=entry_id, reason=reason[:300])
    db.session.add(abstention)
    db.session.flush()
    audit.record("abstention.recorded", f"category:{category.id}", edition_id=category.edition_id,
                 after={"judge": judge_on_panel.id, "entry": entry_id}, reason=reason, **_actor(user, judge))
    db.session.commit()
    refresh.results_changed(category, {entry_id} if entry_id is not None else None, now=True)
    return abstention


def lift_abstention(abstention: Abstention, *, user: User | None = None, judge: Judge | None = None) -> None:
    """Take back a recorded abstention: the sheet is owed again."""
    category = db.session.get(Category, abstention.category_id)
    _refuse_if_final(category)
    entry_id = abstention.entry_id
    audit.record("abstention.lifted", f"category:{category.id}", edition_id=category.edition_id,
                 before={"judge": abstention.judge_id, "entry": entry_id, "reason": abstention.reason}, **_actor(user, judge))
    db.session.delete(abstention)
    db.session.commit()
    refresh.results_changed(category, {entry_id} if entry_id is not None else None, now=True)


# ---------------------------------------------------------------------------- the judging state


def finalise_category(category: Category, *, user: User | None = None, judge: Judge | None = None) -> Category:
    """Confirm a category's results: every sheet marked or resolved; no more marks or corrections."""
    try:
        lifecycle.check_finalise(category)
    except lifecycle.LifecycleRefused as exc:
        raise _refused(exc) from None
    unlocked = db.session.scalars(select(Sheet).where(Sheet.category_id == category.id, Sheet.status == "unlocked")).all()
    before = category.judging
    category.judging = "finalised"
    for sheet in unlocked:
        # An unlocked sheet nobody corrected goes back to what it was: submitted.
        sheet.status = "submitted"
    audit.record("category.finalised", f"category:{category.id}", edition_id=category.edition_id,
                 before={"judging": before}, after={"judging": "finalised", "relocked_sheets": [s.id for s in unlocked]},
                 **_actor(user, judge))
    db.session.commit()
    log.info("category %s finalised", category.id)
    refresh.results_changed(category, judging=True)
    return category


def reopen_category(category: Category, reason: str, *, user: User | None = None, judge: Judge | None = None) -> Category:
    """Reopen finalised results for judging, with a reason; published ones go back to «live»,
    provisional again on every screen, page and document at once."""
    try:
        reason = lifecycle.check_reopen(category, reason)
    except lifecycle.LifecycleRefused as exc:
        raise _refused(exc) from None
    before = {"judging": category.judging, "visibility": category.visibility}
    category.judging = "open"
    if category.visibility == "published":
        category.visibility = "live"
    audit.record("category.reopened", f"category:{category.id}", edition_id=category.edition_id,
                 before=before, after={"judging": "open", "visibility": category.visibility},
                 reason=reason, **_actor(user, judge))
    db.session.commit()
    log.info("category %s reopened: %s", category.id, reason)
    refresh.results_changed(category, judging=True)
    return category


def set_judging(category: Category, state_name: str, *, user: User | None = None, judge: Judge | None = None) -> Category:
    """Open or close a category for judging (finalised results are reopened with a reason)."""
    if state_name not in ("open", "closed"):
        raise invalid(_("Unknown judging state."))
    if category.judging == "finalised":
        raise ScoringRefused("locked", _("The results of this category have been finalised: reopen them with a reason."))
    before = category.judging
    if before == state_name:
        return category
    category.judging = state_name
    audit.record("category.judging", f"category:{category.id}", edition_id=category.edition_id,
                 before={"judging": before}, after={"judging": state_name}, **_actor(user, judge))
    db.session.commit()
    refresh.results_changed(category, judging=True)
    return category


def set_casting_vote(category: Category, order: list, *, user: User | None = None, judge: Judge | None = None) -> Category:
    """Record the chair's order for a tied group (best first); the rule applies it to that tie."""
    ids = {e.id for e in category.entries}
    try:
        order = [int(x) for x in order]
    except (TypeError, ValueError):
        raise invalid(_("A casting vote lists entries, best first."), "order") from None
    if len(order) < 2 or len(set(order)) != len(order) or not set(order) <= ids:
        raise invalid(_("A casting vote lists two or more different entries of this category, best first."), "order")
    _refuse_if_final(category)
    before = list(category.casting_votes or [])
    # A new vote on the same group replaces the old one; votes on other ties stay.
    votes = [v for v in before if set(v.get("order", [])) != set(order)]
    votes.append({"order": order})
    category.casting_votes = votes
    audit.record("category.casting_vote", f"category:{category.id}", edition_id=category.edition_id,
                 before={"casting_votes": before}, after={"casting_votes": votes}, **_actor(user, judge))
    db.session.commit()
    refresh.results_changed(category, now=True)
    return category
