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
        handler_class = serving.handler_class()
        handler = handler_class.__new__(handler_class)  # only the socket matters here
        handler.socket = accepted
        handler.handle()
        assert served == [accepted]
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        for s in (client, accepted, listener):
            s.close()



class _Handler:
    """What a WebSocket uses of its handler: the socket to write to and a file to read from."""

    def __init__(self, sock):
        self.socket, self.rfile = sock, sock.makefile("rb")


def _read_frame(sock) -> tuple[int, bytes]:
    """(opcode, payload) of one unmasked final frame, as a client reads it."""
    head = sock.recv(2)
    assert head[0] & 0x80
    opcode, length = head[0] & 0x0F, head[1] & 0x7F
    if length == 126:
        length = int.from_bytes(sock.recv(2), "big")
    elif length == 127:
        length = int.from_bytes(sock.recv(8), "big")
    payload = b""
    while len(payload) < length:
        payload += sock.recv(length - len(payload))
    return opcode, payload


def test_a_message_for_many_connections_is_framed_once_and_reads_the_same_on_each():
    from geventwebsocket.websocket import Stream, WebSocket

    served = serving._websocket_class()
    pairs = [socket.socketpair() for _ in range(3)]
    try:
        sockets = [served({}, Stream(_Handler(ours)), _Handler(ours)) for ours, _ in pairs]
        standings = '42/board,["standings",{"rows":[{"name":"Әлия Қасымова","score":9.5}]}]' + "ө" * 200
        sockets[0].send(standings)
        frame = served._last[1]
        for websocket in sockets[1:]:  # as python-engineio's writers do: the very same string to each
            websocket.send(standings)
        assert served._last[1] is frame  # encoded and framed once for the three
        for _, theirs in pairs:
            assert _read_frame(theirs) == (WebSocket.OPCODE_TEXT, standings.encode("utf-8"))
        # the next message gets a frame of its own; equal text in another object is framed anew
        sockets[0].send("3")
        assert _read_frame(pairs[0][1]) == (WebSocket.OPCODE_TEXT, b"3")
        copy = "".join(list(standings))
        sockets[1].send(copy)
        assert _read_frame(pairs[1][1]) == (WebSocket.OPCODE_TEXT, standings.encode("utf-8"))
        # binary frames go the library's way
        sockets[2].send(b"\x00\x01", binary=True)
        assert _read_frame(pairs[2][1]) == (WebSocket.OPCODE_BINARY, b"\x00\x01")
    finally:
        for ours, theirs in pairs:
            ours.close()
            theirs.close()


def test_the_served_connections_are_the_shared_frame_kind(monkeypatch):
    """The handler turns the connection the library made into one that frames a message once."""
    from geventwebsocket.handler import WebSocketHandler
    from geventwebsocket.websocket import Stream, WebSocket

    seen = []
    monkeypatch.setattr(WebSocketHandler, "run_websocket", lambda self: seen.append(type(self.websocket)))
    ours, theirs = socket.socketpair()
    try:
        handler_class = serving.handler_class()
        handler = handler_class.__new__(handler_class)  # only the connection matters here
        handler.websocket = WebSocket({}, Stream(_Handler(ours)), _Handler(ours))
        handler.run_websocket()
        assert seen == [type(handler.websocket)] and seen[0].__name__ == "SharedFrameWebSocket"
        handler.websocket.send("Қош келдіңіз")
        assert _read_frame(theirs) == (WebSocket.OPCODE_TEXT, "Қош келдіңіз".encode())
    finally:
        ours.close()
        theirs.close()
