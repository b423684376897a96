"""Properties that hold for every case, checked with hypothesis on random juries and sheets."""

from __future__ import annotations

import copy
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

import scoring_rules
from scoring_rules import ScoringError

SETTINGS = settings(max_examples=60, deadline=None)
CRITERIA = ("voice", "art")


@st.composite
def panel_cases(draw, with_votes=True):
    """A criteria_panel case: 1-6 entries, 1-6 judges, sheets on 0..10, some abstentions or gaps."""
    n_entries = draw(st.integers(1, 6))
    n_judges = draw(st.integers(1, 6))
    entries = [f"E{i}" for i in range(n_entries)]
    judges = [f"J{j}" for j in range(n_judges)]
    marks, abstentions = [], []
    for entry in entries:
        for judge in judges:
            state = draw(st.sampled_from(["marks", "marks", "marks", "abstain", "missing"]))
            if state == "abstain":
                abstentions.append({"judge": judge, "entry": entry, "reason": "teacher"})
            elif state == "marks":
                for criterion in CRITERIA:
                    marks.append({"judge": judge, "entry": entry, "criterion": criterion, "value": draw(st.integers(0, 10))})
    steps = draw(st.lists(st.sampled_from(["criterion:voice", "criterion:art", "untrimmed_mean", "casting_vote"]), unique=True))
    if not with_votes and "casting_vote" in steps:
        steps.remove("casting_vote")
    params = {
        "criteria": [{"key": c, "max": 10, "step": 1, "weight": w} for c, w in zip(CRITERIA, (2, 1), strict=True)],
        "judge_total": draw(st.sampled_from(["mean", "sum"])),
        "panel": draw(st.sampled_from(["mean", "trimmed", "median"])),
        "abstention": draw(st.sampled_from(["exclude", "replace_with_mean"])),
        "tie_break": steps,
        "awards": {"levels": [{"key": "laureate_1", "min": 8, "max_count": 2}, {"key": "diplomant", "min": 5}], "otherwise": "participant"},
    }
    votes = [{"order": draw(st.permutations(entries))} for _ in range(draw(st.integers(0, 2)))] if with_votes else []
    return {
        "rule": "criteria_panel",
        "params": params,
        "entries": entries,
        "judges": judges,
        "marks": marks,
        "abstentions": abstentions,
        "casting_votes": votes,
    }


def table(result):
    """What the standings say, without the protocol detail (which names judges)."""
    return [(r["entry"], r["place"], r["place_to"], r["score"], r["award"]) for r in result["standings"]]


def places(result):
    return {r["entry"]: r["place"] for r in result["standings"]}


@SETTINGS
@given(panel_cases(), st.randoms(use_true_random=False))
def test_renaming_or_reordering_judges_never_changes_the_standings(case, rnd):
    renamed = {judge: f"judge-{i}" for i, judge in enumerate(rnd.sample(case["judges"], len(case["judges"])))}
    other = copy.deepcopy(case)
    other["judges"] = rnd.sample(list(renamed.values()), len(renamed))
    for record in other["marks"] + other["abstentions"]:
        record["judge"] = renamed[record["judge"]]
    rnd.shuffle(other["marks"])
    assert table(scoring_rules.compute(other)) == table(scoring_rules.compute(case))


@SETTINGS
@given(panel_cases(), st.data())
def test_raising_one_mark_never_lowers_the_place(case, data):
    raisable = [i for i, mark in enumerate(case["marks"]) if mark["value"] < 10]
    if not raisable:
        return
    i = data.draw(st.sampled_from(raisable))
    raised = copy.deepcopy(case)
    raised["marks"][i]["value"] = data.draw(st.integers(case["marks"][i]["value"] + 1, 10))
    entry = case["marks"][i]["entry"]
    before, after = places(scoring_rules.compute(case))[entry], places(scoring_rules.compute(raised))[entry]
    assert after <= before


@SETTINGS
@given(panel_cases(with_votes=False), st.data())
def test_an_abstention_is_never_a_zero(case, data):
    sheets = sorted({(m["judge"], m["entry"]) for m in case["marks"]})
    if not sheets:
        return
    judge, entry = data.draw(st.sampled_from(sheets))
    abstaining = copy.deepcopy(case)
    abstaining["marks"] = [m for m in case["marks"] if (m["judge"], m["entry"]) != (judge, entry)]
    abstaining["abstentions"].append({"judge": judge, "entry": entry, "reason": "teacher"})
    # the same entry judged by the jury without that judge: the absent judge simply does not count
    without = copy.deepcopy(abstaining)
    without["judges"] = [j for j in case["judges"] if j != judge]
    without["marks"] = [m for m in abstaining["marks"] if m["judge"] != judge]
    without["abstentions"] = [a for a in abstaining["abstentions"] if a["judge"] != judge]
    got = next(r for r in scoring_rules.compute(abstaining)["standings"] if r["entry"] == entry)
    expected = next(r for r in scoring_rules.compute(without)["standings"] if r["entry"] == entry)
    assert judge not in got["detail"]["judge_totals"] if got["score"] is not None else got["place"] is None
    if case["params"]["abstention"] == "exclude" or case["params"]["panel"] == "mean":
        # excluded, or replaced by the mean of the others (which leaves their mean as it is)
        assert got["detail"].get("score_exact") == expected["detail"].get("score_exact")


@st.composite
def skating_cases(draw):
    """Random but valid finals: every judge places every couple in every dance."""
    n = draw(st.integers(2, 7))
    judges = [f"J{j}" for j in range(draw(st.integers(1, 7)))]
    dances = [f"d{d}" for d in range(draw(st.integers(1, 3)))]
    entries = [f"C{i}" for i in range(n)]
    placements = []
    for dance in dances:
        for judge in judges:
            order = draw(st.permutations(entries))
            placements += [{"judge": judge, "entry": e, "dance": dance, "place": p} for p, e in enumerate(order, 1)]
    return {"rule": "skating", "entries": entries, "judges": judges, "placements": placements}


def check_shares(values: list[Fraction], n: int) -> None:
    """Places 1..n where each group sharing a run of places holds their average."""
    counted: dict[Fraction, int] = {}
    for v in values:
        counted[v] = counted.get(v, 0) + 1
    place = 1
    for value in sorted(counted):
        size = counted[value]
        assert value == Fraction(2 * place + size - 1, 2)
        place += size
    assert place == n + 1


@SETTINGS
@given(skating_cases())
def test_skating_places_are_a_permutation_with_averaged_shares(case):
    result = scoring_rules.compute(case)
    rows = result["standings"]
    n = len(case["entries"])
    place = 1
    while place <= n:
        group = [r for r in rows if r["place"] == place]
        assert group, f"no entry at place {place}"
        assert all(r["place_to"] == place + len(group) - 1 for r in group)
        place += len(group)
    assert sum(1 for r in rows if r["place"] is not None) == n
    for d in range(len(rows[0]["detail"]["dances"])):
        check_shares([Fraction(str(r["detail"]["dances"][d]["place"])) for r in rows], n)
    for r in rows:
        assert Fraction(str(r["score"])) == sum(Fraction(str(d["place"])) for d in r["detail"]["dances"])
    assert [r["place"] for r in rows] == sorted(r["place"] for r in rows)


def rename_entries(case, names):
    other = copy.deepcopy(case)
    other["entries"] = [names[e] for e in case["entries"]]
    for key in ("marks", "abstentions", "placements", "measurements"):
        for record in other.get(key, []):
            record["entry"] = names[record["entry"]]
    for record in other.get("comparisons", []):
        record["winner"], record["loser"] = names[record["winner"]], names[record["loser"]]
    for vote in other.get("casting_votes", []):
        vote["order"] = [names[e] for e in vote["order"]]
    return other


@st.composite
def pairwise_cases(draw):
    entries = [f"X{i}" for i in range(draw(st.integers(2, 6)))]
    judges = ["J1", "J2", "J3"]
    comparisons = []
    for _ in range(draw(st.integers(0, 20))):
        a, b = draw(st.permutations(entries))[:2]
        # a judge may compare the same pair again: the rule applies it as further evidence
        comparisons.append({"judge": draw(st.sampled_from(judges)), "winner": a, "loser": b})
    return {"rule": "pairwise", "entries": entries, "judges": judges, "comparisons": comparisons}


@SETTINGS
@given(st.one_of(panel_cases(), skating_cases(), pairwise_cases()))
def test_output_is_deterministic_and_entry_names_map_through(case):
    try:
        first = scoring_rules.compute(case)
    except ScoringError as error:  # a refused case is refused the same way every time
        try:
            scoring_rules.compute(copy.deepcopy(case))
        except ScoringError as again:
            assert again.to_dict() == error.to_dict()
            return
        raise AssertionError("refused once, accepted the second time") from None
    assert scoring_rules.compute(copy.deepcopy(case)) == first
    names = {entry: f"renamed «{entry}»" for entry in case["entries"]}
    renamed = scoring_rules.compute(rename_entries(case, names))
    assert [(names[e], p, pt, s, a) for e, p, pt, s, a in table(first)] == table(renamed)
    assert [(w["code"], names[w["entry"]], w.get("judge")) for w in first["warnings"]] == [
        (w["code"], w["entry"], w.get("judge")) for w in renamed["warnings"]
    ]
