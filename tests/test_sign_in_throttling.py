"""Guessing passwords at /login: throttled per account and per address, the same work for any name."""

from __future__ import annotations

import time

import pytest

from judging.auth import passwords

OFFICE, HOME = {"REMOTE_ADDR": "10.0.0.7"}, {"REMOTE_ADDR": "10.0.0.8"}


def sign_in(client, username, password, address=OFFICE):
    return client.post("/login", data={"username": username, "password": password}, environ_base=address)


@pytest.fixture
def spy(monkeypatch):
    checked = []
    real = passwords.check_password_hash

    def check(stored, password):
        checked.append(stored)
        return real(stored, password)

    monkeypatch.setattr(passwords, "check_password_hash", check)
    return checked


def test_an_unknown_username_costs_a_password_check_too(client, spy):
    response = sign_in(client, "nobody", "guess")
    assert response.status_code == 200 and "Неверный логин или пароль" in response.get_data(as_text=True)
    assert spy == [passwords.dummy_hash()]


def test_a_disabled_account_is_checked_against_the_dummy_hash(client, make_user, db, spy):
    user = make_user("organiser", password="secret")
    user.active = False
    db.session.commit()
    assert "Location" not in sign_in(client, user.username, "secret").headers
    assert spy == [passwords.dummy_hash()]


def test_the_eleventh_wrong_password_is_refused_and_so_is_the_right_one(client, make_user):
    user = make_user("organiser", password="secret")
    for _ in range(10):
        assert sign_in(client, user.username, "wrong").status_code == 200
    refused = sign_in(client, user.username, "wrong")
    assert refused.status_code == 429
    assert "Слишком много неудачных попыток входа" in refused.get_data(as_text=True)
    assert sign_in(client, user.username, "secret").status_code == 429  # until the wait is over
    assert sign_in(client, user.username, "secret", address=HOME).status_code == 429  # per account


def test_the_right_password_works_again_after_the_wait(client, make_user, monkeypatch):
    user = make_user("organiser", password="secret")
    for _ in range(11):
        sign_in(client, user.username, "wrong")
    assert sign_in(client, user.username, "secret").status_code == 429
    later = time.time() + 16 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert sign_in(client, user.username, "secret").status_code == 302


def test_a_right_password_costs_nothing(client, make_user):
    user = make_user("organiser", password="secret")
    for _ in range(12):
        assert sign_in(client, user.username, "secret").status_code == 302
        client.post("/logout")


def test_another_account_from_the_same_address_is_unaffected(client, make_user):
    guessed = make_user("organiser", username="guessed", password="secret")
    other = make_user("organiser", username="other", password="secret")
    for _ in range(11):
        sign_in(client, guessed.username, "wrong")
    assert sign_in(client, other.username, "secret").status_code == 302


def test_an_address_guessing_many_accounts_is_stopped_and_another_address_is_not(client, make_user):
    user = make_user("organiser", username="real", password="secret")
    for n in range(30):
        assert sign_in(client, f"user{n}", "wrong").status_code == 200
    assert sign_in(client, "user99", "wrong").status_code == 429
    assert sign_in(client, user.username, "secret").status_code == 429  # this address waits
    assert sign_in(client, user.username, "secret", address=HOME).status_code == 302


def test_the_sign_in_page_itself_is_never_throttled(client):
    for _ in range(12):
        sign_in(client, "nobody", "wrong")
    assert client.get("/login", environ_base=OFFICE).status_code == 200


@pytest.mark.config({"TRUSTED_PROXIES": 1})
def test_behind_a_proxy_each_client_address_is_counted_apart(client):
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for n in range(30):
        client.post("/login", data={"username": f"user{n}", "password": "wrong"}, environ_base=proxy,
                    headers={"X-Forwarded-For": "10.0.0.7"})
    assert client.post("/login", data={"username": "x", "password": "wrong"}, environ_base=proxy,
                       headers={"X-Forwarded-For": "10.0.0.7"}).status_code == 429
    assert client.post("/login", data={"username": "x", "password": "wrong"}, environ_base=proxy,
                       headers={"X-Forwarded-For": "10.0.0.8"}).status_code == 200
