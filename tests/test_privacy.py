"""Children's names on public screens: the given name and the surname's initial, never a surname in full."""

from __future__ import annotations

import pytest

from judging.models import Edition, Entry
from judging.privacy import display_name, given_name_and_initial, initials


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Қасымова Әлия", "Әлия Қ."),
        ("Әлия Қасымова", "Әлия Қ."),
        ("Байжанов Шыңғыс", "Шыңғыс Б."),
        ("Иванов Артём", "Артём И."),
        ("Ковальчук Максим", "Максим К."),
        ("Петренко Дарья", "Дарья П."),
        ("Қасымова Әлия Серікқызы", "Әлия Қ."),
        ("Соколова Анна Петровна", "Анна С."),
        ("Анна-Мария Лебедева", "Анна-Мария Л."),
        # Neither word tells which is the surname: initials only, never a guess.
        ("Әлия Дана", "Ә. Д."),
        ("Мөлдір Есімова Айгерім Нұрланқызы Бек", "М. Е. А. Н. Б."),
        ("Томирис", "Т."),
        # Given names ending like surnames' cousins are not taken for surnames.
        ("Айбек Серікбаев", "Айбек С."),
        ("Әли Төлегенов", "Әли Т."),
    ],
)
def test_given_name_and_surname_initial(name, shown):
    assert given_name_and_initial(name) == shown


def test_initials_keep_hyphens():
    assert initials("Анна-Мария Лебедева") == "А.-М. Л."


def test_privacy_follows_the_edition():
    edition = Edition(privacy="initials")
    child = Entry(kind="person", name="Қасымова Әлия")
    ensemble = Entry(kind="collective", name="«Шаттық» ансамблі")
    assert display_name(child, edition) == "Әлия Қ."
    assert display_name(ensemble, edition) == "«Шаттық» ансамблі"
    edition.privacy = "full"
    assert display_name(child, edition) == "Қасымова Әлия"
