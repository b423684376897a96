"""The stage: the organisers call the next performer; tablets and hall screens follow."""

from flask import Blueprint

from judging.auth.access import guard_blueprint

bp = Blueprint("stage", __name__)
guard_blueprint(bp, "admin", "organiser")

from judging.stage import views  # noqa: E402,F401
