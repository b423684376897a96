"""How much one connection may ask of the server: a rate, a number of handlers running, and when to hang up.

Pure bookkeeping (no Flask, no sockets): judging/realtime/gate.py counts every message here before
anything else is done with it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What one connection may send in one namespace."""

    rate: float  # messages per second, sustained
    burst: int  # messages at once after a quiet spell
    in_flight: int  # its handlers running at the same time


# A tablet sends one submission and waits for its ack (static/js/tablet.js), but after a reconnect
# it replays its whole outbox back to back: a category's sheets within a second or two.
JUDGE_LIMITS = Limits(rate=20, burst=60, in_flight=4)
# A hall screen sends one `watch` when it connects, and one more after a gap it notices.
BOARD_LIMITS = Limits(rate=2, burst=10, in_flight=2)
# Connecting to a namespace (a tablet's connect reads and sends its whole state): a few at once,
# as a page that reconnects does, then one every five seconds.
CONNECT_LIMITS = Limits(rate=0.2, burst=3, in_flight=1)
# Namespaces the app does not serve: a connect attempt or two, then nothing.
OTHER_LIMITS = Limits(rate=1, burst=5, in_flight=1)

# The largest message a client may send. A tablet's largest (a skating judge's placements for a
# big category) is a few kilobytes; python-engineio's default of a megabyte let one message cost
# the reading loop tens of milliseconds to decode before any limit could look at it.
MAX_MESSAGE_BYTES = 64 * 1024

# Refusals (over the rate, or messages that mean nothing) a connection may collect before it is
# disconnected. They are forgiven at the connection's rate, so a tablet that slows down when told
# stays connected, and a flood is cut off after this many answers.
REFUSALS_BEFORE_DISCONNECT = 20

# /board handlers running at once in one process, from every screen together: many connections,
# each within its own limits, still cannot crowd the judges' submissions out of the event loop.
BOARD_IN_FLIGHT_TOTAL = 16


class Budget:
    """One connection's allowance in one namespace: a token bucket, its handlers running, its refusals."""

    __slots__ = ("limits", "tokens", "refusals", "running", "stamp")

    def __init__(self, limits: Limits, now: float) -> None:
        self.limits = limits
        self.tokens = float(limits.burst)
        self.refusals = 0.0
        self.running = 0
        self.stamp = now

    def _refill(self, now: float) -> None:
        elapsed = max(0.0, now - self.stamp)
        self.stamp = now
        self.tokens = min(float(self.limits.burst), self.tokens + elapsed * self.limits.rate)
        self.refusals = max(0.0, self.refusals - elapsed * self.limits.rate)

    def admit(self, now: float, *, handler: bool) -> bool:
        """Whether one more message may be handled now (and, for an event, its handler started)."""
        self._refill(now)
        if self.tokens < 1 or (handler and self.running >= self.limits.in_flight):
            return False
        self.tokens -= 1
        if handler:
            self.running += 1
        return True

    def finished(self) -> None:
        """A handler admitted by `admit(handler=True)` is done."""
        self.running = max(0, self.running - 1)

    def refuse(self) -> bool:
        """Count one refusal; True when the connection has had enough of them to be disconnected."""
        self.refusals += 1
        return self.refusals > REFUSALS_BEFORE_DISCONNECT
