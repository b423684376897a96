"""Contest presets: one TOML file per recurring contest, read and checked into plain data.

An organiser starts this year's edition of a series from its preset and adjusts it in the admin,
so a preset must be right before anyone relies on it: every defect is reported as a PresetError
naming the file and the field ("vocal.toml: categories[2].params.criteria[0].max: ...").
Pure Python (no Flask, no database); the format is shown, commented, in vocal.toml.

Shapes handed out:

- A text is {"kk": ..., "ru": ...} with an optional "en"; kk and ru are required.
- Preset.wording is {phrase_key: text}: one entry per document phrase, the same shape as every other
  text, so one helper localises all of them. Award labels are "award_<award key>"
  (award_grand_prix, award_laureate_1, award_participant ...); every award key a category can
  give has one. Phrases every preset has: diploma_heading, awarded, letter_heading,
  protocol_heading, approval, director_title.
- A category's params: the default [rule].params with the category's own params merged over them
  (shallow, key by key) while the category keeps the default rule. A category naming another rule
  (a skating final, a pairwise hall) gives its params in full, since the default rule's
  parameters mean nothing to another rule.
- A category's labels: the default [labels] with the category's own over them, narrowed to the
  keys its params use (criteria, aspects, dances).

When the scoring_rules package offers check_params(rule, params), every category's params go
through it as well, so a preset fails on load, not during the gala.
"""

from __future__ import annotations

import copy
import importlib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

__all__ = ["CategorySpec", "Preset", "PresetError", "available", "load", "load_all", "load_file"]

PRESETS_DIR = Path(__file__).resolve().parent
LANGUAGES = ("kk", "ru", "en")
REQUIRED_LANGUAGES = ("kk", "ru")
PRIVACY = ("initials", "full")
REQUIRED_PHRASES = (
    "diploma_heading", "awarded", "letter_heading", "protocol_heading", "approval", "director_title",
)
# The rule names of docs/scoring-rules.md: checked here only while scoring_rules is absent.
CONTRACT_RULES = ("criteria_panel", "skating", "rounds", "marking_scheme", "pairwise", "ranked_points")
ASPECT_TYPES = ("measurement", "judgement")

# Keys end up in the database (String(40)) and in URLs: keep them plain.
_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
# A Latin letter touching a Cyrillic one: typed Kazakh often has «i» for «і», or look-alike a/e/o/c.
_MIXED = re.compile(r"[\u0400-\u04ff][A-Za-z]|[A-Za-z][\u0400-\u04ff]")
_WORD = re.compile(r"[\w-]+")

_TOP = ("key", "name", "show_places", "edition", "rule", "labels", "nominations", "age_groups",
        "forms", "categories", "wording")
_TOP_REQUIRED = ("key", "name", "edition", "rule", "nominations", "age_groups", "forms", "categories",
                 "wording")
_EDITION = ("title", "city", "venue", "organiser_name", "privacy", "languages", "single_grand_prix")
_EDITION_REQUIRED = ("title", "city", "venue", "organiser_name", "privacy", "languages")
_CATEGORY = ("nomination", "age_group", "form", "rule", "params", "labels", "show_places")


class PresetError(Exception):
    """A preset that cannot be used: the file, the dotted field at fault, and why."""

    def __init__(self, path: str, field: str, message: str) -> None:
        self.path = path
        self.field = field
        self.message = message
        super().__init__(f"{path}: {field}: {message}" if field else f"{path}: {message}")


@dataclass(frozen=True)
class CategorySpec:
    """One category of a preset: nomination × age group × form, with its rule and labels."""

    nomination_key: str
    nomination: dict[str, str]
    age_group_key: str
    age_group: dict[str, str]
    form_key: str
    form: dict[str, str]
    rule: str
    params: dict
    labels: dict[str, dict[str, str]]
    show_places: bool
    min_age: int | None = None  # the age group's bounds, for checking a child's age at entry
    max_age: int | None = None


@dataclass(frozen=True)
class Preset:
    """A recurring contest's defaults, from which an organiser starts this year's edition."""

    key: str
    path: Path
    name: dict[str, str]
    title: dict[str, str]
    city: dict[str, str]
    venue: dict[str, str]
    organiser_name: dict[str, str]
    privacy: str
    languages: list[str]
    categories: list[CategorySpec]
    wording: dict
    # At most one Grand Prix in the whole edition, not one per category (choreography).
    single_grand_prix: bool = False

    def edition_title(self, year: int) -> dict[str, str]:
        """The edition's title with {year} filled in, in every language the preset has."""
        # replace, not format: a stray brace typed by an organiser must not break the title
        return {lang: text.replace("{year}", str(year)) for lang, text in self.title.items()}


def available() -> list[str]:
    """Keys of the presets shipped in this folder, sorted."""
    return sorted(p.stem for p in PRESETS_DIR.glob("*.toml"))


def load(key: str) -> Preset:
    """Load the shipped preset with this key."""
    keys = available()
    if key not in keys:
        raise PresetError(f"{key}.toml", "", f"unknown preset {key!r}; available: {', '.join(keys)}")
    return load_file(PRESETS_DIR / f"{key}.toml")


def load_all() -> list[Preset]:
    """Load every shipped preset, in key order."""
    return [load(key) for key in available()]


def load_file(path: Path) -> Preset:
    """Read and check one preset file; any defect raises PresetError naming the file and field."""
    path = Path(path)
    check = _Checker(path.name)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise PresetError(path.name, "", f"cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise PresetError(path.name, "", f"not UTF-8 text ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise PresetError(path.name, f"line {line.group(1)}" if line else "", f"TOML syntax: {exc}") from None
    return _build(path, data, check)


def _join(prefix: str, name: str) -> str:
    if not name:
        return prefix
    if not prefix or name.startswith("["):
        return prefix + name
    return f"{prefix}.{name}"


class _Checker:
    """Type checks that raise PresetError at a dotted field of one file."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name

    def fail(self, field: str, message: str) -> NoReturn:
        raise PresetError(self.file_name, field, message)

    def table(self, value: Any, field: str) -> dict:
        if not isinstance(value, dict):
            self.fail(field, f"must be a table, not {_kind(value)}")
        return value

    def tables(self, value: Any, field: str) -> list[dict]:
        if not isinstance(value, list) or not value:
            self.fail(field, "must be a non-empty list of tables")
        return [self.table(item, f"{field}[{i}]") for i, item in enumerate(value)]

    def string(self, value: Any, field: str) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(field, f"must be a non-empty string, not {_kind(value)}")
        return value

    def boolean(self, value: Any, field: str) -> bool:
        if not isinstance(value, bool):
            self.fail(field, f"must be true or false, not {_kind(value)}")
        return value

    def number(self, value: Any, field: str) -> int | float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(field, f"must be a number, not {_kind(value)}")
        return value

    def key(self, value: Any, field: str) -> str:
        if not isinstance(value, str) or not _KEY.fullmatch(value):
            self.fail(field, f"must be a key of lower-case letters, digits, '_' or '-', not {value!r}")
        return value

    def fields(self, table: dict, field: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> None:
        """Refuse unknown fields (typos would otherwise be ignored silently) and missing ones."""
        for name in table:
            if name not in allowed:
                self.fail(_join(field, name), f"unknown field (allowed: {', '.join(allowed)})")
        for name in required:
            if name not in table:
                self.fail(_join(field, name), "required field is missing")

    def text(self, value: Any, field: str) -> dict[str, str]:
        """A {kk, ru[, en]} text; Kazakh and Russian must be free of Latin look-alikes."""
        table = self.table(value, field)
        self.fields(table, field, LANGUAGES, REQUIRED_LANGUAGES)
        for lang, text in table.items():
            self.string(text, f"{field}.{lang}")
            if lang != "en" and (mixed := _MIXED.search(text)):
                word = next(w.group() for w in _WORD.finditer(text) if w.start() <= mixed.start() < w.end())
                self.fail(f"{field}.{lang}", f"Latin letter inside the Cyrillic word {word!r} (Kazakh «і», not «i»?)")
        return dict(table)

    def unique_keys(self, items: list[dict], field: str, key_field: str = "key") -> dict[str, int]:
        """Map each item's key to its index, refusing duplicates."""
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            key = self.key(item.get(key_field), f"{field}[{i}].{key_field}")
            if key in seen:
                self.fail(f"{field}[{i}].{key_field}", f"duplicate key {key!r} (also {field}[{seen[key]}])")
            seen[key] = i
        return seen


def _kind(value: Any) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list",
            dict: "a table"}.get(type(value), type(value).__name__)


@dataclass(frozen=True)
class _Defaults:
    """What every category starts from, and the vocabulary its references must come from."""

    rule: str
    params: dict
    labels: dict
    show_places: bool
    vocabularies: dict[str, dict[str, dict]]  # "nomination" -> {key: item}, "age_group", "form"
    scoring_check: Callable[[str, dict], None] | None


def _build(path: Path, data: dict, check: _Checker) -> Preset:
    check.fields(data, "", _TOP, _TOP_REQUIRED)
    key = check.key(data["key"], "key")
    if key != path.stem:
        check.fail("key", f"{key!r} differs from the file name: load(key) looks for {key}.toml")
    name = check.text(data["name"], "name")
    edition = _edition(check, data["edition"])
    defaults = _defaults(check, data)

    categories: list[CategorySpec] = []
    combos: dict[tuple[str, str, str], int] = {}
    award_users: dict[str, str] = {}
    used_labels: set[str] = set()
    for i, item in enumerate(check.tables(data["categories"], "categories")):
        category, awards, inherited_labels = _category(check, f"categories[{i}]", item, defaults)
        combo = (category.nomination_key, category.age_group_key, category.form_key)
        if combo in combos:
            check.fail(f"categories[{i}]", f"duplicate category {'/'.join(combo)} (also categories[{combos[combo]}])")
        combos[combo] = i
        categories.append(category)
        for award in awards:
            award_users.setdefault(award, f"categories[{i}]")
        used_labels.update(inherited_labels)
    for label_key in defaults.labels:
        if label_key not in used_labels:
            check.fail(f"labels.{label_key}", "label of a key no category uses (a typo?)")

    return Preset(
        key=key, path=path, name=name, title=edition["title"], city=edition["city"], venue=edition["venue"],
        organiser_name=edition["organiser_name"], privacy=edition["privacy"], languages=edition["languages"],
        categories=categories, wording=_wording(check, data["wording"], award_users),
        single_grand_prix=edition["single_grand_prix"],
    )


def _edition(check: _Checker, value: Any) -> dict:
    """The [edition] table: texts of the new edition, privacy and document languages."""
    edition = check.table(value, "edition")
    check.fields(edition, "edition", _EDITION, _EDITION_REQUIRED)
    texts: dict[str, Any] = {f: check.text(edition[f], f"edition.{f}") for f in ("title", "city", "venue", "organiser_name")}
    privacy = edition["privacy"]
    if privacy not in PRIVACY:
        check.fail("edition.privacy", f"must be one of {', '.join(PRIVACY)}, not {privacy!r}")
    languages = edition["languages"]
    if (not isinstance(languages, list) or not languages or len(set(languages)) != len(languages)
            or not all(lang in LANGUAGES for lang in languages)):
        check.fail("edition.languages", f"must be a non-empty list of distinct codes from {', '.join(LANGUAGES)}, "
                   f"not {languages!r}")
    single = edition.get("single_grand_prix", False)
    if not isinstance(single, bool):
        check.fail("edition.single_grand_prix", f"must be true or false, not {single!r}")
    return {**texts, "privacy": privacy, "languages": list(languages), "single_grand_prix": single}


def _defaults(check: _Checker, data: dict) -> _Defaults:
    """The default rule, params, labels and show_places, and the nominations, age groups, forms."""
    rule = check.table(data["rule"], "rule")
    check.fields(rule, "rule", ("name", "params"), ("name", "params"))
    labels = check.table(data.get("labels", {}), "labels")
    for label_key, label in labels.items():
        check.text(label, f"labels.{label_key}")
    nominations = _vocabulary(check, data["nominations"], "nominations", ("key", "name"))
    age_groups = _vocabulary(check, data["age_groups"], "age_groups", ("key", "name", "min_age", "max_age"))
    for i, group in enumerate(age_groups.values()):
        for bound in ("min_age", "max_age"):
            if isinstance(group[bound], bool) or not isinstance(group[bound], int):
                check.fail(f"age_groups[{i}].{bound}", f"must be a whole number, not {_kind(group[bound])}")
        if not 0 <= group["min_age"] <= group["max_age"]:
            check.fail(f"age_groups[{i}].max_age", f"age range {group['min_age']}–{group['max_age']} is empty")
    return _Defaults(
        rule=check.string(rule["name"], "rule.name"),
        params=check.table(rule["params"], "rule.params"),
        labels=labels,
        show_places=check.boolean(data.get("show_places", True), "show_places"),
        vocabularies={
            "nomination": nominations,
            "age_group": age_groups,
            "form": _vocabulary(check, data["forms"], "forms", ("key", "name")),
        },
        scoring_check=_scoring_check(),
    )


def _category(check: _Checker, where: str, item: dict, defaults: _Defaults) -> tuple[CategorySpec, list[str], list[str]]:
    """One category with its params and labels resolved; also its award keys and inherited label keys."""
    check.fields(item, where, _CATEGORY, ("nomination", "age_group", "form"))
    refs: dict[str, dict] = {}
    for ref, vocabulary in defaults.vocabularies.items():
        value = check.string(item[ref], f"{where}.{ref}")
        if value not in vocabulary:
            check.fail(f"{where}.{ref}", f"unknown {ref} {value!r}; known: {', '.join(vocabulary)}")
        refs[ref] = vocabulary[value]

    rule = check.string(item.get("rule", defaults.rule), f"{where}.rule")
    rule_field = f"{where}.rule" if "rule" in item else "rule.name"  # where an unknown rule is fixed
    own_params = check.table(item.get("params", {}), f"{where}.params")
    # Another rule's parameters mean nothing to this one: a changed rule brings all its own.
    base = defaults.params if rule == defaults.rule else {}
    params = copy.deepcopy({**base, **own_params})
    if defaults.scoring_check is None and rule not in CONTRACT_RULES:
        check.fail(rule_field, f"unknown rule {rule!r}; rules: {', '.join(CONTRACT_RULES)}")
    label_keys = _check_params(check, rule, params, f"{where}.params", own_params)
    if defaults.scoring_check is not None:
        _run_scoring_check(check, defaults.scoring_check, rule, params, f"{where}.params", rule_field)

    own_labels = check.table(item.get("labels", {}), f"{where}.labels")
    for label_key, label in own_labels.items():
        check.text(label, f"{where}.labels.{label_key}")
        if label_keys is not None and label_key not in label_keys:
            check.fail(f"{where}.labels.{label_key}", "label of a key this category's params do not use")
    merged = {**defaults.labels, **own_labels}
    if label_keys is None:  # a rule scoring_rules does not have: keep every label, the admin sorts it out
        label_keys = list(merged)
    for label_key in label_keys:
        if label_key not in merged:
            check.fail(f"{where}.labels.{label_key}", f"label missing for {label_key!r} (add it to [labels])")

    group = refs["age_group"]
    category = CategorySpec(
        nomination_key=refs["nomination"]["key"], nomination=dict(refs["nomination"]["name"]),
        age_group_key=group["key"], age_group=dict(group["name"]),
        form_key=refs["form"]["key"], form=dict(refs["form"]["name"]),
        rule=rule, params=params, labels={k: dict(merged[k]) for k in label_keys},
        show_places=check.boolean(item.get("show_places", defaults.show_places), f"{where}.show_places"),
        min_age=group["min_age"], max_age=group["max_age"],
    )
    inherited = [k for k in label_keys if k not in own_labels]
    return category, _award_keys(check, params, f"{where}.params"), inherited


def _vocabulary(check: _Checker, value: Any, field: str, allowed: tuple[str, ...]) -> dict[str, dict]:
    """Nominations, age groups or forms: unique keys, each with a bilingual name."""
    items = check.tables(value, field)
    for i, item in enumerate(items):
        check.fields(item, f"{field}[{i}]", allowed, allowed)
        check.text(item["name"], f"{field}[{i}].name")
    keys = check.unique_keys(items, field)
    return {key: items[i] for key, i in keys.items()}


def _check_params(check: _Checker, rule: str, params: dict, field: str, own: dict) -> list[str] | None:
    """Light structural checks scoring_rules may not be there to make; returns the keys needing labels."""

    def at(name: str) -> str:
        return _join(field, name)

    def origin(name: str) -> str:
        # A fault in an inherited parameter is fixed in [rule].params, not in the category.
        return "" if name in own else " (inherited from [rule].params)"

    if rule == "criteria_panel":
        criteria = params.get("criteria")
        if not isinstance(criteria, list) or not criteria:
            check.fail(at("criteria"), "criteria_panel needs a non-empty list of criteria" + origin("criteria"))
        items = check.tables(criteria, at("criteria"))
        keys = check.unique_keys(items, at("criteria"))
        for i, c in enumerate(items):
            low = check.number(c.get("min", 0), at(f"criteria[{i}].min"))
            if "max" not in c:
                check.fail(at(f"criteria[{i}].max"), "required field is missing" + origin("criteria"))
            high = check.number(c["max"], at(f"criteria[{i}].max"))
            if not low < high:
                check.fail(at(f"criteria[{i}].max"), f"max {high} must be above min {low}" + origin("criteria"))
            if c.get("step") is not None and check.number(c["step"], at(f"criteria[{i}].step")) <= 0:
                check.fail(at(f"criteria[{i}].step"), "step must be above 0" + origin("criteria"))
            if "weight" in c and check.number(c["weight"], at(f"criteria[{i}].weight")) <= 0:
                check.fail(at(f"criteria[{i}].weight"), "weight must be above 0" + origin("criteria"))
        tie_break = params.get("tie_break", [])
        if isinstance(tie_break, list):
            for j, step in enumerate(tie_break):
                if isinstance(step, str) and step.startswith("criterion:") and step[10:] not in keys:
                    check.fail(at(f"tie_break[{j}]"), f"no criterion {step[10:]!r}" + origin("tie_break"))
        return list(keys)
    if rule == "marking_scheme":
        aspects = params.get("aspects")
        if not isinstance(aspects, list) or not aspects:
            check.fail(at("aspects"), "marking_scheme needs a non-empty list of aspects" + origin("aspects"))
        items = check.tables(aspects, at("aspects"))
        keys = check.unique_keys(items, at("aspects"))
        for i, a in enumerate(items):
            if a.get("type") not in ASPECT_TYPES:
                check.fail(at(f"aspects[{i}].type"), f"must be one of {', '.join(ASPECT_TYPES)}" + origin("aspects"))
            if check.number(a.get("max"), at(f"aspects[{i}].max")) <= 0:
                check.fail(at(f"aspects[{i}].max"), "max must be above 0" + origin("aspects"))
        return list(keys)
    if rule == "skating":
        dances = params.get("dances", [])
        if not isinstance(dances, list):
            check.fail(at("dances"), "must be a list of dance keys")
        seen: list[str] = []
        for i, dance in enumerate(dances):
            check.key(dance, at(f"dances[{i}]"))
            if dance in seen:
                check.fail(at(f"dances[{i}]"), f"duplicate dance {dance!r}")
            seen.append(dance)
        return seen
    return [] if rule in CONTRACT_RULES else None


def _award_keys(check: _Checker, params: dict, field: str) -> list[str]:
    """Every award key the category's ladder can give, so the wording can be checked for its label."""
    if "awards" not in params:
        return []
    awards = check.table(params["awards"], f"{field}.awards")
    levels = awards.get("levels", [])
    if not isinstance(levels, list):
        check.fail(f"{field}.awards.levels", f"must be a list of tables, not {_kind(levels)}")
    keys = [check.key(check.table(level, f"{field}.awards.levels[{i}]").get("key"), f"{field}.awards.levels[{i}].key")
            for i, level in enumerate(levels)]
    if "otherwise" in awards:
        keys.append(check.key(awards["otherwise"], f"{field}.awards.otherwise"))
    return keys


def _wording(check: _Checker, value: Any, award_users: dict[str, str]) -> dict[str, dict[str, str]]:
    """Document phrases, each a {kk, ru[, en]} text; the phrases documents need must be there."""
    table = check.table(value, "wording")
    wording = {phrase: check.text(text, f"wording.{phrase}") for phrase, text in table.items()}
    for phrase in REQUIRED_PHRASES:
        if phrase not in wording:
            check.fail(f"wording.{phrase}", "required phrase is missing")
    for award, user in award_users.items():
        if f"award_{award}" not in wording:
            check.fail(f"wording.award_{award}", f"label missing for award {award!r} given by {user}")
    return wording


def _scoring_check() -> Callable[[str, dict], None] | None:
    """scoring_rules.check_params when that package is installed, else None."""
    try:
        module = importlib.import_module("scoring_rules")
    except ModuleNotFoundError as exc:
        if exc.name != "scoring_rules":
            raise  # the package is there but broken: hiding that would skip every check
        return None
    return getattr(module, "check_params", None)


def _run_scoring_check(check: _Checker, scoring_check: Callable[[str, dict], None], rule: str,
                       params: dict, field: str, rule_field: str) -> None:
    """Let the rule itself judge its parameters; its error becomes a PresetError at the parameter."""
    try:
        scoring_check(rule, copy.deepcopy(params))
    except Exception as exc:
        code, message = getattr(exc, "code", None), getattr(exc, "message", None)
        if code is None or message is None:
            raise  # not a refusal of the params but a fault in scoring_rules: let it show
        if code == "unknown_rule":
            check.fail(rule_field, message)
        sub = str(getattr(exc, "field", None) or "")
        sub = "" if sub == "params" else sub.removeprefix("params.")  # the field is relative to params
        check.fail(_join(field, sub), message)
