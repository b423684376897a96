"""What the hall screens may show of a category beyond its live standings: a freeze and a reveal."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from judging.extensions import db
from judging.models.base import JsonType, utcnow


class BoardState(db.Model):
    """One category's screen state: the rows frozen at freeze time, and a ceremony reveal's progress.

    Rows are stored as the public sees them (entry, place, place_to, score, award): names are drawn
    again at read time, so a corrected spelling still shows, but no newer mark ever does.
    """

    __tablename__ = "board_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="CASCADE"), unique=True)
    # What screens showed when the category was frozen; null when they showed nothing (it was hidden).
    frozen_rows: Mapped[list | None] = mapped_column(JsonType)
    frozen_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # A ceremony: the rows to announce, lowest award first, fixed when the reveal starts.
    reveal_rows: Mapped[list | None] = mapped_column(JsonType)
    revealed: Mapped[int] = mapped_column(Integer, default=0)
    reveal_started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    @property
    def revealing(self) -> bool:
        """A ceremony has started for this category (and was not reset)."""
        return self.reveal_rows is not None

    @property
    def reveal_done(self) -> bool:
        return self.reveal_rows is not None and self.revealed >= len(self.reveal_rows)

    def __repr__(self) -> str:
        return f"<BoardState category {self.category_id} revealed {self.revealed}>"
