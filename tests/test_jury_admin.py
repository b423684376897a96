"""The organiser's jury admin: judges, tablet links, panels and conflicts, through the real pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from judging.models import AuditEntry, Conflict, Entry, Judge, Mark, Sheet, User


@pytest.fixture(autouse=True)
def english(client):
    """The pages in English, so the tests read the source strings whatever catalogues are compiled."""
    with client.session_transaction() as session:
        session["lang"] = "en"


def _audit(db, action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_judges_page_lists_the_jury_with_roles_and_links(client, organiser, make_edition):
    edition = make_edition()
    response = client.get(f"/admin/editions/{edition.id}/jury")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for judge in edition.judges:
        assert judge.name in html
    assert "Pop" in html  # the panels are listed under each judge
    # Without the tablet page installed the token is shown with a note.
    if "judge.tablet" not in client.application.view_functions:
        assert edition.judges[0].token in html


@pytest.fixture
def tablet_page(app):
    """The tablet page, or a stand-in at /t/<token> while it is not installed (before any request)."""
    if "judge.tablet" not in app.view_functions:
        app.add_url_rule("/t/<token>", endpoint="judge.tablet", view_func=lambda token: token)


def test_tablet_link_and_qr_when_the_tablet_page_exists(tablet_page, client, organiser, make_edition):
    edition = make_edition(judges=1)
    token = edition.judges[0].token
    html = client.get(f"/admin/editions/{edition.id}/jury").get_data(as_text=True)
    assert f"http://localhost/t/{token}" in html
    assert "<svg" in html and 'class="segno"' in html
    cards = client.get(f"/admin/editions/{edition.id}/jury/cards").get_data(as_text=True)
    assert f"/t/{token}" in cards and "<svg" in cards


def test_add_edit_and_remove_a_judge(client, organiser, make_edition, db):
    edition = make_edition(judges=0)
    response = client.post(f"/admin/editions/{edition.id}/jury",
                           data={"name": "  Айгүл   Серікқызы ", "credentials": "ҚР еңбек сіңірген әртісі",
                                 "role": "chair", "language": "kk", "user_id": "0"})
    assert response.status_code == 302
    judge = db.session.scalar(select(Judge).where(Judge.edition_id == edition.id))
    assert judge.name == "Айгүл Серікқызы" and judge.role == "chair" and judge.language == "kk"
    assert judge.token
    assert _audit(db, "judge.added")

    response = client.post(f"/admin/editions/{edition.id}/jury/{judge.id}",
                           data={"name": "Айгүл Серікқызы", "credentials": "", "role": "member", "language": "", "user_id": "0"})
    assert response.status_code == 302
    db.session.refresh(judge)
    assert judge.role == "member" and judge.language is None
    assert _audit(db, "judge.updated")

    response = client.post(f"/admin/editions/{edition.id}/jury/{judge.id}/remove")
    assert response.status_code == 302
    assert db.session.get(Judge, judge.id) is None
    assert _audit(db, "judge.removed")


def test_name_is_required(client, organiser, make_edition, db):
    edition = make_edition(judges=0)
    response = client.post(f"/admin/editions/{edition.id}/jury", data={"name": "  ", "role": "member", "user_id": "0"})
    assert response.status_code == 200
    assert "The name is required." in response.get_data(as_text=True)
    assert db.session.scalar(select(Judge.id)) is None


def test_a_second_chair_is_refused(client, organiser, make_edition, db):
    edition = make_edition(judges=2)  # judge 1 is the chair
    response = client.post(f"/admin/editions/{edition.id}/jury",
                           data={"name": "Second Chair", "role": "chair", "user_id": "0"})
    assert response.status_code == 200
    assert "already the chair of the jury" in response.get_data(as_text=True)
    assert db.session.scalar(select(Judge).where(Judge.name == "Second Chair")) is None
    member = edition.judges[1]
    response = client.post(f"/admin/editions/{edition.id}/jury/{member.id}",
                           data={"name": member.name, "role": "chair", "user_id": "0"})
    assert response.status_code == 200
    db.session.refresh(member)
    assert member.role == "member"


def test_removing_a_judge_with_marks_is_refused(client, organiser, make_edition, db):
    edition = make_edition(judges=1, entries=1)
    judge = edition.judges[0]
    entry = edition.categories[0].entries[0]
    sheet = Sheet(judge=judge, category_id=entry.category_id, entry=entry)
    sheet.marks.append(Mark(criterion="voice", value=9))
    db.session.add(sheet)
    db.session.commit()
    response = client.post(f"/admin/editions/{edition.id}/jury/{judge.id}/remove", follow_redirects=True)
    assert "already submitted marks" in response.get_data(as_text=True)
    assert db.session.get(Judge, judge.id) is not None


def test_reissue_invalidates_the_old_token_and_revoke_clears_it(client, organiser, make_edition, db):
    edition = make_edition(judges=1)
    judge = edition.judges[0]
    old = judge.token
    assert client.post(f"/admin/editions/{edition.id}/jury/{judge.id}/reissue").status_code == 302
    db.session.refresh(judge)
    assert judge.token and judge.token != old
    assert db.session.scalar(select(Judge).where(Judge.token == old)) is None
    log = _audit(db, "judge.token_reissued")
    assert len(log) == 1 and old not in str(log[0].before) and judge.token not in str(log[0].after)

    assert client.post(f"/admin/editions/{edition.id}/jury/{judge.id}/revoke").status_code == 302
    db.session.refresh(judge)
    assert judge.token is None
    assert _audit(db, "judge.token_revoked")
    html = client.get(f"/admin/editions/{edition.id}/jury").get_data(as_text=True)
    assert "Link switched off" in html


def test_reissue_does_not_follow_an_outside_next(client, organiser, make_edition):
    edition = make_edition(judges=1)
    judge = edition.judges[0]
    response = client.post(f"/admin/editions/{edition.id}/jury/{judge.id}/reissue", data={"next": "//evil.example/x"})
    assert response.headers["Location"].endswith(f"/admin/editions/{edition.id}/jury")


def test_link_a_judge_to_an_account_and_create_one(client, organiser, make_edition, make_user, db):
    edition = make_edition(judges=2)
    account = make_user("judge", name="Judge One")
    first, second = edition.judges
    response = client.post(f"/admin/editions/{edition.id}/jury/{first.id}",
                           data={"name": first.name, "role": first.role, "language": "", "user_id": str(account.id)})
    assert response.status_code == 302
    db.session.refresh(first)
    assert first.user_id == account.id
    # The same account cannot belong to two judges of one jury.
    response = client.post(f"/admin/editions/{edition.id}/jury/{second.id}",
                           data={"name": second.name, "role": second.role, "language": "", "user_id": str(account.id)})
    assert response.status_code == 200
    db.session.refresh(second)
    assert second.user_id is None

    response = client.post(f"/admin/editions/{edition.id}/jury/{second.id}/account",
                           data={"username": "member2", "password": "long-enough"})
    assert response.status_code == 302
    db.session.refresh(second)
    user = db.session.get(User, second.user_id)
    assert user.username == "member2" and user.role == "judge" and user.check_password("long-enough")
    # A taken username is refused and nothing changes.
    response = client.post(f"/admin/editions/{edition.id}/jury/{first.id}/account",
                           data={"username": "member2", "password": "long-enough"}, follow_redirects=True)
    assert "is taken" in response.get_data(as_text=True)


def test_panels_matrix_saved_in_one_go(client, organiser, make_edition, db):
    edition = make_edition(judges=3)
    category = edition.categories[0]
    j1, j2, j3 = edition.judges
    page = client.get(f"/admin/editions/{edition.id}/jury/panels").get_data(as_text=True)
    assert f'name="seat-{j1.id}-{category.id}"' in page
    response = client.post(f"/admin/editions/{edition.id}/jury/panels",
                           data={f"seat-{j1.id}-{category.id}": "1", f"seat-{j3.id}-{category.id}": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    assert {j.id for j in category.judges} == {j1.id, j3.id}
    log = _audit(db, "jury.panels_saved")
    assert len(log) == 1 and [j2.id, category.id] in log[0].before["seats"]


def test_panels_keep_a_judge_who_already_marked(client, organiser, make_edition, db):
    edition = make_edition(judges=2, entries=1)
    category = edition.categories[0]
    j1, j2 = edition.judges
    db.session.add(Sheet(judge=j2, category_id=category.id, entry=category.entries[0]))
    db.session.commit()
    response = client.post(f"/admin/editions/{edition.id}/jury/panels", data={f"seat-{j1.id}-{category.id}": "1"})
    assert response.status_code == 200
    assert "has already marked" in response.get_data(as_text=True)
    db.session.expire_all()
    assert {j.id for j in category.judges} == {j1.id, j2.id}


def test_conflicts_add_refuse_duplicate_and_remove(client, organiser, make_edition, db):
    edition = make_edition(judges=2, entries=2)
    judge = edition.judges[1]
    entry = edition.categories[0].entries[0]
    page = client.get(f"/admin/editions/{edition.id}/jury/conflicts").get_data(as_text=True)
    assert "<optgroup" in page and "Pop" in page  # entries grouped by category

    response = client.post(f"/admin/editions/{edition.id}/jury/conflicts",
                           data={"judge_id": judge.id, "entry_id": entry.id, "reason": ""})
    assert response.status_code == 200
    assert db.session.scalar(select(Conflict.id)) is None  # a reason is required

    data = {"judge_id": judge.id, "entry_id": entry.id, "reason": "Her teacher"}
    assert client.post(f"/admin/editions/{edition.id}/jury/conflicts", data=data).status_code == 302
    conflict = db.session.scalar(select(Conflict))
    assert (conflict.judge_id, conflict.entry_id, conflict.reason) == (judge.id, entry.id, "Her teacher")
    assert _audit(db, "conflict.added")

    response = client.post(f"/admin/editions/{edition.id}/jury/conflicts", data=data)
    assert response.status_code == 200
    assert "is already recorded" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(Conflict)).all()) == 1

    conflict_id = conflict.id
    assert client.post(f"/admin/editions/{edition.id}/jury/conflicts/{conflict_id}/remove").status_code == 302
    db.session.expire_all()
    assert db.session.get(Conflict, conflict_id) is None
    assert _audit(db, "conflict.removed")


def test_conflict_with_an_entry_of_another_edition_is_refused(client, organiser, make_edition, db):
    edition = make_edition(judges=1)
    other = make_edition(judges=0)
    foreign = db.session.scalar(select(Entry).where(Entry.category_id == other.categories[0].id))
    response = client.post(f"/admin/editions/{edition.id}/jury/conflicts",
                           data={"judge_id": edition.judges[0].id, "entry_id": foreign.id, "reason": "x"})
    assert response.status_code == 200  # not one of the offered choices
    assert db.session.scalar(select(Conflict.id)) is None


def test_pages_of_another_editions_judge_are_not_found(client, organiser, make_edition):
    edition = make_edition()
    other = make_edition()
    assert client.get(f"/admin/editions/{edition.id}/jury/{other.judges[0].id}").status_code == 404
    assert client.post(f"/admin/editions/{edition.id}/jury/{other.judges[0].id}/reissue").status_code == 404


def test_a_conflict_found_after_the_marks_makes_them_stop_counting_until_lifted(client, organiser, make_edition, db):
    """A parent tells the organiser after the performance that a judge teaches the child: the
    judge's marks are kept but the judge abstains, in the standings and on the console."""
    from judging import results
    from judging.chair import matrix
    from judging.scoring import operations

    edition = make_edition(judges=3, entries=1)
    category, entry = edition.categories[0], edition.categories[0].entries[0]
    judges = list(edition.judges)
    for judge, value in zip(judges, (9, 9, 5), strict=True):
        assert operations.submit(judge, {"client_id": f"c{judge.id}", "entry": entry.id,
                                         "marks": {"voice": value, "technique": value, "artistry": value}})["ok"]

    def standing():
        db.session.expire_all()
        [row] = results.standings(db.session.get(type(category), category.id)).standings
        return row

    with_all = standing().score  # a trimmed panel of 9, 9 and 5
    url = f"/admin/editions/{edition.id}/jury/conflicts"
    response = client.post(url, data={"judge_id": judges[2].id, "entry_id": entry.id, "reason": "Her teacher"},
                           follow_redirects=True)
    assert "no longer count" in response.get_data(as_text=True)
    row = standing()
    assert row.score == 9 and row.score != with_all  # the two others' marks only
    assert row.detail["abstentions"] == {str(judges[2].id): "Her teacher"}
    assert db.session.scalar(select(Sheet).where(Sheet.judge_id == judges[2].id)) is not None  # kept
    cell = matrix.category_matrix(category)["rows"][0]["cells"][str(judges[2].id)]
    assert (cell["status"], cell["reason"]) == ("abstained", "Her teacher")

    conflict_id = db.session.scalar(select(Conflict.id))
    assert client.post(f"{url}/{conflict_id}/remove").status_code == 302
    assert standing().score == with_all


def test_conflicts_cannot_change_finalised_results(client, organiser, make_edition, db):
    from judging.scoring import operations

    edition = make_edition(judges=2, entries=1)
    category, entry, judge = edition.categories[0], edition.categories[0].entries[0], edition.judges[1]
    assert operations.submit(judge, {"client_id": "c1", "entry": entry.id,
                                     "marks": {"voice": 9, "technique": 9, "artistry": 9}})["ok"]
    url = f"/admin/editions/{edition.id}/jury/conflicts"
    assert client.post(url, data={"judge_id": judge.id, "entry_id": entry.id, "reason": "Her teacher"}).status_code == 302
    conflict_id = db.session.scalar(select(Conflict.id))
    category.judging = "finalised"
    db.session.commit()
    page = client.post(f"{url}/{conflict_id}/remove", follow_redirects=True).get_data(as_text=True)
    assert "finalised" in page
    assert db.session.get(Conflict, conflict_id) is not None
    other = edition.judges[0]
    page = client.post(url, data={"judge_id": other.id, "entry_id": entry.id, "reason": "Aunt"}).get_data(as_text=True)
    assert "finalised" in page
    assert len(db.session.scalars(select(Conflict)).all()) == 1


def _placements_edition(make_edition, db, rule, params):
    from judging.scoring import operations

    edition = make_edition(judges=2, entries=3, rule=rule, params=params)
    category = edition.categories[0]
    a, b, c = category.entries
    judge = edition.judges[1]
    ack = operations.submit(judge, {"client_id": "p1", "category": category.id, "dance": "",
                                    "placements": {str(a.id): 1, str(b.id): 2, str(c.id): 3}})
    assert ack["ok"], ack
    return edition, category, (a, b, c), judge


def test_a_conflict_after_a_ranking_closes_up_the_judges_places(client, organiser, make_edition, db):
    from judging import results

    edition, category, (a, b, c), judge = _placements_edition(make_edition, db, "ranked_points", {"points": [3, 2, 1]})
    response = client.post(f"/admin/editions/{edition.id}/jury/conflicts",
                           data={"judge_id": judge.id, "entry_id": a.id, "reason": "Her teacher"}, follow_redirects=True)
    assert "no longer count" in response.get_data(as_text=True)
    mine = [p for p in results.build_case(category)["placements"] if p["judge"] == str(judge.id)]
    assert mine == [{"judge": str(judge.id), "entry": str(b.id), "place": 1},
                    {"judge": str(judge.id), "entry": str(c.id), "place": 2}]


def test_a_conflict_cannot_be_recorded_after_the_judge_placed_a_skating_final(client, organiser, make_edition, db):
    edition, category, (a, b, c), judge = _placements_edition(make_edition, db, "skating", {})
    page = client.post(f"/admin/editions/{edition.id}/jury/conflicts",
                       data={"judge_id": judge.id, "entry_id": a.id, "reason": "Her coach"}).get_data(as_text=True)
    assert "already placed this final" in page
    assert db.session.scalar(select(Conflict.id)) is None
