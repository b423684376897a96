"""Fixtures for the live judging tests: Socket.IO test clients on /judge."""

from __future__ import annotations

import uuid

import pytest

from judging.extensions import socketio


@pytest.fixture
def tablet(app):
    """tablet(token=None, flask_client=None, **auth) -> a connected /judge test client."""
    clients = []

    def connect(token: str | None = None, flask_client=None, **auth):
        if token is not None:
            auth["token"] = token
        client = socketio.test_client(
            app, namespace="/judge", auth=auth or None, flask_test_client=flask_client or app.test_client()
        )
        clients.append(client)
        return client

    yield connect
    for client in clients:
        if client.is_connected("/judge"):
            client.disconnect("/judge")


def events(client, name: str) -> list:
    """The payloads of every `name` event the client received since last asked."""
    return [e["args"][0] for e in client.get_received("/judge") if e["name"] == name]


def submit(client, payload: dict) -> dict:
    """Send one submission with a fresh client id unless given; return the ack."""
    payload = dict(payload)
    payload.setdefault("client_id", str(uuid.uuid4()))
    return client.emit("submit", payload, namespace="/judge", callback=True)


@pytest.fixture
def vocal(make_edition):
    """A vocal edition: 3 entries, 3 judges (the first chairs), one open criteria category."""
    edition = make_edition(entries=3, judges=3)
    category = edition.categories[0]
    return edition, category, list(category.entries), list(edition.judges)


GOOD = {"voice": 9, "technique": 8.5, "artistry": "9.5"}
