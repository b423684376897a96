"""The organiser's results page (visibility, ceremony, exports) and the hall screen; work is in operations.py."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from judging import lifecycle, results
from judging.board import bp, exports, snapshot
from judging.board.operations import BoardError, reset_reveal, reveal_next, reveal_order, set_visibility
from judging.extensions import db
from judging.i18n import current_locale
from judging.labels import visibility_label
from judging.local_redirects import local_path
from judging.lookups import category_or_404, edition_or_404
from judging.models import Edition, Entry
from judging.models.contest import VISIBILITIES
from judging.qr import qr_svg

VISIBILITY_HINTS = {
    "hidden": _l("Nothing about its marks or standings leaves the server; public pages show only its name."),
    "live": _l("Hall screens and the public page follow the standings as marks arrive."),
    "frozen": _l("Screens keep what they show now; new marks are not shown."),
    "published": _l("The final results are public; diplomas can be downloaded. Only finalised results can be published."),
}

# Words on the hall screen, shown in each of the edition's languages at once.
SCREEN_TEXTS = {
    "now": _l("Now on stage"),
    "next_up": _l("Waiting for the next performer"),
    "live": _l("Live results"),
    "frozen": _l("Results as of the freeze"),
    "published": _l("Final results"),  # only finalised results are published
    "provisional": _l("Provisional results"),
    "ceremony": _l("Awards ceremony"),
    "scan": _l("Results on your phone"),
    "place": _l("Place"),
    "score": _l("Score"),
    "offline": _l("Reconnecting…"),
    "nothing": _l("Results will appear here"),
    "and_more": _l("and %(count)s more"),
}








def public_results_url(edition: Edition) -> str:
    """The address of the edition's public results page, as phones in the hall reach it."""
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base.rstrip("/") + url_for("public.results_edition", slug=edition.slug)
    return url_for("public.results_edition", slug=edition.slug, _external=True)


@bp.route("/admin/editions/<int:edition_id>/results")
def manage(edition_id: int):
    edition = edition_or_404(edition_id)
    rows = []
    for c in edition.categories:
        rows.append({
            "category": c,
            "result": results.standings(c),
            "state": snapshot.board_state(c),
            "provisional": lifecycle.provisional(c),
            "entries": len(c.entries),
        })
    return render_template(
        "board/manage.html", edition=edition, rows=rows, visibilities=VISIBILITIES, hints=VISIBILITY_HINTS,
        screen_url=url_for("board.screen", slug=edition.slug, _external=True),
        public_url=public_results_url(edition),
    )


@bp.route("/admin/editions/<int:edition_id>/results/<int:category_id>/visibility", methods=["POST"])
def change_visibility(edition_id: int, category_id: int):
    edition = edition_or_404(edition_id)
    category = category_or_404(edition, category_id)
    visibility = request.form.get("visibility", "")
    if visibility == "published" and category.visibility != "published" and request.form.get("confirmed") != "1":
        # Publishing is final and public at once: say what will happen, and publish only when confirmed.
        try:
            lifecycle.check_publish(category)
        except lifecycle.LifecycleRefused as exc:
            flash(exc.message, "error")
            return redirect(url_for("board.manage", edition_id=edition.id))
        return render_template("board/publish_confirm.html", edition=edition, category=category,
                               next=request.form.get("next", ""))
    try:
        changed = set_visibility(category, visibility, current_user)
    except BoardError as exc:
        flash(exc.message, "error")
    else:
        if changed:
            flash(_("%(category)s: %(visibility)s.", category=category.label(current_locale()),
                    visibility=visibility_label(visibility)), "success")
    return redirect(local_path(request.form.get("next")) or url_for("board.manage", edition_id=edition.id))


@bp.route("/admin/editions/<int:edition_id>/results/<int:category_id>/ceremony")
def ceremony(edition_id: int, category_id: int):
    edition = edition_or_404(edition_id)
    category = category_or_404(edition, category_id)
    state = snapshot.board_state(category)
    if state is not None and state.revealing:
        order = state.reveal_rows
        revealed = state.revealed
    else:
        order, revealed = reveal_order(category), 0
    entries = {e.id: e for e in db.session.scalars(select(Entry).where(Entry.category_id == category.id))}
    steps = [{"row": r, "entry": entries.get(r["entry"]), "shown": i < revealed} for i, r in enumerate(order)]
    return render_template(
        "board/ceremony.html", edition=edition, category=category, steps=steps, revealed=revealed,
        started=state is not None and state.revealing, done=bool(order) and revealed >= len(order),
        provisional=lifecycle.provisional(category),
        screen_url=url_for("board.screen", slug=edition.slug),
    )


@bp.route("/admin/editions/<int:edition_id>/results/<int:category_id>/ceremony/next", methods=["POST"])
def ceremony_next(edition_id: int, category_id: int):
    edition = edition_or_404(edition_id)
    category = category_or_404(edition, category_id)
    try:
        reveal_next(category, current_user)
    except BoardError as exc:
        flash(exc.message, "error")
    return redirect(url_for("board.ceremony", edition_id=edition.id, category_id=category.id))


@bp.route("/admin/editions/<int:edition_id>/results/<int:category_id>/ceremony/reset", methods=["POST"])
def ceremony_reset(edition_id: int, category_id: int):
    edition = edition_or_404(edition_id)
    category = category_or_404(edition, category_id)
    reset_reveal(category, current_user)
    flash(_("The ceremony starts again from the first award."), "success")
    return redirect(url_for("board.ceremony", edition_id=edition.id, category_id=category.id))


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _download(data: bytes, fmt: str, name: str) -> Response:
    response = Response(data, mimetype=EXPORT_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response.headers["Cache-Control"] = "no-store"  # results before publication stay off shared caches
    return response


@bp.route("/admin/editions/<int:edition_id>/results/export.<fmt>")
def export_edition(edition_id: int, fmt: str):
    edition = edition_or_404(edition_id)
    if fmt not in EXPORT_TYPES:
        abort(404)
    categories = list(edition.categories)
    if fmt == "csv":
        data = exports.to_csv(exports.edition_sheet(categories))
    else:
        data = exports.to_xlsx([exports.category_sheet(c) for c in categories] or [exports.edition_sheet([])])
    return _download(data, fmt, f"{edition.slug}-results")


@bp.route("/admin/editions/<int:edition_id>/results/<int:category_id>/export.<fmt>")
def export_category(edition_id: int, category_id: int, fmt: str):
    edition = edition_or_404(edition_id)
    category = category_or_404(edition, category_id)
    if fmt not in EXPORT_TYPES:
        abort(404)
    sheet = exports.category_sheet(category)
    data = exports.to_csv(sheet) if fmt == "csv" else exports.to_xlsx([sheet])
    return _download(data, fmt, f"{edition.slug}-category-{category.id}-results")


def screen_texts(languages: list[str]) -> dict[str, dict[str, str]]:
    """Every word of the hall screen in each language it shows."""
    texts: dict[str, dict[str, str]] = {key: {} for key in SCREEN_TEXTS}
    for code in languages:
        with force_locale(code):
            for key, text in SCREEN_TEXTS.items():
                texts[key][code] = str(text) if key != "and_more" else _("and %(count)s more", count="{count}")
    return texts


@bp.route("/screen/<slug>")
def screen(slug: str):
    """The hall screen: full screen, no sign-in; everything it shows comes from the /board watch."""
    edition = db.session.scalar(select(Edition).where(Edition.slug == slug))
    if edition is None:
        abort(404)
    languages = snapshot.languages(edition)
    forced = request.args.get("lang")
    if forced in current_app.config["LANGUAGES"]:
        languages = [forced]
    url = public_results_url(edition)
    return render_template(
        "board/screen.html", edition=edition, languages=languages, texts=screen_texts(languages),
        qr=qr_svg(url, scale=6), results_url=url,
        rotate_seconds=max(4, min(120, request.args.get("rotate", 12, type=int) or 12)),
    )
