"""Who may do what: the login loader and role decorators."""

from __future__ import annotations

from functools import wraps

from flask import abort, request
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user

from judging.extensions import db
from judging.models import User


def init_login(login_manager: LoginManager) -> None:
    """Load users by id; send anonymous visitors to the sign-in page."""
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "warning"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def roles_required(*roles: str):
    """Refuse everyone whose role is not listed: anonymous visitors to the sign-in page, others 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from judging.extensions import login_manager

                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


organiser_required = roles_required("admin", "organiser")


def guard_blueprint(bp, *roles: str) -> None:
    """Apply a role check to every view of a blueprint, so no view can forget it."""

    @bp.before_request
    def _check():
        if request.endpoint and request.endpoint.endswith(".static"):
            return None
        if not current_user.is_authenticated:
            from judging.extensions import login_manager

            return login_manager.unauthorized()
        if current_user.role not in roles:
            abort(403)
        return None
