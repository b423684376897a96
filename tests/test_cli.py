"""The command line: the demo and the first administrator account."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from judging.models import Conflict, Edition, Entry, User


def _demo(app) -> dict:
    result = app.test_cli_runner().invoke(args=["demo", "--json", "--no-migrate"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_demo_fills_every_contest(app, db):
    data = _demo(app)
    assert data["organiser"]["username"] and data["organiser"]["password"]
    editions = data["editions"]
    assert len(editions) == 9
    assert len({e["series"] for e in editions}) == 9
    for edition in editions:
        assert {"id", "slug", "series", "title", "categories", "judges", "entries"} <= set(edition)
        assert len(edition["categories"]) >= 2
        visibilities = [c["visibility"] for c in edition["categories"]]
        assert visibilities[0] == "live" and set(visibilities[1:]) == {"hidden"}
        marking = [j for j in edition["judges"] if j["categories"]]
        assert 5 <= len(marking) <= 7
        for judge in marking:
            assert judge["token"] and set(judge["categories"]) <= {c["id"] for c in edition["categories"]}
        for category in edition["categories"]:
            count = sum(1 for e in edition["entries"] if e["category"] == category["id"])
            assert 8 <= count <= 15, (edition["slug"], category["name"], count)
            assert category["rule"] in ("criteria_panel", "skating", "rounds", "marking_scheme", "pairwise", "ranked_points")
    assert db.session.scalar(select(func.count(Conflict.id))) >= 1
    # The demo organiser can sign in.
    user = db.session.scalar(select(User).where(User.username == data["organiser"]["username"]))
    assert user.check_password(data["organiser"]["password"]) and user.role == "organiser"


def test_demo_names_are_kazakh_and_russian(app, db):
    _demo(app)
    names = db.session.scalars(select(Entry.name)).all()
    assert any(ch in "".join(names) for ch in "әғқңөұүһі")
    assert any(n.endswith(("ов", "ова", "ев", "ева")) or " " in n for n in names)


def test_demo_is_idempotent(app, db):
    first = _demo(app)
    counts = (db.session.scalar(select(func.count(Edition.id))), db.session.scalar(select(func.count(Entry.id))))
    second = _demo(app)
    assert (db.session.scalar(select(func.count(Edition.id))), db.session.scalar(select(func.count(Entry.id)))) == counts
    assert first == second


def test_create_admin(app, db):
    args = ["create-admin", "--no-migrate", "--username", "boss", "--password", "long-password"]
    result = app.test_cli_runner().invoke(args=[*args, "--name", "Директор"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "boss"))
    assert user.role == "admin" and user.check_password("long-password")
    again = app.test_cli_runner().invoke(args=args)
    assert again.exit_code != 0 and "boss" in again.output  # the message names the taken username
