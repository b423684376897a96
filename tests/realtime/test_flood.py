"""A real gevent server on 127.0.0.1 stays responsive while one connection floods it.

Each flood is bounded (a few thousand messages, sent once); the server must tell the flooder to
slow down, then hang up on it, while /healthz and an honest judge's submission are answered.
"""

from __future__ import annotations

import json
import urllib.request
import uuid

import pytest
import socketio as sio
import websocket

from judging.realtime import limits
from tests.browser.livesrv import schema_app, start_server, stop_server
from tests.conftest import VOCAL_PARAMS

ANSWER_WITHIN = 5  # seconds: the bound on each honest request; a stalled server answered after 10-60 s
GOOD = {"voice": 9, "technique": 8.5, "artistry": "9.5"}


@pytest.fixture
def live(tmp_path):
    database_url = f"sqlite:///{tmp_path / 'judging.db'}"
    app = schema_app(database_url)
    seed = _seed(app)
    process, url, log = start_server(database_url, tmp_path)
    yield url, seed, log
    stop_server(process)


def _seed(app) -> dict:
    from judging.extensions import db
    from judging.models import Category, Edition, Entry, Judge, Series

    with app.app_context():
        series = Series(key="flood", name={"ru": "Конкурс"})
        edition = Edition(series=series, slug="flood-2026", year=2026, title={"ru": "Конкурс"})
        category = Category(edition=edition, position=1, nomination_key="pop", rule="criteria_panel",
                            params=VOCAL_PARAMS, visibility="live")
        entries = [Entry(category=category, number=i + 1, name=f"Әлия {i + 1}") for i in range(3)]
        judges = [Judge(edition=edition, name=f"Judge {i}", role="member") for i in range(2)]
        db.session.add_all([series, edition, category, *entries, *judges])
        for judge in judges:
            judge.categories.append(category)
        db.session.commit()
        return {"edition": edition.id, "entries": [e.id for e in entries], "tokens": [j.token for j in judges]}


def _flood(url: str, namespace: str, event: str, payloads, auth: dict | None = None) -> websocket.WebSocket:
    """Send every payload as fast as one socket can (without reading); the socket, to `_outcome` later."""
    ws = websocket.create_connection(url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket",
                                     timeout=ANSWER_WITHIN * 3)
    assert ws.recv().startswith("0")
    ws.send(f"40{namespace}," + (json.dumps(auth) if auth else ""))
    while not (reply := ws.recv()).startswith(f"40{namespace},"):
        assert not reply.startswith(f"44{namespace}"), reply
    try:
        for i, payload in enumerate(payloads):
            ws.send(f"42{namespace},{i}" + json.dumps([event, payload]))
    except (OSError, websocket.WebSocketConnectionClosedException):  # hung up on while still sending
        pass
    return ws


def _outcome(ws: websocket.WebSocket, namespace: str) -> dict:
    """The acks the flooder got, and whether the server hung up on it."""
    codes, disconnected = [], False
    try:
        while True:
            message = ws.recv()
            if message.startswith(f"43{namespace},"):
                ack = json.loads(message[message.index("["):])[0]
                codes.append(True if ack.get("ok") else ack.get("error", {}).get("code"))
            elif message.startswith(f"41{namespace}") or message in ("1", ""):  # "": the close frame
                disconnected = True
                break
    except websocket.WebSocketTimeoutException:  # still connected, nothing more said
        pass
    except (OSError, websocket.WebSocketConnectionClosedException):
        disconnected = True
    ws.close()
    return {"codes": codes, "disconnected": disconnected}


def _healthz(url: str) -> int:
    with urllib.request.urlopen(url + "/healthz", timeout=ANSWER_WITHIN) as response:
        return response.status


def _honest_judge(url: str, token: str) -> sio.Client:
    client = sio.Client(reconnection=False)
    client.connect(url, namespaces=["/judge"], transports=["websocket"], auth={"token": token},
                   wait_timeout=ANSWER_WITHIN)
    return client


def _submit(client: sio.Client, entry: int) -> dict:
    payload = {"client_id": str(uuid.uuid4()), "entry": entry, "marks": GOOD}
    return client.call("submit", payload, namespace="/judge", timeout=ANSWER_WITHIN)


def test_a_screen_flooding_watch_is_cut_off_and_the_judges_are_still_answered(live):
    url, seed, log = live
    judge = _honest_judge(url, seed["tokens"][0])
    try:
        ws = _flood(url, "/board", "watch", [{"edition": seed["edition"]}] * 3000)
        assert _healthz(url) == 200
        assert _submit(judge, seed["entries"][0])["ok"] is True
        flood = _outcome(ws, "/board")
        assert flood["disconnected"]
        assert "rate_limited" in flood["codes"]
        assert len(flood["codes"]) < 100  # answered a few, then cut off: not three thousand snapshots
    finally:
        judge.disconnect()
    assert "Traceback" not in log.read_text(errors="replace")


def test_invalid_events_flood_is_cut_off(live):
    url, seed, log = live
    ws = _flood(url, "/board", "watch", [{"edition": "\ud800"}] * 20000)
    assert _healthz(url) == 200
    flood = _outcome(ws, "/board")
    assert flood["disconnected"] and "invalid" in flood["codes"]
    assert set(flood["codes"]) <= {"invalid", "rate_limited"}
    assert "Traceback" not in log.read_text(errors="replace")


def test_a_tablet_flooding_its_replays_does_not_hold_up_another_judge(live):
    url, seed, log = live
    honest = _honest_judge(url, seed["tokens"][0])
    try:
        replay = {"client_id": "the-same-one", "entry": seed["entries"][1], "marks": GOOD}
        ws = _flood(url, "/judge", "submit", [replay] * 1000, auth={"token": seed["tokens"][1]})
        assert _healthz(url) == 200
        assert _submit(honest, seed["entries"][2])["ok"] is True
        flood = _outcome(ws, "/judge")
        assert flood["disconnected"] and "rate_limited" in flood["codes"]
    finally:
        honest.disconnect()
    assert "Traceback" not in log.read_text(errors="replace")


def test_an_oversized_message_closes_the_connection(live):
    url, seed, log = live
    ws = _flood(url, "/board", "watch", [{"edition": "x" * (limits.MAX_MESSAGE_BYTES + 1)}])
    assert _outcome(ws, "/board") == {"codes": [], "disconnected": True}
    assert _healthz(url) == 200


def test_a_hall_of_screens_watching_at_once_all_get_their_snapshot(live):
    """More screens than the process's shared /board slots send `watch` at the same moment (a hall
    reconnecting after a restart): each waits for a slot and gets its snapshot, none is refused."""
    url, seed, _log = live
    count = limits.BOARD_IN_FLIGHT_TOTAL * 3
    sockets = []
    for _ in range(count):
        ws = websocket.create_connection(url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket",
                                         timeout=ANSWER_WITHIN * 3)
        assert ws.recv().startswith("0")
        ws.send("40/board,")
        while not ws.recv().startswith("40/board,"):
            pass
        sockets.append(ws)
    for ws in sockets:  # all sent before any answer is read
        ws.send("42/board,1" + json.dumps(["watch", {"edition": seed["edition"]}]))
    acks = []
    for ws in sockets:
        while not (message := ws.recv()).startswith("43/board,"):
            pass
        acks.append(json.loads(message[message.index("["):])[0])
        ws.close()
    assert [a.get("ok") for a in acks] == [True] * count, [a.get("error") for a in acks if not a.get("ok")][:3]
