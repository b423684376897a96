"""The entries admin pages: list, form, import, running order; the work is done in the modules beside."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from judging.entries import bp, ordering, upload
from judging.entries.forms import ConfirmImportForm, DrawForm, EntryForm, ImportForm, MoveForm, StatusForm, members_list
from judging.entries.operations import EntryError, add_entry, change_status, delete_entry, update_entry
from judging.extensions import db
from judging.i18n import current_locale
from judging.importing import SheetReadError
from judging.importing.messages import FIELD_LABELS
from judging.labels import entry_status_label
from judging.lookups import edition_or_404, entry_or_404, row_id
from judging.models import Category, Draw, Edition


def _chosen_category(edition: Edition, default_first: bool = False) -> Category | None:
    """The category picked in the page's filter (?category=id), if it is one of the edition's."""
    wanted = request.args.get("category", type=row_id)
    for category in edition.categories:
        if category.id == wanted:
            return category
    return edition.categories[0] if default_first and edition.categories else None


def _fail(form, exc: EntryError) -> None:
    db.session.rollback()
    field = getattr(form, exc.field, None) if exc.field else None
    if field is not None:
        field.errors = [*field.errors, exc.message]
    flash(exc.message, "error")


def _normalised_notice(fields: list[str]) -> None:
    if fields:
        names = ", ".join(_(FIELD_LABELS.get(f, f)) for f in fields)
        flash(_("Latin look-alike letters were replaced by Cyrillic ones (%(fields)s); the original text is kept.",
                fields=names), "warning")


# -- entries -----------------------------------------------------------------------------------

@bp.get("/editions/<int:edition_id>/entries")
def index(edition_id: int):
    edition = edition_or_404(edition_id)
    chosen = _chosen_category(edition)
    categories = [chosen] if chosen else edition.categories
    return render_template("entries/index.html", edition=edition, chosen=chosen, categories=categories)


def _entry_form(edition: Edition, **kw) -> EntryForm:
    form = EntryForm(**kw)
    locale = current_locale()
    form.category_id.choices = [(c.id, c.label(locale)) for c in edition.categories]
    return form


def _entry_data(form: EntryForm) -> dict:
    return {
        "category_id": form.category_id.data, "kind": form.kind.data, "name": form.name.data,
        "birth_date": form.birth_date.data, "institution": form.institution.data, "district": form.district.data,
        "teacher": form.teacher.data, "repertoire": form.repertoire.data, "members": members_list(form.members.data),
        "status": form.status.data, "notes": form.notes.data,
    }


@bp.route("/editions/<int:edition_id>/entries/new", methods=["GET", "POST"])
def new(edition_id: int):
    edition = edition_or_404(edition_id)
    form = _entry_form(edition)
    if request.method == "GET" and (chosen := _chosen_category(edition)):
        form.category_id.data = chosen.id
    if form.validate_on_submit():
        try:
            entry, normalised = add_entry(edition, _entry_data(form))
        except EntryError as exc:
            _fail(form, exc)
        else:
            flash(_("№%(number)s %(name)s entered.", number=entry.number, name=entry.name), "success")
            _normalised_notice(normalised)
            if request.form.get("then") == "another":
                return redirect(url_for("entries.new", edition_id=edition.id, category=entry.category_id))
            return redirect(url_for("entries.index", edition_id=edition.id, category=entry.category_id))
    return render_template("entries/form.html", edition=edition, form=form, entry=None)


@bp.route("/editions/<int:edition_id>/entries/<int:entry_id>", methods=["GET", "POST"])
def edit(edition_id: int, entry_id: int):
    edition = edition_or_404(edition_id)
    entry = entry_or_404(edition, entry_id)
    form = _entry_form(edition, obj=entry)
    if request.method == "GET":
        form.members.data = "\n".join(m.name for m in entry.members)
    if form.validate_on_submit():
        try:
            normalised = update_entry(entry, _entry_data(form))
        except EntryError as exc:
            _fail(form, exc)
        else:
            flash(_("Saved."), "success")
            _normalised_notice(normalised)
            return redirect(url_for("entries.index", edition_id=edition.id, category=entry.category_id))
    return render_template("entries/form.html", edition=edition, form=form, entry=entry,
                           status_form=StatusForm(status=entry.status))


@bp.post("/editions/<int:edition_id>/entries/<int:entry_id>/status")
def status(edition_id: int, entry_id: int):
    edition = edition_or_404(edition_id)
    entry = entry_or_404(edition, entry_id)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            change_status(entry, form.status.data, form.note.data)
        except EntryError as exc:
            db.session.rollback()
            flash(exc.message, "error")
            return redirect(url_for("entries.edit", edition_id=edition.id, entry_id=entry.id))
        flash(_("№%(number)s %(name)s: %(status)s.", number=entry.number, name=entry.name,
                status=entry_status_label(entry.status)), "success")
    else:
        flash(_("Choose a status."), "error")
    return redirect(url_for("entries.index", edition_id=edition.id, category=entry.category_id))


@bp.post("/editions/<int:edition_id>/entries/<int:entry_id>/delete")
def delete(edition_id: int, entry_id: int):
    edition = edition_or_404(edition_id)
    entry = entry_or_404(edition, entry_id)
    category_id, name = entry.category_id, entry.name
    try:
        delete_entry(entry)
    except EntryError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("entries.edit", edition_id=edition.id, entry_id=entry_id))
    flash(_("“%(name)s” deleted; the running order closed up.", name=name), "success")
    return redirect(url_for("entries.index", edition_id=edition.id, category=category_id))


# -- import ------------------------------------------------------------------------------------

def _import_form(edition: Edition) -> ImportForm:
    form = ImportForm()
    locale = current_locale()
    form.default_category_id.choices = [(0, _("None: every row names its category"))] + [
        (c.id, c.label(locale)) for c in edition.categories
    ]
    return form


@bp.route("/editions/<int:edition_id>/entries/import", methods=["GET", "POST"])
def import_upload(edition_id: int):
    edition = edition_or_404(edition_id)
    form = _import_form(edition)
    if form.validate_on_submit():
        file = form.file.data
        try:
            token = upload.keep_upload(edition, file.filename, file.read(), form.default_category_id.data or None,
                                       current_user.id)
        except EntryError as exc:
            form.file.errors = [*form.file.errors, exc.message]
        else:
            return redirect(url_for("entries.import_preview", edition_id=edition.id, token=token))
    return render_template("entries/import.html", edition=edition, form=form)


def _kept(edition: Edition, token: str) -> upload.KeptUpload | None:
    try:
        return upload.load_upload(edition, token)
    except upload.UploadMissing:
        flash(_("That upload is no longer here (stored, cancelled or older than a day): upload the file again."),
              "warning")
        return None


def _already_imported(edition: Edition, token: str):
    """The answer to a confirmation of an upload that was stored already (a double click, two tabs)."""
    upload.discard_upload(token)
    flash(_("This upload has already been stored (it was confirmed more than once): its entries were not entered a second time."),
          "warning")
    return redirect(url_for("entries.index", edition_id=edition.id))


def _problem(error) -> dict:
    """An import error or warning in the reader's language."""
    return {"row": error.row, "field": error.field, "text": error.render(_)}


def _rows_for_display(result, rows: list[dict[str, str]]) -> list[dict]:
    """Every filled row of the file with its draft or its errors, in file order."""
    drafts = {d.row: d for d in result.drafts}
    errors: dict[int, list] = {}
    for e in result.errors:
        errors.setdefault(e.row, []).append(_problem(e))
    warnings: dict[int, list] = {}
    for w in result.warnings:
        warnings.setdefault(w.row, []).append(_problem(w))
    shown = []
    for raw in rows:
        number = int(raw.get("_row") or 0)
        if number not in drafts and number not in errors:
            continue  # a blank row
        cells = {k: v for k, v in raw.items() if k != "_row" and str(v or "").strip()}
        shown.append({"row": number, "draft": drafts.get(number), "errors": errors.get(number, []),
                      "warnings": warnings.get(number, []), "cells": cells})
    return shown


@bp.get("/editions/<int:edition_id>/entries/import/<token>")
def import_preview(edition_id: int, token: str):
    edition = edition_or_404(edition_id)
    kept = _kept(edition, token)
    if kept is None:
        return redirect(url_for("entries.import_upload", edition_id=edition.id))
    try:
        result, rows = upload.preview_upload(edition, kept)
    except SheetReadError as exc:
        upload.discard_upload(token)
        flash(exc.render(_), "error")
        return redirect(url_for("entries.import_upload", edition_id=edition.id))
    shown = _rows_for_display(result, rows)
    shown_rows = {r["row"] for r in shown}
    file_errors = [_problem(e) for e in result.errors if e.row not in shown_rows]  # the header, missing columns
    file_warnings = [_problem(w) for w in result.warnings if w.row not in shown_rows]
    categories = {c.id: c for c in edition.categories}
    return render_template("entries/import_preview.html", edition=edition, kept=kept, result=result, rows=shown,
                           file_errors=file_errors, file_warnings=file_warnings, categories=categories,
                           form=ConfirmImportForm(), bad_rows=len({e.row for e in result.errors if e.row in shown_rows}))


@bp.post("/editions/<int:edition_id>/entries/import/<token>")
def import_confirm(edition_id: int, token: str):
    edition = edition_or_404(edition_id)
    if upload.was_imported(token):
        return _already_imported(edition, token)
    kept = _kept(edition, token)
    if kept is None:
        return redirect(url_for("entries.import_upload", edition_id=edition.id))
    form = ConfirmImportForm()
    form.validate_on_submit()
    try:
        result, rows = upload.preview_upload(edition, kept)
    except SheetReadError as exc:
        upload.discard_upload(token)
        flash(exc.render(_), "error")
        return redirect(url_for("entries.import_upload", edition_id=edition.id))
    bad_rows = sorted({e.row for e in result.errors})
    if form.all_or_nothing.data and result.errors:
        flash(ngettext("Nothing was stored: %(num)s row has errors. Correct the file and upload it again.",
                       "Nothing was stored: %(num)s rows have errors. Correct the file and upload it again.",
                       len(bad_rows)), "error")
        return redirect(url_for("entries.import_preview", edition_id=edition.id, token=token))
    if not result.drafts:
        flash(_("Nothing to store: no row of the file can be entered."), "error")
        return redirect(url_for("entries.import_preview", edition_id=edition.id, token=token))
    try:
        stored = upload.store_drafts(edition, result.drafts, token=token, filename=kept.filename,
                                     rows_total=result.rows_total, skipped_rows=bad_rows, user_id=current_user.id)
    except upload.AlreadyImported:
        return _already_imported(edition, token)
    except EntryError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("entries.import_preview", edition_id=edition.id, token=token))
    upload.discard_upload(token)
    skipped = result.rows_total - len(stored)
    done = ngettext("%(num)s entry stored.", "%(num)s entries stored.", len(stored))
    if skipped:
        flash(done + " " + ngettext("%(num)s row with errors was skipped (row %(rows)s).",
                                    "%(num)s rows with errors were skipped (rows %(rows)s).",
                                    skipped, rows=", ".join(map(str, bad_rows))), "warning")
    else:
        flash(done, "success")
    return redirect(url_for("entries.index", edition_id=edition.id))


@bp.post("/editions/<int:edition_id>/entries/import/<token>/cancel")
def import_cancel(edition_id: int, token: str):
    edition = edition_or_404(edition_id)
    if _kept(edition, token) is not None:
        upload.discard_upload(token)
        flash(_("The upload was discarded; nothing was stored."), "success")
    return redirect(url_for("entries.import_upload", edition_id=edition.id))


@bp.get("/editions/<int:edition_id>/entries/import/template.xlsx")
def import_template(edition_id: int):
    edition = edition_or_404(edition_id)
    data = upload.template_workbook(edition, current_locale())
    return Response(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="entries-{edition.slug}.xlsx"'})


# -- running order -------------------------------------------------------------------------------

@bp.get("/editions/<int:edition_id>/order")
def running_order(edition_id: int):
    edition = edition_or_404(edition_id)
    category = _chosen_category(edition, default_first=True)
    draws = ordering.draws_of(category) if category else []
    names = {e.id: e for e in category.entries} if category else {}
    verified = None
    if (draw_id := request.args.get("verify", type=row_id)) and category:
        draw = db.session.get(Draw, draw_id)
        if draw is None or draw.category_id != category.id:
            abort(404)
        replayed, matches = ordering.verify_draw(draw)
        verified = {"draw": draw, "order": replayed, "matches": matches,
                    "current": [e.id for e in category.entries] == list(draw.after)}
    return render_template("entries/running_order.html", edition=edition, category=category, draws=draws,
                           names=names, verified=verified, seed=ordering.new_seed(),
                           has_sheets=bool(category) and ordering.category_has_sheets(category),
                           method=ordering.DRAW_METHOD, draw_form=DrawForm())


@bp.post("/editions/<int:edition_id>/order/<int:entry_id>/move")
def move(edition_id: int, entry_id: int):
    edition = edition_or_404(edition_id)
    entry = entry_or_404(edition, entry_id)
    direction = request.form.get("direction")
    if direction in ("up", "down"):
        position = entry.number + (-1 if direction == "up" else 1)
    else:
        form = MoveForm()
        if not form.validate_on_submit():
            flash(_("Give the position as a number from 1."), "error")
            return redirect(url_for("entries.running_order", edition_id=edition.id, category=entry.category_id))
        position = form.position.data
    ordering.move_entry(entry, position)
    return redirect(url_for("entries.running_order", edition_id=edition.id, category=entry.category_id)
                    + f"#entry-{entry.id}")


@bp.post("/editions/<int:edition_id>/order/categories/<int:category_id>/draw")
def draw(edition_id: int, category_id: int):
    edition = edition_or_404(edition_id)
    category = db.get_or_404(Category, category_id)
    if category.edition_id != edition.id:
        abort(404)
    form = DrawForm()
    form.validate_on_submit()
    try:
        done = ordering.draw_lots(category, form.seed.data or "", current_user.id)
    except ordering.OrderError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        flash(_("Lots drawn with the seed “%(seed)s”: the new running order is below.", seed=done.seed), "success")
    return redirect(url_for("entries.running_order", edition_id=edition.id, category=category.id))
