"""The organiser's admin: editions from presets, their categories, rules and award ladders, accounts."""

from flask import Blueprint

from judging.auth.access import guard_blueprint

bp = Blueprint("admin", __name__)
guard_blueprint(bp, "admin", "organiser")

from judging.admin import views  # noqa: E402,F401
from judging.admin.tabs import edition_tabs  # noqa: E402


@bp.app_context_processor
def _tabs():
    return {"edition_tabs": edition_tabs}
