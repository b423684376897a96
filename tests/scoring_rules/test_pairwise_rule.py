"""pairwise: the first Crowd-BT step of docs/scoring-rules.md, judges' reliability, warnings and input checks."""

from __future__ import annotations

import pytest

import scoring_rules
from scoring_rules import ScoringError
from scoring_rules.pairwise import update


def pairwise_case(comparisons, entries=("A", "B", "C"), judges=("J1", "J2"), **params):
    return {
        "rule": "pairwise",
        "params": params,
        "entries": list(entries),
        "judges": list(judges),
        "comparisons": [{"judge": j, "winner": w, "loser": loser} for j, w, loser in comparisons],
    }


def test_first_comparison_from_the_priors():
    result = scoring_rules.compute(pairwise_case([("J1", "A", "B")]))
    rows = {r["entry"]: r for r in result["standings"]}
    assert rows["A"]["detail"]["mu"] == pytest.approx(0.409091, abs=1e-6)
    assert rows["B"]["detail"]["mu"] == pytest.approx(-0.409091, abs=1e-6)
    assert rows["A"]["detail"]["sigma_sq"] == pytest.approx(0.832645, abs=1e-6)
    assert rows["B"]["detail"]["sigma_sq"] == pytest.approx(0.832645, abs=1e-6)
    assert rows["A"]["score"] == 0.4091  # decimals 4
    assert result["judges"][0] == {"judge": "J1", "alpha": pytest.approx(10), "beta": pytest.approx(1)}
    assert [r["entry"] for r in result["standings"]] == ["A", "C", "B"]


def test_never_compared_exhibit_keeps_the_prior_and_is_flagged():
    result = scoring_rules.compute(pairwise_case([("J1", "A", "B")], mu=0.5))
    c = next(r for r in result["standings"] if r["entry"] == "C")
    assert (c["score"], c["place"]) == (0.5, 2)
    assert [(w["code"], w["entry"]) for w in result["warnings"]] == [("no_comparisons", "C")]


def test_comparisons_apply_in_order_and_are_deterministic():
    comparisons = [("J1", "A", "B"), ("J2", "B", "C"), ("J1", "C", "A"), ("J2", "A", "C"), ("J1", "B", "C")]
    first = scoring_rules.compute(pairwise_case(comparisons))
    again = scoring_rules.compute(pairwise_case(comparisons))
    assert first == again
    reordered = scoring_rules.compute(pairwise_case(list(reversed(comparisons))))
    assert reordered != first  # Crowd-BT is order dependent, which is why input order is part of the rule


def by_hand(comparisons):
    """mu after Crowd-BT steps from the default priors, one step per comparison."""
    mu, sigma_sq, reliability = {}, {}, {}
    for judge, winner, loser in comparisons:
        alpha, beta = reliability.get(judge, (10, 1))
        reliability[judge], (mu[winner], sigma_sq[winner], mu[loser], sigma_sq[loser]) = update(
            alpha, beta, mu.get(winner, 0), sigma_sq.get(winner, 1), mu.get(loser, 0), sigma_sq.get(loser, 1), 0.0001
        )
    return mu


@pytest.mark.parametrize(
    "again",
    [("J1", "A", "B"), ("J1", "B", "A")],
    ids=["same-verdict", "changed-mind"],
)
def test_a_judge_comparing_a_pair_again_is_new_evidence(again):
    comparisons = [("J1", "A", "B"), again]
    rows = {r["entry"]: r for r in scoring_rules.compute(pairwise_case(comparisons))["standings"]}
    expected = by_hand(comparisons)
    assert rows["A"]["detail"]["mu"] == pytest.approx(expected["A"], abs=1e-6)
    assert rows["B"]["detail"]["mu"] == pytest.approx(expected["B"], abs=1e-6)
    assert rows["A"]["detail"]["wins"] + rows["B"]["detail"]["wins"] == 2


def test_no_comparisons_at_all_shares_first_place():
    result = scoring_rules.compute(pairwise_case([]))
    assert {(r["place"], r["place_to"]) for r in result["standings"]} == {(1, 3)}
    assert len(result["warnings"]) == 3


@pytest.mark.parametrize(
    ("comparison", "field"),
    [
        (("J1", "A", "A"), "A"),
        (("J1", "A", "Z"), "Z"),
        (("J7", "A", "B"), "J7"),
    ],
)
def test_bad_comparisons(comparison, field):
    with pytest.raises(ScoringError) as caught:
        scoring_rules.compute(pairwise_case([("J1", "A", "B"), comparison]))
    assert (caught.value.code, caught.value.field) == ("invalid_input", field)


@pytest.mark.parametrize("param", ["alpha", "beta", "kappa", "sigma_sq"])
def test_non_positive_priors_are_refused(param):
    with pytest.raises(ScoringError) as caught:
        scoring_rules.check_params("pairwise", {param: 0})
    assert (caught.value.code, caught.value.field) == ("invalid_params", param)
