"""Finding the rows a URL names, with a 404 when they do not exist or belong to another edition.

Every admin page takes an edition id and often a category, entry or judge id: checking that the
second belongs to the first in one place means no page can show another edition's rows.
"""

from __future__ import annotations

from flask import abort
from werkzeug.routing import IntegerConverter

from judging.extensions import db
from judging.models import Category, Edition, Entry, Judge

# Ids are 32-bit integers on PostgreSQL: asked for a larger number, it does not find nothing, it
# raises (and SQLite does past 64 bits), so a mistyped or hostile id would fail the request
# instead of getting a clear "there is no such row".
MAX_ID = 2**31 - 1


def row_id(raw: object) -> int:
    """A row id from outside (a socket message, a form field, a query string): a whole number
    from 1 to MAX_ID, given as an int or as digits; anything else raises ValueError.

    Fits `request.args.get(name, type=row_id)`, which then gives the default instead.
    """
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise ValueError(f"not an id: {raw!r}")
    if isinstance(raw, str):
        raw = raw.strip()
        if not raw.isascii() or not raw.isdigit():
            raise ValueError(f"not an id: {raw!r}")
    number = int(raw)
    if not 1 <= number <= MAX_ID:
        raise ValueError(f"no row has the id {number}")
    return number


def optional_row_id(raw: object) -> int | None:
    """row_id, or None for anything that cannot be an id."""
    try:
        return row_id(raw)
    except ValueError:
        return None


class RowIdConverter(IntegerConverter):
    """`<int:...>` in a URL, up to MAX_ID: a longer number is a 404 like any id that does not exist."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


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
