"""What an issued diploma or letter of thanks states, and whether the record still agrees with it.

A statement is stored on the row when its code is issued (Diploma.statement, Letter.statement) and
never changed: it is what the paper in the family's hands says. The current record gives the
statement the document would have if it were issued now; when the two disagree the document is to
be reprinted under a new code (documents/operations.reissue).

Plain data only: names, award keys, labels in kk/ru/en, the contest and its year.
"""

from __future__ import annotations

from judging.documents.letters import Teacher
from judging.models import Category, Edition, Entry, Member, Standing

# Stored, shown on the verify page, but not a reason to reprint: the shipped diploma prints the
# award, not the place, and a place moved by another entry's correction changes nothing on paper.
NOT_COMPARED = frozenset({"place"})


def _place(row: Standing) -> str:
    if row.place is None:
        return ""
    if row.place_to and row.place_to != row.place:
        return f"{row.place}–{row.place_to}"
    return str(row.place)


def edition_of(edition: Edition) -> dict:
    """The contest as a document names it."""
    return {"title": dict(edition.title or {}), "year": edition.year}


def category_of(category: Category) -> dict[str, str]:
    return {lang: category.label(lang) for lang in ("kk", "ru", "en")}


def of_diploma(edition: Edition, category: Category, entry: Entry, row: Standing | None,
               member: Member | None = None) -> dict | None:
    """What the entry's (or the member's) diploma states now; None when it earns no diploma."""
    if row is None or row.award is None or not entry.competing:
        return None
    return {
        "name": member.name if member else entry.name,
        "member_of": entry.name if member else None,
        "award": row.award,
        "place": _place(row),
        "category": category_of(category),
        "edition": edition_of(edition),
    }


def of_letter(edition: Edition, teacher: Teacher, awards: dict[int, str | None]) -> dict:
    """What the teacher's letter states now: the teacher, and each pupil with category and award."""
    return {
        "name": teacher.name,
        "edition": edition_of(edition),
        "pupils": [
            {"entry_id": entry.id, "name": entry.name, "category": category_of(entry.category), "award": awards.get(entry.id)}
            for entry in teacher.entries
        ],
    }


def agrees(stored, current) -> bool:
    """Whether the current record still says what the stored statement says.

    Only what the stored statement holds is compared: a row issued before statements were kept
    has the name and award only (migration 0007), and is not to be reprinted for the rest.
    """
    if stored is None:
        return True  # nothing was recorded: nothing can be contradicted
    if current is None:
        return False
    if isinstance(stored, dict):
        return isinstance(current, dict) and all(
            key in current and agrees_value(value, current[key]) for key, value in stored.items() if key not in NOT_COMPARED
        )
    return agrees_value(stored, current)


def agrees_value(stored, current) -> bool:
    if isinstance(stored, dict):
        return agrees(stored, current)
    if isinstance(stored, list):
        return isinstance(current, list) and len(stored) == len(current) and all(
            agrees_value(a, b) for a, b in zip(stored, current, strict=True)
        )
    return stored == current
