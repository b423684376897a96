"""criteria_panel: judges mark criteria, a panel policy combines their totals (docs/scoring-rules.md)."""

from __future__ import annotations

import math
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
    Splitter,
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
    round_ratio,
    split_by,
    to_fraction,
    warning,
)


@dataclass(frozen=True)
class Criterion:
    """One criterion of the sheet: its range, step grid and weight."""

    key: str
    max: Fraction
    min: Fraction = Fraction(0)
    step: Fraction | None = None
    weight: Fraction = Fraction(1)

    def problem(self, value: Fraction) -> tuple[str, dict[str, Any]] | None:
        """Why a mark is not allowed for this criterion (the English text and the details), or None."""
        low, mark = number_text(self.min), number_text(value)
        if not self.min <= value <= self.max:
            top = number_text(self.max)
            return f"outside [{low}, {top}]", {"kind": "mark_out_of_range", "value": mark, "min": low, "max": top}
        if self.step is not None and ((value - self.min) / self.step).denominator != 1:
            following = number_text(self.min + self.step)
            return f"off the grid {low}, {following}, ...", {
                "kind": "mark_off_step", "value": mark, "min": low, "step": number_text(self.step), "next": following,
            }
        return None


def _criteria(value: Any) -> tuple[Criterion, ...]:
    if not isinstance(value, list | tuple) or not value:
        raise ParamProblem("a non-empty list of criteria is needed")
    criteria: list[Criterion] = []
    for n, item in enumerate(value):
        where = f"criteria[{n}]"
        object_fields(item, where, ("key", "max", "min", "step", "weight"), ("key", "max"))
        key = item["key"]
        if not isinstance(key, str) or not key:
            raise ParamProblem(f"{where}.key must be a non-empty string")
        if any(c.key == key for c in criteria):
            raise ParamProblem(f"criterion {key!r} is listed twice")
        try:
            top = number_param(item["max"])
            low = number_param(item.get("min", 0))
            step = None if item.get("step") is None else number_param(item["step"], exclusive_minimum=0)
            weight = number_param(item.get("weight", 1), exclusive_minimum=0)
        except ParamProblem as problem:
            raise ParamProblem(f"criterion {key!r}: {problem}") from None
        if low >= top:
            raise ParamProblem(f"criterion {key!r}: min must be below max")
        criteria.append(Criterion(key, top, low, step, weight))
    return tuple(criteria)


def _tie_break(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        raise ParamProblem("a list of tie-break steps is needed")
    steps: list[str] = []
    for step in value:
        if not isinstance(step, str) or not (
            step in ("untrimmed_mean", "casting_vote") or step.startswith("criterion:")
        ):
            raise ParamProblem(f"{step!r} is not a step (criterion:KEY, untrimmed_mean, casting_vote)")
        if step in steps:
            raise ParamProblem(f"step {step!r} is listed twice")
        steps.append(step)
    return tuple(steps)


@dataclass(frozen=True)
class CriteriaPanel(Rule):
    """Judges mark every criterion; each judge's total goes through the panel policy."""

    name: ClassVar[str] = "criteria_panel"
    title: ClassVar[str] = N_("Criteria marked by a panel")
    description: ClassVar[str] = (
        N_("Each judge marks every criterion of an entry; the judge's total is the weighted mean (or "
        "sum) of the marks, and the panel combines the judges' totals by mean, trimmed mean, median "
        "or sum. Higher is better. Used for vocal, dance, art and exhibitions.")
    )
    inputs: ClassVar[tuple[str, ...]] = ("marks", "abstentions", "casting_votes")
    input_kind: ClassVar[str] = "marks"
    warning_codes: ClassVar[tuple[str, ...]] = ("missing_sheet", "too_few_to_trim", "no_marks")
    params: ClassVar[tuple[Param, ...]] = (
        Param(
            "criteria",
            "list",
            N_("The criteria of the sheet, in the order the judges see them."),
            required=True,
            parse=_criteria,
            extra={
                "item": {
                    "type": "object",
                    "fields": [
                        {"name": "key", "type": "string", "required": True,
                         "description": N_("Stable key of the criterion, used by marks and tie-breaks.")},
                        {"name": "max", "type": "number", "required": True,
                         "description": N_("Highest mark.")},
                        {"name": "min", "type": "number", "required": False, "default": 0,
                         "description": N_("Lowest mark.")},
                        {"name": "step", "type": "number", "required": False, "default": None,
                         "nullable": True, "exclusive_minimum": 0,
                         "description": N_("Marks must lie on min, min+step, ... (null: any value).")},
                        {"name": "weight", "type": "number", "required": False, "default": 1,
                         "exclusive_minimum": 0,
                         "description": N_("Weight of the criterion in the judge's total.")},
                    ],
                }
            },
        ),
        Param(
            "judge_total",
            "choice",
            N_("One judge's total for an entry: weighted mean of the marks, or weighted sum."),
            default="mean",
            choices=("mean", "sum"),
        ),
        Param(
            "panel",
            "choice",
            N_("How the judges' totals make the score: mean, trimmed mean, median or sum."),
            default="mean",
            choices=("mean", "trimmed", "median", "sum"),
        ),
        Param(
            "trim",
            "integer",
            N_("With panel 'trimmed': drop this many highest and as many lowest totals, when at least "
            "2*trim+2 totals are present; otherwise the plain mean (warning too_few_to_trim)."),
            default=1,
            minimum=1,
        ),
        Param(
            "abstention",
            "choice",
            N_("An absent judge (abstention or no sheet): 'exclude' counts only present judges; "
            "'replace_with_mean' gives the absent judge the mean of the present totals."),
            default="exclude",
            choices=("exclude", "replace_with_mean"),
        ),
        Param(
            "tie_break",
            "list",
            N_("Steps tried in order on equal scores; what stays equal shares the place."),
            default=[],
            parse=_tie_break,
            extra={
                "item": {
                    "type": "choice",
                    "choices": ["untrimmed_mean", "casting_vote"],
                    "pattern": "criterion:<criterion key>",
                    "description": N_("criterion:KEY: higher panel value of that criterion alone; "
                    "untrimmed_mean: higher plain mean of the totals; casting_vote: the chair's order "
                    "from casting_votes."),
                }
            },
        ),
        decimals_param(2),
        awards_param(),
    )

    criteria: tuple[Criterion, ...]
    judge_total: str = "mean"
    panel: str = "mean"
    trim: int = 1
    abstention: str = "exclude"
    tie_break: tuple[str, ...] = ()
    decimals: int = 2
    awards: Ladder | None = None

    def __post_init__(self) -> None:
        keys = {criterion.key for criterion in self.criteria}
        for step in self.tie_break:
            if step.startswith("criterion:") and step[len("criterion:"):] not in keys:
                raise ScoringError(
                    INVALID_PARAMS,
                    f"parameter 'tie_break': {step!r} names no criterion (criteria: {', '.join(keys)})",
                    "tie_break",
                )

    def rank(self, case: Case) -> Ranking:
        """Check the marks, abstentions and casting votes, then order the entries."""
        sheets = _Sheets.read(self, case)
        absences = read_abstentions(case)
        votes = _casting_votes(case)
        sheets.check(case, absences, [criterion.key for criterion in self.criteria])
        if self.panel == "sum" and self.abstention == "exclude":
            self._check_full_panel(case, sheets)
        return _Computation(self, case, sheets, absences, votes).run()

    def _check_full_panel(self, case: Case, sheets: _Sheets) -> None:
        for e, entry in enumerate(case.entries):
            present = sheets.present(e)
            if present and len(present) < len(case.judges):
                absent = next(judge for j, judge in enumerate(case.judges) if j not in present)
                raise invalid_input(
                    f"panel 'sum' with abstention 'exclude': judge {absent} is absent for entry "
                    f"{entry}, and a sum over fewer judges would punish the entry; use "
                    "abstention 'replace_with_mean'",
                    absent,
                    "sum_with_absent_judge",
                    judge=absent,
                    entry=entry,
                )

    def combine(self, values: list[int], den: int) -> tuple[Fraction, list[int], bool]:
        """Panel value of totals (integers over `den`): value, positions dropped, too few to trim."""
        n = len(values)
        if self.panel == "sum":
            return Fraction(sum(values), den), [], False
        if self.panel == "median":
            ordered = sorted(values)
            mid = n // 2
            if n % 2:
                return Fraction(ordered[mid], den), [], False
            return Fraction(ordered[mid - 1] + ordered[mid], 2 * den), [], False
        if self.panel == "trimmed":
            if n < 2 * self.trim + 2:
                return Fraction(sum(values), n * den), [], True
            order = sorted(range(n), key=values.__getitem__)  # stable: equal totals drop in jury order
            dropped = order[: self.trim] + order[-self.trim :]
            kept = sum(values) - sum(values[i] for i in dropped)
            return Fraction(kept, (n - 2 * self.trim) * den), dropped, False
        return Fraction(sum(values), n * den), [], False


@dataclass
class _Sheets:
    """All marks of the case in flat arrays: slot (entry, judge, criterion) -> value id."""

    n_judges: int
    n_criteria: int
    slots: list[int]
    filled: list[int]  # marks per (entry, judge) sheet
    values: list[Fraction]  # distinct mark values, by id
    criterion_of: list[int]  # the criterion each value id was checked against

    @classmethod
    def read(cls, rule: CriteriaPanel, case: Case) -> _Sheets:
        """Read and check every mark (fast path for well-formed records, exact errors otherwise)."""
        records = case.records("marks")
        n_j, n_c = len(case.judges), len(rule.criteria)
        entry_ix, judge_ix = case.entry_index, case.judge_index
        criterion_ix = {criterion.key: c for c, criterion in enumerate(rule.criteria)}
        # a sheet has few distinct marks (0..10 by 0.5): validate and convert each one only once
        caches: list[dict[Any, int]] = [{} for _ in rule.criteria]
        sheets = cls(n_j, n_c, [-1] * (len(case.entries) * n_j * n_c), [0] * (len(case.entries) * n_j), [], [])
        slots, filled = sheets.slots, sheets.filled
        for n, record in enumerate(records):
            try:
                sheet = entry_ix[record["entry"]] * n_j + judge_ix[record["judge"]]
                c = criterion_ix[record["criterion"]]
                raw = record["value"]
                if raw is True or raw is False:
                    raise TypeError
                value_id = caches[c][raw]
            except (KeyError, TypeError):
                sheet, c, value_id = sheets._read_slowly(rule, case, n, record, caches)
            slot = sheet * n_c + c
            if slots[slot] >= 0:
                judge, entry = case.judges[sheet % n_j], case.entries[sheet // n_j]
                key = rule.criteria[c].key
                raise invalid_input(
                    f"marks[{n}]: judge {judge} marked criterion {key} of entry {entry} twice (duplicated record)",
                    judge,
                    "duplicate_mark",
                    judge=judge,
                    entry=entry,
                    criterion=key,
                )
            slots[slot] = value_id
            filled[sheet] += 1
        return sheets

    def _read_slowly(
        self, rule: CriteriaPanel, case: Case, n: int, record: Any, caches: list[dict[Any, int]]
    ) -> tuple[int, int, int]:
        where = f"marks[{n}]"
        judge = case.judge_of(record, where)
        entry = case.entry_of(record, where)
        key = need(record, "criterion", where)
        c = next((i for i, criterion in enumerate(rule.criteria) if criterion.key == key), None)
        if c is None:
            raise invalid_input(
                f"{where}: judge {judge} marked entry {entry} on unknown criterion {key!r}",
                key,
                "unknown_criterion",
                judge=judge,
                entry=entry,
                criterion=key,
            )
        criterion = rule.criteria[c]
        raw = need(record, "value", where)
        value = to_fraction(raw)
        if value is None:
            raise invalid_input(
                f"{where}: the mark of judge {judge} for entry {entry} on {key} is {raw!r}, not a number",
                key,
                "mark_not_number",
                judge=judge,
                entry=entry,
                criterion=key,
                value=raw,
            )
        problem = criterion.problem(value)
        if problem is not None:
            text, details = problem
            raise invalid_input(
                f"{where}: the mark {number_text(value)} of judge {judge} for entry {entry} on {key} is {text}",
                key,
                judge=judge,
                entry=entry,
                criterion=key,
                **details,
            )
        self.values.append(value)
        self.criterion_of.append(c)
        value_id = len(self.values) - 1
        try:
            caches[c][raw] = value_id
        except TypeError:  # an unhashable number type: just not cached
            pass
        return case.entry_index[entry] * self.n_judges + case.judge_index[judge], c, value_id

    def present(self, e: int) -> set[int]:
        """Judges with a complete sheet for entry number e."""
        base = e * self.n_judges
        return {j for j in range(self.n_judges) if self.filled[base + j]}

    def check(self, case: Case, absences: dict[tuple[str, str], str | None], keys: list[str]) -> None:
        """No partial sheets, and no judge both abstaining and marking an entry."""
        for (judge, entry) in absences:
            if self.filled[case.entry_index[entry] * self.n_judges + case.judge_index[judge]]:
                raise abstained_and_marked(judge, entry)
        for e, entry in enumerate(case.entries):
            for j, judge in enumerate(case.judges):
                count = self.filled[e * self.n_judges + j]
                if 0 < count < self.n_criteria:
                    base = (e * self.n_judges + j) * self.n_criteria
                    missing = [key for c, key in enumerate(keys) if self.slots[base + c] < 0]
                    raise invalid_input(
                        f"incomplete_sheet: judge {judge} marked {count} of {self.n_criteria} "
                        f"criteria for entry {entry} (missing: {', '.join(missing)})",
                        judge,
                        "incomplete_sheet",
                        judge=judge,
                        entry=entry,
                        marked=count,
                        total=self.n_criteria,
                        missing=missing,
                    )


def _casting_votes(case: Case) -> list[dict[str, int]]:
    votes: list[dict[str, int]] = []
    for n, record in enumerate(case.records("casting_votes")):
        where = f"casting_votes[{n}]"
        order = need(record, "order", where)
        if record.get("judge") is not None:
            case.judge_of(record, where)
        if not isinstance(order, list | tuple):
            raise invalid_input(f"{where}: order must be a list of entries", None, "not_a_list", list=f"{where}.order")
        positions: dict[str, int] = {}
        for i, entry in enumerate(order):
            if not isinstance(entry, str) or entry not in case.entry_index:
                raise invalid_input(f"{where} names entry {entry!r}, which is not in 'entries'", entry, "unknown_entry", entry=entry)
            if entry in positions:
                raise invalid_input(f"{where} names entry {entry} twice", entry, "casting_vote_repeats", vote=n, entry=entry)
            positions[entry] = i
        votes.append(positions)
    return votes


class _Computation:
    """One run of the rule over checked input: integer totals over a common denominator."""

    def __init__(
        self,
        rule: CriteriaPanel,
        case: Case,
        sheets: _Sheets,
        absences: dict[tuple[str, str], str | None],
        votes: list[dict[str, int]],
    ) -> None:
        self.rule, self.case, self.sheets, self.absences, self.votes = rule, case, sheets, absences, votes
        # Exact arithmetic without Fraction in the inner loops: marks become integers over the
        # common denominator of all marks, weights over that of all weights.
        mark_den = math.lcm(1, *(v.denominator for v in sheets.values))
        weight_den = math.lcm(*(c.weight.denominator for c in rule.criteria))
        self.marks = [v.numerator * (mark_den // v.denominator) for v in sheets.values]
        self.weights = [c.weight.numerator * (weight_den // c.weight.denominator) for c in rule.criteria]
        # each value id belongs to one criterion, so it can carry that criterion's weight already
        self.weighted = [self.weights[c] * mark for c, mark in zip(sheets.criterion_of, self.marks, strict=True)]
        if rule.judge_total == "sum":
            self.den = mark_den * weight_den  # sum w*x
            self.criterion_den = mark_den * weight_den
            self.criterion_weights = self.weights
        else:
            self.den = mark_den * sum(self.weights)  # sum w*x / sum w
            self.criterion_den = mark_den
            self.criterion_weights = [1] * len(self.weights)
        self.present: dict[str, list[int]] = {}  # entry -> judges with a sheet, for tie-breaks
        self.panel_input: dict[str, tuple[list[int], int]] = {}  # entry -> totals and denominator

    def run(self) -> Ranking:
        """Every entry's judge totals and panel score, then the order with its tie-breaks."""
        rule, case = self.rule, self.case
        n_j, n_c = self.sheets.n_judges, self.sheets.n_criteria
        slots, weighted, filled = self.sheets.slots, self.weighted, self.sheets.filled
        # judge totals repeat a lot (coarse marks): round each distinct one once
        rounded: dict[int, int | float] = {}
        scores: dict[str, Fraction | None] = {}
        details: dict[str, dict[str, Any]] = {}
        warnings: list[dict[str, Any]] = []
        for e, entry in enumerate(case.entries):
            totals: dict[int, int] = {}
            for j in range(n_j):
                if filled[e * n_j + j]:
                    base = (e * n_j + j) * n_c
                    totals[j] = sum(map(weighted.__getitem__, slots[base : base + n_c]))
            absent = [j for j in range(n_j) if j not in totals]
            if not totals:
                scores[entry] = None
                details[entry] = self._absence_detail(entry, absent)
                warnings.append(no_marks(entry))
                continue
            self.present[entry] = list(totals)
            values, den, replaced = self._panel_values(totals, absent, self.den)
            self.panel_input[entry] = (values, den)
            score, dropped, too_few = rule.combine(values, den)
            scores[entry] = score
            for t in totals.values():
                if t not in rounded:
                    rounded[t] = round_ratio(t, self.den, rule.decimals)
            detail = {
                "judge_totals": {case.judges[j]: rounded[t] for j, t in totals.items()},
                **self._absence_detail(entry, absent),
            }
            if replaced is not None:
                shown_mean = round_ratio(replaced, den, rule.decimals)
                detail["replaced"] = {case.judges[j]: shown_mean for j in absent}
            members = self._members(totals, absent)
            detail["dropped"] = [case.judges[members[i]] for i in sorted(dropped)]
            detail["panel"] = "mean" if too_few else rule.panel
            detail["score_exact"] = str(score)
            detail["tie_break"] = None
            details[entry] = detail
            for j in absent:
                judge = case.judges[j]
                if (judge, entry) not in self.absences:
                    warnings.append(
                        warning("missing_sheet", entry, f"judge {judge} has no marks for entry {entry}", judge)
                    )
            if too_few:
                warnings.append(
                    warning(
                        "too_few_to_trim",
                        entry,
                        f"entry {entry} has {len(values)} judge totals; trimming {rule.trim} from each "
                        f"end needs {2 * rule.trim + 2}, so the plain mean is used",
                    )
                )
        groups = rank_by_score(case.entries, scores, [(step, self._splitter(step)) for step in rule.tie_break], details)
        return Ranking(groups, dict(scores), details, warnings)

    def _members(self, totals: dict[int, int], absent: list[int]) -> list[int]:
        if self.rule.abstention == "replace_with_mean" and absent:
            return sorted([*totals, *absent])
        return list(totals)

    def _panel_values(
        self, totals: dict[int, int], absent: list[int], den: int
    ) -> tuple[list[int], int, int | None]:
        """Totals (over `den`) that enter the panel step, their denominator, the replaced value."""
        if self.rule.abstention != "replace_with_mean" or not absent:
            return list(totals.values()), den, None
        count, mean_numerator = len(totals), sum(totals.values())
        # scale by the number of present judges so the replaced mean stays an integer
        values = [totals[j] * count if j in totals else mean_numerator for j in self._members(totals, absent)]
        return values, den * count, mean_numerator

    def _absence_detail(self, entry: str, absent: list[int]) -> dict[str, Any]:
        judges = self.case.judges
        return {
            "abstentions": {
                judges[j]: self.absences[(judges[j], entry)] for j in absent if (judges[j], entry) in self.absences
            },
            "missing_sheets": [judges[j] for j in absent if (judges[j], entry) not in self.absences],
        }

    def _splitter(self, step: str) -> Splitter:
        if step == "casting_vote":
            return self._casting_vote
        if step == "untrimmed_mean":
            return split_by(self._untrimmed_mean)
        c = next(i for i, criterion in enumerate(self.rule.criteria) if f"criterion:{criterion.key}" == step)
        return split_by(lambda entry: self._criterion_value(entry, c))

    def _casting_vote(self, tied: list[str]) -> list[list[str]]:
        """The chair's order: the first vote that names every tied entry, else still tied."""
        for vote in self.votes:
            if all(entry in vote for entry in tied):
                return [[entry] for entry in sorted(tied, key=vote.__getitem__)]
        return [tied]

    def _untrimmed_mean(self, entry: str) -> Fraction:
        values, den = self.panel_input[entry]
        return Fraction(sum(values), len(values) * den)

    def _criterion_value(self, entry: str, c: int) -> Fraction:
        """Panel value of one criterion alone, under the same abstention and panel policies."""
        e = self.case.entry_index[entry]
        n_j, n_c = self.sheets.n_judges, self.sheets.n_criteria
        weight = self.criterion_weights[c]
        totals = {
            j: weight * self.marks[self.sheets.slots[(e * n_j + j) * n_c + c]] for j in self.present[entry]
        }
        absent = [j for j in range(n_j) if j not in totals]
        values, den, _ = self._panel_values(totals, absent, self.criterion_den)
        return self.rule.combine(values, den)[0]
