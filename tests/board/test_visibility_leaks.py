"""A hidden or frozen category leaks nothing through any path: /board, public pages, JSON, exports."""

from __future__ import annotations

import json

import pytest

from judging.board import operations
from judging.extensions import db
from judging.models import Category, Entry, Judge
from tests.board.conftest import events
from tests.conftest import finalise

SECRET_NAMES = ("Тайнаев Секрет", "Жасырын Құпия")


@pytest.fixture
def two_categories(make_edition, mark_all):
    """An edition with a live category and a hidden one, both with marks and stored standings."""
    edition = make_edition(visibility="live")
    live = edition.categories[0]
    hidden = Category(edition=edition, position=2, nomination_key="folk", nomination={"kk": "Халық әні", "ru": "Народная песня", "en": "Folk song"},
                      age_group_key="14-17", age_group={"ru": "14–17"}, form_key="solo", form={"ru": "соло"},
                      rule=live.rule, params=live.params, visibility="hidden")
    db.session.add(hidden)
    for i, name in enumerate(SECRET_NAMES):
        db.session.add(Entry(category=hidden, number=i + 1, name=name, kind="collective"))  # full names on screens
    for judge in db.session.query(Judge).filter_by(edition_id=edition.id):
        judge.categories.append(hidden)
    db.session.commit()
    mark_all(live, [9, 8, 7])
    mark_all(hidden, [10, 6.5])
    return edition, live, hidden


def _assert_no_trace(text: str, hidden: Category) -> None:
    for name in SECRET_NAMES:
        assert name not in text
    assert "grand_prix" not in text and "Grand Prix" not in text  # the hidden category's only top award


def test_public_pages_show_only_the_name_of_a_hidden_category(client, two_categories):
    edition, live, hidden = two_categories
    page = client.get(f"/results/{edition.slug}").get_data(as_text=True)
    assert "Folk song" in page  # its name, nothing more
    assert "Results not yet published" in page
    assert "Әлия Қасымова" not in page  # the live category's children by initials
    _assert_no_trace(page, hidden)
    one = client.get(f"/results/{edition.slug}/{hidden.id}")
    assert one.status_code == 200
    _assert_no_trace(one.get_data(as_text=True), hidden)
    assert "Results not yet published" in one.get_data(as_text=True)


def test_public_json_says_nothing_about_hidden_or_frozen(client, two_categories, organiser):
    edition, live, hidden = two_categories
    data = client.get(f"/results/{edition.slug}/results.json").get_json()
    by_id = {c["id"]: c for c in data["categories"]}
    assert by_id[hidden.id]["rows"] is None and by_id[hidden.id]["visibility"] is None
    assert len(by_id[live.id]["rows"]) == 3
    _assert_no_trace(json.dumps(data, ensure_ascii=False), hidden)
    operations.set_visibility(live, "frozen", organiser)
    data = client.get(f"/results/{edition.slug}/results.json").get_json()
    frozen = {c["id"]: c for c in data["categories"]}[live.id]
    assert frozen["rows"] is None and frozen["visibility"] is None
    page = client.get(f"/results/{edition.slug}/{live.id}").get_data(as_text=True)
    assert "Results not yet published" in page and "laureate" not in page.lower()


def test_published_category_is_public(client, two_categories, organiser):
    edition, live, hidden = two_categories
    finalise(hidden)
    operations.set_visibility(hidden, "published", organiser)
    page = client.get(f"/results/{edition.slug}/{hidden.id}").get_data(as_text=True)
    assert SECRET_NAMES[0] in page and "Final results" in page


def test_board_never_sends_a_hidden_category(client, board, two_categories, mark):
    edition, live, hidden = two_categories
    for watch in ({"edition": edition.slug}, {"edition": edition.id, "category": hidden.id}):
        screen = board()
        ack = screen.emit("watch", watch, namespace="/board", callback=True)
        assert ack["ok"] is True
        assert hidden.id not in [s["category"] for s in ack["standings"]]
        _assert_no_trace(json.dumps(ack, ensure_ascii=False), hidden)
        events(screen)
        # A correction in the hidden category: recomputed and pushed, yet nothing reaches the screen.
        mark(hidden.entries[1], hidden.judges[0], 9.5)
        assert events(screen) == []


def test_exports_are_for_organisers_only(client, make_user, login, two_categories):
    edition, live, hidden = two_categories
    urls = [f"/admin/editions/{edition.id}/results/export.csv", f"/admin/editions/{edition.id}/results/export.xlsx",
            f"/admin/editions/{edition.id}/results/{hidden.id}/export.csv",
            f"/admin/editions/{edition.id}/results/{hidden.id}/export.xlsx"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    for role in ("judge", "chair"):
        login(make_user(role))
        for url in urls:
            response = client.get(url)
            assert response.status_code == 403
            _assert_no_trace(response.get_data(as_text=True), hidden)
        client.post("/logout")
