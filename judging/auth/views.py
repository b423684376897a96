"""Sign in, sign out, switch language."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from judging.auth import bp, operations, passwords
from judging.auth.forms import LoginForm
from judging.extensions import db, limiter
from judging.local_redirects import local_path
from judging.models import User


def home_for(user: User) -> str:
    """Where a user lands after signing in."""
    if user.is_organiser:
        return url_for("admin.index")
    return url_for("public.index")


# Wrong passwords allowed per account and per address; each further line is a longer wait once
# the first is used up. An office behind one address has a dozen organisers: its limit is wider.
ACCOUNT_LIMITS = "10 per 15 minutes; 20 per 3 hours; 30 per day"
ADDRESS_LIMITS = "30 per 15 minutes; 100 per day"


def _account_key() -> str:
    return "account:" + (request.form.get("username") or "").strip().casefold()[:80]


def _failed(response) -> bool:
    """Only wrong passwords count: a right one, or the sign-in page itself, costs nothing."""
    return bool(g.get("sign_in_failed"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(ACCOUNT_LIMITS, key_func=_account_key, methods=["POST"], deduct_when=_failed)
@limiter.limit(ADDRESS_LIMITS, methods=["POST"], deduct_when=_failed)
def login():
    g.sign_in_failed = False
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username == form.username.data.strip()))
        if not passwords.verify(user, form.password.data):
            g.sign_in_failed = True
            flash(_("Wrong username or password."), "error")
        else:
            operations.sign_in(user, remember=form.remember.data)
            return redirect(local_path(request.args.get("next")) or home_for(user))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    operations.sign_out()
    flash(_("You have signed out."), "info")
    return redirect(url_for("public.index"))


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code: str):
    """Remember the chosen language: in the session, and on the account when signed in."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
        if current_user.is_authenticated:
            current_user.language = code
            db.session.commit()
    return redirect(local_path(request.form.get("next")) or url_for("public.index"))
