"""The organiser's entries admin: entries by form or spreadsheet import, statuses, the running order."""

from flask import Blueprint
from flask_babel import gettext

from judging.auth.access import guard_blueprint
from judging.importing.messages import field_label

bp = Blueprint("entries", __name__)
guard_blueprint(bp, "admin", "organiser")

from judging.entries import views  # noqa: E402,F401


@bp.context_processor
def _field_label():
    # the entry form lists fields kept as originally written by their key: people read their names
    return {"field_label": lambda key: field_label(key, gettext)}
