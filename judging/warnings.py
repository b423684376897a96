"""The scoring rules' warnings, said to people: one translated line per kind, naming the entries.

The rules speak English with entry ids (they are a pure package); the organiser and the chair
need «Not marked yet: №7, №8» in their own language, once, not a line per entry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask_babel import lazy_gettext as _l

TEXTS = {
    "no_marks": _l("Not marked yet: %(entries)s"),
    "missing_sheet": _l("Some judges' sheets are missing for: %(entries)s"),
    "too_few_to_trim": _l("Too few judges to drop the highest and lowest total, plain mean used for: %(entries)s"),
    "no_comparisons": _l("Not compared with any other exhibit yet: %(entries)s"),
    "measurement_disagreement": _l("The assessors' measurements differ for: %(entries)s"),
    "judgement_spread": _l("The experts' marks differ by more than a point for: %(entries)s"),
}


def texts() -> dict[str, str]:
    """Every template in the current language, for pages that group warnings in the browser."""
    return {code: str(text) for code, text in TEXTS.items()}


def explain(warnings: Iterable[dict], label_of: Callable[[str], str]) -> list[str]:
    """One line per warning code, in the order the codes first appear; unknown codes as the rule said."""
    grouped: dict[str, list[str]] = {}
    loose: list[str] = []
    for warning in warnings:
        code = warning.get("code")
        if code in TEXTS:
            label = label_of(str(warning.get("entry"))) if warning.get("entry") is not None else ""
            names = grouped.setdefault(code, [])
            if label and label not in names:
                names.append(label)
        else:
            loose.append(warning.get("message", str(code)))
    return [str(TEXTS[code]) % {"entries": ", ".join(names)} for code, names in grouped.items()] + loose
