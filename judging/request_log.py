"""What the request log may show: tablet links without the token that opens a judge's tablet.

Whoever reads the server's log (a technician, a log shipped for help) would otherwise hold every
judge's link. The web servers write their request lines through these loggers; each gets a filter.
"""

from __future__ import annotations

import logging
import re

# /t/<token> at the start of a path only: "/results/x/t/abc" is no tablet link.
_TABLET_LINK = re.compile(r"(?<![\w/.~%-])/t/[^/?#\s\"]+")
REQUEST_LOGGERS = ("geventwebsocket.handler", "werkzeug", "gunicorn.access")


def mask_tokens(text: str) -> str:
    """The text with every tablet link's token replaced by ***."""
    return _TABLET_LINK.sub("/t/***", text)


class TokenMask(logging.Filter):
    """Rewrites a log record's message with the tokens masked (keeps every record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def init_app() -> None:
    """Mask tokens in the request lines of every web server the app is served by."""
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, TokenMask) for f in logger.filters):
            logger.addFilter(TokenMask())
