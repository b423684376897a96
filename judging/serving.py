"""Serving the app in production: one gevent process, WebSockets, replies sent at once.

`python wsgi.py` serves through here under gevent (the production set-up); other async modes
(threading, for development) go through Flask-SocketIO's own runner.
"""

from __future__ import annotations

import socket


def _handler_class():
    from geventwebsocket.handler import WebSocketHandler

    class NoDelayHandler(WebSocketHandler):
        """Each connection with Nagle's algorithm off.

        A judge's ack follows the `sheet` push for their other tablets within microseconds. With
        Nagle on, the second small write waited for the tablet's TCP acknowledgement of the
        first, which the tablet delays by up to 40 ms: every ack took 40-50 ms on an idle server.
        """

        def handle(self):
            try:
                self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:  # not TCP (a Unix socket): nothing to turn off
                pass
            return super().handle()

    return NoDelayHandler


def serve(wsgi_app, host: str, port: int) -> None:
    """Serve a WSGI app (the Flask app, or a bare Socket.IO app) under gevent until stopped."""
    from gevent import pywsgi

    pywsgi.WSGIServer((host, port), wsgi_app, handler_class=_handler_class(), log=None).serve_forever()


def run(app, socketio) -> None:
    """Serve the Flask app as its configuration says (host, port, async mode)."""
    if socketio.server.eio.async_mode == "gevent":
        serve(app, app.config["HOST"], app.config["PORT"])
    else:
        socketio.run(app, host=app.config["HOST"], port=app.config["PORT"])
