"""A recurring contest (series), this year's edition of it, and its categories."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from judging.extensions import db
from judging.models.base import JsonType, localized, utcnow

if TYPE_CHECKING:
    from judging.models.entry import Entry
    from judging.models.judge import Judge

VISIBILITIES = ("hidden", "live", "frozen", "published")
JUDGING_STATES = ("closed", "open", "finalised")
PRIVACY = ("initials", "full")


class Series(db.Model):
    """A contest the centre runs every year, started from the preset of the same key."""

    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[dict] = mapped_column(JsonType, default=dict)  # {"kk", "ru", "en"}

    editions: Mapped[list[Edition]] = relationship(back_populates="series", order_by="Edition.year")

    def label(self, locale: str) -> str:
        return localized(self.name, locale)

    def __repr__(self) -> str:
        return f"<Series {self.key}>"


class Edition(db.Model):
    """This year's run of a series: its categories, jury, entries and documents."""

    __tablename__ = "edition"
    __table_args__ = (CheckConstraint(f"privacy IN {PRIVACY}", name="privacy"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="RESTRICT"), index=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[dict] = mapped_column(JsonType, default=dict)
    city: Mapped[dict] = mapped_column(JsonType, default=dict)
    venue: Mapped[dict] = mapped_column(JsonType, default=dict)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    organiser_name: Mapped[dict] = mapped_column(JsonType, default=dict)  # the centre, as printed
    director_name: Mapped[str] = mapped_column(String(200), default="")
    privacy: Mapped[str] = mapped_column(String(10), default="initials")
    languages: Mapped[list] = mapped_column(JsonType, default=lambda: ["kk", "ru"])
    preset_key: Mapped[str] = mapped_column(String(40), default="")
    # At most one Grand Prix in the whole edition: the best of the categories' candidates keeps it.
    single_grand_prix: Mapped[bool] = mapped_column(default=False)
    # Wording of documents and other texts the organisers correct without touching code.
    wording: Mapped[dict] = mapped_column(JsonType, default=dict)
    # The stage: who is performing now. Both null when nobody is on stage.
    stage_category_id: Mapped[int | None] = mapped_column(
        ForeignKey("category.id", ondelete="SET NULL", use_alter=True)
    )
    stage_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("entry.id", ondelete="SET NULL", use_alter=True)
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    series: Mapped[Series] = relationship(back_populates="editions")
    categories: Mapped[list[Category]] = relationship(
        back_populates="edition",
        order_by="Category.position",
        cascade="all, delete-orphan",
        foreign_keys="Category.edition_id",
    )
    judges: Mapped[list[Judge]] = relationship(
        back_populates="edition", order_by="Judge.position", cascade="all, delete-orphan"
    )

    def label(self, locale: str) -> str:
        return localized(self.title, locale)

    def __repr__(self) -> str:
        return f"<Edition {self.slug}>"


class Category(db.Model):
    """Nomination × age group × form: results are computed per category."""

    __tablename__ = "category"
    __table_args__ = (
        CheckConstraint(f"visibility IN {VISIBILITIES}", name="visibility"),
        CheckConstraint(f"judging IN {JUDGING_STATES}", name="judging"),
        UniqueConstraint("edition_id", "nomination_key", "age_group_key", "form_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    nomination_key: Mapped[str] = mapped_column(String(40))
    nomination: Mapped[dict] = mapped_column(JsonType, default=dict)
    age_group_key: Mapped[str] = mapped_column(String(40), default="")
    age_group: Mapped[dict] = mapped_column(JsonType, default=dict)
    form_key: Mapped[str] = mapped_column(String(40), default="")
    form: Mapped[dict] = mapped_column(JsonType, default=dict)
    rule: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JsonType, default=dict)  # the rule's params (docs/scoring-rules.md), awards included
    # Labels of criteria / aspects / dances by key: {"voice": {"kk": ..., "ru": ..., "en": ...}}
    labels: Mapped[dict] = mapped_column(JsonType, default=dict)
    visibility: Mapped[str] = mapped_column(String(12), default="hidden")
    judging: Mapped[str] = mapped_column(String(12), default="open")
    # A judge's total this far from the panel median is flagged on the chair's console.
    outlier_threshold: Mapped[float] = mapped_column(default=1.5)
    show_places: Mapped[bool] = mapped_column(default=True)  # «Надежда» hides places from the public
    notes: Mapped[str] = mapped_column(Text, default="")
    # The chair's casting votes for ties: [{"order": [entry ids, best first]}], as the rules read them.
    casting_votes: Mapped[list] = mapped_column(JsonType, default=list)

    edition: Mapped[Edition] = relationship(back_populates="categories", foreign_keys=[edition_id])
    entries: Mapped[list[Entry]] = relationship(
        back_populates="category", order_by="Entry.number", cascade="all, delete-orphan"
    )
    judges: Mapped[list[Judge]] = relationship(
        secondary="panel_seat", back_populates="categories", order_by="Judge.position"
    )

    def label(self, locale: str) -> str:
        """«Эстрадный вокал · 10–13 · соло» in the asked language."""
        parts = [localized(self.nomination, locale), localized(self.age_group, locale), localized(self.form, locale)]
        return " · ".join(p for p in parts if p)

    def criterion_label(self, key: str, locale: str) -> str:
        return localized(self.labels.get(key), locale) or key

    @property
    def awards(self) -> dict | None:
        return (self.params or {}).get("awards")

    def __repr__(self) -> str:
        return f"<Category {self.id} {self.nomination_key}/{self.age_group_key}/{self.form_key}>"
