"""The scoring rules in the user's language: parameter names, choice values and the rules' errors.

scoring_rules speaks English only (it is also a command-line tool); its errors carry a code, the
parameter at fault and, for the common problems, details as data.  Here they become sentences in
the organiser's language; the rule's own English text stays as the technical detail when nothing
better can be said, and in the log.

A refusal of the marks names judges and entries by database id: they are said here as people know
them (the judge's name, the entry's number and its name as the edition's privacy setting shows it,
the criterion's label in the category).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from judging.extensions import db
from judging.models import Category, Entry, Judge
from judging.privacy import display_name

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


class Names:
    """The names people know for the ids and keys in an error's details, looked up when worded.

    Ids are the case's strings of database ids; one that no longer leads to a row is shown as is.
    """

    def __init__(self, category: Category | None = None) -> None:
        self.category = category

    @staticmethod
    def _row(model: type, raw: Any) -> Any:
        text = str(raw) if raw is not None else ""
        return db.session.get(model, int(text)) if text.isdigit() else None

    def judge(self, raw: Any) -> str:
        judge = self._row(Judge, raw)
        return judge.name if judge is not None else str(raw)

    def entry(self, raw: Any) -> str:
        entry = self._row(Entry, raw)
        if entry is None:
            return str(raw)
        return f"№{entry.number} {display_name(entry, entry.category.edition)}"

    def label(self, key: Any, entry: Any = None) -> str:
        """A criterion's (aspect's, dance's) label as the category shows it."""
        category = self.category
        if category is None:
            row = self._row(Entry, entry)
            category = row.category if row is not None else None
        if category is None or not isinstance(key, str):
            return str(key)
        return category.criterion_label(key, str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"]))


# Refusals of one judge's sheet for one entry: worded from the judge, the entry and what was wrong.
SHEET_PROBLEMS = (
    "mark_out_of_range", "mark_off_step", "mark_not_number", "judgement_mark", "unknown_criterion", "duplicate_mark",
    "incomplete_sheet", "abstained_and_marked", "duplicate_abstention", "sum_with_absent_judge", "place_out_of_range",
    "entry_not_placed", "entry_placed_twice", "place_given_twice", "dance_in_ranking", "unknown_dance", "dances_mixed",
)
# Of those, the ones where a dance in the details is the problem itself, not where it happened.
NAMED_IN_PROBLEM = ("unknown_criterion", "incomplete_sheet", "dance_in_ranking", "unknown_dance", "dances_mixed")


def _other_problem(kind: str | None, details: Mapping[str, Any], names: Names) -> str | None:
    """Refusals of timekeepers' results, comparisons, rankings and casting votes, with names."""
    d = details
    if kind in ("measurement_not_number", "negative_measurement", "zero_time", "duplicate_measurement"):
        where = _("%(entry)s, round %(round)s, attempt %(attempt)s",
                  entry=names.entry(d.get("entry")), round=d.get("round"), attempt=d.get("attempt"))
        if kind == "measurement_not_number":
            return _("%(where)s: the result “%(value)s” is not a number.", where=where, value=d.get("value"))
        if kind == "negative_measurement":
            return _("%(where)s: the result %(value)s is below zero. Correct the measurement.",
                     where=where, value=d.get("value"))
        if kind == "zero_time":
            return _("%(where)s: the result is 0, but here the lower result is the better one, so a result must "
                     "be above 0. Correct it, or record the attempt with no valid result.", where=where)
        return _("%(where)s: the result is recorded twice.", where=where)
    if kind == "bad_round":
        return _("%(entry)s: a result is recorded for round %(round)s, attempt %(attempt)s; rounds and attempts "
                 "are numbered from 1.", entry=names.entry(d.get("entry")), round=d.get("round"),
                 attempt=d.get("attempt"))
    if kind == "compared_with_itself":
        return _("Judge %(judge)s: exhibit %(entry)s is compared with itself.",
                 judge=names.judge(d.get("judge")), entry=names.entry(d.get("entry")))
    if kind == "place_left_out":
        return _("Judge %(judge)s: places 1 to %(last)s are given, but no entry has place %(place)s.",
                 judge=names.judge(d.get("judge")), last=d.get("last"), place=d.get("place"))
    if kind == "casting_vote_repeats":
        vote = d.get("vote")
        return _("The chair's casting vote no. %(number)s names %(entry)s twice.",
                 number=vote + 1 if isinstance(vote, int) else vote, entry=names.entry(d.get("entry")))
    return None


def _input_problem(kind: str | None, details: Mapping[str, Any], names: Names) -> str | None:
    """The common refusals of the marks, with names; None for the rarer ones (they keep the rule's text)."""
    d = details
    if kind == "unknown_entry":
        return _("%(entry)s has records but does not compete in this category.", entry=names.entry(d.get("entry")))
    if kind == "unknown_judge":
        return _("Judge %(judge)s has records but is not on this category's panel.", judge=names.judge(d.get("judge")))
    if kind not in SHEET_PROBLEMS:
        return _other_problem(kind, details, names)
    raw_entry = d.get("entry")
    judge = names.judge(d.get("judge"))
    entry = names.entry(raw_entry)
    slot = d.get("criterion", d.get("dance"))
    criterion = names.label(slot, raw_entry) if slot is not None else ""
    if slot is not None and kind not in NAMED_IN_PROBLEM:
        where = _("Judge %(judge)s, %(entry)s, “%(criterion)s”", judge=judge, entry=entry, criterion=criterion)
    else:
        where = _("Judge %(judge)s, %(entry)s", judge=judge, entry=entry)
    value = d.get("value")
    if kind == "mark_out_of_range":
        return _("%(where)s: the mark %(value)s is outside the range %(min)s–%(max)s. "
                 "Correct the mark or the criterion's range.", where=where, value=value, min=d.get("min"), max=d.get("max"))
    if kind == "mark_off_step":
        return _("%(where)s: the mark %(value)s is off the step %(step)s (allowed: %(min)s, %(next)s, …). "
                 "Correct the mark or the criterion's step.",
                 where=where, value=value, step=d.get("step"), min=d.get("min"), next=d.get("next"))
    if kind == "mark_not_number":
        return _("%(where)s: the mark “%(value)s” is not a number.", where=where, value=value)
    if kind == "judgement_mark":
        return _("%(where)s: the mark %(value)s is not allowed; judgement marks are 0, 1, 2 or 3.",
                 where=where, value=value)
    if kind == "unknown_criterion":
        return _("%(where)s: there is a mark for “%(criterion)s”, which is not a criterion of this category "
                 "(perhaps it was removed after the marks were given).", where=where, criterion=criterion)
    if kind == "duplicate_mark":
        return _("%(where)s: the mark is recorded twice.", where=where)
    if kind == "incomplete_sheet":
        missing = ", ".join(names.label(key, raw_entry) for key in d.get("missing") or ())
        return _("%(where)s: only %(marked)s of %(total)s criteria are marked (no mark for: %(missing)s).",
                 where=where, marked=d.get("marked"), total=d.get("total"), missing=missing)
    if kind == "abstained_and_marked":
        return _("%(where)s: the judge both abstained from this entry and marked it.", where=where)
    if kind == "duplicate_abstention":
        return _("%(where)s: the judge's abstention is recorded twice.", where=where)
    if kind == "sum_with_absent_judge":
        return _("%(where)s: the judge is absent, and the jury's score is a sum: fewer judges make a smaller sum "
                 "and would lower this entry's score. Choose “%(choice)s” for “%(param)s”.",
                 where=where, choice=choice_label("replace_with_mean"), param=param_label("abstention"))
    if kind == "place_out_of_range":
        return _("%(where)s: place %(place)s is impossible, places run from 1 to %(max)s.",
                 where=where, place=d.get("place"), max=d.get("max"))
    if kind == "entry_not_placed":
        return _("%(where)s: the judge has not placed this entry; every judge places every entry.", where=where)
    if kind == "entry_placed_twice":
        return _("%(where)s: this entry's place is recorded twice.", where=where)
    if kind == "place_given_twice":
        return _("%(where)s: place %(place)s is given twice (also to %(other)s); each place goes to one entry.",
                 where=where, place=d.get("place"), other=names.entry(d.get("other")))
    if kind == "dance_in_ranking":
        return _("%(where)s: the placements name the dance “%(dance)s”, but this scoring rule does not place "
                 "entries by dance.", where=where, dance=criterion)
    if kind in ("unknown_dance", "dances_mixed"):
        return _dance_problem(kind, where, criterion, d, names, raw_entry)
    return None


def _dance_problem(kind: str, where: str, dance: str, d: Mapping[str, Any], names: Names, raw_entry: Any) -> str:
    """A final's placements for a dance it does not have, or with a dance and without one."""
    if kind == "dances_mixed":
        return _("%(where)s: some placements name a dance and others do not; in a final of several dances "
                 "every placement names its dance.", where=where)
    dances = ", ".join(names.label(key, raw_entry) for key in d.get("dances") or ())
    if d.get("dance") is None:
        return _("%(where)s: the placements name no dance, but this category lists its dances (%(dances)s).",
                 where=where, dances=dances)
    return _("%(where)s: “%(dance)s” is not one of this category's dances (%(dances)s). Add it to “%(param)s” "
             "if it is danced in this final.", where=where, dance=dance, dances=dances, param=param_label("dances"))


def error_text(code: str | None, message: str | None, field: str | None = None,
               details: Mapping[str, Any] | None = None, names: Names | None = None) -> str:
    """One sentence for a rule's error in the current language, from its code, field and details.

    A refusal of the marks is worded only with `names` to say who is meant; without them it keeps
    the rule's English as the detail.
    """
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
        known = _input_problem(details.get("kind"), details, names) if names is not None else None
        if known is not None:
            return _("The scoring rule refused the marks of this category. %(problem)s", problem=known)
        return _("The scoring rule refused the marks of this category. Details: %(details)s", details=message)
    return _("The scoring rule could not compute the standings. Details: %(details)s", details=message)


def scoring_error_text(error: Any) -> str:
    """error_text for a raised scoring_rules.ScoringError."""
    return error_text(getattr(error, "code", None), getattr(error, "message", str(error)),
                      getattr(error, "field", None), getattr(error, "details", None))


def stored_error_text(error: Mapping[str, Any] | None, category: Category | None = None) -> str:
    """error_text for an error stored with the results ({"code", "message"[, "field", "details"]})."""
    if not error:
        return ""
    return error_text(error.get("code"), error.get("message"), error.get("field"), error.get("details"),
                      Names(category))


def stored_error_texts(error: Mapping[str, Any] | None, category: Category | None = None) -> dict[str, str]:
    """The stored error in every language of the app: for pushes that reach readers of each language."""
    if not error:
        return {}
    texts = {}
    for lang in current_app.config["LANGUAGES"]:
        with force_locale(lang):
            texts[lang] = stored_error_text(error, category)
    return texts


def stored_error_templates() -> dict[str, str]:
    """Per code, the sentence with a %(details)s slot, for pages that draw a pushed error themselves."""
    slot = "%(details)s"
    return {code: error_text(code, slot) for code in ("invalid_params", "unknown_rule", "invalid_input", "other")}


TEMPLATE_HELPERS = {
    "param_label": param_label,
    "choice_label": choice_label,
    "rule_error_text": stored_error_text,
}
