"""Letters of thanks: one per teacher and edition, naming the teacher's pupils, verifiable by its code."""

from __future__ import annotations

import io
import zipfile

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from judging.documents import bulk, data, letters
from judging.documents.build import Builder, merged_pdf
from judging.extensions import db
from judging.models import Entry
from judging.models.document import Letter, LetterPupil
from tests.documents.conftest import KAZAKH, pdf_text, publish, reopen

BASE = "http://hall.local"
# «Эстрада · 10–13 · жеке / Эстрада · 10–13 · соло»: the category of the `scored` fixture, both languages
FIRST_CATEGORY = "Эстрада · 10–13 · жеке / Эстрада · 10–13 · соло"
SECOND_CATEGORY = "Халық әні · 14–17 · жеке / Народная песня · 14–17 · соло"


def _teacher(builder: Builder, name: str) -> letters.Teacher:
    return next(t for t in builder.teachers() if t.key == letters.teacher_key(name))


def _letter_text(edition, name: str) -> str:
    builder = Builder(edition, BASE)
    document = builder.letter(_teacher(builder, name))
    db.session.commit()
    return pdf_text(merged_pdf([document]))


# ---------------------------------------------------------------- telling teachers apart


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Ғалия Омарова", "Галия  Омарова "),  # a Russian keyboard has no «ғ»; spaces
        ("Ғалия Омарова", "Ғалiя Омарова"),  # a Latin «i»
        ("Әлия Сейітова", "Әлия Сейiтова"),  # a Latin «i» for «і»
        ("Ғалия Омарова", "ҒАЛИЯ ОМAРОВА"),  # capitals, and a Latin «A»
        ("Ғалия Омарова", "Омарова Ғалия"),  # surname first, from a list sorted by surname
        ("Құрманова Өмір", "Курманова Омир"),
        ("Алёна Пётрова", "Алена Петрова"),
    ],
)
def test_spellings_of_one_teacher_have_one_key(one, other):
    assert letters.teacher_key(one) == letters.teacher_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Ғалия Омарова", "Ғалия Омарова-Ахметова"),
        ("Омарова Ғ. А.", "Омарова Ғалия Асқарқызы"),  # initials are not guessed
        ("Ғалия Омарова", "Ғалия Омаров"),
    ],
)
def test_other_teachers_have_other_keys(one, other):
    assert letters.teacher_key(one) != letters.teacher_key(other)


def test_the_name_printed_is_the_one_written_most_often():
    assert letters.by_use(["Галия Омарова", "Ғалия Омарова", "Галия Омарова"])[0] == "Галия Омарова"
    # a tie: the spelling with the Kazakh letters, which a Russian keyboard loses
    assert letters.by_use(["Галия Омарова", "Ғалия Омарова"]) == ["Ғалия Омарова", "Галия Омарова"]


# ---------------------------------------------------------------- one letter per teacher


def test_two_spellings_of_one_teacher_get_one_letter(published, tmp_path):
    category = published.categories[0]
    entries = category.entries
    entries[1].teacher = "Галия  Омарова "
    entries[2].teacher = "Ғалiя Омарова"
    entries[3].teacher = "Омарова Ғалия"
    db.session.add(Entry(category=category, number=5, name="Ернар Сәкенұлы", teacher="Ғалия Омарова"))
    db.session.add(Entry(category=category, number=6, name="Тимур Ахметов", teacher="Серік Қайратұлы"))
    db.session.commit()

    teachers = Builder(published, BASE).teachers()
    assert [t.name for t in teachers] == ["Ғалия Омарова", "Серік Қайратұлы"]
    assert [e.number for e in teachers[0].entries] == [1, 2, 3, 4, 5]
    assert set(teachers[0].spellings) == {"Ғалия Омарова", "Галия Омарова", "Ғалія Омарова", "Омарова Ғалия"}

    outcome = bulk.run(published, "thanks", BASE, tmp_path / "letters", workers=1)
    assert outcome.documents == 2 and outcome.pages == 2
    assert db.session.scalar(select(func.count()).select_from(Letter)) == 2
    first = PdfReader(outcome.pdf).pages[0].extract_text()
    text = " ".join(first.split())
    assert "Ғалия Омарова" in text and "Галия" not in text and "Ғалія" not in text
    for entry in entries[:5]:
        assert entry.name in text
    assert "Ернар Сәкенұлы" in text and "Тимур Ахметов" not in text
    # the wording for several pupils, in both languages
    assert "байқауға қатысушыларды дайындағаны үшін" in text and "за подготовку участников конкурса" in text


def test_a_teacher_with_pupils_in_two_categories_gets_one_letter_listing_both(two_published):
    builder = Builder(two_published, BASE)
    teacher = _teacher(builder, "Ғалия Омарова")
    assert [e.category.position for e in teacher.entries] == [1, 1, 1, 1, 2]
    text = _letter_text(two_published, "Ғалия Омарова")
    assert text.count("Ғалия Омарова") == 1
    assert FIRST_CATEGORY in text and SECOND_CATEGORY in text
    assert text.index(FIRST_CATEGORY) < text.index("Айгүл") < text.index(SECOND_CATEGORY) < text.index("Нұрсұлтан Әбілов")
    # each pupil with its award, as its diploma has it
    assert "«Шұғыла» ансамблі — Бас жүлде / Гран-при" in text
    assert "Нұрсұлтан Әбілов — I дәрежелі лауреат / Лауреат I степени" in text
    assert "Данияр Жұмабаев" not in text  # another teacher's pupil
    # the same letter, and code, from a pupil of either category
    first = Builder(two_published, BASE).letter_of_entry(two_published.categories[0].entries[0])
    second = Builder(two_published, BASE).letter_of_entry(two_published.categories[1].entries[0])
    db.session.commit()
    assert first[0].issued.code == second[0].issued.code and first[0].html == second[0].html
    assert db.session.scalar(select(func.count()).select_from(Letter)) == 1


def test_one_pupil_is_thanked_for_in_the_singular(two_published):
    text = _letter_text(two_published, "Серік Қайратұлы")
    assert "Серік Қайратұлы" in text and "Данияр Жұмабаев — II дәрежелі лауреат / Лауреат II степени" in text
    assert "байқауға қатысушыны дайындағаны үшін" in text and "за подготовку участника конкурса" in text
    assert "участников" not in text and "қатысушыларды" not in text
    assert SECOND_CATEGORY in text and FIRST_CATEGORY not in text


def test_withdrawn_entries_and_entries_without_a_teacher_earn_no_letter(scored):
    entries = scored.categories[0].entries
    entries[1].status = "disqualified"
    entries[2].status = "withdrawn"
    entries[3].teacher = "  "
    db.session.commit()
    publish(scored.categories[0])
    builder = Builder(scored, BASE)
    assert builder.letter_of_entry(entries[2]) == [] and builder.letter_of_entry(entries[3]) == []
    (document,) = builder.letter_of_entry(entries[0])
    db.session.commit()
    pupils = db.session.execute(select(LetterPupil.entry_id, LetterPupil.award).order_by(LetterPupil.position)).all()
    # a disqualified pupil was prepared too, but has no award to print (nor a diploma)
    assert pupils == [(entries[0].id, "laureate_1"), (entries[1].id, None)]
    text = pdf_text(merged_pdf([document]))
    assert entries[0].name in text and entries[1].name in text and entries[2].name not in text


def test_a_pupil_moving_to_another_teacher_makes_the_letter_one_to_reprint(published):
    from judging.documents import operations

    entries = published.categories[0].entries
    builder = Builder(published, BASE)
    code = builder.letter_of_entry(entries[0])[0].issued.code
    db.session.commit()
    entries[0].teacher = "Серік Қайратұлы"
    db.session.commit()
    builder = Builder(published, BASE)
    assert builder.letter_of_entry(entries[1]) == []  # the letter issued names a pupil it no longer should
    assert [w.reason for w in builder.withheld] == ["changed"]
    moved = builder.letter_of_entry(entries[0])[0]  # Серік's first letter
    db.session.commit()
    ((old, again),) = operations.reissue(published, None)
    assert old.code == code and again.code != code and old.superseded_by_id == again.id
    assert [p.entry_id for p in old.pupils] == [e.id for e in entries]  # the old letter keeps what it said
    assert [p.entry_id for p in again.pupils] == [e.id for e in entries[1:]]
    assert [p.entry_id for p in moved.issued.pupils] == [entries[0].id]
    (document,) = Builder(published, BASE).letter_of_entry(entries[1])
    assert document.issued.code == again.code and entries[0].name not in pdf_text(merged_pdf([document]))


def test_every_kazakh_letter_renders_in_a_letter_in_the_shipped_fonts(published):
    from judging.documents import operations

    category = published.categories[0]
    category.nomination = {"kk": f"Эстрада {KAZAKH}", "ru": "Эстрада"}
    for entry in category.entries:
        entry.teacher = f"Ғалия {KAZAKH}"
    db.session.commit()
    operations.save_wording(published, {"letter_reason_many": {"kk": f"дайындағаны үшін {KAZAKH}", "ru": "за подготовку"}}, None)
    builder = Builder(published, BASE)
    pdf = merged_pdf(builder.letter_of_entry(category.entries[0]))
    text = pdf_text(pdf)
    # the teacher's name (bold), the reason (italic), the category (sans) and a pupil's name
    assert text.count(KAZAKH) >= 4
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"].get_object()["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts and all(font.startswith("Doc") for font in fonts), fonts  # no font of the system stood in


def test_a_long_list_of_pupils_goes_on_pages_after_the_letter(published):
    category = published.categories[0]
    for n in range(5, 41):
        db.session.add(Entry(category=category, number=n, name=f"Қатысушы {n}", teacher="Ғалия Омарова"))
    db.session.commit()
    (document,) = Builder(published, BASE).letter_of_entry(category.entries[0])
    db.session.commit()
    pdf = merged_pdf([document])
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2
    text = pdf_text(pdf)
    assert "Қатысушылар тізімі қосымшада берілген / Список участников приведён в приложении" in text
    assert "Приложение к благодарственному письму" in text and document.issued.code in text
    assert all(f"Қатысушы {n}" in text for n in range(5, 41))


def test_the_list_takes_smaller_type_before_it_takes_an_annex():
    def groups(pupils: int) -> list[dict]:
        return [{"category": {}, "pupils": [{"name": "Әсем Құдайбергенова", "award": {"kk": "Бас жүлде", "ru": "Гран-при"}}] * pupils}]

    sizes = [data.letter_size(groups(n), ["kk", "ru"]) for n in (1, 10, 14, 21, 22)]
    assert sizes == ["normal", "normal", "small", "smaller", "annex"]
    assert data.letter_size(groups(10), ["kk", "ru"], logo=True) == "small"


def test_a_template_written_for_letters_per_entry_still_renders(published):
    from judging.documents import operations, samples

    body = "<html><body><p>{{ doc.teacher }}: {{ doc.entry.name }}, {{ doc.category.label | both(langs) }}</p></body></html>"
    operations.save_template(published, "thanks", body, samples.sample(Builder(published, BASE), "thanks"), None)
    text = _letter_text(published, "Ғалия Омарова")
    assert f"Ғалия Омарова: {published.categories[0].entries[0].name}, {FIRST_CATEGORY}" in text


# ---------------------------------------------------------------- pages


def test_organisers_see_the_letters_by_teacher(client, organiser, two_published):
    base = f"/admin/editions/{two_published.id}/documents"
    assert f"{base}/letters" in client.get(base).get_data(as_text=True)
    html = client.get(f"{base}/letters").get_data(as_text=True)
    assert "Ғалия Омарова" in html and "Галия Омарова" in html  # the other spelling, shown as one
    assert "Серік Қайратұлы" in html and "Нұрсұлтан Әбілов" in html
    first, second = two_published.categories
    response = client.get(f"{base}/entries/{second.entries[0].id}/thanks.pdf")
    assert response.status_code == 200 and FIRST_CATEGORY in pdf_text(response.data)
    code = db.session.scalar(select(Letter.code).where(Letter.teacher_key == letters.teacher_key("Ғалия Омарова")))
    assert code in client.get(f"{base}/letters").get_data(as_text=True)
    # a category's letters: those of the teachers with a pupil in it, each naming all their pupils
    assert len(PdfReader(io.BytesIO(client.get(f"{base}/categories/{first.id}/thanks.pdf").data)).pages) == 1
    assert len(PdfReader(io.BytesIO(client.get(f"{base}/categories/{second.id}/thanks.pdf").data)).pages) == 2


def test_the_verify_page_shows_the_teacher_and_the_pupils(client, organiser, two_published):
    entries = two_published.categories[0].entries
    entries[1].name = "Әлия Қасымова"
    db.session.commit()
    client.get(f"/admin/editions/{two_published.id}/documents/entries/{entries[0].id}/thanks.pdf")
    code = db.session.scalar(select(Letter.code).where(Letter.teacher_key == letters.teacher_key("Ғалия Омарова")))
    client.post("/logout")
    client.post("/lang/ru", data={"next": "/"})
    page = client.get(f"/verify/{code.lower()}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Благодарственное письмо" in html and "Ғалия Омарова" in html and "2026" in html
    # the pupils as a public page may name children (the edition shows initials), with categories and awards
    assert "Әлия Қ." in html and "Қасымова" not in html
    assert "«Шұғыла» ансамблі" in html and "Гран-при" in html and "Лауреат I степени" in html
    assert "Народная песня" in html and "Данияр" not in html


def test_a_teachers_letter_comes_with_its_own_code_once_every_pupil_is_published(client, two_categories):
    first, second = two_categories.categories
    entry = first.entries[2]
    builder = Builder(two_categories, BASE)
    teacher = next(t for t in builder.teachers() if entry in t.entries)
    publish(first)
    assert builder.letter(teacher) is None  # it names a pupil of the second category, not published yet
    assert db.session.scalar(select(func.count()).select_from(Letter)) == 0
    publish(second)
    # the organisers draw the letters (which issues their codes) and give each teacher theirs
    Builder(two_categories, BASE).letter(teacher)
    db.session.commit()
    code = db.session.scalar(select(Letter.code).where(Letter.teacher_key == teacher.key))
    form = {"code": code, "document": "thanks"}
    response = client.post("/diploma", data=form)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Ғалия Омарова" in text and "Нұрсұлтан Әбілов" in text and "Данияр Жұмабаев" not in text
    assert code in text
    reopen(second)  # while a pupil's results are reviewed, the letter waits again
    refused = client.post("/diploma", data=form)
    assert refused.status_code == 403 and 'data-reason="unpublished_pupils"' in refused.get_data(as_text=True)
    publish(second)
    assert client.post("/diploma", data=form).status_code == 200
    # A pupil's code, which the family holds too, does not give it: it names the other children
    # in full. The diploma button still gives that pupil's diploma.
    pupil = client.post("/diploma", data={"code": entry.code, "document": "thanks"})
    assert pupil.status_code == 404 and 'data-reason="pupil_code"' in pupil.get_data(as_text=True)
    diploma = pdf_text(client.post("/diploma", data={"code": entry.code, "document": "diploma"}).data)
    assert "ДИПЛОМ" in diploma.replace(" ", "") and "Нұрсұлтан" not in diploma


# ---------------------------------------------------------------- bulk and the command line


def test_bulk_letters_one_per_teacher_and_unchanged_ones_reused(two_published, tmp_path):
    first = bulk.run(two_published, "thanks", BASE, tmp_path / "a", workers=1)
    assert first.documents == 2 and first.pages == 2 and first.reused == 0
    names = zipfile.ZipFile(first.zip).namelist()
    assert names == ["001-Ғалия_Омарова.pdf", "002-Серік_Қайратұлы.pdf"]
    second = bulk.run(two_published, "thanks", BASE, tmp_path / "b", workers=1)
    assert second.documents == 2 and second.reused == 2
    assert db.session.scalar(select(func.count()).select_from(Letter)) == 2


def test_cli_writes_one_letter_per_teacher(app, two_published, tmp_path):
    runner = app.test_cli_runner()
    target = tmp_path / "letters.pdf"
    args = ["documents", "letters", "--edition", str(two_published.id), "--workers", "1", "-o"]
    result = runner.invoke(args=[*args, str(target)])
    assert result.exit_code == 0, result.output
    assert "2 documents" in result.output and len(PdfReader(str(target)).pages) == 2
    text = pdf_text(target.read_bytes())
    assert text.count("Алғыс хат") == 2 and "Ғалия Омарова" in text and "Серік Қайратұлы" in text
    target = tmp_path / "letters.zip"
    result = runner.invoke(args=[*args, str(target)])
    assert result.exit_code == 0 and "2 reused" in result.output
    assert len(zipfile.ZipFile(target).namelist()) == 2
