"""A protocol of results the jury has not finalised: provisional heading, no approval or signatures,
each row's sheets of the panel, no award on a row short of its panel, one missing-marks line per judge."""

from __future__ import annotations

from judging.chair.operations import finalise_category
from judging.documents import data
from judging.documents.build import Builder, merged_pdf
from judging.extensions import db
from judging.models import Sheet
from judging.results import recompute
from tests.documents.conftest import pdf_text

BASE = "http://hall.local"


def _drop_sheets(category, judge, numbers):
    """The judge's sheets of these entries were never sent."""
    for entry in category.entries:
        if entry.number in numbers:
            db.session.query(Sheet).filter_by(judge_id=judge.id, entry_id=entry.id).delete()
    db.session.commit()
    recompute(category)


def test_a_provisional_protocol_says_so_and_has_nothing_to_sign(scored):
    category = scored.categories[0]
    judge = scored.judges[1]
    _drop_sheets(category, judge, {1, 3})
    text = pdf_text(merged_pdf([Builder(scored, BASE).protocol(category)]))
    assert "АЛДЫН АЛА / ПРЕДВАРИТЕЛЬНЫЙ" in text
    assert "БЕКІТЕМІН" not in text and "УТВЕРЖДАЮ" not in text
    assert "Подписи членов жюри" not in text and "қолдары" not in text
    # One line for the judge, naming both entries, in each language of the document.
    assert f"{judge.name}: нет оценок участникам №1, №3" in text
    assert f"{judge.name}: келесі қатысушыларға баға қойылмаған: №1, №3" in text
    assert text.count(f"{judge.name}: нет оценок") == 1
    assert "Парақтар: 2/3" in text and "Парақтар: 3/3" in text


def test_a_row_short_of_its_panel_has_no_award_in_the_protocol(scored):
    category = scored.categories[0]
    _drop_sheets(category, scored.judges[1], {1})
    rows = {r["number"]: r for r in data.protocol(category)["rows"]}
    assert rows[1]["sheets"] == "2/3" and rows[1]["award"] is None and rows[1]["place"]
    assert rows[4]["sheets"] == "3/3" and rows[4]["award"] is not None
    # Entry 2: judge 3 declared a conflict, so its panel is the two others.
    assert rows[2]["sheets"] == "2/2" and rows[2]["award"] is not None


def test_a_finalised_protocol_is_approved_and_signed_without_sheet_counts(scored):
    category = scored.categories[0]
    finalise_category(category)
    doc = data.protocol(category)
    assert doc["provisional"] is False and all(r["sheets"] == "" for r in doc["rows"])
    text = pdf_text(merged_pdf([Builder(scored, BASE).protocol(category)]))
    assert "ПРЕДВАРИТЕЛЬНЫЙ" not in text and "Парақтар:" not in text
    assert "БЕКІТЕМІН / УТВЕРЖДАЮ" in text
    assert "Подписи членов жюри" in text or "Әділқазылар алқасының қолдары" in text


def test_missing_placements_are_one_line_per_judge_naming_the_dances(db, make_edition):
    from judging.models import Placement

    edition = make_edition(entries=3, judges=3, rule="skating", params={"dances": ["waltz", "tango"]})
    category = edition.categories[0]
    first, second, third = edition.judges
    for judge, dances in ((first, ("waltz", "tango")), (second, ("waltz",))):
        for dance in dances:
            sheet = Sheet(judge_id=judge.id, category_id=category.id, entry_id=None, dance=dance, status="submitted")
            sheet.placements = [Placement(entry_id=e.id, place=i + 1) for i, e in enumerate(category.entries)]
            db.session.add(sheet)
    db.session.commit()
    recompute(category)
    notes = [n["ru"] for n in data.protocol(category)["notes"]]
    assert f"{second.name}: не расставлены места (tango)" in notes
    assert f"{third.name}: не расставлены места (waltz, tango)" in notes
    assert not any(first.name in n for n in notes)
