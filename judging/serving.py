"""Serving the app in production: one gevent process, WebSockets, replies sent at once.

`python wsgi.py` serves through here under gevent (the production set-up), and gunicorn's worker
(judging/worker.py) with the same handler; other async modes (threading, for development) go
through Flask-SocketIO's own runner.
"""

from __future__ import annotations

import socket


def _websocket_class():
    from geventwebsocket.exceptions import WebSocketError
    from geventwebsocket.websocket import MSG_ALREADY_CLOSED, MSG_SOCKET_DEAD, Header, WebSocket

    class SharedFrameWebSocket(WebSocket):
        """Encodes and frames a text message once, however many connections it is sent to.

        A push to the hall is one message for every screen: python-engineio hands each
        connection's writer the very same string, and each writer encoded it to UTF-8 and framed
        it anew, 500 times for 500 screens (4.3 us each for a 5 KB standings message; 1.1 us
        with the frame shared, which leaves the send itself). The frame of the last message is
        kept (with the message itself, so the identity check cannot be fooled by a recycled id);
        anything else is sent as the library sends it.
        """

        __slots__ = ()  # the library's connections have slots: no __dict__, so the class can be swapped in
        _last: tuple[str, bytes] | None = None  # (message, its frame), shared by every connection

        def send_frame(self, message, opcode):
            if opcode != self.OPCODE_TEXT or not isinstance(message, str):
                return super().send_frame(message, opcode)
            last = SharedFrameWebSocket._last
            if last is None or last[0] is not message:
                payload = message.encode("utf-8")
                frame = Header.encode_header(True, self.OPCODE_TEXT, b"", len(payload), 0) + payload
                last = SharedFrameWebSocket._last = (message, frame)
            # what the library's send_frame does with a frame, from here on
            if self.closed:
                self.current_app.on_close(MSG_ALREADY_CLOSED)
                raise WebSocketError(MSG_ALREADY_CLOSED)
            try:
                self.raw_write(last[1])
            except OSError:
                raise WebSocketError(MSG_SOCKET_DEAD) from None

    return SharedFrameWebSocket


def handler_class():
    from geventwebsocket.handler import WebSocketHandler

    websocket_class = _websocket_class()

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

        def run_websocket(self):
            # The connection the library has just made (also environ["wsgi.websocket"]), with
            # one frame per message for all connections.
            self.websocket.__class__ = websocket_class
            return super().run_websocket()

    return NoDelayHandler


def serve(wsgi_app, host: str, port: int) -> None:
    """Serve a WSGI app (the Flask app, or a bare Socket.IO app) under gevent until stopped."""
    from gevent import pywsgi

    pywsgi.WSGIServer((host, port), wsgi_app, handler_class=handler_class(), log=None).serve_forever()


def run(app, socketio) -> None:
    """Serve the Flask app as its configuration says (host, port, async mode)."""
    if socketio.server.eio.async_mode == "gevent":
        serve(app, app.config["HOST"], app.config["PORT"])
    else:
        socketio.run(app, host=app.config["HOST"], port=app.config["PORT"])
