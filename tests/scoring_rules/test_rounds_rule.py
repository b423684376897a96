"""rounds: the three worked examples of docs/scoring-rules.md, discards, tie-breaks and input checks."""

from __future__ import annotations

from fractions import Fraction

import pytest

import scoring_rules
from scoring_rules import ScoringError


def rounds_case(values, **params):
    """values: {entry: [round 1 attempts, round 2 attempts, ...]}, an attempt list or one value per round."""
    measurements = []
    for entry, by_round in values.items():
        for r, attempts in enumerate(by_round, 1):
            attempts = attempts if isinstance(attempts, list) else [attempts]
            for a, value in enumerate(attempts, 1):
                measurements.append({"entry": entry, "round": r, "attempt": a, "value": value})
    return {"rule": "rounds", "params": params, "entries": list(values), "measurements": measurements}


COURSE = {
    "P1": [35.0, 38.2, 41.0, 36.5, 40.0],
    "P2": [37.0, 36.0, 39.5, 45.0, 38.0],
    "P3": [40.0, 40.1, 38.0, 37.0, None],
}


@pytest.mark.parametrize(
    ("values", "params", "expected"),
    [
        ({"P": [120, 95, 140]}, {"cap": 120}, {"P": 335}),
        ({"P": [[41, 37, 52]]}, {"attempts_counted": 2}, {"P": 93}),
        (COURSE, {"direction": "lower", "normalize": 1000, "discard": 1}, {"P2": 3907.97, "P1": 3892.41, "P3": 3759.24}),
    ],
    ids=["cap", "attempts-counted", "normalize-discard"],
)
def test_worked_examples(values, params, expected):
    result = scoring_rules.compute(rounds_case(values, **params))
    assert [(r["entry"], r["score"]) for r in result["standings"]] == list(expected.items())
    assert [r["place"] for r in result["standings"]] == list(range(1, len(expected) + 1))


def test_normalised_round_scores_as_shown_in_the_docs():
    result = scoring_rules.compute(rounds_case(COURSE, direction="lower", normalize=1000, discard=1))
    shown = {r["entry"]: [x["score"] for x in r["detail"]["rounds"]] for r in result["standings"]}
    assert shown == {
        "P1": [1000, 942.41, 926.83, 1000, 950],
        "P2": [945.95, 1000, 962.03, 811.11, 1000],
        "P3": [875, 897.76, 1000, 986.49, 0],
    }
    discarded = {r["entry"]: r["detail"]["discarded"] for r in result["standings"]}
    assert discarded == {"P1": [3], "P2": [4], "P3": [5]}
    # exact sums: P2 = 1000*(35/37 + 1 + 38/39.5 + 1) ...
    p2 = next(r for r in result["standings"] if r["entry"] == "P2")
    exact = 1000 * (Fraction(35, 37) + 1 + Fraction(380, 395) + 1)
    assert Fraction(p2["detail"]["score_exact"]) == exact


def test_without_the_discard_the_winner_changes():
    result = scoring_rules.compute(rounds_case(COURSE, direction="lower", normalize=1000))
    assert result["standings"][0]["entry"] == "P1"


def test_discard_pairs_follow_the_number_of_rounds():
    values = {"A": [10, 20, 30, 40, 50], "B": [30, 30, 30, 30, 30]}
    four = {e: v[:4] for e, v in values.items()}
    assert scoring_rules.compute(rounds_case(four, discard=[[5, 1], [9, 2]]))["standings"][0]["score"] == 120
    five = scoring_rules.compute(rounds_case(values, discard=[[5, 1], [9, 2]]))
    assert [(r["entry"], r["score"]) for r in five["standings"]] == [("A", 140), ("B", 120)]


def test_a_whole_discard_keeps_at_least_one_round():
    result = scoring_rules.compute(rounds_case({"A": [50], "B": [40]}, discard=1))
    assert [(r["entry"], r["score"]) for r in result["standings"]] == [("A", 50), ("B", 40)]


def test_best_discarded_breaks_ties_then_shared():
    values = {"A": [10, 50, 50], "B": [20, 50, 50], "C": [20, 50, 50]}
    result = scoring_rules.compute(rounds_case(values, discard=1))
    assert [(r["entry"], r["place"], r["place_to"]) for r in result["standings"]] == [("B", 1, 2), ("C", 1, 2), ("A", 3, 3)]
    assert result["standings"][2]["detail"]["tie_break"] == "best_discarded"
    assert result["standings"][0]["detail"]["tie_break"] == "shared"
    plain = scoring_rules.compute(rounds_case(values, discard=1, tie_break=[]))
    assert {r["place"] for r in plain["standings"]} == {1}


def test_null_attempts_and_missing_rounds_score_zero_but_the_entry_is_placed():
    values = {"A": [[None, 30]], "B": [[None, None]], "C": []}
    result = scoring_rules.compute(rounds_case(values))
    rows = {r["entry"]: r for r in result["standings"]}
    assert (rows["A"]["score"], rows["B"]["score"], rows["B"]["place"]) == (30, 0, 2)
    assert (rows["C"]["place"], rows["C"]["score"]) == (None, None)
    assert [(w["code"], w["entry"]) for w in result["warnings"]] == [("no_marks", "C")]


def test_lower_with_a_missing_time_scores_zero_in_that_round():
    values = {"A": [[30, None]], "B": [[32, 33]]}
    result = scoring_rules.compute(rounds_case(values, direction="lower", normalize=100, attempts_counted=2))
    assert [(r["entry"], r["score"]) for r in result["standings"]] == [("B", 100), ("A", 0)]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"direction": "lower"}, "normalize"),
        ({"direction": "lower", "normalize": 1000, "cap": 120}, "cap"),
        ({"direction": "sideways"}, "direction"),
        ({"cap": 0}, "cap"),
        ({"attempts_counted": 0}, "attempts_counted"),
        ({"normalize": -5}, "normalize"),
        ({"discard": -1}, "discard"),
        ({"discard": [[5, 5]]}, "discard"),
        ({"discard": [[9, 2], [5, 1]]}, "discard"),
        ({"discard": [5, 1]}, "discard"),
        ({"tie_break": ["fly_off"]}, "tie_break"),
    ],
)
def test_bad_params(params, field):
    with pytest.raises(ScoringError) as caught:
        scoring_rules.check_params("rounds", params)
    assert (caught.value.code, caught.value.field) == ("invalid_params", field)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"value": "fast"}, "A"),
        ({"value": -3}, "A"),
        ({"round": 0}, "A"),
        ({"attempt": 1.5}, "A"),
        ({"entry": "Z"}, "Z"),
    ],
)
def test_bad_measurements(change, field):
    case = rounds_case({"A": [30, 40]})
    case["measurements"][0].update(change)
    with pytest.raises(ScoringError) as caught:
        scoring_rules.compute(case)
    assert (caught.value.code, caught.value.field) == ("invalid_input", field)


def test_duplicated_measurement():
    case = rounds_case({"A": [30, 40]})
    case["measurements"].append(dict(case["measurements"][0]))
    with pytest.raises(ScoringError, match="duplicated"):
        scoring_rules.compute(case)
