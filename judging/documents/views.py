"""The organisers' document pages: protocols, sheets, diplomas, letters, cards, templates, bulk jobs."""

from __future__ import annotations

from pathlib import Path

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from judging import lifecycle
from judging.documents import bp, build, bulk, data, operations, render, reprint, samples, templates_env
from judging.documents.operations import DocumentError
from judging.documents.refusals import withheld_texts
from judging.documents.wording import DEFAULT_WORDING, edition_wording
from judging.extensions import db
from judging.local_redirects import referrer_path
from judging.lookups import category_or_404, edition_or_404, entry_or_404, judge_or_404, row_id
from judging.models import Edition
from judging.models.document import BulkJob, DocumentTemplate, Letter

KIND_NAMES = {
    "diploma": _l("Diploma"),
    "thanks": _l("Letter of thanks"),
    "protocol": _l("Jury protocol"),
    "sheet": _l("Score sheet (filled)"),
    "blank_sheet": _l("Score sheet (blank)"),
    "cards": _l("Judges' access cards"),
    "confirmation": _l("Application confirmation"),
}
BULK_NAMES = {
    "diplomas": _l("All diplomas"),
    "thanks": _l("All letters of thanks"),
    "protocols": _l("All jury protocols"),
    "confirmations": _l("All application confirmations"),
}


def external_base() -> str:
    """The address printed in QR codes: PUBLIC_URL when set (the hall Wi-Fi's), else this request's host."""
    return (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")


def pdf_response(documents: list[build.Document], filename: str, *, download: bool = False,
                 withheld: list[build.Withheld] | None = None):
    """Send documents as one PDF (inline, so the browser shows it; drawn from the cache when unchanged).

    When some diploma or letter asked for was withheld nothing is sent: the organiser is told why
    rather than handed a set with holes in it (a bulk run makes what it may and lists the rest)."""
    if withheld:
        db.session.rollback()
        for text in withheld_texts([item.as_dict() for item in withheld]):
            flash(text, "error")
        return redirect(request.referrer or url_for("documents.index", edition_id=request.view_args["edition_id"]))
    if not documents:
        flash(_("There is nothing to print here yet."), "warning")
        return redirect(referrer_path() or url_for("documents.index", edition_id=request.view_args["edition_id"]))
    pdf = build.merged_pdf(documents)
    build.record_hashes(documents)
    db.session.commit()
    from io import BytesIO

    return send_file(BytesIO(pdf), mimetype="application/pdf", as_attachment=download, download_name=filename)


@bp.route("/editions/<int:edition_id>/documents")
def index(edition_id: int):
    edition = edition_or_404(edition_id)
    bulk.interrupt_abandoned(edition.id)
    jobs = db.session.scalars(
        select(BulkJob).where(BulkJob.edition_id == edition.id).order_by(BulkJob.id.desc()).limit(8)
    ).all()
    edited = set(db.session.scalars(select(DocumentTemplate.kind).where(DocumentTemplate.edition_id == edition.id)))
    results = {c.id: data.standings(c) for c in edition.categories}
    return render_template(
        "documents/index.html", edition=edition, jobs=jobs, job_json=bulk.job_json, kinds=KIND_NAMES,
        bulk_names=BULK_NAMES, edited=edited, results=results, settings=data.settings_of(edition),
        due=reprint.due(edition), replacements=reprint.replacements(edition), withheld_texts=withheld_texts,
        published=lifecycle.published,
    )


@bp.route("/editions/<int:edition_id>/documents/reissue", methods=["POST"])
def reissue(edition_id: int):
    """Issue the replacements of every document listed «to be reprinted», in one go."""
    edition = edition_or_404(edition_id)
    done = []
    try:
        done = operations.reissue(edition, current_user.id)
    except DocumentError as exc:
        flash(exc.message, "error")
    else:
        if done:
            flash(ngettext("%(num)s replacement issued under a new code: print it below.",
                           "%(num)s replacements issued under new codes: print them below.",
                           len(done)), "success")
        else:
            flash(_("Nothing is to be reprinted."), "info")
    # after replacements, the list is gone and the card to print them is where the organiser goes next
    return redirect(url_for("documents.index", edition_id=edition.id) + ("#replacements" if done else "#reprint"))


@bp.route("/editions/<int:edition_id>/documents/replacements.pdf")
def replacements(edition_id: int):
    """Every replacement issued so far, to print and hand out in place of the papers they replaced."""
    edition = edition_or_404(edition_id)
    builder = build.Builder(edition, external_base())
    documents = reprint.replacement_documents(builder)
    return pdf_response(documents, "replacements.pdf", withheld=builder.withheld)


@bp.route("/editions/<int:edition_id>/documents/categories/<int:category_id>")
def category(edition_id: int, category_id: int):
    edition = edition_or_404(edition_id)
    category = category_or_404(edition, category_id)
    _, rows = data.standing_rows(category)
    scoring = [j for j in category.judges if j.marks_for_panel]
    return render_template("documents/category.html", edition=edition, category=category, rows=rows,
                           judges=scoring, place_text=data.place_text, published=lifecycle.published(category))


@bp.route("/editions/<int:edition_id>/documents/categories/<int:category_id>/protocol.pdf")
def protocol(edition_id: int, category_id: int):
    edition = edition_or_404(edition_id)
    category = category_or_404(edition, category_id)
    builder = build.Builder(edition, external_base())
    return pdf_response([builder.protocol(category)], f"protocol-{category.id}.pdf")


@bp.route("/editions/<int:edition_id>/documents/categories/<int:category_id>/sheets.pdf")
def sheets(edition_id: int, category_id: int):
    edition = edition_or_404(edition_id)
    category = category_or_404(edition, category_id)
    blank = request.args.get("blank") == "1"
    judges = [j for j in category.judges if j.marks_for_panel]
    if request.args.get("judge"):
        judge = judge_or_404(edition, request.args.get("judge", type=row_id) or 0)
        if judge not in category.judges:
            abort(404)
        judges = [judge]
    builder = build.Builder(edition, external_base())
    docs = [builder.sheet(category, judge, blank) for judge in judges]
    return pdf_response(docs, f"{'blank-' if blank else ''}sheets-{category.id}.pdf")


@bp.route("/editions/<int:edition_id>/documents/categories/<int:category_id>/<any(diplomas, thanks, confirmations):kind>.pdf")
def category_set(edition_id: int, category_id: int, kind: str):
    edition = edition_or_404(edition_id)
    category = category_or_404(edition, category_id)
    builder = build.Builder(edition, external_base())
    documents = builder.category_documents(kind, category)
    return pdf_response(documents, f"{kind}-{category.id}.pdf", withheld=builder.withheld)


@bp.route("/editions/<int:edition_id>/documents/entries/<int:entry_id>/<any(diploma, thanks, confirmation):kind>.pdf")
def entry_document(edition_id: int, entry_id: int, kind: str):
    edition = edition_or_404(edition_id)
    entry = entry_or_404(edition, entry_id)
    builder = build.Builder(edition, external_base())
    if kind == "diploma":
        docs = builder.diplomas_of_entry(entry)
    elif kind == "thanks":  # the letter of the entry's teacher, naming all that teacher's pupils
        docs = builder.letter_of_entry(entry)
    else:
        docs = [builder.confirmation(entry)]
    return pdf_response(docs, f"{kind}-{entry.category_id}-{entry.number}.pdf", withheld=builder.withheld)


@bp.route("/editions/<int:edition_id>/documents/letters")
def letters(edition_id: int):
    """The letters of thanks, one per teacher: whom each names, and the spellings taken as one teacher."""
    edition = edition_or_404(edition_id)
    teachers = build.Builder(edition, external_base()).teachers()
    codes = dict(db.session.execute(
        select(Letter.teacher_key, Letter.code).where(Letter.edition_id == edition.id, Letter.superseded_at.is_(None))
    ).all())
    return render_template("documents/letters.html", edition=edition, teachers=teachers, codes=codes)


@bp.route("/editions/<int:edition_id>/documents/cards.pdf")
def cards(edition_id: int):
    edition = edition_or_404(edition_id)
    builder = build.Builder(edition, external_base())
    judges = list(edition.judges)
    if request.args.get("judge"):
        judges = [judge_or_404(edition, request.args.get("judge", type=row_id) or 0)]
    if not any(j.token for j in judges):
        flash(_("No judge has a tablet link: issue the links on the Jury page first."), "warning")
        return redirect(url_for("documents.index", edition_id=edition.id))
    return pdf_response([builder.cards(judges)], "judge-cards.pdf")


# ---------------------------------------------------------------- bulk jobs


@bp.route("/editions/<int:edition_id>/documents/bulk/<kind>", methods=["POST"])
def bulk_start(edition_id: int, kind: str):
    edition = edition_or_404(edition_id)
    if kind not in build.BULK_KINDS:
        abort(404)
    bulk.interrupt_abandoned(edition.id)  # a job cut off by a restart does not block a new one
    busy = db.session.scalar(
        select(BulkJob).where(BulkJob.edition_id == edition.id, BulkJob.kind == kind, BulkJob.status.in_(bulk.ACTIVE))
    )
    if busy is not None:
        flash(_("These documents are being made already; wait for that job to finish."), "warning")
    elif kind in ("diplomas", "thanks") and not any(lifecycle.published(c) for c in edition.categories):
        flash(_("Diplomas and letters of thanks are issued only from published results, and no category of this edition is published yet."), "error")
    else:
        bulk.start(edition, kind, external_base(), current_user.id,
                   background=not current_app.config.get("DOCUMENTS_BULK_INLINE", False))
        flash(_("The documents are being made; the progress is shown below."), "success")
    return redirect(url_for("documents.index", edition_id=edition.id) + "#bulk")


def _job(edition: Edition, job_id: int) -> BulkJob:
    job = db.get_or_404(BulkJob, job_id)
    if job.edition_id != edition.id:
        abort(404)
    return job


@bp.route("/editions/<int:edition_id>/documents/jobs/<int:job_id>.json")
def job_status(edition_id: int, job_id: int):
    edition = edition_or_404(edition_id)
    bulk.interrupt_abandoned(edition.id)
    job = _job(edition, job_id)
    payload = bulk.job_json(job)
    payload["skipped"] = withheld_texts(job.skipped or [])
    if job.status == "done":
        payload["pdf_url"] = url_for("documents.job_file", edition_id=edition_id, job_id=job.id, fmt="pdf")
        payload["zip_url"] = url_for("documents.job_file", edition_id=edition_id, job_id=job.id, fmt="zip")
    return jsonify(payload)


@bp.route("/editions/<int:edition_id>/documents/jobs/<int:job_id>.<any(pdf, zip):fmt>")
def job_file(edition_id: int, job_id: int, fmt: str):
    job = _job(edition_or_404(edition_id), job_id)
    if job.status != "done" or not job.path:
        abort(404)
    path = Path(job.path) / f"{job.kind}.{fmt}"
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="application/pdf" if fmt == "pdf" else "application/zip",
                     as_attachment=True, download_name=f"{job.kind}-{edition_id}.{fmt}")


# ---------------------------------------------------------------- templates, wording, images


@bp.route("/editions/<int:edition_id>/documents/templates/<kind>", methods=["GET", "POST"])
def template(edition_id: int, kind: str):
    edition = edition_or_404(edition_id)
    if kind not in templates_env.KINDS:
        abort(404)
    row = db.session.scalar(
        select(DocumentTemplate).where(DocumentTemplate.edition_id == edition.id, DocumentTemplate.kind == kind)
    )
    body = row.body if row else templates_env.default_source(kind)
    problem = None
    if request.method == "POST":
        action = request.form.get("action", "save")
        body = request.form.get("body", "")
        if action == "reset":
            operations.reset_template(edition, kind, current_user.id)
            flash(_("The template is back to the default."), "success")
            return redirect(url_for("documents.template", edition_id=edition.id, kind=kind))
        builder = build.Builder(edition, external_base(), overrides={})
        context = samples.sample(builder, kind)
        if action == "preview":
            try:
                html = templates_env.check(kind, body, context)
            except templates_env.TemplateProblem as exc:
                problem = {"message": exc.message, "line": exc.line, "detail": exc.detail}
            else:
                from io import BytesIO

                pdf = render.off_loop(render.html_to_pdf, html)
                return send_file(BytesIO(pdf), mimetype="application/pdf", download_name=f"preview-{kind}.pdf")
        else:
            try:
                operations.save_template(edition, kind, body, context, current_user.id)
            except DocumentError as exc:
                problem = {"message": exc.message, "line": exc.line, "detail": exc.detail}
            else:
                flash(_("The template has been saved."), "success")
                return redirect(url_for("documents.template", edition_id=edition.id, kind=kind))
    status = 422 if problem else 200
    return render_template("documents/template.html", edition=edition, kind=kind, kind_name=KIND_NAMES[kind],
                           body=body, edited=row is not None, problem=problem), status


@bp.route("/editions/<int:edition_id>/documents/wording", methods=["GET", "POST"])
def wording(edition_id: int):
    edition = edition_or_404(edition_id)
    keys = list(DEFAULT_WORDING) + sorted(k for k in (edition.wording or {}) if k not in DEFAULT_WORDING)
    if request.method == "POST":
        phrases = {key: {lang: request.form.get(f"{key}__{lang}", "") for lang in ("kk", "ru", "en")} for key in keys}
        operations.save_wording(edition, phrases, current_user.id)
        flash(_("The wording has been saved."), "success")
        return redirect(url_for("documents.wording", edition_id=edition.id))
    return render_template("documents/wording.html", edition=edition, keys=keys, merged=edition_wording(edition.wording),
                           own=edition.wording or {}, defaults=DEFAULT_WORDING)


@bp.route("/editions/<int:edition_id>/documents/settings", methods=["POST"])
def settings(edition_id: int):
    edition = edition_or_404(edition_id)
    try:
        for which in ("logo", "signature"):
            if request.form.get(f"remove_{which}"):
                operations.save_image(edition, which, None, current_user.id)
            upload = request.files.get(which)
            if upload and upload.filename:
                operations.save_image(edition, which, upload.read(operations.MAX_IMAGE_BYTES + 1), current_user.id)
        operations.save_options(edition, bool(request.form.get("member_diplomas")), current_user.id)
    except DocumentError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        flash(_("The document settings have been saved."), "success")
    return redirect(url_for("documents.index", edition_id=edition.id) + "#settings")


@bp.route("/editions/<int:edition_id>/documents/images/<any(logo, signature):which>.png")
def image(edition_id: int, which: str):
    edition = edition_or_404(edition_id)
    settings = data.settings_of(edition)
    png = getattr(settings, f"{which}_png", None) if settings else None
    if not png:
        abort(404)
    from io import BytesIO

    return send_file(BytesIO(png), mimetype="image/png")
