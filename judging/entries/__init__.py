"""The organiser's entries admin: entries by form or spreadsheet import, statuses, the running order."""

from flask import Blueprint

from judging.auth.access import guard_blueprint

bp = Blueprint("entries", __name__)
guard_blueprint(bp, "admin", "organiser")

from judging.entries import views  # noqa: E402,F401
