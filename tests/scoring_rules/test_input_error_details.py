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


def test_rarer_problems_keep_only_the_message():
    case = panel_case([mark()])
    case["marks"].append("J1:A:voice:9")
    error = refusal(case)
    assert error.details == {}
    assert "marks[1]" in error.message
