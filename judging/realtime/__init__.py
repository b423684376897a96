"""Socket.IO: the /judge namespace (tablets) and the /board namespace (hall screens, public pages)."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the namespaces' handlers (importing the modules binds them to the socketio object)."""
    from judging.realtime import board_events, judge_events  # noqa: F401
