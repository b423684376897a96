"""Fixtures: a fresh app per test (in-memory SQLite, or DATABASE_URL when the suite runs on PostgreSQL)."""

from __future__ import annotations

import os

import pytest
from flask import g
from sqlalchemy import text

from config import TestConfig
from judging import create_app
from judging.extensions import db as _db
from judging.models import Category, Edition, Entry, Judge, Series, User

VOCAL_PARAMS = {
    "criteria": [
        {"key": "voice", "min": 0, "max": 10, "step": 0.5},
        {"key": "technique", "min": 0, "max": 10, "step": 0.5},
        {"key": "artistry", "min": 0, "max": 10, "step": 0.5},
    ],
    "judge_total": "mean",
    "panel": "trimmed",
    "tie_break": ["criterion:voice", "casting_vote"],
    "awards": {
        "levels": [
            {"key": "grand_prix", "min": 10, "max_count": 1},
            {"key": "laureate_1", "min": 9},
            {"key": "laureate_2", "min": 8},
            {"key": "laureate_3", "min": 7},
            {"key": "diplomant", "min": 6},
        ],
        "otherwise": "participant",
    },
}


ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql"))
# Each test process works in a schema of its own, so two runs on one PostgreSQL database
# (a developer's and CI's, or parallel workers) never drop each other's tables.
PG_SCHEMA = f"test_{os.getpid()}"


class SuiteConfig(TestConfig):
    if ON_POSTGRES:
        SQLALCHEMY_ENGINE_OPTIONS = {"connect_args": {"options": f"-csearch_path={PG_SCHEMA}"}}


def _reset_schema() -> None:
    """Drop and recreate every table (PostgreSQL keeps data between tests otherwise)."""
    if _db.engine.dialect.name == "postgresql":
        with _db.engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
    else:
        _db.drop_all()
    _db.create_all()


@pytest.fixture(scope="session", autouse=True)
def _drop_pg_schema_at_the_end():
    yield
    if ON_POSTGRES:
        from sqlalchemy import create_engine

        engine = create_engine(SuiteConfig.SQLALCHEMY_DATABASE_URI)
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        engine.dispose()


@pytest.fixture
def app(request):
    """The app; a test marked `@pytest.mark.config({"NAME": value})` gets those settings on top."""
    marker = request.node.get_closest_marker("config")
    config = type("MarkedConfig", (SuiteConfig,), marker.args[0]) if marker else SuiteConfig
    app = create_app(config)

    @app.before_request
    def _forget_cached_locale():
        # The fixture keeps one app context open, so every request of a test shares its `g`,
        # where Flask-Babel caches the locale; in production each request has a fresh `g`.
        g.pop("_flask_babel", None)

    with app.app_context():
        _reset_schema()
        yield app
        _db.session.remove()
        if _db.engine.dialect.name != "postgresql":
            _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def make_user(db):
    """make_user(role="organiser", username=None, password="secret") -> User"""
    counter = {"n": 0}

    def make(role: str = "organiser", username: str | None = None, password: str = "secret", **kw) -> User:
        counter["n"] += 1
        user = User(username=username or f"{role}{counter['n']}", role=role, name=kw.pop("name", role.title()), **kw)
        user.set_password(password)
        db.session.add(user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def login(client):
    """login(user, password="secret"): sign the test client in through the real form."""

    def do(user: User, password: str = "secret"):
        response = client.post("/login", data={"username": user.username, "password": password})
        assert response.status_code == 302, response.data[:500]
        return response

    return do


@pytest.fixture
def organiser(make_user, login):
    """An organiser, signed in."""
    user = make_user("organiser")
    login(user)
    return user


@pytest.fixture
def make_edition(db):
    """make_edition(entries=3, judges=3, series="vocal") -> Edition with one open vocal category."""
    counter = {"n": 0}

    def make(entries: int = 3, judges: int = 3, series: str = "vocal", params: dict | None = None,
             rule: str = "criteria_panel", visibility: str = "hidden") -> Edition:
        counter["n"] += 1
        s = db.session.query(Series).filter_by(key=series).one_or_none()
        if s is None:
            s = Series(key=series, name={"kk": "Жұлдыздар", "ru": "Звёзды", "en": "Stars"})
            db.session.add(s)
        edition = Edition(
            series=s, slug=f"{series}-{counter['n']}", year=2026,
            title={"kk": "Байқау", "ru": "Конкурс", "en": "Contest"},
            city={"kk": "Петропавл", "ru": "Петропавловск", "en": "Petropavl"},
        )
        category = Category(
            edition=edition, position=1, nomination_key="pop", nomination={"kk": "Эстрада", "ru": "Эстрада", "en": "Pop"},
            age_group_key="10-13", age_group={"kk": "10–13", "ru": "10–13", "en": "10–13"},
            form_key="solo", form={"kk": "жеке", "ru": "соло", "en": "solo"},
            rule=rule, params=params or VOCAL_PARAMS,
            labels={"voice": {"kk": "Дауыс", "ru": "Голос", "en": "Voice"}},
            visibility=visibility,
        )
        db.session.add_all([edition, category])
        for i in range(entries):
            db.session.add(Entry(category=category, number=i + 1, name=f"Әлия Қасымова {i + 1}",
                                 institution="№1 мектеп", teacher="Ғалия Омарова"))
        for i in range(judges):
            judge = Judge(edition=edition, position=i, name=f"Judge {i + 1}", role="chair" if i == 0 else "member")
            judge.categories.append(category)
            db.session.add(judge)
        db.session.commit()
        return edition

    return make


def pytest_configure(config):
    config.addinivalue_line("markers", "config(settings): settings on top of the suite's configuration")


def pytest_report_header(config):
    return f"database: {'PostgreSQL (DATABASE_URL)' if os.environ.get('DATABASE_URL') else 'SQLite in memory'}"


def resolve_missing(category, reason: str = "was not in the hall") -> None:
    """Record an abstention for every sheet the panel still owes, so the category can be finalised."""
    from judging.chair.operations import record_abstention
    from judging.lifecycle import missing_sheets
    from judging.models import Judge

    for missing in missing_sheets(category):
        entry = _db.session.get(Entry, missing.entry_id) if missing.entry_id is not None else None
        record_abstention(category, _db.session.get(Judge, missing.judge_id), entry, reason)


def finalise(category, reason: str = "was not in the hall") -> None:
    """Finalise a category through the chair's operation, resolving missing sheets as abstentions first."""
    from judging.chair.operations import finalise_category

    resolve_missing(category, reason)
    finalise_category(category)


def finalise_and_publish(category) -> None:
    """Final and public results, through the real operations (what diplomas are issued from)."""
    from judging.board.operations import set_visibility

    finalise(category)
    set_visibility(category, "published")
