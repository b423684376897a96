"""Kazakh text as it arrives from spreadsheets: Latin look-alikes put back into Cyrillic words.

Much typed Kazakh text writes «і» as a Latin «i» (keyboards and 1990s fonts without Kazakh letters),
and copy-pasting mixes in other Latin letters that look like Cyrillic ones. :func:`normalize` fixes
that, deterministically, in these steps:

1. Invisible characters (zero-width spaces and joiners, soft hyphens, byte-order marks) are dropped.
2. The text is put in Unicode NFC, so «й» typed as «и» plus a combining breve is one letter.
3. Each word (a maximal run of letters and combining marks; hyphens, apostrophes, digits and
   punctuation separate words, so «IT-сынып» is the two words «IT» and «сынып») is looked at alone.
   Its Latin look-alikes are replaced by Cyrillic letters only when all of these hold:

   - the word has at least one Cyrillic letter (purely Latin words such as «John» or «IT» stay);
   - every Latin letter in it has a Cyrillic twin in :data:`LOOKALIKES`; a word such as «Smіth» or
     «Тimur» that cannot become wholly Cyrillic is left as typed rather than half-converted;
   - it is not an upper-case Roman numeral once Cyrillic «І Х С М» are read as Latin, so «XIV»,
     «ХIV» and «IІ» stay as typed, whichever mix of keyboards produced them.

   A capital Latin «Y» becomes the Kazakh «Ү» in a word that has another Kazakh-only letter
   (ә ғ қ ң ө ұ ү һ і), and the Russian «У» otherwise; a small «y» always becomes «у».
4. NFC again (a replaced letter may now compose with a following mark), then every run of
   whitespace, line breaks included, becomes one space and the ends are trimmed.

Deliberately not done: Latin letters with no close twin (b, d, k, n, u, ...) and digits («0» for
«О», «3» for «З») are never guessed; lone Latin letters between Cyrillic words (a Latin «c» for
the preposition «с») stay, since a lone Latin letter is as likely meant; the 1990s fonts that put
Kazakh letters in the slots of Serbian or Ukrainian ones (ј for ә, ї for ү) are not undone here,
because those are real Cyrillic letters: the importer reads such files with the KZ-1048 code page.
"""

from __future__ import annotations

import re
import unicodedata

# Latin letter -> the Cyrillic letter it is mistaken for. Besides the common look-alikes this holds
# the substitutes older fonts and keyboards used for Kazakh letters: Latin schwa for «ә», barred o
# for «ө», «h» for «һ», «i» for «і».
LOOKALIKES: dict[str, str] = {
    "a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у",
    "i": "і", "h": "һ", "ë": "ё", "ə": "ә", "ɵ": "ө",
    "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М", "O": "О",
    "P": "Р", "T": "Т", "X": "Х", "Y": "У", "I": "І", "Ë": "Ё", "Ə": "Ә", "Ɵ": "Ө",
}  # fmt: skip

KAZAKH_LETTERS = frozenset("ӘәҒғҚқҢңӨөҰұҮүҺһІі")
"""The letters Kazakh has and Russian lacks."""

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_ROMAN = re.compile(r"M{0,4}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_AS_ROMAN = str.maketrans("ІХСМ", "IXCM")  # Cyrillic capitals that pass for Roman digits


def _is_word_char(ch: str) -> bool:
    return ch.isalpha() or unicodedata.category(ch).startswith("M")


def _script(ch: str) -> str:
    """'cyrillic', 'latin' or '' for a letter, by its Unicode name."""
    name = unicodedata.name(ch, "")
    if name.startswith("CYRILLIC"):
        return "cyrillic"
    if name.startswith("LATIN"):
        return "latin"
    return ""


def _is_roman_numeral(word: str) -> bool:
    candidate = word.translate(_AS_ROMAN)
    return bool(candidate) and _ROMAN.fullmatch(candidate) is not None


def _fix_word(word: str) -> str:
    """The word with its Latin look-alikes made Cyrillic, or the word itself when that is unsafe."""
    scripts = [_script(ch) for ch in word]
    if "cyrillic" not in scripts or "latin" not in scripts:
        return word
    if any(s == "latin" and ch not in LOOKALIKES for ch, s in zip(word, scripts, strict=True)):
        return word
    if _is_roman_numeral(word):
        return word
    fixed = "".join(LOOKALIKES[ch] if s == "latin" else ch for ch, s in zip(word, scripts, strict=True))
    if "Y" in word and KAZAKH_LETTERS.intersection(fixed):
        # «Y» is the very shape of the Kazakh «Ү»; only a Kazakh word can mean it.
        fixed = "".join("Ү" if ch == "Y" else f for ch, f in zip(word, fixed, strict=True))
    return fixed


def _fix_words(text: str) -> str:
    out: list[str] = []
    start = None
    for i, ch in enumerate(text):
        if _is_word_char(ch):
            if start is None:
                start = i
            continue
        if start is not None:
            out.append(_fix_word(text[start:i]))
            start = None
        out.append(ch)
    if start is not None:
        out.append(_fix_word(text[start:]))
    return "".join(out)


def normalize_with_flag(text: str) -> tuple[str, bool]:
    """Normalise imported text; the flag says whether any letter was replaced (not just spacing)."""
    composed = unicodedata.normalize("NFC", text.translate(_INVISIBLE))
    fixed = _fix_words(composed)
    letters_changed = fixed != composed
    result = " ".join(unicodedata.normalize("NFC", fixed).split())
    return result, letters_changed


def normalize(text: str) -> str:
    """Imported text with Latin look-alikes in Cyrillic words made Cyrillic and spacing tidied."""
    return normalize_with_flag(text)[0]


def has_kazakh_letters(text: str) -> bool:
    """Whether the text, once normalised, uses a letter of Kazakh that Russian lacks."""
    return not KAZAKH_LETTERS.isdisjoint(normalize(text))
