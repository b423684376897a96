"""marking_scheme: the example of docs/scoring-rules.md (7.11), its warnings and input checks."""

from __future__ import annotations

import pytest

import scoring_rules
from scoring_rules import ScoringError

ASPECTS = [
    {"key": "size", "type": "measurement", "max": 2.0},
    {"key": "time", "type": "measurement", "max": 3.0},
    {"key": "seams", "type": "judgement", "max": 4.0},
]


def scheme_case(marks, entries=("X",), judges=("J1", "J2", "J3")):
    return {
        "rule": "marking_scheme",
        "params": {"aspects": ASPECTS},
        "entries": list(entries),
        "judges": list(judges),
        "marks": [{"judge": j, "entry": e, "criterion": k, "value": v} for j, e, k, v in marks],
    }


EXAMPLE = [
    ("J1", "X", "size", 2.0),
    ("J1", "X", "time", 2.0),
    ("J1", "X", "seams", 2),
    ("J2", "X", "seams", 2),
    ("J3", "X", "seams", 3),
]


def test_worked_example():
    result = scoring_rules.compute(scheme_case(EXAMPLE))
    x = result["standings"][0]
    assert x["score"] == 7.11
    assert x["detail"]["score_exact"] == "64/9"
    assert x["detail"]["aspects"] == {"size": 2.0, "time": 2.0, "seams": 3.11}
    assert result["warnings"] == []


def test_measurement_disagreement_takes_the_mean():
    result = scoring_rules.compute(scheme_case([*EXAMPLE, ("J2", "X", "size", 1.0)]))
    assert result["standings"][0]["detail"]["aspects"]["size"] == 1.5
    assert [w["code"] for w in result["warnings"]] == ["measurement_disagreement"]


def test_judgement_spread_is_flagged():
    marks = [m for m in EXAMPLE if m[0] != "J3"] + [("J3", "X", "seams", 0)]
    result = scoring_rules.compute(scheme_case(marks))
    assert [(w["code"], w["entry"]) for w in result["warnings"]] == [("judgement_spread", "X")]


def test_equal_scores_share_and_unmarked_entries_have_no_place():
    other = [(j, "Y", k, v) for j, _, k, v in EXAMPLE]
    result = scoring_rules.compute(scheme_case(EXAMPLE + other, entries=("X", "Y", "Z")))
    assert [(r["entry"], r["place"], r["place_to"]) for r in result["standings"]] == [("X", 1, 2), ("Y", 1, 2), ("Z", None, None)]
    assert ("no_marks", "Z") in [(w["code"], w["entry"]) for w in result["warnings"]]


def test_a_judge_without_marks_is_a_missing_sheet():
    marks = [m for m in EXAMPLE if m[0] != "J3"]
    result = scoring_rules.compute(scheme_case(marks))
    assert [(w["code"], w.get("judge")) for w in result["warnings"]] == [("missing_sheet", "J3")]
    assert result["standings"][0]["detail"]["aspects"]["seams"] == 2.67  # 4 * 2 / 3


@pytest.mark.parametrize(
    ("mark", "field"),
    [
        (("J2", "X", "seams", 4), "seams"),
        (("J2", "X", "seams", 1.5), "seams"),
        (("J2", "X", "time", 3.5), "time"),
        (("J2", "X", "taste", 1), "taste"),
        (("J2", "X", "time", "good"), "time"),
        (("J1", "X", "seams", 3), "J1"),  # duplicated record
        (("J9", "X", "seams", 3), "J9"),
    ],
)
def test_bad_marks(mark, field):
    marks = [m for m in EXAMPLE if m[:3] != ("J2", "X", "seams")] + [mark]
    with pytest.raises(ScoringError) as caught:
        scoring_rules.compute(scheme_case(marks))
    assert (caught.value.code, caught.value.field) == ("invalid_input", field)


def test_abstention_with_marks_is_invalid():
    case = scheme_case(EXAMPLE)
    case["abstentions"] = [{"judge": "J3", "entry": "X", "reason": "teacher"}]
    with pytest.raises(ScoringError) as caught:
        scoring_rules.compute(case)
    assert (caught.value.code, caught.value.field) == ("invalid_input", "J3")


@pytest.mark.parametrize(
    "aspects",
    [
        [],
        [{"key": "size", "type": "opinion", "max": 2}],
        [{"key": "size", "type": "measurement", "max": 0}],
        [{"key": "size", "type": "measurement"}],
        [{"key": "a", "type": "judgement", "max": 2}, {"key": "a", "type": "judgement", "max": 3}],
    ],
)
def test_bad_aspects(aspects):
    with pytest.raises(ScoringError) as caught:
        scoring_rules.check_params("marking_scheme", {"aspects": aspects})
    assert (caught.value.code, caught.value.field) == ("invalid_params", "aspects")
