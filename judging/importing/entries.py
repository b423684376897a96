"""Turning spreadsheet rows into entry drafts, with a clear error per bad row and nothing stored.

The organiser uploads a list of entries; :func:`preview` says, row by row, what would be entered and
what is wrong, so the file can be fixed and uploaded again. Storing the drafts is the caller's job.
Every text is passed through :func:`judging.kazakh.normalize`; what it changed is kept in
``EntryDraft.original`` and shown as a warning, since a name on a diploma must be the one meant.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, timedelta
from difflib import SequenceMatcher

from judging.echo import echo
from judging.importing.messages import Gettext, render
from judging.kazakh import normalize, normalize_with_flag

# Canonical field -> header spellings accepted for it (Kazakh, Russian, English). Matching ignores
# case, spaces and punctuation, so «Ф.И.О.» and «фио» are one spelling; a bilingual header such as
# «Аты-жөні / ФИО» is matched by its halves when the whole is not known.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": (
        "Аты-жөні", "Қатысушының аты-жөні", "Қатысушы", "Т.А.Ә.", "Тегі, аты", "Ұжым", "Ұжымның атауы",
        "ФИО", "Ф.И.О. участника", "Участник", "Коллектив", "Название коллектива",
        "Участник / коллектив", "name", "full name", "participant", "performer", "collective",
    ),
    "category": ("Санат", "Санаты", "Категория", "Категория участия", "category"),
    # When there is no category column, the category is written as «nomination / age group / form».
    "nomination": ("Номинация", "Аталым", "Бағыт", "Жанр", "Направление", "nomination", "genre"),
    "age_group": (
        "Жас санаты", "Жас тобы", "Возрастная категория", "Возрастная группа", "age group", "age category",
    ),
    "form": ("Орындау түрі", "Орындау формасы", "Форма", "Форма исполнения", "Форма выступления", "form"),
    "kind": (
        "Қатысу түрі", "Жеке / ұжым", "Тип участника", "Вид участия", "Форма участия", "Соло / коллектив",
        "kind", "type", "solo or collective",
    ),
    "birth_date": (
        "Туған күні", "Туған күні, айы, жылы", "Туылған күні", "Дата рождения", "Д.р.", "birth date",
        "date of birth",
    ),
    "institution": (
        "Мекеме", "Мекемесі", "Білім беру мекемесі", "Мектеп", "Оқу орны", "Ұйым", "Учреждение",
        "Учреждение образования", "Учебное заведение", "Организация", "Школа", "institution", "school",
        "organisation", "organization",
    ),
    "district": ("Аудан", "Аудан / қала", "Қала", "Район", "Район / город", "Город", "district", "city"),
    "teacher": (
        "Жетекші", "Жетекшісі", "Жетекшінің аты-жөні", "Педагог", "Педагогтың аты-жөні", "Руководитель",
        "ФИО руководителя", "ФИО педагога", "Преподаватель", "teacher", "leader", "coach",
    ),
    "repertoire": (
        "Репертуар", "Шығарма", "Шығарманың атауы", "Жұмыстың атауы", "Нөмірдің атауы", "Название работы",
        "Название номера", "Название произведения", "Произведение", "Программа", "repertoire", "work",
        "title",
    ),
    "members": (
        "Мүшелері", "Ұжым мүшелері", "Құрамы", "Қатысушылар тізімі", "Участники коллектива", "Состав",
        "Состав коллектива", "Список участников", "members", "ensemble members",
    ),
}  # fmt: skip

# What the first word of a kind (or form) cell may be; stems of four letters or more also match longer
# words («ұжымдық», «коллективный», «индивидуально»), shorter ones only whole words («хор», not «хореография»).
COLLECTIVE_WORDS = (
    "ұжым", "ансамбль", "топ", "топтық", "дуэт", "трио", "квартет", "хор", "команда", "коллектив", "групп",
    "collective", "ensemble", "group", "duet", "trio", "quartet", "choir", "team",
)  # fmt: skip
PERSON_WORDS = ("жеке", "соло", "сольн", "солист", "индивидуал", "личн", "solo", "soloist", "person", "individual")

ROW_NUMBER_HEADERS = ("№", "№ п/п", "р/с", "Реттік саны", "No.", "#")  # numbering the rows, not data: no warning
MAX_LENGTHS = {"name": 300, "institution": 300, "district": 200, "teacher": 300, "members": 300}  # the Entry columns
TEXT_FIELDS = ("name", "institution", "district", "teacher")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01; Excel's phantom 1900-02-29 is long past
_MIN_SERIAL = 10000  # 1927: smaller numbers are years or ages, not the birth date of a child
_NUMBERING = re.compile(r"^\s*\d{1,3}\s*[.)]\s*")  # «1. Иванова Анна» in a list of members
_LOST_LETTER = re.compile(r"\?[^\W\d_]")  # «Сер?кұлы», «?лихан»: a letter the code page could not hold


@dataclass
class CategoryChoice:
    """A category a row may name, with every way a file may write it."""

    id: int
    names: list[str]


@dataclass
class EntryDraft:
    """One row ready to become an entry; ``original`` keeps the text normalisation changed.

    ``original`` maps a field to its text as written; a member's is under ``members[i]``, ``i`` being
    the member's index in ``members``.
    """

    row: int
    category_id: int
    kind: str
    name: str
    birth_date: date | None = None
    institution: str = ""
    district: str = ""
    teacher: str = ""
    repertoire: str = ""
    members: list[str] = dataclasses.field(default_factory=list)
    original: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclass
class RowError:
    """A problem with one row (or, at row 1, with the header), in English and renderable in any language."""

    row: int
    field: str | None
    message: str
    code: str = ""
    params: dict[str, object] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, code: str, row: int, field: str | None = None, **params: object) -> RowError:
        """An error or warning built from a message code of :mod:`judging.importing.messages`."""
        if "value" in params:  # a cell's text, which may be any length: the message quotes its start
            params["value"] = echo(params["value"])
        error = cls(row=row, field=field, message="", code=code, params=params)
        error.message = error.render(lambda s: s)
        return error

    def render(self, gettext: Gettext) -> str:
        """The message translated through the given gettext (the view passes flask_babel.gettext)."""
        if not self.code:
            return self.message
        values: dict[str, object] = {"row": self.row, **self.params}
        if self.field is not None:
            values["field"] = self.field
        return render(self.code, values, gettext)


@dataclass
class Preview:
    """What an upload would enter: the drafts, the errors that keep rows out, and warnings."""

    drafts: list[EntryDraft]
    errors: list[RowError]
    warnings: list[RowError]
    rows_total: int

    @property
    def ok(self) -> bool:
        """Whether every row can be entered."""
        return not self.errors


def name_key(name: str) -> str:
    """How two names are compared for duplicates; build ``existing`` for :func:`preview` with it."""
    return normalize(name).casefold()


def preview(
    rows: Sequence[Mapping[str, str]],
    categories: Sequence[CategoryChoice],
    *,
    default_category_id: int | None = None,
    existing: AbstractSet[tuple[int, str]] = frozenset(),
) -> Preview:
    """Check rows from :func:`read_table` against the categories; store nothing."""
    headers = list(dict.fromkeys(key for row in rows for key in row if key != "_row"))
    columns, warnings = _match_columns(headers)
    missing = _missing_columns(columns, default_category_id is not None)
    if missing and rows:  # no rows, no header to judge: read_table refuses such files itself
        rows_total = sum(1 for row in rows if any(str(row.get(h) or "").strip() for h in headers))
        return Preview(drafts=[], errors=missing, warnings=warnings, rows_total=rows_total)
    # A row with nothing in the columns read is blank, even when a «№» column numbers it in advance.
    filled = [(index, row) for index, row in enumerate(rows) if any(str(row.get(h) or "").strip() for h in columns.values())]

    reader = _RowReader(columns, _CategoryIndex(categories), default_category_id, existing)
    drafts: list[EntryDraft] = []
    errors: list[RowError] = []
    for index, row in filled:
        draft, row_errors, row_warnings = reader.read(row, _row_number(row, index))
        errors += row_errors
        warnings += row_warnings
        if draft is not None:
            drafts.append(draft)
    return Preview(drafts=drafts, errors=errors, warnings=warnings, rows_total=len(filled))


def fold_header(text: str) -> str:
    """A header reduced to its letters and digits, for matching spellings."""
    return "".join(ch for ch in normalize(text).casefold().replace("ё", "е") if ch.isalnum())


_SPELLINGS: dict[str, str] = {}
for _field, _spellings in COLUMNS.items():
    for _spelling in _spellings:
        _SPELLINGS.setdefault(fold_header(_spelling), _field)


_ROW_NUMBER_FOLDED = {"", *map(fold_header, ROW_NUMBER_HEADERS)}


def _header_field(header: str) -> str | None:
    if (found := _SPELLINGS.get(fold_header(header))) is not None:
        return found
    halves = {_SPELLINGS.get(fold_header(part)) for part in re.split(r"[/\n|()\[\]]", header) if fold_header(part)}
    halves.discard(None)
    return halves.pop() if len(halves) == 1 else None


def _match_columns(headers: list[str]) -> tuple[dict[str, str], list[RowError]]:
    """Field -> the header read for it, and warnings about headers that are repeated or unknown."""
    columns: dict[str, str] = {}
    warnings: list[RowError] = []
    unknown: list[str] = []
    for header in headers:
        found = _header_field(header)
        if found is None:
            if fold_header(header) not in _ROW_NUMBER_FOLDED:
                unknown.append(header)
        elif found in columns:
            warnings.append(RowError.of("column_repeated", 1, found, column=header, first=columns[found]))
        else:
            columns[found] = header
    if unknown:
        warnings.append(RowError.of("columns_ignored", 1, columns=", ".join(f"“{h}”" for h in unknown)))
    return columns, warnings


def _missing_columns(columns: Mapping[str, str], has_default_category: bool) -> list[RowError]:
    missing: list[RowError] = []
    if "name" not in columns:
        missing.append(RowError.of("missing_column", 1, "name", spellings=", ".join(COLUMNS["name"])))
    if not has_default_category and "category" not in columns and "nomination" not in columns:
        spellings = ", ".join(COLUMNS["category"] + COLUMNS["nomination"])
        missing.append(RowError.of("missing_column", 1, "category", spellings=spellings))
    return missing


def _row_number(row: Mapping[str, str], index: int) -> int:
    try:
        return int(row["_row"])
    except (KeyError, TypeError, ValueError):
        return index + 2  # rows built by hand: the header is row 1


def fold_category(text: str) -> str:
    """A category as written reduced for matching: case, spaces, quotes, ё and dash kinds ignored."""
    text = normalize(text).casefold().replace("ё", "е")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return re.sub(r"[\s«»\"“”„'‘’`]", "", text)


class _CategoryIndex:
    """Finds the category a cell names, or the closest ones to suggest."""

    def __init__(self, categories: Sequence[CategoryChoice]) -> None:
        self.ids: dict[str, set[int]] = {}
        self.spellings: list[tuple[str, str, int]] = []  # (folded, as written, id)
        for category in categories:
            for name in category.names:
                folded = fold_category(name)
                if folded:
                    self.ids.setdefault(folded, set()).add(category.id)
                    self.spellings.append((folded, normalize(name), category.id))

    def find(self, text: str) -> set[int]:
        """Ids of the categories the text names (several when their spellings clash)."""
        return self.ids.get(fold_category(text), set())

    def closest(self, text: str, count: int = 3) -> list[str]:
        """Names of the categories nearest to the text, one spelling each, nearest first."""
        folded = fold_category(text)
        best: dict[int, tuple[float, str]] = {}
        for spelling, written, category_id in self.spellings:
            ratio = SequenceMatcher(None, folded, spelling).ratio()
            if category_id not in best or ratio > best[category_id][0]:
                best[category_id] = (ratio, written)
        ranked = sorted(best.values(), key=lambda pair: (-pair[0], pair[1]))
        return list(dict.fromkeys(written for _, written in ranked))[:count]  # two categories may read alike


def _quoted(names: list[str]) -> str:
    return ", ".join(f"“{n}”" for n in names) or "—"


def _kind_of(text: str) -> str | None:
    """'person' or 'collective' for a kind or form cell, None when it says neither."""
    words = re.findall(r"[^\W_]+", normalize(text).casefold())
    if not words:
        return None
    for kind, stems in (("collective", COLLECTIVE_WORDS), ("person", PERSON_WORDS)):
        if any(words[0] == stem or (len(stem) >= 4 and words[0].startswith(stem)) for stem in stems):
            return kind
    return None


def parse_birth_date(text: str) -> date | None:
    """A date written dd.mm.yyyy, yyyy-mm-dd (as date cells are read) or as an Excel serial; None if empty."""
    text = text.strip()
    if not text:
        return None
    if match := re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:\s*г\.?)?", text):
        day, month, year = map(int, match.groups())
    elif match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", text):
        year, month, day = map(int, match.groups())
    elif match := re.fullmatch(r"(\d{5})(?:\.0+)?", text):
        serial = int(match.group(1))
        if serial < _MIN_SERIAL:
            raise ValueError(text)
        return _EXCEL_EPOCH + timedelta(days=serial)
    else:
        raise ValueError(text)
    if not 1900 <= year <= 2100:
        raise ValueError(text)
    return date(year, month, day)  # raises ValueError for 31.02


class _RowReader:
    """Reads one row at a time, remembering names seen so that duplicates in the file are caught."""

    def __init__(
        self,
        columns: Mapping[str, str],
        categories: _CategoryIndex,
        default_category_id: int | None,
        existing: AbstractSet[tuple[int, str]],
    ) -> None:
        self.columns = columns
        self.categories = categories
        self.default_category_id = default_category_id
        self.existing = existing
        self.seen: dict[tuple[int, str], int] = {}

    def read(self, row: Mapping[str, str], number: int) -> tuple[EntryDraft | None, list[RowError], list[RowError]]:
        """The draft of one row (None when it has errors), its errors and its warnings."""
        cell = {f: str(row.get(header) or "") for f, header in self.columns.items()}
        errors: list[RowError] = []
        original: dict[str, str] = {}
        changed: list[str] = []
        texts: dict[str, str] = {}
        for name in TEXT_FIELDS:
            texts[name], was_changed = normalize_with_flag(cell.get(name, ""))
            if was_changed:
                original[name] = cell[name]
                changed.append(name)
            if len(texts[name]) > MAX_LENGTHS[name]:
                errors.append(RowError.of("too_long", number, name, length=len(texts[name]), limit=MAX_LENGTHS[name]))
        if not texts["name"]:
            errors.append(RowError.of("required", number, "name"))

        repertoire_lines = [normalize_with_flag(line) for line in cell.get("repertoire", "").splitlines()]
        repertoire = "\n".join(line for line, _ in repertoire_lines if line)
        if any(flag for _, flag in repertoire_lines):
            original["repertoire"] = cell["repertoire"]
            changed.append("repertoire")

        members = self._members(cell.get("members", ""), number, original, changed, errors)
        category_id = self._category(cell, number, errors)
        kind = self._kind(cell, bool(members), number, errors)
        try:
            birth_date = parse_birth_date(cell.get("birth_date", ""))
        except ValueError:
            birth_date = None
            errors.append(RowError.of("date_invalid", number, "birth_date", value=cell["birth_date"].strip()))

        if category_id is not None and texts["name"] and len(texts["name"]) <= MAX_LENGTHS["name"]:
            self._check_duplicate(category_id, texts["name"], number, errors)

        if errors or category_id is None or kind is None:  # the two are None only beside an error
            return None, errors, []
        warnings = []
        if changed:
            warnings.append(RowError.of("normalised", number, fields=changed))
        if lost := [f for f in self.columns if _LOST_LETTER.search(cell.get(f, ""))]:
            warnings.append(RowError.of("lost_letters", number, fields=lost))
        draft = EntryDraft(
            row=number, category_id=category_id, kind=kind, name=texts["name"], birth_date=birth_date,
            institution=texts["institution"], district=texts["district"], teacher=texts["teacher"],
            repertoire=repertoire, members=members, original=original,
        )  # fmt: skip
        return draft, [], warnings

    def _members(self, text: str, number: int, original: dict[str, str], changed: list[str], errors: list[RowError]) -> list[str]:
        members: list[str] = []
        for piece in re.split(r"[;\n\r]+", text):
            written = _NUMBERING.sub("", piece).strip()
            member, was_changed = normalize_with_flag(written)
            if not member:
                continue
            if was_changed:
                original[f"members[{len(members)}]"] = written
            if len(member) > MAX_LENGTHS["members"]:
                errors.append(RowError.of("too_long", number, "members", length=len(member), limit=MAX_LENGTHS["members"]))
            members.append(member)
        if any(key.startswith("members[") for key in original):
            changed.append("members")
        return members

    def _category(self, cell: Mapping[str, str], number: int, errors: list[RowError]) -> int | None:
        if "category" in self.columns:
            written = normalize(cell["category"])
        else:
            written = " / ".join(p for p in (normalize(cell.get(f, "")) for f in ("nomination", "age_group", "form")) if p)
        if not written:
            if self.default_category_id is None:
                errors.append(RowError.of("required", number, "category"))
            return self.default_category_id
        found = self.categories.find(written)
        if len(found) == 1:
            return next(iter(found))
        if found:
            errors.append(RowError.of("category_ambiguous", number, "category", value=written, count=len(found)))
        else:
            suggestions = _quoted(self.categories.closest(written))
            errors.append(RowError.of("category_unknown", number, "category", value=written, suggestions=suggestions))
        return None

    def _kind(self, cell: Mapping[str, str], has_members: bool, number: int, errors: list[RowError]) -> str | None:
        said = normalize(cell.get("kind", ""))
        kind = _kind_of(said) if said else None
        if said and kind is None:
            errors.append(RowError.of("kind_unknown", number, "kind", value=said))
            return None
        if kind == "person" and has_members:
            errors.append(RowError.of("kind_conflict", number, "members"))
            return None
        if has_members:
            return "collective"
        # A form column («соло», «дуэт») tells the kind when it is clear; anything else is a soloist.
        return kind or _kind_of(cell.get("form", "")) or "person"

    def _check_duplicate(self, category_id: int, name: str, number: int, errors: list[RowError]) -> None:
        key = (category_id, name.casefold())
        if key in self.existing:
            errors.append(RowError.of("duplicate_existing", number, "name", value=name))
        elif key in self.seen:
            errors.append(RowError.of("duplicate_in_file", number, "name", value=name, first_row=self.seen[key]))
        else:
            self.seen[key] = number
