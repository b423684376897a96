"""Importing entries from a spreadsheet: keep the upload, preview it, store the good rows on confirm.

The uploaded file stays on the server (``IMPORTS_DIR``, by default ``instance/imports``) under a
random name between the preview and the confirmation, never in the cookie session. Confirming reads
it again and re-checks every row against what is stored by then, so two imports of the same file
cannot enter the same child twice.

Re-checking is not enough when one upload is confirmed twice at once (a double click, two tabs,
two server processes): both requests read the rows before either stores them. So confirming first
writes an EntryImport row for the upload's token, unique in the database, in the same transaction
as the entries: the second confirmation fails on that row (on PostgreSQL it waits until the first
commits, then fails) and stores nothing, and an import that fails takes its row back with it.
"""

from __future__ import annotations

import io
import json
import logging
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path, PurePath

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, OperationalError

from judging import audit, off_loop
from judging.entries.operations import EntryError, refresh_results, refuse_if_final
from judging.extensions import db
from judging.importing import CategoryChoice, EntryDraft, Preview, SheetReadError, name_key, preview, read_table
from judging.models import Category, Edition, Entry, EntryImport, Member
from judging.models.base import localized
from judging.spreadsheet_cells import safe_row

log = logging.getLogger(__name__)

KEEP_SECONDS = 24 * 3600  # an upload nobody confirmed within a day is dropped
READ_SECONDS = 20  # a list within the row limits reads in well under a second; past this, give up
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
ALLOWED_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt", ".xls")

# The template's header: Kazakh / Russian, each spelling one the importer knows.
TEMPLATE_HEADER = (
    ("name", "Аты-жөні / ФИО", 32),
    ("category", "Санат / Категория", 40),
    ("kind", "Қатысу түрі / Вид участия", 18),
    ("birth_date", "Туған күні / Дата рождения", 16),
    ("institution", "Мекеме / Учреждение", 32),
    ("district", "Аудан / Район", 20),
    ("teacher", "Жетекші / Руководитель", 28),
    ("repertoire", "Репертуар", 36),
    ("members", "Ұжым мүшелері / Состав коллектива", 40),
)


class UploadMissing(LookupError):
    """The kept upload is gone (confirmed, cancelled, expired) or belongs to another edition."""


class AlreadyImported(Exception):
    """The upload was confirmed and stored already (by another request, perhaps at the same moment)."""


@dataclass
class KeptUpload:
    """An upload waiting for the organiser's confirmation."""

    token: str
    filename: str
    edition_id: int
    default_category_id: int | None
    data: bytes


def imports_dir() -> Path:
    """Where uploads wait between preview and confirmation."""
    path = Path(current_app.config.get("IMPORTS_DIR") or Path(current_app.instance_path) / "imports")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _drop_stale(folder: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for path in folder.glob("*.*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:  # another request removed it first
            pass


def keep_upload(edition: Edition, filename: str, data: bytes, default_category_id: int | None, user_id: int | None) -> str:
    """Save an upload under a random name and return the token that names it."""
    name = PurePath(filename or "").name or "upload.csv"
    if PurePath(name).suffix.lower() not in ALLOWED_SUFFIXES:
        raise EntryError(_("“%(filename)s” is not a spreadsheet: upload an .xlsx or .csv file.", filename=name), "file")
    folder = imports_dir()
    _drop_stale(folder)
    token = secrets.token_hex(16)
    (folder / f"{token}.data").write_bytes(data)
    meta = {"filename": name, "edition_id": edition.id, "default_category_id": default_category_id,
            "user_id": user_id, "uploaded_at": time.time()}
    (folder / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def load_upload(edition: Edition, token: str) -> KeptUpload:
    """The kept upload named by the token, for this edition only."""
    if not _TOKEN.match(token or ""):
        raise UploadMissing(token)
    folder = imports_dir()
    try:
        meta = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
        data = (folder / f"{token}.data").read_bytes()
    except (OSError, ValueError) as exc:
        raise UploadMissing(token) from exc
    if meta.get("edition_id") != edition.id:
        raise UploadMissing(token)
    return KeptUpload(token=token, filename=meta["filename"], edition_id=edition.id,
                      default_category_id=meta.get("default_category_id"), data=data)


def discard_upload(token: str) -> None:
    """Forget a kept upload (after storing it, or when the organiser cancels)."""
    if not _TOKEN.match(token or ""):
        return
    for suffix in (".data", ".json"):
        (imports_dir() / f"{token}{suffix}").unlink(missing_ok=True)


def category_choices(edition: Edition) -> list[CategoryChoice]:
    """Every way a file may name each category of the edition, in each language."""
    choices = []
    for category in edition.categories:
        names: list[str] = []
        for locale in ("kk", "ru", "en"):
            parts = [localized(getattr(category, part), locale) for part in ("nomination", "age_group", "form")]
            parts = [p for p in parts if p]
            names += [" / ".join(parts), " · ".join(parts), category.label(locale)]
        keys = [k for k in (category.nomination_key, category.age_group_key, category.form_key) if k]
        names.append("/".join(keys))
        choices.append(CategoryChoice(id=category.id, names=list(dict.fromkeys(n for n in names if n))))
    return choices


def existing_names(edition: Edition) -> set[tuple[int, str]]:
    """(category id, name key) of the entries already stored, so a file cannot enter them twice."""
    rows = db.session.execute(
        select(Entry.category_id, Entry.name).join(Category).where(Category.edition_id == edition.id)
    ).all()
    return {(category_id, name_key(name)) for category_id, name in rows}


def preview_upload(edition: Edition, kept: KeptUpload) -> tuple[Preview, list[dict[str, str]]]:
    """What the kept file would enter now, and its rows as read (raises SheetReadError)."""
    rows = _read(kept)
    default = kept.default_category_id
    if default is not None and not any(c.id == default for c in edition.categories):
        default = None
    result = preview(rows, category_choices(edition), default_category_id=default, existing=existing_names(edition))
    return result, rows


def _read(kept: KeptUpload) -> list[dict[str, str]]:
    """The kept file's rows, read in a native thread: parsing a workbook must not stop the tablets."""
    try:
        return off_loop.run(read_table, kept.filename, kept.data, timeout=READ_SECONDS)
    except off_loop.TooSlow:
        # The thread reads on until the file ends; the row limits bound how long that can be.
        raise SheetReadError("too_slow", filename=PurePath(kept.filename).name) from None


def was_imported(token: str) -> bool:
    """Whether the upload named by the token has been stored."""
    return _claimed(token)


def _claimed(token: str) -> bool:
    return db.session.scalar(select(EntryImport.id).where(EntryImport.token == token)) is not None


def _claim(edition: Edition, token: str, filename: str, user_id: int | None) -> None:
    """Write the upload's unique row first, so a second confirmation stops before it reads any numbers."""
    db.session.add(EntryImport(token=token, edition_id=edition.id, filename=filename, user_id=user_id))
    try:
        db.session.flush()
    except (IntegrityError, OperationalError):
        # IntegrityError: the token is taken. OperationalError: SQLite could not take the write lock
        # in time, or its snapshot went stale because the first confirmation committed meanwhile.
        db.session.rollback()
        if _claimed(token):
            raise AlreadyImported(token) from None
        raise


def store_drafts(edition: Edition, drafts: list[EntryDraft], *, token: str, filename: str, rows_total: int,
                 skipped_rows: list[int], user_id: int | None = None) -> list[Entry]:
    """Enter the drafts, each last in its category's running order, in one transaction with the
    upload's claim; raises AlreadyImported when the upload has been stored already."""
    try:
        _claim(edition, token, filename, user_id)
        stored = _add_entries(edition, drafts)
        db.session.flush()
        audit.record("entries.imported", f"edition:{edition.id}", edition_id=edition.id,
                     after={"file": filename, "rows": rows_total, "stored": [e.id for e in stored],
                            "skipped_rows": skipped_rows})
        db.session.commit()
    except AlreadyImported:
        raise
    except Exception:
        db.session.rollback()  # no entry without its claim, no claim without its entries
        raise
    log.info("edition %s: %s entries imported from %s, %s rows skipped", edition.id, len(stored), filename,
             len(skipped_rows))
    refresh_results(*dict.fromkeys(entry.category for entry in stored))
    return stored


def _add_entries(edition: Edition, drafts: list[EntryDraft]) -> list[Entry]:
    """The drafts as entries of the session, each last in its category's running order."""
    categories = {c.id: c for c in edition.categories}
    numbers: dict[int, int] = {}
    stored: list[Entry] = []
    with db.session.no_autoflush:
        for draft in drafts:
            category = categories.get(draft.category_id)
            if category is None:
                raise EntryError(_("Row %(row)s names a category of another edition.", row=draft.row))
            if draft.category_id not in numbers:
                refuse_if_final(category)
                numbers[draft.category_id] = db.session.scalar(
                    select(func.coalesce(func.max(Entry.number), 0)).where(Entry.category_id == category.id)
                )
            numbers[draft.category_id] += 1
            entry = Entry(
                category=category, number=numbers[draft.category_id], kind=draft.kind, name=draft.name,
                birth_date=draft.birth_date, institution=draft.institution, district=draft.district,
                teacher=draft.teacher, repertoire=draft.repertoire,
                original={k: v for k, v in draft.original.items() if not k.startswith("members[")},
            )
            entry.members = [
                Member(position=i, name=member, original_name=draft.original.get(f"members[{i}]"))
                for i, member in enumerate(draft.members)
            ]
            db.session.add(entry)
            stored.append(entry)
    return stored


def template_workbook(edition: Edition, locale: str) -> bytes:
    """An .xlsx to fill in: the header in Kazakh and Russian, a category list to choose from."""
    # imported here: openpyxl is about 8 MB that a web process need not hold until someone asks for this
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Қатысушылар — Участники"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for column, (_field, title, width) in enumerate(TEMPLATE_HEADER, start=1):
        cell = sheet.cell(row=1, column=column, value=title)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = "A2"

    lists = workbook.create_sheet("Санаттар — Категории")
    lists.append(["Санат / Категория", "Қатысу түрі / Вид участия"])
    names = []
    for category in edition.categories:
        parts = [localized(getattr(category, p), locale) for p in ("nomination", "age_group", "form")]
        names.append(" / ".join(p for p in parts if p))
    kinds = ["жеке / соло", "ұжым / коллектив"]
    for i in range(max(len(names), len(kinds))):
        lists.append(safe_row([names[i] if i < len(names) else None, kinds[i] if i < len(kinds) else None]))
    lists.column_dimensions["A"].width = 50
    lists.column_dimensions["B"].width = 24
    if names:
        category_list = DataValidation(type="list", formula1=f"='{lists.title}'!$A$2:$A${len(names) + 1}",
                                       allow_blank=True)
        sheet.add_data_validation(category_list)
        category_list.add("B2:B1000")
    kind_list = DataValidation(type="list", formula1=f"='{lists.title}'!$B$2:$B$3", allow_blank=True)
    sheet.add_data_validation(kind_list)
    kind_list.add("C2:C1000")
    for row in sheet.iter_rows(min_row=2, max_row=1000, min_col=4, max_col=4):
        row[0].number_format = "DD.MM.YYYY"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
