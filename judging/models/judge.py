"""The jury: judges, their panels (which categories they mark), and conflicts of interest."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from judging.extensions import db
from judging.models.base import new_token, utcnow

if TYPE_CHECKING:
    from judging.models.contest import Category, Edition
    from judging.models.entry import Entry
    from judging.models.user import User

JURY_ROLES = ("chair", "member", "secretary")

panel_seat = Table(
    "panel_seat",
    db.Model.metadata,
    Column("category_id", ForeignKey("category.id", ondelete="CASCADE"), primary_key=True),
    Column("judge_id", ForeignKey("judge.id", ondelete="CASCADE"), primary_key=True),
)


class Judge(db.Model):
    """A member of an edition's jury; marks the categories of the panels they sit on."""

    __tablename__ = "judge"
    __table_args__ = (CheckConstraint(f"role IN {JURY_ROLES}", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    credentials: Mapped[str] = mapped_column(String(400), default="")  # titles printed in the protocol
    role: Mapped[str] = mapped_column(String(12), default="member")
    # The secret in the judge's tablet link and QR card; null when revoked.
    token: Mapped[str | None] = mapped_column(String(64), unique=True, default=new_token)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    language: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    edition: Mapped[Edition] = relationship(back_populates="judges")
    user: Mapped[User | None] = relationship()
    categories: Mapped[list[Category]] = relationship(
        secondary=panel_seat, back_populates="judges", order_by="Category.position"
    )
    conflicts: Mapped[list[Conflict]] = relationship(back_populates="judge", cascade="all, delete-orphan")

    @property
    def marks_for_panel(self) -> bool:
        """The secretary keeps the protocol but does not mark."""
        return self.role != "secretary"

    def reissue_token(self) -> str:
        """Invalidate the old tablet link and make a new one."""
        self.token = new_token()
        return self.token

    def revoke_token(self) -> None:
        self.token = None

    def __repr__(self) -> str:
        return f"<Judge {self.id} {self.name!r} {self.role}>"


class Conflict(db.Model):
    """A judge who must not mark an entry (the judge teaches the child, is a relative...)."""

    __tablename__ = "conflict"
    __table_args__ = (UniqueConstraint("judge_id", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    judge_id: Mapped[int] = mapped_column(ForeignKey("judge.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    judge: Mapped[Judge] = relationship(back_populates="conflicts")
    entry: Mapped[Entry] = relationship()

    def __repr__(self) -> str:
        return f"<Conflict judge {self.judge_id} entry {self.entry_id}>"
