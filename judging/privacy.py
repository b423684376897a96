"""How a performer's name is shown on public screens, following the edition's privacy setting.

With privacy "initials" a child is shown by the initials of every part of the name: «Әлия
Қасымова» → «Ә. Қ.», «Қасымова Әлия Серікқызы» → «Қ. Ә. С.». Every part, not "first name and an
initial", because registration lists write names in either order and showing the first word
would sometimes show the surname. Hyphenated parts keep the hyphen («Анна-Мария» → «А.-М.»).
Collectives keep their name: an ensemble's name identifies no child.
"""

from __future__ import annotations

from judging.models import Edition, Entry


def initials(name: str) -> str:
    """«Әлия Қасымова» → «Ә. Қ.»."""
    parts = []
    for word in name.split():
        letters = [piece[0].upper() + "." for piece in word.split("-") if piece and piece[0].isalpha()]
        if letters:
            parts.append("-".join(letters))
    return " ".join(parts)


def display_name(entry: Entry, edition: Edition) -> str:
    """The name a hall screen or a public page may show for this entry."""
    if entry.kind == "collective" or (edition.privacy or "initials") == "full":
        return entry.name
    return initials(entry.name) or entry.name
