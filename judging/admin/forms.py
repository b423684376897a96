"""Forms of the organiser's admin."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

LANGS = ("kk", "ru", "en")

# An address with at least one letter: screens and pages may name an edition by id or by address,
# and one of digits only would read as an id.
SLUG = r"^(?=[a-z0-9-]*[a-z])[a-z0-9-]+$"


def i18n_values(form: FlaskForm, name: str) -> dict[str, str]:
    """Collect name_kk, name_ru, name_en into the {"kk", "ru", "en"} dict stored on the row."""
    return {code: (getattr(form, f"{name}_{code}").data or "").strip() for code in LANGS}


def fill_i18n(form: FlaskForm, name: str, values: dict | None) -> None:
    for code in LANGS:
        getattr(form, f"{name}_{code}").data = (values or {}).get(code, "")


def _require_kk_ru(name: str):
    """Kazakh and Russian are both required: every page and document is bilingual."""

    def check(form, field):
        if not (field.data or "").strip():
            raise ValidationError(_l("Required in Kazakh and Russian."))

    return check


class NewEditionForm(FlaskForm):
    preset = SelectField(_l("Contest"), validators=[DataRequired()])
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(2000, 2100)], default=lambda: date.today().year)
    slug = StringField(_l("Address (optional)"), validators=[Optional(), Length(max=80), Regexp(SLUG, message=_l("Lower-case Latin letters, digits and hyphens, with at least one letter."))])


class EditionForm(FlaskForm):
    title_kk = StringField(_l("Title (Kazakh)"), validators=[_require_kk_ru("title")])
    title_ru = StringField(_l("Title (Russian)"), validators=[_require_kk_ru("title")])
    title_en = StringField(_l("Title (English)"))
    slug = StringField(_l("Address"), validators=[DataRequired(), Length(max=80), Regexp(SLUG, message=_l("Lower-case Latin letters, digits and hyphens, with at least one letter."))])
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(2000, 2100)])
    starts_on = DateField(_l("First day"), validators=[Optional()])
    ends_on = DateField(_l("Last day"), validators=[Optional()])
    city_kk = StringField(_l("City (Kazakh)"))
    city_ru = StringField(_l("City (Russian)"))
    city_en = StringField(_l("City (English)"))
    venue_kk = StringField(_l("Venue (Kazakh)"))
    venue_ru = StringField(_l("Venue (Russian)"))
    venue_en = StringField(_l("Venue (English)"))
    director_name = StringField(_l("Director (signs the protocol and diplomas)"), validators=[Length(max=200)])
    privacy = SelectField(_l("Names on public screens"), choices=[("initials", _l("Initials (children)")), ("full", _l("Full names"))])
    single_grand_prix = BooleanField(_l("At most one Grand Prix in the whole edition"))
    languages = SelectMultipleField(_l("Languages of documents and screens"), choices=[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")], validators=[DataRequired()])

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day comes before the first day."))


class CategoryNamesForm(FlaskForm):
    nomination_kk = StringField(_l("Nomination (Kazakh)"), validators=[_require_kk_ru("nomination")])
    nomination_ru = StringField(_l("Nomination (Russian)"), validators=[_require_kk_ru("nomination")])
    nomination_en = StringField(_l("Nomination (English)"))
    age_group_kk = StringField(_l("Age group (Kazakh)"))
    age_group_ru = StringField(_l("Age group (Russian)"))
    age_group_en = StringField(_l("Age group (English)"))
    form_kk = StringField(_l("Form (Kazakh)"))
    form_ru = StringField(_l("Form (Russian)"))
    form_en = StringField(_l("Form (English)"))


class CategoryForm(CategoryNamesForm):
    rule = SelectField(_l("Scoring rule"))
    outlier_threshold = FloatField(_l("Flag a judge's total this far from the panel's median"), validators=[NumberRange(0, 1000)], default=1.5)
    show_places = BooleanField(_l("Show places to the public"))


class UserForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    name = StringField(_l("Name"), validators=[Length(max=200)])
    role = SelectField(_l("Role"), choices=[("organiser", _l("Organiser")), ("admin", _l("Administrator")), ("chair", _l("Jury chair")), ("judge", _l("Judge"))])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=8, message=_l("A password needs at least 8 characters."))])
