"""Socket.IO: the /judge namespace (tablets) and the /board namespace (hall screens, public pages)."""

from flask import Flask

from judging.extensions import socketio

# The handlers as first bound: `@socketio.on` binds a handler to the server that exists when its
# module is imported, and a module is imported once, so every later app (each test builds one)
# gets a fresh server that would otherwise have no handlers at all.
_handlers: dict[str, dict] = {}


def init_app(app: Flask) -> None:
    """Register the namespaces' handlers (importing the modules binds them to the socketio object)."""
    from judging.realtime import board_events, gate, judge_events  # noqa: F401

    server = socketio.server
    gate.install(server)
    if not _handlers:
        _handlers.update({ns: dict(events) for ns, events in server.handlers.items()})
    for namespace, events in _handlers.items():
        for event, handler in events.items():
            server.on(event, handler, namespace=namespace)
