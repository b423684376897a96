"""Languages: which locale a request is served in, and helpers for templates."""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request, session
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_login import current_user

from config import ROOT
from judging.extensions import babel
from judging.labels import TEMPLATE_HELPERS
from judging.models.base import localized
from judging.rule_wording import TEMPLATE_HELPERS as RULE_HELPERS

LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


def select_locale() -> str:
    """The judge's or user's own choice first, then this browser's, then the edition's default."""
    languages = current_app.config["LANGUAGES"]
    forced = getattr(g, "locale", None)
    if not has_request_context():  # the command line and background jobs: asked language or default
        return forced if forced in languages else current_app.config["BABEL_DEFAULT_LOCALE"]  # a judge's tablet or a document in a given language
    if forced in languages:
        return forced
    if current_user and getattr(current_user, "is_authenticated", False) and current_user.language in languages:
        return current_user.language
    if session.get("lang") in languages:
        return session["lang"]
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def current_locale() -> str:
    """The locale code of this request ("kk", "ru" or "en")."""
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def tr(texts: dict | None) -> str:
    """A {"kk", "ru", "en"} dict of the data (names, titles) in the current language."""
    return localized(texts, current_locale())


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with our selector and give templates the helpers they need."""
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(ROOT / "translations"),
    )
    app.jinja_env.globals.update(
        tr=tr,
        current_locale=current_locale,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        format_date=format_date,
        format_datetime=format_datetime,
        format_decimal=format_decimal,
        **TEMPLATE_HELPERS,
        **RULE_HELPERS,
    )
