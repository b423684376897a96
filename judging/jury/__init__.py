"""The organiser's jury admin: judges, tablet links and QR cards, panels, conflicts of interest."""

from flask import Blueprint

from judging.auth.access import guard_blueprint

bp = Blueprint("jury", __name__)
guard_blueprint(bp, "admin", "organiser")

from judging.jury import views  # noqa: E402,F401
