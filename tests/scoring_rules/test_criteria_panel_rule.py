"""criteria_panel: the worked example of docs/scoring-rules.md, tie-breaks, warnings and every input check."""

from __future__ import annotations

from fractions import Fraction

import pytest

import scoring_rules
from scoring_rules import ScoringError

FIVE = [{"key": f"c{i}", "max": 10} for i in range(5)]
EXAMPLE_TOTALS = {"J1": 9.0, "J2": 8.4, "J3": 9.8, "J4": 7.4, "J5": 8.8}


def flat_case(totals_by_entry, criteria=FIVE, judges=None, **params):
    """A case where each judge gives every criterion of an entry the same mark (so the total is it)."""
    entries = list(totals_by_entry)
    judges = judges or sorted({j for totals in totals_by_entry.values() for j in totals})
    marks = [
        {"judge": judge, "entry": entry, "criterion": c["key"], "value": value}
        for entry, totals in totals_by_entry.items()
        for judge, value in totals.items()
        if value is not None
        for c in criteria
    ]
    return {
        "rule": "criteria_panel",
        "params": {"criteria": criteria, **params},
        "entries": entries,
        "judges": judges,
        "marks": marks,
    }


def row(result, entry):
    return next(r for r in result["standings"] if r["entry"] == entry)


def codes(result):
    return [(w["code"], w["entry"], w.get("judge")) for w in result["warnings"]]


@pytest.mark.parametrize(
    ("params", "abstaining", "exact", "shown"),
    [
        ({"panel": "mean"}, False, Fraction("8.68"), 8.68),
        ({"panel": "trimmed", "trim": 1}, False, Fraction(262, 30), 8.73),
        ({"panel": "mean"}, True, Fraction("8.40"), 8.4),
        ({"panel": "trimmed"}, True, Fraction("8.60"), 8.6),
        ({"panel": "trimmed", "abstention": "replace_with_mean"}, True, Fraction(256, 30), 8.53),
    ],
    ids=["mean", "trimmed", "abstain-mean", "abstain-trimmed", "abstain-replace-trimmed"],
)
def test_worked_example(params, abstaining, exact, shown):
    totals = dict(EXAMPLE_TOTALS)
    if abstaining:
        totals["J3"] = None
    case = flat_case({"A": totals}, judges=list(EXAMPLE_TOTALS), **params)
    if abstaining:
        case["abstentions"] = [{"judge": "J3", "entry": "A", "reason": "teacher"}]
    result = scoring_rules.compute(case)
    a = row(result, "A")
    assert Fraction(a["detail"]["score_exact"]) == exact
    assert a["score"] == shown
    assert (a["place"], a["place_to"]) == (1, 1)
    if abstaining:
        assert a["detail"]["abstentions"] == {"J3": "teacher"}
        assert "J3" not in a["detail"]["judge_totals"]
        assert codes(result) == []  # an abstention is not a missing sheet


def test_trimmed_detail_names_the_dropped_judges():
    result = scoring_rules.compute(flat_case({"A": EXAMPLE_TOTALS}, panel="trimmed"))
    detail = row(result, "A")["detail"]
    assert sorted(detail["dropped"]) == ["J3", "J4"]
    assert detail["judge_totals"] == {"J1": 9.0, "J2": 8.4, "J3": 9.8, "J4": 7.4, "J5": 8.8}
    assert detail["panel"] == "trimmed"


def test_replaced_total_is_shown_in_the_detail():
    totals = dict(EXAMPLE_TOTALS, J3=None)
    case = flat_case({"A": totals}, judges=list(EXAMPLE_TOTALS), panel="trimmed", abstention="replace_with_mean")
    case["abstentions"] = [{"judge": "J3", "entry": "A", "reason": "teacher"}]
    detail = row(scoring_rules.compute(case), "A")["detail"]
    assert detail["replaced"] == {"J3": 8.4}


def test_weighted_mean_and_sum_of_a_judge():
    criteria = [{"key": "voice", "max": 10, "weight": 2}, {"key": "art", "max": 10, "weight": 1}]
    marks = [
        {"judge": "J1", "entry": "A", "criterion": "voice", "value": 9},
        {"judge": "J1", "entry": "A", "criterion": "art", "value": 6},
    ]
    base = {"rule": "criteria_panel", "entries": ["A"], "judges": ["J1"], "marks": marks}
    mean = scoring_rules.compute({**base, "params": {"criteria": criteria}})
    total = scoring_rules.compute({**base, "params": {"criteria": criteria, "judge_total": "sum"}})
    assert row(mean, "A")["score"] == 8.0  # (2*9 + 6) / 3
    assert row(total, "A")["score"] == 24.0  # 2*9 + 6


def test_median_of_an_even_panel():
    result = scoring_rules.compute(flat_case({"A": {"J1": 7, "J2": 8, "J3": 9, "J4": 10}}, panel="median"))
    assert row(result, "A")["score"] == 8.5


def test_exact_arithmetic_has_no_float_drift():
    # 0.1 + 0.2 is not 0.3 in floats; with three criteria of 0.1, 0.2 and 0.3 the mean is exactly 0.2
    criteria = [{"key": k, "max": 1} for k in "abc"]
    marks = [{"judge": "J1", "entry": "A", "criterion": k, "value": v} for k, v in zip("abc", (0.1, 0.2, 0.3), strict=True)]
    case = {"rule": "criteria_panel", "params": {"criteria": criteria}, "entries": ["A"], "judges": ["J1"], "marks": marks}
    assert row(scoring_rules.compute(case), "A")["detail"]["score_exact"] == "1/5"


def test_rounding_is_half_up_only_at_the_output():
    # 8.125 exactly: half up gives 8.13 (banker's rounding would give 8.12)
    result = scoring_rules.compute(flat_case({"A": {"J1": 8.25, "J2": 8.0}}, criteria=[{"key": "c", "max": 10}]))
    assert row(result, "A")["score"] == 8.13
    one_digit = scoring_rules.compute(flat_case({"A": {"J1": 8.25, "J2": 8.0}}, criteria=[{"key": "c", "max": 10}], decimals=0))
    assert row(one_digit, "A")["score"] == 8


def test_shared_places_and_the_next_place():
    result = scoring_rules.compute(flat_case({"A": {"J1": 8}, "B": {"J1": 9}, "C": {"J1": 8}, "D": {"J1": 7}}))
    got = [(r["entry"], r["place"], r["place_to"]) for r in result["standings"]]
    assert got == [("B", 1, 1), ("A", 2, 3), ("C", 2, 3), ("D", 4, 4)]
    assert row(result, "A")["detail"]["tie_break"] == "shared"


def test_tie_break_by_criterion_then_casting_vote():
    criteria = [{"key": "voice", "max": 10}, {"key": "art", "max": 10}]
    sheets = {"A": (8, 9), "B": (9, 8), "C": (9, 8), "D": (7, 7)}
    marks = [
        {"judge": "J1", "entry": e, "criterion": k, "value": v}
        for e, values in sheets.items()
        for k, v in zip(("voice", "art"), values, strict=True)
    ]
    case = {
        "rule": "criteria_panel",
        "params": {"criteria": criteria, "tie_break": ["criterion:voice", "casting_vote"]},
        "entries": ["A", "B", "C", "D"],
        "judges": ["J1"],
        "marks": marks,
        "casting_votes": [{"order": ["A", "B"]}, {"order": ["C", "A", "B"]}],
    }
    result = scoring_rules.compute(case)
    assert [(r["entry"], r["place"]) for r in result["standings"]] == [("C", 1), ("B", 2), ("A", 3), ("D", 4)]
    assert [row(result, e)["detail"]["tie_break"] for e in "CBAD"] == ["casting_vote", "casting_vote", "criterion:voice", None]


def test_casting_vote_that_names_not_all_of_the_group_leaves_it_shared():
    case = flat_case({"A": {"J1": 8}, "B": {"J1": 8}, "C": {"J1": 8}}, tie_break=["casting_vote"])
    case["casting_votes"] = [{"order": ["B", "A"]}, {"order": []}]
    result = scoring_rules.compute(case)
    assert {(r["place"], r["place_to"]) for r in result["standings"]} == {(1, 3)}


def test_equal_untrimmed_means_stay_shared():
    case = flat_case(
        {"A": {"J1": 5, "J2": 8, "J3": 8, "J4": 10}, "B": {"J1": 6, "J2": 8, "J3": 8, "J4": 9}},
        panel="trimmed",
        tie_break=["untrimmed_mean"],
    )
    result = scoring_rules.compute(case)
    # trimmed 8 and 8, untrimmed 7.75 and 7.75: shared, in running order
    assert [(r["entry"], r["place"], r["place_to"]) for r in result["standings"]] == [("A", 1, 2), ("B", 1, 2)]
    assert row(result, "A")["detail"]["tie_break"] == "shared"


def test_untrimmed_mean_separates():
    case = flat_case(
        {"A": {"J1": 5, "J2": 8, "J3": 8, "J4": 10}, "B": {"J1": 7, "J2": 8, "J3": 8, "J4": 9}},
        panel="trimmed",
        tie_break=["untrimmed_mean"],
    )
    result = scoring_rules.compute(case)
    assert [(r["entry"], r["place"]) for r in result["standings"]] == [("B", 1), ("A", 2)]
    assert row(result, "B")["detail"]["tie_break"] == "untrimmed_mean"


def test_missing_sheet_is_absent_not_zero():
    result = scoring_rules.compute(flat_case({"A": {"J1": 8, "J2": None}, "B": {"J1": 6, "J2": 6}}, judges=["J1", "J2"]))
    assert row(result, "A")["score"] == 8.0
    assert row(result, "A")["detail"]["missing_sheets"] == ["J2"]
    assert codes(result) == [("missing_sheet", "A", "J2")]


def test_too_few_to_trim_falls_back_to_the_mean():
    result = scoring_rules.compute(flat_case({"A": {"J1": 6, "J2": 8, "J3": 10}}, panel="trimmed"))
    assert row(result, "A")["score"] == 8.0
    assert row(result, "A")["detail"]["panel"] == "mean"
    assert codes(result) == [("too_few_to_trim", "A", None)]


def test_entry_without_marks_has_no_place():
    result = scoring_rules.compute(flat_case({"A": {"J1": 7}, "B": {"J1": None}}, judges=["J1"], panel="sum"))
    b = row(result, "B")
    assert (b["place"], b["place_to"], b["score"], b["award"]) == (None, None, None, None)
    assert result["standings"][-1]["entry"] == "B"
    assert ("no_marks", "B", None) in codes(result)


def test_sum_panel_with_replaced_absentee():
    case = flat_case({"A": {"J1": 8, "J2": None, "J3": 6}}, judges=["J1", "J2", "J3"], panel="sum", abstention="replace_with_mean")
    case["abstentions"] = [{"judge": "J2", "entry": "A"}]
    assert row(scoring_rules.compute(case), "A")["score"] == 21.0


def invalid(case, field=None, code="invalid_input", words=()):
    with pytest.raises(ScoringError) as caught:
        scoring_rules.compute(case)
    assert caught.value.code == code
    if field is not None:
        assert caught.value.field == field
    for word in words:
        assert word in caught.value.message
    return caught.value


def one_mark(**changes):
    mark = {"judge": "J1", "entry": "A", "criterion": "c", "value": 9.5}
    mark.update(changes)
    return {
        "rule": "criteria_panel",
        "params": {"criteria": [{"key": "c", "min": 1, "max": 10, "step": 0.5}]},
        "entries": ["A"],
        "judges": ["J1"],
        "marks": [mark],
    }


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"value": 9.3}, "c", ("grid",)),
        ({"value": 10.5}, "c", ("outside",)),
        ({"value": 0.5}, "c", ("outside",)),
        ({"value": "9.5"}, "c", ("not a number",)),
        ({"value": True}, "c", ("not a number",)),
        ({"value": None}, "c", ("not a number",)),
        ({"criterion": "charm"}, "charm", ("unknown criterion",)),
        ({"entry": "Z"}, "Z", ("entry",)),
        ({"judge": "J9"}, "J9", ("judge",)),
    ],
)
def test_bad_mark(changes, field, words):
    invalid(one_mark(**changes), field, words=words)


def test_a_mark_record_that_is_not_an_object():
    case = one_mark()
    case["marks"].append("J1:A:c:9")
    invalid(case, words=("marks[1]",))


def test_a_mark_without_value():
    case = one_mark()
    del case["marks"][0]["value"]
    invalid(case, words=("value",))


def test_duplicated_mark():
    case = one_mark()
    case["marks"].append(dict(case["marks"][0]))
    invalid(case, "J1", words=("twice",))


def test_incomplete_sheet():
    case = flat_case({"A": {"J1": 8}}, criteria=FIVE)
    case["marks"].pop()
    invalid(case, "J1", words=("incomplete_sheet", "J1", "A"))


def test_abstention_and_marks_for_the_same_entry():
    case = flat_case({"A": {"J1": 8, "J2": 7}})
    case["abstentions"] = [{"judge": "J2", "entry": "A", "reason": "teacher"}]
    invalid(case, "J2", words=("abstention",))


@pytest.mark.parametrize(
    ("abstention", "field"),
    [({"judge": "J7", "entry": "A"}, "J7"), ({"judge": "J1", "entry": "Q"}, "Q")],
)
def test_abstention_naming_strangers(abstention, field):
    case = flat_case({"A": {"J1": 8}})
    case["abstentions"] = [abstention]
    invalid(case, field)


def test_duplicated_abstention():
    case = flat_case({"A": {"J1": 8, "J2": None}}, judges=["J1", "J2"])
    case["abstentions"] = [{"judge": "J2", "entry": "A"}, {"judge": "J2", "entry": "A"}]
    invalid(case, "J2", words=("twice",))


def test_casting_vote_naming_a_stranger():
    case = flat_case({"A": {"J1": 8}})
    case["casting_votes"] = [{"order": ["A", "Q"]}]
    invalid(case, "Q")


def test_sum_with_an_excluded_absentee_is_refused():
    case = flat_case({"A": {"J1": 8, "J2": None}}, judges=["J1", "J2"], panel="sum")
    case["abstentions"] = [{"judge": "J2", "entry": "A", "reason": "teacher"}]
    invalid(case, "J2", words=("sum",))


@pytest.mark.parametrize(
    ("key", "value"),
    [("entries", "A,B"), ("entries", ["A", "A"]), ("judges", [1, 2]), ("marks", {"judge": "J1"})],
)
def test_bad_case_lists(key, value):
    case = flat_case({"A": {"J1": 8}})
    case[key] = value
    invalid(case)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "criteria"),
        ({"criteria": []}, "criteria"),
        ({"criteria": [{"key": "c"}]}, "criteria"),
        ({"criteria": [{"key": "c", "max": 10, "step": 0}]}, "criteria"),
        ({"criteria": [{"key": "c", "max": 10, "min": 10}]}, "criteria"),
        ({"criteria": [{"key": "c", "max": 10}, {"key": "c", "max": 5}]}, "criteria"),
        ({"criteria": [{"key": "c", "max": 10, "colour": "red"}]}, "criteria"),
        ({"criteria": FIVE, "panel": "average"}, "panel"),
        ({"criteria": FIVE, "trim": 0}, "trim"),
        ({"criteria": FIVE, "trim": 1.5}, "trim"),
        ({"criteria": FIVE, "abstention": "zero"}, "abstention"),
        ({"criteria": FIVE, "tie_break": ["criterion:voice"]}, "tie_break"),
        ({"criteria": FIVE, "tie_break": ["coin_toss"]}, "tie_break"),
        ({"criteria": FIVE, "decimals": -1}, "decimals"),
        ({"criteria": FIVE, "trimm": 2}, "trimm"),
    ],
)
def test_bad_params_name_the_parameter(params, field):
    with pytest.raises(ScoringError) as caught:
        scoring_rules.check_params("criteria_panel", params)
    assert caught.value.code == "invalid_params"
    assert caught.value.field == field
    assert field in caught.value.message
