"""An uploaded entry list is read within bounds: rows, columns and time, whatever the file claims."""

from __future__ import annotations

import io
import re
import threading
import zipfile

import pytest
from openpyxl import Workbook

from judging import off_loop
from judging.entries import upload
from judging.importing import SheetReadError, read_table, spreadsheet
from judging.importing.spreadsheet import MAX_COLUMNS, MAX_ROWS


def far_cell_xlsx(row: int, dimension: str) -> bytes:
    """A tiny workbook whose one cell sits at `row`, its size declared as `dimension`."""
    book = Workbook()
    book.active["A1"] = "x"
    out = io.BytesIO()
    book.save(out)
    source, target = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as rewritten:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = re.sub(r'<dimension ref="[^"]*" ?/>', f'<dimension ref="{dimension}"/>', text)
                text = text.replace('<row r="1"', f'<row r="{row}"').replace('r="A1"', f'r="A{row}"')
                data = text.encode()
            rewritten.writestr(item, data)
    return target.getvalue()


@pytest.fixture
def cells_read(monkeypatch):
    """How many cells the reader turned into text; more than the bounds allow fails at once."""
    count = {"n": 0}
    real = spreadsheet._cell_text

    def counted(value):
        count["n"] += 1
        if count["n"] > (MAX_ROWS + 1) * (MAX_COLUMNS + 1):
            raise MemoryError("the reader went past its bounds")
        return real(value)

    monkeypatch.setattr(spreadsheet, "_cell_text", counted)
    return count


@pytest.mark.parametrize("dimension", ["A1:A30000000", "A1"])  # what the sheet says about its size, true or not
def test_a_lone_cell_thirty_million_rows_down_is_not_walked_to(cells_read, dimension):
    data = far_cell_xlsx(30_000_000, dimension)
    assert len(data) < 10_000
    with pytest.raises(SheetReadError) as refused:
        read_table("entries.xlsx", data)
    assert refused.value.code in ("too_many_rows", "empty_file")
    assert cells_read["n"] <= (MAX_ROWS + 1) * (MAX_COLUMNS + 1)


def test_a_declared_size_past_the_limit_is_refused_before_reading(cells_read):
    with pytest.raises(SheetReadError) as refused:
        read_table("entries.xlsx", far_cell_xlsx(30_000_000, "A1:A30000000"))
    assert refused.value.code == "too_many_rows" and cells_read["n"] == 0
    assert "5000" in refused.value.message


def _rows_xlsx(rows: int, columns: int = 3) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([f"Колонка {c}" for c in range(columns)])
    for r in range(rows):
        sheet.append([f"Қатысушы {r}"] + ["x"] * (columns - 1))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("filename", ["entries.xlsx", "entries.csv"])
def test_too_many_rows_are_refused_and_the_limit_is_not(filename):
    def data(rows):
        if filename.endswith(".xlsx"):
            return _rows_xlsx(rows)
        return ("ФИО,Категория\n" + "".join(f"Қатысушы {r},Эстрада\n" for r in range(rows))).encode()

    assert len(read_table(filename, data(MAX_ROWS - 1))) == MAX_ROWS - 1  # the header and 4,999 entries
    with pytest.raises(SheetReadError) as refused:
        read_table(filename, data(MAX_ROWS))
    assert refused.value.code == "too_many_rows"


@pytest.mark.parametrize("filename", ["entries.xlsx", "entries.csv"])
def test_too_many_columns_are_refused(filename):
    columns = MAX_COLUMNS + 1
    if filename.endswith(".xlsx"):
        data = _rows_xlsx(2, columns)
    else:
        data = (",".join(f"Колонка {c}" for c in range(columns)) + "\n" + ",".join(["x"] * columns) + "\n").encode()
    with pytest.raises(SheetReadError) as refused:
        read_table(filename, data)
    assert refused.value.code == "too_many_columns"
    assert str(MAX_COLUMNS) in refused.value.message


# ---------------------------------------------------------------------------- through the pages


@pytest.fixture
def russian_upload(app, client, tmp_path, organiser, make_edition):
    app.config["IMPORTS_DIR"] = str(tmp_path / "imports")
    with client.session_transaction() as session:
        session["lang"] = "ru"
    edition = make_edition(entries=0)

    def send(data: bytes, filename: str = "entries.xlsx"):
        response = client.post(f"/admin/editions/{edition.id}/entries/import",
                               data={"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data")
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)

    return send


def test_the_organiser_reads_why_in_their_language(russian_upload):
    html = russian_upload(far_cell_xlsx(30_000_000, "A1:A30000000"))
    assert "больше 5000 строк" in html


def test_the_file_is_read_off_the_event_loop(russian_upload, monkeypatch):
    calls = []
    real = off_loop.run

    def spy(function, *args, **kwargs):
        calls.append((function, kwargs.get("timeout")))
        return real(function, *args, **kwargs)

    monkeypatch.setattr(off_loop, "run", spy)
    russian_upload("ФИО,Категория\nӘлия,Эстрада\n".encode(), "entries.csv")
    assert calls == [(read_table, upload.READ_SECONDS)]


def test_a_read_past_its_time_limit_is_abandoned_with_a_message(russian_upload, monkeypatch):
    released = threading.Event()

    def never_done(filename, data):
        released.wait()  # stands for a file that takes longer than the limit, however long that is
        return []

    monkeypatch.setattr(upload, "read_table", never_done)
    monkeypatch.setattr(upload, "READ_SECONDS", 0.05)
    try:
        html = russian_upload("ФИО,Категория\nӘлия,Эстрада\n".encode(), "entries.csv")
    finally:
        released.set()
    assert "слишком долго" in html

