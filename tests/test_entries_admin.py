"""The organiser's entries admin through the real pages, and who may open the jury and entries pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from config import TestConfig
from judging import create_app
from judging.models import AuditEntry, Entry, Mark, Member, Sheet


@pytest.fixture(autouse=True)
def english(client):
    """The pages in English, so the tests read the source strings whatever catalogues are compiled."""
    with client.session_transaction() as session:
        session["lang"] = "en"


def _admin_rules() -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every route of the jury and entries blueprints, ids filled with 1."""
    app = create_app(TestConfig)
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in ("jury", "entries"):
            continue
        values = {arg: ("0" * 32 if arg == "token" else 1) for arg in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, url))
    return found


ADMIN_RULES = _admin_rules()


def test_the_url_map_has_both_blueprints():
    endpoints = {endpoint for endpoint, _, _ in ADMIN_RULES}
    assert {"jury.judges", "entries.index", "entries.running_order", "entries.import_upload"} <= endpoints


@pytest.mark.parametrize(("endpoint", "method", "url"), ADMIN_RULES, ids=[f"{e}-{m}" for e, m, _ in ADMIN_RULES])
def test_anonymous_visitors_are_sent_to_sign_in(client, make_edition, db, endpoint, method, url):
    make_edition()
    response = client.open(url, method=method)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(("endpoint", "method", "url"), ADMIN_RULES, ids=[f"{e}-{m}" for e, m, _ in ADMIN_RULES])
def test_judges_are_refused(client, make_user, login, make_edition, db, endpoint, method, url):
    edition = make_edition()
    judge_account = make_user("judge")
    login(judge_account)
    tokens_before = [j.token for j in edition.judges]
    response = client.open(url, method=method)
    assert response.status_code == 403
    db.session.expire_all()
    assert [j.token for j in edition.judges] == tokens_before  # nothing changed behind the refusal


def _entry_data(category_id: int, **changes) -> dict:
    data = {"category_id": category_id, "kind": "person", "name": "Айша Нұрланқызы", "birth_date": "2014-03-05",
            "institution": "№5 мектеп", "district": "Петропавл", "teacher": "Гүлмира Сейітова",
            "repertoire": "«Әнім сен едің»\n«Тамаша»", "members": "", "status": "registered", "notes": ""}
    data.update(changes)
    return data


def test_index_lists_entries_with_their_details(client, organiser, make_edition):
    edition = make_edition(entries=2)
    category = edition.categories[0]
    html = client.get(f"/admin/editions/{edition.id}/entries?category={category.id}").get_data(as_text=True)
    for entry in category.entries:
        assert entry.name in html and entry.code in html
    assert "Ғалия Омарова" in html and "№1 мектеп" in html


def test_add_entry_takes_the_next_number_and_is_logged(client, organiser, make_edition, db):
    edition = make_edition(entries=3)
    category = edition.categories[0]
    response = client.post(f"/admin/editions/{edition.id}/entries/new", data=_entry_data(category.id))
    assert response.status_code == 302
    entry = db.session.scalar(select(Entry).where(Entry.name == "Айша Нұрланқызы"))
    assert entry.number == 4 and entry.category_id == category.id
    assert entry.repertoire == "«Әнім сен едің»\n«Тамаша»"
    assert entry.birth_date.isoformat() == "2014-03-05"
    assert entry.original == {}
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "entry.added", AuditEntry.target == f"entry:{entry.id}"))


def test_kazakh_normalisation_keeps_the_original(client, organiser, make_edition, db):
    edition = make_edition(entries=0)
    category = edition.categories[0]
    typed = "Әлiхан Серiкұлы"  # Latin «i» for «і», as much typed Kazakh has it
    members = "Дінмұхаммед Әлiмжанов\nАйгерім Қасым"
    response = client.post(f"/admin/editions/{edition.id}/entries/new",
                           data=_entry_data(category.id, name=typed, kind="collective", members=members,
                                            teacher="Ғалия  Омарова"), follow_redirects=True)
    assert "the original text is kept" in response.get_data(as_text=True)
    entry = db.session.scalar(select(Entry))
    assert entry.name == "Әліхан Серікұлы"
    assert entry.original == {"name": typed}  # spacing alone is tidied without keeping an original
    assert entry.teacher == "Ғалия Омарова"
    assert [(m.name, m.original_name) for m in entry.members] == [
        ("Дінмұхаммед Әлімжанов", "Дінмұхаммед Әлiмжанов"), ("Айгерім Қасым", None),
    ]
    # Saving the entry again with the shown (normalised) text keeps the originals on record.
    response = client.post(f"/admin/editions/{edition.id}/entries/{entry.id}",
                           data=_entry_data(category.id, name=entry.name, kind="collective",
                                            members="Дінмұхаммед Әлімжанов\nАйгерім Қасым", institution="№7 мектеп"))
    assert response.status_code == 302
    db.session.expire_all()
    entry = db.session.get(Entry, entry.id)
    assert entry.institution == "№7 мектеп"
    assert entry.original == {"name": typed}
    assert entry.members[0].original_name == "Дінмұхаммед Әлiмжанов"


def test_roman_numerals_are_left_alone(client, organiser, make_edition, db):
    edition = make_edition(entries=0)
    client.post(f"/admin/editions/{edition.id}/entries/new",
                data=_entry_data(edition.categories[0].id, name="Ансамбль «Шолпан» II", kind="collective"))
    entry = db.session.scalar(select(Entry))
    assert entry.name == "Ансамбль «Шолпан» II" and entry.original == {}


def test_name_required_and_duplicate_refused(client, organiser, make_edition, db):
    edition = make_edition(entries=1)
    category = edition.categories[0]
    response = client.post(f"/admin/editions/{edition.id}/entries/new", data=_entry_data(category.id, name="   "))
    assert response.status_code == 200
    response = client.post(f"/admin/editions/{edition.id}/entries/new",
                           data=_entry_data(category.id, name="әлия қасымова 1"))
    assert response.status_code == 200
    assert "already entered in this category" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(Entry)).all()) == 1


def test_a_solo_performer_has_no_members(client, organiser, make_edition, db):
    edition = make_edition(entries=0)
    response = client.post(f"/admin/editions/{edition.id}/entries/new",
                           data=_entry_data(edition.categories[0].id, members="Бір\nЕкі"))
    assert response.status_code == 200
    assert db.session.scalar(select(Entry.id)) is None
    assert db.session.scalar(select(Member.id)) is None


def test_moving_an_entry_to_another_category_closes_the_gap(client, organiser, make_edition, db):
    from judging.models import Category

    edition = make_edition(entries=3)
    first = edition.categories[0]
    other = Category(edition=edition, position=2, nomination_key="folk", nomination={"ru": "Народный"},
                     rule=first.rule, params=first.params)
    db.session.add(other)
    db.session.commit()
    moving = first.entries[0]
    response = client.post(f"/admin/editions/{edition.id}/entries/{moving.id}",
                           data=_entry_data(other.id, name=moving.name))
    assert response.status_code == 302
    db.session.expire_all()
    assert [(e.name, e.number) for e in first.entries] == [("Әлия Қасымова 2", 1), ("Әлия Қасымова 3", 2)]
    assert [(e.id, e.number) for e in other.entries] == [(moving.id, 1)]


def test_delete_closes_the_gap_and_is_refused_once_marked(client, organiser, make_edition, db):
    edition = make_edition(entries=3, judges=1)
    category = edition.categories[0]
    e1, e2, e3 = category.entries
    assert client.post(f"/admin/editions/{edition.id}/entries/{e2.id}/delete").status_code == 302
    db.session.expire_all()
    assert [(e.id, e.number) for e in category.entries] == [(e1.id, 1), (e3.id, 2)]
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "entry.deleted"))

    sheet = Sheet(judge=edition.judges[0], category_id=category.id, entry=e1)
    sheet.marks.append(Mark(criterion="voice", value=8))
    db.session.add(sheet)
    db.session.commit()
    response = client.post(f"/admin/editions/{edition.id}/entries/{e1.id}/delete", follow_redirects=True)
    assert "Withdraw it instead" in response.get_data(as_text=True)
    assert db.session.get(Entry, e1.id) is not None


def test_status_change_needs_a_note_to_withdraw_and_is_logged(client, organiser, make_edition, db):
    edition = make_edition(entries=2)
    entry = edition.categories[0].entries[0]
    response = client.post(f"/admin/editions/{edition.id}/entries/{entry.id}/status",
                           data={"status": "withdrawn", "note": " "}, follow_redirects=True)
    assert "Say why the entry is withdrawn" in response.get_data(as_text=True)
    db.session.refresh(entry)
    assert entry.status == "registered"

    response = client.post(f"/admin/editions/{edition.id}/entries/{entry.id}/status",
                           data={"status": "withdrawn", "note": "Ill on the day"})
    assert response.status_code == 302
    db.session.refresh(entry)
    assert entry.status == "withdrawn" and "Ill on the day" in entry.notes
    log = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "entry.status_changed"))
    assert log.before["status"] == "registered" and log.after["status"] == "withdrawn" and log.reason == "Ill on the day"

    response = client.post(f"/admin/editions/{edition.id}/entries/{entry.id}/status", data={"status": "performed", "note": ""})
    db.session.refresh(entry)
    assert entry.status == "performed"


def test_edit_form_refuses_disqualifying_without_a_note(client, organiser, make_edition, db):
    edition = make_edition(entries=1)
    entry = edition.categories[0].entries[0]
    response = client.post(f"/admin/editions/{edition.id}/entries/{entry.id}",
                           data=_entry_data(entry.category_id, name=entry.name, status="disqualified", notes=""))
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(Entry, entry.id).status == "registered"


def test_entries_of_another_edition_are_not_found(client, organiser, make_edition):
    edition = make_edition()
    other = make_edition()
    foreign = other.categories[0].entries[0]
    assert client.get(f"/admin/editions/{edition.id}/entries/{foreign.id}").status_code == 404
    assert client.post(f"/admin/editions/{edition.id}/entries/{foreign.id}/delete").status_code == 404
    response = client.post(f"/admin/editions/{edition.id}/entries/new", data=_entry_data(other.categories[0].id))
    assert response.status_code == 200  # not one of this edition's categories
