"""User input quoted back in a message, cut short: a refusal should name the problem, not carry it."""

from __future__ import annotations

ECHO_LIMIT = 60  # enough to recognise a name or a key; a 900 KB key is not sent back whole


def echo(value: object, limit: int = ECHO_LIMIT) -> str:
    """The value as text for a message: at most `limit` characters, then an ellipsis."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"
