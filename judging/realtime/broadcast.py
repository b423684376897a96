"""Room names and emit helpers: the only place that decides who hears what.

Operations call these after their commit, never before, so nobody hears of a change that was
rolled back. With a message queue (Redis) the emits reach clients of every server process.
"""

from __future__ import annotations

import logging

from socketio import PubSubManager

from judging.extensions import socketio

log = logging.getLogger(__name__)

JUDGE_NS = "/judge"
BOARD_NS = "/board"


def judge_room(judge_id: int) -> str:
    """One judge's tablets (a judge may have a tablet and a phone open)."""
    return f"judge:{judge_id}"


def judges_of_edition_room(edition_id: int) -> str:
    """Every tablet of an edition: stage moves go here."""
    return f"edition:{edition_id}:judges"


def chair_room(edition_id: int) -> str:
    """The chair's console and the organisers' live pages of an edition."""
    return f"edition:{edition_id}:chair"


def board_edition_room(edition_id: int) -> str:
    """Hall screens and public pages watching a whole edition."""
    return f"edition:{edition_id}:board"


def board_category_room(category_id: int) -> str:
    """Hall screens and public pages watching one category."""
    return f"category:{category_id}:board"


def link_room(judge_id: int) -> str:
    """Connections let in by a judge's tablet link (the token, or a session opened by it): revoked with it."""
    return f"judge:{judge_id}:link"


def seat_room(judge_id: int) -> str:
    """Every connection whose right rests on this judge seat: its tablets, and the console of a chair."""
    return f"judge:{judge_id}:seat"


def login_room(login_id: str) -> str:
    """Connections opened by one sign-in of an account (ended by signing out)."""
    return f"login:{login_id}"


def hang_up(namespace: str, room: str) -> None:
    """Disconnect the connections in a room at once, on every process, because the right they used is gone.

    A process that misses it (the queue was down) is still safe: every event checks its right
    again (judging/realtime/judge_events.py).
    """
    if socketio.server is None:
        return
    try:
        socketio.server.manager.hang_up(namespace, room)
    except Exception as exc:  # the change is committed: a queue that is down must not undo the answer
        log.warning("could not hang up %s %s: %s", namespace, room, exc)


def has_listeners(namespace: str, *rooms: str) -> bool:
    """Whether an emit to these rooms could reach anyone, so a payload nobody hears is not built.

    With a message queue the clients of other processes are not known here: assume someone.
    """
    manager = socketio.server.manager if socketio.server is not None else None
    if manager is None or isinstance(manager, PubSubManager):
        return True
    joined = manager.rooms.get(namespace) or {}
    return any(joined.get(room) for room in rooms)


def unsent(namespace: str, *rooms: str) -> int:
    """How many of this process's listeners in these rooms still have messages queued for them.

    An emit only queues a message per listener; each connection's writer sends it when it runs,
    and a listener slow to read keeps its writer waiting, its queue full. Other processes'
    listeners are not known here.
    """
    server = socketio.server
    if server is None:
        return 0
    sockets = server.eio.sockets
    count = 0
    for _sid, eio_sid in server.manager.get_participants(namespace, list(rooms)):
        connection = sockets.get(eio_sid)
        if connection is not None and not connection.queue.empty():
            count += 1
    return count


def emit_to_judge(judge_id: int, event: str, payload: dict) -> None:
    socketio.emit(event, payload, to=judge_room(judge_id), namespace=JUDGE_NS)


def emit_to_judges(edition_id: int, event: str, payload: dict) -> None:
    socketio.emit(event, payload, to=judges_of_edition_room(edition_id), namespace=JUDGE_NS)


def emit_to_chair(edition_id: int, event: str, payload: dict) -> None:
    socketio.emit(event, payload, to=chair_room(edition_id), namespace=JUDGE_NS)


def emit_to_board(edition_id: int, category_id: int | None, event: str, payload: dict) -> None:
    """Hall screens of the edition, and those watching only this category (once each)."""
    rooms = [board_edition_room(edition_id)]
    if category_id is not None:
        rooms.append(board_category_room(category_id))
    socketio.emit(event, payload, to=rooms, namespace=BOARD_NS)
