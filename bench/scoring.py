"""Benchmark of scoring_rules on the largest categories we expect, one core.

    python bench/scoring.py

Prints readable figures, then as its last line one JSON object with the median timings in ms.
Targets: criteria_panel (300 entries x 9 judges x 6 criteria, trimmed, awards) < 50 ms;
skating (24 couples, 11 judges, 5 dances) < 50 ms; pairwise (2,000 comparisons) < 100 ms.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from anywhere, no install needed

import scoring_rules  # noqa: E402

RUNS = 9
TARGETS_MS = {"criteria_panel": 50, "skating": 50, "pairwise": 100}


def criteria_panel_case(rng: random.Random) -> dict[str, Any]:
    """300 entries, 9 judges, 6 criteria on 0..10 by 0.5, trimmed panel, ladder, a few abstentions."""
    entries = [f"E{i:03d}" for i in range(300)]
    judges = [f"J{j}" for j in range(9)]
    criteria = [f"c{c}" for c in range(6)]
    abstaining = {(judges[rng.randrange(9)], entry) for entry in rng.sample(entries, 20)}
    marks = [
        {"judge": judge, "entry": entry, "criterion": criterion, "value": rng.randrange(8, 21) / 2}
        for entry in entries
        for judge in judges
        if (judge, entry) not in abstaining
        for criterion in criteria
    ]
    return {
        "rule": "criteria_panel",
        "params": {
            "criteria": [{"key": c, "max": 10, "step": 0.5} for c in criteria],
            "panel": "trimmed",
            "tie_break": ["criterion:c0", "untrimmed_mean"],
            "awards": {
                "levels": [
                    {"key": "grand_prix", "min": 10, "max_count": 1},
                    {"key": "laureate_1", "min": 9},
                    {"key": "laureate_2", "min": 8},
                    {"key": "laureate_3", "min": 7},
                    {"key": "diplomant", "min": 6},
                ],
                "otherwise": "participant",
            },
        },
        "entries": entries,
        "judges": judges,
        "marks": marks,
        "abstentions": [{"judge": j, "entry": e, "reason": "teacher"} for j, e in sorted(abstaining)],
    }


def skating_case(rng: random.Random) -> dict[str, Any]:
    """24 couples, 11 judges, 5 dances, random but complete placements."""
    entries = [f"C{i}" for i in range(24)]
    judges = [f"J{j}" for j in range(11)]
    dances = ["waltz", "tango", "viennese", "foxtrot", "quickstep"]
    placements = []
    for dance in dances:
        for judge in judges:
            order = entries[:]
            rng.shuffle(order)
            placements += [{"judge": judge, "entry": e, "dance": dance, "place": p} for p, e in enumerate(order, 1)]
    return {"rule": "skating", "params": {"dances": dances}, "entries": entries, "judges": judges, "placements": placements}


def pairwise_case(rng: random.Random) -> dict[str, Any]:
    """2,000 comparisons by 20 judges over 150 exhibits, each judge comparing a pair at most once."""
    entries = [f"X{i}" for i in range(150)]
    judges = [f"J{j}" for j in range(20)]
    seen: set[tuple[str, frozenset[str]]] = set()
    comparisons = []
    while len(comparisons) < 2000:
        judge = rng.choice(judges)
        a, b = rng.sample(entries, 2)
        if (judge, frozenset((a, b))) in seen:
            continue
        seen.add((judge, frozenset((a, b))))
        comparisons.append({"judge": judge, "winner": a, "loser": b})
    return {"rule": "pairwise", "entries": entries, "judges": judges, "comparisons": comparisons}


def timings_ms(run: Callable[[], object]) -> list[float]:
    """Wall times of RUNS calls, in milliseconds (one warm-up call first)."""
    run()
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    """Time each case and print the figures, the JSON summary last."""
    rng = random.Random(20240601)
    cases = {
        "criteria_panel": criteria_panel_case(rng),
        "skating": skating_case(rng),
        "pairwise": pairwise_case(rng),
    }
    results = {}
    for name, case in cases.items():
        timings = timings_ms(lambda case=case: scoring_rules.compute(case))
        results[name] = round(statistics.median(timings), 2)
        verdict = "ok" if results[name] < TARGETS_MS[name] else "SLOW"
        # the best run shows the cost without other processes; the median is what we report
        print(
            f"{name:15} {results[name]:8.2f} ms median of {RUNS} (best {min(timings):.2f} ms); "
            f"target < {TARGETS_MS[name]} ms: {verdict}"
        )
    print(json.dumps({f"{name}_ms": ms for name, ms in results.items()}))


if __name__ == "__main__":
    main()
