"""The organiser's admin pages; the work is done in operations.py."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from judging import presets
from judging.admin import bp, rule_form, rules
from judging.admin.forms import CategoryForm, CategoryNamesForm, EditionForm, NewEditionForm, UserForm, fill_i18n, i18n_values
from judging.admin.operations import (
    AdminError,
    add_category,
    create_user,
    delete_category,
    start_edition,
    update_category,
    update_edition,
)
from judging.extensions import db
from judging.i18n import current_locale
from judging.lookups import category_or_404, edition_or_404, row_id
from judging.models import AuditEntry, Category, Edition, Entry, Judge, User


@bp.route("/")
def index():
    editions = db.session.scalars(select(Edition).order_by(Edition.year.desc(), Edition.id)).all()
    counts = dict(
        db.session.execute(
            select(Category.edition_id, func.count(Entry.id)).join(Entry, Entry.category_id == Category.id).group_by(Category.edition_id)
        ).all()
    )
    return render_template("admin/index.html", editions=editions, entry_counts=counts)


@bp.route("/editions/new", methods=["GET", "POST"])
def new_edition():
    form = NewEditionForm()
    locale = current_locale()
    form.preset.choices = [(p.key, p.name.get(locale) or p.name.get("ru")) for p in presets.load_all()]
    if form.validate_on_submit():
        try:
            edition = start_edition(form.preset.data, form.year.data, form.slug.data or None)
        except AdminError as exc:
            flash(exc.message, "error")
        else:
            flash(_("The edition has been started from its preset. Check its categories and jury."), "success")
            return redirect(url_for("admin.edition", edition_id=edition.id))
    return render_template("admin/new_edition.html", form=form)


@bp.route("/editions/<int:edition_id>")
def edition(edition_id: int):
    edition = edition_or_404(edition_id)
    entry_counts = dict(
        db.session.execute(
            select(Entry.category_id, func.count(Entry.id)).join(Category).where(Category.edition_id == edition.id).group_by(Entry.category_id)
        ).all()
    )
    return render_template("admin/edition.html", edition=edition, entry_counts=entry_counts)


@bp.route("/editions/<int:edition_id>/settings", methods=["GET", "POST"])
def edition_settings(edition_id: int):
    edition = edition_or_404(edition_id)
    form = EditionForm(obj=edition)
    if request.method == "GET":
        for name in ("title", "city", "venue"):
            fill_i18n(form, name, getattr(edition, name))
        form.languages.data = list(edition.languages or [])
    if form.validate_on_submit():
        changes = {
            "title": i18n_values(form, "title"),
            "city": i18n_values(form, "city"),
            "venue": i18n_values(form, "venue"),
            "slug": form.slug.data.strip(),
            "year": form.year.data,
            "starts_on": form.starts_on.data,
            "ends_on": form.ends_on.data,
            "director_name": form.director_name.data.strip(),
            "privacy": form.privacy.data,
            "languages": form.languages.data,
            "single_grand_prix": form.single_grand_prix.data,
        }
        try:
            update_edition(edition, changes)
        except AdminError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.edition", edition_id=edition.id))
    return render_template("admin/edition_settings.html", edition=edition, form=form)


@bp.route("/editions/<int:edition_id>/categories/new", methods=["GET", "POST"])
def new_category(edition_id: int):
    edition = edition_or_404(edition_id)
    form = CategoryNamesForm()
    if form.validate_on_submit():
        try:
            category = add_category(edition, i18n_values(form, "nomination"), i18n_values(form, "age_group"),
                                    i18n_values(form, "form"), None)
        except AdminError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Category added with the rule of the edition's first category; adjust it here."), "success")
            return redirect(url_for("admin.category", edition_id=edition.id, category_id=category.id))
    return render_template("admin/new_category.html", edition=edition, form=form)


@bp.route("/editions/<int:edition_id>/categories/<int:category_id>", methods=["GET", "POST"])
def category(edition_id: int, category_id: int):
    edition = edition_or_404(edition_id)
    category = category_or_404(edition, category_id)
    form = CategoryForm(obj=category)
    form.rule.choices = rules.rule_choices()
    selected_rule = request.form.get("rule", category.rule) if request.method == "POST" else category.rule
    if selected_rule not in rules.rule_names():
        selected_rule = category.rule
    descriptors = rules.simple_params(selected_rule)
    param_names = {p["name"] for p in rules.describe(selected_rule).get("params", [])}
    problems: list[str] = []
    if request.method == "GET":
        for name in ("nomination", "age_group", "form"):
            fill_i18n(form, name, getattr(category, name))
    elif form.validate() and request.form.get("action") != "switch_rule":
        params, labels = _read_params(request.form, selected_rule, descriptors, param_names, problems)
        if not problems:
            try:
                update_category(category, {
                    "nomination": i18n_values(form, "nomination"),
                    "age_group": i18n_values(form, "age_group"),
                    "form": i18n_values(form, "form"),
                    "rule": selected_rule,
                    "params": params,
                    "labels": labels,
                    "outlier_threshold": form.outlier_threshold.data,
                    "show_places": form.show_places.data,
                })
            except AdminError as exc:
                problems.append(exc.message)
            else:
                flash(_("Saved. The standings were recomputed with the new settings."), "success")
                return redirect(url_for("admin.category", edition_id=edition.id, category_id=category.id))
    for message in problems:
        flash(message, "error")
    return render_template(
        "admin/category.html", edition=edition, category=category, form=form, rule=rules.describe(selected_rule),
        descriptors=descriptors, param_names=param_names, params=category.params if selected_rule == category.rule else {},
        value_for_input=rule_form.value_for_input,
        # a refused save shows what the organiser typed, not the stored values, so no edit is lost
        posted=request.form if request.method == "POST" and request.form.get("action") != "switch_rule" else None,
    )


def _read_params(form, rule: str, descriptors: list[dict], names: set[str], problems: list[str]) -> tuple[dict, dict]:
    params = rule_form.read_simple(form, descriptors, problems)
    labels: dict = {}
    if "criteria" in names:
        params["criteria"], labels = rule_form.read_criteria(form, problems)
    if "aspects" in names:
        params["aspects"], labels = rule_form.read_aspects(form, problems)
    if "awards" in names:
        params["awards"] = rule_form.read_awards(form, problems)
    return params, labels


@bp.route("/editions/<int:edition_id>/categories/<int:category_id>/delete", methods=["POST"])
def remove_category(edition_id: int, category_id: int):
    edition = edition_or_404(edition_id)
    category = category_or_404(edition, category_id)
    try:
        delete_category(category)
    except AdminError as exc:
        flash(exc.message, "error")
        return redirect(url_for("admin.category", edition_id=edition.id, category_id=category.id))
    flash(_("Category deleted."), "success")
    return redirect(url_for("admin.edition", edition_id=edition.id))


@bp.route("/editions/<int:edition_id>/audit")
def audit_log(edition_id: int):
    edition = edition_or_404(edition_id)
    page = request.args.get("page", 1, type=row_id)  # bounded: a huge page number is page 1, not an error
    rows = db.session.scalars(
        select(AuditEntry).where(AuditEntry.edition_id == edition.id).order_by(AuditEntry.id.desc()).limit(100).offset((page - 1) * 100)
    ).all()
    users = {u.id: u for u in db.session.scalars(select(User)).all()}
    judges = {j.id: j for j in edition.judges}
    return render_template("admin/audit.html", edition=edition, rows=rows, users=users, judges=judges, page=page)


@bp.route("/users", methods=["GET", "POST"])
def users():
    if current_user.role != "admin":
        abort(403)
    form = UserForm()
    if form.validate_on_submit():
        try:
            create_user(form.username.data, form.password.data, form.role.data, form.name.data.strip())
        except AdminError as exc:
            flash(exc.message, "error")
        else:
            flash(_("Account created."), "success")
            return redirect(url_for("admin.users"))
    accounts = db.session.scalars(select(User).order_by(User.username)).all()
    linked = {j.user_id: j for j in db.session.scalars(select(Judge).where(Judge.user_id.is_not(None))).all()}
    return render_template("admin/users.html", form=form, accounts=accounts, linked=linked)
