"""What a judge's tablet is told: its `state`, and the `sheet` pushes about its own sheets.

Only the judge's own marks are ever put in these payloads; the chair's console has its own
(judging.chair.matrix), sent only to the chair room.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from judging.extensions import db
from judging.models import Category, Comparison, Conflict, Edition, Entry, Judge, Measurement, Sheet
from judging.models.base import localized
from judging.scoring import sheets as forms


def _num(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def category_status(category: Category) -> dict:
    """A category's judging state, pushed when the chair finalises or an organiser opens it."""
    return {"category": category.id, "judging": category.judging}


def sheet_payload(sheet: Sheet, category: Category | None = None) -> dict:
    """One of the judge's own sheets, as the tablet shows it."""
    payload = {
        "kind": "sheet",
        "id": sheet.id,
        "category": sheet.category_id,
        "entry": sheet.entry_id,
        "dance": sheet.dance or "",
        "status": sheet.status,
        "locked": sheet.locked or (category is not None and category.judging == "finalised"),
    }
    if sheet.entry_id is not None:
        payload["marks"] = {m.criterion: _num(m.value) for m in sheet.marks}
    else:
        payload["placements"] = {str(p.entry_id): p.place for p in sheet.placements}
    return payload


def measurement_payload(row: Measurement, category: Category) -> dict:
    """One recorded attempt (the timekeeper's own sheet)."""
    return {
        "kind": "measurement", "id": row.id, "category": category.id, "entry": row.entry_id,
        "round": row.round, "attempt": row.attempt, "value": _num(row.value), "status": row.status,
        "locked": row.status != "unlocked" or category.judging == "finalised",
    }


def comparison_payload(row: Comparison) -> dict:
    return {"kind": "comparison", "id": row.id, "category": row.category_id, "winner": row.winner_id,
            "loser": row.loser_id, "status": "submitted", "locked": True}


def own_sheets(judge: Judge, categories: list[Category]) -> list[dict]:
    """Every sheet, attempt and comparison this judge submitted in these categories."""
    ids = [c.id for c in categories] or [-1]
    by_id = {c.id: c for c in categories}
    sheets = db.session.scalars(
        select(Sheet).options(selectinload(Sheet.marks), selectinload(Sheet.placements))
        .where(Sheet.judge_id == judge.id, Sheet.category_id.in_(ids)).order_by(Sheet.id)
    ).all()
    out = [sheet_payload(s, by_id.get(s.category_id)) for s in sheets]
    measured = db.session.execute(
        select(Measurement, Entry.category_id).join(Entry, Entry.id == Measurement.entry_id)
        .where(Measurement.judge_id == judge.id, Entry.category_id.in_(ids)).order_by(Measurement.id)
    ).all()
    out += [measurement_payload(m, by_id[cid]) for m, cid in measured]
    compared = db.session.scalars(
        select(Comparison).where(Comparison.judge_id == judge.id, Comparison.category_id.in_(ids)).order_by(Comparison.id)
    ).all()
    out += [comparison_payload(c) for c in compared]
    return out


def changed_own(judge: Judge, ack: dict) -> list[dict]:
    """The `sheet` pushes for the judge's other tablets after an accepted submission."""
    if "sheet" in ack:
        sheet = db.session.get(Sheet, ack["sheet"])
        return [sheet_payload(sheet, sheet and db.session.get(Category, sheet.category_id))] if sheet else []
    if "measurement" in ack:
        row = db.session.get(Measurement, ack["measurement"])
        return [measurement_payload(row, db.session.get(Category, ack["category"]))] if row else []
    if "comparison" in ack:
        row = db.session.get(Comparison, ack["comparison"])
        return [comparison_payload(row)] if row else []
    return []


def judge_locale(judge: Judge, edition_locale: str | None = None) -> str:
    """The judge's own language, else the edition's first (given, or read from the edition)."""
    if judge.language in ("kk", "ru", "en"):
        return judge.language
    return edition_locale or first_language(judge.edition)


def first_language(edition: Edition) -> str:
    return (edition.languages or ["kk"])[0]


def stage_payload(edition: Edition) -> dict:
    return {"category": edition.stage_category_id, "entry": edition.stage_entry_id}


def build_state(judge: Judge, locale: str | None = None) -> dict:
    """Everything a tablet needs to draw itself from scratch."""
    locale = locale or judge_locale(judge)
    edition = judge.edition
    categories = list(judge.categories)
    conflicts = {
        c.entry_id: c.reason for c in db.session.scalars(select(Conflict).where(Conflict.judge_id == judge.id))
    }
    return {
        "judge": {"id": judge.id, "name": judge.name, "role": judge.role, "language": locale,
                  "marks_for_panel": judge.marks_for_panel},
        "edition": {"id": edition.id, "title": localized(edition.title, locale), "slug": edition.slug},
        "categories": [
            {
                "id": c.id,
                "label": c.label(locale),
                "rule": c.rule,
                "judging": c.judging,
                "form": forms.scoring_form(c, locale),
                "entries": [
                    {
                        "id": e.id, "number": e.number, "name": e.name, "kind": e.kind,
                        "repertoire": e.repertoire, "institution": e.institution, "status": e.status,
                        "conflict": e.id in conflicts, "conflict_reason": conflicts.get(e.id),
                    }
                    for e in c.entries
                ],
            }
            for c in categories
        ],
        "sheets": own_sheets(judge, categories),
        "stage": stage_payload(edition),
    }
