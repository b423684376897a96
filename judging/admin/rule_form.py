"""Reading the category page's rule editor (criteria rows, award rows, other parameters) into params.

Each problem is reported with the row and the field, so the organiser sees exactly what to fix;
the scoring rule then validates the whole set as it would in the hall.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from judging.echo import echo
from judging.rule_wording import param_label

LANGS = ("kk", "ru", "en")
# The row columns as the organiser reads them in a problem ("Criterion 2 (voice) maximum: ...").
COLUMNS = {
    "min": _l("minimum"), "max": _l("maximum"), "step": _l("step"), "weight": _l("weight"),
    "max_count": _l("at most this many entries"), "places": _l("places"),
}


def _number(text: str, label: str, errors: list[str], *, integer: bool = False):
    text = (text or "").strip().replace(",", ".")
    if text == "":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.append(_("%(field)s: “%(value)s” is not a number.", field=label, value=echo(text)))
        return None
    if integer:
        if value != value.to_integral_value():
            errors.append(_("%(field)s: a whole number is needed.", field=label))
            return None
        return int(value)
    # JSON numbers: ints stay ints so presets and params read naturally
    return int(value) if value == value.to_integral_value() else float(value)


def _rows(form: MultiDict, prefix: str) -> list[dict[str, str]]:
    """Rows named prefix-0-key, prefix-0-max, ... in index order, blank rows left out."""
    rows: dict[int, dict[str, str]] = {}
    for name, value in form.items(multi=False):
        if not name.startswith(prefix + "-"):
            continue
        parts = name.split("-", 2)
        if len(parts) != 3 or not parts[1].isdigit():
            continue
        rows.setdefault(int(parts[1]), {})[parts[2]] = value
    return [rows[i] for i in sorted(rows) if any((v or "").strip() for v in rows[i].values())]


def read_criteria(form: MultiDict, errors: list[str]) -> tuple[list[dict], dict]:
    """Criteria rows -> (params["criteria"], labels)."""
    criteria, labels = [], {}
    for n, row in enumerate(_rows(form, "criteria"), start=1):
        key = (row.get("key") or "").strip()
        where = _("Criterion %(n)s", n=n)
        if not key:
            errors.append(_("%(where)s: the key is empty.", where=where))
            continue
        item: dict = {"key": key}
        for field in ("min", "max", "step", "weight"):
            value = _number(row.get(field, ""), f"{where} ({key}) {COLUMNS[field]}", errors)
            if value is not None:
                item[field] = value
        if "max" not in item:
            errors.append(_("%(where)s (%(key)s): the maximum is required.", where=where, key=key))
        criteria.append(item)
        labels[key] = {code: (row.get(f"label_{code}") or "").strip() for code in LANGS}
    return criteria, labels


def read_aspects(form: MultiDict, errors: list[str]) -> tuple[list[dict], dict]:
    """Marking-scheme aspect rows -> (params["aspects"], labels)."""
    aspects, labels = [], {}
    for n, row in enumerate(_rows(form, "aspects"), start=1):
        key = (row.get("key") or "").strip()
        where = _("Aspect %(n)s", n=n)
        if not key:
            errors.append(_("%(where)s: the key is empty.", where=where))
            continue
        item = {"key": key, "type": (row.get("type") or "judgement").strip()}
        value = _number(row.get("max", ""), f"{where} ({key}) {COLUMNS['max']}", errors)
        if value is None:
            errors.append(_("%(where)s (%(key)s): the maximum is required.", where=where, key=key))
        else:
            item["max"] = value
        aspects.append(item)
        labels[key] = {code: (row.get(f"label_{code}") or "").strip() for code in LANGS}
    return aspects, labels


def read_awards(form: MultiDict, errors: list[str]) -> dict:
    """Award-ladder rows -> params["awards"]."""
    levels = []
    for n, row in enumerate(_rows(form, "awards"), start=1):
        key = (row.get("key") or "").strip()
        where = _("Award level %(n)s", n=n)
        if not key:
            errors.append(_("%(where)s: the key is empty.", where=where))
            continue
        level: dict = {"key": key}
        for field in ("min", "max"):
            value = _number(row.get(field, ""), f"{where} ({key}) {COLUMNS[field]}", errors)
            if value is not None:
                level[field] = value
        count = _number(row.get("max_count", ""), f"{where} ({key}) {COLUMNS['max_count']}", errors, integer=True)
        if count is not None:
            level["max_count"] = count
        places_text = (row.get("places") or "").strip()
        if places_text:
            places = [_number(p, f"{where} ({key}) {COLUMNS['places']}", errors, integer=True) for p in places_text.replace(";", ",").split(",") if p.strip()]
            level["places"] = [p for p in places if p is not None]
        levels.append(level)
    otherwise = (form.get("awards_otherwise") or "").strip() or None
    return {"levels": levels, "otherwise": otherwise}


def read_simple(form: MultiDict, descriptors: list[dict], errors: list[str]) -> dict:
    """The other parameters, typed by the rule's own description of them."""
    params: dict = {}
    for d in descriptors:
        name = d["name"]
        field = f"param-{name}"
        kind = str(d.get("type", "")).lower()
        if kind in ("bool", "boolean"):
            params[name] = field in form
            continue
        raw = (form.get(field) or "").strip()
        if raw == "":
            continue  # the rule's default applies
        if d.get("choices"):
            params[name] = raw
        elif kind in ("int", "integer"):
            value = _number(raw, param_label(name), errors, integer=True)
            if value is not None:
                params[name] = value
        elif kind in ("number", "float", "decimal"):
            value = _number(raw, param_label(name), errors)
            if value is not None:
                params[name] = value
        elif kind in ("str", "string"):
            params[name] = raw
        else:  # lists and anything structured: written as JSON
            try:
                params[name] = json.loads(raw)
            except json.JSONDecodeError as exc:
                errors.append(_("%(field)s: not valid JSON (%(problem)s).", field=param_label(name), problem=exc.msg))
    return params


def value_for_input(value) -> str:
    """A parameter's current value as the text its input shows."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
