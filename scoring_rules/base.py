"""Shared pieces of every scoring rule: errors, exact numbers, parameters, the case, placing."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar


def N_(text: str) -> str:
    """Mark a description for the app's translation catalogues; the package itself stays English."""
    return text

UNKNOWN_RULE = "unknown_rule"
INVALID_PARAMS = "invalid_params"
INVALID_INPUT = "invalid_input"

Score = Fraction | float


class ScoringError(Exception):
    """Invalid rule, parameters or input: carries a stable code and the offending name."""

    def __init__(
        self, code: str, message: str, field: str | None = None, details: Mapping[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        # What went wrong as data ({"kind": "below_minimum", "value": ..., "limit": ...}), so an
        # application can word the message in its user's language; the message stays the English text.
        self.details = dict(details or {})

    def to_dict(self) -> dict[str, Any]:
        """The error as the command line prints it: {"error": {"code", "message"[, "field"]}}."""
        error: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field is not None:
            error["field"] = self.field
        return {"error": error}

    def __repr__(self) -> str:
        return f"ScoringError({self.code!r}, {self.message!r}, field={self.field!r})"


def invalid_input(message: str, field: object = None, kind: str | None = None, **details: Any) -> ScoringError:
    """An invalid_input error naming the judge, entry or criterion at fault.

    `kind` and the keyword details describe the common problems as data (ids of the judge and the
    entry, the criterion's key, numbers as text), so an application can say them with the names
    its users know; the message stays the English text.
    """
    data = {"kind": kind, **{key: plain(value) for key, value in details.items()}} if kind else None
    return ScoringError(INVALID_INPUT, message, field if isinstance(field, str) else None, data)


def abstained_and_marked(judge: str, entry: str) -> ScoringError:
    """A judge both abstains from an entry and marks it (criteria and marking-scheme rules)."""
    return invalid_input(f"judge {judge} has both an abstention and marks for entry {entry}", judge,
                         "abstained_and_marked", judge=judge, entry=entry)


def plain(value: Any) -> Any:
    """A detail as plain JSON (text, whole number, None or a list of them): it is stored as given."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, Fraction | Decimal | float):
        exact = to_fraction(value)
        return number_text(exact) if exact is not None else str(value)
    return repr(value)


class ParamProblem(ValueError):
    """Raised by parameter parsers; Param.read turns it into invalid_params naming the parameter.

    `kind` and the keyword details describe the common problems as data (see ScoringError.details).
    """

    def __init__(self, message: str, kind: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.details = {"kind": kind, **details} if kind else {}


# --- exact numbers ---------------------------------------------------------------------------


def to_fraction(value: object) -> Fraction | None:
    """The exact value of a JSON number (9.1 is 91/10), or None when it is not a finite number."""
    if isinstance(value, bool):  # True is an int to Python, never a mark
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        # str() gives the shortest text that reads back as this float: the number the user typed
        return Fraction(Decimal(str(value))) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return Fraction(value) if value.is_finite() else None
    if isinstance(value, Fraction):
        return value
    return None


def to_whole(value: object) -> int | None:
    """An integral JSON number as an int (2 or 2.0), else None."""
    exact = to_fraction(value)
    if exact is None or exact.denominator != 1:
        return None
    return exact.numerator


def round_ratio(numerator: int, denominator: int, decimals: int) -> int | float:
    """numerator/denominator rounded half up (away from zero) to `decimals` places."""
    scale = 10**decimals
    quotient, remainder = divmod(abs(numerator) * scale, denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    if numerator < 0:
        quotient = -quotient
    # int / int is correctly rounded, so 868/100 prints as 8.68
    return quotient / scale if decimals else quotient


def shown(value: Score | None, decimals: int) -> int | float | None:
    """The printed form of an exact score: rounded half up only here, at the output."""
    if value is None:
        return None
    if isinstance(value, float):
        return shown(Fraction(Decimal(repr(value))), decimals)
    return round_ratio(value.numerator, value.denominator, decimals)


def number_text(value: Fraction) -> str:
    """A parameter number as the user would type it: 9.5, 10, 1/3."""
    if value.denominator == 1:
        return str(value.numerator)
    as_decimal = Decimal(value.numerator) / Decimal(value.denominator)
    return str(as_decimal) if Fraction(as_decimal) == value else str(value)


# --- parameters --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One rule parameter: how the admin describes it and how a preset value is checked."""

    name: str
    type: str  # choice | integer | number | list | awards | discard | points
    description: str
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: int | float | None = None
    exclusive_minimum: int | float | None = None
    maximum: int | float | None = None
    nullable: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)  # nested shapes for --list
    parse: Callable[[Any], Any] | None = None  # raises ParamProblem

    def read(self, params: Mapping[str, Any]) -> Any:
        """The checked internal value of this parameter in `params` (or its default)."""
        if self.name in params:
            value = params[self.name]
        elif self.required:
            raise ScoringError(
                INVALID_PARAMS, f"parameter {self.name!r} is required", self.name, {"kind": "required"}
            )
        else:
            value = self.default
        if value is None and self.nullable:
            return None
        try:
            return self._convert(value)
        except ParamProblem as problem:
            raise ScoringError(
                INVALID_PARAMS, f"parameter {self.name!r}: {problem}", self.name, problem.details
            ) from None

    def _convert(self, value: Any) -> Any:
        if self.parse is not None:
            return self.parse(value)
        if self.type == "choice":
            if not isinstance(value, str) or value not in self.choices:
                raise ParamProblem(
                    f"{value!r} is not one of {', '.join(self.choices)}", "choice", value=value, choices=self.choices
                )
            return value
        if self.type == "integer":
            return whole_param(value, self.minimum, self.maximum)
        if self.type == "number":
            return number_param(value, self.minimum, self.exclusive_minimum)
        raise AssertionError(f"parameter {self.name} of type {self.type} needs a parser")

    def describe(self) -> dict[str, Any]:
        """This parameter as --list prints it, for the admin's parameter form."""
        out: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "required": self.required,
            "default": self.default,
            "description": self.description,
        }
        if self.choices:
            out["choices"] = list(self.choices)
        for key in ("minimum", "exclusive_minimum", "maximum"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.nullable:
            out["nullable"] = True
        out.update(self.extra)
        return out


def whole_param(value: Any, minimum: float | None = None, maximum: float | None = None) -> int:
    """A whole-number parameter within [minimum, maximum]."""
    number = to_whole(value)
    if number is None:
        raise ParamProblem(f"{value!r} is not a whole number", "not_whole", value=value)
    if minimum is not None and number < minimum:
        raise ParamProblem(f"{number} is below the minimum {minimum}", "below_minimum", value=number, limit=minimum)
    if maximum is not None and number > maximum:
        raise ParamProblem(f"{number} is above the maximum {maximum}", "above_maximum", value=number, limit=maximum)
    return number


def number_param(
    value: Any, minimum: float | None = None, exclusive_minimum: float | None = None
) -> Fraction:
    """A numeric parameter as an exact fraction, within its bounds."""
    number = to_fraction(value)
    if number is None:
        raise ParamProblem(f"{value!r} is not a number", "not_number", value=value)
    if minimum is not None and number < minimum:
        text = number_text(number)
        raise ParamProblem(f"{text} is below the minimum {minimum}", "below_minimum", value=text, limit=minimum)
    if exclusive_minimum is not None and number <= exclusive_minimum:
        text = number_text(number)
        raise ParamProblem(
            f"{text} must be greater than {exclusive_minimum}", "not_above", value=text, limit=exclusive_minimum
        )
    return number


def object_fields(value: Any, where: str, allowed: Iterable[str], required: Iterable[str]) -> None:
    """Check a nested parameter object: a mapping with known keys and its required ones."""
    if not isinstance(value, Mapping):
        raise ParamProblem(f"{where} must be an object")
    allowed = set(allowed)
    for key in value:
        if key not in allowed:
            raise ParamProblem(f"{where} has unknown field {key!r} (known: {', '.join(sorted(allowed))})")
    for key in required:
        if key not in value:
            raise ParamProblem(f"{where} needs {key!r}")


def decimals_param(default: int) -> Param:
    """The `decimals` parameter every rule has: rounding of the printed score only."""
    return Param(
        "decimals",
        "integer",
        N_("Digits after the decimal point in the printed score; ranking and awards use exact values."),
        default=default,
        minimum=0,
        maximum=12,
    )


# --- the case ------------------------------------------------------------------------------------


def _id_list(case: Mapping[str, Any], name: str) -> tuple[str, ...]:
    value = case.get(name)
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise invalid_input(f"{name!r} must be a list of ids", None, "not_a_list", list=name)
    seen: set[str] = set()
    for item in value:
        if not isinstance(item, str) or not item:
            raise invalid_input(f"{name!r} holds {item!r}: ids are non-empty strings", None, "bad_id", list=name, value=item)
        if item in seen:
            raise invalid_input(f"{name!r} lists {item!r} twice", item, "duplicate_id", list=name, id=item)
        seen.add(item)
    return tuple(value)


@dataclass(frozen=True)
class Case:
    """A checked view of the case: running order, jury, and access to the record lists."""

    entries: tuple[str, ...]
    judges: tuple[str, ...]
    raw: Mapping[str, Any]
    entry_index: dict[str, int]
    judge_index: dict[str, int]

    @classmethod
    def read(cls, raw: Mapping[str, Any]) -> Case:
        """Check the entries and judges lists of a raw case."""
        if not isinstance(raw.get("entries"), list | tuple):
            raise invalid_input(
                "the case needs 'entries', the list of entry ids in running order (it may be empty)",
                None,
                "not_a_list",
                list="entries",
            )
        entries = _id_list(raw, "entries")
        judges = _id_list(raw, "judges")
        return cls(
            entries,
            judges,
            raw,
            {entry: i for i, entry in enumerate(entries)},
            {judge: i for i, judge in enumerate(judges)},
        )

    def records(self, name: str) -> list[Any]:
        """One record list of the case (absent means empty)."""
        value = self.raw.get(name)
        if value is None:
            return []
        if not isinstance(value, list | tuple):
            raise invalid_input(f"{name!r} must be a list of records", None, "not_a_list", list=name)
        return list(value)

    def entry_of(self, record: Any, where: str, key: str = "entry") -> str:
        """The entry a record names, which must be in `entries`."""
        value = need(record, key, where)
        if not isinstance(value, str) or value not in self.entry_index:
            raise invalid_input(f"{where} names entry {value!r}, which is not in 'entries'", value, "unknown_entry", entry=value)
        return value

    def judge_of(self, record: Any, where: str) -> str:
        """The judge a record names, which must be in `judges`."""
        value = need(record, "judge", where)
        if not isinstance(value, str) or value not in self.judge_index:
            raise invalid_input(f"{where} names judge {value!r}, which is not in 'judges'", value, "unknown_judge", judge=value)
        return value


def need(record: Any, key: str, where: str) -> Any:
    """A field every record of this kind must have."""
    if not isinstance(record, Mapping):
        raise invalid_input(f"{where} must be an object, not {record!r}", None, "not_an_object", record=where)
    if key not in record:
        raise invalid_input(f"{where} has no {key!r}", None, "missing_field", record=where, name=key)
    return record[key]


# --- placing and output -------------------------------------------------------------------------------


@dataclass
class Ranking:
    """What a rule found: ordered groups of entries sharing a place, exact scores, details."""

    groups: list[list[str]]  # best first; an entry missing from every group has no place
    scores: dict[str, Score | None]
    details: dict[str, dict[str, Any]]
    warnings: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # rule-specific top-level output


def group_equal(ordered: Sequence[str], key: Callable[[str], Any]) -> list[list[str]]:
    """Split an already sorted sequence into runs of equal keys."""
    groups: list[list[str]] = []
    previous: Any = object()
    for entry in ordered:
        value = key(entry)
        if groups and value == previous:
            groups[-1].append(entry)
        else:
            groups.append([entry])
        previous = value
    return groups


Splitter = Callable[[list[str]], list[list[str]]]


def comparable(values: Mapping[str, Any]) -> Mapping[str, Any]:
    """Exact sort keys: fractions over one common denominator become ints, which compare much faster."""
    if not values or not all(type(v) is Fraction for v in values.values()):
        return values
    common = math.lcm(*{v.denominator for v in values.values()})
    if common.bit_length() > 4096:  # many unrelated denominators (normalised times): keep the fractions
        return values
    return {k: v.numerator * (common // v.denominator) for k, v in values.items()}


def split_by(key: Callable[[str], Any]) -> Splitter:
    """A tie-break step that orders tied entries by a key, higher first, keeping equal ones together."""

    def split(tied: list[str]) -> list[list[str]]:
        values = comparable({entry: key(entry) for entry in tied})
        return group_equal(sorted(tied, key=values.__getitem__, reverse=True), values.__getitem__)

    return split


def break_ties(
    tied: list[str], steps: Sequence[tuple[str, Splitter]], details: dict[str, dict[str, Any]]
) -> list[list[str]]:
    """Order a group of equal scores by the tie-break steps in turn; what stays equal shares.

    Each entry of a tied group gets detail["tie_break"]: the step that set it apart, or "shared".
    """
    if len(tied) == 1:
        return [tied]
    if not steps:
        for entry in tied:
            details[entry]["tie_break"] = "shared"
        return [tied]
    (name, split), rest = steps[0], steps[1:]
    parts = split(tied)
    out: list[list[str]] = []
    for part in parts:
        if len(part) == 1 and len(parts) > 1:
            details[part[0]]["tie_break"] = name
            out.append(part)
        else:
            out += break_ties(part, rest, details)
    return out


def rank_by_score(
    entries: Sequence[str],
    scores: Mapping[str, Any],
    steps: Sequence[tuple[str, Splitter]],
    details: dict[str, dict[str, Any]],
) -> list[list[str]]:
    """Groups of entries sharing a place: higher score first, ties through `steps`, running order kept."""
    keys = comparable({e: scores[e] for e in entries if scores[e] is not None})
    ordered = sorted(keys, key=keys.__getitem__, reverse=True)  # stable: running order within a tie
    groups: list[list[str]] = []
    for tied in group_equal(ordered, keys.__getitem__):
        groups += break_ties(tied, steps, details)
    return groups


def read_abstentions(case: Case) -> dict[tuple[str, str], str | None]:
    """Recorded abstentions (judge, entry) -> reason; a judge abstains from an entry at most once."""
    absences: dict[tuple[str, str], str | None] = {}
    for n, record in enumerate(case.records("abstentions")):
        where = f"abstentions[{n}]"
        judge = case.judge_of(record, where)
        entry = case.entry_of(record, where)
        reason = record.get("reason")
        if reason is not None and not isinstance(reason, str):
            raise invalid_input(f"{where}: reason must be text", judge, "reason_not_text", judge=judge, entry=entry)
        if (judge, entry) in absences:
            raise invalid_input(
                f"{where}: judge {judge} abstains from entry {entry} twice (duplicated record)",
                judge,
                "duplicate_abstention",
                judge=judge,
                entry=entry,
            )
        absences[(judge, entry)] = reason
    return absences


def warning(code: str, entry: str | None, message: str, judge: str | None = None) -> dict[str, Any]:
    """One warning record of the output."""
    out: dict[str, Any] = {"code": code, "entry": entry}
    if judge is not None:
        out["judge"] = judge
    out["message"] = message
    return out


def no_marks(entry: str, what: str = "marks") -> dict[str, Any]:
    """The warning for an entry without usable marks: no place, no score, no award."""
    return warning("no_marks", entry, f"entry {entry} has no usable {what}: no place, no score")


class Rule:
    """Base of every rule: a frozen dataclass of checked parameters that computes standings."""

    name: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    inputs: ClassVar[tuple[str, ...]]
    input_kind: ClassVar[str]
    better: ClassVar[str] = "higher"
    warning_codes: ClassVar[tuple[str, ...]] = ()
    params: ClassVar[tuple[Param, ...]]

    decimals: int
    awards: Any  # awards.Ladder | None

    @classmethod
    def from_params(cls, params: Mapping[str, Any] | None) -> Rule:
        """Build the rule from preset parameters; raises invalid_params naming the parameter."""
        if params is None:
            params = {}
        if not isinstance(params, Mapping):
            raise ScoringError(INVALID_PARAMS, "'params' must be an object")
        names = [param.name for param in cls.params]
        for name in params:
            if name not in names:
                raise ScoringError(
                    INVALID_PARAMS,
                    f"rule {cls.name} has no parameter {name!r} (it has: {', '.join(names)})",
                    name if isinstance(name, str) else None,
                    {"kind": "unknown_param", "value": name},
                )
        return cls(**{param.name: param.read(params) for param in cls.params})

    @classmethod
    def describe(cls) -> dict[str, Any]:
        """The rule and its parameters, as --list prints them."""
        return {
            "name": cls.name,
            "title": cls.title,
            "description": cls.description,
            "input_kind": cls.input_kind,
            "inputs": list(cls.inputs),
            "better": cls.better,
            "warnings": list(cls.warning_codes),
            "params": [param.describe() for param in cls.params],
        }

    def rank(self, case: Case) -> Ranking:
        """Check the input and order the entries (each rule implements this)."""
        raise NotImplementedError

    def compute(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        """Standings for one case, in the output shape of docs/scoring-rules.md."""
        case = Case.read(raw)
        ranking = self.rank(case)
        return standings(self, case, ranking)


def standings(rule: Rule, case: Case, ranking: Ranking) -> dict[str, Any]:
    """Rows in place order (running order within a shared place), awards, warnings."""
    order = case.entry_index
    placed: list[list[tuple[str, int, int]]] = []
    place = 1
    for group in ranking.groups:
        place_to = place + len(group) - 1
        placed.append([(entry, place, place_to) for entry in sorted(group, key=order.__getitem__)])
        place = place_to + 1
    awards: dict[str, str | None] = {}
    if rule.awards is not None:
        awards = rule.awards.assign(
            [[(entry, p, ranking.scores.get(entry)) for entry, p, _ in group] for group in placed]
        )
    rows = []
    for group in placed:
        for entry, p, p_to in group:
            rows.append(_row(entry, p, p_to, ranking, rule.decimals, awards.get(entry)))
    seen = {entry for group in ranking.groups for entry in group}
    for entry in case.entries:
        if entry not in seen:
            rows.append(_row(entry, None, None, ranking, rule.decimals, None))
    result: dict[str, Any] = {"rule": rule.name, "standings": rows, "warnings": ranking.warnings}
    result.update(ranking.extra)
    return result


def _row(
    entry: str,
    place: int | None,
    place_to: int | None,
    ranking: Ranking,
    decimals: int,
    award: str | None,
) -> dict[str, Any]:
    score = ranking.scores.get(entry) if place is not None else None
    return {
        "entry": entry,
        "place": place,
        "place_to": place_to,
        "score": shown(score, decimals),
        "award": award,
        "detail": ranking.details.get(entry, {}),
    }

