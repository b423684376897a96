"""Pure scoring rules: one case in, standings out, the same for the web app, PDFs and the CLI.

The input and output shapes, the rules, awards and error codes are described in docs/scoring-rules.md.

    compute(case) -> {"rule", "standings", "warnings"[, "judges"]}   raises ScoringError
    check_params(rule, params)      a preset's parameters, checked without any input
    describe()                      every rule and parameter (what `--list` prints)
    input_kind(rule)                marks | placements | measurements | comparisons
    RULES                           name -> rule class (read-only)

Decisions a reader might not expect (each one is in the docs too):
- a rule reads and checks only the record lists in its `inputs`; others are ignored;
- an empty `placements` list (skating, ranked_points) means nothing judged yet: no_marks;
- skating with `dances` given: every placement names one of them and each is complete;
- skating ladders use `places` only (min/max are refused: lower is better there);
- rounds: `discard` as a whole number keeps at least one round; with `lower`, a round needs
  `attempts_counted` valid times; `cap` only with `higher`;
- marking_scheme reads abstentions too; an aspect nobody marked scores 0 with missing_sheet;
- pairwise applies a judge's repeated verdict on a pair as further evidence, never refuses it;
- ranked_points: `points` is required and must not increase down the list;
- half up means away from zero (Decimal's ROUND_HALF_UP), which matters only for pairwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from .awards import AWARD_KEYS
from .base import INVALID_INPUT, INVALID_PARAMS, UNKNOWN_RULE, Rule, ScoringError
from .criteria_panel import CriteriaPanel
from .marking_scheme import MarkingScheme
from .pairwise import Pairwise
from .ranked_points import RankedPoints
from .rounds import Rounds
from .skating import Skating

__all__ = [
    "RULES",
    "Rule",
    "ScoringError",
    "build",
    "check_params",
    "compute",
    "describe",
    "input_kind",
    "rule_class",
]


def make_registry(rules: Iterable[type[Rule]]) -> Mapping[str, type[Rule]]:
    """A read-only name -> rule class mapping; two rules with one name is a programming error."""
    registry: dict[str, type[Rule]] = {}
    for rule in rules:
        if rule.name in registry:
            raise ValueError(f"two scoring rules are named {rule.name!r}")
        registry[rule.name] = rule
    return MappingProxyType(registry)


# Explicit, in the order the admin lists them: the stored rule name on a category is the key.
RULES: Mapping[str, type[Rule]] = make_registry(
    (CriteriaPanel, Skating, Rounds, MarkingScheme, Pairwise, RankedPoints)
)


def rule_class(rule: object) -> type[Rule]:
    """The class registered under `rule`; raises ScoringError(unknown_rule) for any other name."""
    if isinstance(rule, str) and rule in RULES:
        return RULES[rule]
    raise ScoringError(UNKNOWN_RULE, f"unknown rule {rule!r}; rules: {', '.join(RULES)}", "rule")


def build(rule: str, params: Mapping[str, Any] | None = None) -> Rule:
    """A rule with checked parameters, ready to compute cases."""
    return rule_class(rule).from_params(params)


def check_params(rule: str, params: Mapping[str, Any] | None) -> None:
    """Validate a rule's parameters (awards included) without input: a bad preset fails when saved."""
    build(rule, params)


def compute(case: Mapping[str, Any]) -> dict[str, Any]:
    """Standings for one case (docs/scoring-rules.md); raises ScoringError on invalid input."""
    if not isinstance(case, Mapping):
        raise ScoringError(INVALID_INPUT, "a case must be a JSON object", None, {"kind": "not_a_case"})
    if "rule" not in case:
        raise ScoringError(INVALID_INPUT, "the case names no 'rule'", "rule", {"kind": "no_rule"})
    rule = rule_class(case["rule"])
    params = case.get("params")
    if params is not None and not isinstance(params, Mapping):
        raise ScoringError(INVALID_PARAMS, "'params' must be an object", "params")
    return rule.from_params(params).compute(case)


def describe() -> dict[str, Any]:
    """Every rule with its parameters (types, defaults, meaning): what --list prints."""
    return {"rules": [rule.describe() for rule in RULES.values()], "award_keys": list(AWARD_KEYS)}


def input_kind(rule: str) -> str:
    """What a judge's tablet submits for this rule: marks, placements, measurements or comparisons."""
    return rule_class(rule).input_kind
