"""The production server's connections: replies leave at once."""

import socket

from geventwebsocket.handler import WebSocketHandler

from judging import serving


def test_each_connection_is_served_with_nagle_off(monkeypatch):
    served = []
    monkeypatch.setattr(WebSocketHandler, "handle", lambda self: served.append(self.socket))
    listener = socket.create_server(("127.0.0.1", 0))
    client = socket.create_connection(listener.getsockname())
    accepted, _ = listener.accept()
    try:
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
        handler_class = serving._handler_class()
        handler = handler_class.__new__(handler_class)  # only the socket matters here
        handler.socket = accepted
        handler.handle()
        assert served == [accepted]
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        for s in (client, accepted, listener):
            s.close()
