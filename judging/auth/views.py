"""Sign in, sign out, switch language."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from judging.auth import bp, operations
from judging.auth.forms import LoginForm
from judging.extensions import db
from judging.models import User


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths: a sign-in link must not bounce anyone to another site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def home_for(user: User) -> str:
    """Where a user lands after signing in."""
    if user.is_organiser:
        return url_for("admin.index")
    return url_for("public.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username == form.username.data.strip()))
        if user is None or not user.active or not user.check_password(form.password.data):
            flash(_("Wrong username or password."), "error")
        else:
            operations.sign_in(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")) or home_for(user))
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
    return redirect(_safe_next(request.form.get("next")) or url_for("public.index"))
