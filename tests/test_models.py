"""Constraints the schema itself enforces, so no code path can break them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError

from judging.models import Category, Comparison, Conflict, Entry, Mark, Sheet, Submission, User


def _commit_fails(db):
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_a_judge_has_one_sheet_per_entry(db, make_edition):
    edition = make_edition()
    category = edition.categories[0]
    judge, entry = edition.judges[0], category.entries[0]
    db.session.add(Sheet(judge_id=judge.id, category_id=category.id, entry_id=entry.id))
    db.session.commit()
    db.session.add(Sheet(judge_id=judge.id, category_id=category.id, entry_id=entry.id))
    _commit_fails(db)


def test_a_judge_has_one_placement_sheet_per_category_and_dance(db, make_edition):
    edition = make_edition()
    category, judge = edition.categories[0], edition.judges[0]
    db.session.add(Sheet(judge_id=judge.id, category_id=category.id, entry_id=None, dance="waltz"))
    db.session.add(Sheet(judge_id=judge.id, category_id=category.id, entry_id=None, dance="tango"))
    db.session.commit()
    db.session.add(Sheet(judge_id=judge.id, category_id=category.id, entry_id=None, dance="waltz"))
    _commit_fails(db)


def test_a_client_id_is_stored_once(db, make_edition):
    judge = make_edition().judges[0]
    db.session.add(Submission(client_id="abc", judge_id=judge.id, receipt={"ok": True}))
    db.session.commit()
    db.session.add(Submission(client_id="abc", judge_id=judge.id, receipt={"ok": True}))
    _commit_fails(db)


@pytest.mark.parametrize("swapped", [False, True], ids=["same-winner", "other-winner"])
def test_a_judge_stores_one_verdict_per_pair(db, make_edition, swapped):
    edition = make_edition()
    category = edition.categories[0]
    first, second, third = category.entries
    judge, other = edition.judges[0], edition.judges[1]

    def compared(judge, winner, loser):
        return Comparison(category_id=category.id, judge_id=judge.id, winner_id=winner.id, loser_id=loser.id)

    # the same pair by another judge, and another pair by the same judge, are other questions
    db.session.add_all([compared(judge, first, second), compared(other, first, second), compared(judge, first, third)])
    db.session.commit()
    db.session.add(compared(judge, second, first) if swapped else compared(judge, first, second))
    _commit_fails(db)


def test_one_mark_per_criterion_on_a_sheet(db, make_edition):
    edition = make_edition()
    category = edition.categories[0]
    sheet = Sheet(judge_id=edition.judges[0].id, category_id=category.id, entry_id=category.entries[0].id)
    sheet.marks = [Mark(criterion="voice", value=Decimal("9.5")), Mark(criterion="voice", value=Decimal("8"))]
    db.session.add(sheet)
    _commit_fails(db)


def test_marks_come_back_exactly(db, make_edition):
    edition = make_edition()
    category = edition.categories[0]
    sheet = Sheet(judge_id=edition.judges[0].id, category_id=category.id, entry_id=category.entries[0].id)
    sheet.marks = [Mark(criterion="voice", value=Decimal("9.5")), Mark(criterion="technique", value=Decimal("41.37"))]
    db.session.add(sheet)
    db.session.commit()
    db.session.expire_all()
    values = sorted(m.value for m in db.session.get(Sheet, sheet.id).marks)
    assert values == [Decimal("9.5"), Decimal("41.37")]


def test_running_numbers_are_unique_within_a_category(db, make_edition):
    category = make_edition(entries=1).categories[0]
    db.session.add(Entry(category=category, number=1, name="Twin"))
    _commit_fails(db)


def test_a_conflict_is_recorded_once(db, make_edition):
    edition = make_edition()
    judge, entry = edition.judges[1], edition.categories[0].entries[0]
    db.session.add(Conflict(judge=judge, entry=entry, reason="teacher"))
    db.session.commit()
    db.session.add(Conflict(judge=judge, entry=entry, reason="again"))
    _commit_fails(db)


@pytest.mark.parametrize("field, value", [("visibility", "secret"), ("judging", "maybe")])
def test_category_states_are_checked(db, make_edition, field, value):
    category = make_edition().categories[0]
    setattr(category, field, value)
    _commit_fails(db)


def test_entry_status_is_checked(db, make_edition):
    entry = make_edition().categories[0].entries[0]
    entry.status = "vanished"
    _commit_fails(db)


def test_one_category_per_nomination_age_and_form(db, make_edition):
    edition = make_edition()
    first = edition.categories[0]
    db.session.add(Category(edition=edition, nomination_key=first.nomination_key, age_group_key=first.age_group_key,
                            form_key=first.form_key, rule="criteria_panel", params={}))
    _commit_fails(db)


def test_usernames_are_unique_and_passwords_hashed(db, make_user):
    user = make_user("organiser", username="aigerim", password="s3cret-pass")
    assert "s3cret-pass" not in user.password_hash
    assert user.check_password("s3cret-pass") and not user.check_password("other")
    db.session.add(User(username="aigerim", password_hash="x", role="organiser"))
    _commit_fails(db)


def test_deleting_an_edition_removes_its_categories_entries_and_jury(db, make_edition):
    edition = make_edition()
    db.session.delete(edition)
    db.session.commit()
    assert db.session.query(Category).count() == 0
    assert db.session.query(Entry).count() == 0


def test_revoking_and_reissuing_a_judge_token(db, make_edition):
    judge = make_edition().judges[0]
    old = judge.token
    new = judge.reissue_token()
    assert new != old and len(new) >= 24
    judge.revoke_token()
    db.session.commit()
    assert judge.token is None
