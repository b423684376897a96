"""User-facing import messages, translatable without importing Flask.

The importer runs outside any request (tests, the CLI), so it cannot call Flask-Babel. Instead every
message is a template here, marked with :func:`N_` so that ``pybabel extract -k N_`` collects it.
An error or warning carries a ``code`` (a key of :data:`MESSAGES`) and ``params``; its ``message``
is the English text, and the view shows ``error.render(gettext)``, which translates the template
and the field names through the gettext it is given and then fills in the params. Templates use
``%(name)s`` placeholders, the style Babel checks for as ``python-format``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated later, when it is shown."""
    return message


Gettext = Callable[[str], str]

FIELD_LABELS: dict[str, str] = {
    "name": N_("name"),
    "category": N_("category"),
    "nomination": N_("nomination"),
    "age_group": N_("age group"),
    "form": N_("form"),
    "kind": N_("solo or collective"),
    "birth_date": N_("date of birth"),
    "institution": N_("institution"),
    "district": N_("district"),
    "teacher": N_("teacher"),
    "repertoire": N_("repertoire"),
    "members": N_("members"),
}

# A member's original spelling is kept under "members[i]" (i from 0).
MEMBER = N_("member %(n)s")


def field_label(key: str, gettext: Gettext) -> str:
    """The name for people of a field kept as originally written ("members[1]" is member 2)."""
    base, bracket, index = key.partition("[")
    if bracket and base == "members" and index.rstrip("]").isdigit():
        return gettext(MEMBER) % {"n": int(index.rstrip("]")) + 1}
    return gettext(FIELD_LABELS[key]) if key in FIELD_LABELS else key


MESSAGES: dict[str, str] = {
    # The file as a whole (SheetReadError).
    "empty_file": N_("The file “%(filename)s” is empty: no filled rows were found (only the first sheet is read)."),
    "not_spreadsheet": N_("“%(filename)s” is not a spreadsheet: upload an .xlsx or .csv file."),
    "old_excel": N_(
        "“%(filename)s” is in the old Excel format (.xls) or protected by a password: "
        "save it as .xlsx or as CSV UTF-8 and upload it again."
    ),
    "unknown_encoding": N_("Cannot tell the text encoding of “%(filename)s”: save it as CSV UTF-8 or as .xlsx."),
    "no_header": N_(
        "“%(filename)s” has no header row: the first filled row must name the columns (for example Аты-жөні / ФИО, Номинация)."
    ),
    "no_rows": N_("“%(filename)s” has a header row but no entries below it."),
    "too_many_rows": N_(
        "“%(filename)s” has more than %(limit)s rows: split the list into several files, or delete the empty "
        "rows below the table, and upload it again."
    ),
    "too_many_columns": N_(
        "“%(filename)s” has more than %(limit)s columns: keep only the columns of the entries (name, category…), "
        "or delete the empty columns to the right of the table, and upload it again."
    ),
    "too_slow": N_(
        "Reading “%(filename)s” took too long and was stopped: save it again as .xlsx or CSV UTF-8 with only the "
        "table of entries, and upload it again."
    ),
    # The header row.
    "missing_column": N_("Row %(row)s: no column for the %(field)s. Name a column one of: %(spellings)s."),
    "column_repeated": N_("Row %(row)s: column “%(column)s” is ignored: the %(field)s is already read from column “%(first)s”."),
    "columns_ignored": N_("Row %(row)s: these columns are not recognised and are ignored: %(columns)s."),
    # One row.
    "required": N_("Row %(row)s: the %(field)s is empty."),
    "too_long": N_("Row %(row)s: the %(field)s is %(length)s characters long; at most %(limit)s fit."),
    "category_unknown": N_("Row %(row)s: unknown category “%(value)s”. Closest known: %(suggestions)s."),
    "category_ambiguous": N_(
        "Row %(row)s: category “%(value)s” fits %(count)s categories written the same way; give them different names."
    ),
    "date_invalid": N_(
        "Row %(row)s: cannot read the %(field)s “%(value)s”: write it as dd.mm.yyyy or yyyy-mm-dd, or use a date cell."
    ),
    "kind_unknown": N_(
        "Row %(row)s: “%(value)s” in the %(field)s column is neither solo (соло, жеке) nor collective (ансамбль, ұжым)."
    ),
    "kind_conflict": N_("Row %(row)s: members are listed, but the entry is marked as a solo performer."),
    "duplicate_in_file": N_("Row %(row)s: “%(value)s” is already in row %(first_row)s, in the same category."),
    "duplicate_existing": N_("Row %(row)s: “%(value)s” is already entered in this category."),
    # Warnings.
    "normalised": N_(
        "Row %(row)s: Latin look-alike letters were replaced by Cyrillic ones (%(fields)s); the original text is kept."
    ),
    "lost_letters": N_(
        "Row %(row)s: “?” stands inside a word (%(fields)s): letters were probably lost when the file was saved "
        "in a Cyrillic code page. Save it as CSV UTF-8 or as .xlsx."
    ),
}


def _same(message: str) -> str:
    return message


def render(code: str, params: Mapping[str, object], gettext: Gettext = _same) -> str:
    """The message for a code in the language of ``gettext`` (English when none is given)."""
    values = dict(params)
    if "field" in values:
        values["field"] = gettext(FIELD_LABELS[str(values["field"])])
    if isinstance(fields := values.get("fields"), list | tuple):
        values["fields"] = ", ".join(gettext(FIELD_LABELS[str(f)]) for f in fields)
    return gettext(MESSAGES[code]) % values
