"""JSON as the sockets carry it: UTF-8 text rather than \\u escapes; no number silently changed.

Standings are mostly Kazakh and Russian names. Escaped, each of their letters takes six bytes
instead of two: a 50-row standings message was 17 KB instead of 10 KB, for the server to send to
every screen and for every screen to parse, several times a second.
"""

from __future__ import annotations

import json
from decimal import Decimal

from engineio import json as engineio_json

MAX_NUMBER_LENGTH = 100  # as python-engineio bounds integers: no mark or measurement is written longer


def _number(value):
    """A Decimal (read by `loads`) goes out as a JSON number; a browser reads every number as a double anyway."""
    if isinstance(value, Decimal) and value.is_finite():
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(obj, **kwargs) -> str:
    kwargs.setdefault("ensure_ascii", False)
    kwargs.setdefault("default", _number)
    text = json.dumps(obj, **kwargs)
    if not kwargs["ensure_ascii"]:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (a client may send "\ud800") has no UTF-8
            kwargs["ensure_ascii"] = True
            text = json.dumps(obj, **kwargs)
    return text


def _exact(text: str) -> float | Decimal:
    if len(text) > MAX_NUMBER_LENGTH:
        raise ValueError("Number is too long")
    number = float(text)
    exact = Decimal(text)
    # A float whose shortest spelling is the number written (8.5, 0.1) stays a float, as every
    # reader of the payload expects; one that is not (1e-400 underflows to 0, 1e400 overflows,
    # 8.100000000000000001 rounds) comes as the exact Decimal, for the mark's check to refuse.
    return number if Decimal(repr(number)) == exact else exact


def loads(text, **kwargs):
    """What clients send, with python-engineio's guard against integers too long to parse cheaply,
    and numbers a float would change read exactly (see `_exact`)."""
    kwargs.setdefault("parse_float", _exact)
    return engineio_json.loads(text, **kwargs)
