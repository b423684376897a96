"""Importing entries from a spreadsheet: preview with errors per row, nothing stored before confirming."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from judging.importing import preview, read_table
from judging.models import AuditEntry, Entry, Member


@pytest.fixture(autouse=True)
def english(client):
    """The pages in English, so the tests read the source strings whatever catalogues are compiled."""
    with client.session_transaction() as session:
        session["lang"] = "en"


@pytest.fixture(autouse=True)
def imports_dir(app, tmp_path):
    """Uploads wait in a folder of the test's own."""
    app.config["IMPORTS_DIR"] = str(tmp_path / "imports")
    return tmp_path / "imports"


HEADER = "ФИО;Категория;Дата рождения;Учреждение;Район;Руководитель;Репертуар;Состав коллектива"
CATEGORY = "Эстрада / 10–13 / соло"


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


GOOD_AND_BAD = _csv(
    f"Әлiхан Серiкұлы;{CATEGORY};05.03.2014;№2 мектеп;Петропавл;Ғалия Омарова;«Тамаша»;",  # row 2: good, normalised
    f";{CATEGORY};01.01.2013;№3 мектеп;;;;",  # row 3: no name
    "Дана Ерланқызы;Опера / 99;01.01.2013;;;;;",  # row 4: unknown category
    f"Мирас Болатұлы;{CATEGORY};31.02.2013;;;;;",  # row 5: impossible date
    f"Арман Қайратұлы;{CATEGORY};2012-11-30;№4 мектеп;Есіл ауданы;Бекзат Ахметов;«Дала»;",  # row 6: good
)


def _upload(client, edition, data: bytes, filename: str = "entries.csv", **extra):
    return client.post(f"/admin/editions/{edition.id}/entries/import",
                       data={"file": (io.BytesIO(data), filename), **extra}, content_type="multipart/form-data")


def _token(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    match = re.search(r"/entries/import/([0-9a-f]{32})$", response.headers["Location"])
    assert match, response.headers["Location"]
    return match.group(1)


def _names(db) -> list[str]:
    return sorted(db.session.scalars(select(Entry.name)))


def test_preview_lists_every_row_with_its_errors_and_stores_nothing(client, organiser, make_edition, db, imports_dir):
    edition = make_edition(entries=1)
    before = _names(db)
    token = _token(_upload(client, edition, GOOD_AND_BAD))
    assert (imports_dir / f"{token}.data").read_bytes() == GOOD_AND_BAD  # kept on the server
    with client.session_transaction() as session:
        assert not any(isinstance(v, bytes | str) and "Тамаша" in str(v) for v in session.values())
    html = client.get(f"/admin/editions/{edition.id}/entries/import/{token}").get_data(as_text=True)
    assert "5 rows were read." in html and "2 of them can be entered." in html and "3 have errors." in html
    assert "Row 3: the name is empty." in html
    assert "Row 4: unknown category “Опера / 99”" in html
    assert "Row 5: cannot read the date of birth “31.02.2013”" in html
    assert "Әліхан Серікұлы" in html and "Latin look-alike letters were replaced" in html
    assert "Арман Қайратұлы" in html
    assert _names(db) == before
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "entries.imported")) is None


def test_confirm_stores_only_the_good_rows_and_says_how_many_were_skipped(client, organiser, make_edition, db, imports_dir):
    edition = make_edition(entries=1)
    category = edition.categories[0]
    token = _token(_upload(client, edition, GOOD_AND_BAD))
    response = client.post(f"/admin/editions/{edition.id}/entries/import/{token}", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "2 entries stored. 3 rows with errors were skipped (rows 3, 4, 5)." in html
    db.session.expire_all()
    assert [(e.number, e.name) for e in category.entries] == [
        (1, "Әлия Қасымова 1"), (2, "Әліхан Серікұлы"), (3, "Арман Қайратұлы"),
    ]
    imported = category.entries[1]
    assert imported.original == {"name": "Әлiхан Серiкұлы"}
    assert imported.birth_date.isoformat() == "2014-03-05" and imported.teacher == "Ғалия Омарова"
    assert category.entries[2].birth_date.isoformat() == "2012-11-30"
    log = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "entries.imported"))
    assert log.after["skipped_rows"] == [3, 4, 5] and len(log.after["stored"]) == 2
    assert not list(imports_dir.iterdir())  # the kept file is gone once stored
    # Confirming twice (a double click, the back button) stores nothing more.
    response = client.post(f"/admin/editions/{edition.id}/entries/import/{token}", follow_redirects=True)
    assert "This upload has already been stored" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(Entry)).all()) == 3


def test_all_or_nothing_refuses_a_file_with_any_bad_row(client, organiser, make_edition, db):
    edition = make_edition(entries=0)
    token = _token(_upload(client, edition, GOOD_AND_BAD))
    response = client.post(f"/admin/editions/{edition.id}/entries/import/{token}", data={"all_or_nothing": "y"},
                           follow_redirects=True)
    assert "Nothing was stored: 3 rows have errors." in response.get_data(as_text=True)
    assert _names(db) == []
    # The upload is still there to store the good rows after all.
    client.post(f"/admin/editions/{edition.id}/entries/import/{token}")
    assert _names(db) == ["Арман Қайратұлы", "Әліхан Серікұлы"]


def test_a_second_import_of_the_same_file_enters_nobody_twice(client, organiser, make_edition, db):
    edition = make_edition(entries=0)
    client.post(f"/admin/editions/{edition.id}/entries/import/{_token(_upload(client, edition, GOOD_AND_BAD))}")
    token = _token(_upload(client, edition, GOOD_AND_BAD))
    html = client.get(f"/admin/editions/{edition.id}/entries/import/{token}").get_data(as_text=True)
    assert "is already entered in this category" in html
    client.post(f"/admin/editions/{edition.id}/entries/import/{token}")
    assert len(_names(db)) == 2


def test_xlsx_with_collectives_and_a_default_category(client, organiser, make_edition, db):
    edition = make_edition(entries=0)
    category = edition.categories[0]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Аты-жөні", "Қатысу түрі", "Мекеме", "Құрамы"])
    sheet.append(["«Шолпан» ансамблі", "ұжым", "Өнер мектебі", "Айгерім Қасым; Дана Ерланқызы"])
    sheet.append(["Мирас Болатұлы", "жеке", "№1 гимназия", None])
    out = io.BytesIO()
    workbook.save(out)
    token = _token(_upload(client, edition, out.getvalue(), "list.xlsx", default_category_id=str(category.id)))
    client.post(f"/admin/editions/{edition.id}/entries/import/{token}")
    db.session.expire_all()
    ensemble, soloist = category.entries
    assert (ensemble.kind, [m.name for m in ensemble.members]) == ("collective", ["Айгерім Қасым", "Дана Ерланқызы"])
    assert (soloist.kind, soloist.institution, soloist.members) == ("person", "№1 гимназия", [])


def test_an_unreadable_file_is_refused_with_its_reason(client, organiser, make_edition, db):
    edition = make_edition(entries=0)
    response = _upload(client, edition, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls")
    token = _token(response)
    response = client.get(f"/admin/editions/{edition.id}/entries/import/{token}", follow_redirects=True)
    assert "old Excel format" in response.get_data(as_text=True)
    response = _upload(client, edition, b"%PDF-1.4", "scan.pdf")
    assert response.status_code == 200 and "is not a spreadsheet" in response.get_data(as_text=True)
    assert _names(db) == []


def test_missing_columns_are_named(client, organiser, make_edition, db):
    edition = make_edition(entries=0)
    token = _token(_upload(client, edition, "Учреждение;Район\n№1;Есіл\n".encode()))
    html = client.get(f"/admin/editions/{edition.id}/entries/import/{token}").get_data(as_text=True)
    assert "no column for the name" in html
    assert "No row can be entered" in html


def test_a_token_of_another_edition_or_a_forged_one_is_refused(client, organiser, make_edition, db):
    edition = make_edition(entries=0)
    other = make_edition(entries=0)
    token = _token(_upload(client, edition, GOOD_AND_BAD))
    response = client.post(f"/admin/editions/{other.id}/entries/import/{token}", follow_redirects=True)
    assert "upload the file again" in response.get_data(as_text=True)
    response = client.get(f"/admin/editions/{edition.id}/entries/import/..%2F..%2Fconfig", follow_redirects=True)
    assert response.status_code in (200, 404)
    assert _names(db) == []


def test_cancel_discards_the_upload(client, organiser, make_edition, db, imports_dir):
    edition = make_edition(entries=0)
    token = _token(_upload(client, edition, GOOD_AND_BAD))
    client.post(f"/admin/editions/{edition.id}/entries/import/{token}/cancel")
    assert not list(imports_dir.iterdir())
    client.post(f"/admin/editions/{edition.id}/entries/import/{token}")
    assert _names(db) == []


def test_the_template_has_a_bilingual_header_the_importer_reads(client, organiser, make_edition):
    edition = make_edition(entries=0)
    response = client.get(f"/admin/editions/{edition.id}/entries/import/template.xlsx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    workbook = load_workbook(io.BytesIO(response.data))
    header = [c.value for c in workbook.worksheets[0][1]]
    assert "Аты-жөні / ФИО" in header and "Туған күні / Дата рождения" in header
    categories = [row[0] for row in workbook.worksheets[1].iter_rows(min_row=2, values_only=True) if row[0]]
    assert len(categories) == 1
    # Fill one row of the template as an organiser would and read it back through the importer.
    sheet = workbook.worksheets[0]
    sheet.append(["Әлия Қасымова", categories[0], "жеке / соло", "05.03.2014", "№1 мектеп", "Петропавл",
                  "Ғалия Омарова", "«Тамаша»", None])
    out = io.BytesIO()
    workbook.save(out)
    from judging.entries.upload import category_choices

    result = preview(read_table("filled.xlsx", out.getvalue()), category_choices(edition))
    assert result.errors == [] and [d.name for d in result.drafts] == ["Әлия Қасымова"]
    assert result.drafts[0].category_id == edition.categories[0].id and result.drafts[0].kind == "person"


def test_import_page_offers_the_template(client, organiser, make_edition):
    edition = make_edition(entries=0)
    html = client.get(f"/admin/editions/{edition.id}/entries/import").get_data(as_text=True)
    assert f"/admin/editions/{edition.id}/entries/import/template.xlsx" in html


def test_members_original_is_kept_on_the_member(client, organiser, make_edition, db):
    edition = make_edition(entries=0)
    data = ("ФИО;Категория;Состав коллектива\n"
            f"Ансамбль «Ақ көгершін»;{CATEGORY};Әлiя Берiкқызы; Дана Ерланқызы\n").encode()
    client.post(f"/admin/editions/{edition.id}/entries/import/{_token(_upload(client, edition, data))}")
    member = db.session.scalar(select(Member).where(Member.position == 0))
    assert (member.name, member.original_name) == ("Әлія Берікқызы", "Әлiя Берiкқызы")
