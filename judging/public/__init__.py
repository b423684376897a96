"""Pages anyone may open: the home page and the health check."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from judging.public import results_views, views  # noqa: E402,F401
