"""Marks for the demo: the first category of each edition is half-way through, so screens have something to show."""

from __future__ import annotations

import random
from decimal import Decimal

from judging.extensions import db
from judging.models import Category, Mark, Sheet


def _snap(value: float, low: float, high: float, step: float | None) -> Decimal:
    value = min(max(value, low), high)
    if step:
        value = low + round((value - low) / step) * step
    return Decimal(str(round(value, 2))).normalize()


def _items(category: Category) -> list[dict]:
    params = category.params or {}
    if category.rule == "criteria_panel":
        return params.get("criteria", [])
    if category.rule == "marking_scheme":
        # judgement aspects are marked 0..3 by every judge; measurements are points out of max
        return [
            {"key": a["key"], "min": 0, "max": 3 if a["type"] == "judgement" else a["max"], "step": 1 if a["type"] == "judgement" else 0.5}
            for a in params.get("aspects", [])
        ]
    return []


def mark_first_half(rng: random.Random, category: Category, judges: list, conflicts: set[tuple[int, int]]) -> None:
    """Sheets for the first performers of a criteria or marking-scheme category, as if they had performed."""
    items = _items(category)
    if not items:
        return
    performed = category.entries[: max(1, len(category.entries) // 2)]
    for entry in performed:
        entry.status = "performed"
        quality = rng.uniform(0.55, 0.98)
        for judge in judges:
            if (judge.id, entry.id) in conflicts:
                continue
            sheet = Sheet(judge_id=judge.id, category_id=category.id, entry_id=entry.id, status="submitted")
            for item in items:
                low, high = float(item.get("min", 0)), float(item["max"])
                value = low + (high - low) * (quality + rng.uniform(-0.08, 0.08))
                sheet.marks.append(Mark(criterion=item["key"], value=_snap(value, low, high, item.get("step"))))
            db.session.add(sheet)
