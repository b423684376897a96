"""Where a `next` field may send the browser: only to a path of this site."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request


def local_path(target: str | None) -> str | None:
    """The target when it is a path of this site, else None.

    Browsers read a backslash as a slash and drop tabs and newlines inside a URL, so ``/\\evil.com``
    and ``/<tab>/evil.com`` lead to another site just as ``//evil.com`` does: none of them is local.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def referrer_path() -> str | None:
    """The page the request came from, as a local path, when it is a page of this site."""
    if not request.referrer:
        return None
    parts = urlsplit(request.referrer)
    if parts.netloc != request.host:
        return None
    return local_path(parts.path + (f"?{parts.query}" if parts.query else ""))
