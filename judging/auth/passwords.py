"""Checking a password: the same work for every username, off the event loop."""

from __future__ import annotations

import functools
import secrets

from werkzeug.security import check_password_hash, generate_password_hash

from judging import off_loop
from judging.models import User


@functools.cache
def dummy_hash() -> str:
    """A hash no password matches, made like a real one: checking it costs what a real check does."""
    return generate_password_hash(secrets.token_urlsafe(32))


def verify(user: User | None, password: str) -> bool:
    """Whether the user may sign in with this password.

    An unknown or disabled account is checked against a dummy hash, so the answer takes as long
    as for a real one and does not tell which usernames exist.
    """
    usable = user is not None and user.active
    stored = user.password_hash if usable else dummy_hash()
    matches = off_loop.run(check_password_hash, stored, password)
    return usable and matches
