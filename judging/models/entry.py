"""Entries: a child or a collective performing (or exhibiting) in a category."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from judging.extensions import db
from judging.models.base import JsonType, utcnow

if TYPE_CHECKING:
    from judging.models.contest import Category

ENTRY_KINDS = ("person", "collective")
ENTRY_STATUSES = ("registered", "performed", "withdrawn", "disqualified")


ENTRY_CODE_LENGTH = 12  # 25**12 ≈ 2**55.7: the families' codes are not guessable one request at a time


def new_entry_code() -> str:
    """A code given with the entry: participants find their diploma by it.

    Drawn from the diplomas' alphabet, which has no look-alike letters and digits to mistype from
    the printed confirmation. Codes drawn before (8 characters) keep working: lookups normalise only."""
    from judging.models.document import CODE_ALPHABET  # document.py imports this module

    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(ENTRY_CODE_LENGTH))


class Entry(db.Model):
    """One performer or work in one category, with its place in the running order."""

    __tablename__ = "entry"
    __table_args__ = (
        CheckConstraint(f"kind IN {ENTRY_KINDS}", name="kind"),
        CheckConstraint(f"status IN {ENTRY_STATUSES}", name="status"),
        UniqueConstraint("category_id", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # running order within the category, from 1
    kind: Mapped[str] = mapped_column(String(12), default="person")
    name: Mapped[str] = mapped_column(String(300))
    birth_date: Mapped[date | None] = mapped_column(Date)
    institution: Mapped[str] = mapped_column(String(300), default="")
    district: Mapped[str] = mapped_column(String(200), default="")
    teacher: Mapped[str] = mapped_column(String(300), default="")
    repertoire: Mapped[str] = mapped_column(Text, default="")  # songs, dance or the work's title
    status: Mapped[str] = mapped_column(String(16), default="registered")
    code: Mapped[str] = mapped_column(String(16), unique=True, default=new_entry_code)
    # What the application said before Kazakh letters were normalised: {"name": "...", ...}
    original: Mapped[dict] = mapped_column(JsonType, default=dict)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    category: Mapped[Category] = relationship(back_populates="entries")
    members: Mapped[list[Member]] = relationship(
        back_populates="entry", order_by="Member.position", cascade="all, delete-orphan"
    )

    @property
    def competing(self) -> bool:
        """Withdrawn entries are not judged; disqualified ones stay in the protocol with a note."""
        return self.status in ("registered", "performed")

    def __repr__(self) -> str:
        return f"<Entry {self.id} #{self.number} {self.name!r}>"


class Member(db.Model):
    """A member of a collective (a duet, an ensemble, a team)."""

    __tablename__ = "member"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(300))
    birth_date: Mapped[date | None] = mapped_column(Date)
    original_name: Mapped[str | None] = mapped_column(String(300))

    entry: Mapped[Entry] = relationship(back_populates="members")

    def __repr__(self) -> str:
        return f"<Member {self.name!r}>"


class Draw(db.Model):
    """A drawing of lots for a category's running order, kept so anyone can replay it."""

    __tablename__ = "draw"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"), index=True)
    seed: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(80))  # how the seed turns into an order, for replaying
    before: Mapped[list] = mapped_column(JsonType)  # entry ids in the order they were shuffled from
    after: Mapped[list] = mapped_column(JsonType)  # entry ids in the drawn order
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<Draw {self.id} category {self.category_id}>"


class EntryImport(db.Model):
    """A confirmed spreadsheet upload. Its token is unique and the row is written in the same
    transaction as the entries, so an upload is stored once, however many confirmations race."""

    __tablename__ = "entry_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(300), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<EntryImport {self.token} edition {self.edition_id}>"
