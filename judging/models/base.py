"""Shared column types and helpers for the models."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import JSON, Integer, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

# JSONB on PostgreSQL (indexable, compact), plain JSON text elsewhere.
JsonType = JSON().with_variant(JSONB(), "postgresql")


class Least(FunctionElement):
    """The smaller of its arguments, for index expressions on either database."""

    type = Integer()
    inherit_cache = True


class Greatest(FunctionElement):
    """The larger of its arguments, for index expressions on either database."""

    type = Integer()
    inherit_cache = True


@compiles(Least)
def _least(element, compiler, **kw):
    return f"least({compiler.process(element.clauses, **kw)})"


@compiles(Greatest)
def _greatest(element, compiler, **kw):
    return f"greatest({compiler.process(element.clauses, **kw)})"


# SQLite has no least/greatest; its min and max with several arguments are the same functions.
@compiles(Least, "sqlite")
def _least_sqlite(element, compiler, **kw):
    return f"min({compiler.process(element.clauses, **kw)})"


@compiles(Greatest, "sqlite")
def _greatest_sqlite(element, compiler, **kw):
    return f"max({compiler.process(element.clauses, **kw)})"


def utcnow() -> datetime:
    """Timezone-aware now, stored as UTC."""
    return datetime.now(UTC)


def new_token(nbytes: int = 24) -> str:
    """A URL-safe random secret (judge access links, download codes)."""
    return secrets.token_urlsafe(nbytes)


def localized(texts: dict | None, locale: str, fallback: tuple[str, ...] = ("kk", "ru", "en")) -> str:
    """Pick the text for a locale from a {"kk": ..., "ru": ..., "en": ...} dict, falling back in order."""
    if not texts:
        return ""
    if texts.get(locale):
        return texts[locale]
    for code in fallback:
        if texts.get(code):
            return texts[code]
    return next((v for v in texts.values() if v), "")


class ExactNumber(TypeDecorator):
    """A decimal kept exactly as written (9.5, 41.37): stored as text, read back as Decimal.

    SQLite has no exact decimal type, and the scoring rules compute with exact fractions,
    so a mark must come back exactly as the judge entered it on every database.
    """

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return format(Decimal(str(value)).normalize(), "f")

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value)
