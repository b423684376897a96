"""At most one Grand Prix in a whole edition (choreography): the best candidate keeps it.

A category's ladder can only limit the Grand Prix within that category. Where the edition asks
for one in all (`Edition.single_grand_prix`), each category's computation with its full ladder
names its candidate (the entry the ladder gave the Grand Prix, with its score); of all the
candidates the highest score keeps the award, and every other category is computed again
without that level, so its first place takes the next level it qualifies for. Candidates with
equal best scores all lose it, as the ladder does for a tied group that would overflow a level.
"""

from __future__ import annotations

from decimal import Decimal

GRAND_PRIX = "grand_prix"


def candidate(standings: list[dict]) -> dict | None:
    """The row a category's full ladder gave the Grand Prix: {"entry", "score"}, or None."""
    for row in standings:
        if row.get("award") == GRAND_PRIX and row.get("score") is not None:
            return {"entry": row["entry"], "score": str(row["score"])}
    return None


def holder(candidates: dict[int, dict | None]) -> int | None:
    """The category whose candidate keeps the Grand Prix (None: nobody, or a tie at the top)."""
    scored = [(Decimal(c["score"]), category_id) for category_id, c in candidates.items() if c]
    if not scored:
        return None
    best = max(score for score, _ in scored)
    top = [category_id for score, category_id in scored if score == best]
    return top[0] if len(top) == 1 else None


def without_grand_prix(params: dict) -> dict:
    """The category's params with the Grand Prix taken off its ladder."""
    awards = params.get("awards")
    if not awards:
        return params
    levels = [level for level in awards.get("levels", []) if level.get("key") != GRAND_PRIX]
    return {**params, "awards": {**awards, "levels": levels}}
