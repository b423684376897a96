"""Finding the rows a URL names, with a 404 when they do not exist or belong to another edition.

Every admin page takes an edition id and often a category, entry or judge id: checking that the
second belongs to the first in one place means no page can show another edition's rows.
"""

from __future__ import annotations

from flask import abort

from judging.extensions import db
from judging.models import Category, Edition, Entry, Judge


def edition_or_404(edition_id: int) -> Edition:
    """The edition, or 404."""
    return db.get_or_404(Edition, edition_id)


def category_or_404(edition: Edition, category_id: int) -> Category:
    """One of the edition's categories, or 404."""
    category = db.get_or_404(Category, category_id)
    if category.edition_id != edition.id:
        abort(404)
    return category


def entry_or_404(edition: Edition, entry_id: int) -> Entry:
    """One of the edition's entries, or 404."""
    entry = db.get_or_404(Entry, entry_id)
    if entry.category.edition_id != edition.id:
        abort(404)
    return entry


def judge_or_404(edition: Edition, judge_id: int) -> Judge:
    """One of the edition's judges, or 404."""
    judge = db.get_or_404(Judge, judge_id)
    if judge.edition_id != edition.id:
        abort(404)
    return judge
