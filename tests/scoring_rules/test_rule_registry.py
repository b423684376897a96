"""The public API: registry, compute, check_params, describe, input_kind and ScoringError."""

from __future__ import annotations

import json

import pytest

import scoring_rules
from scoring_rules import RULES, ScoringError
from scoring_rules.criteria_panel import CriteriaPanel

NAMES = ["criteria_panel", "skating", "rounds", "marking_scheme", "pairwise", "ranked_points"]


def test_registry_holds_the_documented_rules_in_order():
    assert list(RULES) == NAMES
    assert all(RULES[name].name == name for name in NAMES)


def test_registry_refuses_duplicate_names():
    with pytest.raises(ValueError, match="criteria_panel"):
        scoring_rules.make_registry((CriteriaPanel, CriteriaPanel))


def test_registry_is_read_only():
    with pytest.raises(TypeError):
        RULES["coin_toss"] = CriteriaPanel  # type: ignore[index]


@pytest.mark.parametrize(
    ("rule", "kind"),
    [
        ("criteria_panel", "marks"),
        ("marking_scheme", "marks"),
        ("skating", "placements"),
        ("ranked_points", "placements"),
        ("rounds", "measurements"),
        ("pairwise", "comparisons"),
    ],
)
def test_input_kind(rule, kind):
    assert scoring_rules.input_kind(rule) == kind


@pytest.mark.parametrize(
    "call",
    [
        lambda: scoring_rules.compute({"rule": "coin_toss", "entries": []}),
        lambda: scoring_rules.compute({"rule": 7, "entries": []}),
        lambda: scoring_rules.check_params("coin_toss", {}),
        lambda: scoring_rules.input_kind("coin_toss"),
    ],
)
def test_unknown_rule(call):
    with pytest.raises(ScoringError) as caught:
        call()
    assert caught.value.code == "unknown_rule"
    assert "criteria_panel" in caught.value.message  # says which rules exist


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ([], "invalid_input"),
        ({"entries": []}, "invalid_input"),
        ({"rule": "rounds"}, "invalid_input"),
        ({"rule": "rounds", "entries": None}, "invalid_input"),
        ({"rule": "rounds", "params": [1], "entries": []}, "invalid_params"),
        ({"rule": "rounds", "params": {"cap": "high"}, "entries": []}, "invalid_params"),
    ],
)
def test_malformed_cases(case, code):
    with pytest.raises(ScoringError) as caught:
        scoring_rules.compute(case)
    assert caught.value.code == code


def test_check_params_accepts_good_params_and_returns_nothing():
    assert scoring_rules.check_params("criteria_panel", {"criteria": [{"key": "c", "max": 10}]}) is None
    assert scoring_rules.check_params("rounds", {}) is None
    assert scoring_rules.check_params("pairwise", None) is None


def test_params_are_checked_before_the_input():
    case = {"rule": "rounds", "params": {"discard": -1}, "entries": ["A"], "measurements": "garbage"}
    with pytest.raises(ScoringError) as caught:
        scoring_rules.compute(case)
    assert caught.value.code == "invalid_params"


def test_scoring_error_shape():
    error = ScoringError("invalid_input", "judge J9 is not in 'judges'", "J9")
    assert (error.code, error.message, error.field, str(error)) == ("invalid_input", error.message, "J9", error.message)
    assert error.to_dict() == {"error": {"code": "invalid_input", "message": error.message, "field": "J9"}}
    assert ScoringError("unknown_rule", "no such rule").to_dict() == {"error": {"code": "unknown_rule", "message": "no such rule"}}


def test_describe_is_the_admin_form_source():
    described = scoring_rules.describe()
    json.dumps(described)  # plain JSON all the way down
    assert [rule["name"] for rule in described["rules"]] == NAMES
    for rule in described["rules"]:
        assert {"name", "title", "description", "inputs", "input_kind", "params"} <= set(rule)
        names = [param["name"] for param in rule["params"]]
        assert "awards" in names and "decimals" in names
        for param in rule["params"]:
            assert {"name", "type", "default", "required", "description"} <= set(param)
            assert param["description"]
            if param["type"] == "choice":
                assert param["default"] in param["choices"]
            if not param["required"] and param["default"] is not None:
                # every documented default is itself accepted
                scoring_rules.check_params(rule["name"], {**_required(rule["name"]), param["name"]: param["default"]})
    panel = described["rules"][0]
    assert panel["inputs"] == ["marks", "abstentions", "casting_votes"]
    by_name = {p["name"]: p for p in panel["params"]}
    assert by_name["panel"] == {
        "name": "panel",
        "type": "choice",
        "required": False,
        "default": "mean",
        "description": by_name["panel"]["description"],
        "choices": ["mean", "trimmed", "median", "sum"],
    }
    assert by_name["criteria"]["required"] is True
    assert "grand_prix" in by_name["awards"]["keys"]


def _required(rule):
    return {
        "criteria_panel": {"criteria": [{"key": "c", "max": 10}]},
        "marking_scheme": {"aspects": [{"key": "a", "type": "judgement", "max": 3}]},
        "ranked_points": {"points": "borda"},
    }.get(rule, {})


def test_presets_shape_of_params_is_accepted():
    # the vocal preset: 0-10 by 0.5, trimmed, ties by intonation then the chair, the 10-point ladder
    params = {
        "criteria": [{"key": k, "min": 0, "max": 10, "step": 0.5, "weight": 1} for k in ("intonation", "technique")],
        "judge_total": "mean",
        "panel": "trimmed",
        "trim": 1,
        "abstention": "exclude",
        "tie_break": ["criterion:intonation", "casting_vote"],
        "decimals": 2,
        "awards": {"levels": [{"key": "grand_prix", "min": 10, "max_count": 1}], "otherwise": "participant"},
    }
    scoring_rules.check_params("criteria_panel", params)


def test_rules_read_only_their_own_lists():
    # the app may send casting votes with any rule: a rule that does not read them ignores them
    case = {
        "rule": "rounds",
        "entries": ["A"],
        "measurements": [{"entry": "A", "round": 1, "attempt": 1, "value": 12}],
        "casting_votes": [{"order": ["A"]}],
    }
    assert scoring_rules.compute(case)["standings"][0]["score"] == 12


def test_exact_sort_keys_keep_the_order_of_the_fractions():
    from fractions import Fraction

    from scoring_rules.base import comparable

    small = {"a": Fraction(131, 15), "b": Fraction(43, 5), "c": Fraction(26, 3)}
    keys = comparable(small)
    assert all(isinstance(k, int) for k in keys.values())
    assert sorted(small, key=keys.__getitem__) == sorted(small, key=small.__getitem__)
    primes = [p for p in range(2, 20000) if all(p % d for d in range(2, int(p**0.5) + 1))][:700]
    huge = {str(p): Fraction(1, p) for p in primes}
    assert comparable(huge) is huge  # too many unrelated denominators: compared as fractions
