"""`python -m scoring_rules`: one case in, standings out; --list; exit status 2 with the error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import scoring_rules

ROOT = Path(__file__).resolve().parents[2]

CASE = {
    "rule": "criteria_panel",
    "params": {"criteria": [{"key": "voice", "max": 10, "step": 0.5}], "panel": "mean"},
    "entries": ["Әлия", "Борис"],
    "judges": ["J1", "J2"],
    "marks": [
        {"judge": "J1", "entry": "Әлия", "criterion": "voice", "value": 9.5},
        {"judge": "J2", "entry": "Әлия", "criterion": "voice", "value": 9.1},
        {"judge": "J1", "entry": "Борис", "criterion": "voice", "value": 9.0},
        {"judge": "J2", "entry": "Борис", "criterion": "voice", "value": 9.5},
    ],
}


def run(*args, stdin=b""):
    return subprocess.run(
        [sys.executable, "-m", "scoring_rules", *args], input=stdin, capture_output=True, cwd=ROOT, timeout=60
    )


def test_case_in_standings_out():
    case = json.loads(json.dumps(CASE))
    case["marks"][1]["value"] = 9.0
    done = run(stdin=json.dumps(case, ensure_ascii=False).encode("utf-8"))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result == scoring_rules.compute(case)
    assert [(r["entry"], r["place"], r["score"]) for r in result["standings"]] == [("Әлия", 1, 9.25), ("Борис", 1, 9.25)]


def test_numbers_are_read_exactly():
    case = json.loads(json.dumps(CASE))
    case["params"]["criteria"][0]["step"] = None
    case["marks"][1]["value"] = 9.1
    done = run(stdin=json.dumps(case).encode())
    result = json.loads(done.stdout)
    assert result["standings"][0]["detail"]["score_exact"] == "93/10"


def test_list_prints_every_rule_and_its_params():
    done = run("--list")
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    assert [rule["name"] for rule in listed["rules"]] == list(scoring_rules.RULES)
    assert all(any(p["name"] == "awards" for p in rule["params"]) for rule in listed["rules"])


def test_invalid_input_exits_2_with_the_error_on_stdout():
    case = json.loads(json.dumps(CASE))
    case["marks"][0]["value"] = 9.3
    done = run(stdin=json.dumps(case).encode())
    assert done.returncode == 2
    error = json.loads(done.stdout)["error"]
    assert error["code"] == "invalid_input"
    assert "voice" in error["message"]


def test_unknown_rule_and_bad_params_exit_2():
    for change, code in (({"rule": "coin_toss"}, "unknown_rule"), ({"params": {"panel": "loud"}}, "invalid_params")):
        done = run(stdin=json.dumps({**CASE, **change}).encode())
        assert done.returncode == 2
        assert json.loads(done.stdout)["error"]["code"] == code


def test_not_json_exits_2():
    for stdin in (b"{not json", b"", b'{"rule": "rounds", "entries": [], "x": NaN}'):
        done = run(stdin=stdin)
        assert done.returncode == 2
        assert json.loads(done.stdout)["error"]["code"] == "invalid_input"
