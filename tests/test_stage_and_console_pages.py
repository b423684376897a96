"""The stage and the chair's console as pages: who may open them, and what their buttons change."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from judging.models import AuditEntry, Mark, Sheet
from tests.conftest import resolve_missing


def _sheet(db, category, judge, entry, value="8"):
    sheet = Sheet(judge_id=judge.id, category_id=category.id, entry_id=entry.id, status="submitted")
    sheet.marks = [Mark(criterion=c["key"], value=Decimal(value)) for c in category.params["criteria"]]
    db.session.add(sheet)
    db.session.commit()
    return sheet


def test_the_stage_calls_performers_in_running_order(client, organiser, db, make_edition):
    edition = make_edition(entries=3)
    category = edition.categories[0]
    first, second, third = category.entries
    url = f"/admin/editions/{edition.id}/stage"
    assert client.get(url, query_string={"category": category.id}).status_code == 200
    client.post(url, data={"category": category.id, "action": "next"})
    db.session.refresh(edition)
    assert edition.stage_entry_id == first.id
    client.post(url, data={"category": category.id, "action": "next"})
    db.session.refresh(edition)
    db.session.refresh(first)
    assert edition.stage_entry_id == second.id and first.status == "performed"
    client.post(url, data={"category": category.id, "action": "call", "entry": third.id})
    db.session.refresh(edition)
    assert edition.stage_entry_id == third.id
    client.post(url, data={"category": category.id, "action": "clear"})
    db.session.refresh(edition)
    assert edition.stage_entry_id is None and edition.stage_category_id is None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "stage.moved")) is not None


def test_the_stage_refuses_another_editions_performer(client, organiser, db, make_edition):
    edition, other = make_edition(), make_edition()
    stranger = other.categories[0].entries[0]
    client.post(f"/admin/editions/{edition.id}/stage",
                data={"category": edition.categories[0].id, "action": "call", "entry": stranger.id})
    db.session.refresh(edition)
    assert edition.stage_entry_id is None


def test_the_console_is_for_organisers_and_this_editions_chair(client, db, make_user, login, make_edition):
    edition = make_edition()
    url = f"/admin/editions/{edition.id}/console"
    member = make_user("judge")
    edition.judges[1].user_id = member.id
    chair = make_user("chair")
    edition.judges[0].user_id = chair.id  # judges[0] chairs this jury
    db.session.commit()
    login(member)
    assert client.get(url).status_code == 403
    client.post("/logout")
    login(chair)
    page = client.get(url)
    assert page.status_code == 200 and "matrix" in page.get_data(as_text=True)
    other = make_edition()
    assert client.get(f"/admin/editions/{other.id}/console").status_code == 403  # not this chair's jury


def test_unlocking_a_sheet_needs_a_reason_and_is_audited(client, organiser, db, make_edition):
    edition = make_edition()
    category = edition.categories[0]
    sheet = _sheet(db, category, edition.judges[1], category.entries[0])
    url = f"/admin/editions/{edition.id}/console/sheets/{sheet.id}/unlock"
    client.post(url, data={"reason": "  "})
    db.session.refresh(sheet)
    assert sheet.status == "submitted"
    client.post(url, data={"reason": "The judge pressed 5 instead of 8"})
    db.session.refresh(sheet)
    assert sheet.status == "unlocked"
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.target == f"sheet:{sheet.id}"))
    assert audit is not None and "5 instead of 8" in audit.reason


def test_finalising_locks_the_category_and_its_sheets(client, organiser, db, make_edition):
    edition = make_edition()
    category = edition.categories[0]
    sheet = _sheet(db, category, edition.judges[1], category.entries[0])
    sheet.status = "unlocked"
    db.session.commit()
    resolve_missing(category)
    client.post(f"/admin/editions/{edition.id}/console/categories/{category.id}/finalise")
    db.session.refresh(category)
    db.session.refresh(sheet)
    assert category.judging == "finalised" and sheet.status != "unlocked"


def test_the_casting_vote_takes_running_numbers(client, organiser, db, make_edition):
    edition = make_edition(entries=3)
    category = edition.categories[0]
    url = f"/admin/editions/{edition.id}/console/categories/{category.id}/casting-vote"
    client.post(url, data={"order": "two, one"})
    db.session.refresh(category)
    assert not category.casting_votes
    client.post(url, data={"order": "3, 1"})
    db.session.refresh(category)
    assert category.casting_votes == [{"order": [category.entries[2].id, category.entries[0].id]}]


def test_organisers_open_and_close_judging(client, organiser, db, make_edition):
    edition = make_edition()
    category = edition.categories[0]
    client.post(f"/admin/editions/{edition.id}/console/categories/{category.id}/judging", data={"state": "closed"})
    db.session.refresh(category)
    assert category.judging == "closed"


def test_the_console_matrix_shows_a_recorded_abstention_as_abstained(db, make_edition):
    """A sheet the chair resolved as an abstention is no longer missing: the matrix says so, with the
    reason, and a sheet the judge gave before abstaining is not shown as counting."""
    from judging.chair import matrix
    from judging.chair.operations import record_abstention

    edition = make_edition(judges=3, entries=2)
    category = edition.categories[0]
    first, second = category.entries
    judges = list(edition.judges)
    _sheet(db, category, judges[2], second)
    record_abstention(category, judges[2], first, "Teaches the child")
    record_abstention(category, judges[2], second, "Left the hall")
    rows = {row["entry"]: row for row in matrix.category_matrix(category)["rows"]}
    for entry, reason in ((first, "Teaches the child"), (second, "Left the hall")):
        cell = rows[entry.id]["cells"][str(judges[2].id)]
        assert (cell["status"], cell["reason"]) == ("abstained", reason)
