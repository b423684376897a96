"""Signing in and out: the session, and the sockets opened under it."""

from __future__ import annotations

import logging
import secrets

from flask import session
from flask_login import login_user, logout_user, user_loaded_from_cookie

from judging.models import User
from judging.realtime import broadcast

log = logging.getLogger(__name__)

# One sign-in of an account: its sockets join a room by this id, so signing out can end them.
LOGIN_KEY = "login_id"


def sign_in(user: User, remember: bool) -> None:
    """Open a session for the user."""
    login_user(user, remember=remember)
    session[LOGIN_KEY] = secrets.token_urlsafe(16)
    log.info("user %s signed in", user.username)


@user_loaded_from_cookie.connect
def _remembered(_app, user: User) -> None:
    """A session opened again by the "remember me" cookie is a sign-in of its own, ended by signing out."""
    session[LOGIN_KEY] = secrets.token_urlsafe(16)


def sign_out() -> None:
    """End the session, and the consoles and tablets it opened (on this process at once)."""
    login_id = session.pop(LOGIN_KEY, None)
    logout_user()
    if login_id is not None:
        broadcast.hang_up(broadcast.JUDGE_NS, broadcast.login_room(login_id))
