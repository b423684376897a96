"""The tablet page: thin views; the tablet itself talks Socket.IO (judging.realtime.judge_events)."""

from __future__ import annotations

from flask import abort, current_app, g, redirect, render_template, request, session, url_for
from flask_login import current_user

from judging.extensions import db
from judging.judge import bp, identity
from judging.judge.strings import tablet_strings
from judging.lookups import row_id
from judging.models import Judge
from judging.scoring.state import judge_locale


def _render_tablet(judge: Judge, token: str | None):
    g.locale = judge_locale(judge)  # the tablet speaks the judge's language, whatever the browser says
    return render_template(
        "judge/tablet.html",
        judge=judge,
        token=token,
        strings=tablet_strings(),
        language_url=url_for("judge.language", token=token) if token else url_for("judge.account_language"),
    )


@bp.route("/t/<token>")
def tablet(token: str):
    """The judge's tablet, opened from the access link or QR card."""
    judge = identity.judge_by_token(token)
    if judge is None:
        session.pop(identity.SESSION_KEY, None)
        return render_template("judge/revoked.html"), 404
    session[identity.SESSION_KEY] = token  # a reload, or the console for a chair, keeps working
    session.permanent = True
    return _render_tablet(judge, token)


@bp.route("/t/<token>/language", methods=["POST"])
def language(token: str):
    """Remember the judge's language on the judge (every tablet of theirs follows)."""
    judge = identity.judge_by_token(token)
    if judge is None:
        return render_template("judge/revoked.html"), 404
    code = request.form.get("language", "")
    if code in current_app.config["LANGUAGES"]:
        judge.language = code
        db.session.commit()
    return redirect(url_for("judge.tablet", token=token))


@bp.route("/judge/")
def home():
    """The tablet for a judge signed in with an account (or by link in this browser)."""
    wanted = request.args.get("judge", type=row_id)
    if current_user.is_authenticated:
        judge = identity.current_judge(wanted)
        if judge is None:
            abort(404 if wanted else 403)
        return _render_tablet(judge, None)
    judge = identity.session_judge()
    if judge is not None:
        return redirect(url_for("judge.tablet", token=judge.token))
    from judging.extensions import login_manager

    return login_manager.unauthorized()


@bp.route("/judge/language", methods=["POST"])
def account_language():
    judge = identity.current_judge(request.form.get("judge", type=row_id))
    if judge is None:
        abort(403)
    code = request.form.get("language", "")
    if code in current_app.config["LANGUAGES"]:
        judge.language = code
        if current_user.is_authenticated:
            current_user.language = code
        db.session.commit()
    return redirect(url_for("judge.home", judge=judge.id))
