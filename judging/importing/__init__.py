"""Reading entries from an uploaded spreadsheet into a preview; nothing here touches the database."""

from judging.importing.spreadsheet import SheetReadError, read_table

__all__ = ["SheetReadError", "read_table"]
