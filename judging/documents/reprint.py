"""Issued documents the record no longer agrees with: what each would state now, and the list to reprint.

A category reopened after its diplomas were handed out may end with other awards. Once it is
published again, every diploma (and letter of thanks) in force whose statement differs from what
the record says now is «to be reprinted»; operations.reissue gives each a replacement under a new
code. While a category is not published its documents are not compared: they wait.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from judging import lifecycle
from judging.documents import data, statements
from judging.documents.build import Builder
from judging.documents.letters import Teacher
from judging.extensions import db
from judging.models import Category, Edition, Entry
from judging.models.document import Diploma, Letter, LetterPupil


@dataclass
class Due:
    """An issued document to reprint: the row in force, and what it would state now (None: no such
    document any more, e.g. the entry was disqualified)."""

    row: Diploma | Letter
    current: dict | None
    teacher: Teacher | None = None  # for a letter: whom the replacement thanks
    awards: dict[int, str | None] | None = None  # for a letter: the awards its pupils get now

    @property
    def kind(self) -> str:
        return "thanks" if isinstance(self.row, Letter) else "diploma"

    @property
    def stated(self) -> dict:
        return self.row.statement or {"name": self.row.name, "award": getattr(self.row, "award", None)}


def diploma_now(row: Diploma) -> dict | None:
    """What the diploma would state if it were issued now (None: the entry earns none)."""
    entry = row.entry
    _, rows = data.standing_rows(entry.category)
    return statements.of_diploma(entry.category.edition, entry.category, entry, rows.get(entry.id), row.member)


def letter_now(letter: Letter, builder: Builder | None = None) -> tuple[dict | None, Teacher | None, dict]:
    """What the teacher's letter would state now, the teacher and the pupils' awards (None: no letter)."""
    builder = builder or Builder(letter.edition, "")
    teacher = next((t for t in builder.teachers() if t.key == letter.teacher_key), None)
    if teacher is None:
        return None, None, {}
    awards = {entry.id: builder.award_of(entry) for entry in teacher.entries}
    return statements.of_letter(letter.edition, teacher, awards), teacher, awards


def letter_published(letter: Letter, teacher: Teacher | None) -> bool:
    """Whether the results of every pupil the letter names, and of every pupil it would name now, are published."""
    entries = [pupil.entry for pupil in letter.pupils] + (teacher.entries if teacher else [])
    return all(lifecycle.published(entry.category) for entry in entries)


def due(edition: Edition) -> list[Due]:
    """The edition's documents in force that state what the record no longer says, category by
    category (diplomas), then the letters; only where the results are published again."""
    out: list[Due] = []
    rows = db.session.scalars(
        select(Diploma).join(Entry, Entry.id == Diploma.entry_id).join(Category, Category.id == Entry.category_id)
        .where(Category.edition_id == edition.id, Diploma.kind == "diploma", Diploma.superseded_at.is_(None))
        .order_by(Category.position, Category.id, Entry.number, Diploma.member_id.is_not(None), Diploma.id)
        .options(selectinload(Diploma.entry), selectinload(Diploma.member))
    ).all()
    by_category: dict[int, list[Diploma]] = defaultdict(list)
    for row in rows:
        by_category[row.entry.category_id].append(row)
    for category_rows in by_category.values():
        category = category_rows[0].entry.category
        if not lifecycle.published(category):
            continue
        _, standing = data.standing_rows(category)
        for row in category_rows:
            current = statements.of_diploma(edition, category, row.entry, standing.get(row.entry_id), row.member)
            if not statements.agrees(row.statement, current):
                out.append(Due(row, current))
    builder = Builder(edition, "")
    letters = db.session.scalars(
        select(Letter).where(Letter.edition_id == edition.id, Letter.superseded_at.is_(None))
        .options(selectinload(Letter.pupils).selectinload(LetterPupil.entry)).order_by(Letter.id)
    ).all()
    for letter in letters:
        current, teacher, awards = letter_now(letter, builder)
        if letter_published(letter, teacher) and not statements.agrees(letter.statement, current):
            out.append(Due(letter, current, teacher, awards))
    return out


def replacements(edition: Edition) -> list[Diploma | Letter]:
    """The edition's documents in force that replaced an earlier one: the papers to print and hand out."""
    replaced_diplomas = select(Diploma.superseded_by_id).where(Diploma.superseded_by_id.is_not(None))
    replaced_letters = select(Letter.superseded_by_id).where(Letter.superseded_by_id.is_not(None))
    diplomas = db.session.scalars(
        select(Diploma).join(Entry, Entry.id == Diploma.entry_id).join(Category, Category.id == Entry.category_id)
        .where(Category.edition_id == edition.id, Diploma.superseded_at.is_(None), Diploma.id.in_(replaced_diplomas))
        .order_by(Category.position, Category.id, Entry.number, Diploma.member_id.is_not(None), Diploma.id)
    ).all()
    letters = db.session.scalars(
        select(Letter).where(Letter.edition_id == edition.id, Letter.superseded_at.is_(None), Letter.id.in_(replaced_letters))
        .order_by(Letter.id)
    ).all()
    return [*diplomas, *letters]


def replacement_documents(builder: Builder) -> list:
    """The replacements drawn for printing (what cannot be drawn now is in builder.withheld)."""
    rows = replacements(builder.edition)
    wanted = {(type(row), row.id) for row in rows}
    documents = []
    for entry in dict.fromkeys(row.entry for row in rows if isinstance(row, Diploma)):
        documents += [d for d in builder.diplomas_of_entry(entry) if (type(d.issued), d.issued.id) in wanted]
    keys = {row.teacher_key for row in rows if isinstance(row, Letter)}
    for teacher in builder.teachers():
        if teacher.key in keys and (document := builder.letter(teacher)) is not None:
            documents.append(document)
    return documents
