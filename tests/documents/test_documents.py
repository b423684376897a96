"""Protocols, sheets, diplomas, letters, cards: what the PDFs say, and that they say it safely."""

from __future__ import annotations

import io
import re
import socket

import pytest
from sqlalchemy import select

from judging.chair.operations import finalise_category
from judging.documents import render
from judging.documents.build import Builder, merged_pdf
from judging.extensions import db
from judging.models import Entry
from judging.models.document import Diploma
from judging.results import standings
from tests.documents.conftest import KAZAKH, pdf_text

BASE = "http://hall.local"


def test_protocol_shows_jury_entries_marks_and_the_stored_standings(scored):
    category = scored.categories[0]
    finalise_category(category)  # approved and signed: a provisional protocol has neither
    text = pdf_text(merged_pdf([Builder(scored, BASE).protocol(category)]))
    assert "Әділқазылар алқасының хаттамасы / Протокол заседания жюри" in text
    assert "БЕКІТЕМІН / УТВЕРЖДАЮ" in text and "Ә. Қ. Сейітова" in text
    for letter in KAZAKH.replace(" ", ""):
        assert letter in text, letter
    for judge in scored.judges:
        assert judge.name in text
    result = standings(category)
    assert result is not None and len(result.standings) == 4
    for row in result.standings:
        entry = db.session.get(Entry, row.entry_id)
        assert entry.name.split()[0] in text
        assert f"{row.score:.2f}" in text  # the same numbers as the stored standings
    # awards in both languages
    assert "Бас жүлде" in text and "Гран-при" in text
    assert "I дәрежелі лауреат" in text and "Лауреат I степени" in text
    # the abstention: a dash in the table and a note with the reason
    assert "—" in text and "педагог участника" in text
    assert "Подписи членов жюри" in text or "Әділқазылар алқасының қолдары" in text


def test_protocol_shows_each_judges_marks_per_criterion(scored):
    text = pdf_text(merged_pdf([Builder(scored, BASE).protocol(scored.categories[0])]))
    assert "9.5 · 9 · 9" in text  # entry 1, each judge
    assert "8 · 8 · 7.5" in text


def test_diploma_carries_award_name_institution_teacher_contest_and_code(published):
    entry = published.categories[0].entries[0]
    documents = Builder(published, BASE).diplomas_of_entry(entry)
    db.session.commit()
    assert len(documents) == 1
    text = pdf_text(merged_pdf(documents))
    code = db.session.scalar(select(Diploma.code).where(Diploma.entry_id == entry.id))
    assert "Д И П Л О М" in text or "ДИПЛОМ" in text
    assert "I дәрежелі лауреат" in text and "Лауреат I степени" in text
    assert "марапатталады / награждается" in text
    assert entry.name in text and "№1 мектеп" in text and "Ғалия Омарова" in text
    assert "Петропавл / Петропавловск" in text and "Ә. Қ. Сейітова" in text
    assert code in text and f"{BASE}/verify/{code}" in text
    for letter in KAZAKH.replace(" ", ""):
        assert letter in text


def test_a_collective_gets_one_diploma_and_optionally_one_per_member(published):
    from judging.documents import operations

    collective = published.categories[0].entries[3]
    assert len(Builder(published, BASE).diplomas_of_entry(collective)) == 1
    operations.save_options(published, True, None)
    documents = Builder(published, BASE).diplomas_of_entry(collective)
    db.session.commit()
    assert len(documents) == 3
    text = pdf_text(merged_pdf(documents))
    assert "Іңкәр Өтегенова" in text and "Ұлдана Һасенова" in text and "Бас жүлде" in text
    codes = db.session.scalars(select(Diploma.code).where(Diploma.entry_id == collective.id)).all()
    assert len(set(codes)) == 3


def test_diploma_code_stays_the_same_when_printed_again(published):
    entry = published.categories[0].entries[0]
    Builder(published, BASE).diplomas_of_entry(entry)
    db.session.commit()
    first = db.session.scalar(select(Diploma.code).where(Diploma.entry_id == entry.id))
    Builder(published, BASE).diplomas_of_entry(entry)
    db.session.commit()
    assert db.session.scalars(select(Diploma.code).where(Diploma.entry_id == entry.id)).all() == [first]
    assert len(first) >= 10 and not set(first) & set("01OIL5SZ28B")


def test_html_and_quotes_in_a_name_print_as_plain_text(published):
    entry = published.categories[0].entries[1]
    entry.name = "<b>\"O'Brien\" & Co</b>"
    entry.teacher = "<script>alert(1)</script>"
    db.session.commit()
    builder = Builder(published, BASE)
    text = pdf_text(merged_pdf(builder.diplomas_of_entry(entry) + [builder.protocol(entry.category)]))
    assert "<b>\"O'Brien\" & Co</b>" in text
    assert "<script>alert(1)</script>" in text


def test_a_newline_typed_in_an_entry_does_not_break_its_protocol_line(scored):
    from judging.documents import data

    entry = scored.categories[0].entries[1]
    entry.institution = "№5 мектеп-\nгимназия"
    entry.repertoire = "«Қара жорға»\r\n— халық әні"
    db.session.commit()
    row = next(r for r in data.protocol(entry.category)["rows"] if r["id"] == entry.id)
    assert row["institution"] == "№5 мектеп- гимназия"
    assert row["repertoire"] == "«Қара жорға» — халық әні"
    collective = next(r for r in data.protocol(entry.category)["rows"] if r["collective"])
    assert collective["members"] == ["Іңкәр Өтегенова", "Ұлдана Һасенова"]


def test_letter_of_thanks_names_the_teacher_and_every_pupil(published):
    entry = published.categories[0].entries[0]
    text = pdf_text(merged_pdf(Builder(published, BASE).letter_of_entry(entry)))
    assert "Алғыс хат" in text and "Благодарственное" in text
    assert text.count("Ғалия Омарова") == 1 and "Айгүл" in text and "«Шұғыла» ансамблі" in text


def test_score_sheets_filled_and_blank(scored):
    category = scored.categories[0]
    judge = scored.judges[2]
    builder = Builder(scored, BASE)
    filled = pdf_text(merged_pdf([builder.sheet(category, judge, blank=False)]))
    assert "Оценочный лист" in filled and judge.name in filled
    assert "9.5" in filled and "педагог участника" in filled  # the judge's abstention
    blank = pdf_text(merged_pdf([builder.sheet(category, judge, blank=True)]))
    assert "0–10" in blank and "Голос" in blank and "9.5" not in blank
    assert "Айгүл" in blank  # the running order


def test_judge_cards_carry_the_tablet_link(scored):
    text = pdf_text(merged_pdf([Builder(scored, BASE).cards(list(scored.judges))]))
    for judge in scored.judges:
        assert judge.name in text
        assert judge.token[:12] in text.replace("\n", "")


def test_application_confirmation_shows_the_entry_code(scored):
    entry = scored.categories[0].entries[0]
    text = pdf_text(merged_pdf([Builder(scored, BASE).confirmation(entry)]))
    assert entry.code in text and f"{BASE}/diploma" in text


def test_documents_fetch_nothing_but_our_fonts(published, monkeypatch):
    """A template asking for local files or web addresses gets nothing, and no socket is opened."""
    from judging.documents import operations, samples

    def no_network(*args, **kwargs):
        raise AssertionError("a document tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    body = (
        '<html><body><div>{{ doc.name }}</div><img src="file:///etc/passwd"><img src="http://example.com/x.png">'
        '<link rel="stylesheet" href="https://example.com/x.css"><style>@import url("file:///etc/hostname");'
        ' body { background: url("/etc/passwd"); }</style><iframe src="file:///etc/passwd"></iframe>'
        '<object data="file:///etc/passwd"></object></body></html>'
    )
    builder = Builder(published, BASE)
    operations.save_template(published, "diploma", body, samples.sample(builder, "diploma"), None)
    render._local.__dict__.pop("renderer", None)  # a fresh renderer, so its refusals are this test's
    entry = published.categories[0].entries[0]
    pdf = merged_pdf(Builder(published, BASE).diplomas_of_entry(entry))
    text = pdf_text(pdf)
    assert "root:" not in text and "Айгүл" in text
    refused = render.renderer().fetcher.refused
    assert any("etc/passwd" in url for url in refused)
    assert any("example.com" in url for url in refused)
    assert b"root:x" not in pdf


@pytest.mark.parametrize(
    "body",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ doc.__class__ }}{{ ''.__class__.__mro__ }}",
        "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ edition.update({'x': 1}) }}",
    ],
)
def test_a_template_cannot_reach_python_internals(scored, body):
    from judging.documents import operations, samples
    from judging.models.document import DocumentTemplate

    builder = Builder(scored, BASE)
    with pytest.raises(operations.DocumentError) as info:
        operations.save_template(scored, "diploma", body, samples.sample(builder, "diploma"), None)
    detail = info.value.detail  # the sandbox's own words; the message is the organiser's sentence
    assert "not allowed" in detail or "unsafe" in detail or "undefined" in detail.lower()
    assert db.session.scalar(select(DocumentTemplate)) is None


def test_wording_corrections_reach_the_documents(published):
    from judging.documents import operations

    operations.save_wording(published, {"diploma_heading": {"kk": "МАҚТАУ ҚАҒАЗЫ", "ru": "ГРАМОТА"}}, None)
    entry = published.categories[0].entries[0]
    text = pdf_text(merged_pdf(Builder(published, BASE).diplomas_of_entry(entry)))
    assert "МАҚТАУ ҚАҒАЗЫ" in text.replace("\u00a0", " ") or "М А Қ Т А У" in text
    assert "ГРАМОТА" in text or "Г Р А М О Т А" in text


def test_rule_warnings_are_notes_in_kazakh_and_russian_naming_the_entries(scored):
    category = scored.categories[0]
    codes = {w["code"] for w in standings(category).warnings or []}
    assert "too_few_to_trim" in codes  # three judges cannot lose the highest and the lowest
    text = pdf_text(merged_pdf([Builder(scored, BASE).protocol(category)]))
    assert "[too_few_to_trim]" not in text
    assert "простое среднее" in text and "қарапайым орташа" in text
    first = category.entries[0]
    assert f"№{first.number} {first.name.split()[0]}" in text


def test_a_long_protocol_is_drawn_in_parts_and_numbered_as_one(scored, monkeypatch):
    from pypdf import PdfReader

    from judging.documents import build

    monkeypatch.setattr(build, "SPLIT_PROTOCOL_ROWS", 3)
    category = scored.categories[0]
    finalise_category(category)  # signed: the signatures once, after the last part
    document = Builder(scored, BASE).protocol(category)
    assert document.parts is not None and len(document.parts) == 2
    from judging.documents import bulk

    pdf = bulk.draw_parts(document.parts, document.footer, document.landscape, workers=1)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    text = pdf_text(pdf)
    assert text.count("Протокол заседания жюри") == 1  # the heading once, the signatures once
    assert text.count("Подписи членов жюри") == 1
    for entry in category.entries:
        assert entry.name.split()[0] in text
    numbers = re.findall(r"(\d+) ?/ ?(\d+)", text)
    assert ("1", str(pages)) in numbers and (str(pages), str(pages)) in numbers
    assert "Вокал" in text or category.label("ru").split()[0] in text  # the category in the footer


def test_bulk_diplomas_reuse_unchanged_chunks_and_redraw_a_changed_one(app, published, tmp_path):
    from judging.documents import bulk

    first = bulk.run(published, "diplomas", "http://x", tmp_path / "a", workers=1)
    assert first.documents == 4 and first.reused == 0
    # each diploma's own file (cut from its chunk) carries its own QR code, not the whole chunk's
    import zipfile

    from pypdf import PdfReader

    with zipfile.ZipFile(first.zip) as archive:
        for name in archive.namelist():
            page = PdfReader(archive.open(name)).pages[0]
            drawn = page["/Resources"].get_object()["/XObject"].get_object()
            assert 1 <= len([k for k in drawn if k.startswith("/i")]) <= 1, name
    entry = published.categories[0].entries[0]
    entry.name = "Жаңа Есім"
    db.session.commit()
    # the diploma issued states the old name: replaced under a new code, never rewritten
    assert bulk.run(published, "diplomas", "http://x", tmp_path / "b0", workers=1).documents == 3
    from judging.documents import operations

    assert len(operations.reissue(published, None)) == 1
    second = bulk.run(published, "diplomas", "http://x", tmp_path / "b", workers=1)
    assert second.documents == 4 and second.reused == 3 and second.pages == 4
    assert "Жаңа Есім" in pdf_text(second.pdf.read_bytes())
    third = bulk.run(published, "diplomas", "http://x", tmp_path / "c", workers=1)
    assert third.reused == 4 and pdf_text(third.pdf.read_bytes()) == pdf_text(second.pdf.read_bytes())
