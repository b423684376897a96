"""The lifecycle of a category's result: the one place every page, push, document and export asks.

    open ⇄ closed → finalised → published
       ↑______________|___________|   reopen, with a reason (chair or organiser)

- open: judges mark; closed: the tablets refuse marks (a break, a stage running late);
- finalised: the chair or the organiser confirmed the results, once every missing sheet was
  resolved (marked, or an abstention recorded with a reason); sheets are locked;
- published: finalised results made public: the public pages, the hall screen and the diploma
  downloads say final. Publishing anything not finalised is refused.

Until a category is finalised its standings are provisional wherever they are shown, and each
row says how many of its panel's sheets it rests on; a row short of its panel shows no award.
Reopening a finalised category makes it provisional again everywhere at once; a published one
goes back to «live».

The transitions themselves are operations (judging/chair/operations.py, judging/board/
operations.py); this module only answers questions and raises `LifecycleRefused` with a
message in the user's language.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

import scoring_rules
from judging.extensions import db
from judging.models import (
    Abstention,
    Category,
    Comparison,
    Conflict,
    Entry,
    Judge,
    Measurement,
    Sheet,
    panel_seat,
)

STATES = ("open", "closed", "finalised", "published")


class LifecycleRefused(ValueError):
    """A step of the lifecycle that cannot be taken now; the message says why and what is missing."""

    def __init__(self, message: str, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


def state(category: Category) -> str:
    """open, closed, finalised or published."""
    if category.judging == "finalised":
        return "published" if category.visibility == "published" else "finalised"
    return category.judging


def provisional(category: Category) -> bool:
    """Whether the category's standings may still change: true until the jury has finalised them."""
    return category.judging != "finalised"


def published(category: Category) -> bool:
    """Final and public: the only results diplomas and letters of thanks are issued from."""
    return state(category) == "published"


def input_kind(category: Category) -> str:
    """marks, placements, measurements or comparisons: what the category's judges submit."""
    return scoring_rules.input_kind(category.rule)


def shows_award(category: Category, sheets: int | None, panel: int | None) -> bool:
    """Whether a row's award may be shown: always once final, else only on a complete panel."""
    if not provisional(category):
        return True
    return sheets is not None and panel is not None and sheets >= panel


# ---------------------------------------------------------------------------- sheets of the panel


@dataclass(frozen=True)
class Missing:
    """A sheet the panel still owes: a judge's marks of an entry, or placements of a dance."""

    judge_id: int
    judge_name: str
    entry_id: int | None = None
    entry_number: int | None = None
    dance: str = ""


@dataclass(frozen=True)
class _Panel:
    kind: str
    judges: dict[int, str]  # scoring judges, by id (the secretary does not mark)
    entries: dict[int, int]  # competing entries: id -> number
    conflicts: set[tuple[int, int]]
    abstained: set[tuple[int, int | None]]  # (judge, entry), entry None for the whole category


def _panel(category: Category) -> _Panel:
    judges = dict(db.session.execute(
        select(Judge.id, Judge.name).join(panel_seat, panel_seat.c.judge_id == Judge.id)
        .where(panel_seat.c.category_id == category.id, Judge.role != "secretary").order_by(Judge.position)
    ).all())
    entries = dict(db.session.execute(
        select(Entry.id, Entry.number).where(Entry.category_id == category.id, Entry.status.in_(("registered", "performed")))
        .order_by(Entry.number)
    ).all())
    conflicts = set(db.session.execute(
        select(Conflict.judge_id, Conflict.entry_id).where(Conflict.entry_id.in_(list(entries) or [-1]))
    ).all())
    abstained = set(db.session.execute(
        select(Abstention.judge_id, Abstention.entry_id).where(Abstention.category_id == category.id)
    ).all())
    return _Panel(scoring_rules.input_kind(category.rule), judges, entries, conflicts, abstained)


def _expected(panel: _Panel, entry_id: int) -> list[int]:
    """The judges whose sheet an entry's row needs: not conflicted, not abstaining."""
    return [
        j for j in panel.judges
        if (j, entry_id) not in panel.conflicts and (j, entry_id) not in panel.abstained and (j, None) not in panel.abstained
    ]


def _dances(category: Category, placed: set[tuple[int, str]]) -> list[str]:
    given = list((category.params or {}).get("dances") or [])
    seen = sorted({dance for _judge, dance in placed} - set(given))
    return given + seen or [""]


def _placement_sheets(category: Category) -> set[tuple[int, str]]:
    return set(db.session.execute(
        select(Sheet.judge_id, Sheet.dance).where(Sheet.category_id == category.id, Sheet.entry_id.is_(None))
    ).all())


def coverage(category: Category) -> dict[int, tuple[int, int]]:
    """Entry id -> (sheets the row rests on, sheets it needs), for every competing entry.

    marks: judges who marked the entry, of those not conflicted or abstaining; placements: judges
    who placed every dance, of the panel; comparisons: judges who compared the exhibit, of the
    panel; measurements: rounds the entry has a recorded attempt in, of the rounds flown.
    """
    panel = _panel(category)
    out: dict[int, tuple[int, int]] = {}
    if panel.kind == "marks":
        marked = set(db.session.execute(
            select(Sheet.judge_id, Sheet.entry_id).where(Sheet.category_id == category.id, Sheet.entry_id.is_not(None))
        ).all())
        for entry_id in panel.entries:
            expected = _expected(panel, entry_id)
            out[entry_id] = (sum((j, entry_id) in marked for j in expected), len(expected))
    elif panel.kind == "placements":
        placed = _placement_sheets(category)
        dances = _dances(category, placed)
        complete = {j for j in panel.judges if all((j, d) in placed for d in dances)}
        for entry_id in panel.entries:
            expected = _expected(panel, entry_id)
            out[entry_id] = (sum(j in complete for j in expected), len(expected))
    elif panel.kind == "comparisons":
        compared: dict[int, set[int]] = defaultdict(set)
        for judge_id, winner, loser in db.session.execute(
            select(Comparison.judge_id, Comparison.winner_id, Comparison.loser_id).where(Comparison.category_id == category.id)
        ):
            compared[winner].add(judge_id)
            compared[loser].add(judge_id)
        for entry_id in panel.entries:
            expected = _expected(panel, entry_id)
            out[entry_id] = (len(compared[entry_id] & set(expected)), len(expected))
    else:  # measurements: the timekeepers record rounds, not one sheet per judge
        flown: dict[int, set[int]] = defaultdict(set)
        for entry_id, round_ in db.session.execute(
            select(Measurement.entry_id, Measurement.round).where(Measurement.entry_id.in_(list(panel.entries) or [-1]))
        ):
            flown[entry_id].add(round_)
        rounds = max(1, len(set().union(*flown.values())) if flown else 1)
        for entry_id in panel.entries:
            out[entry_id] = (len(flown[entry_id]), rounds)
    return out


def missing_sheets(category: Category) -> list[Missing]:
    """The sheets that must be marked, or resolved as an abstention, before the category is finalised.

    Measured rounds and comparisons owe no sheet per judge: a model that did not fly a round has
    no attempt, and no judge compares every pair.
    """
    panel = _panel(category)
    missing: list[Missing] = []
    if panel.kind == "marks":
        marked = set(db.session.execute(
            select(Sheet.judge_id, Sheet.entry_id).where(Sheet.category_id == category.id, Sheet.entry_id.is_not(None))
        ).all())
        for entry_id, number in panel.entries.items():
            missing += [
                Missing(j, panel.judges[j], entry_id, number)
                for j in _expected(panel, entry_id) if (j, entry_id) not in marked
            ]
    elif panel.kind == "placements" and panel.entries:
        placed = _placement_sheets(category)
        for dance in _dances(category, placed):
            missing += [
                Missing(j, name, dance=dance) for j, name in panel.judges.items()
                if (j, None) not in panel.abstained and (j, dance) not in placed
            ]
    return missing


def missing_text(category: Category, missing: list[Missing]) -> str:
    """The missing sheets in one line per judge: «Айгүл Н.: №3, №7; Болат К.: the placements»."""
    locale = _locale()
    by_judge: dict[tuple[int, str], list[str]] = {}
    for m in missing:
        items = by_judge.setdefault((m.judge_id, m.judge_name), [])
        if m.entry_id is not None:
            items.append(_("№%(number)s", number=m.entry_number))
        elif m.dance:
            items.append(category.criterion_label(m.dance, locale))
        else:
            items.append(_("the placements"))
    return "; ".join(f"{name}: {', '.join(items)}" for (_id, name), items in by_judge.items())


# ---------------------------------------------------------------------------- may this step be taken


def check_finalise(category: Category) -> None:
    """Refuse finalising while a sheet is missing or the results are already final."""
    if category.judging == "finalised":
        raise LifecycleRefused(_("This category is already finalised."), "locked")
    missing = missing_sheets(category)
    if missing:
        raise LifecycleRefused(
            _("Some sheets are missing. Have them marked, or record the judge's abstention with a reason: %(missing)s",
              missing=missing_text(category, missing)),
            "missing_sheets",
        )


def check_publish(category: Category) -> None:
    """Published means final: refuse publishing results the jury has not finalised, saying what is missing."""
    if category.judging == "finalised":
        return
    missing = missing_sheets(category)
    if missing:
        raise LifecycleRefused(
            _("Only finalised results can be published. Still missing: %(missing)s. Then the chair finalises the category.",
              missing=missing_text(category, missing)),
            "not_finalised",
        )
    raise LifecycleRefused(
        _("Only finalised results can be published: the chair (or an organiser) finalises the category first."),
        "not_finalised",
    )


def check_reopen(category: Category, reason: str) -> str:
    """The reason, stripped; refuse reopening a category that is not finalised, or without a reason."""
    if category.judging != "finalised":
        raise LifecycleRefused(_("Only a finalised category can be reopened."), "invalid")
    reason = (reason or "").strip()
    if not reason:
        raise LifecycleRefused(_("Say why the category is reopened: the reason goes in the audit log."), "invalid", "reason")
    return reason


def _locale() -> str:
    from judging.i18n import current_locale

    return current_locale()
