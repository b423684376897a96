"""ranked_points: the example of docs/scoring-rules.md, Borda, count-back and the checks on rankings."""

from __future__ import annotations

import pytest

import scoring_rules
from scoring_rules import ScoringError


def ranked_case(rankings, entries=("S1", "S2", "S3", "S4"), points=(12, 10, 8)):
    return {
        "rule": "ranked_points",
        "params": {"points": points if points == "borda" else list(points)},
        "entries": list(entries),
        "judges": list(rankings),
        "placements": [
            {"judge": judge, "entry": entry, "place": place}
            for judge, order in rankings.items()
            for place, entry in enumerate(order, 1)
        ],
    }


EXAMPLE = {"J1": ["S1", "S2", "S3"], "J2": ["S2", "S1", "S4"], "J3": ["S2", "S3", "S1"]}


def test_worked_example():
    result = scoring_rules.compute(ranked_case(EXAMPLE))
    assert [(r["entry"], r["score"], r["place"]) for r in result["standings"]] == [
        ("S2", 34, 1),
        ("S1", 30, 2),
        ("S3", 18, 3),
        ("S4", 8, 4),
    ]
    s3 = result["standings"][2]["detail"]
    assert s3["points"] == {"J1": 8, "J2": 0, "J3": 10}
    assert s3["count_back"] == [0, 1, 1]


def test_count_back_then_shared():
    # A: 12 + 8 = 20 and B: 10 + 10 = 20, A has a 12: A first. E1 and E2 nobody ranked: 0, shared.
    rankings = {"J1": ["A", "B", "X"], "J2": ["Y", "B", "A"]}
    result = scoring_rules.compute(ranked_case(rankings, entries=("A", "B", "X", "Y", "E1", "E2")))
    rows = [(r["entry"], r["score"], r["place"], r["place_to"], r["detail"]["tie_break"]) for r in result["standings"]]
    assert rows == [
        ("A", 20, 1, 1, "count_back"),
        ("B", 20, 2, 2, "count_back"),
        ("Y", 12, 3, 3, None),
        ("X", 8, 4, 4, None),
        ("E1", 0, 5, 6, "shared"),
        ("E2", 0, 5, 6, "shared"),
    ]
    assert result["standings"][0]["detail"]["count_back"] == [1, 0, 1]


def test_borda_counts_first_places_on_ties():
    # n = 3: 2, 1, 0 points. J1: A B C, J2: B C A, J3: C A B -> all 3 points, 1 first place each: shared
    rankings = {"J1": ["A", "B", "C"], "J2": ["B", "C", "A"], "J3": ["C", "A", "B"]}
    result = scoring_rules.compute(ranked_case(rankings, entries=("A", "B", "C"), points="borda"))
    assert {(r["score"], r["place"], r["place_to"]) for r in result["standings"]} == {(3, 1, 3)}
    # J1 ranks only A: A 2, others 0 -> unranked entries score 0 and share 2nd
    partial = scoring_rules.compute(ranked_case({"J1": ["A"]}, entries=("A", "B", "C"), points="borda"))
    assert [(r["entry"], r["score"], r["place"], r["place_to"]) for r in partial["standings"]] == [
        ("A", 2, 1, 1),
        ("B", 0, 2, 3),
        ("C", 0, 2, 3),
    ]


def test_no_rankings_yet_means_no_marks():
    result = scoring_rules.compute(ranked_case({}))
    assert all(r["place"] is None for r in result["standings"])
    assert {w["code"] for w in result["warnings"]} == {"no_marks"}


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda p: p.remove({"judge": "J1", "entry": "S2", "place": 2}), "J1"),  # gap: 1, 3
        (lambda p: p.append({"judge": "J1", "entry": "S4", "place": 3}), "J1"),  # place 3 twice
        (lambda p: p.append({"judge": "J1", "entry": "S1", "place": 4}), "J1"),  # S1 twice
        (lambda p: p.append({"judge": "J1", "entry": "S4", "place": 5}), "J1"),  # beyond n
        (lambda p: p[0].update(dance="waltz"), "J1"),
        (lambda p: p[0].update(judge="J8"), "J8"),
        (lambda p: p[0].update(entry="S9"), "S9"),
    ],
)
def test_bad_rankings(mutate, field):
    case = ranked_case(EXAMPLE)
    mutate(case["placements"])
    with pytest.raises(ScoringError) as caught:
        scoring_rules.compute(case)
    assert (caught.value.code, caught.value.field) == ("invalid_input", field)


@pytest.mark.parametrize("points", [None, [], [10, 12], [12, -1], "eurovision", [12, "ten"]])
def test_bad_points(points):
    params = {} if points is None else {"points": points}
    with pytest.raises(ScoringError) as caught:
        scoring_rules.check_params("ranked_points", params)
    assert (caught.value.code, caught.value.field) == ("invalid_params", "points")
