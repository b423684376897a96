"""Documents: jury protocols, score sheets, diplomas, letters of thanks, judge cards, verification.

Two blueprints: "documents" (organiser pages under /admin/editions/<id>/documents) and
"diplomas" (public, no sign-in: /verify/<code> and the participants' /diploma download).
"""

from flask import Blueprint

from judging.auth.access import guard_blueprint

bp = Blueprint("documents", __name__)
guard_blueprint(bp, "admin", "organiser")

public_bp = Blueprint("diplomas", __name__)

from judging.documents import public, views  # noqa: E402,F401
