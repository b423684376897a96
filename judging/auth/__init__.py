"""Signing in and out, the language switch, and the role checks every other blueprint uses."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from judging.auth import views  # noqa: E402,F401
from judging.auth.access import init_login  # noqa: E402,F401
