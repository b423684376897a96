"""The award ladder (docs/scoring-rules.md): the presets' ladders, max_count overflow, no place."""

from __future__ import annotations

import pytest

import scoring_rules
from scoring_rules import ScoringError

TEN_POINT = {
    "levels": [
        {"key": "grand_prix", "min": 10, "max_count": 1},
        {"key": "laureate_1", "min": 9},
        {"key": "laureate_2", "min": 8},
        {"key": "laureate_3", "min": 7},
        {"key": "diplomant", "min": 6},
    ],
    "otherwise": "participant",
}
PLACES = {
    "levels": [
        {"key": "grand_prix", "places": [1], "min": 9.5, "max_count": 1},
        {"key": "laureate_1", "places": [1]},
        {"key": "laureate_2", "places": [2]},
        {"key": "laureate_3", "places": [3]},
        {"key": "diplomant_1", "places": [4]},
        {"key": "diplomant_2", "places": [5]},
        {"key": "diplomant_3", "places": [6]},
    ],
    "otherwise": "participant",
}
NADEZHDA = {"levels": [], "otherwise": "participant"}


def scored(scores, awards, decimals=2):
    """A one-judge, one-criterion case whose scores are exactly `scores` (None: no marks)."""
    entries = list(scores)
    return {
        "rule": "criteria_panel",
        "params": {"criteria": [{"key": "c", "max": 10}], "awards": awards, "decimals": decimals},
        "entries": entries,
        "judges": ["J1"],
        "marks": [
            {"judge": "J1", "entry": e, "criterion": "c", "value": v} for e, v in scores.items() if v is not None
        ],
    }


def awards_of(case):
    return {r["entry"]: r["award"] for r in scoring_rules.compute(case)["standings"]}


@pytest.mark.parametrize(
    ("ladder", "scores", "expected"),
    [
        (
            TEN_POINT,
            {"A": 10, "B": 9.5, "C": 8, "D": 7.25, "E": 6, "F": 5.99, "G": None},
            {"A": "grand_prix", "B": "laureate_1", "C": "laureate_2", "D": "laureate_3", "E": "diplomant",
             "F": "participant", "G": None},
        ),
        (
            PLACES,
            {"A": 9.6, "B": 9.8, "C": 8, "D": 7, "E": 6, "F": 5, "G": 4, "H": 3},
            {"B": "grand_prix", "A": "laureate_2", "C": "laureate_3", "D": "diplomant_1", "E": "diplomant_2",
             "F": "diplomant_3", "G": "participant", "H": "participant"},
        ),
        (
            # first place below 9.5: no Grand Prix, the winner is a laureate of the 1st degree
            PLACES,
            {"A": 9.4, "B": 9.0},
            {"A": "laureate_1", "B": "laureate_2"},
        ),
        (NADEZHDA, {"A": 3, "B": 9, "C": None}, {"A": "participant", "B": "participant", "C": None}),
    ],
    ids=["ten-point", "places", "places-no-grand-prix", "nadezhda"],
)
def test_preset_ladders(ladder, scores, expected):
    assert awards_of(scored(scores, ladder)) == expected


def test_a_tied_group_that_would_overflow_max_count_gets_none_and_closes_the_level():
    # A and B share 1st with 10: one Grand Prix cannot go to two, so neither has it; C's 9.9
    # meets min 9.5, but a lower entry never takes what a better one could not.
    ladder = {"levels": [{"key": "grand_prix", "min": 9.5, "max_count": 1}, {"key": "laureate_1", "min": 9}],
              "otherwise": "participant"}
    assert awards_of(scored({"A": 10, "B": 10, "C": 9.9, "D": 8}, ladder)) == {
        "A": "laureate_1",
        "B": "laureate_1",
        "C": "laureate_1",
        "D": "participant",
    }


def test_max_count_fills_then_closes():
    ladder = {"levels": [{"key": "laureate_1", "min": 9, "max_count": 2}, {"key": "laureate_2", "min": 8}]}
    assert awards_of(scored({"A": 10, "B": 9.5, "C": 9.2, "D": 8.5}, ladder)) == {
        "A": "laureate_1",
        "B": "laureate_1",
        "C": "laureate_2",
        "D": "laureate_2",
    }
    # a tie at the edge: B and C share 2nd; one seat left for two -> neither, nor anyone below
    assert awards_of(scored({"A": 10, "B": 9.5, "C": 9.5, "D": 9.1}, ladder)) == {
        "A": "laureate_1",
        "B": "laureate_2",
        "C": "laureate_2",
        "D": "laureate_2",
    }


def test_without_otherwise_the_rest_get_null():
    ladder = {"levels": [{"key": "place_1", "places": [1]}]}
    assert awards_of(scored({"A": 9, "B": 8}, ladder)) == {"A": "place_1", "B": None}


def test_shared_place_counts_as_its_best_place():
    ladder = {"levels": [{"key": "place_1", "places": [1]}, {"key": "place_2", "places": [2]}]}
    assert awards_of(scored({"A": 9, "B": 9, "C": 8}, ladder)) == {"A": "place_1", "B": "place_1", "C": None}


def test_min_and_max_use_the_exact_score_not_the_printed_one():
    # 8.9999 prints as 9.0 with one decimal, but it is below 9
    ladder = {"levels": [{"key": "laureate_1", "min": 9}, {"key": "laureate_2", "min": 8, "max": 8.9999}]}
    case = scored({"A": 8.9999}, ladder, decimals=1)
    row = scoring_rules.compute(case)["standings"][0]
    assert (row["score"], row["award"]) == (9.0, "laureate_2")


@pytest.mark.parametrize(
    "awards",
    [
        "gold",
        {"levels": "grand_prix"},
        {"levels": [{"min": 9}]},
        {"levels": [{"key": ""}]},
        {"levels": [{"key": "x", "min": "nine"}]},
        {"levels": [{"key": "x", "min": 9, "max": 8}]},
        {"levels": [{"key": "x", "places": []}]},
        {"levels": [{"key": "x", "places": [0]}]},
        {"levels": [{"key": "x", "max_count": 0}]},
        {"levels": [{"key": "x", "max-count": 1}]},
        {"levels": [], "otherwise": 5},
        {"levels": [], "others": "participant"},
    ],
)
def test_bad_ladders_are_refused_when_saved(awards):
    with pytest.raises(ScoringError) as caught:
        scoring_rules.check_params("criteria_panel", {"criteria": [{"key": "c", "max": 10}], "awards": awards})
    assert (caught.value.code, caught.value.field) == ("invalid_params", "awards")
