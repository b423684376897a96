"""pairwise: judges compare two exhibits at a time, Crowd-BT as in expo judging (docs/scoring-rules.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

from .awards import Ladder, awards_param
from .base import (
    N_,
    Case,
    Param,
    Ranking,
    Rule,
    decimals_param,
    invalid_input,
    rank_by_score,
    shown,
    warning,
)

# Printed precision of mu, sigma_sq, alpha and beta in the detail (the worked example quotes 6 digits).
DETAIL_DECIMALS = 6


@dataclass(frozen=True)
class Pairwise(Rule):
    """Crowd-BT: a Bradley-Terry mean and variance per exhibit, a Beta reliability per judge."""

    name: ClassVar[str] = "pairwise"
    title: ClassVar[str] = N_("Pairwise comparisons (Crowd-BT)")
    description: ClassVar[str] = (
        N_("Judges walk the hall and say which of two exhibits is better. Each comparison, in input "
        "order, updates the exhibits' mean mu and variance sigma_sq and the judge's reliability "
        "Beta(alpha, beta). The score is mu: higher is better.")
    )
    inputs: ClassVar[tuple[str, ...]] = ("comparisons",)
    input_kind: ClassVar[str] = "comparisons"
    warning_codes: ClassVar[tuple[str, ...]] = ("no_comparisons",)
    params: ClassVar[tuple[Param, ...]] = (
        Param("alpha", "number", N_("Prior alpha of every judge's reliability Beta(alpha, beta)."), default=10, exclusive_minimum=0),
        Param("beta", "number", N_("Prior beta of every judge's reliability Beta(alpha, beta)."), default=1, exclusive_minimum=0),
        Param("kappa", "number", N_("Floor of the variance shrink factor, keeps sigma_sq positive."), default=0.0001, exclusive_minimum=0),
        Param("mu", "number", N_("Prior mean of every exhibit."), default=0),
        Param("sigma_sq", "number", N_("Prior variance of every exhibit."), default=1, exclusive_minimum=0),
        decimals_param(4),
        awards_param(),
    )

    alpha: Fraction = Fraction(10)
    beta: Fraction = Fraction(1)
    kappa: Fraction = Fraction(1, 10000)
    mu: Fraction = Fraction(0)
    sigma_sq: Fraction = Fraction(1)
    decimals: int = 4
    awards: Ladder | None = None

    def rank(self, case: Case) -> Ranking:
        """Check the comparisons, apply them in order, rank by mu."""
        comparisons = self._read(case)
        mu = dict.fromkeys(case.entries, float(self.mu))
        sigma_sq = dict.fromkeys(case.entries, float(self.sigma_sq))
        reliability = {judge: (float(self.alpha), float(self.beta)) for judge in case.judges}
        wins = dict.fromkeys(case.entries, 0)
        losses = dict.fromkeys(case.entries, 0)
        kappa = float(self.kappa)
        for judge, winner, loser in comparisons:
            alpha, beta = reliability[judge]
            reliability[judge], (mu[winner], sigma_sq[winner], mu[loser], sigma_sq[loser]) = update(
                alpha, beta, mu[winner], sigma_sq[winner], mu[loser], sigma_sq[loser], kappa
            )
            wins[winner] += 1
            losses[loser] += 1
        warnings = [
            warning("no_comparisons", entry, f"exhibit {entry} was never compared: it keeps the prior mu")
            for entry in case.entries
            if not wins[entry] and not losses[entry]
        ]
        details: dict[str, dict[str, Any]] = {
            entry: {
                "mu": shown(mu[entry], DETAIL_DECIMALS),
                "sigma_sq": shown(sigma_sq[entry], DETAIL_DECIMALS),
                "wins": wins[entry],
                "losses": losses[entry],
            }
            for entry in case.entries
        }
        judges = [
            {"judge": judge, "alpha": shown(a, DETAIL_DECIMALS), "beta": shown(b, DETAIL_DECIMALS)}
            for judge, (a, b) in reliability.items()
        ]
        groups = rank_by_score(case.entries, mu, [], details)
        return Ranking(groups, dict(mu), details, warnings, {"judges": judges})

    def _read(self, case: Case) -> list[tuple[str, str, str]]:
        """The comparisons as (judge, winner, loser); a judge's repeated verdict on a pair is
        further evidence and is applied like any other."""
        comparisons: list[tuple[str, str, str]] = []
        for n, record in enumerate(case.records("comparisons")):
            where = f"comparisons[{n}]"
            judge = case.judge_of(record, where)
            winner = case.entry_of(record, where, "winner")
            loser = case.entry_of(record, where, "loser")
            if winner == loser:
                raise invalid_input(
                    f"{where}: judge {judge} compared exhibit {winner} with itself",
                    winner,
                    "compared_with_itself",
                    judge=judge,
                    entry=winner,
                )
            comparisons.append((judge, winner, loser))
        return comparisons


def update(
    alpha: float, beta: float, mu_w: float, s_w: float, mu_l: float, s_l: float, kappa: float
) -> tuple[tuple[float, float], tuple[float, float, float, float]]:
    """One Crowd-BT step: the judge's new (alpha, beta) and the new (mu_w, s_w, mu_l, s_l)."""
    e_w, e_l = math.exp(mu_w), math.exp(mu_l)
    both = e_w + e_l
    c1 = e_w / both + 0.5 * (s_w + s_l) * e_w * e_l * (e_l - e_w) / both**3
    c2 = 1 - c1
    c = (c1 * alpha + c2 * beta) / (alpha + beta)
    ab = alpha + beta
    expected = (c1 * (alpha + 1) * alpha + c2 * alpha * beta) / (c * (ab + 1) * ab)
    expected_sq = (c1 * (alpha + 2) * (alpha + 1) * alpha + c2 * (alpha + 1) * alpha * beta) / (
        c * (ab + 2) * (ab + 1) * ab
    )
    variance = expected_sq - expected**2
    new_alpha = (expected - expected_sq) * expected / variance
    new_beta = (expected - expected_sq) * (1 - expected) / variance
    weighted = alpha * e_w + beta * e_l
    m = alpha * e_w / weighted - e_w / both
    m2 = alpha * e_w * beta * e_l / weighted**2 - e_w * e_l / both**2
    return (new_alpha, new_beta), (
        mu_w + s_w * m,
        s_w * max(1 + s_w * m2, kappa),
        mu_l - s_l * m,
        s_l * max(1 + s_l * m2, kappa),
    )
