"""The chair's console: thin views over judging.scoring.operations; live updates come over /judge."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from judging import lifecycle, rule_wording, warnings
from judging.chair import bp, matrix, operations
from judging.extensions import db, login_manager
from judging.i18n import current_locale
from judging.judge import identity
from judging.labels import AWARDS, ENTRY_STATUS
from judging.lookups import category_or_404, row_id
from judging.models import Abstention, Edition, Measurement, Sheet
from judging.scoring.errors import ScoringRefused


def _edition(edition_id: int) -> Edition:
    edition = db.get_or_404(Edition, edition_id)
    if not identity.may_open_console(edition):
        if not current_user.is_authenticated and identity.session_judge() is None:
            abort(login_manager.unauthorized())
        abort(403)
    g.console_judge = identity.console_judge(edition)
    return edition


def _actor() -> dict:
    user = current_user if current_user.is_authenticated else None
    return {"user": user, "judge": None if user is not None else g.console_judge}




def _lifecycle(category) -> dict | None:
    """Where the category's result stands, what is missing, and the abstentions recorded."""
    if category is None:
        return None
    missing = lifecycle.missing_sheets(category)
    judges = {j.id: j for j in category.judges}
    entries = {e.id: e for e in category.entries}
    return {
        "state": lifecycle.state(category),
        "provisional": lifecycle.provisional(category),
        "missing": missing,
        "missing_text": lifecycle.missing_text(category, missing),
        "per_entry": lifecycle.input_kind(category) == "marks",
        "abstentions": [
            {"id": a.id, "judge": judges.get(a.judge_id), "entry": entries.get(a.entry_id), "reason": a.reason}
            for a in db.session.scalars(select(Abstention).where(Abstention.category_id == category.id).order_by(Abstention.id))
        ],
    }


def _back(edition: Edition, category_id: int | None):
    return redirect(url_for("chair.console", edition_id=edition.id, category=category_id))


@bp.route("/editions/<int:edition_id>/console")
def console(edition_id: int):
    """The entries × judges matrix of one category, every mark, outliers, and the chair's actions."""
    edition = _edition(edition_id)
    categories = list(edition.categories)
    wanted = request.args.get("category", type=row_id)
    category = next((c for c in categories if c.id == wanted), None) or (
        next((c for c in categories if c.id == edition.stage_category_id), None) or (categories[0] if categories else None)
    )
    data = matrix.category_matrix(category) if category is not None else None
    return render_template(
        "chair/console.html", edition=edition, categories=categories, category=category, data=data,
        lifecycle=_lifecycle(category),
        locale=current_locale(), is_organiser=identity.is_organiser(),
        award_labels={key: str(label) for key, label in AWARDS.items()},
        strings={
            "connected": _("Live"), "disconnected": _("No connection: the table may be out of date"),
            "waiting": _("Waiting"), "submitted": _("Submitted"), "corrected": _("Corrected"),
            "unlocked": _("Unlocked for correction"), "abstained": _("Abstained"), "outlier": _("Far from the panel's median"),
            "sheets": _("Sheets of the panel the row rests on"),
            "warnings": warnings.texts(),
            "rule_errors": rule_wording.stored_error_templates(),
            "entry_status": {key: str(label) for key, label in ENTRY_STATUS.items()},
        },
    )


@bp.route("/editions/<int:edition_id>/console/sheets/<int:sheet_id>/unlock", methods=["POST"])
def unlock(edition_id: int, sheet_id: int):
    edition = _edition(edition_id)
    sheet = db.get_or_404(Sheet, sheet_id)
    category = category_or_404(edition, sheet.category_id)
    try:
        operations.unlock_sheet(sheet, request.form.get("reason", ""), **_actor())
    except ScoringRefused as refused:
        flash(refused.message, "error")
    else:
        flash(_("The sheet is unlocked; the judge's tablet now lets them correct it."), "success")
    return _back(edition, category.id)


@bp.route("/editions/<int:edition_id>/console/measurements/<int:measurement_id>/unlock", methods=["POST"])
def unlock_measurement(edition_id: int, measurement_id: int):
    edition = _edition(edition_id)
    row = db.get_or_404(Measurement, measurement_id)
    from judging.models import Entry

    category = category_or_404(edition, db.session.get(Entry, row.entry_id).category_id)
    try:
        operations.unlock_measurement(row, request.form.get("reason", ""), **_actor())
    except ScoringRefused as refused:
        flash(refused.message, "error")
    else:
        flash(_("The attempt is unlocked for correction."), "success")
    return _back(edition, category.id)


@bp.route("/editions/<int:edition_id>/console/categories/<int:category_id>/finalise", methods=["POST"])
def finalise(edition_id: int, category_id: int):
    edition = _edition(edition_id)
    category = category_or_404(edition, category_id)
    try:
        operations.finalise_category(category, **_actor())
    except ScoringRefused as refused:
        flash(refused.message, "error")
    else:
        flash(_("The results of this category are final. Every sheet is locked."), "success")
    return _back(edition, category.id)


@bp.route("/editions/<int:edition_id>/console/categories/<int:category_id>/reopen", methods=["POST"])
def reopen(edition_id: int, category_id: int):
    """Reopen finalised results, with a reason; published ones become provisional everywhere."""
    edition = _edition(edition_id)
    category = category_or_404(edition, category_id)
    try:
        operations.reopen_category(category, request.form.get("reason", ""), **_actor())
    except ScoringRefused as refused:
        flash(refused.message, "error")
    else:
        flash(_("The category is open for judging again; its results are provisional until it is finalised."), "success")
    return _back(edition, category.id)


@bp.route("/editions/<int:edition_id>/console/categories/<int:category_id>/abstentions", methods=["POST"])
def abstain(edition_id: int, category_id: int):
    """Resolve a missing sheet: the judge abstains on an entry (or from the placements), with a reason."""
    edition = _edition(edition_id)
    category = category_or_404(edition, category_id)
    judge = next((j for j in category.judges if j.id == request.form.get("judge", type=row_id)), None)
    wanted = request.form.get("entry", type=row_id)
    entry = next((e for e in category.entries if e.id == wanted), None)
    if judge is None or (wanted is not None and entry is None):
        flash(_("Choose a judge of this category's panel and one of its entries."), "error")
        return _back(edition, category.id)
    try:
        operations.record_abstention(category, judge, entry, request.form.get("reason", ""), **_actor())
    except ScoringRefused as refused:
        flash(refused.message, "error")
    else:
        flash(_("The abstention is recorded; the sheet is no longer missing."), "success")
    return _back(edition, category.id)


@bp.route("/editions/<int:edition_id>/console/abstentions/<int:abstention_id>/lift", methods=["POST"])
def lift_abstention(edition_id: int, abstention_id: int):
    edition = _edition(edition_id)
    abstention = db.get_or_404(Abstention, abstention_id)
    category = category_or_404(edition, abstention.category_id)
    try:
        operations.lift_abstention(abstention, **_actor())
    except ScoringRefused as refused:
        flash(refused.message, "error")
    else:
        flash(_("The abstention is taken back: the sheet is owed again."), "success")
    return _back(edition, category.id)


@bp.route("/editions/<int:edition_id>/console/categories/<int:category_id>/judging", methods=["POST"])
def judging_state(edition_id: int, category_id: int):
    """Open or close a category for judging (organisers only)."""
    edition = _edition(edition_id)
    if not identity.is_organiser():
        abort(403)
    category = category_or_404(edition, category_id)
    try:
        operations.set_judging(category, request.form.get("state", ""), **_actor())
    except ScoringRefused as refused:
        flash(refused.message, "error")
    return _back(edition, category.id)


@bp.route("/editions/<int:edition_id>/console/categories/<int:category_id>/casting-vote", methods=["POST"])
def casting_vote(edition_id: int, category_id: int):
    """The chair's order for a tie, given as running numbers, best first: «3, 1»."""
    edition = _edition(edition_id)
    category = category_or_404(edition, category_id)
    by_number = {e.number: e.id for e in category.entries}
    raw = request.form.get("order", "").replace(";", ",").replace(" ", ",")
    try:
        numbers = [int(x) for x in raw.split(",") if x.strip()]
        order = [by_number[n] for n in numbers]
    except (ValueError, KeyError):
        flash(_("Write the running numbers of the tied entries, best first, e.g. «3, 1»."), "error")
        return _back(edition, category.id)
    try:
        operations.set_casting_vote(category, order, **_actor())
    except ScoringRefused as refused:
        flash(refused.message, "error")
    else:
        flash(_("The casting vote is recorded and the standings recomputed."), "success")
    return _back(edition, category.id)
