"""The home page and the health check."""

from __future__ import annotations

from flask import jsonify, render_template
from sqlalchemy import select, text

from judging.extensions import db
from judging.models import Edition
from judging.public import bp


@bp.route("/")
def index():
    editions = db.session.scalars(select(Edition).order_by(Edition.year.desc(), Edition.id)).all()
    return render_template("public/index.html", editions=editions)


@bp.route("/healthz")
def healthz():
    """200 when the database answers; load balancers and the run script poll this."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as exc:  # any database failure means unhealthy, whatever its type
        db.session.rollback()
        return jsonify(status="error", database=str(exc.__class__.__name__)), 503
    return jsonify(status="ok", database="ok")
