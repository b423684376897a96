"""A category's scoring form: what a tablet draws, and how a submission is checked against it.

Everything here reads the category's rule parameters (docs/scoring-rules.md), so the tablet's
steppers and the server's validation can never disagree about min, max or step.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from judging.echo import echo
from judging.i18n import current_locale
from judging.models import Category
from judging.models.base import localized
from judging.scoring.errors import ScoringRefused, invalid

# Which kind of input each rule reads (its input lists in docs/scoring-rules.md); scoring_rules.input_kind
# says the same, this copy keeps the tablet working while a rule module is being written.
_KINDS = {
    "criteria_panel": "marks",
    "marking_scheme": "marks",
    "skating": "placements",
    "ranked_points": "placements",
    "rounds": "measurements",
    "pairwise": "comparisons",
}
DEFAULT_ROUNDS = 3  # the aviamodels' customary 3 rounds of 2 attempts, when the params say nothing
DEFAULT_ATTEMPTS = 2
MAX_ROUNDS = 20  # the server takes rounds and attempts 1..20
# No mark or measurement is written longer; 1e-400 is a number too, but not one a judge gives.
MAX_WHOLE_DIGITS = 9
MAX_DECIMALS = 6


def _whole(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def measurement_grid(category: Category) -> tuple[int, int]:
    """How many rounds and attempts a round a timekeeper's tablet draws, read from the rule's params.

    The `rounds` rule scores whatever rounds were flown, so its params name no count; they imply one:
    `discard` drops rounds only once enough are flown (a whole number d needs d + 1 rounds, pairs
    [[5, 1], [9, 2]] are written for up to 9 rounds), and `attempts_counted` best attempts need at
    least that many attempts. The defaults stand where the params say nothing more; the tablet can
    add rounds and attempts up to the server's limit for a fly-off.
    """
    params = category.params or {}
    rounds, attempts = DEFAULT_ROUNDS, DEFAULT_ATTEMPTS
    discard = params.get("discard")
    if _whole(discard):
        rounds = max(rounds, discard + 1)
    elif isinstance(discard, list):
        for pair in discard:
            if isinstance(pair, (list, tuple)) and pair and _whole(pair[0]):
                rounds = max(rounds, pair[0])
    if _whole(params.get("attempts_counted")):
        attempts = max(attempts, params["attempts_counted"])
    return min(rounds, MAX_ROUNDS), min(attempts, MAX_ROUNDS)


def input_kind(category: Category) -> str:
    """"marks", "placements", "measurements" or "comparisons" for the category's rule."""
    try:
        import scoring_rules

        return scoring_rules.input_kind(category.rule)
    except Exception:  # the package refuses an unknown rule or is mid-rewrite: fall back to the table
        return _KINDS.get(category.rule, "marks")


def _num(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def criteria(category: Category) -> list[dict]:
    """The criteria a judge marks, each {"key", "min", "max", "step"} with Decimal bounds."""
    params = category.params or {}
    items = []
    if category.rule == "marking_scheme":
        for aspect in params.get("aspects", []):
            if aspect.get("type") == "judgement":
                items.append({"key": aspect["key"], "min": Decimal(0), "max": Decimal(3), "step": Decimal(1),
                              "type": "judgement"})
            else:
                items.append({"key": aspect["key"], "min": Decimal(0), "max": Decimal(str(aspect.get("max", 0))),
                              "step": None, "type": "measurement"})
        return items
    for c in params.get("criteria", []):
        step = c.get("step")
        items.append({
            "key": c["key"],
            "min": Decimal(str(c.get("min", 0))),
            "max": Decimal(str(c["max"])),
            "step": None if step in (None, 0) else Decimal(str(step)),
        })
    return items


def dances(category: Category) -> list[str]:
    """The dances of a skating final, in protocol order ([""] for a single unnamed dance)."""
    found = (category.params or {}).get("dances") or []
    return [str(d) for d in found] or [""]


def scoring_form(category: Category, locale: str) -> dict:
    """The form a tablet draws for this category, with labels in the judge's language."""
    kind = input_kind(category)
    form: dict = {"kind": kind}
    if kind == "marks":
        form["criteria"] = [
            {
                "key": c["key"],
                "label": category.criterion_label(c["key"], locale),
                "min": _num(c["min"]),
                "max": _num(c["max"]),
                "step": _num(c["step"]),
                **({"type": c["type"]} if "type" in c else {}),
            }
            for c in criteria(category)
        ]
    elif kind == "placements":
        form["dances"] = [
            {"key": d, "label": localized(category.labels.get(d), locale) or d} for d in dances(category) if d
        ]
        form["complete"] = category.rule == "skating"  # skating places everyone; ranked points may stop at k
    elif kind == "measurements":
        params = category.params or {}
        rounds, attempts = measurement_grid(category)
        form.update(
            rounds=rounds,
            attempts=attempts,
            max_rounds=MAX_ROUNDS,
            cap=params.get("cap"),
            direction=params.get("direction", "higher"),
            decimals=params.get("decimals", 2),
        )
    return form


def to_decimal(value, field: str | None = None) -> Decimal:
    """A JSON number (or numeric text) as an exact Decimal; anything else is refused."""
    shown = echo(field or "value")
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise invalid(_("“%(field)s” must be a number.", field=shown), field)
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise invalid(_("“%(field)s” must be a number.", field=shown), field) from None
    if not number.is_finite():
        raise invalid(_("“%(field)s” must be a number.", field=shown), field)
    if number and (number.adjusted() >= MAX_WHOLE_DIGITS or number.normalize().as_tuple().exponent < -MAX_DECIMALS):
        raise invalid(_("“%(field)s” is too long a number: at most %(whole)s digits before the point and "
                        "%(decimals)s after it.", field=shown, whole=MAX_WHOLE_DIGITS, decimals=MAX_DECIMALS), field)
    return number


def check_marks(category: Category, marks) -> dict[str, Decimal]:
    """Every criterion present, each within min..max and on the step grid; returns exact values."""
    if not isinstance(marks, dict) or not marks:
        raise invalid(_("The marks are missing."), "marks")
    wanted = criteria(category)
    keys = {c["key"] for c in wanted}
    for key in marks:
        if key not in keys:
            raise invalid(_("There is no criterion “%(key)s” in this category.", key=echo(key)), echo(key))
    checked: dict[str, Decimal] = {}
    for c in wanted:
        key = c["key"]
        if key not in marks or marks[key] is None:
            raise invalid(_("The mark for “%(key)s” is missing.", key=category.criterion_label(key, current_locale())), key)
        value = to_decimal(marks[key], key)
        bounds = {"key": key, "min": _num(c["min"]), "max": _num(c["max"])}
        if value < c["min"] or value > c["max"]:
            raise ScoringRefused(
                "out_of_range", _("The mark for “%(key)s” must be from %(min)s to %(max)s.", **bounds), key
            )
        if c["step"] is not None and (value - c["min"]) % c["step"] != 0:
            raise ScoringRefused(
                "out_of_range",
                _("The mark for “%(key)s” must be a multiple of %(step)s from %(min)s.", step=_num(c["step"]), **bounds),
                key,
            )
        checked[key] = value
    return checked


def check_placements(category: Category, placements, competing_ids: set[int]) -> dict[int, int]:
    """Places 1..k without gaps or repeats (all entries for skating); returns {entry id: place}."""
    if not isinstance(placements, dict) or not placements:
        raise invalid(_("The placements are missing."), "placements")
    checked: dict[int, int] = {}
    for raw_entry, raw_place in placements.items():
        try:
            entry_id = int(raw_entry)
        except (TypeError, ValueError):
            raise ScoringRefused("unknown_entry", _("There is no entry “%(id)s” in this category.", id=echo(raw_entry)), "placements") from None
        if entry_id not in competing_ids:
            raise ScoringRefused("unknown_entry", _("There is no entry “%(id)s” in this category.", id=echo(raw_entry)), "placements")
        if isinstance(raw_place, bool) or not isinstance(raw_place, int):
            raise invalid(_("A place must be a whole number."), str(entry_id))
        checked[entry_id] = raw_place
    places = sorted(checked.values())
    if places != list(range(1, len(places) + 1)):
        raise ScoringRefused(
            "out_of_range", _("Places must run 1, 2, 3… without gaps or repeats."), "placements"
        )
    if category.rule == "skating" and len(checked) != len(competing_ids):
        raise invalid(_("Place every finalist: %(count)s places are needed.", count=len(competing_ids)), "placements")
    return checked


def check_measurement(round_no, attempt_no, value) -> tuple[int, int, Decimal | None]:
    """A round and attempt from 1, and a non-negative value or null (no valid result)."""
    for name, number in (("round", round_no), ("attempt", attempt_no)):
        if isinstance(number, bool) or not isinstance(number, int):
            raise invalid(_("“%(field)s” must be a whole number.", field=name), name)
        if not 1 <= number <= MAX_ROUNDS:
            raise ScoringRefused(
                "out_of_range", _("“%(field)s” must be from 1 to %(max)s.", field=name, max=MAX_ROUNDS), name
            )
    if value is None:
        return round_no, attempt_no, None
    number = to_decimal(value, "value")
    if number < 0:
        raise ScoringRefused("out_of_range", _("A measured value cannot be negative."), "value")
    return round_no, attempt_no, number


def judge_total(category: Category, values: dict[str, Decimal]) -> Decimal | None:
    """One judge's total for an entry as the rule reads it (mean or sum of weighted criteria)."""
    if not values:
        return None
    params = category.params or {}
    if category.rule == "marking_scheme":
        return sum(values.values(), Decimal(0))
    weights = {c["key"]: Decimal(str(c.get("weight", 1))) for c in params.get("criteria", [])}
    weighted = sum((weights.get(k, Decimal(1)) * v for k, v in values.items()), Decimal(0))
    if params.get("judge_total", "mean") == "sum":
        return weighted
    total_weight = sum((weights.get(k, Decimal(1)) for k in values), Decimal(0))
    return weighted / total_weight if total_weight else None
