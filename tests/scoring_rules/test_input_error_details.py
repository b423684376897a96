"""invalid_input errors carry what went wrong as data, beside the English message the CLI prints.

An application words `details` with the names its users know (the judge's name, the entry's
number); the message and the command line's {"error": {...}} stay exactly as they were.
"""

from __future__ import annotations

import json

import pytest

import scoring_rules
from scoring_rules import ScoringError


def refusal(case) -> ScoringError:
    with pytest.raises(ScoringError) as caught:
        scoring_rules.compute(case)
    assert caught.value.code == "invalid_input"
    return caught.value


def panel_case(marks, criteria=None, judges=("J1", "J2"), entries=("A", "B"), **params):
    return {
        "rule": "criteria_panel",
        "params": {"criteria": criteria or [{"key": "voice", "min": 1, "max": 10, "step": 0.5}], **params},
        "entries": list(entries),
        "judges": list(judges),
        "marks": marks,
    }


def mark(judge="J1", entry="A", criterion="voice", value=9.5):
    return {"judge": judge, "entry": entry, "criterion": criterion, "value": value}


WHO = {"judge": "J1", "entry": "A", "criterion": "voice"}


@pytest.mark.parametrize(
    ("case", "details"),
    [
        (panel_case([mark(value=10.5)]), {"kind": "mark_out_of_range", **WHO, "value": "10.5", "min": "1", "max": "10"}),
        (panel_case([mark(value=0.5)]), {"kind": "mark_out_of_range", **WHO, "value": "0.5", "min": "1", "max": "10"}),
        (panel_case([mark(value=9.3)]),
         {"kind": "mark_off_step", **WHO, "value": "9.3", "min": "1", "step": "0.5", "next": "1.5"}),
        (panel_case([mark(value="9,5")]), {"kind": "mark_not_number", **WHO, "value": "9,5"}),
        (panel_case([mark(criterion="charm")]), {"kind": "unknown_criterion", **WHO, "criterion": "charm"}),
        (panel_case([mark(), mark()]), {"kind": "duplicate_mark", **WHO}),
        (panel_case([mark(entry="Z")]), {"kind": "unknown_entry", "entry": "Z"}),
        (panel_case([mark(judge="J9")]), {"kind": "unknown_judge", "judge": "J9"}),
    ],
)
def test_a_refused_mark_says_who_what_and_the_limits(case, details):
    assert refusal(case).details == details


def test_the_message_and_the_command_line_shape_stay_as_they_were():
    error = refusal(panel_case([mark(value=10.5)]))
    assert error.message == "marks[0]: the mark 10.5 of judge J1 for entry A on voice is outside [1, 10]"
    assert error.to_dict() == {"error": {"code": "invalid_input", "message": error.message, "field": "voice"}}


def test_an_incomplete_sheet_lists_the_missing_criteria():
    criteria = [{"key": key, "max": 10} for key in ("voice", "stage", "repertoire")]
    error = refusal(panel_case([mark(criterion="stage", value=8)], criteria=criteria))
    assert error.details == {"kind": "incomplete_sheet", "judge": "J1", "entry": "A", "marked": 1, "total": 3,
                             "missing": ["voice", "repertoire"]}
    assert json.loads(json.dumps(error.details)) == error.details  # stored with the results as JSON


def test_abstaining_and_marking_names_the_judge_and_the_entry():
    case = panel_case([mark()])
    case["abstentions"] = [{"judge": "J1", "entry": "A", "reason": "teacher"}]
    assert refusal(case).details == {"kind": "abstained_and_marked", "judge": "J1", "entry": "A"}


def test_a_sum_over_fewer_judges_names_the_absent_judge():
    case = panel_case([mark(judge="J1")], panel="sum")
    case["abstentions"] = [{"judge": "J2", "entry": "A"}]
    assert refusal(case).details == {"kind": "sum_with_absent_judge", "judge": "J2", "entry": "A"}


def test_a_measurement_above_its_aspects_maximum():
    case = {
        "rule": "marking_scheme",
        "params": {"aspects": [{"key": "weld", "type": "measurement", "max": 2}]},
        "entries": ["A"],
        "judges": ["J1"],
        "marks": [{"judge": "J1", "entry": "A", "criterion": "weld", "value": 3}],
    }
    assert refusal(case).details == {"kind": "mark_out_of_range", "judge": "J1", "entry": "A", "criterion": "weld",
                                     "value": "3", "min": "0", "max": "2"}


def test_a_final_with_an_entry_a_judge_did_not_place():
    # An entry added to the final after the judges placed the others.
    case = {
        "rule": "skating",
        "params": {},
        "entries": ["A", "B", "C"],
        "judges": ["J1"],
        "placements": [{"judge": "J1", "entry": "A", "place": 1}, {"judge": "J1", "entry": "B", "place": 2}],
    }
    assert refusal(case).details == {"kind": "entry_not_placed", "judge": "J1", "entry": "C", "dance": None}
    # ...and one withdrawn after: its place is gone, the last place given is now beyond the list
    case["entries"] = ["A"]
    case["placements"] = [{"judge": "J1", "entry": "A", "place": 2}]
    assert refusal(case).details == {"kind": "place_out_of_range", "judge": "J1", "entry": "A", "dance": None,
                                     "place": 2, "max": 1}


def test_a_malformed_record_says_which_one_and_keeps_the_message():
    case = panel_case([mark()])
    case["marks"].append("J1:A:voice:9")
    error = refusal(case)
    assert error.details == {"kind": "not_an_object", "record": "marks[1]"}
    assert error.message == "marks[1] must be an object, not 'J1:A:voice:9'"
    del case["marks"][1]
    del case["marks"][0]["value"]
    assert refusal(case).details == {"kind": "missing_field", "record": "marks[0]", "name": "value"}


@pytest.mark.parametrize(
    ("change", "details"),
    [
        ({"entries": "A,B"}, {"kind": "not_a_list", "list": "entries"}),
        ({"judges": ["J1", ""]}, {"kind": "bad_id", "list": "judges", "value": ""}),
        ({"entries": ["A", "B", "A"]}, {"kind": "duplicate_id", "list": "entries", "id": "A"}),
        ({"marks": {"J1": 9}}, {"kind": "not_a_list", "list": "marks"}),
        ({"abstentions": [{"judge": "J2", "entry": "B", "reason": 7}]},
         {"kind": "reason_not_text", "judge": "J2", "entry": "B"}),
    ],
)
def test_a_malformed_case_says_which_list(change, details):
    assert refusal({**panel_case([mark()]), **change}).details == details


def test_a_casting_vote_naming_an_entry_twice():
    case = panel_case([mark()], tie_break=["casting_vote"])
    case["casting_votes"] = [{"order": ["A", "B"]}, {"order": ["B", "A", "B"]}]
    error = refusal(case)
    assert error.details == {"kind": "casting_vote_repeats", "vote": 1, "entry": "B"}
    assert error.to_dict() == {"error": {"code": "invalid_input", "message": "casting_votes[1] names entry B twice",
                                         "field": "B"}}


# --- measurements (rounds) ------------------------------------------------------------------------


def rounds_case(*measurements, **params):
    return {"rule": "rounds", "params": params, "entries": ["P1", "P2"], "judges": [],
            "measurements": [dict(zip(("entry", "round", "attempt", "value"), m, strict=True)) for m in measurements]}


@pytest.mark.parametrize(
    ("case", "details"),
    [
        (rounds_case(("P1", 0, 1, 41)), {"kind": "bad_round", "entry": "P1", "round": 0, "attempt": 1}),
        (rounds_case(("P1", 2, 1.5, 41)), {"kind": "bad_round", "entry": "P1", "round": 2, "attempt": "1.5"}),
        (rounds_case(("P1", 1, 1, "41,5")),
         {"kind": "measurement_not_number", "entry": "P1", "round": 1, "attempt": 1, "value": "41,5"}),
        (rounds_case(("P2", 3, 2, -4.5)),
         {"kind": "negative_measurement", "entry": "P2", "round": 3, "attempt": 2, "value": "-4.5"}),
        (rounds_case(("P2", 1, 1, 0), direction="lower", normalize=1000),
         {"kind": "zero_time", "entry": "P2", "round": 1, "attempt": 1, "value": "0"}),
        (rounds_case(("P1", 1, 1, 41), ("P1", 1, 1, None)),
         {"kind": "duplicate_measurement", "entry": "P1", "round": 1, "attempt": 1}),
    ],
)
def test_a_refused_measurement_says_entry_round_and_attempt(case, details):
    assert refusal(case).details == details


def test_a_zero_flight_time_is_a_result_when_higher_is_better():
    assert scoring_rules.compute(rounds_case(("P1", 1, 1, 0)))["standings"][0]["score"] == 0


def test_a_refused_measurement_keeps_its_message_and_field():
    error = refusal(rounds_case(("P2", 3, 2, -4.5)))
    assert error.to_dict() == {"error": {"code": "invalid_input", "field": "P2",
                                         "message": "measurements[0]: value -4.5 of entry P2 is not a valid measurement"}}


# --- comparisons (pairwise) -----------------------------------------------------------------------


def pairwise_case(*comparisons):
    return {"rule": "pairwise", "params": {}, "entries": ["A", "B", "C"], "judges": ["J1", "J2"],
            "comparisons": [dict(zip(("judge", "winner", "loser"), c, strict=True)) for c in comparisons]}


@pytest.mark.parametrize(
    ("case", "details"),
    [
        (pairwise_case(("J1", "A", "A")), {"kind": "compared_with_itself", "judge": "J1", "entry": "A"}),
        (pairwise_case(("J1", "A", "Z")), {"kind": "unknown_entry", "entry": "Z"}),
        (pairwise_case(("J9", "A", "B")), {"kind": "unknown_judge", "judge": "J9"}),
    ],
)
def test_a_refused_comparison_names_the_judge_and_the_exhibits(case, details):
    assert refusal(case).details == details


# --- placements (skating, ranked_points) ----------------------------------------------------------


def placements_case(rule, *placements, entries=("A", "B", "C"), **params):
    records = []
    for judge, entry, place, *dance in placements:
        records.append({"judge": judge, "entry": entry, "place": place, **({"dance": dance[0]} if dance else {})})
    if rule == "ranked_points":
        params.setdefault("points", [12, 10, 8])
    return {"rule": rule, "params": params, "entries": list(entries), "judges": ["J1", "J2"], "placements": records}


@pytest.mark.parametrize(
    ("case", "details"),
    [
        (placements_case("ranked_points", ("J1", "A", 1), ("J1", "B", 3)),
         {"kind": "place_left_out", "judge": "J1", "place": 2, "last": 3}),
        (placements_case("ranked_points", ("J1", "A", 1), ("J1", "B", 1)),
         {"kind": "place_given_twice", "judge": "J1", "entry": "B", "other": "A", "dance": None, "place": 1}),
        (placements_case("ranked_points", ("J1", "A", 1), ("J1", "A", 2)),
         {"kind": "entry_placed_twice", "judge": "J1", "entry": "A", "dance": None}),
        (placements_case("ranked_points", ("J2", "C", 1, "waltz")),
         {"kind": "dance_in_ranking", "judge": "J2", "entry": "C", "dance": "waltz"}),
        (placements_case("skating", ("J1", "A", 1, "waltz"), ("J1", "B", 2, "tango"), dances=["waltz", "quickstep"]),
         {"kind": "unknown_dance", "judge": "J1", "entry": "B", "dance": "tango", "dances": ["waltz", "quickstep"]}),
        (placements_case("skating", ("J1", "A", 1, "waltz"), ("J1", "B", 2)),
         {"kind": "dances_mixed", "judge": "J1", "entry": "B", "dance": None}),
        (placements_case("skating", ("J1", "A", 1, 5)),
         {"kind": "dance_not_a_name", "judge": "J1", "entry": "A", "value": 5}),
        (placements_case("skating", ("J1", "A", 1, "waltz"), ("J1", "A", 2, "waltz")),
         {"kind": "entry_placed_twice", "judge": "J1", "entry": "A", "dance": "waltz"}),
        (placements_case("skating", ("J2", "A", 2, "waltz"), ("J2", "C", 2, "waltz")),
         {"kind": "place_given_twice", "judge": "J2", "entry": "C", "other": "A", "dance": "waltz", "place": 2}),
    ],
)
def test_a_refused_placement_names_the_judge_the_entries_and_the_dance(case, details):
    error = refusal(case)
    assert error.details == details
    assert json.loads(json.dumps(error.details)) == error.details


def test_the_whole_case_refused_carries_a_kind_too():
    with pytest.raises(ScoringError) as caught:
        scoring_rules.compute(["not", "a", "case"])
    assert caught.value.details == {"kind": "not_a_case"}
    with pytest.raises(ScoringError) as caught:
        scoring_rules.compute({"entries": []})
    assert caught.value.details == {"kind": "no_rule"}
