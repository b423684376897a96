"""Reading an uploaded CSV or XLSX file into rows of text keyed by its header.

Organisers upload what their office software gives them: Excel workbooks, "CSV UTF-8", CSV saved
by a Russian Excel (cp1251, semicolons), Excel's "Unicode text" (UTF-16, tabs), sometimes with a
title row above the header. All of that is read here into plain text; what the text means is
decided in :mod:`judging.importing.entries`.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from pathlib import PurePath

from judging.importing.messages import Gettext, render

Grid = list[tuple[int, list[str]]]  # (spreadsheet row number, cell texts)

XLSX_EXTENSIONS = (".xlsx", ".xlsm")
TEXT_EXTENSIONS = (".csv", ".tsv", ".txt")
DELIMITERS = (",", ";", "\t")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and any password-protected workbook
_OTHER_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"{\\rtf")
# Bytes that mean Kazakh letters in KZ-1048 (STRK 1048) but Serbian or Ukrainian ones in cp1251: a
# Kazakh single-byte file uses them, a Russian one does not.
_KZ1048_ONLY = frozenset(
    b for b in range(0x80, 0x100) if bytes([b]).decode("cp1251", "replace") != bytes([b]).decode("kz1048", "replace")
)
_TITLE_LOOKAHEAD = 10  # how many filled rows a title may push the header down
# The largest table read, header included. A festival's list is a few hundred rows of about ten
# columns; a 1.5 KB workbook with one cell 30 million rows down would otherwise be read as 30
# million empty rows (42 s and 5 GB).
MAX_ROWS = 5000
MAX_COLUMNS = 60


class SheetReadError(Exception):
    """The upload cannot be read as a table; ``render(gettext)`` says why in the user's language."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params: dict[str, object] = params
        self.message = render(code, params)
        super().__init__(self.message)

    def render(self, gettext: Gettext) -> str:
        """The reason, translated through the given gettext."""
        return render(self.code, self.params, gettext)


def read_table(filename: str, data: bytes) -> list[dict[str, str]]:
    """Rows of the first sheet keyed by the header as written, each with its row number in ``_row``."""
    name = PurePath(filename).name or filename
    if not data.strip():
        raise SheetReadError("empty_file", filename=name)
    if data.startswith(_OLE_MAGIC):
        raise SheetReadError("old_excel", filename=name)
    extension = PurePath(filename).suffix.lower()
    # A workbook renamed to .csv is still a workbook: trust the content before the name.
    if extension in XLSX_EXTENSIONS or (data.startswith(_ZIP_MAGIC) and extension in (*TEXT_EXTENSIONS, ".xls")):
        grid = _xlsx_grid(name, data)
    elif extension in (*TEXT_EXTENSIONS, ".xls"):  # web systems often save tab-separated text as .xls
        grid = _csv_grid(name, data)
    else:
        raise SheetReadError("not_spreadsheet", filename=name)
    return _rows(name, grid)


def _xlsx_grid(name: str, data: bytes) -> Grid:
    from openpyxl import load_workbook  # only uploads need it; keeps importing this module cheap

    if not data.startswith(_ZIP_MAGIC):
        raise SheetReadError("not_spreadsheet", filename=name)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            _check_size(name, sheet.max_row or 0, sheet.max_column or 0)  # the size the sheet declares
            sheet.reset_dimensions()  # some programs write too small a size, which would cut rows off
            # One row and one column past the limits, to tell a table that is too big; rows that
            # hold no cell are not walked to past them.
            values = sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1, values_only=True)
            grid = [(number, [_cell_text(v) for v in cells]) for number, cells in enumerate(values, 1)]
        finally:
            workbook.close()
    except SheetReadError:
        raise
    except Exception as exc:  # a damaged upload fails in openpyxl, zipfile or the XML parser alike
        raise SheetReadError("not_spreadsheet", filename=name) from exc
    return _bounded(name, grid)


def _check_size(name: str, rows: int, columns: int) -> None:
    if rows > MAX_ROWS:
        raise SheetReadError("too_many_rows", filename=name, limit=MAX_ROWS)
    if columns > MAX_COLUMNS:
        raise SheetReadError("too_many_columns", filename=name, limit=MAX_COLUMNS)


def _bounded(name: str, rows: Iterable[tuple[int, list[str]]]) -> Grid:
    """The rows within the limits; a filled cell past them refuses the file."""
    grid: Grid = []
    for number, cells in rows:
        filled = [i for i, c in enumerate(cells) if c.strip()]
        if not filled:
            continue  # blank rows carry nothing; their numbers stay with the rows that follow
        _check_size(name, number, filled[-1] + 1)
        grid.append((number, cells[:MAX_COLUMNS]))  # a CSV line of a million commas keeps 60 cells
    return grid


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores every number as a float; 12 should read "12", not "12.0"
    return str(value)


def _csv_grid(name: str, data: bytes) -> Grid:
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if data.startswith(_OTHER_MAGIC) or (not utf16 and not _looks_like_text(data[:20000].decode("latin-1"))):
        raise SheetReadError("not_spreadsheet", filename=name)  # before decoding: junk has no encoding to name
    text = _decode(name, data)
    if not _looks_like_text(text[:20000]):
        raise SheetReadError("not_spreadsheet", filename=name)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _bounded(name, enumerate(reader, 1))
    except csv.Error as exc:
        raise SheetReadError("not_spreadsheet", filename=name) from exc


def _decode(name: str, data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else a Cyrillic code page."""
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data.decode("utf-8-sig")
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")  # Excel's "Unicode text"
    except UnicodeDecodeError as exc:
        raise SheetReadError("unknown_encoding", filename=name) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass  # a Windows code page: UTF-8 text of any length almost never fails to decode
    codec = "kz1048" if not _KZ1048_ONLY.isdisjoint(data) else "cp1251"
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise SheetReadError("unknown_encoding", filename=name) from exc


def _looks_like_text(sample: str) -> bool:
    """False for binary content: text has next to no control characters and never a NUL."""
    controls = sum(1 for ch in sample if ord(ch) < 0x20 and ch not in "\t\r\n" or unicodedata.category(ch) in ("Co", "Cn"))
    return controls <= len(sample) // 100 and "\x00" not in sample


def _delimiter(text: str) -> str:
    """The delimiter that splits the first rows into the same number of columns most often."""

    def score(delimiter: str) -> tuple[int, int]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        widths: list[int] = []
        try:
            for cells in reader:
                if any(c.strip() for c in cells):
                    widths.append(len(cells))
                if len(widths) >= 20:
                    break
        except csv.Error:
            return (0, 0)
        common = Counter(w for w in widths if w > 1).most_common()
        if not common:
            return (0, 0)
        top = max(count for _, count in common)
        width = max(w for w, count in common if count == top)
        return (top, width)

    return max(DELIMITERS, key=score)  # ties keep the earlier delimiter, the comma first


def _rows(name: str, grid: Grid) -> list[dict[str, str]]:
    filled = [(number, cells) for number, cells in grid if any(c.strip() for c in cells)]
    if not filled:
        raise SheetReadError("empty_file", filename=name)
    header_at = _header_index(filled)
    header = filled[header_at][1]
    if not any(ch.isalpha() for cell in header for ch in cell):
        raise SheetReadError("no_header", filename=name)
    data = filled[header_at + 1 :]
    if not data:
        raise SheetReadError("no_rows", filename=name)
    width = max(len(cells) for _, cells in filled[header_at:])
    keys = _keys(header, width, data)
    rows: list[dict[str, str]] = []
    for number, cells in data:
        row = {key: (cells[i] if i < len(cells) else "") for i, key in keys.items()}
        row["_row"] = str(number)
        rows.append(row)
    return rows


def _header_index(filled: Grid) -> int:
    """The header is the first filled row, unless that is a one-cell title above a wider row."""

    def cells_used(cells: list[str]) -> int:
        return sum(1 for c in cells if c.strip())

    if cells_used(filled[0][1]) > 1:
        return 0
    for index, (_, cells) in enumerate(filled[:_TITLE_LOOKAHEAD]):
        if cells_used(cells) > 1:
            return index
    return 0


def _keys(header: list[str], width: int, data: Iterable[tuple[int, list[str]]]) -> Mapping[int, str]:
    """Column index -> key: the header text; a repeated one gets « (2)»; an unnamed column with data its letter."""
    from openpyxl.utils import get_column_letter

    used = {i for _, cells in data for i, c in enumerate(cells) if c.strip()}
    keys: dict[int, str] = {}
    taken: set[str] = {"_row"}
    for i in range(width):
        text = header[i].strip() if i < len(header) else ""
        if not text:
            if i not in used:
                continue
            text = get_column_letter(i + 1)
        key, copy = text, 1
        while key in taken:
            copy += 1
            key = f"{text} ({copy})"
        taken.add(key)
        keys[i] = key
    return keys
