"""ranked_points: judges rank, ranks become points, count-back on ties (docs/scoring-rules.md)."""

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
    decimals_param,
    invalid_input,
    need,
    no_marks,
    number_param,
    rank_by_score,
    shown,
    split_by,
    to_whole,
)


def _points(value: Any) -> str | tuple[Fraction, ...]:
    if value == "borda":
        return "borda"
    if not isinstance(value, list | tuple) or not value:
        raise ParamProblem("'borda' or a non-empty list of points (for 1st, 2nd, ...) is needed")
    try:
        points = tuple(number_param(p, minimum=0) for p in value)
    except ParamProblem as problem:
        raise ParamProblem(f"points: {problem}") from None
    if any(later > earlier for earlier, later in zip(points, points[1:], strict=False)):
        raise ParamProblem("points must not increase down the list (1st gets the most)")
    return points


@dataclass(frozen=True)
class RankedPoints(Rule):
    """Each judge ranks the top entries; places become points; totals decide, then count-back."""

    name: ClassVar[str] = "ranked_points"
    title: ClassVar[str] = N_("Ranked votes turned into points")
    description: ClassVar[str] = (
        N_("Each judge ranks entries 1..k (the top k, or all). Places become points from a list "
        "(e.g. 12, 10, 8, ...) or by Borda (n - place). The score is the total: higher is better; "
        "equal totals go to count-back (more of the best award first), then shared.")
    )
    inputs: ClassVar[tuple[str, ...]] = ("placements",)
    input_kind: ClassVar[str] = "placements"
    warning_codes: ClassVar[tuple[str, ...]] = ("no_marks",)
    params: ClassVar[tuple[Param, ...]] = (
        Param(
            "points",
            "points",
            N_("Points for 1st, 2nd, ... place (places beyond the list get 0), or 'borda': n - place "
            "with n the number of entries."),
            required=True,
            parse=_points,
            extra={"one_of": [{"type": "choice", "choices": ["borda"]}, {"type": "list", "item": {"type": "number", "minimum": 0}}]},
        ),
        decimals_param(2),
        awards_param(),
    )

    points: str | tuple[Fraction, ...]
    decimals: int = 2
    awards: Ladder | None = None

    def rank(self, case: Case) -> Ranking:
        """Check the rankings, total the points, break ties by count-back."""
        rankings = self._read(case)
        if not rankings:
            return Ranking([], {}, {}, [no_marks(entry, "rankings") for entry in case.entries])
        n = len(case.entries)
        if self.points == "borda":
            values = [Fraction(n - place) for place in range(1, n + 1)]
            # count-back on places 1 .. n-1: more first places, then second places, ...
            tiers = {place: place - 1 for place in range(1, n)}
        else:
            values = list(self.points)
            # count-back on the list's values, in list order (equal values are one tier)
            distinct = [v for v in dict.fromkeys(values) if v > 0]
            tiers = {place: distinct.index(v) for place, v in enumerate(values, 1) if v > 0}
        tier_count = len(set(tiers.values()))
        scores: dict[str, Fraction | None] = {}
        count_back: dict[str, tuple[int, ...]] = {}
        details: dict[str, dict[str, Any]] = {}
        for entry in case.entries:
            by_judge = {judge: ranking.get(entry) for judge, ranking in rankings.items()}
            points = {judge: values[p - 1] if p is not None and p <= len(values) else Fraction(0) for judge, p in by_judge.items()}
            counts = [0] * tier_count
            for p in by_judge.values():
                if p in tiers:
                    counts[tiers[p]] += 1
            scores[entry] = sum(points.values(), Fraction(0))
            count_back[entry] = tuple(counts)
            details[entry] = {
                "points": {judge: shown(points.get(judge, Fraction(0)), self.decimals) for judge in case.judges},
                "places": {judge: by_judge.get(judge) for judge in case.judges},
                "count_back": list(counts),
                "score_exact": str(scores[entry]),
                "tie_break": None,
            }
        groups = rank_by_score(case.entries, scores, [("count_back", split_by(count_back.__getitem__))], details)
        return Ranking(groups, dict(scores), details)

    def _read(self, case: Case) -> dict[str, dict[str, int]]:
        """judge -> entry -> place, each judge's places 1..k without gaps or repeats."""
        n = len(case.entries)
        rankings: dict[str, dict[str, int]] = {}
        for i, record in enumerate(case.records("placements")):
            where = f"placements[{i}]"
            judge = case.judge_of(record, where)
            entry = case.entry_of(record, where)
            if record.get("dance") is not None:
                raise invalid_input(
                    f"{where}: ranked_points has no dances",
                    judge,
                    "dance_in_ranking",
                    judge=judge,
                    entry=entry,
                    dance=record.get("dance"),
                )
            raw = need(record, "place", where)
            place = to_whole(raw)
            if place is None or not 1 <= place <= n:
                raise invalid_input(
                    f"{where}: judge {judge} gave entry {entry} place {raw!r}; places are 1..{n}",
                    judge,
                    "place_out_of_range",
                    judge=judge,
                    entry=entry,
                    place=raw,
                    max=n,
                )
            ranking = rankings.setdefault(judge, {})
            if entry in ranking:
                raise invalid_input(
                    f"{where}: judge {judge} ranked entry {entry} twice",
                    judge,
                    "entry_placed_twice",
                    judge=judge,
                    entry=entry,
                    dance=None,
                )
            if place in ranking.values():
                other = next(e for e, p in ranking.items() if p == place)
                raise invalid_input(
                    f"{where}: judge {judge} gave place {place} twice",
                    judge,
                    "place_given_twice",
                    judge=judge,
                    entry=entry,
                    other=other,
                    dance=None,
                    place=place,
                )
            ranking[entry] = place
        for judge, ranking in rankings.items():
            if max(ranking.values()) != len(ranking):
                gap = min(set(range(1, len(ranking) + 1)) - set(ranking.values()))
                raise invalid_input(
                    f"judge {judge} ranked places 1..{max(ranking.values())} but left out place {gap}",
                    judge,
                    "place_left_out",
                    judge=judge,
                    place=gap,
                    last=max(ranking.values()),
                )
        return rankings
