"""The application factory, configuration, health check, sign-in and the language switch."""

from __future__ import annotations

import pytest

from config import Config, TestConfig, _database_url
from judging import create_app


def test_factory_uses_the_given_config(app):
    assert app.testing
    assert app.config["SOCKETIO_ASYNC_MODE"] == "threading"
    assert app.template_folder.endswith("templates")
    for blueprint in ("public", "auth", "admin"):
        assert blueprint in app.blueprints


def test_production_config_defaults_to_gevent_and_sqlite_file(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert Config.SOCKETIO_ASYNC_MODE in ("gevent", "threading")  # set explicitly, never left to guess
    assert _database_url().startswith("sqlite:///") and _database_url().endswith("judging.db")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url_is_normalised_for_psycopg3(monkeypatch, given, expected):
    monkeypatch.setenv("DATABASE_URL", given)
    assert _database_url() == expected


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_broken_database():
    class Broken(TestConfig):
        SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://nobody@127.0.0.1:1/none"
        SQLALCHEMY_ENGINE_OPTIONS = {"connect_args": {"connect_timeout": 1}}

    app = create_app(Broken)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "error"


def test_foreign_keys_are_enforced(app, db):
    """SQLite ignores foreign keys unless told otherwise: the app turns them on."""
    from sqlalchemy.exc import IntegrityError

    from judging.models import Entry

    db.session.add(Entry(category_id=999_999, number=1, name="Orphan"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_sign_in_with_a_wrong_password_is_refused(client, make_user):
    user = make_user("organiser")
    response = client.post("/login", data={"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "/admin" not in response.headers.get("Location", "")


def test_sign_in_does_not_redirect_to_another_site(client, make_user):
    user = make_user("organiser")
    response = client.post("/login?next=https://evil.example/x", data={"username": user.username, "password": "secret"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"


def test_language_switch_is_remembered_for_the_user(client, make_user, login, db):
    user = make_user("organiser")
    login(user)
    client.post("/lang/kk", data={"next": "/admin/"})
    db.session.refresh(user)
    assert user.language == "kk"
    page = client.get("/admin/").get_data(as_text=True)
    assert 'lang="kk"' in page
    client.post("/lang/ru", data={"next": "/admin/"})
    assert 'lang="ru"' in client.get("/admin/").get_data(as_text=True)


def test_anonymous_language_choice_lives_in_the_session(client):
    client.post("/lang/en", data={"next": "/"})
    assert 'lang="en"' in client.get("/").get_data(as_text=True)
    client.post("/lang/xx", data={"next": "/"})  # unknown code: ignored
    assert 'lang="en"' in client.get("/").get_data(as_text=True)


def test_error_pages_speak_the_visitors_language(client):
    client.post("/lang/ru", data={"next": "/"})
    response = client.get("/no-such-page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Страница не найдена" in page and "Not Found" not in page
    assert client.get("/results/nosuch/results.json").status_code == 404  # data endpoints keep the plain error


def test_an_id_longer_than_any_row_is_not_found(client, make_edition, organiser):
    """No id column holds these numbers (PostgreSQL raises past 32 bits, SQLite past 64): a page
    answers "not found", or ignores a query string's id as it ignores a wrong one."""
    edition = make_edition()
    for too_long in (2**31, 10**30):
        assert client.get(f"/admin/editions/{too_long}").status_code == 404
        assert client.get(f"/admin/editions/{edition.id}/stage?category={too_long}").status_code == 200
