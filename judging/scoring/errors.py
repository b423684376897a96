"""The errors a submission can meet, with the stable codes of the realtime protocol."""

from __future__ import annotations

from flask_babel import gettext as _

CODES = (
    "unauthorized",
    "not_assigned",
    "conflict_of_interest",
    "locked",
    "closed",
    "unknown_entry",
    "out_of_range",
    "invalid",
)


class ScoringRefused(Exception):
    """A submission or a chair's action refused, with a protocol code and a clear message."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        assert code in CODES, code
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def ack(self) -> dict:
        """The acknowledgement a tablet gets for this refusal."""
        # `field` is always there, null when no one field is at fault: the protocol's error has
        # the three keys, and /board's errors have them too.
        return {"ok": False, "error": {"code": self.code, "message": self.message, "field": self.field}}


def unauthorized() -> ScoringRefused:
    return ScoringRefused("unauthorized", _("You are not signed in as a judge of this contest."))


def invalid(message: str, field: str | None = None) -> ScoringRefused:
    return ScoringRefused("invalid", message, field)
