"""The stage page: the running order of a category and who is performing now."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from judging.extensions import db
from judging.i18n import current_locale
from judging.lookups import edition_or_404, row_id
from judging.models import Category, Edition, Entry
from judging.privacy import display_name
from judging.scoring.errors import ScoringRefused
from judging.stage import bp, operations


def _category(edition: Edition, category_id: int | None) -> Category | None:
    categories = list(edition.categories)
    return (
        next((c for c in categories if c.id == category_id), None)
        or next((c for c in categories if c.id == edition.stage_category_id), None)
        or (categories[0] if categories else None)
    )


@bp.route("/editions/<int:edition_id>/stage")
def index(edition_id: int):
    """The running order with a call button per performer, and who is on stage now."""
    edition = edition_or_404(edition_id)
    category = _category(edition, request.args.get("category", type=row_id))
    on_stage = db.session.get(Entry, edition.stage_entry_id) if edition.stage_entry_id else None
    upcoming = operations.next_on_stage(edition, category) if category is not None else None
    return render_template(
        "stage/index.html", edition=edition, category=category, on_stage=on_stage, upcoming=upcoming,
        display_name=display_name, locale=current_locale(),
    )


@bp.route("/editions/<int:edition_id>/stage", methods=["POST"])
def move(edition_id: int):
    """Call the next performer, a chosen one, or clear the stage."""
    edition = edition_or_404(edition_id)
    category = _category(edition, request.form.get("category", type=row_id))
    action = request.form.get("action", "")
    entry = None
    if action == "next" and category is not None:
        entry = operations.next_on_stage(edition, category)
        if entry is None:
            flash(_("Everybody in this category has been called."), "info")
            return redirect(url_for("stage.index", edition_id=edition.id, category=category.id))
    elif action == "call" and category is not None:
        entry = db.session.get(Entry, request.form.get("entry", type=row_id) or 0)
    try:
        operations.move_stage(edition, category if entry is not None else None, entry, user=current_user)
    except ScoringRefused as refused:
        flash(refused.message, "error")
    return redirect(url_for("stage.index", edition_id=edition.id, category=category.id if category else None))
