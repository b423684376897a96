"""Fixtures for the board tests: marks stored straight through the models, and /board clients."""

from __future__ import annotations

import pytest

from judging import results
from judging.board.push import push_standings
from judging.extensions import db, socketio
from judging.models import Mark, Sheet


@pytest.fixture
def mark(app):
    """mark(entry, judge, voice, technique=None, artistry=None): store a sheet, recompute, push."""

    def do(entry, judge, voice, technique=None, artistry=None, push: bool = True):
        db.session.query(Sheet).filter_by(judge_id=judge.id, entry_id=entry.id).delete()
        sheet = Sheet(judge_id=judge.id, category_id=entry.category_id, entry_id=entry.id, status="submitted")
        values = {"voice": voice, "technique": technique if technique is not None else voice,
                  "artistry": artistry if artistry is not None else voice}
        sheet.marks = [Mark(criterion=k, value=v) for k, v in values.items()]
        db.session.add(sheet)
        db.session.commit()
        results.recompute(entry.category)
        if push:
            push_standings(entry.category)
        return sheet

    return do


@pytest.fixture
def mark_all(mark):
    """mark_all(category, [score per entry]): every judge gives each entry the same mark."""

    def do(category, scores, push: bool = True):
        for entry, score in zip(category.entries, scores, strict=True):
            for judge in category.judges:
                mark(entry, judge, score, push=False)
        if push:
            push_standings(category)

    return do


@pytest.fixture
def finalise(app):
    """finalise(category): the chair confirms the results (every sheet must be marked first)."""
    from judging.chair.operations import finalise_category

    return finalise_category


@pytest.fixture
def board(app, client):
    """board(): a /board Socket.IO test client (anonymous, like a hall screen)."""
    made = []

    def make():
        c = socketio.test_client(app, namespace="/board", flask_test_client=client)
        assert c.is_connected("/board")
        made.append(c)
        return c

    yield make
    for c in made:
        if c.is_connected("/board"):
            c.disconnect("/board")


def events(socket_client, name: str | None = None) -> list[dict]:
    """The events a test client received since last asked, optionally only one kind."""
    got = socket_client.get_received("/board")
    return [e for e in got if name is None or e["name"] == name]


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English (the source language), so the tests read the words as written in the code."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client
