"""Keep the kk/ru/en catalogues in step with the source.

    python scripts/translations.py update           extract, update, fill English, compile, report
    python scripts/translations.py missing [FILE]   the untranslated kk/ru entries (as a Python dict to fill in)
    python scripts/translations.py apply FILE...    merge translations from Python files defining T, then update

A translations file defines ``T = {msgid: (kk, ru)}``; for a plural entry the key is the singular
msgid and kk/ru are tuples with one string per plural form (kk 2, ru 3).  English is filled with the
source text itself (msgstr = msgid), so a new string never shows up empty in English.
"""

from __future__ import annotations

import re
import runpy
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
DIR = ROOT / "translations"
POT = DIR / "messages.pot"
LOCALES = ("kk", "ru", "en")
PYBABEL = str(ROOT / ".venv" / "bin" / "pybabel")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")
LATIN_I_IN_CYRILLIC = re.compile(r"[\u0400-\u04ff]i|i[\u0400-\u04ff]")


def _po(locale: str) -> Path:
    return DIR / locale / "LC_MESSAGES" / "messages.po"


def _run(*args: str) -> None:
    subprocess.run([PYBABEL, *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _read(locale: str) -> Catalog:
    with open(_po(locale), "rb") as f:
        return read_po(f, locale=locale)


def _write(catalog: Catalog, locale: str) -> None:
    catalog.fuzzy = False  # a fuzzy header makes `pybabel compile` skip the whole catalogue
    catalog.project, catalog.version = "judging", "1.0"
    catalog.copyright_holder = "judging contributors"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = catalog.language_team = "judging contributors"
    with open(_po(locale), "wb") as f:
        write_po(f, catalog)


def _strings(message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, (tuple, list)) else (message.string,)


def _translated(message) -> bool:
    return not message.fuzzy and all(s and s.strip() for s in _strings(message))


def extract_and_update() -> None:
    """The same steps as `make translations`, creating a catalogue the first time."""
    _run("extract", "-F", "babel.cfg", "-k", "_l", "-k", "N_", "-o", str(POT), ".")
    for locale in LOCALES:
        if not _po(locale).exists():
            _run("init", "-i", str(POT), "-d", str(DIR), "-l", locale)
    _run("update", "-i", str(POT), "-d", str(DIR), "--no-fuzzy-matching")


def settle() -> None:
    """Revive translations of strings that came back, fill English, unfuzz, then compile."""
    for locale in LOCALES:
        catalog = _read(locale)
        for message in catalog:
            if not message.id:
                continue
            message.flags.discard("fuzzy")
            if _translated(message):
                continue
            old = catalog.obsolete.get(message.id)
            if old is not None and _translated(old) and len(_strings(old)) == len(_strings(message)):
                message.string = old.string
            elif locale == "en":
                message.string = message.id
        for key in [k for k in catalog.obsolete if catalog.get(k) is not None]:
            del catalog.obsolete[key]
        _write(catalog, locale)
    _run("compile", "-d", str(DIR))


def apply(paths: list[str]) -> int:
    """Merge T dicts from the given files into kk and ru; returns how many strings were set."""
    table: dict = {}
    for path in paths:
        table.update(runpy.run_path(path)["T"])
    count = 0
    for index, locale in enumerate(("kk", "ru")):
        catalog = _read(locale)
        for message in catalog:
            key = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
            if not key or key not in table:
                continue
            value = table[key][index]
            if isinstance(message.id, (tuple, list)):
                value = tuple(value) if isinstance(value, (tuple, list)) else (value,) * catalog.num_plurals
                if len(value) != catalog.num_plurals:
                    raise SystemExit(f"{locale}: {key!r} needs {catalog.num_plurals} plural forms")
            message.string = value
            message.flags.discard("fuzzy")
            count += 1
        _write(catalog, locale)
    return count


def problems() -> list[str]:
    """Untranslated entries, lost placeholders and Latin «i» in Kazakh words."""
    found = []
    for locale in LOCALES:
        for message in _read(locale):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, (tuple, list)) else (message.id,)
            if not _translated(message):
                found.append(f"{locale}: untranslated {ids[0]!r}")
                continue
            wanted = {m for i in ids for m in PLACEHOLDER.findall(i)}
            for s in _strings(message):
                got = set(PLACEHOLDER.findall(s))
                if not got <= wanted or (len(ids) == 1 and got != wanted):
                    found.append(f"{locale}: placeholders differ in {ids[0]!r} -> {s!r}")
                if locale == "kk" and LATIN_I_IN_CYRILLIC.search(s):
                    found.append(f"kk: Latin i in {s!r}")
    return found


def missing(out: str | None) -> None:
    """Print (or write) the entries still untranslated in kk or ru as a T dict to fill in."""
    kk, ru = _read("kk"), _read("ru")
    lines = ["T = {"]
    for message in kk:
        if not message.id:
            continue
        other = ru.get(message.id)
        if _translated(message) and other is not None and _translated(other):
            continue
        where = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
        if where:
            lines.append(f"    # {where}")
        if isinstance(message.id, (tuple, list)):
            lines.append(f"    {message.id[0]!r}: (({message.id[0]!r}, {message.id[1]!r}), ()),  # {message.id[1]!r}")
        else:
            lines.append(f"    {message.id!r}: ('', ''),")
    lines.append("}")
    text = "\n".join(lines) + "\n"
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def report() -> None:
    for locale in LOCALES:
        catalog = _read(locale)
        total = sum(1 for m in catalog if m.id)
        done = sum(1 for m in catalog if m.id and _translated(m))
        print(f"{locale}: {done}/{total} translated, {len(catalog.obsolete)} obsolete")
    for line in problems():
        print(line)


def main(argv: list[str]) -> None:
    command = argv[0] if argv else "update"
    if command == "update":
        extract_and_update()
        settle()
        report()
    elif command == "missing":
        missing(argv[1] if len(argv) > 1 else None)
    elif command == "apply":
        print(f"{apply(argv[1:])} translations set")
        settle()
        report()
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
