"""Documents as (file name, HTML) pairs, and their PDFs through a cache of unchanged documents.

A document's PDF is stored under DOCUMENTS_DIR/cache by the hash of its HTML (data and template)
and the fonts version, so printing the diplomas again after one mark changed redraws only the
documents whose content changed.

Diplomas and letters of thanks are issued from published results only, and an issued one is never
rewritten: its row keeps the statement it was issued with (documents/statements.py). What cannot
be made is withheld with the reason (Builder.withheld), for the page, the job or the CLI to say.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from judging import lifecycle
from judging.documents import data, letters, render, statements, templates_env
from judging.documents.letters import Teacher
from judging.extensions import db
from judging.models import Category, Edition, Entry, Judge
from judging.models.document import Diploma, DocumentTemplate, Letter, LetterPupil, new_diploma_code

# What a bulk run makes: all diplomas, all letters of thanks (one per teacher), all protocols, all confirmations.
BULK_KINDS = ("diplomas", "thanks", "protocols", "confirmations")
# From this many entries a protocol is drawn in two parts at once (one process lays out about 40 rows a second).
SPLIT_PROTOCOL_ROWS = 80


@dataclass
class Document:
    """One document to draw: its file name in a ZIP and its HTML."""

    filename: str
    html: str
    issued: Diploma | Letter | None = None  # the row whose code the document prints
    # A long protocol is drawn in parts on both cores (see bulk.draw_parts); html is still the whole.
    parts: list[str] | None = None
    footer: str = ""
    landscape: bool = False
    # the category: bulk drawing never puts two categories in one chunk (None: a letter, which spans them)
    group: int | None = None

    @cached_property
    def key(self) -> str:
        return render.document_hash(self.html)


@dataclass(frozen=True)
class Withheld:
    """A diploma or letter that was asked for and not made.

    reason: "unpublished" (its results, or for a letter some pupil's, are not published) or
    "changed" (the one issued states something the record no longer says: reprint it first).
    """

    reason: str
    kind: str  # "diploma" or "thanks"
    name: str  # «№7 Name» for a diploma, the teacher for a letter
    category_id: int | None  # None for a letter, which may span categories

    def as_dict(self) -> dict:
        return {"reason": self.reason, "kind": self.kind, "name": self.name, "category_id": self.category_id}


def new_letter(edition: Edition, teacher: Teacher, awards: dict[int, str | None], statement: dict) -> Letter:
    """A new letter row for the teacher, naming the pupils with the awards it prints."""
    row = Letter(code=new_diploma_code(), edition_id=edition.id, teacher_key=teacher.key, name=teacher.name,
                 statement=statement)
    row.pupils = [LetterPupil(entry_id=entry.id, position=position, award=awards[entry.id])
                  for position, entry in enumerate(teacher.entries)]
    return row


def safe_filename(text: str, limit: int = 60) -> str:
    """A file name part from a person's name: letters (any script), digits, dashes."""
    cleaned = re.sub(r"[^\w\-]+", "_", text, flags=re.UNICODE).strip("_")
    return cleaned[:limit] or "document"


def template_overrides(edition: Edition) -> dict[str, str]:
    rows = db.session.scalars(select(DocumentTemplate).where(DocumentTemplate.edition_id == edition.id)).all()
    return {row.kind: row.body for row in rows}


class Builder:
    """Makes the HTML of an edition's documents with its templates, wording and images."""

    def __init__(self, edition: Edition, base_url: str, overrides: dict[str, str] | None = None) -> None:
        self.edition = edition
        self.base_url = base_url
        self.common = data.edition_common(edition, base_url)
        self.env = templates_env.make_env(template_overrides(edition) if overrides is None else overrides)
        self._templates: dict = {}
        settings = data.settings_of(edition)
        self.member_diplomas = bool(settings and settings.member_diplomas)
        self._issued: dict[tuple[int, str, int | None], Diploma] | None = None
        self._letters: dict[str, Letter] | None = None
        self._teachers: list[Teacher] | None = None
        self._rows: dict[int, dict] = {}  # category id -> its standings by entry id
        self.withheld: list[Withheld] = []  # diplomas and letters asked for but not issued, and why

    def withhold(self, reason: str, kind: str, name: str, category_id: int | None) -> None:
        self.withheld.append(Withheld(reason, kind, name, category_id))

    def issue(self, entry: Entry, kind: str, statement: dict, member=None) -> Diploma | None:
        """The diploma row in force for the entry (or member), made with its statement when first
        needed; None when the one issued states something else (it is reprinted, not rewritten).

        The edition's rows are read once per builder, so a bulk run makes no query per document.
        """
        if self._issued is None:
            rows = db.session.scalars(
                select(Diploma).join(Entry, Entry.id == Diploma.entry_id).join(Category, Category.id == Entry.category_id)
                .where(Category.edition_id == self.edition.id, Diploma.superseded_at.is_(None))
            )
            self._issued = {(r.entry_id, r.kind, r.member_id): r for r in rows}
        key = (entry.id, kind, member.id if member else None)
        row = self._issued.get(key)
        if row is None:
            # the code is set here, not at flush, because it is printed before anything is stored
            row = Diploma(code=new_diploma_code(), entry_id=entry.id, kind=kind, member_id=key[2],
                          award=statement["award"], name=statement["name"], statement=statement)
            db.session.add(row)
            self._issued[key] = row
        elif not statements.agrees(row.statement, statement):
            return None
        return row

    def html(self, kind: str, doc: dict) -> str:
        """One document kind rendered with its data."""
        template = self._templates.get(kind)
        if template is None:
            template = self._templates[kind] = self.env.get_template(f"{kind}.html")
        return template.render(edition=self.common, doc=doc, w=self.common["w"], langs=self.common["languages"])

    def context(self, doc: dict) -> dict:
        return {"edition": self.common, "doc": doc, "w": self.common["w"], "langs": self.common["languages"]}

    # -- single documents

    def diplomas_of_entry(self, entry: Entry, row=None) -> list[Document]:
        """The entry's diploma, and its members' when the edition gives one per member (none without
        an award). Only from published results, and only while what was issued still holds:
        anything else is withheld (see `withheld`)."""
        category = entry.category
        label = f"№{entry.number} {entry.name}"
        if not lifecycle.published(category):
            self.withhold("unpublished", "diploma", label, category.id)
            return []
        if row is None:
            _, rows = data.standing_rows(category)
            row = rows.get(entry.id)
        members = [None]
        if self.member_diplomas and entry.kind == "collective":
            members += list(entry.members)
        docs = []
        stem = f"{category.position:02d}-{category.id}-{entry.number:03d}-{safe_filename(entry.name)}"
        for i, member in enumerate(members):
            statement = statements.of_diploma(self.edition, category, entry, row, member)
            if statement is None:
                return []
            issued = self.issue(entry, "diploma", statement, member)
            if issued is None:
                self.withhold("changed", "diploma", f"{label} ({member.name})" if member else label, category.id)
                continue
            doc = data.diploma(self.edition, category, entry, row, issued, member, self.base_url)
            filename = f"{stem}-{i:02d}-{safe_filename(member.name)}.pdf" if member else f"{stem}.pdf"
            docs.append(Document(filename, self.html("diploma", doc), issued))
        return docs

    # -- letters of thanks: one per teacher, naming the teacher's pupils

    def teachers(self) -> list[Teacher]:
        """The edition's teachers, each with the entries that earn a letter (read once per builder)."""
        if self._teachers is None:
            entries = db.session.scalars(
                select(Entry).join(Category, Category.id == Entry.category_id)
                .where(Category.edition_id == self.edition.id)
                .order_by(Category.position, Category.id, Entry.number)
            )
            self._teachers = letters.by_teacher(entries)
        return self._teachers

    def award_of(self, entry: Entry) -> str | None:
        """The award the entry's diploma prints; None when it gets no diploma (no result, not competing)."""
        if not entry.competing:
            return None
        rows = self._rows.get(entry.category_id)
        if rows is None:
            rows = self._rows[entry.category_id] = data.standing_rows(entry.category)[1]
        row = rows.get(entry.id)
        return row.award if row else None

    def issue_letter(self, teacher: Teacher, awards: dict[int, str | None], statement: dict) -> Letter | None:
        """The teacher's letter row in force, made with its pupils and statement when first needed;
        None when the one issued states something else (it is reprinted, not rewritten).

        The edition's letters are read once per builder, as diplomas are.
        """
        if self._letters is None:
            rows = db.session.scalars(
                select(Letter).where(Letter.edition_id == self.edition.id, Letter.superseded_at.is_(None))
                .options(selectinload(Letter.pupils))
            )
            self._letters = {row.teacher_key: row for row in rows}
        row = self._letters.get(teacher.key)
        if row is None:
            # the code is set here, not at flush, because it is printed before anything is stored
            row = new_letter(self.edition, teacher, awards, statement)
            db.session.add(row)
            self._letters[teacher.key] = row
        elif not statements.agrees(row.statement, statement):
            return None
        return row

    def letter(self, teacher: Teacher) -> Document | None:
        """One teacher's letter of thanks; None (withheld) until the results of every pupil it names
        are published, or when the letter issued says something else now."""
        if not all(lifecycle.published(entry.category) for entry in teacher.entries):
            self.withhold("unpublished", "thanks", teacher.name, None)
            return None
        awards = {entry.id: self.award_of(entry) for entry in teacher.entries}
        issued = self.issue_letter(teacher, awards, statements.of_letter(self.edition, teacher, awards))
        if issued is None:
            self.withhold("changed", "thanks", teacher.name, None)
            return None
        doc = data.letter(self.edition, teacher, awards, issued, self.base_url, logo=bool(self.common["logo"]))
        return Document(f"{teacher.number:03d}-{safe_filename(teacher.name)}.pdf", self.html("thanks", doc), issued)

    def letter_of_entry(self, entry: Entry) -> list[Document]:
        """The letter of thanks to the entry's teacher, naming all of that teacher's pupils
        (none for an entry without a teacher or withdrawn)."""
        if not letters.thanked(entry):
            return []
        key = letters.teacher_key(entry.teacher)
        return [doc for teacher in self.teachers() if teacher.key == key if (doc := self.letter(teacher))]

    def letters_of_category(self, category: Category) -> list[Document]:
        """The letters of the teachers with a pupil in the category (each names all their pupils)."""
        return [
            doc for t in self.teachers() if any(e.category_id == category.id for e in t.entries) if (doc := self.letter(t))
        ]

    def protocol(self, category: Category) -> Document:
        """The jury protocol; a long one also as two parts, drawn side by side and numbered afterwards."""
        doc = data.protocol(category)
        name = f"protocol-{category.position:02d}-{category.id}-{safe_filename(category.label('ru'))}.pdf"
        document = Document(name, self.html("protocol", doc), landscape=doc["landscape"])
        rows = doc["rows"]
        # Only the shipped template knows doc.part; an organiser's own is drawn whole.
        if len(rows) >= SPLIT_PROTOCOL_ROWS and "protocol" not in self.env.loader.overrides:
            cut = max(1, (len(rows) - 6) // 2)  # the first part also holds the heading and the jury
            document.parts = [self.html("protocol", {**doc, "rows": rows[:cut], "part": "first"}),
                              self.html("protocol", {**doc, "rows": rows[cut:], "part": "last"})]
            document.footer = templates_env.both(doc["category"]["label"], self.common["languages"])
        return document

    def sheet(self, category: Category, judge: Judge, blank: bool) -> Document:
        doc = data.score_sheet(category, judge, blank)
        kind = "blank_sheet" if blank else "sheet"
        return Document(f"{kind}-{category.id}-{judge.id}-{safe_filename(judge.name)}.pdf", self.html(kind, doc))

    def cards(self, judges: list[Judge]) -> Document:
        return Document("judge-cards.pdf", self.html("cards", data.judge_cards(self.edition, judges, self.base_url)))

    def confirmation(self, entry: Entry) -> Document:
        doc = data.confirmation(entry, self.base_url)
        return Document(f"confirmation-{entry.category_id}-{entry.number:03d}-{safe_filename(entry.name)}.pdf",
                        self.html("confirmation", doc))

    # -- sets of documents

    def category_documents(self, kind: str, category: Category) -> list[Document]:
        """Every document of a kind for one category, in running order."""
        if kind == "protocols":
            return [self.protocol(category)]
        if kind == "thanks":
            return self.letters_of_category(category)
        if kind == "diplomas" and not lifecycle.published(category):
            self.withhold("unpublished", "diploma", category.label("ru"), category.id)
            return []
        _, rows = data.standing_rows(category)
        docs: list[Document] = []
        for entry in data.entries_of(category):
            if kind == "diplomas":
                docs += self.diplomas_of_entry(entry, rows.get(entry.id))
            elif kind == "confirmations":
                if entry.status != "withdrawn":
                    docs.append(self.confirmation(entry))
        return docs

    def edition_documents(self, kind: str) -> list[Document]:
        """Every document of a kind in the edition, category by category."""
        return list(self.iter_documents(kind))

    def iter_documents(self, kind: str) -> Iterator[Document]:
        """The edition's documents of a kind one by one, so drawing can start before all are built."""
        if kind not in BULK_KINDS:
            raise ValueError(f"unknown kind of documents: {kind}")
        if kind == "thanks":  # one letter per teacher, whose pupils may be in several categories
            for teacher in self.teachers():
                if (document := self.letter(teacher)) is not None:
                    yield document
            return
        for category in self.edition.categories:
            for document in self.category_documents(kind, category):
                document.group = category.id
                yield document


# ---------------------------------------------------------------- PDFs through the cache


def cache_dir() -> Path:
    return Path(current_app.config["DOCUMENTS_DIR"]) / "cache"


def cache_path(key: str, root: Path | None = None) -> Path:
    return (root or cache_dir()) / key[:2] / f"{key}.pdf"


def pdf_of(document: Document) -> bytes:
    """One document's PDF, from the cache when its content has not changed."""
    path = cache_path(document.key)
    if path.is_file():
        return path.read_bytes()
    from judging.documents import bulk

    if document.parts and bulk.pool_is_warm():  # a second core to spare: draw the parts side by side
        pdf = bulk.draw_parts(document.parts, document.footer, document.landscape)
    else:
        pdf = render.off_loop(render.html_to_pdf, document.html)
    render.write_atomically(path, pdf)
    return pdf


def merged_pdf(documents: list[Document]) -> bytes:
    """Several documents as one PDF (each drawn on its own, then merged: memory stays small)."""
    if len(documents) == 1:
        return pdf_of(documents[0])
    # imported when first needed: pypdf (with fontTools) is about 10 MB the web process need not hold
    from pypdf import PdfWriter

    writer = PdfWriter()
    for document in documents:
        writer.append(io.BytesIO(pdf_of(document)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def record_hashes(documents: list[Document]) -> None:
    """Remember each issued diploma's or letter's content hash (what was drawn for that code)."""
    for document in documents:
        if document.issued is not None and document.issued.content_hash != document.key:
            document.issued.content_hash = document.key
