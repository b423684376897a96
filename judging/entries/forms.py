"""Forms of the entries admin."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from judging.labels import ENTRY_STATUS
from judging.models.entry import ENTRY_STATUSES

KIND_CHOICES = [("person", _l("Solo performer")), ("collective", _l("Collective"))]


def status_choices() -> list[tuple[str, object]]:
    return [(s, ENTRY_STATUS[s]) for s in ENTRY_STATUSES]


def members_list(text: str | None) -> list[str]:
    """The members textarea: one name a line, blank lines dropped."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class EntryForm(FlaskForm):
    category_id = SelectField(_l("Category"), coerce=int)
    kind = SelectField(_l("Performs as"), choices=KIND_CHOICES, default="person")
    name = StringField(_l("Name (child or collective)"), validators=[DataRequired(message=_l("The name is required.")), Length(max=300)])
    birth_date = DateField(_l("Date of birth"), validators=[Optional()])
    institution = StringField(_l("Institution"), validators=[Length(max=300)])
    district = StringField(_l("District or town"), validators=[Length(max=200)])
    teacher = StringField(_l("Teacher"), validators=[Length(max=300)])
    repertoire = TextAreaField(_l("Repertoire or title of the work"), validators=[Length(max=4000)])
    members = TextAreaField(_l("Members of a collective, one per line"), validators=[Length(max=20000)])
    status = SelectField(_l("Status"), choices=status_choices(), default="registered")
    notes = TextAreaField(_l("Notes"), validators=[Length(max=4000)])


class StatusForm(FlaskForm):
    status = SelectField(_l("Status"), choices=status_choices())
    note = StringField(_l("Note (required to withdraw or disqualify)"), validators=[Length(max=1000)])


class ImportForm(FlaskForm):
    file = FileField(_l("Spreadsheet (.xlsx or .csv)"), validators=[FileRequired(message=_l("Choose a file to upload."))])
    default_category_id = SelectField(_l("Category for rows that name none"), coerce=int, default=0)


class ConfirmImportForm(FlaskForm):
    all_or_nothing = BooleanField(_l("Store nothing if any row has an error"))


class MoveForm(FlaskForm):
    position = IntegerField(_l("Position"), validators=[DataRequired(), NumberRange(min=1)])


class DrawForm(FlaskForm):
    seed = StringField(_l("Seed"), validators=[DataRequired(message=_l("Type a seed or take the one offered.")), Length(max=64)])
