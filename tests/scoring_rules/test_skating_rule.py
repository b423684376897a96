"""skating: the worked examples of docs/scoring-rules.md, shared places, rules in the detail, input checks."""

from __future__ import annotations

import pytest

import scoring_rules
from scoring_rules import ScoringError


def skating_case(by_dance, **params):
    """by_dance: {dance name or None: {entry: [place by J1, J2, ...]}}."""
    placements = []
    entries: list[str] = []
    judges: list[str] = []
    for dance, table in by_dance.items():
        entries = list(table)
        judges = [f"J{j + 1}" for j in range(len(next(iter(table.values()))))]
        for entry, places in table.items():
            for judge, place in zip(judges, places, strict=True):
                record = {"judge": judge, "entry": entry, "place": place}
                if dance is not None:
                    record["dance"] = dance
                placements.append(record)
    return {"rule": "skating", "params": params, "entries": entries, "judges": judges, "placements": placements}


def order(result):
    return [(r["entry"], r["place"], r["place_to"]) for r in result["standings"]]


ONE_DANCE_7 = {None: {"A": [1, 1, 1, 2, 3, 4, 4], "B": [2, 2, 2, 1, 4, 3, 3], "C": [3, 4, 3, 3, 1, 2, 1], "D": [4, 3, 4, 4, 2, 1, 2]}}
ONE_DANCE_5 = {None: {"A": [1, 1, 2, 3, 3], "B": [2, 2, 1, 1, 2], "C": [3, 3, 3, 2, 1]}}
# dance places A 1,1,1 / B 2,2,4 / C 3,3,2 / D 4,4,3 with a single judge, whose places are the dance places
RULE_10A = {
    "d1": {"A": [1], "B": [2], "C": [3], "D": [4]},
    "d2": {"A": [1], "B": [2], "C": [3], "D": [4]},
    "d3": {"A": [1], "B": [4], "C": [2], "D": [3]},
}
RULE_11 = {
    "d1": {"A": [1, 1, 1, 2, 3], "B": [2, 3, 2, 1, 2], "C": [3, 2, 3, 3, 1]},
    "d2": {"A": [1, 2, 1, 1, 3], "B": [3, 3, 3, 3, 1], "C": [2, 1, 2, 2, 2]},
}
# all total 4; E1 and E2 lead E3 at rule 10a for 1st, rule 11 gives E1 1st, and E2, the other
# entry rule 11 compared, takes 2nd before E3 (which rule 10a would give 2nd) is looked at again
RULE_11_REMAINDER = {
    "W": {"E1": [1, 3, 3], "E2": [2, 2, 1], "E3": [3, 1, 2]},
    "T": {"E1": [1, 1, 2], "E2": [2, 3, 3], "E3": [3, 2, 1]},
}


@pytest.mark.parametrize(
    ("dances", "expected", "scores", "rules"),
    [
        (ONE_DANCE_7, ["A", "B", "C", "D"], [1, 2, 3, 4], ["7a", "7a", "6", "6"]),
        (ONE_DANCE_5, ["B", "A", "C"], [1, 2, 3], ["6", "6", "5"]),
        (RULE_10A, ["A", "B", "C", "D"], [3, 8, 8, 11], ["9", "10a", "10a", "9"]),
        (RULE_11, ["A", "C", "B"], [2, 5, 5], ["9", "11", "11"]),
        (RULE_11_REMAINDER, ["E1", "E2", "E3"], [4, 4, 4], ["11", "11", "10a"]),
    ],
    ids=["one-dance-7-judges", "one-dance-5-judges", "rule-10a", "rule-11", "rule-11-remainder"],
)
def test_worked_examples(dances, expected, scores, rules):
    result = scoring_rules.compute(skating_case(dances))
    assert order(result) == [(e, p, p) for p, e in enumerate(expected, 1)]
    assert [r["score"] for r in result["standings"]] == scores
    assert [r["detail"]["rule"] for r in result["standings"]] == rules


def test_dance_places_in_the_detail():
    result = scoring_rules.compute(skating_case(RULE_11))
    c = next(r for r in result["standings"] if r["entry"] == "C")
    assert c["detail"]["dances"] == [{"dance": "d1", "place": 3, "rule": "5"}, {"dance": "d2", "place": 2, "rule": "5"}]


def test_rule_11_remainder_dance_places():
    result = scoring_rules.compute(skating_case(RULE_11_REMAINDER))
    places = {r["entry"]: [d["place"] for d in r["detail"]["dances"]] for r in result["standings"]}
    assert places == {"E1": [3, 1], "E2": [1, 3], "E3": [2, 2]}


def test_shared_dance_place_is_averaged():
    # with two judges A and B hold the same marks (2 and 3): equal to the last column, they share 2nd-3rd
    table = {None: {"X": [1, 1], "A": [2, 3], "B": [3, 2], "C": [4, 4]}}
    result = scoring_rules.compute(skating_case(table))
    assert order(result) == [("X", 1, 1), ("A", 2, 3), ("B", 2, 3), ("C", 4, 4)]
    assert [r["score"] for r in result["standings"]] == [1, 2.5, 2.5, 4]
    assert result["standings"][1]["detail"]["rule"] == "shared"
    assert result["standings"][1]["detail"]["dances"][0]["place"] == 2.5


def test_shared_dance_place_counts_as_its_average_in_rule_10():
    # dance places: d1 B 1, A 2.5, C 2.5, X 4; d2 C 1, A 2.5, X 2.5, B 4. A and B both total 5.
    # For 2nd place B has one dance at 2nd or better (its 1st); A's 2.5s are not 2nd or better.
    d1 = {"B": [1, 1], "A": [2, 3], "C": [3, 2], "X": [4, 4]}
    d2 = {"C": [1, 1], "A": [2, 3], "X": [3, 2], "B": [4, 4]}
    case = skating_case({"d1": d1, "d2": d2})
    case["entries"] = ["X", "A", "B", "C"]
    result = scoring_rules.compute(case)
    assert order(result) == [("C", 1, 1), ("B", 2, 2), ("A", 3, 3), ("X", 4, 4)]
    assert [r["score"] for r in result["standings"]] == [3.5, 5, 5, 6.5]
    assert [r["detail"]["rule"] for r in result["standings"]] == ["9", "10a", "10a", "9"]


def test_dances_parameter_orders_the_protocol():
    result = scoring_rules.compute(skating_case(RULE_11, dances=["d2", "d1"]))
    assert [d["dance"] for d in result["standings"][0]["detail"]["dances"]] == ["d2", "d1"]


def test_places_award_ladder():
    awards = {"levels": [{"key": "place_1", "places": [1]}, {"key": "place_2", "places": [2]}], "otherwise": "participant"}
    result = scoring_rules.compute(skating_case(ONE_DANCE_7, awards=awards))
    assert [r["award"] for r in result["standings"]] == ["place_1", "place_2", "participant", "participant"]


def test_min_max_awards_are_refused_for_skating():
    with pytest.raises(ScoringError) as caught:
        scoring_rules.check_params("skating", {"awards": {"levels": [{"key": "place_1", "max": 4}]}})
    assert (caught.value.code, caught.value.field) == ("invalid_params", "awards")


def test_no_placements_yet_means_no_marks():
    case = skating_case(ONE_DANCE_5)
    case["placements"] = []
    result = scoring_rules.compute(case)
    assert [r["place"] for r in result["standings"]] == [None, None, None]
    assert {w["code"] for w in result["warnings"]} == {"no_marks"}


def refused(case, field=None):
    with pytest.raises(ScoringError) as caught:
        scoring_rules.compute(case)
    assert caught.value.code == "invalid_input"
    if field is not None:
        assert caught.value.field == field
    return caught.value


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda p: p[0].update(place=2), "J1"),  # place 2 twice, place 1 missing
        (lambda p: p[0].update(place=5), "J1"),  # beyond N
        (lambda p: p[0].update(place=0), "J1"),
        (lambda p: p[0].update(place=1.5), "J1"),
        (lambda p: p[0].update(place="1"), "J1"),
        (lambda p: p.pop(), "J5"),  # a judge did not place an entry
        (lambda p: p.append(dict(p[0])), "J1"),  # duplicated record
        (lambda p: p[0].update(entry="Z"), "Z"),
        (lambda p: p[0].update(judge="J9"), "J9"),
        (lambda p: p[0].update(dance="waltz"), "J2"),  # some name a dance, the next does not
    ],
)
def test_not_a_permutation_is_invalid(change, field):
    case = skating_case(ONE_DANCE_5)
    change(case["placements"])
    refused(case, field)


def test_unknown_dance_when_dances_are_given():
    refused(skating_case(RULE_11, dances=["d1", "d3"]))
    error = refused(skating_case(RULE_11, dances=["d1"]), "d2")
    assert "d2" in error.message


def test_every_dance_must_be_complete():
    case = skating_case(RULE_11)
    case["placements"] = [p for p in case["placements"] if not (p["dance"] == "d2" and p["judge"] == "J3")]
    error = refused(case, "J3")
    assert "d2" in error.message
