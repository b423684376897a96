"""Who is in which room, on one process or on all of them, and hanging up a whole room.

python-socketio can disconnect one connection of another process through the message queue, but
only by its sid, which no other process knows; the rooms by which access is withdrawn (a tablet
link, a judge seat, a sign-in: judging/realtime/broadcast.py) span processes. A hang-up rides on
the queue's `close_room` message, marked as one, so every process disconnects its own connections
in that room; a process of an older release would only empty the room.
"""

from __future__ import annotations

import socketio


def _hang_up_here(manager: socketio.Manager, namespace: str, room: str) -> None:
    sids = [sid for sid, _eio_sid in manager.get_participants(namespace, room)]
    for sid in sids:
        manager.server.disconnect(sid, namespace=namespace, ignore_queue=True)


class LocalManager(socketio.Manager):
    """One process, no queue."""

    def hang_up(self, namespace: str, room: str) -> None:
        """Disconnect every connection in the room."""
        _hang_up_here(self, namespace, room)


class RedisManager(socketio.RedisManager):
    """Several processes sharing Redis."""

    def hang_up(self, namespace: str, room: str) -> None:
        """Disconnect every connection in the room, on every process."""
        message = {"method": "close_room", "room": room, "namespace": namespace, "host_id": self.host_id,
                   "hang_up": True}
        self._handle_close_room(message)
        self._publish(message)

    def _handle_close_room(self, message):
        if message.get("hang_up"):
            return _hang_up_here(self, message.get("namespace"), message.get("room"))
        return super()._handle_close_room(message)


def for_queue(url: str | None, channel: str) -> socketio.Manager:
    """The manager for the configured message queue (Redis) or for none."""
    if not url:
        return LocalManager()
    if not url.startswith(("redis://", "rediss://")):
        raise ValueError(f"SOCKETIO_MESSAGE_QUEUE: only redis:// queues are supported, not {url!r}")
    return RedisManager(url, channel=channel)
