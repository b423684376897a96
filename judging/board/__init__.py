"""Results on show: the organiser's visibility and ceremony page, exports, and the hall screen.

Every view here is for organisers except the hall screen, which any browser in the hall opens.
"""

from flask import Blueprint, abort, request
from flask_login import current_user

bp = Blueprint("board", __name__)

PUBLIC_ENDPOINTS = frozenset({"board.screen"})
ROLES = ("admin", "organiser")


@bp.before_request
def _guard():
    """Organisers only, except the listed public pages (an allow-list, so no new view is left open)."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        from judging.extensions import login_manager

        return login_manager.unauthorized()
    if current_user.role not in ROLES:
        abort(403)
    return None


from judging.board import views  # noqa: E402,F401
