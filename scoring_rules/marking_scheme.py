"""marking_scheme: professional mastery, measurement and judgement aspects (docs/scoring-rules.md)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

from .awards import Ladder, awards_param
from .base import (
    N_,
    Case,
    Param,
    ParamProblem,
    Ranking,
    Rule,
    abstained_and_marked,
    decimals_param,
    invalid_input,
    need,
    no_marks,
    number_param,
    number_text,
    object_fields,
    rank_by_score,
    read_abstentions,
    shown,
    to_fraction,
    warning,
)

JUDGEMENT_MARKS = (0, 1, 2, 3)


@dataclass(frozen=True)
class Aspect:
    """One aspect of the marking scheme and the points it is worth."""

    key: str
    type: str  # measurement | judgement
    max: Fraction


def _aspects(value: Any) -> tuple[Aspect, ...]:
    if not isinstance(value, list | tuple) or not value:
        raise ParamProblem("a non-empty list of aspects is needed")
    aspects: list[Aspect] = []
    for n, item in enumerate(value):
        where = f"aspects[{n}]"
        object_fields(item, where, ("key", "type", "max"), ("key", "type", "max"))
        key = item["key"]
        if not isinstance(key, str) or not key:
            raise ParamProblem(f"{where}.key must be a non-empty string")
        if any(a.key == key for a in aspects):
            raise ParamProblem(f"aspect {key!r} is listed twice")
        if item["type"] not in ("measurement", "judgement"):
            raise ParamProblem(f"aspect {key!r}: type must be 'measurement' or 'judgement'")
        try:
            top = number_param(item["max"], exclusive_minimum=0)
        except ParamProblem as problem:
            raise ParamProblem(f"aspect {key!r}: max {problem}") from None
        aspects.append(Aspect(key, item["type"], top))
    return tuple(aspects)


@dataclass(frozen=True)
class MarkingScheme(Rule):
    """Measurement aspects give points directly; judgement aspects are marked 0 to 3 by experts."""

    name: ClassVar[str] = "marking_scheme"
    title: ClassVar[str] = N_("Marking scheme (professional mastery)")
    description: ClassVar[str] = (
        N_("Measurement aspects: the assessor enters the points, 0..max. Judgement aspects: every "
        "expert marks 0, 1, 2 or 3 and the aspect scores max x mean / 3. The score is the sum over "
        "the aspects: higher is better; equal scores share.")
    )
    inputs: ClassVar[tuple[str, ...]] = ("marks", "abstentions")
    input_kind: ClassVar[str] = "marks"
    warning_codes: ClassVar[tuple[str, ...]] = (
        "measurement_disagreement",
        "judgement_spread",
        "missing_sheet",
        "no_marks",
    )
    params: ClassVar[tuple[Param, ...]] = (
        Param(
            "aspects",
            "list",
            N_("The aspects of the trade's marking scheme; marks name the aspect key as 'criterion'."),
            required=True,
            parse=_aspects,
            extra={
                "item": {
                    "type": "object",
                    "fields": [
                        {"name": "key", "type": "string", "required": True,
                         "description": N_("Stable key of the aspect, used by marks.")},
                        {"name": "type", "type": "choice", "required": True,
                         "choices": ["measurement", "judgement"],
                         "description": N_("measurement: points entered directly; judgement: marks 0-3.")},
                        {"name": "max", "type": "number", "required": True, "exclusive_minimum": 0,
                         "description": N_("Points the aspect is worth.")},
                    ],
                }
            },
        ),
        decimals_param(2),
        awards_param(),
    )

    aspects: tuple[Aspect, ...]
    decimals: int = 2
    awards: Ladder | None = None

    def rank(self, case: Case) -> Ranking:
        """Check the marks, score each aspect, sum them, order by the total."""
        marks = self._read(case)
        absences = read_abstentions(case)
        for (judge, entry) in absences:
            if (entry, judge) in marks:
                raise abstained_and_marked(judge, entry)
        self._check_sheets(case, marks)
        scores: dict[str, Fraction | None] = {}
        details: dict[str, dict[str, Any]] = {}
        warnings: list[dict[str, Any]] = []
        for entry in case.entries:
            sheets = {judge: marks[(entry, judge)] for judge in case.judges if (entry, judge) in marks}
            if not sheets:
                scores[entry] = None
                warnings.append(no_marks(entry))
                continue
            aspect_scores: dict[str, Fraction] = {}
            for aspect in self.aspects:
                given = [sheet[aspect.key] for sheet in sheets.values() if aspect.key in sheet]
                aspect_scores[aspect.key] = self._aspect_score(aspect, entry, given, warnings)
            missing = [
                judge
                for judge in case.judges
                if judge not in sheets and (judge, entry) not in absences and self._has_judgement
            ]
            for judge in missing:
                warnings.append(
                    warning("missing_sheet", entry, f"judge {judge} has no marks for entry {entry}", judge)
                )
            scores[entry] = sum(aspect_scores.values(), Fraction(0))
            details[entry] = {
                "aspects": {key: shown(value, self.decimals) for key, value in aspect_scores.items()},
                "abstentions": {judge: absences[(judge, entry)] for judge in case.judges if (judge, entry) in absences},
                "missing_sheets": missing,
                "score_exact": str(scores[entry]),
                "tie_break": None,
            }
        return Ranking(rank_by_score(case.entries, scores, [], details), dict(scores), details, warnings)

    @property
    def _has_judgement(self) -> bool:
        return any(aspect.type == "judgement" for aspect in self.aspects)

    def _read(self, case: Case) -> dict[tuple[str, str], dict[str, Fraction]]:
        """(entry, judge) -> aspect -> mark, every record checked."""
        by_key = {aspect.key: aspect for aspect in self.aspects}
        marks: dict[tuple[str, str], dict[str, Fraction]] = {}
        for n, record in enumerate(case.records("marks")):
            where = f"marks[{n}]"
            judge = case.judge_of(record, where)
            entry = case.entry_of(record, where)
            key = need(record, "criterion", where)
            aspect = by_key.get(key) if isinstance(key, str) else None
            if aspect is None:
                raise invalid_input(
                    f"{where}: judge {judge} marked entry {entry} on unknown aspect {key!r}",
                    key,
                    "unknown_criterion",
                    judge=judge,
                    entry=entry,
                    criterion=key,
                )
            who = {"judge": judge, "entry": entry, "criterion": key}
            raw = need(record, "value", where)
            value = to_fraction(raw)
            if value is None:
                raise invalid_input(
                    f"{where}: the mark of judge {judge} for entry {entry} on {key} is {raw!r}, not a number",
                    key,
                    "mark_not_number",
                    value=raw,
                    **who,
                )
            if aspect.type == "judgement" and value not in JUDGEMENT_MARKS:
                raise invalid_input(
                    f"{where}: judge {judge} marked {key} of entry {entry} {number_text(value)}; judgement marks are 0, 1, 2 or 3",
                    key,
                    "judgement_mark",
                    value=number_text(value),
                    **who,
                )
            if aspect.type == "measurement" and not 0 <= value <= aspect.max:
                raise invalid_input(
                    f"{where}: {number_text(value)} points for {key} of entry {entry} is outside 0..{number_text(aspect.max)}",
                    key,
                    "mark_out_of_range",
                    value=number_text(value),
                    min="0",
                    max=number_text(aspect.max),
                    **who,
                )
            sheet = marks.setdefault((entry, judge), {})
            if key in sheet:
                raise invalid_input(
                    f"{where}: judge {judge} marked {key} of entry {entry} twice (duplicated record)",
                    judge,
                    "duplicate_mark",
                    **who,
                )
            sheet[key] = value
        return marks

    def _check_sheets(self, case: Case, marks: dict[tuple[str, str], dict[str, Fraction]]) -> None:
        """A judge who marks an entry's judgement aspects marks all of them."""
        judgement = [aspect.key for aspect in self.aspects if aspect.type == "judgement"]
        for entry in case.entries:
            for judge in case.judges:
                sheet = marks.get((entry, judge), {})
                marked = [key for key in judgement if key in sheet]
                if marked and len(marked) < len(judgement):
                    missing = [key for key in judgement if key not in sheet]
                    raise invalid_input(
                        f"incomplete_sheet: judge {judge} marked {len(marked)} of {len(judgement)} judgement aspects "
                        f"of entry {entry} (missing: {', '.join(missing)})",
                        judge,
                        "incomplete_sheet",
                        judge=judge,
                        entry=entry,
                        marked=len(marked),
                        total=len(judgement),
                        missing=missing,
                    )

    def _aspect_score(
        self, aspect: Aspect, entry: str, given: list[Fraction], warnings: list[dict[str, Any]]
    ) -> Fraction:
        if not given:
            warnings.append(
                warning("missing_sheet", entry, f"aspect {aspect.key} of entry {entry} has no marks: it scores 0")
            )
            return Fraction(0)
        mean = sum(given, Fraction(0)) / len(given)
        listed = ", ".join(number_text(v) for v in given)
        if aspect.type == "measurement":
            if len(set(given)) > 1:
                warnings.append(
                    warning(
                        "measurement_disagreement",
                        entry,
                        f"aspect {aspect.key} of entry {entry} was measured as {listed}: their mean counts",
                    )
                )
            return mean
        if max(given) - min(given) > 1:
            warnings.append(
                warning("judgement_spread", entry, f"the marks for {aspect.key} of entry {entry} spread over more than 1 point: {listed}")
            )
        return aspect.max * mean / 3
