"""Running CPU-heavy steps (password hashing, reading an uploaded workbook) off the event loop.

Under gevent (`python wsgi.py`) one thread serves every tablet, console and hall screen: a step of
pure Python that takes a tenth of a second there stops all of them for that long, and 120 sign-ins
at once stopped them for seconds. There the step runs in a native thread of gevent's pool (the GIL
lets the loop in every few milliseconds). Drawing documents has a pool of its own
(`judging.documents.render.off_loop`), which keeps one thread's fonts warm between documents.
"""

from __future__ import annotations

import concurrent.futures


class TooSlow(Exception):
    """The step did not finish within its time limit (it is left to end on its own)."""


def _gevent_patched() -> bool:
    try:
        from gevent import monkey
    except ImportError:  # pragma: no cover - gevent is a requirement
        return False
    return monkey.is_module_patched("threading")


def run(function, *args, timeout: float | None = None):
    """function(*args), in a native thread under gevent; raises TooSlow after `timeout` seconds.

    A native thread cannot be stopped: after a timeout it runs on until the step ends, so only
    steps bounded by their input (as a workbook read is by its row limit) are given a timeout.
    """
    if _gevent_patched():
        from gevent import Timeout, get_hub

        try:
            return get_hub().threadpool.spawn(function, *args).get(timeout=timeout)
        except Timeout:
            raise TooSlow from None
    if timeout is None:
        return function(*args)
    # Without gevent (development, tests) the caller's thread is not shared; the limit still holds.
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(function, *args).result(timeout=timeout)
    except concurrent.futures.TimeoutError:
        raise TooSlow from None
    finally:
        pool.shutdown(wait=False)
