"""At most one Grand Prix in a whole edition, where the edition asks for it (choreography)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from judging import grand_prix, presets, results
from judging.models import Category, Entry, Mark, Sheet

LADDER = {
    "criteria": [{"key": "x", "min": 0, "max": 10, "step": 0.1}],
    "panel": "mean",
    "awards": {
        "levels": [
            {"key": "grand_prix", "places": [1], "min": 9.5, "max_count": 1},
            {"key": "laureate_1", "places": [1]},
            {"key": "laureate_2", "places": [2]},
        ],
        "otherwise": "participant",
    },
}


def test_holder_is_the_single_best_candidate():
    assert grand_prix.holder({1: {"entry": "5", "score": "9.6"}, 2: {"entry": "9", "score": "9.8"}, 3: None}) == 2
    assert grand_prix.holder({1: {"entry": "5", "score": "9.8"}, 2: {"entry": "9", "score": "9.8"}}) is None
    assert grand_prix.holder({1: None}) is None


def test_without_grand_prix_keeps_the_rest_of_the_ladder():
    params = grand_prix.without_grand_prix(LADDER)
    assert [level["key"] for level in params["awards"]["levels"]] == ["laureate_1", "laureate_2"]
    assert [level["key"] for level in LADDER["awards"]["levels"]][0] == "grand_prix"  # the original is untouched


@pytest.fixture
def two_categories(db, make_edition):
    edition = make_edition(entries=2, judges=3, params=LADDER)
    edition.single_grand_prix = True
    first = edition.categories[0]
    second = Category(edition=edition, position=2, nomination_key="folk", nomination={"ru": "Народный"},
                      age_group_key="10-13", form_key="solo", rule="criteria_panel", params=LADDER)
    db.session.add(second)
    for i in range(2):
        db.session.add(Entry(category=second, number=i + 1, name=f"Ансамбль {i + 1}", kind="collective"))
    for judge in edition.judges:
        judge.categories.append(second)
    db.session.commit()
    return edition, first, second


def _score(db, category: Category, values: list[str]) -> None:
    """Every judge gives each entry (in running order) the listed mark."""
    for entry, value in zip(category.entries, values, strict=True):
        for judge in category.judges:
            sheet = db.session.query(Sheet).filter_by(judge_id=judge.id, entry_id=entry.id).one_or_none()
            if sheet is None:
                sheet = Sheet(judge_id=judge.id, category_id=category.id, entry_id=entry.id)
                sheet.marks = [Mark(criterion="x", value=Decimal(value))]
                db.session.add(sheet)
            else:
                sheet.marks[0].value = Decimal(value)
    db.session.commit()
    results.recompute(category)


def _awards(category: Category) -> list[str | None]:
    return [row.award for row in results.standings(category).standings]


def test_only_the_best_first_place_of_the_edition_keeps_the_grand_prix(db, two_categories):
    _edition, first, second = two_categories
    _score(db, first, ["9.8", "8"])
    assert _awards(first) == ["grand_prix", "laureate_2"]
    _score(db, second, ["9.6", "7"])
    assert _awards(second) == ["laureate_1", "laureate_2"]  # 9.6 < 9.8: the next level it qualifies for
    assert _awards(first) == ["grand_prix", "laureate_2"]
    # The second category's leader improves: the Grand Prix changes hands, and the first category
    # is recomputed without it.
    _score(db, second, ["9.9", "7"])
    assert _awards(second) == ["grand_prix", "laureate_2"]
    assert _awards(first) == ["laureate_1", "laureate_2"]


def test_equal_best_candidates_both_lose_it(db, two_categories):
    _edition, first, second = two_categories
    _score(db, first, ["9.7", "8"])
    _score(db, second, ["9.7", "8"])
    assert _awards(first)[0] == "laureate_1" and _awards(second)[0] == "laureate_1"


def test_without_the_setting_each_category_keeps_its_own(db, two_categories):
    edition, first, second = two_categories
    edition.single_grand_prix = False
    db.session.commit()
    _score(db, first, ["9.8", "8"])
    _score(db, second, ["9.6", "7"])
    assert _awards(first)[0] == "grand_prix" and _awards(second)[0] == "grand_prix"


def test_the_choreography_preset_asks_for_one_grand_prix():
    assert presets.load("choreography").single_grand_prix is True
    assert presets.load("vocal").single_grand_prix is False
