"""Stored standings: what the scoring rules last computed for a category."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from judging.extensions import db
from judging.models.base import ExactNumber, JsonType, utcnow


class CategoryResult(db.Model):
    """One computation of a category's standings; the hall screen, protocol and exports read it."""

    __tablename__ = "category_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"), unique=True)
    rule: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer, default=1)  # bumped at every recomputation
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    warnings: Mapped[list] = mapped_column(JsonType, default=list)
    error: Mapped[dict | None] = mapped_column(JsonType)  # the rule refused the case: code, message, details
    extra: Mapped[dict] = mapped_column(JsonType, default=dict)  # rule-wide output (pairwise judges)

    standings: Mapped[list[Standing]] = relationship(
        back_populates="result", order_by="Standing.row", cascade="all, delete-orphan"
    )


class Standing(db.Model):
    """One row of a category's standings."""

    __tablename__ = "standing"
    __table_args__ = (UniqueConstraint("result_id", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("category_result.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    row: Mapped[int] = mapped_column(Integer)
    place: Mapped[int | None] = mapped_column(Integer)
    place_to: Mapped[int | None] = mapped_column(Integer)
    score: Mapped[Decimal | None] = mapped_column(ExactNumber)
    award: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[dict] = mapped_column(JsonType, default=dict)
    # How many of the panel's sheets the row rests on, and how many it needs (lifecycle.coverage):
    # while the category is provisional, a row short of its panel shows no award.
    sheets: Mapped[int | None] = mapped_column(Integer)
    panel: Mapped[int | None] = mapped_column(Integer)

    result: Mapped[CategoryResult] = relationship(back_populates="standings")
