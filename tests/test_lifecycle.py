"""The lifecycle of a category's result: finalise needs every sheet, publish needs finalised, reopen needs a reason."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from judging import lifecycle, refresh
from judging.chair import operations as chair
from judging.entries import operations as entries_ops
from judging.extensions import db
from judging.models import Abstention, AuditEntry, Category, CategoryResult, Entry, Mark, Sheet
from judging.scoring.errors import ScoringRefused
from tests.conftest import finalise


def _mark(judge, entry, value) -> None:
    """A judge's sheet, stored, then the one path after a change."""
    db.session.add(Sheet(judge_id=judge.id, category_id=entry.category_id, entry_id=entry.id, status="submitted",
                         marks=[Mark(criterion=k, value=value) for k in ("voice", "technique", "artistry")]))
    db.session.commit()
    refresh.results_changed(entry.category, {entry.id})


@pytest.fixture
def marked(make_edition):
    """A vocal category where every judge marked all three entries."""
    edition = make_edition(visibility="live")
    category = edition.categories[0]
    for entry, value in zip(category.entries, (9, 8, 7), strict=True):
        for judge in category.judges:
            _mark(judge, entry, value)
    return edition, category


@pytest.fixture
def make_entry(db):
    def make(category):
        entry = Entry(category=category, number=len(category.entries) + 1, name="Дана Серікқызы")
        db.session.add(entry)
        db.session.commit()
        return entry
    return make


def test_the_states_follow_judging_and_visibility(marked):
    edition, category = marked
    assert lifecycle.state(category) == "open" and lifecycle.provisional(category)
    chair.set_judging(category, "closed")
    assert lifecycle.state(category) == "closed"
    finalise(category)
    assert lifecycle.state(category) == "finalised" and not lifecycle.provisional(category)


def test_finalising_with_a_missing_sheet_is_refused_and_names_the_judge_and_entry(marked, make_entry):
    edition, category = marked
    late = make_entry(category)
    with pytest.raises(ScoringRefused) as refused:
        chair.finalise_category(category)
    assert f"№{late.number}" in refused.value.message
    assert category.judges[0].name in refused.value.message
    assert db.session.get(Category, category.id).judging == "open"


def test_an_abstention_with_a_reason_resolves_a_missing_sheet(marked, make_entry):
    edition, category = marked
    late = make_entry(category)
    judges = [j for j in category.judges if j.marks_for_panel]
    with pytest.raises(ScoringRefused):
        chair.record_abstention(category, judges[0], late, "  ")
    for judge in judges:
        chair.record_abstention(category, judge, late, "arrived after the jury left")
    assert lifecycle.missing_sheets(category) == []
    assert lifecycle.coverage(category)[late.id] == (0, 0)
    chair.finalise_category(category)
    assert db.session.get(Category, category.id).judging == "finalised"
    assert db.session.scalar(select(Abstention).where(Abstention.entry_id == late.id)).reason == "arrived after the jury left"


def test_each_row_rests_on_a_count_of_the_panels_sheets(make_edition):
    edition = make_edition(visibility="live")
    category = edition.categories[0]
    entry = category.entries[0]
    judges = [j for j in category.judges if j.marks_for_panel]
    _mark(judges[0], entry, 8)
    row = next(s for s in db.session.scalar(select(CategoryResult)).standings if s.entry_id == entry.id)
    assert (row.sheets, row.panel) == (1, len(judges))
    assert not lifecycle.shows_award(category, row.sheets, row.panel)


def test_publishing_is_refused_until_finalised_with_what_is_missing(marked, make_entry):
    from judging.board.operations import BoardError, set_visibility

    edition, category = marked
    late = make_entry(category)
    with pytest.raises(BoardError) as refused:
        set_visibility(category, "published")
    assert f"№{late.number}" in refused.value.message
    finalise(category)
    assert set_visibility(category, "published")
    assert lifecycle.published(category)


def test_reopening_needs_a_reason_is_audited_and_drops_published_to_live(marked, make_user):
    from judging.board.operations import set_visibility

    edition, category = marked
    finalise(category)
    set_visibility(category, "published")
    organiser = make_user("organiser")
    with pytest.raises(ScoringRefused):
        chair.reopen_category(category, "", user=organiser)
    chair.reopen_category(category, "a mark was typed for the wrong child", user=organiser)
    category = db.session.get(Category, category.id)
    assert (category.judging, category.visibility) == ("open", "live")
    assert lifecycle.provisional(category)
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "category.reopened"))
    assert audit.reason == "a mark was typed for the wrong child" and audit.user_id == organiser.id
    assert audit.before == {"judging": "finalised", "visibility": "published"}


def test_a_category_that_is_not_finalised_cannot_be_reopened(marked):
    edition, category = marked
    with pytest.raises(ScoringRefused):
        chair.reopen_category(category, "why not")


def test_who_competes_in_finalised_results_changes_only_after_a_reopen(marked):
    edition, category = marked
    finalise(category)
    entry = category.entries[0]
    with pytest.raises(entries_ops.EntryError):
        entries_ops.change_status(entry, "withdrawn", "ill")
    chair.reopen_category(category, "the child fell ill before the results")
    entries_ops.change_status(entry, "withdrawn", "ill")
    assert entry.status == "withdrawn"


def test_a_finalised_categorys_criteria_cannot_change(marked):
    from judging.admin.operations import AdminError, update_category

    edition, category = marked
    finalise(category)
    params = dict(category.params, judge_total="sum")
    with pytest.raises(AdminError):
        update_category(category, {"params": params})


def test_the_publish_button_asks_for_confirmation_and_refuses_provisional_results(client, organiser, marked, make_entry):
    edition, category = marked
    url = f"/admin/editions/{edition.id}/results/{category.id}/visibility"
    late = make_entry(category)
    refused = client.post(url, data={"visibility": "published"}, follow_redirects=True).get_data(as_text=True)
    assert f"№{late.number}" in refused and db.session.get(Category, category.id).visibility == "live"
    for judge in category.judges:
        chair.record_abstention(category, judge, late, "did not come")
    finalise(category)
    asked = client.post(url, data={"visibility": "published"}).get_data(as_text=True)
    assert 'id="publish-confirm"' in asked and 'name="confirmed"' in asked
    assert db.session.get(Category, category.id).visibility == "live"
    client.post(url, data={"visibility": "published", "confirmed": "1"})
    assert db.session.get(Category, category.id).visibility == "published"


def test_the_console_shows_a_recorded_abstention_as_one(marked, make_entry):
    from judging.chair import matrix

    edition, category = marked
    late = make_entry(category)
    judge = category.judges[1]
    chair.record_abstention(category, judge, late, "left before the last performer")
    row = next(r for r in matrix.category_payload(category)["rows"] if r["entry"] == late.id)
    assert row["cells"][str(judge.id)] == {"status": "abstained", "reason": "left before the last performer"}
    assert row["cells"][str(category.judges[2].id)]["status"] == "waiting"


def test_the_console_lists_a_sheets_marks_in_the_categorys_criterion_order(marked):
    from judging.chair import matrix

    edition, category = marked
    row = matrix.category_payload(category)["rows"][0]
    cell = row["cells"][str(category.judges[0].id)]
    assert list(cell["marks"]) == ["voice", "technique", "artistry"]
