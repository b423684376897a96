"""How a performer's name is shown on public screens, following the edition's privacy setting.

With privacy "initials" a child keeps the given name and loses the surname to its initial, as
the centre's practice is («initials instead of full surnames»): «Қасымова Әлия» and «Әлия
Қасымова» both become «Әлия Қ.». Registration lists write names in either order, so the surname
is recognised by its ending (-ов, -ева, -ин, -ский, -енко, -ұлы ...); a patronymic after the
given name («Серікқызы», «Петровна») is left out. When the words do not say which is the surname,
every part is shown as an initial («Ә. Қ.»), never a guess that could print a surname in full.
Collectives keep their name: an ensemble's name identifies no child.
"""

from __future__ import annotations

import re

from judging.models import Edition, Entry

_SURNAME = re.compile(
    r"(ов|ова|ев|ева|ёв|ёва|ин|ина|ын|ына|ский|ская|цкий|цкая|енко|ук|юк|ич|дзе|швили|ян|янц|"
    r"ұлы|улы|қызы|кызы)$",
    re.IGNORECASE,
)
_PATRONYMIC = re.compile(r"(ович|евич|овна|евна|ична|инична|ұлы|улы|қызы|кызы)$", re.IGNORECASE)


def _initial(word: str) -> str:
    letters = [piece[0].upper() + "." for piece in word.split("-") if piece and piece[0].isalpha()]
    return "-".join(letters)


def initials(name: str) -> str:
    """«Әлия Қасымова» → «Ә. Қ.»: every part as an initial."""
    return " ".join(filter(None, (_initial(word) for word in name.split())))


def given_name_and_initial(name: str) -> str:
    """«Қасымова Әлия Серікқызы» → «Әлия Қ.»; all initials when the surname cannot be told."""
    words = name.split()
    if len(words) == 3 and _PATRONYMIC.search(words[2]):
        words = words[:2]
    if len(words) != 2:
        return initials(name)
    first, second = words
    first_is, second_is = bool(_SURNAME.search(first)), bool(_SURNAME.search(second))
    if first_is and not second_is:
        return f"{second} {_initial(first)}"
    if second_is and not first_is:
        return f"{first} {_initial(second)}"
    return initials(name)


def display_name(entry: Entry, edition: Edition) -> str:
    """The name a hall screen or a public page may show for this entry (an Entry, or a row with
    its name and kind)."""
    if entry.kind == "collective" or (edition.privacy or "initials") == "full":
        return entry.name
    return given_name_and_initial(entry.name) or entry.name
