"""Documents: issued diplomas and letters of thanks (with their verification codes), edited
templates, settings, bulk jobs."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from judging.extensions import db
from judging.models.base import JsonType, utcnow
from judging.models.contest import Edition
from judging.models.entry import Entry, Member

# "thanks": a letter of thanks issued for one entry, as letters were before they became one per
# teacher (Letter). No new one is made; the rows stay so the codes printed on them still verify.
DIPLOMA_KINDS = ("diploma", "thanks")
# "interrupted": the job's worker went away (a server restart) before it finished; see bulk.HEARTBEAT
JOB_STATUSES = ("queued", "running", "done", "failed", "interrupted")
# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code read aloud or typed from paper is read right.
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 12  # 25**12 ≈ 6·10^16: not guessable one request at a time


def new_diploma_code() -> str:
    """An unguessable code printed on a diploma or a letter and in its QR code (/verify/<code>).

    Diplomas and letters draw from the same 25**12 codes in two tables; that two of an edition's few
    thousand documents ever share one is about as likely as guessing one (the verify page looks
    for a diploma first)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    """A code as typed by a person: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


IN_FORCE = "superseded_at IS NULL"


class Diploma(db.Model):
    """A diploma or letter of thanks that was issued: its code is what the QR code verifies.

    `statement` is what the paper says (name, award, place, category, edition), stored when the
    code is issued and never changed afterwards. When a corrected result makes it untrue, the
    organiser issues a replacement: a new row with a new code; this one keeps its statement and
    gets `superseded_at` and `superseded_by_id`, so its code still verifies and says what replaced it.
    """

    __tablename__ = "diploma"
    __table_args__ = (
        CheckConstraint(f"kind IN {DIPLOMA_KINDS}", name="kind"),
        # one document in force per entry, kind and member (member NULL = the entry's own document);
        # NULLs are distinct in a unique index, hence the second one for the entry's own
        Index(
            "uq_diploma_entry_member", "entry_id", "kind", "member_id", unique=True,
            sqlite_where=text(IN_FORCE), postgresql_where=text(IN_FORCE),
        ),
        Index(
            "uq_diploma_entry_own", "entry_id", "kind", unique=True,
            sqlite_where=text(f"member_id IS NULL AND {IN_FORCE}"), postgresql_where=text(f"member_id IS NULL AND {IN_FORCE}"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True, default=new_diploma_code)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12), default="diploma")
    award: Mapped[str | None] = mapped_column(String(40))  # the award printed, as it was when issued
    name: Mapped[str] = mapped_column(String(300), default="")  # the name printed (entry, member or teacher)
    statement: Mapped[dict | None] = mapped_column(JsonType)  # see documents/statements.py
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("diploma.id", ondelete="SET NULL"))

    entry: Mapped[Entry] = relationship()
    member: Mapped[Member | None] = relationship()
    superseded_by: Mapped[Diploma | None] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Diploma {self.code} {self.kind} entry {self.entry_id}>"


class Letter(db.Model):
    """A letter of thanks to a teacher: one per teacher and edition, naming the teacher's pupils.

    The teacher is told apart by `teacher_key` (the name folded for matching, see
    documents/letters.py), so «Ғалия Омарова» and «Галия  Омарова» get one letter and one code.
    Its statement and pupils are never changed once issued; a replacement is a new row, as for
    a diploma.
    """

    __tablename__ = "letter"
    __table_args__ = (
        Index("uq_letter_teacher", "edition_id", "teacher_key", unique=True,
              sqlite_where=text(IN_FORCE), postgresql_where=text(IN_FORCE)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True, default=new_diploma_code)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"))
    teacher_key: Mapped[str] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(300), default="")  # the teacher's name as printed
    statement: Mapped[dict | None] = mapped_column(JsonType)  # see documents/statements.py
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("letter.id", ondelete="SET NULL"))

    edition: Mapped[Edition] = relationship()
    superseded_by: Mapped[Letter | None] = relationship(remote_side=[id])
    pupils: Mapped[list[LetterPupil]] = relationship(
        back_populates="letter", order_by="LetterPupil.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Letter {self.code} edition {self.edition_id} {self.name!r}>"


class LetterPupil(db.Model):
    """An entry named on a letter of thanks, with the award printed beside it when it was issued."""

    __tablename__ = "letter_pupil"
    __table_args__ = (UniqueConstraint("letter_id", "entry_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letter.id", ondelete="CASCADE"))
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    award: Mapped[str | None] = mapped_column(String(40))

    letter: Mapped[Letter] = relationship(back_populates="pupils")
    entry: Mapped[Entry] = relationship()

    def __repr__(self) -> str:
        return f"<LetterPupil letter {self.letter_id} entry {self.entry_id}>"


class DocumentTemplate(db.Model):
    """An edition's own version of a document template (Jinja source, rendered in a sandbox)."""

    __tablename__ = "document_template"
    __table_args__ = (UniqueConstraint("edition_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    body: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<DocumentTemplate {self.edition_id} {self.kind}>"


class DocumentSettings(db.Model):
    """An edition's document options and images (logo, director's signature), re-encoded as PNG."""

    __tablename__ = "document_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), unique=True)
    member_diplomas: Mapped[bool] = mapped_column(default=False)  # one diploma per member of a collective
    logo_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    signature_png: Mapped[bytes | None] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<DocumentSettings edition {self.edition_id}>"


class BulkJob(db.Model):
    """A background job making all diplomas or protocols of an edition as one PDF and a ZIP."""

    __tablename__ = "bulk_job"
    __table_args__ = (CheckConstraint(f"status IN {JOB_STATUSES}", name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    edition_id: Mapped[int] = mapped_column(ForeignKey("edition.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    status: Mapped[str] = mapped_column(String(12), default="queued")
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    reused: Mapped[int] = mapped_column(Integer, default=0)  # documents taken from the cache unchanged
    path: Mapped[str] = mapped_column(String(500), default="")  # folder holding merged.pdf and documents.zip
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # refreshed by the running job, whichever process runs it: a queued or running job whose
    # heartbeat is old has lost its worker (bulk.interrupt_abandoned)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # the process running the job (documents.liveness): when it is known to be gone the job is
    # interrupted at once, not after the heartbeat's margin; None where it could not be told
    worker: Mapped[str | None] = mapped_column(String(255))
    # diplomas or letters the run did not make: [{"reason": "unpublished" | "changed", "kind",
    # "name", "category_id"}], shown on the documents page (see build.Withheld)
    skipped: Mapped[list | None] = mapped_column(JsonType)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<BulkJob {self.id} {self.kind} {self.status} {self.done}/{self.total}>"
