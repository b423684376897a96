"""The jury admin pages; the work is done in operations.py."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from judging.extensions import db
from judging.i18n import current_locale
from judging.jury import bp, links
from judging.jury.forms import AccountForm, ConflictForm, JudgeForm
from judging.jury.operations import (
    JuryError,
    add_conflict,
    add_judge,
    create_account,
    current_seats,
    edition_conflicts,
    linkable_accounts,
    reissue_token,
    remove_conflict,
    remove_judge,
    revoke_token,
    save_panels,
    update_judge,
)
from judging.lookups import edition_or_404, judge_or_404
from judging.models import Conflict, Edition, Entry
from judging.qr import qr_svg


def _judge_form(edition: Edition, **kw) -> JudgeForm:
    form = JudgeForm(**kw)
    form.user_id.choices = [(0, _("No account: the tablet link only"))] + [
        (u.id, f"{u.name or u.username} ({u.username})") for u in linkable_accounts(edition)
    ]
    return form


def _form_data(form: JudgeForm) -> dict:
    return {
        "name": form.name.data, "credentials": form.credentials.data, "role": form.role.data,
        "language": form.language.data, "user_id": form.user_id.data or None,
    }


def _fail(form, exc: JuryError) -> None:
    """Show the error beside its field when the form has it, else as a message."""
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, exc.message]
    flash(exc.message, "error")


@bp.route("/editions/<int:edition_id>/jury", methods=["GET", "POST"])
def judges(edition_id: int):
    edition = edition_or_404(edition_id)
    form = _judge_form(edition)
    if form.validate_on_submit():
        try:
            judge = add_judge(edition, _form_data(form))
        except JuryError as exc:
            _fail(form, exc)
        else:
            flash(_("%(name)s has joined the jury.", name=judge.name), "success")
            return redirect(url_for("jury.judges", edition_id=edition.id))
    rows = [{"judge": j, "url": links.tablet_url(j)} for j in edition.judges]
    return render_template("jury/judges.html", edition=edition, rows=rows, form=form,
                           tablet_page=links.tablet_page_exists(), qr_svg=qr_svg)


@bp.route("/editions/<int:edition_id>/jury/<int:judge_id>", methods=["GET", "POST"])
def edit_judge(edition_id: int, judge_id: int):
    edition = edition_or_404(edition_id)
    judge = judge_or_404(edition, judge_id)
    form = _judge_form(edition, obj=judge)
    if request.method == "GET":
        form.user_id.data = judge.user_id or 0
        form.language.data = judge.language or ""
    if form.validate_on_submit():
        try:
            update_judge(judge, _form_data(form))
        except JuryError as exc:
            db.session.rollback()
            _fail(form, exc)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("jury.judges", edition_id=edition.id))
    return render_template("jury/judge.html", edition=edition, judge=judge, form=form, account_form=AccountForm(),
                           url=links.tablet_url(judge), tablet_page=links.tablet_page_exists(), qr_svg=qr_svg)


@bp.post("/editions/<int:edition_id>/jury/<int:judge_id>/account")
def judge_account(edition_id: int, judge_id: int):
    edition = edition_or_404(edition_id)
    judge = judge_or_404(edition, judge_id)
    form = AccountForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
    else:
        try:
            user = create_account(judge, form.username.data, form.password.data)
        except JuryError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            flash(_("%(name)s can now sign in as “%(username)s”.", name=judge.name, username=user.username), "success")
    return redirect(url_for("jury.edit_judge", edition_id=edition.id, judge_id=judge.id))


@bp.post("/editions/<int:edition_id>/jury/<int:judge_id>/remove")
def delete_judge(edition_id: int, judge_id: int):
    edition = edition_or_404(edition_id)
    judge = judge_or_404(edition, judge_id)
    name = judge.name
    try:
        remove_judge(judge)
    except JuryError as exc:
        flash(exc.message, "error")
    else:
        flash(_("%(name)s has been removed from the jury.", name=name), "success")
    return redirect(url_for("jury.judges", edition_id=edition.id))


@bp.post("/editions/<int:edition_id>/jury/<int:judge_id>/reissue")
def reissue(edition_id: int, judge_id: int):
    judge = judge_or_404(edition_or_404(edition_id), judge_id)
    reissue_token(judge)
    flash(_("A new tablet link has been made for %(name)s; the old one no longer opens.", name=judge.name), "success")
    back = request.form.get("next", "")
    if not back.startswith("/") or back.startswith("//"):  # only pages of this site
        back = url_for("jury.judges", edition_id=edition_id)
    return redirect(back)


@bp.post("/editions/<int:edition_id>/jury/<int:judge_id>/revoke")
def revoke(edition_id: int, judge_id: int):
    judge = judge_or_404(edition_or_404(edition_id), judge_id)
    revoke_token(judge)
    flash(_("The tablet link of %(name)s is switched off.", name=judge.name), "success")
    return redirect(url_for("jury.judges", edition_id=edition_id))


@bp.get("/editions/<int:edition_id>/jury/cards")
def cards(edition_id: int):
    edition = edition_or_404(edition_id)
    rows = [{"judge": j, "url": links.tablet_url(j)} for j in edition.judges]
    return render_template("jury/cards.html", edition=edition, rows=rows,
                           tablet_page=links.tablet_page_exists(), qr_svg=qr_svg)


@bp.route("/editions/<int:edition_id>/jury/panels", methods=["GET", "POST"])
def panels(edition_id: int):
    edition = edition_or_404(edition_id)
    if request.method == "POST":
        seats: set[tuple[int, int]] = set()
        for key in request.form:
            parts = key.split("-")
            if len(parts) == 3 and parts[0] == "seat" and parts[1].isdigit() and parts[2].isdigit():
                seats.add((int(parts[1]), int(parts[2])))
        try:
            added, removed = save_panels(edition, seats)
        except JuryError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            flash(_("Panels saved: %(added)s seats added, %(removed)s removed.", added=added, removed=removed), "success")
            return redirect(url_for("jury.panels", edition_id=edition.id))
    return render_template("jury/panels.html", edition=edition, seats=current_seats(edition))


def _conflict_form(edition: Edition) -> ConflictForm:
    form = ConflictForm()
    form.judge_id.choices = [(j.id, j.name) for j in edition.judges]
    locale = current_locale()
    # Grouped by category (an <optgroup> each), so a name is found where it performs.
    form.entry_id.choices = {
        c.label(locale): [(e.id, f"№{e.number} {e.name}") for e in c.entries] for c in edition.categories if c.entries
    }
    return form


@bp.route("/editions/<int:edition_id>/jury/conflicts", methods=["GET", "POST"])
def conflicts(edition_id: int):
    edition = edition_or_404(edition_id)
    form = _conflict_form(edition)
    if form.validate_on_submit():
        judge = judge_or_404(edition, form.judge_id.data)
        entry = db.get_or_404(Entry, form.entry_id.data)
        try:
            already_marked = add_conflict(judge, entry, form.reason.data)[1]
        except JuryError as exc:
            db.session.rollback()
            _fail(form, exc)
        else:
            flash(_("Recorded: %(judge)s does not mark №%(number)s %(entry)s.",
                    judge=judge.name, number=entry.number, entry=entry.name), "success")
            if already_marked:
                flash(_("%(judge)s has already marked this entry: those marks are kept but no longer count "
                        "while the conflict stands.", judge=judge.name), "warning")
            return redirect(url_for("jury.conflicts", edition_id=edition.id))
    return render_template("jury/conflicts.html", edition=edition, form=form, conflicts=edition_conflicts(edition))


@bp.post("/editions/<int:edition_id>/jury/conflicts/<int:conflict_id>/remove")
def delete_conflict(edition_id: int, conflict_id: int):
    edition = edition_or_404(edition_id)
    conflict = db.get_or_404(Conflict, conflict_id)
    if conflict.judge.edition_id != edition.id:
        abort(404)
    try:
        remove_conflict(conflict)
    except JuryError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        flash(_("The conflict of interest has been lifted."), "success")
    return redirect(url_for("jury.conflicts", edition_id=edition.id))
