"""Every message gets a coded answer or a clean disconnect; a connection that floods is cut off."""

from __future__ import annotations

import logging

from judging.extensions import socketio
from judging.realtime import limits
from tests.realtime.conftest import GOOD, submit


def _screen(app):
    screen = socketio.test_client(app, namespace="/board", flask_test_client=app.test_client())
    assert screen.is_connected("/board")
    return screen


def _raw(client, text: str) -> None:
    """A Socket.IO packet as a client could write it by hand, bypassing the client's encoder."""
    socketio.server._handle_eio_message(client.eio_sid, text)


def test_a_lone_surrogate_is_answered_invalid_without_a_traceback(app, make_edition, caplog):
    make_edition()
    screen = _screen(app)
    with caplog.at_level(logging.INFO):
        for ref in ("\ud800", {"x": ["\udfff"]}):
            ack = screen.emit("watch", {"edition": ref}, namespace="/board", callback=True)
            assert ack["ok"] is False and ack["error"]["code"] == "invalid"
    assert not [r for r in caplog.records if r.exc_info]
    assert screen.is_connected("/board")


def test_unknown_events_and_extra_arguments_are_answered_invalid(app, make_edition, tablet, vocal):
    _edition, _category, _entries, judges = vocal
    screen = _screen(app)
    ack = screen.emit("no_such_event", {"edition": 1}, namespace="/board", callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid" and ack["error"]["message"]
    ack = screen.emit("submit", {}, namespace="/board", callback=True)  # a /judge event sent to /board
    assert ack["error"]["code"] == "invalid"
    ack = screen.emit("watch", {"edition": 1}, {"more": 1}, namespace="/board", callback=True)
    assert ack["error"]["code"] == "invalid"
    ack = screen.emit("connect", {}, namespace="/board", callback=True)  # the library's own event names
    assert ack["error"]["code"] == "invalid"
    judge = tablet(judges[0].token)
    ack = judge.emit("watch", {"edition": 1}, namespace="/judge", callback=True)
    assert ack["error"]["code"] == "invalid"


def test_refusals_are_in_the_clients_language(app, make_edition):
    make_edition()
    flask_client = app.test_client()
    screen = socketio.test_client(app, namespace="/board", flask_test_client=flask_client,
                                  headers={"Accept-Language": "kk"})
    ack = screen.emit("no_such_event", {}, namespace="/board", callback=True)
    kazakh = ack["error"]["message"]
    screen = socketio.test_client(app, namespace="/board", flask_test_client=flask_client,
                                  headers={"Accept-Language": "ru"})
    ack = screen.emit("no_such_event", {}, namespace="/board", callback=True)
    assert ack["error"]["message"] != kazakh
    assert "сообщ" in ack["error"]["message"]


def test_an_unparseable_packet_disconnects(app, make_edition):
    make_edition()
    for garbage in ('2/board,17["watch", {', "9zzz", '2/board,["watch"' + "[" * 5000):
        screen = _screen(app)
        _raw(screen, garbage)
        assert not screen.is_connected("/board")


def test_a_flooding_screen_is_told_to_slow_down_then_disconnected(app, make_edition, caplog):
    edition = make_edition(visibility="live")
    screen = _screen(app)
    answers = []
    with caplog.at_level(logging.INFO):
        for _ in range(200):
            if not screen.is_connected("/board"):
                break
            answers.append(screen.emit("watch", {"edition": edition.id}, namespace="/board", callback=True))
    assert not screen.is_connected("/board")
    codes = [a["ok"] or a["error"]["code"] for a in answers if a is not None]
    assert codes[0] is True
    assert "rate_limited" in codes
    # Cut off after a bounded number of answers, not after the two hundred it sent.
    assert len(answers) <= limits.BOARD_LIMITS.burst + limits.REFUSALS_BEFORE_DISCONNECT + 2
    assert not [r for r in caplog.records if r.exc_info]
    # Another screen is not affected.
    other = _screen(app)
    assert other.emit("watch", {"edition": edition.id}, namespace="/board", callback=True)["ok"] is True


def test_a_tablet_sending_faster_than_allowed_is_told_to_slow_down_not_cut_off(app, tablet, vocal):
    _edition, _category, entries, judges = vocal
    judge = tablet(judges[0].token)
    first = submit(judge, {"entry": entries[0].id, "marks": GOOD, "client_id": "replay-0"})
    assert first["ok"] is True and first["duplicate"] is False
    codes = []
    for _ in range(10 * limits.JUDGE_LIMITS.burst):  # bounded: the refill is far slower than this loop
        ack = submit(judge, {"entry": entries[0].id, "marks": GOOD, "client_id": "replay-0"})
        codes.append(ack["ok"] or ack["error"]["code"])
        if codes[-1] == "rate_limited":
            break
    assert codes[-1] == "rate_limited" and set(codes[:-1]) == {True}  # replays answered as the first time
    assert judge.is_connected("/judge")


def test_connecting_again_and_again_is_refused_then_cut_off(app, tablet, vocal):
    _edition, _category, _entries, judges = vocal
    client = tablet(judges[0].token)
    answers = []
    for _ in range(limits.CONNECT_LIMITS.burst + limits.REFUSALS_BEFORE_DISCONNECT + 5):
        if client.is_connected("/judge"):
            client.disconnect("/judge")
        if client.eio_sid not in socketio.server.environ:  # hung up on
            break
        client.connect("/judge", auth={"token": judges[0].token})
        answers.append(client.is_connected("/judge"))
    allowed = limits.CONNECT_LIMITS.burst - 1  # the tablet's first connect was one of them
    assert answers[:allowed] == [True] * allowed and answers[allowed] is False
    assert answers[-1] is False
    assert len(answers) <= limits.CONNECT_LIMITS.burst + limits.REFUSALS_BEFORE_DISCONNECT + 1


def test_events_to_made_up_namespaces_share_one_budget(app, make_edition):
    screen = _screen(app)
    for n in range(limits.OTHER_LIMITS.burst + limits.REFUSALS_BEFORE_DISCONNECT + 5):
        if screen.eio_sid not in socketio.server.environ:
            break
        _raw(screen, f'2/made-up-{n},1["watch",{{}}]')
    assert screen.eio_sid not in socketio.server.environ  # hung up on, not answered forever
