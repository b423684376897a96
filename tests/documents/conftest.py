"""Fixtures for documents: a scored edition, PDF text extraction, an isolated documents folder."""

from __future__ import annotations

import subprocess
from decimal import Decimal

import pytest

from judging.models import Conflict, Mark, Member, Sheet
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
