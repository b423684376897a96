"""Results of a category or a whole edition as CSV and XLSX, for the organisers.

Organisers see everything whatever the visibility: full names, institutions, each judge's total
from the stored standings' detail. Read from the stored standings, like every other output.

Until the jury finalises a category every row of it says «provisional» in its own column, with the
sheets of the panel it rests on and the panel's size; the columns stand after the notes, so a
spreadsheet built on the earlier columns keeps working.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import gettext as _

from judging import lifecycle, results
from judging.i18n import current_locale
from judging.labels import award_label, entry_status_label
from judging.models import Category, Judge
from judging.spreadsheet_cells import safe_row


@dataclass
class Sheet:
    """One table: a title, a header and rows of plain values."""

    title: str
    header: list[str]
    rows: list[list] = field(default_factory=list)


def place_text(place: int | None, place_to: int | None) -> str:
    """«2» or «2–3» for a shared place; empty without a place."""
    if place is None:
        return ""
    return str(place) if place_to in (None, place) else f"{place}–{place_to}"


def _number(value):
    """A number as a spreadsheet should hold it: 7 rather than 7.0, 8.67 as is."""
    if value is None or isinstance(value, str):
        return value
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def _judges(categories: list[Category]) -> list[Judge]:
    seen: dict[int, Judge] = {}
    for c in categories:
        for j in c.judges:
            if j.marks_for_panel:
                seen.setdefault(j.id, j)
    return sorted(seen.values(), key=lambda j: (j.position, j.id))


def _header(judges: list[Judge], with_category: bool) -> list[str]:
    head = [_("Category")] if with_category else []
    head += [_("Place"), _("No."), _("Name"), _("Members"), _("Institution"), _("District"), _("Teacher"),
             _("Repertoire"), _("Score"), _("Award"), _("Status")]
    head += [_("Judge total: %(name)s", name=j.name) for j in judges]
    head += [_("Notes"), _("Results"), _("Sheets"), _("Panel")]
    return head


def _rows(category: Category, judges: list[Judge], with_category: bool) -> list[list]:
    locale = current_locale()
    label = category.label(locale)
    entries = {e.id: e for e in category.entries}
    result = results.standings(category)
    standings = list(result.standings) if result is not None else []
    listed = {s.entry_id for s in standings}
    state = _("Provisional") if lifecycle.provisional(category) else _("Final")
    rows = []

    def row(entry, standing):
        detail = (standing.detail if standing else None) or {}
        totals = detail.get("judge_totals") or {}
        notes = []
        if detail.get("dropped"):
            names = [j.name for j in judges if str(j.id) in detail["dropped"]]
            notes.append(_("Dropped by trimming: %(names)s", names=", ".join(names)))
        if detail.get("tie_break"):
            notes.append(_("Tie broken by: %(step)s", step=str(detail["tie_break"])))
        cells = [label] if with_category else []
        cells += [
            place_text(standing.place, standing.place_to) if standing else "",
            entry.number, entry.name, ", ".join(m.name for m in entry.members), entry.institution,
            entry.district, entry.teacher, entry.repertoire,
            _number(standing.score) if standing else None,
            award_label(standing.award) if standing and standing.award else "",
            entry_status_label(entry.status),
        ]
        cells += [_number(totals[str(j.id)]) if str(j.id) in totals else ("—" if j in category.judges else "")
                  for j in judges]
        cells.append("; ".join(notes))
        cells += [state, standing.sheets if standing else None, standing.panel if standing else None]
        return cells

    for s in standings:
        if s.entry_id in entries:
            rows.append(row(entries[s.entry_id], s))
    # Withdrawn and disqualified entries are not ranked but belong in the record.
    for e in category.entries:
        if e.id not in listed:
            rows.append(row(e, None))
    return rows


def category_sheet(category: Category) -> Sheet:
    """One category's results."""
    judges = _judges([category])
    return Sheet(category.label(current_locale()), _header(judges, False), _rows(category, judges, False))


def edition_sheet(categories: list[Category]) -> Sheet:
    """Every category of an edition in one table, a column for the category."""
    judges = _judges(categories)
    rows = [r for c in categories for r in _rows(c, judges, True)]
    return Sheet(_("Results"), _header(judges, True), rows)


def to_csv(sheet: Sheet) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens Kazakh letters correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(safe_row(sheet.header))
    writer.writerows(safe_row("" if v is None else v for v in r) for r in sheet.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def _title(text: str, taken: set[str]) -> str:
    base = _BAD_TITLE.sub(" ", text).strip()[:28] or "Sheet"
    title, n = base, 1
    while title.lower() in taken:
        n += 1
        title = f"{base[:25]} {n}"
    taken.add(title.lower())
    return title


def to_xlsx(sheets: list[Sheet]) -> bytes:
    """A workbook with one worksheet per table, header bold and frozen, columns sized to fit."""
    # imported here: openpyxl is about 8 MB that a web process need not hold until someone exports
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE7F3")
    for sheet in sheets:
        ws = book.create_sheet(_title(sheet.title, taken))
        ws.append(safe_row(sheet.header))
        for cell in ws[1]:
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for r in sheet.rows:
            ws.append(safe_row(r))
        ws.freeze_panes = "A2"
        for i, head in enumerate(sheet.header, start=1):
            longest = max([len(str(head))] + [len(str(r[i - 1])) for r in sheet.rows if r[i - 1] is not None])
            ws.column_dimensions[get_column_letter(i)].width = min(max(8, longest + 2), 50)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
