"""Which process runs a bulk job, and whether that process is certainly gone.

A bulk job runs in a thread of the server process that queued it. When that process ends (a restart,
a crash) the job will never finish, yet its heartbeat stays fresh for up to bulk.ABANDONED_AFTER: the
organiser would watch "working..." for minutes. So the job's row names its owner: host name, boot id,
PID namespace, pid and the process's start time (field 22 of /proc/<pid>/stat, clock ticks since boot).
An owner on this same host, boot and namespace is looked up at once: no such process, a zombie, or a
pid now held by a process started at another moment (pids are reused) means the job is abandoned now.

Anything this process cannot see for itself is left to the heartbeat: another host, or the same host
name with another boot id (a reboot, but also perhaps a second machine of the same name), another PID
namespace (a container: its pids mean nothing here), no /proc (not Linux), an unreadable entry. A
process that may be alive is never called gone: only "no such process" or a different start time is.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

PROC = Path("/proc")
SEP = " "  # between the parts of an identity; no host name, boot id or number holds a space


def this_process() -> str | None:
    """This process's identity, to record as the owner of the job it runs; None where /proc cannot tell it."""
    return identity_of(os.getpid())


def identity_of(pid: int) -> str | None:
    """The identity of process pid of this machine: host, boot id, PID namespace, pid, start time."""
    machine, stat = _machine(), _stat(pid)
    if machine is None or stat is None:
        return None
    return SEP.join((*machine, str(pid), stat[1]))


def is_gone(worker: str | None) -> bool:
    """Whether the process a job's row names as its owner has certainly ended (see the module's note)."""
    parts = (worker or "").split(SEP)
    if len(parts) != 5 or not parts[3].isdigit() or int(parts[3]) <= 0:
        return False  # no owner recorded, or recorded where /proc did not tell it
    if tuple(parts[:3]) != _machine():
        return False  # not a process this one can look up
    pid, started = int(parts[3]), parts[4]
    try:
        os.kill(pid, 0)  # signal 0 delivers nothing: it asks only whether the pid exists
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # exists, as another user, whose /proc entry may be hidden from us
    stat = _stat(pid)
    if stat is None:
        return False  # exists but unreadable, or ended just now: the next look will tell
    state, now_started = stat
    return now_started != started or state in ("Z", "X")  # reused pid, or exited and not yet reaped


def _machine() -> tuple[str, str, str] | None:
    """(host name, boot id, PID namespace) of this process; None where /proc does not give them."""
    try:
        boot = (PROC / "sys/kernel/random/boot_id").read_text().strip()
        namespace = os.readlink(PROC / "self/ns/pid")  # "pid:[4026531836]"
    except OSError:
        return None
    host = socket.gethostname()
    if not (host and boot and namespace) or any(SEP in part for part in (host, boot, namespace)):
        return None
    return host, boot, namespace


def _stat(pid: int) -> tuple[str, str] | None:
    """(state, start time) of process pid from /proc/<pid>/stat; None if it cannot be read."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # the command name (field 2) is in parentheses and may hold spaces or parentheses itself
    fields = text.rpartition(")")[2].split()
    if len(fields) < 20:
        return None
    return fields[0], fields[19]  # fields 3 and 22
