"""Handlers of the /judge namespace: judges' tablets, and the chair's console (docs/realtime.md).

A connection is either a judge (by token, or a signed-in account linked to a judge), who joins
their own room and the edition's tablets room (and the chair room if they chair the jury), or an
organiser's console (`auth={"console": edition id}`), which joins only the chair room and can
never submit. Anyone else is refused at connect.
"""

from __future__ import annotations

import logging

from flask import g, request
from flask_babel import gettext as _
from flask_socketio import ConnectionRefusedError, emit, join_room

from judging.extensions import db, socketio
from judging.judge import identity
from judging.lookups import optional_row_id
from judging.models import Category, Edition, Judge
from judging.realtime.broadcast import JUDGE_NS, chair_room, judge_room, judges_of_edition_room
from judging.scoring import errors, operations, state

log = logging.getLogger(__name__)

# sid -> who is connected: {"judge": id, "token": str | None} or {"console": edition id}
_connections: dict[str, dict] = {}


def _who(auth) -> dict | None:
    auth = auth if isinstance(auth, dict) else {}
    if auth.get("token"):
        judge = identity.judge_by_token(auth["token"])
        return {"judge": judge.id, "token": auth["token"]} if judge is not None else None
    wanted = auth.get("judge")
    judge = identity.current_judge(wanted if isinstance(wanted, int) else None)
    if judge is not None and "console" not in auth:
        token = None if identity.account_judges() else judge.token  # a link session ends with its token
        return {"judge": judge.id, "token": token}
    console = optional_row_id(auth.get("console")) if isinstance(auth.get("console"), int) else None
    if console is not None:
        edition = db.session.get(Edition, console)
        if edition is not None and identity.may_open_console(edition):
            return {"console": edition.id}
    return None


@socketio.on("connect", namespace=JUDGE_NS)
def on_connect(auth=None):
    who = _who(auth)
    if who is None:
        raise ConnectionRefusedError("unauthorized")
    _connections[request.sid] = who
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
    """The connection's judge, if the tablet link is still valid (a revoked link stops at once)."""
    who = _connections.get(request.sid) or {}
    if "judge" not in who:
        return None
    judge = db.session.get(Judge, who["judge"])
    if judge is None or (who.get("token") is not None and judge.token != who["token"]):
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
    edition_id = who.get("console")
    if edition_id is None and "judge" in who:
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



