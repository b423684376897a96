"""What judges submit: sheets of marks or placements, measured attempts, comparisons.

Every submission from a tablet carries a client id made on the tablet; `Submission` remembers it
so a tablet replaying its outbox after a reconnect never stores anything twice.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from judging.extensions import db
from judging.models.base import ExactNumber, Greatest, JsonType, Least, utcnow

if TYPE_CHECKING:
    from judging.models.entry import Entry
    from judging.models.judge import Judge

SHEET_STATUSES = ("submitted", "unlocked", "corrected")


class Sheet(db.Model):
    """One judge's marks for one entry, or one judge's placements of a category (per dance).

    `submitted` locks it; the chair may unlock it for a correction (with a reason, in the audit
    log); the judge's resubmission makes it `corrected` and locks it again.
    """

    __tablename__ = "sheet"
    __table_args__ = (
        CheckConstraint(f"status IN {SHEET_STATUSES}", name="status"),
        UniqueConstraint("judge_id", "entry_id"),
        # Placement sheets have no entry: one per judge, category and dance.
        Index(
            "uq_sheet_placements",
            "judge_id",
            "category_id",
            "dance",
            unique=True,
            sqlite_where=text("entry_id IS NULL"),
            postgresql_where=text("entry_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judge.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    dance: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(12), default="submitted")
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    judge: Mapped[Judge] = relationship()
    entry: Mapped[Entry | None] = relationship()
    marks: Mapped[list[Mark]] = relationship(back_populates="sheet", cascade="all, delete-orphan")
    placements: Mapped[list[Placement]] = relationship(back_populates="sheet", cascade="all, delete-orphan")

    @property
    def locked(self) -> bool:
        return self.status != "unlocked"

    def __repr__(self) -> str:
        return f"<Sheet {self.id} judge {self.judge_id} entry {self.entry_id} {self.status}>"


class Mark(db.Model):
    """One criterion's mark on a sheet."""

    __tablename__ = "mark"
    __table_args__ = (UniqueConstraint("sheet_id", "criterion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("sheet.id", ondelete="CASCADE"), index=True)
    criterion: Mapped[str] = mapped_column(String(60))
    value: Mapped[Decimal] = mapped_column(ExactNumber)

    sheet: Mapped[Sheet] = relationship(back_populates="marks")

    def __repr__(self) -> str:
        return f"<Mark {self.criterion}={self.value}>"


class Placement(db.Model):
    """One entry's place on a judge's placement sheet (skating, ranked points)."""

    __tablename__ = "placement"
    __table_args__ = (UniqueConstraint("sheet_id", "entry_id"), CheckConstraint("place >= 1", name="place"))

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("sheet.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    place: Mapped[int] = mapped_column(Integer)

    sheet: Mapped[Sheet] = relationship(back_populates="placements")


class Measurement(db.Model):
    """A timekeeper's result of one attempt in one round; null value = no valid result."""

    __tablename__ = "measurement"
    __table_args__ = (
        UniqueConstraint("entry_id", "round", "attempt"),
        CheckConstraint("round >= 1 AND attempt >= 1", name="round_attempt"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    attempt: Mapped[int] = mapped_column(Integer)
    value: Mapped[Decimal | None] = mapped_column(ExactNumber)
    judge_id: Mapped[int | None] = mapped_column(ForeignKey("judge.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(12), default="submitted")
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Comparison(db.Model):
    """A judge's answer to «which is better, A or B?»; applied in the order recorded."""

    __tablename__ = "comparison"
    __table_args__ = (CheckConstraint("winner_id <> loser_id", name="distinct"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"), index=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judge.id", ondelete="CASCADE"), index=True)
    winner_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    loser_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


# A judge answers each pair once, whichever exhibit won: two tablets of one judge sending the same
# pair at once cannot both store it.
Index(
    "uq_comparison_pair",
    Comparison.judge_id,
    Comparison.category_id,
    Least(Comparison.winner_id, Comparison.loser_id),
    Greatest(Comparison.winner_id, Comparison.loser_id),
    unique=True,
)


class Submission(db.Model):
    """A tablet's client id and the answer it got: replays get the same answer, store nothing."""

    __tablename__ = "submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judge.id", ondelete="CASCADE"), index=True)
    receipt: Mapped[dict] = mapped_column(JsonType)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Abstention(db.Model):
    """A missing sheet the chair resolved without marks: the judge abstains, for a reason.

    Marks rules: the judge abstains on one entry (`entry_id`), as with a conflict of interest.
    Placement rules: the judge places nothing in the category (`entry_id` NULL) and leaves the
    panel of that category. A category is finalised only once every sheet is marked or resolved so.
    """

    __tablename__ = "abstention"
    __table_args__ = (
        UniqueConstraint("judge_id", "category_id", "entry_id"),
        Index(
            "uq_abstention_category", "judge_id", "category_id", unique=True,
            sqlite_where=text("entry_id IS NULL"), postgresql_where=text("entry_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judge.id", ondelete="CASCADE"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<Abstention judge {self.judge_id} category {self.category_id} entry {self.entry_id}>"
