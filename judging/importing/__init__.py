"""Reading entries from an uploaded spreadsheet into a preview; nothing here touches the database."""

from judging.importing.entries import COLUMNS, CategoryChoice, EntryDraft, Preview, RowError, name_key, preview
from judging.importing.spreadsheet import SheetReadError, read_table

__all__ = [
    "COLUMNS",
    "CategoryChoice",
    "EntryDraft",
    "Preview",
    "RowError",
    "SheetReadError",
    "name_key",
    "preview",
    "read_table",
]
