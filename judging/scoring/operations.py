"""Every change of a score: validate, write in one transaction, audit-log, commit, then broadcast.

The Socket.IO handlers and the chair's console call these; nothing else writes marks.

Idempotent replays: a tablet sends every submission with a client id made on the tablet. Only
*accepted* submissions leave a receipt (a `Submission` row with a unique client id, written in the
same transaction as the marks), so a replayed client id answers exactly as the first time, with
"duplicate": true, and stores nothing. A refused submission leaves no receipt: replaying it is
checked afresh (a sheet refused while the category was closed is accepted once it opens), which
is what a tablet retrying its outbox needs, and nothing refused was ever stored.

The receipt is looked up only when a submission does not go through (refused, or its receipt
collides with an earlier one), not before every mark: a replay of an accepted submission always
ends there, since either its sheet is locked now or storing its receipt again fails and rolls
back everything it did.
"""

from __future__ import annotations

import functools
import logging
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import and_, bindparam, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from judging import audit
from judging.extensions import db
from judging.lookups import optional_row_id, row_id
from judging.models import (
    Category,
    Comparison,
    Conflict,
    Entry,
    Judge,
    Mark,
    Measurement,
    Placement,
    Sheet,
    Submission,
    panel_seat,
)
from judging.scoring import sheets as forms
from judging.scoring import state
from judging.scoring.errors import ScoringRefused, invalid

log = logging.getLogger(__name__)

MAX_CLIENT_ID = 64


# ---------------------------------------------------------------------------- submissions


def submit(judge: Judge, payload) -> dict:
    """Dispatch a tablet's `submit` message to the operation of its kind; returns the ack."""
    if not isinstance(payload, dict):
        return invalid(_("A submission must be an object.")).ack()
    client_id = payload.get("client_id")
    if not isinstance(client_id, str) or not client_id.strip() or len(client_id) > MAX_CLIENT_ID:
        return invalid(_("A submission needs a client id (up to %(n)s characters).", n=MAX_CLIENT_ID), "client_id").ack()
    judge_id = judge.id  # the commit expires every object: ids read now cost no query later
    try:
        if "marks" in payload:
            category, kind = _submit_marks(judge, payload)
        elif "placements" in payload:
            category, kind = _submit_placements(judge, payload)
        elif "winner" in payload or "loser" in payload:
            category, kind = _submit_comparison(judge, payload)
        elif "round" in payload or "attempt" in payload or "value" in payload:
            category, kind = _submit_measurement(judge, payload)
        else:
            raise invalid(_("The submission carries no marks, placements, measurement or comparison."))
        own = kind.pop("_own", None)
        ack = {"ok": True, "status": kind.pop("status"), "duplicate": False, **kind}
        _core(insert(Submission.__table__), {"client_id": client_id, "judge_id": judge_id, "receipt": ack})
        # The judge's other tablets hear of their own sheet only, never of anyone else's marks.
        # Built before the commit, while the sheet and its marks are in hand (after it they would
        # be read again); sent only after it.
        if own is None:
            own = state.changed_own(judge, ack)
        db.session.commit()
    except ScoringRefused as refused:
        db.session.rollback()
        done = _receipt(judge_id, client_id)  # a replay answers as the first time did
        return done if done is not None else refused.ack()
    except IntegrityError:
        # Another tablet of the same judge won the race: either this very client id (a replay
        # that crossed the first send) or the same sheet under another id.
        db.session.rollback()
        done = _receipt(judge_id, client_id)
        if done is not None:
            return done
        return ScoringRefused("locked", _("This sheet has already been submitted.")).ack()
    log.info("judge %s: %s accepted (%s)", judge_id, ack["status"], client_id)
    _after_change(category, judge_id, ack, own)
    return ack


def _receipt(judge_id: int, client_id: str) -> dict | None:
    found = db.session.scalar(select(Submission).where(Submission.client_id == client_id))
    if found is None:
        return None
    if found.judge_id != judge_id:
        return invalid(_("This client id was already used by another tablet."), "client_id").ack()
    return dict(found.receipt, duplicate=True)


def _core(statement, parameters=None):
    """A Core statement on the session's connection and transaction, without the ORM's bulk
    machinery: for the few inserts made on every mark."""
    return db.session.connection().execute(statement, parameters)


def _unknown_entry(raw_id) -> ScoringRefused:
    return ScoringRefused("unknown_entry", _("There is no entry “%(id)s”.", id=raw_id), "entry")


def _entry_id(raw_id) -> int:
    try:
        return row_id(raw_id)
    except ValueError:
        raise _unknown_entry(raw_id) from None


def _entry_for(judge: Judge, raw_id) -> Entry:
    # the entry with its category in one query: both are needed at once
    entry = db.session.get(Entry, _entry_id(raw_id), options=[joinedload(Entry.category)])
    if entry is None or entry.category.edition_id != judge.edition_id:
        raise _unknown_entry(raw_id)
    return entry


def _category_for(judge: Judge, raw_id) -> Category:
    category_id = optional_row_id(raw_id)
    category = db.session.get(Category, category_id) if category_id is not None else None
    if category is None or category.edition_id != judge.edition_id:
        raise invalid(_("There is no category “%(id)s” in this contest.", id=raw_id), "category")
    return category


def _open_for(judge: Judge, category: Category, kind: str) -> None:
    """The judge sits on the panel, marks, and the category takes this kind of input now."""
    # One seat looked up, rather than the whole panel loaded as objects on every mark.
    seated = db.session.scalar(
        select(panel_seat.c.judge_id).where(panel_seat.c.category_id == category.id, panel_seat.c.judge_id == judge.id)
    )
    _check_open(judge, category, kind, seated is not None)


def _check_open(judge: Judge, category: Category, kind: str, seated: bool) -> None:
    if not seated or not judge.marks_for_panel:
        raise ScoringRefused("not_assigned", _("You are not on the panel of this category."))
    if category.judging == "finalised":
        raise ScoringRefused("locked", _("The results of this category have been finalised."))
    if category.judging != "open":
        raise ScoringRefused("closed", _("This category is not open for judging."))
    if forms.input_kind(category) != kind:
        raise invalid(_("This category is not judged this way."))


def _check_entry(judge: Judge, entry: Entry) -> None:
    conflict = db.session.scalar(
        select(Conflict.reason).where(Conflict.judge_id == judge.id, Conflict.entry_id == entry.id)
    )
    _check_competing(entry, conflict)


def _check_competing(entry: Entry, conflict: str | None) -> None:
    """The entry competes, and the judge has no conflict of interest with it (its reason, if any)."""
    if not entry.competing:
        raise invalid(_("Entry №%(number)s does not compete (withdrawn or disqualified).", number=entry.number), "entry")
    if conflict is not None:
        raise ScoringRefused(
            "conflict_of_interest",
            _("You do not mark entry №%(number)s: %(reason)s", number=entry.number, reason=conflict),
        )


def _conflicts(judge: Judge, entries) -> dict[int, str]:
    """The judge's conflicts of interest among these entries: {entry id: reason}."""
    return dict(db.session.execute(
        select(Conflict.entry_id, Conflict.reason).where(Conflict.judge_id == judge.id, Conflict.entry_id.in_(list(entries)))
    ).all())


def _unlock_reason(target: str) -> str:
    from judging.models import AuditEntry

    last = db.session.scalar(
        select(AuditEntry).where(AuditEntry.target == target, AuditEntry.action.like("%.unlocked"))
        .order_by(AuditEntry.id.desc()).limit(1)
    )
    return last.reason if last is not None else ""


def _marks_context(judge: Judge, raw_id) -> tuple[Entry, Category, bool, str | None, Sheet | None]:
    """The entry, its category, whether the judge sits on its panel, the judge's conflict with it
    and the judge's sheet for it: what a mark is checked against, in one query.

    Every judge of a panel sends a sheet per performer, so this is the hottest read there is; as
    five lookups it was half the time a mark took.
    """
    row = db.session.execute(_marks_context_query(), {"judge": judge.id, "entry": _entry_id(raw_id)}).first()
    if row is None or row[1].edition_id != judge.edition_id:
        raise _unknown_entry(raw_id)
    entry, category, seat, reason, sheet = row
    return entry, category, seat is not None, reason, sheet


@functools.cache
def _marks_context_query():
    """Built once: constructing this select took as long as running it."""
    judge, entry = bindparam("judge"), bindparam("entry")
    seated = (select(panel_seat.c.judge_id)
              .where(panel_seat.c.category_id == Entry.category_id, panel_seat.c.judge_id == judge)
              .scalar_subquery())
    conflict = select(Conflict.reason).where(Conflict.judge_id == judge, Conflict.entry_id == Entry.id).scalar_subquery()
    return (
        select(Entry, Category, seated, conflict, Sheet)
        .join(Category, Category.id == Entry.category_id)
        .outerjoin(Sheet, and_(Sheet.judge_id == judge, Sheet.entry_id == Entry.id))
        .where(Entry.id == entry)
    )


def _submit_marks(judge: Judge, payload: dict) -> tuple[Category, dict]:
    entry, category, seated, conflict, sheet = _marks_context(judge, payload.get("entry"))
    _check_open(judge, category, "marks", seated)
    _check_competing(entry, conflict)
    if sheet is not None and sheet.locked:
        raise ScoringRefused("locked", _("You have already submitted your marks for entry №%(number)s.", number=entry.number))
    values = forms.check_marks(category, payload.get("marks"))
    if sheet is None:
        # The common case, once per judge and performer: two Core statements on the session's
        # connection (the sheet, then its marks in one executemany) instead of a unit-of-work
        # flush of four objects, and the tablet's `sheet` push built from the values in hand
        # instead of read back.
        sheet_id = _core(
            insert(Sheet.__table__),
            {"judge_id": judge.id, "category_id": category.id, "entry_id": entry.id, "status": "submitted"},
        ).inserted_primary_key[0]
        _core(insert(Mark.__table__), [{"sheet_id": sheet_id, "criterion": k, "value": v} for k, v in values.items()])
        own = [{
            "kind": "sheet", "id": sheet_id, "category": category.id, "entry": entry.id, "dance": "",
            "status": "submitted", "locked": True, "marks": {k: _number(v) for k, v in values.items()},
        }]
        return category, {"status": "submitted", "sheet": sheet_id, "entry": entry.id, "category": category.id,
                          "_own": own}
    else:
        before = {m.criterion: _text(m.value) for m in sheet.marks}
        by_key = {m.criterion: m for m in sheet.marks}
        for key, value in values.items():
            if key in by_key:
                by_key[key].value = value
            else:
                sheet.marks.append(Mark(criterion=key, value=value))
        sheet.status = status = "corrected"
        audit.record(
            "sheet.corrected", f"sheet:{sheet.id}", edition_id=judge.edition_id, judge_id=judge.id,
            before={"marks": before}, after={"marks": {k: _text(v) for k, v in values.items()}},
            reason=_unlock_reason(f"sheet:{sheet.id}"),
        )
    db.session.flush()
    return category, {"status": status, "sheet": sheet.id, "entry": entry.id, "category": category.id}


def _submit_placements(judge: Judge, payload: dict) -> tuple[Category, dict]:
    category = _category_for(judge, payload.get("category"))
    _open_for(judge, category, "placements")
    dance = payload.get("dance") or ""
    if not isinstance(dance, str) or (dance and dance not in forms.dances(category)):
        raise invalid(_("There is no dance “%(dance)s” in this final.", dance=dance), "dance")
    if not dance and forms.dances(category) != [""]:
        raise invalid(_("Say which dance these placements are for."), "dance")
    competing = {e.id: e for e in category.entries if e.competing}
    conflicts = _conflicts(judge, competing)
    if conflicts and category.rule == "skating":
        # Every judge places every finalist, so a judge who must not place one cannot place the
        # final at all: whether they leave the panel is the chair's call.
        entry_id, reason = min(conflicts.items(), key=lambda item: competing[item[0]].number)
        raise ScoringRefused("conflict_of_interest", _(
            "You cannot place this final: you have a conflict of interest with entry №%(number)s (%(reason)s). "
            "The chair decides who places it.", number=competing[entry_id].number, reason=reason), "placements")
    places = forms.check_placements(category, payload.get("placements"), set(competing))
    placed = sorted(set(places) & set(conflicts), key=lambda e: competing[e].number)
    if placed:  # ranked points: the judge ranks the others and leaves this one out
        raise ScoringRefused("conflict_of_interest", _(
            "You do not place entry №%(number)s: %(reason)s", number=competing[placed[0]].number,
            reason=conflicts[placed[0]]), "placements")
    sheet = db.session.scalar(
        select(Sheet).where(Sheet.judge_id == judge.id, Sheet.category_id == category.id,
                            Sheet.entry_id.is_(None), Sheet.dance == dance)
    )
    if sheet is not None and sheet.locked:
        raise ScoringRefused("locked", _("You have already submitted your placements."))
    if sheet is None:
        sheet = Sheet(judge_id=judge.id, category_id=category.id, entry_id=None, dance=dance, status="submitted")
        sheet.placements = [Placement(entry_id=e, place=p) for e, p in places.items()]
        db.session.add(sheet)
        status = "submitted"
    else:
        before = {str(p.entry_id): p.place for p in sheet.placements}
        sheet.placements.clear()
        db.session.flush()  # the old (sheet, entry) rows go before the new ones take their keys
        sheet.placements = [Placement(entry_id=e, place=p) for e, p in places.items()]
        sheet.status = status = "corrected"
        audit.record(
            "sheet.corrected", f"sheet:{sheet.id}", edition_id=judge.edition_id, judge_id=judge.id,
            before={"placements": before}, after={"placements": {str(e): p for e, p in places.items()}},
            reason=_unlock_reason(f"sheet:{sheet.id}"),
        )
    db.session.flush()
    return category, {"status": status, "sheet": sheet.id, "category": category.id, "dance": dance}


def _submit_measurement(judge: Judge, payload: dict) -> tuple[Category, dict]:
    entry = _entry_for(judge, payload.get("entry"))
    category = entry.category
    _open_for(judge, category, "measurements")
    _check_entry(judge, entry)
    round_no, attempt_no, value = forms.check_measurement(payload.get("round"), payload.get("attempt"), payload.get("value"))
    row = db.session.scalar(
        select(Measurement).where(Measurement.entry_id == entry.id, Measurement.round == round_no,
                                  Measurement.attempt == attempt_no)
    )
    if row is not None and row.status != "unlocked":
        raise ScoringRefused(
            "locked", _("Round %(round)s, attempt %(attempt)s of entry №%(number)s is already recorded.",
                        round=round_no, attempt=attempt_no, number=entry.number),
        )
    if row is None:
        row = Measurement(entry_id=entry.id, round=round_no, attempt=attempt_no, value=value, judge_id=judge.id)
        db.session.add(row)
        status = "submitted"
    else:
        before = {"value": _text(row.value), "judge": row.judge_id}
        row.value, row.judge_id, row.status = value, judge.id, "corrected"
        status = "corrected"
        audit.record(
            "measurement.corrected", f"measurement:{row.id}", edition_id=judge.edition_id, judge_id=judge.id,
            before=before, after={"value": _text(value)}, reason=_unlock_reason(f"measurement:{row.id}"),
        )
    db.session.flush()
    return category, {"status": status, "measurement": row.id, "entry": entry.id, "category": category.id,
                      "round": round_no, "attempt": attempt_no}


def _submit_comparison(judge: Judge, payload: dict) -> tuple[Category, dict]:
    category = _category_for(judge, payload.get("category"))
    _open_for(judge, category, "comparisons")
    winner = _entry_for(judge, payload.get("winner"))
    loser = _entry_for(judge, payload.get("loser"))
    for entry in (winner, loser):
        if entry.category_id != category.id:
            raise ScoringRefused("unknown_entry", _("Entry №%(number)s is not in this category.", number=entry.number), "entry")
    if winner.id == loser.id:
        raise invalid(_("An exhibit cannot be compared with itself."), "loser")
    _check_entry(judge, winner)
    _check_entry(judge, loser)
    # A judge answers each pair once (the rule would count a second answer as more evidence).
    already = ScoringRefused("locked", _("You have already compared №%(a)s and №%(b)s.",
                                         a=min(winner.number, loser.number), b=max(winner.number, loser.number)))
    if _compared(judge, category, winner, loser):
        raise already
    row = Comparison(category_id=category.id, judge_id=judge.id, winner_id=winner.id, loser_id=loser.id)
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:
        # the pair's unique index: another tablet of this judge stored it since the check above
        raise already from None
    return category, {"status": "submitted", "comparison": row.id, "category": category.id}


def _compared(judge: Judge, category: Category, winner: Entry, loser: Entry) -> bool:
    """The judge has a verdict on this pair in this category already, whichever exhibit won."""
    pair = (winner.id, loser.id), (loser.id, winner.id)
    return db.session.scalar(select(Comparison.id).where(
        Comparison.category_id == category.id, Comparison.judge_id == judge.id,
        or_(*(and_(Comparison.winner_id == a, Comparison.loser_id == b) for a, b in pair)),
    ).limit(1)) is not None


def _number(value: Decimal) -> int | float:
    """A mark as the tablet's JSON shows it (as `state.sheet_payload` does)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


# ---------------------------------------------------------------------------- after a change


def _changed_entries(ack: dict) -> set[int] | None:
    if "entry" in ack:
        return {ack["entry"]}
    return None  # a placement sheet or a comparison touches several rows: send them all


def _after_change(category: Category, judge_id: int, ack: dict, own: list[dict]) -> None:
    from judging import refresh  # late: refresh builds on the console and the boards, which build on models
    from judging.realtime import broadcast

    refresh.results_changed(category, _changed_entries(ack))
    for payload in own:
        broadcast.emit_to_judge(judge_id, "sheet", payload)
