"""The judge's tablet page: by token link (`/t/<token>`) or for a judge signed in with an account."""

from flask import Blueprint

bp = Blueprint("judge", __name__)

from judging.judge import views  # noqa: E402,F401
