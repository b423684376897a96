"""/board until the jury finalises: provisional standings with a version, sheets of the panel per
row, and no award on a row short of its panel; ceremonies only of final results."""

from __future__ import annotations

import json
import re

import pytest
from flask_babel import force_locale

from judging.board import operations
from tests.board.conftest import events


def _watch(screen, edition) -> dict:
    ack = screen.emit("watch", {"edition": edition.id}, namespace="/board", callback=True)
    assert ack["ok"] is True
    return ack


def test_the_watch_ack_says_provisional_and_counts_each_rows_sheets(make_edition, board, mark):
    edition = make_edition(visibility="live")
    category = edition.categories[0]
    first, second, _third = category.entries
    for judge in category.judges:
        mark(first, judge, 9)
    mark(second, category.judges[0], 10)  # one sheet of three: the best score so far, but short of its panel
    [standing] = _watch(board(), edition)["standings"]
    assert standing["provisional"] is True and standing["version"] >= 1
    rows = {r["entry"]: r for r in standing["rows"]}
    assert (rows[first.id]["sheets"], rows[first.id]["panel"]) == (3, 3)
    assert (rows[second.id]["sheets"], rows[second.id]["panel"]) == (1, 3)
    assert rows[second.id]["place"] == 1 and rows[second.id]["score"] == 10, "its provisional place and score show"
    assert rows[second.id]["award"] is None, "no award on a row whose sheets are incomplete"
    assert rows[first.id]["award"] is not None
    assert set(standing["award_labels"]) == {rows[first.id]["award"]}, "no label for a withheld award"


def test_pushes_carry_a_growing_version_and_the_award_once_the_panel_is_complete(make_edition, board, mark, finalise):
    edition = make_edition(visibility="live")
    category = edition.categories[0]
    entry = category.entries[0]
    screen = board()
    _watch(screen, edition)
    versions = []
    for judge in category.judges:
        mark(entry, judge, 9)
        [pushed] = [e["args"][0] for e in events(screen, "standings")]
        versions.append(pushed["version"])
        row = next(r for r in pushed["rows"] if r["entry"] == entry.id)
        assert pushed["provisional"] is True and row["panel"] == 3
        assert row["sheets"] == len(versions)
        assert (row["award"] is None) == (len(versions) < 3)
    assert versions == sorted(set(versions)), "every change of the standings has a greater version"
    for other in category.entries[1:]:
        for judge in category.judges:
            mark(other, judge, 7, push=False)
    finalise(category)
    final = [e["args"][0] for e in events(screen, "standings")][-1]
    assert final["provisional"] is False and final["version"] > versions[-1]
    assert all(r["award"] is not None for r in final["rows"])


def test_a_freeze_keeps_the_provisional_rows_it_showed_even_when_finalised_meanwhile(
        make_edition, board, mark, organiser, finalise):
    edition = make_edition(visibility="live")
    category = edition.categories[0]
    first, second, third = category.entries
    for judge in category.judges:
        mark(first, judge, 9)
    mark(second, category.judges[0], 10)
    shown = _watch(board(), edition)["standings"][0]
    operations.set_visibility(category, "frozen", organiser)
    for judge in category.judges[1:]:
        mark(second, judge, 10)
    for judge in category.judges:
        mark(third, judge, 8)
    finalise(category)
    [frozen] = _watch(board(), edition)["standings"]
    assert frozen["visibility"] == "frozen"
    assert frozen["provisional"] is True and frozen["version"] == shown["version"]
    assert frozen["rows"] == shown["rows"], "the screens keep exactly what they showed"
    operations.set_visibility(category, "live", organiser)
    [live] = _watch(board(), edition)["standings"]
    assert live["provisional"] is False and all(r["award"] for r in live["rows"])


def test_a_ceremony_of_provisional_results_is_refused(make_edition, mark_all, organiser, finalise):
    edition = make_edition(visibility="frozen")
    category = edition.categories[0]
    mark_all(category, [9, 8, 7])
    with force_locale("ru"), pytest.raises(operations.BoardError) as info:
        operations.reveal_next(category, organiser)
    assert info.value.code == "not_finalised"
    assert "предварительн" in info.value.message.lower()
    finalise(category)
    assert operations.reveal_next(category, organiser)["award"] is not None


def test_the_hall_screen_has_the_provisional_marker_in_each_of_its_languages(client, make_edition):
    edition = make_edition(visibility="live")
    html = client.get(f"/screen/{edition.slug}").get_data(as_text=True)
    config = json.loads(re.search(r'id="screen-config"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert config["texts"]["provisional"] == {"kk": "Алдын ала нәтижелер", "ru": "Предварительные результаты"}


def test_the_ceremony_page_offers_no_step_while_provisional(client, organiser, make_edition, mark_all, finalise):
    edition = make_edition(visibility="frozen")
    category = edition.categories[0]
    mark_all(category, [9, 8, 7])
    url = f"/admin/editions/{edition.id}/results/{category.id}/ceremony"
    page = client.get(url).get_data(as_text=True)
    assert 'class="reveal-next"' not in page and 'id="provisional-ceremony"' in page
    manage = client.get(f"/admin/editions/{edition.id}/results").get_data(as_text=True)
    assert "Provisional results" in manage
    finalise(category)
    page = client.get(url).get_data(as_text=True)
    assert 'class="reveal-next"' in page and 'id="provisional-ceremony"' not in page
    assert "Final results" in client.get(f"/admin/editions/{edition.id}/results").get_data(as_text=True)
