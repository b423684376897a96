"""Forms of the jury admin."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Regexp

from judging.labels import JURY_ROLE
from judging.models.judge import JURY_ROLES

LANGUAGE_CHOICES = [("", _l("As the tablet is set")), ("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]


def _role_choices() -> list[tuple[str, object]]:
    return [(role, JURY_ROLE[role]) for role in JURY_ROLES]


class JudgeForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(message=_l("The name is required.")), Length(max=200)])
    credentials = StringField(_l("Titles and position (printed in the protocol)"), validators=[Length(max=400)])
    role = SelectField(_l("Role in the jury"), choices=_role_choices(), default="member")
    language = SelectField(_l("Language of the tablet"), choices=LANGUAGE_CHOICES, default="")
    user_id = SelectField(_l("Sign-in account (optional)"), coerce=int, default=0)


class AccountForm(FlaskForm):
    username = StringField(_l("Username"), validators=[
        DataRequired(), Length(max=80),
        Regexp(r"^[A-Za-z0-9._-]+$", message=_l("Latin letters, digits, dots, hyphens and underscores only.")),
    ])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=8, max=200)])


class ConflictForm(FlaskForm):
    judge_id = SelectField(_l("Judge"), coerce=int)
    entry_id = SelectField(_l("Entry"), coerce=int)
    reason = StringField(_l("Reason"), validators=[
        DataRequired(message=_l("Say why the judge must not mark this entry.")), Length(max=300),
    ])
