"""Public pages, their JSON and the organisers' exports until the jury finalises a category."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook


def _one_short(category, mark):
    """Every judge marks the first two entries; the third has one sheet of three, and the best score."""
    first, second, third = category.entries
    for judge in category.judges:
        mark(first, judge, 9)
        mark(second, judge, 8)
    mark(third, category.judges[0], 10)
    return third


def test_category_page_says_provisional_and_shows_sheets_and_no_award_on_a_short_row(
        client, make_edition, mark, finalise):
    edition = make_edition(visibility="live")
    category = edition.categories[0]
    short = _one_short(category, mark)
    url = f"/results/{edition.slug}/{category.id}"
    html = client.get(url).get_data(as_text=True)
    assert "Provisional results" in html and "Final results" not in html
    rows = re.findall(r"<tr>.*?</tr>", html, re.S)[1:]  # the header first
    assert len(rows) == 3
    first_row = rows[0]  # the short row leads with its provisional 10
    assert ">1/3<" in first_row and ">1<" in first_row, "its provisional place and its sheets show"
    assert "Grand Prix" not in first_row and "Laureate" not in first_row, "no award on an incomplete row"
    assert all(">3/3<" in r for r in rows[1:]) and all("Laureate" in r or "Grand Prix" in r for r in rows[1:])
    for judge in category.judges[1:]:
        mark(short, judge, 10)
    finalise(category)
    html = client.get(url).get_data(as_text=True)
    assert "Final results" in html and "Provisional results" not in html
    assert "/3<" not in html, "no sheet counts once final"
    assert "Grand Prix" in re.findall(r"<tr>.*?</tr>", html, re.S)[1]


def test_edition_page_says_provisional_in_russian(client, make_edition, mark):
    edition = make_edition(visibility="live")
    _one_short(edition.categories[0], mark)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ru"
    html = client.get(f"/results/{edition.slug}").get_data(as_text=True)
    assert "Предварительные результаты" in html and "Итоговые результаты" not in html
    assert ">1/3<" in html


def test_results_json_carries_provisional_version_and_sheets(client, make_edition, mark, finalise):
    edition = make_edition(visibility="live")
    category = edition.categories[0]
    short = _one_short(category, mark)
    [data] = client.get(f"/results/{edition.slug}/results.json").get_json()["categories"]
    assert data["provisional"] is True and data["version"] >= 1
    rows = {r["entry"]: r for r in data["rows"]}
    assert (rows[short.id]["sheets"], rows[short.id]["panel"]) == (1, 3)
    assert rows[short.id]["award"] is None and rows[short.id]["award_label"] is None
    assert all(r["award"] and (r["sheets"], r["panel"]) == (3, 3) for e, r in rows.items() if e != short.id)
    version = data["version"]
    for judge in category.judges[1:]:
        mark(short, judge, 10)
    finalise(category)
    [data] = client.get(f"/results/{edition.slug}/results.json").get_json()["categories"]
    assert data["provisional"] is False and data["version"] > version
    assert all(r["award"] for r in data["rows"])


def test_json_of_a_hidden_category_says_nothing_of_its_state(client, make_edition, mark):
    edition = make_edition(visibility="hidden")
    _one_short(edition.categories[0], mark)
    [data] = client.get(f"/results/{edition.slug}/results.json").get_json()["categories"]
    assert data["rows"] is None and data["provisional"] is None and data["version"] is None


def test_csv_export_marks_provisional_rows_with_their_sheets(client, organiser, make_edition, mark, finalise):
    edition = make_edition()
    category = edition.categories[0]
    short = _one_short(category, mark)
    url = f"/admin/editions/{edition.id}/results/{category.id}/export.csv"
    rows = list(csv.reader(io.StringIO(client.get(url).data.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Place", "No.", "Name"] and header[-3:] == ["Results", "Sheets", "Panel"]
    by_name = {r[header.index("Name")]: r for r in body}
    assert by_name[short.name][-3:] == ["Provisional", "1", "3"]
    assert all(r[-3:] == ["Provisional", "3", "3"] for n, r in by_name.items() if n != short.name)
    for judge in category.judges[1:]:
        mark(short, judge, 10)
    finalise(category)
    rows = list(csv.reader(io.StringIO(client.get(url).data.decode("utf-8-sig"))))
    assert all(r[-3:] == ["Final", "3", "3"] for r in rows[1:])


def test_xlsx_export_marks_provisional_rows_in_russian(client, organiser, make_edition, mark):
    edition = make_edition()
    short = _one_short(edition.categories[0], mark)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "ru"
    book = load_workbook(io.BytesIO(client.get(f"/admin/editions/{edition.id}/results/export.xlsx").data))
    values = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    header = values[0]
    row = next(r for r in values[1:] if short.name in r)
    assert row[header.index("Листы")] == 1 and row[header.index("Судей")] == 3
    assert row[header.index("Результаты")] == "Предварительные"
