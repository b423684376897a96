"""The chair's matrix: entries × judges (or rounds), every mark, its status, and outliers.

The console draws it once from `category_matrix` and then replaces the rows named in each
`matrix` push, so a mark reaches the chair without redrawing the whole table. Both say whether
the standings are `provisional` (until the category is finalised), so the console's note follows
finalise and reopen, and each standing row how many of its panel's sheets it rests on.
"""

from __future__ import annotations

from decimal import Decimal
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from judging import lifecycle, results, rule_wording
from judging.extensions import db
from judging.models import Abstention, Category, Conflict, Entry, Measurement, Sheet
from judging.scoring import sheets as forms


def _fmt(value: Decimal | None) -> str | None:
    """A mark or total as short exact text: 9.5, 8.33, 10."""
    if value is None:
        return None
    rounded = value.quantize(Decimal("0.01")) if value.as_tuple().exponent < -2 else value
    return format(rounded.normalize(), "f")


def columns(category: Category) -> list[dict]:
    """The matrix's columns: judges, judge × dance, or round × attempt."""
    kind = forms.input_kind(category)
    judges = results.scoring_judges(category)
    if kind in ("marks", "comparisons"):
        return [{"key": str(j.id), "label": j.name, "judge": j.id} for j in judges]
    if kind == "placements":
        dances = forms.dances(category)
        return [
            {"key": f"{j.id}:{d}", "label": f"{j.name} · {d}" if d else j.name,
             "judge": j.id, "dance": d}
            for j in judges for d in dances
        ]
    rounds = {(m.round, m.attempt) for m in _measurements(category)}
    drawn_rounds, drawn_attempts = forms.measurement_grid(category)  # what the timekeepers' tablets draw
    rounds |= {(r, a) for r in range(1, drawn_rounds + 1) for a in range(1, drawn_attempts + 1)}
    return [{"key": f"{r}.{a}", "label": f"{r}.{a}", "round": r, "attempt": a} for r, a in sorted(rounds)]


def _measurements(category: Category) -> list[Measurement]:
    return db.session.scalars(
        select(Measurement).join(Entry, Entry.id == Measurement.entry_id).where(Entry.category_id == category.id)
    ).all()


def rows(category: Category, entry_ids: set[int] | None = None) -> list[dict]:
    """The matrix rows (all, or only the given entries) with every cell filled."""
    kind = forms.input_kind(category)
    entries = [e for e in category.entries if entry_ids is None or e.id in entry_ids]
    judges = results.scoring_judges(category)
    # Only the sheets the rows show, with only the kind of content they hold: this runs after every
    # burst of marks while the console is open, for the one or two performers just marked, and
    # loading every sheet of the category with its marks cost the most of a recomputation.
    query = select(Sheet).where(Sheet.category_id == category.id)
    if kind == "marks":
        query = query.options(selectinload(Sheet.marks))
        if entry_ids is not None:
            query = query.where(Sheet.entry_id.in_(entry_ids or {-1}))
    elif kind == "placements":
        query = query.options(selectinload(Sheet.placements))
    sheets = db.session.scalars(query).all() if kind in ("marks", "placements") else []
    conflicts = {
        (c.judge_id, c.entry_id): c.reason
        for c in db.session.scalars(select(Conflict).where(Conflict.entry_id.in_([e.id for e in entries] or [-1])))
    }
    # An abstention the chair recorded for a missing sheet reads as one, like a conflict (which wins).
    for a in db.session.scalars(select(Abstention).where(Abstention.category_id == category.id)):
        targets = [a.entry_id] if a.entry_id is not None else [e.id for e in entries]
        for entry_id in targets:
            conflicts.setdefault((a.judge_id, entry_id), a.reason)
    comparisons = (results.counted_comparisons(category, [e.id for e in category.entries])
                   if kind == "comparisons" else [])
    out = []
    for entry in entries:
        row = {"entry": entry.id, "number": entry.number, "name": entry.name, "status": entry.status, "cells": {}}
        if kind == "marks":
            by_judge = {s.judge_id: s for s in sheets if s.entry_id == entry.id}
            totals = {}
            for judge in judges:
                sheet = by_judge.get(judge.id)
                if (judge.id, entry.id) in conflicts:  # wins over a sheet given before it was known
                    cell = {"status": "abstained", "reason": conflicts[(judge.id, entry.id)]}
                elif sheet is not None:
                    values = {m.criterion: m.value for m in sheet.marks}
                    total = forms.judge_total(category, values)
                    totals[judge.id] = total
                    cell = {"status": sheet.status, "sheet": sheet.id, "total": _fmt(total),
                            "marks": {k: _fmt(values[k]) for k in _criterion_order(category, values)}}
                else:
                    cell = {"status": "waiting"}
                row["cells"][str(judge.id)] = cell
            present = [t for t in totals.values() if t is not None]
            if len(present) >= 3:
                mid = median(present)
                limit = Decimal(str(category.outlier_threshold or 0))
                for judge_id, total in totals.items():
                    if total is not None and limit > 0 and abs(total - mid) > limit:
                        row["cells"][str(judge_id)]["outlier"] = True
                row["median"] = _fmt(mid)
        elif kind == "placements":
            for judge in judges:
                for dance in forms.dances(category):
                    sheet = next((s for s in sheets if s.judge_id == judge.id and s.entry_id is None and s.dance == dance), None)
                    if (judge.id, entry.id) in conflicts:  # the results leave these placements out
                        cell = {"status": "abstained", "reason": conflicts[(judge.id, entry.id)]}
                    elif sheet is None:
                        cell = {"status": "waiting"}
                    else:
                        place = next((p.place for p in sheet.placements if p.entry_id == entry.id), None)
                        cell = {"status": sheet.status, "sheet": sheet.id, "value": place}
                    row["cells"][f"{judge.id}:{dance}"] = cell
        elif kind == "measurements":
            for m in _measurements(category):
                if m.entry_id == entry.id:
                    row["cells"][f"{m.round}.{m.attempt}"] = {
                        "status": m.status, "measurement": m.id, "value": _fmt(m.value) if m.value is not None else "—"}
        else:
            for judge in judges:
                if (judge.id, entry.id) in conflicts:
                    row["cells"][str(judge.id)] = {"status": "abstained", "reason": conflicts[(judge.id, entry.id)]}
                    continue
                wins = sum(1 for c in comparisons if c.judge_id == judge.id and c.winner_id == entry.id)
                losses = sum(1 for c in comparisons if c.judge_id == judge.id and c.loser_id == entry.id)
                row["cells"][str(judge.id)] = {"status": "submitted" if wins or losses else "waiting",
                                               "value": f"{wins}–{losses}"}
        out.append(row)
    return out


def standings_rows(category: Category) -> dict:
    """The stored standings by entry id, as the chair sees them (whatever the public visibility)."""
    result = results.standings(category)
    if result is None:
        return {"version": 0, "rows": {}, "error": None, "warnings": []}
    error = result.error
    if error:
        # A push reaches chairs reading in different languages: the refusal goes worded in each.
        error = {**error, "texts": rule_wording.stored_error_texts(error, category)}
    return {
        "version": result.version,
        "error": error,
        "warnings": result.warnings or [],
        "rows": {
            str(s.entry_id): {"place": s.place, "place_to": s.place_to, "score": _fmt(s.score), "award": s.award,
                              "sheets": s.sheets, "panel": s.panel}
            for s in result.standings
        },
    }


def category_matrix(category: Category) -> dict:
    """The whole matrix of a category, for drawing the console."""
    return {
        "category": category.id,
        "kind": forms.input_kind(category),
        "judging": category.judging,
        "provisional": lifecycle.provisional(category),
        "casting_votes": category.casting_votes or [],
        "columns": columns(category),
        "rows": rows(category),
        "standings": standings_rows(category),
    }


def category_payload(category: Category, entry_ids: set[int] | None = None) -> dict:
    """A `matrix` push: the changed rows (all when entry_ids is None) and fresh standings."""
    payload = {
        "category": category.id,
        "judging": category.judging,
        "provisional": lifecycle.provisional(category),
        "rows": rows(category, entry_ids),
        "standings": standings_rows(category),
    }
    if entry_ids is None or forms.input_kind(category) == "measurements":
        payload["columns"] = columns(category)
    return payload


def _criterion_order(category: Category, values: dict) -> list[str]:
    """The sheet's criteria in the category's own order (as the tablet shows them), then any others."""
    declared = [c.get("key") for c in (category.params or {}).get("criteria", []) if isinstance(c, dict)]
    return [k for k in declared if k in values] + sorted(k for k in values if k not in declared)
