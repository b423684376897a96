"""Letters of thanks: an edition's entries grouped by teacher, one letter per teacher.

Teachers' names are typed by hand on every application, so one teacher arrives as «Ғалия Омарова»,
«Галия  Омарова» (a Russian keyboard has no «ғ»), «Ғaлия Омарова» (a Latin «a») and, from a list
sorted by surname, «Омарова Ғалия». They are told apart by :func:`teacher_key`: the text as
:func:`judging.kazakh.normalize` puts it right, in lower case, with the Kazakh letters read as the
Russian ones typed for them, punctuation ignored and the words in alphabetical order. Initials are
not guessed: «Омарова Ғ. А.» is another teacher than «Омарова Ғалия Асқарқызы». The letter prints
the name as it is most often written.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from judging.kazakh import KAZAKH_LETTERS, normalize
from judging.models import Entry

# What a Russian keyboard gives for each Kazakh letter; «ё» is often typed as «е».
_FOLD = str.maketrans("әғқңөұүһіё", "агкноуухие")
_WORD = re.compile(r"[^\W_]+")
KEY_LENGTH = 300  # the column's length (Letter.teacher_key)


def _words(name: str) -> list[str]:
    return _WORD.findall(normalize(name).casefold().translate(_FOLD))


def teacher_key(name: str) -> str:
    """The teacher's name reduced for telling teachers apart; empty when there is no name."""
    return " ".join(sorted(_words(name)))[:KEY_LENGTH]


def thanked(entry: Entry) -> bool:
    """Whether the entry earns its teacher a letter: it has a teacher and was not withdrawn."""
    return entry.status != "withdrawn" and bool(teacher_key(entry.teacher or ""))


@dataclass
class Teacher:
    """One teacher of the edition and the entries they prepared, in the order of the categories."""

    key: str
    name: str
    entries: list[Entry] = field(default_factory=list)
    number: int = 0  # in the alphabetical list of the edition's teachers, from 1
    spellings: list[str] = field(default_factory=list)  # every way the name was written, most often first


def by_use(spellings: list[str]) -> list[str]:
    """The distinct spellings, the one written most often first; on a tie the one with more Kazakh
    letters (a Russian keyboard loses them, nobody adds them by mistake), then the first written."""
    counts = Counter(spellings)
    first = {spelling: i for i, spelling in reversed(list(enumerate(spellings)))}
    return sorted(counts, key=lambda s: (-counts[s], -sum(ch in KAZAKH_LETTERS for ch in s), first[s]))


def by_teacher(entries: Iterable[Entry]) -> list[Teacher]:
    """The entries that earn a letter, grouped by teacher; teachers in alphabetical order.

    The entries come in the order they are listed on the letter (category, then running order).
    Sorting by the folded name puts «Ә» beside «А» and «Ө» beside «О», as a Kazakh reader expects,
    instead of after «Я» where the code points of the Kazakh letters are.
    """
    groups: dict[str, Teacher] = {}
    spellings: dict[str, list[str]] = {}
    for entry in entries:
        if not thanked(entry):
            continue
        key = teacher_key(entry.teacher)
        groups.setdefault(key, Teacher(key, "")).entries.append(entry)
        spellings.setdefault(key, []).append(normalize(entry.teacher))
    for key, teacher in groups.items():
        teacher.spellings = by_use(spellings[key])
        teacher.name = teacher.spellings[0]
    teachers = sorted(groups.values(), key=lambda t: (_words(t.name), t.key))
    for number, teacher in enumerate(teachers, start=1):
        teacher.number = number
    return teachers
