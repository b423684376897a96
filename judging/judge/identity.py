"""Who a tablet or a console belongs to: a judge by token link or account, or an organiser.

Signing in by the token link puts the token in the session, so a reload (or the console page of
a chair who came by link) keeps working; revoking the token ends both at once.
"""

from __future__ import annotations

from flask import session
from flask_login import current_user
from sqlalchemy import select

from judging.extensions import db
from judging.models import Edition, Judge

SESSION_KEY = "judge_token"


def judge_by_token(token) -> Judge | None:
    """The judge whose current tablet link carries this token (None when revoked or unknown)."""
    if not isinstance(token, str) or not token:
        return None
    return db.session.scalar(select(Judge).where(Judge.token == token))


def account_judges() -> list[Judge]:
    """The judge seats linked to the signed-in account, newest edition first."""
    if not current_user.is_authenticated:
        return []
    return list(db.session.scalars(select(Judge).where(Judge.user_id == current_user.id).order_by(Judge.id.desc())))


def session_judge() -> Judge | None:
    """The judge signed in by token link in this browser, if the token is still valid."""
    return judge_by_token(session.get(SESSION_KEY))


def current_judge(wanted: int | None = None) -> Judge | None:
    """The judge of this request: by account (a chosen seat, or the newest), else by token link."""
    seats = account_judges()
    if seats:
        if wanted is not None:
            return next((j for j in seats if j.id == wanted), None)
        return seats[0]
    judge = session_judge()
    if judge is not None and (wanted is None or judge.id == wanted):
        return judge
    return None


def is_organiser() -> bool:
    return bool(current_user.is_authenticated and current_user.is_organiser)


def console_judge(edition: Edition) -> Judge | None:
    """The jury chair of this edition signed in here, by account or by token link."""
    for judge in account_judges() + [j for j in [session_judge()] if j is not None]:
        if judge.edition_id == edition.id and judge.role == "chair":
            return judge
    return None


def may_open_console(edition: Edition) -> bool:
    """Organisers and the jury chair of this edition see the console."""
    return is_organiser() or console_judge(edition) is not None
