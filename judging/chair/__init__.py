"""The chair's console: the entries × judges matrix, unlocking sheets, finalising, casting votes."""

from flask import Blueprint

bp = Blueprint("chair", __name__)

from judging.chair import views  # noqa: E402,F401
