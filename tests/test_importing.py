"""Importing entries: files read in every shape organisers upload, and a preview with an error per bad row."""

from __future__ import annotations

import codecs
import csv
import io
import re
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from judging.importing import COLUMNS, CategoryChoice, RowError, SheetReadError, name_key, preview, read_table
from judging.importing.entries import fold_header
from judging.importing.messages import FIELD_LABELS, MESSAGES

CATEGORIES = [
    CategoryChoice(1, ["Эстрадалық вокал / 6–9 / жеке", "Эстрадный вокал / 6–9 / соло", "Pop vocals / 6–9 / solo"]),
    CategoryChoice(2, ["Халық әні", "Народное пение", "Folk singing"]),
    CategoryChoice(3, ["Би / ұжым", "Хореография / ансамбль", "Dance / ensemble"]),
    CategoryChoice(4, ["Вокал"]),
    CategoryChoice(5, ["Вокал"]),  # two categories written alike: a row naming it is ambiguous
]


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


def entries_table(*rows: list[str], header: tuple[str, ...] = ("ФИО", "Категория", "Дата рождения")) -> list[dict[str, str]]:
    """Rows as read_table gives them, for preview tests that need no file."""
    return [dict(zip(header, cells, strict=True), _row=str(n)) for n, cells in enumerate(rows, 2)]


def codes(errors: list[RowError]) -> list[tuple[int, str | None, str]]:
    return [(e.row, e.field, e.code) for e in errors]


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


# Headers ---------------------------------------------------------------------------------------


def test_no_spelling_belongs_to_two_fields() -> None:
    seen: dict[str, str] = {}
    for field, spellings in COLUMNS.items():
        for spelling in spellings:
            folded = fold_header(spelling)
            assert seen.setdefault(folded, field) == field, (spelling, field, seen[folded])


@pytest.mark.parametrize(
    "header",
    [
        ("Қатысушының аты-жөні", "Санаты", "Туған күнi", "Мекеме", "Аудан", "Жетекшi", "Шығарма", "Мүшелерi"),
        ("Ф.И.О. участника", "Категория", "Дата рождения", "Учреждение", "Район", "Руководитель", "Название работы", "Участники коллектива"),
        ("Name", "CATEGORY", "Date of birth", "School", "District", "Teacher", "Repertoire", "Members"),
        ("Аты-жөні / ФИО", "Санат / Категория", "Туған күні (дата рождения)", "  мекеме  ", "аудан/район", "Жетекші / Педагог", "репертуар", "Ұжым мүшелері"),
    ],
    ids=["kk", "ru", "en", "bilingual"],
)  # fmt: skip
def test_header_spellings_in_kazakh_russian_and_english(header: tuple[str, ...]) -> None:
    rows = entries_table(
        ["Әлихан Серікұлы", "Халық әні", "03.05.2014", "№5 мектеп", "Петропавл", "Ахметова Г.", "«Аққу»", ""],
        ["«Шаттық» ансамблі", "Би / ұжым", "", "ДДТ", "Қызылжар ауданы", "Ким А.", "Көктем", "Анна; Дана"],
        header=header,
    )
    result = preview(rows, CATEGORIES)
    assert result.ok, result.errors
    first, second = result.drafts
    assert (first.name, first.category_id, first.kind, first.birth_date) == ("Әлихан Серікұлы", 2, "person", date(2014, 5, 3))
    assert (first.institution, first.district, first.teacher, first.repertoire) == (
        "№5 мектеп",
        "Петропавл",
        "Ахметова Г.",
        "«Аққу»",
    )
    assert (second.category_id, second.kind, second.members) == (3, "collective", ["Анна", "Дана"])


def test_missing_name_column_is_one_error_naming_the_spellings() -> None:
    rows = entries_table(["Анна", "Вокал"], ["Дана", "Вокал"], header=("Оқушы", "Категория"))
    result = preview(rows, CATEGORIES)
    assert codes(result.errors) == [(1, "name", "missing_column")]
    assert "ФИО" in result.errors[0].message and "Аты-жөні" in result.errors[0].message
    assert result.drafts == [] and result.rows_total == 2


def test_missing_category_column_unless_a_default_is_given() -> None:
    rows = entries_table(["Анна"], header=("ФИО",))
    assert codes(preview(rows, CATEGORIES).errors) == [(1, "category", "missing_column")]
    result = preview(rows, CATEGORIES, default_category_id=2)
    assert result.ok and result.drafts[0].category_id == 2


def test_unknown_columns_are_reported_but_row_numbers_are_not() -> None:
    rows = entries_table(["1", "Анна", "Халық әні", "9 Б"], header=("№ п/п", "ФИО", "Категория", "Сынып"))
    result = preview(rows, CATEGORIES)
    assert result.ok
    assert codes(result.warnings) == [(1, None, "columns_ignored")]
    assert "“Сынып”" in result.warnings[0].message and "№" not in result.warnings[0].message


def test_a_second_column_for_the_same_field_is_ignored_with_a_warning() -> None:
    rows = entries_table(["Анна", "Anna", "Халық әні"], header=("ФИО", "Name", "Категория"))
    result = preview(rows, CATEGORIES)
    assert [d.name for d in result.drafts] == ["Анна"]
    assert codes(result.warnings) == [(1, "name", "column_repeated")]


# Rows ------------------------------------------------------------------------------------------


def test_every_kind_of_row_error() -> None:
    rows = entries_table(
        ["Әлихан", "Халық әні", "03.05.2014", "", ""],  # row 2: good
        ["", "Халық әні", "", "", ""],  # 3: empty name
        ["Дана", "Халық ән", "", "", ""],  # 4: unknown category
        ["Бекзат", "", "", "", ""],  # 5: no category and no default
        ["Ерлан", "вокал", "", "", ""],  # 6: ambiguous category
        ["Мира", "Халық әні", "31.02.2014", "", ""],  # 7: no such date
        ["Нұрлан", "Халық әні", "весной 2014", "", ""],  # 8: not a date
        ["Ж" * 301, "Халық әні", "", "", ""],  # 9: too long
        ["әлихан ", "Халық әні", "", "", ""],  # 10: duplicate of row 2
        ["Айгерім", "Халық әні", "", "", ""],  # 11: already entered
        ["Сара", "Халық әні", "", "квинтет?", ""],  # 12: kind not understood
        ["Дуэт", "Халық әні", "", "соло", "Анна; Дана"],  # 13: solo with members
        ["", "", "", "", ""],  # 14: blank, skipped silently
        ["", "Халық ән", "2014", "", ""],  # 15: several errors at once
        header=("ФИО", "Категория", "Дата рождения", "Тип участника", "Участники коллектива"),
    )
    result = preview(rows, CATEGORIES, existing={(2, name_key("Айгерім"))})
    assert [d.row for d in result.drafts] == [2]
    assert codes(result.errors) == [
        (3, "name", "required"),
        (4, "category", "category_unknown"),
        (5, "category", "required"),
        (6, "category", "category_ambiguous"),
        (7, "birth_date", "date_invalid"),
        (8, "birth_date", "date_invalid"),
        (9, "name", "too_long"),
        (10, "name", "duplicate_in_file"),
        (11, "name", "duplicate_existing"),
        (12, "kind", "kind_unknown"),
        (13, "members", "kind_conflict"),
        (15, "name", "required"),
        (15, "category", "category_unknown"),
        (15, "birth_date", "date_invalid"),
    ]
    assert not result.ok and result.rows_total == 13
    messages = {e.row: e.message for e in result.errors}
    assert messages[3] == "Row 3: the name is empty."
    assert (
        messages[4] == "Row 4: unknown category “Халық ән”. Closest known: “Халық әні”, “Вокал”, “Эстрадалық вокал / 6–9 / жеке”."
    )
    assert messages[6] == "Row 6: category “вокал” fits 2 categories written the same way; give them different names."
    assert messages[7] == (
        "Row 7: cannot read the date of birth “31.02.2014”: write it as dd.mm.yyyy or yyyy-mm-dd, or use a date cell."
    )
    assert messages[9] == "Row 9: the name is 301 characters long; at most 300 fit."
    assert messages[10] == "Row 10: “әлихан” is already in row 2, in the same category."
    assert messages[11] == "Row 11: “Айгерім” is already entered in this category."


def test_same_name_in_another_category_is_no_duplicate() -> None:
    rows = entries_table(["Әлихан", "Халық әні", ""], ["Әлихан", "Pop vocals / 6-9 / solo", ""])
    result = preview(rows, CATEGORIES, existing={(3, name_key("Әлихан"))})
    assert result.ok and [d.category_id for d in result.drafts] == [2, 1]


def test_a_name_typed_with_latin_letters_duplicates_the_cyrillic_one() -> None:
    rows = entries_table(["Әлiхан Серiкұлы", "Халық әні", ""], ["ӘЛІХАН  СЕРІКҰЛЫ", "Халық әні", ""])
    result = preview(rows, CATEGORIES, existing=frozenset())
    assert codes(result.errors) == [(3, "name", "duplicate_in_file")]
    assert codes(preview(rows[:1], CATEGORIES, existing={(2, name_key("Әліхан Серікұлы"))}).errors) == [
        (2, "name", "duplicate_existing")
    ]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("03.05.2014", date(2014, 5, 3)),
        ("3.5.2014", date(2014, 5, 3)),
        ("03/05/2014", date(2014, 5, 3)),
        ("03.05.2014 г.", date(2014, 5, 3)),
        ("2014-05-03", date(2014, 5, 3)),
        ("2014-05-03 00:00:00", date(2014, 5, 3)),  # a date-and-time cell
        ("41762", date(2014, 5, 3)),  # an Excel date whose cell lost its date format
        ("41762.0", date(2014, 5, 3)),
        ("", None),
    ],
)
def test_birth_date_formats(written: str, expected: date | None) -> None:
    result = preview(entries_table(["Анна", "Халық әні", written]), CATEGORIES)
    assert result.ok, result.errors
    assert result.drafts[0].birth_date == expected


@pytest.mark.parametrize("written", ["2014", "14.05.03", "05.2014", "32.01.2014", "1.1.1850", "вчера", "2014/05/03"])
def test_birth_dates_not_read(written: str) -> None:
    assert codes(preview(entries_table(["Анна", "Халық әні", written]), CATEGORIES).errors) == [(2, "birth_date", "date_invalid")]


def test_an_excel_date_cell_reaches_the_draft() -> None:
    data = make_xlsx([["ФИО", "Санат", "Туған күні"], ["Дана", "Халық әні", datetime(2013, 12, 1)]])
    assert preview(read_table("a.xlsx", data), CATEGORIES).drafts[0].birth_date == date(2013, 12, 1)


@pytest.mark.parametrize(
    ("kind", "form", "members", "expected"),
    [
        ("", "", "", "person"),
        ("", "", "Анна; Дана", "collective"),
        ("", "", "1. Анна\n2. Дана", "collective"),
        ("ансамбль", "", "", "collective"),
        ("Ұжым", "", "", "collective"),
        ("collective", "", "", "collective"),
        ("Коллективный", "", "", "collective"),
        ("жеке орындаушы", "", "", "person"),
        ("Соло", "", "", "person"),
        ("", "дуэт", "", "collective"),
        ("", "соло", "", "person"),
        ("", "хореография", "", "person"),  # «хор» is a choir only as a whole word
    ],
)
def test_kind(kind: str, form: str, members: str, expected: str) -> None:
    rows = entries_table(
        ["Шаттық", "Халық әні", kind, form, members], header=("ФИО", "Категория", "Тип участника", "Форма исполнения", "Состав")
    )
    result = preview(rows, CATEGORIES)
    assert result.ok, result.errors
    assert result.drafts[0].kind == expected


def test_members_are_split_unnumbered_and_normalised() -> None:
    rows = entries_table(
        ["Ансамбль", "Би / ұжым", "1. Aйгерiм Бекова;\n2) Дана Ким\n\n Иванова  Анна ;"], header=("ФИО", "Категория", "Мүшелері")
    )
    draft = preview(rows, CATEGORIES).drafts[0]
    assert draft.members == ["Айгерім Бекова", "Дана Ким", "Иванова Анна"]
    assert draft.original == {"members[0]": "Aйгерiм Бекова"}


def test_category_from_nomination_age_and_form_columns() -> None:
    rows = entries_table(
        ["Әлихан", "Эстрадный вокал", "6-9", "соло"],
        ["Дана", "Эстрадалық  вокал", "6 – 9", "Жеке"],
        ["Ерлан", "Эстрадный вокал", "10-13", "соло"],
        header=("ФИО", "Номинация", "Возрастная категория", "Форма исполнения"),
    )
    result = preview(rows, CATEGORIES)
    assert [d.category_id for d in result.drafts] == [1, 1]
    assert codes(result.errors) == [(4, "category", "category_unknown")]
    assert "“Эстрадный вокал / 6–9 / соло”" in result.errors[0].message


def test_normalisation_keeps_the_original_and_warns() -> None:
    rows = entries_table(
        ["Aйгерiм Серiкқызы", "Халық әні", "", "Бiлiм беру бөлiмi", "Ахметова  Г.", "«Ақ бидай»\nЕсiл толқыны"],
        ["Анна", "Халық әні", "", "Школа №5", "Ким А.", ""],
        header=("Аты-жөні", "Санат", "Туған күні", "Мекеме", "Жетекші", "Репертуар"),
    )
    result = preview(rows, CATEGORIES)
    first, second = result.drafts
    assert (first.name, first.institution, first.teacher) == ("Айгерім Серікқызы", "Білім беру бөлімі", "Ахметова Г.")
    assert first.repertoire == "«Ақ бидай»\nЕсіл толқыны"
    assert first.original == {
        "name": "Aйгерiм Серiкқызы",
        "institution": "Бiлiм беру бөлiмi",
        "repertoire": "«Ақ бидай»\nЕсiл толқыны",
    }  # the teacher's doubled space is tidied without keeping an original: no letter changed
    assert second.original == {}
    assert codes(result.warnings) == [(2, None, "normalised")]
    assert result.warnings[0].message == (
        "Row 2: Latin look-alike letters were replaced by Cyrillic ones (name, institution, repertoire); the original text is kept."
    )


def test_roman_numerals_and_latin_names_are_not_normalised() -> None:
    rows = entries_table(["John Smith", "Халық әні", ""], ["Лауреат I степени", "Халық әні", ""])
    result = preview(rows, CATEGORIES)
    assert [d.name for d in result.drafts] == ["John Smith", "Лауреат I степени"]
    assert result.warnings == []


def test_letters_lost_to_a_code_page_are_pointed_out() -> None:
    # cp1251 cannot hold «ә» or «ұ»: saving the list in it writes «?» instead, as Excel does.
    data = "ФИО;Категория\r\nӘлихан Серікұлы;Халық әні\r\n".encode("cp1251", errors="replace")
    result = preview(read_table("a.csv", data), [CategoryChoice(2, ["Халы? ?ні"])])
    assert [d.name for d in result.drafts] == ["?лихан Серік?лы"]
    assert codes(result.warnings) == [(2, None, "lost_letters")]
    assert "CSV UTF-8" in result.warnings[0].message


def test_nothing_is_lost_one_bad_row_out_of_ten() -> None:
    names = ["Әлихан", "Дана", "Ерлан", "Айгерім", "Бекзат", "Нұрлан", "Сара", "Мира", "Тимур", "Жанна"]
    table = [["Аты-жөні", "Санат", "Туған күні"]]
    table += [[name, "Халық әні", f"{n + 1:02d}.03.2014"] for n, name in enumerate(names)]
    table[7][2] = "35.03.2014"  # row 8 of the spreadsheet
    for filename, data in (("a.csv", make_csv(table)), ("a.xlsx", make_xlsx(table))):
        result = preview(read_table(filename, data), CATEGORIES)
        assert result.rows_total == 10
        assert [d.name for d in result.drafts] == names[:6] + names[7:]
        assert codes(result.errors) == [(8, "birth_date", "date_invalid")]


def test_blank_and_pre_numbered_rows_are_skipped_silently() -> None:
    rows = entries_table(["1", "Анна", "Халық әні"], ["2", "", ""], ["", " ", ""], header=("№", "ФИО", "Категория"))
    result = preview(rows, CATEGORIES)
    assert result.ok and result.rows_total == 1 and len(result.drafts) == 1


def test_errors_render_in_another_language() -> None:
    catalogue = {
        MESSAGES["required"]: "%(row)s-жол: %(field)s толтырылмаған.",
        FIELD_LABELS["name"]: "аты-жөні",
    }
    result = preview(entries_table(["", "Халық әні", ""]), CATEGORIES)
    assert result.errors[0].render(lambda s: catalogue.get(s, s)) == "2-жол: аты-жөні толтырылмаған."


def test_every_message_template_takes_its_params() -> None:
    for code, template in MESSAGES.items():
        names = set(re.findall(r"%\((\w+)\)s", template))
        assert template % dict.fromkeys(names, "x"), code
        assert "%" not in re.sub(r"%\(\w+\)s", "", template), code  # a stray % would break formatting


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "Анна", "Дана", "Әлiхан", "Ж" * 301, "  "]),
            st.sampled_from(["", "Халық әні", "Folk singing", "Би / ұжым", "вокал", "нет такой"]),
            st.sampled_from(["", "01.02.2014", "2014-02-01", "31.02.2014", "2014"]),
        ),
        max_size=12,
    ),
    st.booleans(),
)
def test_every_filled_row_is_either_a_draft_or_has_an_error(rows: list[tuple[str, str, str]], default: bool) -> None:
    result = preview(entries_table(*map(list, rows)), CATEGORIES, default_category_id=2 if default else None)
    draft_rows = {d.row for d in result.drafts}
    error_rows = {e.row for e in result.errors}
    assert not draft_rows & error_rows
    assert len(draft_rows) + len(error_rows) == result.rows_total
    assert result.ok == (not error_rows)


def test_a_huge_cell_is_quoted_briefly_in_its_error() -> None:
    rows = entries_table(["Әлихан", "Опера " + "я" * 30_000, "01.01.2014"])
    [error] = [e for e in preview(rows, CATEGORIES).errors if e.code == "category_unknown"]
    assert "“Опера " + "я" * 54 + "…”" in error.message and len(error.message) < 400
