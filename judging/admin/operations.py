"""Changes the organiser makes to editions and categories: validated, written, logged, committed."""

from __future__ import annotations

import logging
import re

from flask_babel import gettext as _
from sqlalchemy import select

from judging import audit, lifecycle, presets, rule_wording
from judging.admin import rules
from judging.extensions import db
from judging.models import Category, Edition, Series, User

log = logging.getLogger(__name__)


class AdminError(ValueError):
    """A change the organiser asked for that cannot be made; the message says why."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _unique_slug(base: str) -> str:
    slug = re.sub(r"[^a-z0-9-]+", "-", base.lower()).strip("-") or "edition"
    if not re.search(r"[a-z]", slug):  # digits only would read as an edition id (see forms.SLUG)
        slug = f"edition-{slug}"
    candidate, n = slug, 1
    while db.session.scalar(select(Edition.id).where(Edition.slug == candidate)) is not None:
        n += 1
        candidate = f"{slug}-{n}"
    return candidate


def series_for(preset: presets.Preset) -> Series:
    """The series of a preset, created the first time an edition of it is started."""
    series = db.session.scalar(select(Series).where(Series.key == preset.key))
    if series is None:
        series = Series(key=preset.key, name=dict(preset.name))
        db.session.add(series)
    return series


def build_edition(preset: presets.Preset, year: int, slug: str | None = None) -> Edition:
    """This year's edition of a preset, with all its categories, added to the session (not committed)."""
    edition = Edition(
        series=series_for(preset),
        slug=_unique_slug(slug or f"{preset.key}-{year}"),
        year=year,
        title=preset.edition_title(year),
        city=dict(preset.city),
        venue=dict(preset.venue),
        organiser_name=dict(preset.organiser_name),
        privacy=preset.privacy,
        languages=list(preset.languages),
        preset_key=preset.key,
        wording=dict(preset.wording),
        single_grand_prix=preset.single_grand_prix,
    )
    db.session.add(edition)
    for position, spec in enumerate(preset.categories, start=1):
        db.session.add(
            Category(
                edition=edition,
                position=position,
                nomination_key=spec.nomination_key,
                nomination=dict(spec.nomination),
                age_group_key=spec.age_group_key,
                age_group=dict(spec.age_group),
                form_key=spec.form_key,
                form=dict(spec.form),
                rule=spec.rule,
                params=dict(spec.params),
                labels={k: dict(v) for k, v in spec.labels.items()},
                show_places=spec.show_places,
            )
        )
    return edition


def start_edition(preset_key: str, year: int, slug: str | None = None) -> Edition:
    """Start this year's edition of a recurring contest from its preset."""
    try:
        preset = presets.load(preset_key)
    except presets.PresetError as exc:  # its text names the file and field, in English: the details
        log.warning("preset %s cannot be used: %s", preset_key, exc)
        raise AdminError(_("The preset “%(preset)s” cannot be used. Details: %(details)s",
                           preset=preset_key, details=str(exc)), "preset") from exc
    edition = build_edition(preset, year, slug)
    db.session.flush()
    audit.record("edition.started", f"edition:{edition.id}", edition_id=edition.id,
                 after={"preset": preset_key, "year": year, "slug": edition.slug})
    db.session.commit()
    log.info("edition %s started from preset %s", edition.slug, preset_key)
    return edition


def update_edition(edition: Edition, changes: dict) -> None:
    """Save the edition's settings (titles, place, dates, privacy, languages, director)."""
    if "slug" in changes and changes["slug"] != edition.slug:
        clash = db.session.scalar(select(Edition.id).where(Edition.slug == changes["slug"], Edition.id != edition.id))
        if clash is not None:
            raise AdminError(_("Another edition already has the address “%(slug)s”.", slug=changes["slug"]), "slug")
    before = _edition_snapshot(edition)
    for key, value in changes.items():
        setattr(edition, key, value)
    audit.record("edition.updated", f"edition:{edition.id}", edition_id=edition.id,
                 before=before, after=_edition_snapshot(edition))
    db.session.commit()
    # Who keeps a Grand Prix depends on every category; the names and languages are what screens show.
    if any(before[key] != after for key, after in (
        ("single_grand_prix", edition.single_grand_prix), ("privacy", edition.privacy), ("languages", edition.languages),
    )):
        from judging import refresh  # late: refresh builds on the rules package, the boards and the console

        for category in edition.categories:
            refresh.results_changed(category, now=True)


def _edition_snapshot(edition: Edition) -> dict:
    return {
        "slug": edition.slug, "year": edition.year, "title": edition.title, "city": edition.city,
        "venue": edition.venue, "privacy": edition.privacy, "languages": edition.languages,
        "starts_on": edition.starts_on.isoformat() if edition.starts_on else None,
        "ends_on": edition.ends_on.isoformat() if edition.ends_on else None,
        "director_name": edition.director_name, "single_grand_prix": edition.single_grand_prix,
    }


def _category_snapshot(category: Category) -> dict:
    return {
        "nomination": category.nomination, "age_group": category.age_group, "form": category.form,
        "rule": category.rule, "params": category.params, "labels": category.labels,
        "outlier_threshold": category.outlier_threshold, "show_places": category.show_places,
    }


def update_category(category: Category, changes: dict) -> None:
    """Save a category: its names, rule, parameters (checked by the rule first) and award ladder."""
    rule = changes.get("rule", category.rule)
    params = changes.get("params", category.params)
    if not lifecycle.provisional(category) and _changes_results(category, changes):
        raise AdminError(_("The results of this category are finalised: reopen them (with a reason) before "
                           "changing its criteria, rule or awards."), "params")
    if rule != category.rule and _has_scores(category):
        raise AdminError(_("Judges have already scored this category; its scoring rule can no longer change."), "rule")
    try:
        rules.check(rule, params)
    except Exception as exc:  # ScoringError: the rule names the parameter
        log.info("category %s: the rule refused the parameters: %s", category.id, exc)
        raise AdminError(rule_wording.scoring_error_text(exc), getattr(exc, "field", None) or "params") from exc
    before = _category_snapshot(category)
    for key, value in changes.items():
        setattr(category, key, value)
    audit.record("category.updated", f"category:{category.id}", edition_id=category.edition_id,
                 before=before, after=_category_snapshot(category))
    db.session.commit()
    from judging import refresh  # late: refresh builds on the rules package, the boards and the console

    refresh.results_changed(category, now=True)


def _changes_results(category: Category, changes: dict) -> bool:
    return any(changes.get(key, getattr(category, key)) != getattr(category, key) for key in ("rule", "params"))


def _has_scores(category: Category) -> bool:
    from judging.models import Comparison, Measurement, Sheet

    return any(
        db.session.scalar(select(model.id).where(cond).limit(1)) is not None
        for model, cond in (
            (Sheet, Sheet.category_id == category.id),
            (Comparison, Comparison.category_id == category.id),
            (Measurement, Measurement.entry_id.in_([e.id for e in category.entries] or [-1])),
        )
    )


def add_category(edition: Edition, nomination: dict, age_group: dict, form: dict, copy_from: Category | None) -> Category:
    """A new category, with the rule and ladder of an existing one (or of the edition's first)."""
    template = copy_from or (edition.categories[0] if edition.categories else None)
    if template is None:
        raise AdminError(_("Start the edition from a preset first: a new category copies the rule of an existing one."))
    keys = tuple(_key_of(x) for x in (nomination, age_group, form))
    for other in edition.categories:
        if (other.nomination_key, other.age_group_key, other.form_key) == keys:
            raise AdminError(_("This edition already has that category."), "nomination")
    category = Category(
        edition=edition, position=max(c.position for c in edition.categories) + 1,
        nomination_key=keys[0], nomination=nomination, age_group_key=keys[1], age_group=age_group,
        form_key=keys[2], form=form, rule=template.rule, params=dict(template.params),
        labels=dict(template.labels), show_places=template.show_places,
    )
    db.session.add(category)
    db.session.flush()
    audit.record("category.added", f"category:{category.id}", edition_id=edition.id, after=_category_snapshot(category))
    db.session.commit()
    return category


def _key_of(names: dict) -> str:
    text = names.get("en") or names.get("ru") or names.get("kk") or ""
    return re.sub(r"\s+", "-", text.strip().lower())[:40]


def delete_category(category: Category) -> None:
    """Remove a category that has no entries yet."""
    if category.entries:
        raise AdminError(_("Move or delete this category's entries first."))
    audit.record("category.deleted", f"category:{category.id}", edition_id=category.edition_id,
                 before=_category_snapshot(category))
    db.session.delete(category)
    db.session.commit()


def create_user(username: str, password: str, role: str, name: str = "") -> User:
    """A new account with a hashed password."""
    username = username.strip()
    if db.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise AdminError(_("The username “%(name)s” is taken.", name=username), "username")
    if len(password) < 8:
        raise AdminError(_("A password needs at least 8 characters."), "password")
    user = User(username=username, role=role, name=name)
    user.set_password(password)
    db.session.add(user)
    audit.record("user.created", f"user:{username}", edition_id=None, after={"username": username, "role": role})
    db.session.commit()
    return user
