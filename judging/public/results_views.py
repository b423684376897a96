"""Public results pages of an edition and of each category, and their JSON: no sign-in.

Only live and published categories show standings (and rows a ceremony has announced); hidden and
frozen ones show their name and «results not yet published». Rows come from judging.board.snapshot,
so until the jury finalises a category its page says provisional, each row shows the sheets it
rests on of its panel, and a row short of its panel shows no award.
"""

from __future__ import annotations

from flask import abort, jsonify, render_template
from sqlalchemy import select

from judging.board import snapshot
from judging.extensions import db
from judging.models import Category, Edition
from judging.public import bp


def _edition(slug: str) -> Edition:
    edition = db.session.scalar(select(Edition).where(Edition.slug == slug))
    if edition is None:
        abort(404)
    return edition


def public_view(category: Category) -> dict:
    """What a public page may show of one category: its name, always; its rows only when allowed."""
    found = snapshot.shown(category) if category.visibility in snapshot.SHOWN else None
    return {
        "category": category,
        "visibility": category.visibility if found is not None else None,
        "provisional": found.provisional if found is not None else None,
        "version": found.version if found is not None else None,
        "rows": snapshot.present(category, found.rows) if found is not None else None,
        "reveal": snapshot.reveal_payload(category) if found is None else None,
    }


@bp.route("/results/<slug>")
def results_edition(slug: str):
    edition = _edition(slug)
    views = [public_view(c) for c in edition.categories]
    return render_template("public/results.html", edition=edition, views=views)


@bp.route("/results/<slug>/<int:category_id>")
def results_category(slug: str, category_id: int):
    edition = _edition(slug)
    category = db.session.get(Category, category_id)
    if category is None or category.edition_id != edition.id:
        abort(404)
    return render_template("public/results_category.html", edition=edition, view=public_view(category))


@bp.route("/results/<slug>/results.json")
def results_json(slug: str):
    """The public results of an edition as data: every category's name, rows only where allowed."""
    edition = _edition(slug)
    categories = []
    for c in edition.categories:
        view = public_view(c)
        categories.append({
            "id": c.id,
            "label": snapshot.category_labels(c),
            "visibility": view["visibility"],  # null for hidden and frozen: nothing to say about them
            "provisional": view["provisional"],  # true until the jury finalises; null with the visibility
            "version": view["version"],
            "rows": view["rows"],
            "reveal": view["reveal"],
        })
    response = jsonify(edition=snapshot.edition_payload(edition), categories=categories)
    response.headers["Cache-Control"] = "no-cache"
    return response
