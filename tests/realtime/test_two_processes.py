"""Two server processes sharing Redis and PostgreSQL: a mark submitted to one reaches screens on the other."""

from __future__ import annotations

import os
import queue
import uuid

import psycopg
import pytest
import redis
import socketio as sio
from sqlalchemy import select, text

from judging.extensions import db
from judging.models import Category, Edition, Entry, Judge, Series
from tests.browser.livesrv import schema_app, start_server, stop_server
from tests.conftest import VOCAL_PARAMS

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/test"
# Its own database (the main suite drops and recreates `test`'s schema) and its own queue channel,
# both per test process: other runs of the suite on this machine seed and publish at the same time.
DATABASE = f"judging_mp_{os.getpid()}"
QUEUE = "redis://127.0.0.1:6379/0"
CHANNEL = f"judging-test-{os.getpid()}"


def _services_up() -> None:
    try:
        redis.Redis.from_url(QUEUE, socket_connect_timeout=2).ping()
        with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone() is None:
                conn.execute(f"CREATE DATABASE {DATABASE}")
    except Exception as exc:  # the project's machines run both; say clearly what is missing
        pytest.fail(f"PostgreSQL and Redis are needed for this test: {exc}")


@pytest.fixture
def two_servers(tmp_path):
    _services_up()
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{DATABASE}"
    app = schema_app(url)
    with app.app_context():
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        db.create_all()
    env = {"SOCKETIO_MESSAGE_QUEUE": QUEUE, "SOCKETIO_CHANNEL": CHANNEL}
    a = start_server(f"postgresql://postgres@127.0.0.1:5432/{DATABASE}", tmp_path, env)
    try:
        # the second as the README deploys it: gunicorn with the app's worker
        b = start_server(f"postgresql://postgres@127.0.0.1:5432/{DATABASE}", tmp_path, env, gunicorn=True)
    except Exception:
        stop_server(a[0])
        raise
    yield app, a[1], b[1]
    for process, _, _ in (a, b):
        stop_server(process)
    with app.app_context():
        db.engine.dispose()
    with psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def _seed(app) -> dict:
    with app.app_context():
        series = Series(key="vocal-mp", name={"ru": "Звёзды"})
        edition = Edition(series=series, slug="mp-2026", year=2026, title={"ru": "Конкурс"})
        category = Category(edition=edition, position=1, nomination_key="pop", rule="criteria_panel",
                            params=VOCAL_PARAMS, visibility="live")
        entries = [Entry(category=category, number=i + 1, name=f"Әлия Қасымова {i + 1}") for i in range(3)]
        judges = [Judge(edition=edition, name=f"Judge {i}", role="chair" if i == 0 else "member") for i in range(3)]
        db.session.add_all([series, edition, category, *entries, *judges])
        for judge in judges:
            judge.categories.append(category)
        db.session.commit()
        return {"edition": edition.id, "category": category.id, "entries": [e.id for e in entries],
                "tokens": [j.token for j in judges]}


def test_a_mark_on_process_a_reaches_the_chair_and_the_hall_on_process_b(two_servers):
    app, url_a, url_b = two_servers
    seed = _seed(app)
    got: queue.Queue = queue.Queue()

    chair = sio.Client(reconnection=False)
    chair.on("matrix", lambda data: got.put(("matrix", data)), namespace="/judge")
    chair.connect(url_b, namespaces=["/judge"], transports=["websocket"], auth={"token": seed["tokens"][0]},
                  wait_timeout=10)
    hall = sio.Client(reconnection=False)
    hall.on("standings", lambda data: got.put(("standings", data)), namespace="/board")
    hall.connect(url_b, namespaces=["/board"], transports=["websocket"], wait_timeout=10)
    snapshot = hall.call("watch", {"edition": seed["edition"]}, namespace="/board", timeout=10)
    assert snapshot and not snapshot.get("error"), snapshot

    judge = sio.Client(reconnection=False)
    judge.connect(url_a, namespaces=["/judge"], transports=["websocket"], auth={"token": seed["tokens"][1]},
                  wait_timeout=10)
    try:
        ack = judge.call("submit", {"client_id": str(uuid.uuid4()), "entry": seed["entries"][0],
                                    "marks": {"voice": 9, "technique": 9.5, "artistry": 10}},
                         namespace="/judge", timeout=15)
        assert ack["ok"] and ack["status"] == "submitted"
        heard: dict = {}
        while len(heard) < 2:
            name, data = got.get(timeout=15)
            heard.setdefault(name, data)
        (row,) = heard["matrix"]["rows"]
        cell = next(c for c in row["cells"].values() if c["status"] == "submitted")
        assert cell["marks"] == {"artistry": "10", "technique": "9.5", "voice": "9"}
        assert heard["standings"]["category"] == seed["category"]
        assert any(r["entry"] == seed["entries"][0] and r["score"] is not None for r in heard["standings"]["rows"])
    finally:
        for client in (judge, chair, hall):
            client.disconnect()


def test_revoking_a_link_on_one_process_hangs_up_its_sockets_on_the_other(two_servers):
    app, url_a, url_b = two_servers
    seed = _seed(app)
    gone: queue.Queue = queue.Queue()
    chair_b = sio.Client(reconnection=False)
    chair_b.on("disconnect", lambda *_: gone.put("b"), namespace="/judge")
    chair_b.connect(url_b, namespaces=["/judge"], transports=["websocket"], auth={"token": seed["tokens"][0]},
                    wait_timeout=10)
    member_b = sio.Client(reconnection=False)
    member_b.connect(url_b, namespaces=["/judge"], transports=["websocket"], auth={"token": seed["tokens"][1]},
                     wait_timeout=10)
    try:
        # The organiser revokes the chair's link on another process (here: this one, on the same queue).
        queued = _queued_app(app)
        with queued.app_context():
            from judging.jury import operations as jury

            jury.revoke_token(db.session.scalar(select(Judge).where(Judge.token == seed["tokens"][0])))
        assert gone.get(timeout=15) == "b"
        assert member_b.connected  # the other judge's tablet on that process stays
    finally:
        for client in (chair_b, member_b):
            if client.connected:
                client.disconnect()


def _queued_app(app):
    """An app in this process on the same database and the same message queue as the two servers."""
    from config import TestConfig
    from judging import create_app

    class QueuedConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        SOCKETIO_MESSAGE_QUEUE = QUEUE
        SOCKETIO_CHANNEL = CHANNEL

    return create_app(QueuedConfig)
