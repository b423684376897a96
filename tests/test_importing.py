"""Importing entries: files read in every shape organisers upload."""

from __future__ import annotations

import codecs
import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from judging.importing import SheetReadError, read_table
from judging.importing.messages import MESSAGES


def make_csv(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


def make_xlsx(rows: list[list[object]], *, title: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if title is not None:
        sheet.append([title])
    for row in rows:
        sheet.append(row)
    workbook.create_sheet("Жюри").append(["not", "read"])  # only the first sheet holds entries
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# Reading files ---------------------------------------------------------------------------------


HEADER = ["Аты-жөні", "Санат", "Туған күні"]
ROWS = [["Әліхан Серікұлы", "Халық әні", "03.05.2014"], ["Иванова Анна", "Folk singing", "2015-01-31"]]


@pytest.mark.parametrize(
    ("filename", "data"),
    [
        ("entries.csv", make_csv([HEADER, *ROWS])),
        ("entries.csv", codecs.BOM_UTF8 + make_csv([HEADER, *ROWS])),  # Excel's "CSV UTF-8"
        ("entries.csv", make_csv([HEADER, *ROWS], delimiter=";")),
        ("entries.txt", codecs.BOM_UTF16_LE + make_csv([HEADER, *ROWS], delimiter="\t", encoding="utf-16-le")),
        ("entries.csv", make_csv([HEADER, *ROWS], delimiter=";", encoding="kz1048")),  # Kazakh single-byte code page
        ("entries.xlsx", make_xlsx([HEADER, *ROWS])),
        ("ENTRIES.XLSX", make_xlsx([HEADER, *ROWS])),
        ("entries.csv", make_xlsx([HEADER, *ROWS])),  # a workbook renamed to .csv
    ],
    ids=["utf-8", "utf-8-sig", "semicolon", "utf-16-tab", "kz1048", "xlsx", "upper-case-name", "renamed-xlsx"],
)
def test_the_same_table_from_every_kind_of_file(filename: str, data: bytes) -> None:
    assert read_table(filename, data) == [
        {"Аты-жөні": "Әліхан Серікұлы", "Санат": "Халық әні", "Туған күні": "03.05.2014", "_row": "2"},
        {"Аты-жөні": "Иванова Анна", "Санат": "Folk singing", "Туған күні": "2015-01-31", "_row": "3"},
    ]


def test_cp1251_from_a_russian_excel_with_semicolons() -> None:
    data = make_csv(
        [["ФИО", "Номинация", "Учреждение"], ["Бiлiмов Сергей", "Вокал", "Школа-гимназия №1; корпус 2"]],
        delimiter=";",
        encoding="cp1251",
    )
    assert read_table("заявка.csv", data) == [
        {"ФИО": "Бiлiмов Сергей", "Номинация": "Вокал", "Учреждение": "Школа-гимназия №1; корпус 2", "_row": "2"}
    ]


def test_comma_file_whose_cells_hold_semicolons() -> None:
    data = make_csv([["name", "members"], ["Duo", "Ann; Bob"], ["Trio", "Ann; Bob; Cid"]])
    assert [row["members"] for row in read_table("a.csv", data)] == ["Ann; Bob", "Ann; Bob; Cid"]


def test_a_cell_over_several_lines_is_one_spreadsheet_row() -> None:
    data = make_csv([["name", "members"], ["Ансамбль", "Анна\nБекзат\nДана"], ["Соло", ""]])
    rows = read_table("a.csv", data)
    assert [(r["name"], r["_row"]) for r in rows] == [("Ансамбль", "2"), ("Соло", "3")]
    assert rows[0]["members"] == "Анна\nБекзат\nДана"


def test_xlsx_dates_numbers_title_and_blank_rows() -> None:
    data = make_xlsx(
        [
            ["№", "ФИО", "Дата рождения", "Класс", None],
            [1, "Әлихан", datetime(2014, 5, 3), 5.0, None],
            [None, None, None, None, None],
            [2, "Дана", date(2013, 12, 1), 6, "жазба"],  # a note in a column without a header
        ],
        title="Заявка на участие в конкурсе «Есіл өңірінің жұлдыздары»",
    )
    assert read_table("заявка.xlsx", data) == [
        {"№": "1", "ФИО": "Әлихан", "Дата рождения": "2014-05-03", "Класс": "5", "E": "", "_row": "3"},
        {"№": "2", "ФИО": "Дана", "Дата рождения": "2013-12-01", "Класс": "6", "E": "жазба", "_row": "5"},
    ]


def test_repeated_headers_are_told_apart() -> None:
    rows = read_table("a.csv", make_csv([["ФИО", "ФИО"], ["Анна", "Дана"]]))
    assert rows == [{"ФИО": "Анна", "ФИО (2)": "Дана", "_row": "2"}]


@pytest.mark.parametrize(
    ("filename", "data", "code", "words"),
    [
        ("entries.csv", b"", "empty_file", "is empty"),
        ("entries.csv", b" \r\n\r\n", "empty_file", "is empty"),
        ("entries.csv", make_csv([[""], ["", ""]]), "empty_file", "is empty"),
        ("entries.xlsx", make_xlsx([]), "empty_file", "is empty"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "not_spreadsheet", "is not a spreadsheet"),
        ("entries.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "not_spreadsheet", "is not a spreadsheet"),
        ("entries.csv", bytes(range(256)) * 4, "not_spreadsheet", "is not a spreadsheet"),
        ("entries.pdf", b"%PDF-1.7 ...", "not_spreadsheet", "is not a spreadsheet"),
        ("entries.xlsx", "ФИО,Номинация\n".encode(), "not_spreadsheet", "is not a spreadsheet"),
        ("entries.xlsx", b"PK\x03\x04 broken zip", "not_spreadsheet", "is not a spreadsheet"),
        ("entries.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "old_excel", "old Excel format"),
        ("entries.csv", "ФИО\nАнна \u2116".encode("cp1251") + b"\x98", "unknown_encoding", "encoding"),
        ("entries.csv", make_csv([["1", "2015-01-01"], ["2", "2015-01-02"]]), "no_header", "no header row"),
        ("entries.xlsx", make_xlsx([["ФИО", "Санат"]]), "no_rows", "no entries below"),
    ],
    ids=[
        "no-bytes", "blank-lines", "empty-cells", "empty-sheet", "png", "png-named-csv", "binary-named-csv",
        "pdf", "text-named-xlsx", "broken-zip", "old-xls", "unknown-encoding", "no-header", "header-only",
    ],
)  # fmt: skip
def test_unreadable_files_say_why(filename: str, data: bytes, code: str, words: str) -> None:
    with pytest.raises(SheetReadError) as caught:
        read_table(filename, data)
    assert caught.value.code == code
    assert words in str(caught.value)
    if code != "no_header" or "%(filename)s" in MESSAGES[code]:
        assert filename in str(caught.value)


def test_read_error_renders_through_the_given_gettext() -> None:
    catalogue = {MESSAGES["empty_file"]: "«%(filename)s» файлы бос."}
    with pytest.raises(SheetReadError) as caught:
        read_table("тізім.csv", b"")
    assert caught.value.render(lambda s: catalogue.get(s, s)) == "«тізім.csv» файлы бос."
