"""rounds: measured results over several rounds (aviamodels, technical contests; docs/scoring-rules.md)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

from .awards import Ladder, awards_param
from .base import (
    INVALID_PARAMS,
    N_,
    Case,
    Param,
    ParamProblem,
    Ranking,
    Rule,
    ScoringError,
    decimals_param,
    invalid_input,
    need,
    no_marks,
    number_text,
    rank_by_score,
    shown,
    split_by,
    to_fraction,
    to_whole,
    whole_param,
)


def _discard(value: Any) -> int | tuple[tuple[int, int], ...]:
    if not isinstance(value, list | tuple):
        return whole_param(value, 0)
    pairs: list[tuple[int, int]] = []
    for pair in value:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise ParamProblem(f"{pair!r} is not a [min_rounds, count] pair")
        rounds, count = whole_param(pair[0], 1), whole_param(pair[1], 0)
        if count >= rounds:
            raise ParamProblem(f"[{rounds}, {count}] would discard every round")
        if pairs and rounds <= pairs[-1][0]:
            raise ParamProblem("pairs must be in increasing order of min_rounds")
        pairs.append((rounds, count))
    return tuple(pairs)


def _tie_break(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or any(step != "best_discarded" for step in value):
        raise ParamProblem("the only step is 'best_discarded' (or an empty list)")
    return tuple(dict.fromkeys(value))


@dataclass(frozen=True)
class Rounds(Rule):
    """Measured attempts make round results; the kept rounds add up to the score."""

    name: ClassVar[str] = "rounds"
    title: ClassVar[str] = N_("Measured results over rounds")
    description: ClassVar[str] = (
        N_("Timekeepers or measurers enter each attempt of each round (null: no valid result). A "
        "round's result is the sum of its best attempts, optionally capped or normalised against "
        "the round's best; the worst rounds may be discarded. The score is the sum of the kept "
        "rounds: higher is better.")
    )
    inputs: ClassVar[tuple[str, ...]] = ("measurements",)
    input_kind: ClassVar[str] = "measurements"
    warning_codes: ClassVar[tuple[str, ...]] = ("no_marks",)
    params: ClassVar[tuple[Param, ...]] = (
        Param(
            "direction",
            "choice",
            N_("'higher': larger values are better (flight time, distance, points); 'lower': smaller "
            "values are better (time over a course) and needs normalize."),
            default="higher",
            choices=("higher", "lower"),
        ),
        Param(
            "cap",
            "number",
            N_("With 'higher': a value above the cap counts as the cap (the round maximum, e.g. 120 s)."),
            nullable=True,
            exclusive_minimum=0,
        ),
        Param(
            "attempts_counted",
            "integer",
            N_("A round's result is the sum of this many best attempts in it."),
            default=1,
            minimum=1,
        ),
        Param(
            "normalize",
            "number",
            N_("In each round the best result scores this number (e.g. 1000) and the others in "
            "proportion; a round without a valid result scores 0."),
            nullable=True,
            exclusive_minimum=0,
        ),
        Param(
            "discard",
            "discard",
            N_("Worst rounds dropped per entry: a whole number, or [min_rounds, count] pairs such as "
            "[[5, 1], [9, 2]] (drop count rounds once at least min_rounds rounds are flown). At "
            "least one round is always kept."),
            default=0,
            parse=_discard,
            extra={
                "one_of": [
                    {"type": "integer", "minimum": 0},
                    {
                        "type": "list",
                        "item": {
                            "type": "pair",
                            "items": [
                                {"name": "min_rounds", "type": "integer", "minimum": 1},
                                {"name": "count", "type": "integer", "minimum": 0},
                            ],
                        },
                    },
                ]
            },
        ),
        Param(
            "tie_break",
            "list",
            N_("Equal totals: 'best_discarded' compares the discarded round scores, best first; then shared."),
            default=["best_discarded"],
            parse=_tie_break,
            extra={"item": {"type": "choice", "choices": ["best_discarded"]}},
        ),
        decimals_param(2),
        awards_param(),
    )

    direction: str = "higher"
    cap: Fraction | None = None
    attempts_counted: int = 1
    normalize: Fraction | None = None
    discard: int | tuple[tuple[int, int], ...] = 0
    tie_break: tuple[str, ...] = ("best_discarded",)
    decimals: int = 2
    awards: Ladder | None = None

    def __post_init__(self) -> None:
        if self.direction == "lower" and self.normalize is None:
            raise ScoringError(
                INVALID_PARAMS, "parameter 'normalize': direction 'lower' needs normalize (e.g. 1000)", "normalize"
            )
        if self.direction == "lower" and self.cap is not None:
            raise ScoringError(INVALID_PARAMS, "parameter 'cap': a cap applies only to direction 'higher'", "cap")

    def rank(self, case: Case) -> Ranking:
        """Check the measurements, score every round, drop the worst, order by the total."""
        attempts = self._read(case)
        rounds = sorted({r for by_round in attempts.values() for r in by_round})
        results = {
            entry: {r: self._round_result(by_round.get(r, [])) for r in rounds} for entry, by_round in attempts.items()
        }
        best = {r: b for r in rounds if (b := self._best(results, r)) is not None}
        round_scores = {entry: self._round_scores(result, best) for entry, result in results.items()}
        drop = self._discard_count(len(rounds))
        scores: dict[str, Fraction | None] = {}
        discarded: dict[str, tuple[Fraction, ...]] = {}
        details: dict[str, dict[str, Any]] = {}
        warnings = []
        for entry in case.entries:
            if entry not in results:
                scores[entry] = None
                warnings.append(no_marks(entry, "measurements"))
                continue
            # stable sort: among equal round scores the earliest round is the one dropped
            dropped = set(sorted(rounds, key=round_scores[entry].__getitem__)[:drop])
            scores[entry] = sum((round_scores[entry][r] for r in rounds if r not in dropped), Fraction(0))
            discarded[entry] = tuple(sorted((round_scores[entry][r] for r in dropped), reverse=True))
            details[entry] = {
                "rounds": [
                    {
                        "round": r,
                        "result": shown(results[entry][r], self.decimals),
                        "score": shown(round_scores[entry][r], self.decimals),
                        "discarded": r in dropped,
                    }
                    for r in rounds
                ],
                "discarded": sorted(dropped),
                "score_exact": str(scores[entry]),
                "tie_break": None,
            }
        steps = [("best_discarded", split_by(discarded.__getitem__))] if self.tie_break else []
        groups = rank_by_score(case.entries, scores, steps, details)
        return Ranking(groups, dict(scores), details, warnings)

    def _read(self, case: Case) -> dict[str, dict[int, list[Fraction | None]]]:
        """entry -> round -> attempt values (None: no valid result), every record checked."""
        attempts: dict[str, dict[int, dict[int, Fraction | None]]] = {}
        for n, record in enumerate(case.records("measurements")):
            where = f"measurements[{n}]"
            entry = case.entry_of(record, where)
            raw_round, raw_attempt = need(record, "round", where), record.get("attempt", 1)
            round_no, attempt = to_whole(raw_round), to_whole(raw_attempt)
            if round_no is None or round_no < 1 or attempt is None or attempt < 1:
                raise invalid_input(
                    f"{where}: round and attempt of entry {entry} must be whole numbers from 1",
                    entry,
                    "bad_round",
                    entry=entry,
                    round=raw_round,
                    attempt=raw_attempt,
                )
            which = {"entry": entry, "round": round_no, "attempt": attempt}
            raw = need(record, "value", where)
            value = None if raw is None else to_fraction(raw)
            if raw is not None and value is None:
                raise invalid_input(
                    f"{where}: value {raw!r} of entry {entry} is not a number",
                    entry,
                    "measurement_not_number",
                    value=raw,
                    **which,
                )
            if value is not None and (value < 0 or value == 0 and self.direction == "lower"):
                # below zero nothing is measured; a time of zero cannot be beaten and would divide by zero
                raise invalid_input(
                    f"{where}: value {number_text(value)} of entry {entry} is not a valid measurement",
                    entry,
                    "negative_measurement" if value < 0 else "zero_time",
                    value=number_text(value),
                    **which,
                )
            by_attempt = attempts.setdefault(entry, {}).setdefault(round_no, {})
            if attempt in by_attempt:
                raise invalid_input(
                    f"{where}: entry {entry} has two values for round {round_no}, attempt {attempt} (duplicated record)",
                    entry,
                    "duplicate_measurement",
                    **which,
                )
            by_attempt[attempt] = value
        return {
            entry: {r: [by_attempt[a] for a in sorted(by_attempt)] for r, by_attempt in by_round.items()}
            for entry, by_round in attempts.items()
        }

    def _round_result(self, values: list[Fraction | None]) -> Fraction | None:
        """The sum of the best attempts counted in a round; None when it has no valid result."""
        valid = [v for v in values if v is not None]
        if self.direction == "lower":
            if len(valid) < self.attempts_counted:
                return None  # a missing time cannot count as a fast one
            return sum(sorted(valid)[: self.attempts_counted], Fraction(0))
        if not valid:
            return None
        if self.cap is not None:
            valid = [min(v, self.cap) for v in valid]
        return sum(sorted(valid, reverse=True)[: self.attempts_counted], Fraction(0))

    def _round_scores(self, result: dict[int, Fraction | None], best: dict[int, Fraction]) -> dict[int, Fraction]:
        """An entry's score in each round: its result, normalised when asked; 0 without a valid one."""
        scores: dict[int, Fraction] = {}
        for r, value in result.items():
            if value is None:
                scores[r] = Fraction(0)
            elif self.normalize is None:
                scores[r] = value
            else:
                scores[r] = self._normalized(value, best[r])
        return scores

    def _best(self, results: dict[str, dict[int, Fraction | None]], r: int) -> Fraction | None:
        valid = [v for by_round in results.values() if (v := by_round[r]) is not None]
        if not valid:
            return None
        return min(valid) if self.direction == "lower" else max(valid)

    def _normalized(self, result: Fraction, best: Fraction) -> Fraction:
        assert self.normalize is not None
        if self.direction == "lower":
            return self.normalize * best / result
        return self.normalize * result / best if best else Fraction(0)

    def _discard_count(self, rounds: int) -> int:
        if isinstance(self.discard, int):
            # never drop every round: after round 1 of a contest with discard 1 there is still a score
            return min(self.discard, max(rounds - 1, 0))
        return max((count for at_least, count in self.discard if rounds >= at_least), default=0)
