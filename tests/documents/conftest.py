"""Fixtures for documents: a scored edition, PDF text extraction, an isolated documents folder."""

from __future__ import annotations

import subprocess
from decimal import Decimal

import pytest

from judging.models import Category, Conflict, Entry, Mark, Member, Sheet
from judging.results import recompute

KAZAKH = "ӘҒҚҢӨҰҮҺІ әғқңөұүһі"
# marks per entry number: (voice, technique, artistry) given by every judge
MARKS = {1: (9.5, 9, 9), 2: (8, 8, 7.5), 3: (7, 7, 6.5), 4: (10, 10, 10)}


@pytest.fixture(autouse=True)
def documents_dir(app, tmp_path):
    app.config["DOCUMENTS_DIR"] = str(tmp_path / "documents")
    app.config["DOCUMENTS_WORKERS"] = 1
    return tmp_path / "documents"


def pdf_text(pdf: bytes, tmp_path=None) -> str:
    """The text of a PDF as pdftotext reads it (what a person copying from the PDF gets)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    # lines wrap differently from one layout to another: compare words, not line breaks
    return " ".join(out.stdout.decode("utf-8").split())


@pytest.fixture
def scored(db, make_edition):
    """An edition with 4 entries marked by 3 judges (judge 3 abstains for entry 2), standings computed."""
    edition = make_edition(entries=4, judges=3)
    edition.director_name = "Ә. Қ. Сейітова"
    edition.organiser_name = {"kk": "Балалар шығармашылығы орталығы", "ru": "Центр детского творчества"}
    category = edition.categories[0]
    category.labels = {
        "voice": {"kk": "Дауыс", "ru": "Голос"}, "technique": {"kk": "Техника", "ru": "Техника"},
        "artistry": {"kk": "Әртістік", "ru": "Артистизм"},
    }
    entries = category.entries
    entries[0].name = f"Айгүл {KAZAKH}"
    entries[3].kind = "collective"
    entries[3].name = "«Шұғыла» ансамблі"
    entries[3].members = [Member(name="Іңкәр Өтегенова", position=1), Member(name="Ұлдана Һасенова", position=2)]
    judges = [j for j in edition.judges]
    for entry in entries:
        for judge in judges:
            if entry.number == 2 and judge.position == 2:
                db.session.add(Conflict(judge=judge, entry=entry, reason="педагог участника"))
                continue
            sheet = Sheet(judge=judge, category_id=category.id, entry=entry)
            for key, value in zip(("voice", "technique", "artistry"), MARKS[entry.number], strict=True):
                sheet.marks.append(Mark(criterion=key, value=Decimal(str(value))))
            db.session.add(sheet)
    db.session.commit()
    recompute(category)
    return edition


def publish(category) -> None:
    """Finalise (when not yet) and publish a category through the real operations, as the chair and
    the organiser do: diplomas and letters are issued from published results only."""
    from judging.board.operations import set_visibility
    from judging.chair.operations import finalise_category

    if category.judging != "finalised":
        finalise_category(category)
    set_visibility(category, "published")


def reopen(category, reason: str = "a judge's marks were typed wrong") -> None:
    from judging.chair.operations import reopen_category

    reopen_category(category, reason)


def correct_marks(category, entry, values: tuple) -> None:
    """Every judge of the panel who marked the entry corrects their sheet to `values` (voice,
    technique, artistry), through the unlock and the tablet's submit."""
    from sqlalchemy import select

    from judging.chair.operations import unlock_sheet
    from judging.extensions import db
    from judging.scoring.operations import submit

    sheets = db.session.scalars(select(Sheet).where(Sheet.entry_id == entry.id)).all()
    for n, sheet in enumerate(sheets):
        judge = sheet.judge
        unlock_sheet(sheet, "typed wrong")
        marks = dict(zip(("voice", "technique", "artistry"), (str(v) for v in values), strict=True))
        ack = submit(judge, {"client_id": f"fix-{entry.id}-{n}", "entry": entry.id, "marks": marks})
        assert ack["ok"], ack


@pytest.fixture
def published(scored):
    """`scored` with its category finalised and published."""
    publish(scored.categories[0])
    return scored


@pytest.fixture
def two_categories(db, scored):
    """`scored` and a second marked category, where Ғалия Омарова (written without «ғ») has a pupil
    besides another teacher's."""
    first = scored.categories[0]
    category = Category(
        edition=scored, position=2, nomination_key="folk", nomination={"kk": "Халық әні", "ru": "Народная песня", "en": "Folk"},
        age_group_key="14-17", age_group={"kk": "14–17", "ru": "14–17", "en": "14–17"},
        form_key="solo", form={"kk": "жеке", "ru": "соло", "en": "solo"},
        rule=first.rule, params=first.params, labels=first.labels,
    )
    pupil = Entry(category=category, number=1, name="Нұрсұлтан Әбілов", institution="№1 мектеп", teacher="Галия  Омарова ")
    other = Entry(category=category, number=2, name="Данияр Жұмабаев", institution="№7 мектеп", teacher="Серік Қайратұлы")
    db.session.add_all([category, pupil, other])
    for judge in scored.judges:
        judge.categories.append(category)
    db.session.flush()
    for entry, value in ((pupil, "9"), (other, "8")):
        for judge in scored.judges:
            sheet = Sheet(judge=judge, category_id=category.id, entry=entry)
            sheet.marks.extend(Mark(criterion=key, value=Decimal(value)) for key in ("voice", "technique", "artistry"))
            db.session.add(sheet)
    db.session.commit()
    recompute(category)
    return scored


@pytest.fixture
def two_published(two_categories):
    """`two_categories` with both categories finalised and published."""
    for category in two_categories.categories:
        publish(category)
    return two_categories
