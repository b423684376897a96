"""Documents as (file name, HTML) pairs, and their PDFs through a cache of unchanged documents.

A document's PDF is stored under DOCUMENTS_DIR/cache by the hash of its HTML (data and template)
and the fonts version, so printing the diplomas again after one mark changed redraws only the
documents whose content changed.
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

from judging.documents import data, render, templates_env
from judging.extensions import db
from judging.models import Category, Edition, Entry, Judge
from judging.models.document import Diploma, DocumentTemplate, new_diploma_code

# Awards that earn no diploma: an entry without standings or without an award gets nothing.
BULK_KINDS = ("diplomas", "thanks", "protocols", "confirmations")
# From this many entries a protocol is drawn in two parts at once (one process lays out about 40 rows a second).
SPLIT_PROTOCOL_ROWS = 80


@dataclass
class Document:
    """One document to draw: its file name in a ZIP and its HTML."""

    filename: str
    html: str
    diploma: Diploma | None = None
    # A long protocol is drawn in parts on both cores (see bulk.draw_parts); html is still the whole.
    parts: list[str] | None = None
    footer: str = ""
    landscape: bool = False
    group: int | None = None  # the category: bulk drawing never puts two categories in one chunk

    @cached_property
    def key(self) -> str:
        return render.document_hash(self.html)


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

    def issue(self, entry: Entry, kind: str, award: str | None, name: str, member=None) -> Diploma:
        """The diploma row of an entry (its code never changes once printed); made when first needed.

        The edition's rows are read once per builder, so a bulk run makes no query per document.
        """
        if self._issued is None:
            rows = db.session.scalars(
                select(Diploma).join(Entry, Entry.id == Diploma.entry_id).join(Category, Category.id == Entry.category_id)
                .where(Category.edition_id == self.edition.id)
            )
            self._issued = {(r.entry_id, r.kind, r.member_id): r for r in rows}
        key = (entry.id, kind, member.id if member else None)
        row = self._issued.get(key)
        if row is None:
            # the code is set here, not at flush, because it is printed before anything is stored
            row = Diploma(code=new_diploma_code(), entry_id=entry.id, kind=kind, member_id=key[2], award=award, name=name)
            db.session.add(row)
            self._issued[key] = row
        elif (row.award, row.name) != (award, name):
            row.award, row.name = award, name
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
        """The entry's diploma, and its members' when the edition gives one per member (none without an award)."""
        category = entry.category
        if row is None:
            _, rows = data.standing_rows(category)
            row = rows.get(entry.id)
        if row is None or row.award is None or not entry.competing:
            return []
        docs = []
        issued = self.issue(entry, "diploma", row.award, entry.name)
        doc = data.diploma(self.edition, category, entry, row, issued, None, self.base_url)
        stem = f"{category.position:02d}-{category.id}-{entry.number:03d}-{safe_filename(entry.name)}"
        docs.append(Document(f"{stem}.pdf", self.html("diploma", doc), issued))
        if self.member_diplomas and entry.kind == "collective":
            for i, member in enumerate(entry.members, start=1):
                issued_m = self.issue(entry, "diploma", row.award, member.name, member)
                doc = data.diploma(self.edition, category, entry, row, issued_m, member, self.base_url)
                docs.append(Document(f"{stem}-{i:02d}-{safe_filename(member.name)}.pdf", self.html("diploma", doc), issued_m))
        return docs

    def thanks_of_entry(self, entry: Entry) -> list[Document]:
        """The letter of thanks to the entry's teacher (none without a teacher or for a withdrawn entry)."""
        if not entry.teacher.strip() or entry.status == "withdrawn":
            return []
        category = entry.category
        issued = self.issue(entry, "thanks", None, entry.teacher)
        doc = data.thanks(self.edition, category, entry, issued, self.base_url)
        name = f"{category.position:02d}-{category.id}-{entry.number:03d}-{safe_filename(entry.teacher)}.pdf"
        return [Document(name, self.html("thanks", doc), issued)]

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
        _, rows = data.standing_rows(category)
        docs: list[Document] = []
        for entry in data.entries_of(category):
            if kind == "diplomas":
                docs += self.diplomas_of_entry(entry, rows.get(entry.id))
            elif kind == "thanks":
                docs += self.thanks_of_entry(entry)
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
    """Remember each issued diploma's content hash (what was drawn for that code)."""
    for document in documents:
        if document.diploma is not None and document.diploma.content_hash != document.key:
            document.diploma.content_hash = document.key
