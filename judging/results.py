"""The one path to results: a category's rows -> a scoring_rules case -> stored standings.

The hall screen, the chair's console, the protocol and the exports all read what `recompute`
stored, so they can never disagree with each other or with `python -m scoring_rules`. This module
computes and stores; it pushes nothing: `judging.refresh.results_changed` calls it after an
operation's commit and tells the screens, the console and the tablets.
"""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from operator import itemgetter

from sqlalchemy import String, delete, insert, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

import scoring_rules
from judging import grand_prix, lifecycle
from judging.extensions import db
from judging.models import (
    Abstention,
    Category,
    CategoryResult,
    Comparison,
    Conflict,
    Entry,
    Judge,
    Mark,
    Measurement,
    Sheet,
    Standing,
    panel_seat,
)
from judging.models.base import utcnow

log = logging.getLogger(__name__)


def scoring_judges(category: Category) -> list:
    """The panel judges who mark (the secretary keeps the protocol but does not)."""
    return [j for j in category.judges if j.marks_for_panel]


def ranked_entries(category: Category) -> list[Entry]:
    """Entries that compete for places, in running order (withdrawn and disqualified do not)."""
    return [e for e in category.entries if e.competing]


def _number(value: Decimal):
    """JSON number for the case: ints stay ints, the rest as exact decimal text turned float.

    The rules convert with Decimal(str(x)), so a float of a short decimal like 9.5 or 41.37
    reaches them exactly.
    """
    return int(value) if value == value.to_integral_value() else float(value)


def _marks(category: Category, judge_ids: set[int], entry_ids: set[int]) -> list[dict]:
    """Every counted mark, sheet by sheet (in the order they were first submitted), criteria sorted.

    One query of plain rows on the session's connection, and one pass over them: this runs after
    every burst of marks, over every mark of the category (1,500 for 50 performers and 10
    judges), so each row costs as little Python as it can.
    """
    # The value as its stored text: marks repeat (0..10 by halves), so each distinct text is turned
    # into a number once, not once per row.
    # As plain tuples: unpacking SQLAlchemy's Row objects one by one took ten times as long.
    rows = list(map(tuple, db.session.connection().execute(
        select(Sheet.id, Sheet.judge_id, Sheet.entry_id, Mark.criterion, type_coerce(Mark.value, String))
        .join(Mark, Mark.sheet_id == Sheet.id)
        .where(Sheet.category_id == category.id)
    ).all()))
    rows.sort(key=itemgetter(0, 3))  # Python's order of criteria, whatever the database collation
    judges = {j: str(j) for j in judge_ids}
    entries = {e: str(e) for e in entry_ids}
    numbers = {text: _number(Decimal(text)) for text in {row[4] for row in rows}}
    return [
        {"judge": judges[judge_id], "entry": entries[entry_id], "criterion": criterion, "value": numbers[text]}
        for _sheet, judge_id, entry_id, criterion, text in rows if judge_id in judges and entry_id in entries
    ]


def conflicted_pairs(entry_ids) -> set[tuple[int, int]]:
    """(judge id, entry id) of every conflict of interest with these entries.

    A conflict recorded after the judge had judged the entry wins: what they gave it stays
    stored (and counts again if the conflict is lifted), but does not count meanwhile.
    """
    return set(db.session.execute(
        select(Conflict.judge_id, Conflict.entry_id).where(Conflict.entry_id.in_(list(entry_ids) or [-1]))
    ).all())


def counted_comparisons(category: Category, entry_ids) -> list[Comparison]:
    """The category's comparisons in the order made, without those a judge made of one of these
    entries they have a conflict with (the results and the chair's matrix count the same ones)."""
    conflicted = conflicted_pairs(entry_ids)
    return [
        c for c in db.session.scalars(
            select(Comparison).where(Comparison.category_id == category.id).order_by(Comparison.id)
        ).all()
        if (c.judge_id, c.winner_id) not in conflicted and (c.judge_id, c.loser_id) not in conflicted
    ]


def build_case(category: Category) -> dict:
    """The scoring_rules case for a category, from what is stored now."""
    # Ids only, by two Core selects (as ranked_entries and scoring_judges choose them, in the same
    # order): this runs after every burst of marks, and loading entries and judges as objects
    # was a fifth of it.
    entry_order = db.session.scalars(
        select(Entry.id).where(Entry.category_id == category.id, Entry.status.in_(("registered", "performed")))
        .order_by(Entry.number)
    ).all()
    judge_order = db.session.scalars(
        select(Judge.id).join(panel_seat, panel_seat.c.judge_id == Judge.id)
        .where(panel_seat.c.category_id == category.id, Judge.role != "secretary")
        .order_by(Judge.position)
    ).all()
    abstentions = db.session.execute(
        select(Abstention.judge_id, Abstention.entry_id, Abstention.reason).where(Abstention.category_id == category.id)
    ).all()
    # A judge who abstains from a whole category (placements) leaves its panel.
    away = {judge_id for judge_id, entry_id, _reason in abstentions if entry_id is None}
    judge_order = [j for j in judge_order if j not in away]
    entry_ids, judge_ids = set(entry_order), set(judge_order)
    case: dict = {
        "rule": category.rule,
        "params": category.params or {},
        "entries": [str(e) for e in entry_order],
        "judges": [str(j) for j in judge_order],
    }
    kind = scoring_rules.input_kind(category.rule)
    if kind == "marks":
        case["marks"] = _marks(category, judge_ids, entry_ids)
    elif kind == "placements":
        sheets = db.session.scalars(
            select(Sheet).options(selectinload(Sheet.placements))
            .where(Sheet.category_id == category.id).order_by(Sheet.id)
        ).all()
        counted = [s for s in sheets if s.judge_id in judge_ids and s.entry_id is None]
        conflicted = conflicted_pairs(entry_ids)
        case["placements"] = []
        for s in counted:
            placed = [p for p in sorted(s.placements, key=lambda p: p.place)
                      if p.entry_id in entry_ids and (s.judge_id, p.entry_id) not in conflicted]
            # A ranking judge ranks only the top k: one who ranked an entry that has left the
            # competition, or one they turned out to have a conflict with, still ranked the
            # others in that order, so the places close up. A skating final is placed whole:
            # its places stay as given, and the rule says what is missing.
            renumber = category.rule == "ranked_points"
            case["placements"] += [
                dict({"judge": str(s.judge_id), "entry": str(p.entry_id), "place": n if renumber else p.place},
                     **({"dance": s.dance} if s.dance else {}))
                for n, p in enumerate(placed, 1)
            ]
    elif kind == "measurements":
        rows = db.session.scalars(
            select(Measurement).where(Measurement.entry_id.in_(entry_ids or {-1})).order_by(Measurement.entry_id, Measurement.round, Measurement.attempt)
        ).all()
        case["measurements"] = [
            {"entry": str(m.entry_id), "round": m.round, "attempt": m.attempt, "value": None if m.value is None else _number(m.value)}
            for m in rows
        ]
    elif kind == "comparisons":
        case["comparisons"] = [
            {"judge": str(c.judge_id), "winner": str(c.winner_id), "loser": str(c.loser_id)}
            for c in counted_comparisons(category, entry_ids)
            if c.judge_id in judge_ids and c.winner_id in entry_ids and c.loser_id in entry_ids
        ]
    if kind in ("marks",):
        conflicts = db.session.scalars(
            select(Conflict).where(Conflict.entry_id.in_(entry_ids or {-1}), Conflict.judge_id.in_(judge_ids or {-1}))
        ).all()
        # A conflict recorded after the judge had marked the entry wins: those marks stay stored
        # (and count again if the conflict is lifted), but the judge abstains.
        # An abstention the chair recorded to resolve a missing sheet counts the same way.
        reasons = {(str(c.judge_id), str(c.entry_id)): c.reason for c in conflicts}
        for judge_id, entry_id, reason in abstentions:
            if judge_id in judge_ids and entry_id in entry_ids:
                reasons.setdefault((str(judge_id), str(entry_id)), reason)
        if reasons:
            case["marks"] = [m for m in case["marks"] if (m["judge"], m["entry"]) not in reasons]
        case["abstentions"] = [
            {"judge": judge, "entry": entry, "reason": reason} for (judge, entry), reason in reasons.items()
        ]
    votes = [
        {"order": [str(i) for i in vote.get("order", []) if i in entry_ids]}
        for vote in (category.casting_votes or [])
    ]
    if votes:
        case["casting_votes"] = votes
    return case


def _compute(case: dict) -> tuple[dict | None, dict | None]:
    """(output, None), or (None, error) when the rule refuses the case."""
    try:
        return scoring_rules.compute(case), None
    except scoring_rules.ScoringError as exc:
        error = exc.to_dict()["error"]
        if exc.details:
            # what went wrong as data (ids, keys, numbers): pages word it later in their reader's
            # language and with the names people know; the rule's English stays the message
            error["details"] = json.loads(json.dumps(exc.details, default=str))  # storable whatever it holds
        return None, error


def recompute(category: Category) -> CategoryResult:
    """Compute the category's standings through scoring_rules and store them (commits)."""
    return _recompute(category, cascade=True)[0]


def recompute_changed(category: Category) -> list[Category]:
    """Recompute as `recompute` does; the categories whose stored standings changed: this one, and
    the others of the edition whose Grand Prix it settled (`refresh` pushes each of them)."""
    return [category] + _recompute(category, cascade=True)[1]


def _recompute(category: Category, *, cascade: bool) -> tuple[CategoryResult, list[Category]]:
    # The result row is locked first (PostgreSQL), and only then are the marks read: a process
    # that read them before waiting for the lock would store an older picture over the newer one
    # another process stored meanwhile. Each statement after the lock sees what was committed.
    result = _result_row(category)
    case = build_case(category)
    output, error = _compute(case)
    if error is not None:
        log.warning("category %s: the rule refused the case: %s", category.id, error)
    edition = category.edition
    single = bool(edition.single_grand_prix) and output is not None
    if single:
        mine = grand_prix.candidate(output["standings"])
        keeper = grand_prix.holder({**_grand_prix_candidates(category), category.id: mine})
        if mine is not None and keeper != category.id:
            # Another category's candidate keeps the edition's only Grand Prix: this one's first
            # place takes the next level it qualifies for.
            output, _ = _compute({**case, "params": grand_prix.without_grand_prix(case["params"])})
    result.rule = category.rule
    result.version = (result.version or 0) + 1
    result.computed_at = utcnow()
    result.error = error
    if output is not None:
        result.warnings = output.get("warnings", [])
        result.extra = {k: v for k, v in output.items() if k not in ("rule", "standings", "warnings")}
        if single:
            result.extra["grand_prix_candidate"] = mine
        _store_standings(result, output["standings"], lifecycle.coverage(category))
    # When the rule refuses the case, the last good standings stay (the hall keeps showing them)
    # and the error is kept beside them for the organiser.
    db.session.commit()
    settled = _settle_grand_prix(category, keeper) if single and cascade else []
    return result, settled


def _grand_prix_candidates(category: Category) -> dict[int, dict | None]:
    """The other categories' Grand Prix candidates, as their last computations recorded them."""
    rows = db.session.execute(
        select(CategoryResult.category_id, CategoryResult.extra)
        .join(Category, Category.id == CategoryResult.category_id)
        .where(Category.edition_id == category.edition_id, Category.id != category.id)
    ).all()
    return {category_id: (extra or {}).get("grand_prix_candidate") for category_id, extra in rows}


def _settle_grand_prix(category: Category, keeper: int | None) -> list[Category]:
    """Recompute the other categories whose stored Grand Prix no longer matches the keeper."""
    holding = set(db.session.scalars(
        select(CategoryResult.category_id)
        .join(Standing, Standing.result_id == CategoryResult.id)
        .join(Category, Category.id == CategoryResult.category_id)
        .where(Category.edition_id == category.edition_id, Standing.award == grand_prix.GRAND_PRIX)
    ).all())
    settled = []
    for other in category.edition.categories:
        if other.id == category.id or (other.id in holding) == (other.id == keeper):
            continue
        _recompute(other, cascade=False)
        settled.append(other)
    return settled


def _store_standings(result: CategoryResult, rows: list[dict], coverage: dict[int, tuple[int, int]]) -> None:
    """Replace the result's standing rows: one DELETE and one multi-row INSERT, not a statement per row."""
    db.session.flush()  # the result row exists (and has its id) before its standings are written
    # Rows loaded earlier in this session are gone; SQLite may hand their ids to the new rows, so
    # stale objects must not stay in the identity map under those ids.
    for stale in [o for o in db.session.identity_map.values() if isinstance(o, Standing) and o.result_id == result.id]:
        db.session.expunge(stale)
    db.session.execute(delete(Standing).where(Standing.result_id == result.id))
    if rows:
        db.session.execute(insert(Standing), [
            {
                "result_id": result.id, "entry_id": int(item["entry"]), "row": row, "place": item["place"],
                "place_to": item["place_to"], "score": None if item["score"] is None else Decimal(str(item["score"])),
                "award": item["award"], "detail": item.get("detail") or {},
                "sheets": coverage.get(int(item["entry"]), (None, None))[0],
                "panel": coverage.get(int(item["entry"]), (None, None))[1],
            }
            for row, item in enumerate(rows)
        ])
    # The collection as loaded (if it was) no longer matches the table: read it afresh when asked.
    db.session.expire(result, ["standings"])


def _result_row(category: Category) -> CategoryResult:
    query = select(CategoryResult).where(CategoryResult.category_id == category.id)
    if db.engine.dialect.name == "postgresql":
        query = query.with_for_update()  # two processes recomputing one category take turns
    result = db.session.scalar(query)
    if result is not None:
        return result
    result = CategoryResult(category_id=category.id, rule=category.rule, version=0)
    try:
        with db.session.begin_nested():
            db.session.add(result)
    except IntegrityError:  # another process created it a moment ago: lock and use theirs
        result = db.session.scalar(query)
    return result


def standings(category: Category) -> CategoryResult | None:
    """The stored standings of a category (None before the first computation)."""
    return db.session.scalar(select(CategoryResult).where(CategoryResult.category_id == category.id))
