"""Every string a user sees has a Kazakh and a Russian translation (and the catalogues are compiled).

The strings are extracted afresh from the source here, not read from a stale template, so a new
string without translations fails this test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask_babel import refresh

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "lazy_ngettext": (1, 2), "N_": None, "pgettext": ((1, "c"), 2)}
METHODS = [("judging/**.py", "python"), ("scoring_rules/**.py", "python"), ("templates/**.html", "jinja2")]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def _extracted() -> dict[str, str]:
    """msgid -> where it was found, from the live source."""
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, keywords=KEYWORDS, options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    ):
        # A plural message is keyed by its singular in a catalogue; its plural forms are checked there.
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, f"{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def extracted() -> dict[str, str]:
    return _extracted()


def _catalog(locale: str):
    with open(ROOT / "translations" / locale / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=locale)


def test_strings_are_extracted(extracted):
    assert len(extracted) > 100


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_every_string_is_translated(extracted, locale):
    catalog = _catalog(locale)
    missing = []
    for msgid, where in sorted(extracted.items()):
        message = catalog.get(msgid)
        if message is None:
            missing.append(f"{where}: {msgid!r} is not in the {locale} catalogue")
            continue
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        if message.fuzzy or not all(s and s.strip() for s in strings):
            missing.append(f"{where}: {msgid!r} has no {locale} translation")
    assert not missing, "\n".join(missing[:50]) + (f"\n... and {len(missing) - 50} more" if len(missing) > 50 else "")


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_translations_keep_their_placeholders(locale):
    problems = []
    for message in _catalog(locale):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
        strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        wanted = {m for i in ids for m in PLACEHOLDER.findall(i)}
        for s in strings:
            got = set(PLACEHOLDER.findall(s))
            if not got <= wanted or (len(ids) == 1 and got != wanted):
                problems.append(f"{message.id!r} -> {s!r}")
    assert not problems, "\n".join(problems[:30])


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_compiled_catalogue_matches_its_source(locale):
    """The app reads the .mo files: they must say what the .po files say (make translations)."""
    def key(m):  # read_mo gives plural ids and strings as lists, read_po as tuples
        return (m.id if isinstance(m.id, str) else tuple(m.id)), (m.string if isinstance(m.string, str) else tuple(m.string))

    po = dict(key(m) for m in _catalog(locale) if m.id and not m.fuzzy)
    with open(ROOT / "translations" / locale / "LC_MESSAGES" / "messages.mo", "rb") as f:
        mo = dict(key(m) for m in read_mo(f) if m.id)
    differing = [k for k, v in po.items() if v and mo.get(k) != v]
    assert not differing, differing[:20]


def test_kazakh_translations_use_kazakh_letters():
    catalog = _catalog("kk")
    texts = " ".join(m.string if isinstance(m.string, str) else " ".join(m.string) for m in catalog if m.id)
    for letter in "әғқңөұүі":
        assert letter in texts, letter
    # Typed Kazakh often has a Latin «i» inside a Cyrillic word: not in our catalogue.
    assert not re.search(r"[\u0400-\u04ff]i|i[\u0400-\u04ff]", texts)


def test_pages_are_served_in_kazakh_and_russian(client, organiser):
    # The test client's requests share the fixture's app context, where Flask-Babel caches the
    # locale; a real request has its own, so forget the cached locale as a new request would.
    client.post("/lang/kk", data={"next": "/admin/"})
    refresh()
    kk = client.get("/admin/").get_data(as_text=True)
    client.post("/lang/ru", data={"next": "/admin/"})
    refresh()
    ru = client.get("/admin/").get_data(as_text=True)
    assert '<html lang="kk">' in kk and '<html lang="ru">' in ru
    assert kk != ru
    assert "Editions" not in kk and "Editions" not in ru
