"""Error pages in the visitor's language instead of the web server's bare English ones."""
from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError

from judging.extensions import db

# status -> (heading, explanation); anything else falls back to the 400 wording
MESSAGES = {
    400: (_l("The request could not be accepted"),
          _l("Perhaps the page stayed open too long. Go back, reload the page and try again.")),
    403: (_l("No access"),
          _l("Your account cannot open this page. Sign in with another account or ask the organisers.")),
    404: (_l("Page not found"),
          _l("There is nothing at this address. Check the link or start from the home page.")),
    405: (_l("Page not found"),
          _l("There is nothing at this address. Check the link or start from the home page.")),
    429: (_l("Too many attempts"),
          _l("Too many wrong sign-ins for this account or from this address. "
             "Wait a quarter of an hour and try again; the organisers can reset a forgotten password.")),
    500: (_l("Something went wrong"),
          _l("The error has been recorded. Try again in a moment; if it happens again, tell the organisers.")),
}


def _wants_html() -> bool:
    """Browsers get a page; data endpoints (.json, API clients) keep the plain error."""
    if request.path.endswith(".json"):
        return False
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best != "application/json"


def _render(error: HTTPException):
    if not _wants_html():
        return error
    heading, text = MESSAGES.get(error.code or 500, MESSAGES[400])
    return render_template("error.html", code=error.code, heading=heading, text=text), error.code


def init_app(app: Flask) -> None:
    """Register the translated error pages."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return _render(error)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        db.session.rollback()  # the page itself must not fail on a broken transaction
        return _render(error)
