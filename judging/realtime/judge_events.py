"""Handlers of the /judge namespace: judges' tablets, and the chair's console (docs/realtime.md).

A connection is either a judge (by token, or a signed-in account linked to a judge), who joins
their own room and the edition's tablets room (and the chair room if they chair the jury), or an
organiser's console (`auth={"console": edition id}`), which joins only the chair room and can
never submit. Anyone else is refused at connect.

Each connection also joins the rooms by which its access is withdrawn (its judge seat, the tablet
link it came by, the sign-in that opened it: judging/realtime/broadcast.py), and every event
checks that access again, so a revoked link or a demoted chair stops at once.
"""

from __future__ import annotations

import logging

from flask import g, request, session
from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, emit, join_room

from judging.auth.operations import LOGIN_KEY
from judging.extensions import db, socketio
from judging.judge import identity
from judging.lookups import optional_row_id
from judging.models import Category, Edition, Judge, User
from judging.realtime.broadcast import (
    JUDGE_NS,
    chair_room,
    judge_room,
    judges_of_edition_room,
    link_room,
    login_room,
    seat_room,
)
from judging.scoring import errors, operations, state

log = logging.getLogger(__name__)

# sid -> who is connected and by which right: {"judge": id, "token": str | None, "user": id | None}
# or {"console": edition id, "seat": chair's judge id | None, "token": str | None, "user": id | None}.
_connections: dict[str, dict] = {}


def _who(auth) -> dict | None:
    auth = auth if isinstance(auth, dict) else {}
    user_id = current_user.id if current_user.is_authenticated else None
    if auth.get("token"):
        judge = identity.judge_by_token(auth["token"])
        return {"judge": judge.id, "token": auth["token"], "user": None} if judge is not None else None
    wanted = auth.get("judge")
    judge = identity.current_judge(wanted if isinstance(wanted, int) else None)
    if judge is not None and "console" not in auth:
        by_account = judge.user_id is not None and judge.user_id == user_id
        # a link session ends with its token, an account's seat with its link to the account
        return {"judge": judge.id, "token": None if by_account else judge.token, "user": user_id if by_account else None}
    console = optional_row_id(auth.get("console")) if isinstance(auth.get("console"), int) else None
    if console is not None:
        edition = db.session.get(Edition, console)
        if edition is not None and identity.may_open_console(edition):
            chair = identity.console_judge(edition)
            by_link = not identity.is_organiser() and chair is not None and (user_id is None or chair.user_id != user_id)
            return {"console": edition.id, "user": user_id, "seat": chair.id if chair is not None else None,
                    "token": chair.token if by_link else None}
    return None


def _still_allowed(who: dict) -> Judge | bool | None:
    """The right a connection was let in with, checked again: its judge (or True for a console), else None.

    Cheap enough for every event (a lookup or two by primary key), so a revoked link, an unlinked
    account or a demoted chair stops at the next message on any server process.
    """
    user = db.session.get(User, who["user"]) if who.get("user") is not None else None
    if user is not None and not user.active:
        return None
    if "judge" in who:
        judge = db.session.get(Judge, who["judge"])
        if judge is None:
            return None
        if who["token"] is not None:
            return judge if judge.token == who["token"] else None
        return judge if user is not None and judge.user_id == user.id else None
    if user is not None and user.is_organiser:
        return True
    seat = db.session.get(Judge, who["seat"]) if who.get("seat") is not None else None
    if seat is None or seat.edition_id != who["console"] or seat.role != "chair":
        return None
    if who["token"] is not None:
        return True if seat.token == who["token"] else None
    return True if user is not None and seat.user_id == user.id else None


def _access_rooms(who: dict) -> list[str]:
    """The rooms by which this connection is hung up when its right goes."""
    rooms = []
    seat = who.get("judge", who.get("seat"))
    if seat is not None:
        rooms.append(seat_room(seat))
        if who.get("token") is not None:
            rooms.append(link_room(seat))
    if who.get("user") is not None and session.get(LOGIN_KEY):
        rooms.append(login_room(session[LOGIN_KEY]))
    return rooms


@socketio.on("connect", namespace=JUDGE_NS)
def on_connect(auth=None):
    who = _who(auth)
    if who is None:
        raise ConnectionRefusedError("unauthorized")
    _connections[request.sid] = who
    for room in _access_rooms(who):
        join_room(room)
    if "console" in who:
        join_room(chair_room(who["console"]))
        join_room(judges_of_edition_room(who["console"]))  # the console follows the stage too
        return True
    judge = db.session.get(Judge, who["judge"])
    # The edition's language, for a judge who chose none: read once here rather than with every mark.
    who["edition_locale"] = state.first_language(judge.edition)
    join_room(judge_room(judge.id))
    join_room(judges_of_edition_room(judge.edition_id))
    if judge.role == "chair":
        join_room(chair_room(judge.edition_id))
    emit("state", state.build_state(judge))
    log.info("judge %s connected (%s)", judge.id, request.sid)
    return True


@socketio.on("disconnect", namespace=JUDGE_NS)
def on_disconnect(*_args):
    _connections.pop(request.sid, None)


def _judge() -> Judge | None:
    """The connection's judge, if the right it was let in with still holds."""
    who = _connections.get(request.sid) or {}
    if "judge" not in who:
        return None
    judge = _still_allowed(who)
    if judge is None:
        return None
    g.locale = state.judge_locale(judge, who["edition_locale"])  # messages in the judge's language
    return judge


@socketio.on("get_state", namespace=JUDGE_NS)
def on_get_state(_data=None):
    judge = _judge()
    if judge is None:
        return errors.unauthorized().ack()
    emit("state", state.build_state(judge))
    return {"ok": True}


@socketio.on("submit", namespace=JUDGE_NS)
def on_submit(data=None):
    judge = _judge()
    if judge is None:
        return errors.unauthorized().ack()
    return operations.submit(judge, data)


@socketio.on("get_matrix", namespace=JUDGE_NS)
def on_get_matrix(data=None):
    """The console (re)draws a category's matrix, e.g. after a reconnect."""
    from judging.chair import matrix

    who = _connections.get(request.sid) or {}
    edition_id = None
    if "console" in who:
        edition_id = who["console"] if _still_allowed(who) else None
    elif "judge" in who:
        judge = _judge()
        if judge is not None and judge.role == "chair":
            edition_id = judge.edition_id
    if edition_id is None:
        return errors.unauthorized().ack()
    category_id = optional_row_id(data.get("category")) if isinstance(data, dict) else None
    category = db.session.get(Category, category_id) if category_id is not None else None
    if category is None or category.edition_id != edition_id:
        return errors.invalid(_("There is no such category in this contest.")).ack()
    return {"ok": True, "matrix": matrix.category_matrix(category)}


def connected_count() -> int:
    """Connections of this process (for the health of the hall)."""
    return len(_connections)



