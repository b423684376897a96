"""JSON as the sockets carry it: UTF-8 text rather than \\u escapes.

Standings are mostly Kazakh and Russian names. Escaped, each of their letters takes six bytes
instead of two: a 50-row standings message was 17 KB instead of 10 KB, for the server to send to
every screen and for every screen to parse, several times a second.
"""

from __future__ import annotations

import json

from engineio import json as engineio_json


def dumps(obj, **kwargs) -> str:
    kwargs.setdefault("ensure_ascii", False)
    text = json.dumps(obj, **kwargs)
    if not kwargs["ensure_ascii"]:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (a client may send "\ud800") has no UTF-8
            kwargs["ensure_ascii"] = True
            text = json.dumps(obj, **kwargs)
    return text


# What clients send is read with python-engineio's guard against integers too long to parse cheaply.
loads = engineio_json.loads
