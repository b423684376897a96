"""Words for the system's fixed values (visibility, statuses, roles, awards), in every language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

VISIBILITY = {
    "hidden": _l("Hidden"),
    "live": _l("Live"),
    "frozen": _l("Frozen"),
    "published": _l("Published"),
}
JUDGING = {"closed": _l("Not open yet"), "open": _l("Open for judging"), "finalised": _l("Finalised")}
ENTRY_STATUS = {
    "registered": _l("Registered"),
    "performed": _l("Performed"),
    "withdrawn": _l("Withdrawn"),
    "disqualified": _l("Disqualified"),
}
JURY_ROLE = {"chair": _l("Chair of the jury"), "member": _l("Member of the jury"), "secretary": _l("Secretary")}
SHEET_STATUS = {
    "waiting": _l("Waiting"),
    "submitted": _l("Submitted"),
    "unlocked": _l("Unlocked for correction"),
    "corrected": _l("Corrected"),
    "abstained": _l("Abstained"),
}
AWARDS = {
    "grand_prix": _l("Grand Prix"),
    "laureate_1": _l("Laureate of the 1st degree"),
    "laureate_2": _l("Laureate of the 2nd degree"),
    "laureate_3": _l("Laureate of the 3rd degree"),
    "diplomant_1": _l("Diplomant of the 1st degree"),
    "diplomant_2": _l("Diplomant of the 2nd degree"),
    "diplomant_3": _l("Diplomant of the 3rd degree"),
    "diplomant": _l("Diplomant"),
    "place_1": _l("1st place"),
    "place_2": _l("2nd place"),
    "place_3": _l("3rd place"),
    "degree_1": _l("Diploma of the 1st degree"),
    "degree_2": _l("Diploma of the 2nd degree"),
    "degree_3": _l("Diploma of the 3rd degree"),
    "participant": _l("Participant"),
}


def _label(table: dict, key: str | None) -> str:
    if key is None:
        return ""
    return str(table.get(key, key))


def award_label(key: str | None) -> str:
    """An award key in the current language; a preset's own keys (special nominations) as written."""
    return _label(AWARDS, key)


def visibility_label(key: str) -> str:
    return _label(VISIBILITY, key)


def judging_label(key: str) -> str:
    return _label(JUDGING, key)


def entry_status_label(key: str) -> str:
    return _label(ENTRY_STATUS, key)


def jury_role_label(key: str) -> str:
    return _label(JURY_ROLE, key)


def sheet_status_label(key: str) -> str:
    return _label(SHEET_STATUS, key)


TEMPLATE_HELPERS = {
    "award_label": award_label,
    "visibility_label": visibility_label,
    "judging_label": judging_label,
    "entry_status_label": entry_status_label,
    "jury_role_label": jury_role_label,
    "sheet_status_label": sheet_status_label,
}
