"""Every message a client sends is counted, checked and answered before a handler runs for it.

python-socketio reads a connection's messages in one loop and starts a greenlet for every event;
a client sending thousands of events at once filled the event loop with handlers, and the judges'
submissions and /healthz waited behind them for tens of seconds. Here, in that reading loop and
before any greenlet exists, each message is held to its connection's limits (judging/realtime/limits.py):

- over the rate, or with too many of its handlers still running: acked
  `{"ok": false, "error": {"code": "rate_limited"}}`; a connection that goes on is disconnected;
- an event the namespace does not know, arguments it cannot take, or text that is not Unicode
  (a lone surrogate such as "\\ud800"): acked `invalid`, counted as a refusal too;
- a message that does not parse, or binary data (no client of ours sends any): disconnected.

Each refusal is one line in the log; a handler that fails is answered (`retry` when the database
could not be reached, `invalid` otherwise) rather than leaving the client waiting.
"""

from __future__ import annotations

import logging
import threading
import time

import socketio
from flask import g
from flask_babel import gettext as _
from socketio import packet
from sqlalchemy.exc import DBAPIError
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from judging.realtime import limits
from judging.realtime.broadcast import BOARD_NS, JUDGE_NS

log = logging.getLogger(__name__)

NAMESPACE_LIMITS = {JUDGE_NS: limits.JUDGE_LIMITS, BOARD_NS: limits.BOARD_LIMITS}
SHARED_IN_FLIGHT = {BOARD_NS: limits.BOARD_IN_FLIGHT_TOTAL}
RESERVED_EVENTS = ("connect", "disconnect", "message")  # python-socketio's own, not for clients to send


def _messages() -> dict[str, str]:
    return {
        "rate_limited": _("Too many messages at once: wait a moment and send again."),
        "unknown": _("The server does not know this message."),
        "unreadable": _("The message could not be read: it is not valid text."),
        "retry": _("The server could not store this now; nothing was stored. It will be sent again."),
        "failed": _("The server could not handle this message."),
    }


def _is_text_clean(value) -> bool:
    """Whether every string in decoded JSON can be written as UTF-8 (no lone surrogates)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return False
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


class _Connection:
    """One engine.io connection's budgets (one per namespace) and the language it is answered in."""

    __slots__ = ("budgets", "locale")

    def __init__(self) -> None:
        self.budgets: dict[str | tuple[str, str | None] | None, limits.Budget] = {}
        self.locale: str | None = None


class GatedServer(socketio.Server):
    """python-socketio's server with the gate in its reading loop (swapped in by realtime.init_app)."""

    def _gate_state(self) -> dict:
        # Attributes set on first use: the class is swapped onto a server python-socketio built.
        state = self.__dict__.get("_gate")
        if state is None:
            state = self.__dict__["_gate"] = {"connections": {}, "shared": {}, "messages": {}}
        return state

    def _shared_slots(self, namespace: str) -> threading.Semaphore | None:
        """The process-wide handler slots of a namespace whose clients share them (None: not shared)."""
        size = SHARED_IN_FLIGHT.get(namespace)
        if size is None:
            return None
        shared = self._gate_state()["shared"]
        if namespace not in shared:
            shared[namespace] = threading.Semaphore(size)  # gevent's own once monkey-patched
        return shared[namespace]

    # -- the reading loop -------------------------------------------------------------------------

    def _handle_eio_message(self, eio_sid, data):
        if eio_sid not in self.environ:  # disconnected: what it had already sent is dropped
            return
        if not isinstance(data, str):
            return self._hang_up(eio_sid, "binary message")
        try:
            pkt = self.packet_class(encoded_packet=data)
        except Exception:  # any garbage: the decoder's errors are many and of no interest
            return self._hang_up(eio_sid, "unparseable message")
        kind, namespace = pkt.packet_type, pkt.namespace or "/"
        if kind == packet.EVENT:
            return self._gated_event(eio_sid, namespace, pkt.id, pkt.data)
        if kind not in (packet.CONNECT, packet.DISCONNECT, packet.ACK):
            return self._hang_up(eio_sid, f"unexpected packet type {kind}")
        budget = self._budget(eio_sid, namespace, connect=kind == packet.CONNECT)
        if not budget.admit(time.monotonic(), handler=False):
            if budget.refuse():
                return self._hang_up(eio_sid, "too many messages")
            if kind == packet.CONNECT:
                return self._send_packet(eio_sid, self.packet_class(
                    packet.CONNECT_ERROR, data={"message": "rate_limited"}, namespace=namespace))
            return None
        return super()._handle_eio_message(eio_sid, data)

    def _gated_event(self, eio_sid, namespace, ack_id, data):
        budget = self._budget(eio_sid, namespace)
        sid = self.manager.sid_from_eio_sid(eio_sid, namespace)
        if sid is None or not self.manager.is_connected(sid, namespace):
            return self._refuse(eio_sid, namespace, ack_id, budget, "invalid", "unknown",
                                f"event on {namespace}, not connected there")
        if not isinstance(data, list) or not data or not isinstance(data[0], str):
            return self._refuse(eio_sid, namespace, ack_id, budget, "invalid", "unknown", "event without a name")
        event = data[0]
        if not budget.admit(time.monotonic(), handler=True):
            return self._refuse(eio_sid, namespace, ack_id, budget, "rate_limited", "rate_limited",
                                f"{event!r} over the limits")
        if event in RESERVED_EVENTS or event not in self.handlers.get(namespace, {}) or len(data) > 2:
            budget.finished()
            return self._refuse(eio_sid, namespace, ack_id, budget, "invalid", "unknown", f"unknown event {event[:40]!r}")
        if not _is_text_clean(data):
            budget.finished()
            return self._refuse(eio_sid, namespace, ack_id, budget, "invalid", "unreadable", f"{event!r} with lone surrogates")
        if self.async_handlers:
            self.start_background_task(self._run_event, sid, eio_sid, namespace, ack_id, data, budget)
        else:
            self._run_event(sid, eio_sid, namespace, ack_id, data, budget)
        return None

    def _run_event(self, sid, eio_sid, namespace, ack_id, data, budget):
        # Handlers of a shared namespace wait for one of its process-wide slots rather than being
        # refused: five hundred screens reconnecting at once each get their snapshot a moment
        # later, while the judges' handlers never queue behind them. Each connection's own limits
        # (checked above) bound how many can wait.
        slots = self._shared_slots(namespace)
        if slots is not None:
            slots.acquire()
        try:
            self._handle_event_internal(self, sid, eio_sid, data, namespace, ack_id)
        except DBAPIError as exc:
            log.warning("%s %r from %s not handled, the database failed: %s", namespace, data[0], sid,
                        str(exc).splitlines()[0])
            self._answer(eio_sid, namespace, ack_id, "retry", "retry")
        except Exception:
            log.exception("%s %r from %s failed", namespace, data[0], sid)
            self._answer(eio_sid, namespace, ack_id, "invalid", "failed")
        finally:
            budget.finished()
            if slots is not None:
                slots.release()

    def _handle_eio_disconnect(self, eio_sid, reason):
        self._gate_state()["connections"].pop(eio_sid, None)
        return super()._handle_eio_disconnect(eio_sid, reason)

    # -- answers ----------------------------------------------------------------------------------

    def _budget(self, eio_sid, namespace, connect: bool = False) -> limits.Budget:
        connections = self._gate_state()["connections"]
        connection = connections.get(eio_sid)
        if connection is None:
            connection = connections[eio_sid] = _Connection()
        served = namespace if namespace in NAMESPACE_LIMITS else None  # any other name: one budget for all
        key = ("connect", served) if connect else served
        budget = connection.budgets.get(key)
        if budget is None:
            limit = limits.CONNECT_LIMITS if connect else NAMESPACE_LIMITS.get(namespace, limits.OTHER_LIMITS)
            budget = connection.budgets[key] = limits.Budget(limit, time.monotonic())
        return budget

    def _refuse(self, eio_sid, namespace, ack_id, budget, code, message_key, why):
        log.info("refused %s from %s: %s", code, eio_sid, why)
        if budget.refuse():
            return self._hang_up(eio_sid, "too many refused messages")
        self._answer(eio_sid, namespace, ack_id, code, message_key)
        return None

    def _answer(self, eio_sid, namespace, ack_id, code, message_key):
        if ack_id is None:  # the client asked for no answer
            return
        error = {"code": code, "message": self._message(eio_sid, message_key), "field": None}
        self._send_packet(eio_sid, self.packet_class(
            packet.ACK, namespace=namespace, id=ack_id, data=[{"ok": False, "error": error}]))

    def _message(self, eio_sid, key) -> str:
        """A refusal's message in the connection's language, translated once per language."""
        environ = self.environ.get(eio_sid) or {}
        app = environ.get("flask.app")
        if app is None:
            return ""
        connection = self._gate_state()["connections"].get(eio_sid)
        locale = connection.locale if connection is not None else None
        if locale is None:
            accepted = parse_accept_header(environ.get("HTTP_ACCEPT_LANGUAGE"), LanguageAccept)
            locale = accepted.best_match(app.config["LANGUAGES"]) or app.config["BABEL_DEFAULT_LOCALE"]
            if connection is not None:
                connection.locale = locale
        cache = self._gate_state()["messages"]
        if locale not in cache:
            with app.app_context():
                g.locale = locale
                cache[locale] = _messages()
        return cache[locale][key]

    def _hang_up(self, eio_sid, why):
        """Disconnect a client from every namespace and close its connection."""
        log.warning("disconnected %s: %s", eio_sid, why)
        websocket = (self.environ.get(eio_sid) or {}).get("wsgi.websocket")  # gevent-websocket's
        for namespace in list(self.manager.get_namespaces()):
            sid = self.manager.sid_from_eio_sid(eio_sid, namespace)
            if sid is not None and self.manager.is_connected(sid, namespace):
                self.disconnect(sid, namespace=namespace, ignore_queue=True)
        connection = self.eio.sockets.get(eio_sid)
        if connection is not None:
            # Not waiting for its queue to drain: a flooder that reads nothing would hold this loop.
            connection.close(wait=False, reason=self.reason.SERVER_DISCONNECT)
        if websocket is not None and not websocket.closed:
            # Stop reading what it has sent already: the reading loop would decode every buffered
            # message (a flood's thousands) before it noticed. Its writer says goodbye first.
            self.sleep(0)
            if not websocket.closed:
                try:
                    websocket.close()
                except Exception:  # its writer is stuck on a client that reads nothing: closed anyway
                    pass
        self.environ.pop(eio_sid, None)
        self._gate_state()["connections"].pop(eio_sid, None)


def install(server: socketio.Server) -> None:
    """Put the gate on a server Flask-SocketIO built (it offers no way to choose the class)."""
    if type(server) is socketio.Server:
        server.__class__ = GatedServer
        # The engine.io layer was handed the server's methods when it was built: hand it the gated ones.
        server.eio.on("message", server._handle_eio_message)
        server.eio.on("disconnect", server._handle_eio_disconnect)
