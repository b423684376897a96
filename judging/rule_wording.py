"""The scoring rules in the user's language: parameter names, choice values and the rules' errors.

scoring_rules speaks English only (it is also a command-line tool); its errors carry a code, the
parameter at fault and, for the common problems, details as data.  Here they become sentences in
the organiser's language; the rule's own English text stays as the technical detail when nothing
better can be said, and in the log.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

PARAMS = {
    "criteria": _l("Criteria"),
    "judge_total": _l("A judge's total"),
    "panel": _l("The jury's score"),
    "trim": _l("Totals dropped at each end"),
    "abstention": _l("An absent judge"),
    "tie_break": _l("Tie-break steps"),
    "decimals": _l("Decimal places"),
    "awards": _l("Award ladder"),
    "dances": _l("Dances"),
    "direction": _l("Better results are"),
    "cap": _l("Cap"),
    "attempts_counted": _l("Attempts counted"),
    "normalize": _l("Points for the best result"),
    "discard": _l("Rounds dropped"),
    "aspects": _l("Aspects"),
    "alpha": _l("Prior alpha"),
    "beta": _l("Prior beta"),
    "kappa": _l("Variance floor (kappa)"),
    "mu": _l("Prior mean (mu)"),
    "sigma_sq": _l("Prior variance (sigma²)"),
    "points": _l("Points per place"),
}

CHOICES = {
    "mean": _l("mean"),
    "sum": _l("sum"),
    "median": _l("median"),
    "trimmed": _l("trimmed mean"),
    "exclude": _l("count only the judges present"),
    "replace_with_mean": _l("give the mean of the others"),
    "higher": _l("higher"),
    "lower": _l("lower"),
}


def param_label(name: str) -> str:
    """A parameter's name for people; a parameter this list does not know keeps its key."""
    return str(PARAMS.get(name, name))


def choice_label(value: Any) -> str:
    return str(CHOICES.get(value, value)) if isinstance(value, str) else str(value)


def _param_problem(kind: str | None, param: str, details: Mapping[str, Any]) -> str | None:
    value, limit = details.get("value"), details.get("limit")
    if kind == "required":
        return _("%(param)s: a value is required.", param=param)
    if kind == "choice":
        choices = ", ".join(choice_label(c) for c in details.get("choices", ()))
        return _("%(param)s: “%(value)s” is not one of the allowed values (%(choices)s).",
                 param=param, value=choice_label(value), choices=choices)
    if kind == "not_whole":
        return _("%(param)s: “%(value)s” is not a whole number.", param=param, value=value)
    if kind == "not_number":
        return _("%(param)s: “%(value)s” is not a number.", param=param, value=value)
    if kind == "below_minimum":
        return _("%(param)s: %(value)s is below the minimum %(limit)s.", param=param, value=value, limit=limit)
    if kind == "above_maximum":
        return _("%(param)s: %(value)s is above the maximum %(limit)s.", param=param, value=value, limit=limit)
    if kind == "not_above":
        return _("%(param)s: %(value)s must be greater than %(limit)s.", param=param, value=value, limit=limit)
    if kind == "unknown_param":
        return _("This scoring rule has no parameter “%(name)s”.", name=value)
    return None


def error_text(code: str | None, message: str | None, field: str | None = None,
               details: Mapping[str, Any] | None = None) -> str:
    """One sentence for a rule's error in the current language, from its code, field and details."""
    details = details or {}
    message = message or ""
    if code == "invalid_params":
        param = param_label(field) if field else ""
        known = _param_problem(details.get("kind"), param, details)
        if known is not None:
            return known
        if field:
            return _("%(param)s: the scoring rule does not accept this value. Details: %(details)s",
                     param=param, details=message)
        return _("The scoring rule does not accept these parameters. Details: %(details)s", details=message)
    if code == "unknown_rule":
        return _("This scoring rule does not exist. Details: %(details)s", details=message)
    if code == "invalid_input":
        return _("The scoring rule refused the marks of this category. Details: %(details)s", details=message)
    return _("The scoring rule could not compute the standings. Details: %(details)s", details=message)


def scoring_error_text(error: Any) -> str:
    """error_text for a raised scoring_rules.ScoringError."""
    return error_text(getattr(error, "code", None), getattr(error, "message", str(error)),
                      getattr(error, "field", None), getattr(error, "details", None))


def stored_error_text(error: Mapping[str, Any] | None) -> str:
    """error_text for an error stored with the results ({"code", "message"[, "field"]})."""
    if not error:
        return ""
    return error_text(error.get("code"), error.get("message"), error.get("field"), error.get("details"))


def stored_error_templates() -> dict[str, str]:
    """Per code, the sentence with a %(details)s slot, for pages that draw a pushed error themselves."""
    slot = "%(details)s"
    return {code: error_text(code, slot) for code in ("invalid_params", "unknown_rule", "invalid_input", "other")}


TEMPLATE_HELPERS = {
    "param_label": param_label,
    "choice_label": choice_label,
    "rule_error_text": stored_error_text,
}
