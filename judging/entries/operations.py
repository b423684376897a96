"""Changes to entries: validated, written in one transaction, audit-logged, committed."""

from __future__ import annotations

import logging
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import exists, or_, select

from judging import audit, lifecycle
from judging.entries import ordering
from judging.extensions import db
from judging.i18n import current_locale
from judging.importing import name_key
from judging.kazakh import normalize_with_flag
from judging.models import Category, CategoryResult, Comparison, Edition, Entry, Measurement, Member, Placement, Sheet
from judging.models.entry import ENTRY_KINDS, ENTRY_STATUSES

log = logging.getLogger(__name__)

TEXT_FIELDS = ("name", "institution", "district", "teacher", "repertoire")
NOTE_REQUIRED = ("withdrawn", "disqualified")  # the protocol must say why


class EntryError(ValueError):
    """A change to an entry that cannot be made; the message says why."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def normalise_texts(values: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Kazakh-normalised texts and the originals of those whose letters changed."""
    clean: dict[str, str] = {}
    original: dict[str, str] = {}
    for key, raw in values.items():
        if key == "repertoire":  # one song or work a line: the lines stay
            lines = [normalize_with_flag(line) for line in (raw or "").splitlines()]
            text, changed = "\n".join(t for t, _flag in lines if t), any(flag for _text, flag in lines)
        else:
            text, changed = normalize_with_flag(raw or "")
        clean[key] = text
        if changed:
            original[key] = raw
    return clean, original


def _members(names: list[str], previous: list[Member]) -> tuple[list[Member], list[str]]:
    """Members from the form's lines; a member left as they were keeps the original text on record."""
    kept_originals = {m.name: m.original_name for m in previous}
    members, changed = [], []
    for position, raw in enumerate(n for n in names if n and n.strip()):
        name, letters_changed = normalize_with_flag(raw)
        original = raw if letters_changed else kept_originals.get(name)
        members.append(Member(position=position, name=name, original_name=original))
        if letters_changed:
            changed.append(raw)
    return members, changed


def snapshot(entry: Entry) -> dict:
    """What the audit log keeps of an entry."""
    return {
        "category": entry.category_id, "number": entry.number, "kind": entry.kind, "name": entry.name,
        "birth_date": entry.birth_date.isoformat() if entry.birth_date else None,
        "institution": entry.institution, "district": entry.district, "teacher": entry.teacher,
        "repertoire": entry.repertoire, "status": entry.status, "notes": entry.notes,
        "members": [m.name for m in entry.members],
    }


def _category_of(edition: Edition, category_id: int) -> Category:
    category = db.session.get(Category, category_id)
    if category is None or category.edition_id != edition.id:
        raise EntryError(_("Choose a category of this edition."), "category_id")
    return category


def _validate(data: dict) -> None:
    if data.get("kind") not in ENTRY_KINDS:
        raise EntryError(_("Choose solo performer or collective."), "kind")
    if data.get("status", "registered") not in ENTRY_STATUSES:
        raise EntryError(_("Unknown status."), "status")
    birth = data.get("birth_date")
    if birth is not None and (birth > date.today() or birth.year < 1900):
        raise EntryError(_("The date of birth %(date)s cannot be right.", date=birth.isoformat()), "birth_date")


def _apply(entry: Entry, data: dict) -> list[str]:
    """Write the form's values onto the entry; returns the fields whose letters were normalised."""
    clean, original = normalise_texts({k: data.get(k) or "" for k in TEXT_FIELDS})
    if not clean["name"]:
        raise EntryError(_("The name is required."), "name")
    # What the application said before normalisation stays on record while the field keeps its
    # value; retyping a field replaces it. A member's original is kept on the member.
    members, changed_members = _members(data.get("members") or [], list(entry.members))
    if data["kind"] == "person" and members:
        raise EntryError(_("A solo performer has no members; choose collective or remove the members."), "members")
    kept = {k: v for k, v in (entry.original or {}).items()
            if k not in TEXT_FIELDS or (k not in original and getattr(entry, k, None) == clean[k])}
    for key in TEXT_FIELDS:
        setattr(entry, key, clean[key])
    entry.kind = data["kind"]
    entry.birth_date = data.get("birth_date")
    entry.notes = (data.get("notes") or "").strip()
    entry.members = members
    entry.original = kept | original
    return list(original) + (["members"] if changed_members else [])


def add_entry(edition: Edition, data: dict) -> tuple[Entry, list[str]]:
    """A new entry, last in its category's running order; returns it and the normalised fields."""
    _validate(data)
    category = _category_of(edition, data["category_id"])
    refuse_if_final(category)
    status = data.get("status") or "registered"
    if status in NOTE_REQUIRED and not (data.get("notes") or "").strip():
        raise EntryError(_("Say in the notes why the entry is withdrawn or disqualified."), "notes")
    with db.session.no_autoflush:  # the entry must not reach the table before its checks pass
        entry = Entry(category=category, number=ordering.next_number(category), status=status)
        normalised = _apply(entry, data)
        _refuse_duplicate(entry)
    db.session.add(entry)
    db.session.flush()
    audit.record("entry.added", f"entry:{entry.id}", edition_id=edition.id,
                 after=snapshot(entry) | {"original": entry.original})
    db.session.commit()
    log.info("entry %s added to category %s as #%s", entry.id, category.id, entry.number)
    refresh_results(category)
    return entry, normalised


def _refuse_duplicate(entry: Entry) -> None:
    """One child is entered once per category; names compare as the importer compares them."""
    key = name_key(entry.name)
    for other_id, other_name, other_number in db.session.execute(
        select(Entry.id, Entry.name, Entry.number).where(Entry.category_id == entry.category.id)
    ):
        if other_id != entry.id and name_key(other_name) == key:
            raise EntryError(_("“%(name)s” is already entered in this category as №%(number)s.",
                               name=other_name, number=other_number), "name")


def update_entry(entry: Entry, data: dict) -> list[str]:
    """Save an entry; a change of category puts it last there and closes the gap it leaves."""
    _validate(data)
    edition = entry.category.edition
    before = snapshot(entry)
    old_category = entry.category
    new_category = _category_of(edition, data["category_id"])
    status = data.get("status") or entry.status
    if status != entry.status or new_category.id != old_category.id:
        refuse_if_final(old_category, new_category)
    if status != entry.status and status in NOTE_REQUIRED and not (data.get("notes") or "").strip():
        raise EntryError(_("Say in the notes why the entry is withdrawn or disqualified."), "notes")
    with db.session.no_autoflush:
        normalised = _apply(entry, data)
        if new_category.id != old_category.id:
            if entry_has_scores(entry):
                raise EntryError(_("Judges have already marked this entry in its category; it cannot move to another."),
                                 "category_id")
            entry.category = new_category
            entry.number = ordering.next_number(new_category)
        _refuse_duplicate(entry)
    entry.status = status
    db.session.flush()
    if new_category.id != old_category.id:
        ordering.close_gaps(old_category)
    audit.record("entry.updated", f"entry:{entry.id}", edition_id=edition.id,
                 before=before, after=snapshot(entry) | {"original": entry.original})
    if before["status"] != entry.status:
        audit.record("entry.status_changed", f"entry:{entry.id}", edition_id=edition.id,
                     before={"status": before["status"]}, after={"status": entry.status}, reason=entry.notes)
    db.session.commit()
    if new_category.id != old_category.id:
        refresh_results(old_category, new_category)
    elif before["status"] != entry.status or before["name"] != entry.name or before["kind"] != entry.kind:
        refresh_results(entry.category)  # the screens and the console show the name as well as the standings
    return normalised


def entry_has_scores(entry: Entry) -> bool:
    """Whether anything judges or timekeepers entered refers to this entry."""
    return bool(db.session.scalar(select(
        exists().where(Sheet.entry_id == entry.id)
        | exists().where(Placement.entry_id == entry.id)
        | exists().where(Measurement.entry_id == entry.id)
        | exists().where(or_(Comparison.winner_id == entry.id, Comparison.loser_id == entry.id))
    )))


def delete_entry(entry: Entry) -> None:
    """Delete an entry nobody has marked yet, and close the gap in the running order."""
    if entry_has_scores(entry):
        raise EntryError(_("Judges have already marked “%(name)s”: it cannot be deleted. "
                           "Withdraw it instead (its marks stay in the record).", name=entry.name))
    category = entry.category
    refuse_if_final(category)
    audit.record("entry.deleted", f"entry:{entry.id}", edition_id=category.edition_id, before=snapshot(entry))
    db.session.delete(entry)
    db.session.flush()
    db.session.expire(category, ["entries"])
    ordering.close_gaps(category)
    db.session.commit()
    refresh_results(category)


def change_status(entry: Entry, status: str, note: str) -> None:
    """Mark an entry performed, withdrawn or disqualified (the last two need a note for the protocol)."""
    if status not in ENTRY_STATUSES:
        raise EntryError(_("Unknown status."), "status")
    note = (note or "").strip()
    if status in NOTE_REQUIRED and not note:
        raise EntryError(_("Say why the entry is withdrawn or disqualified: the protocol prints it."), "note")
    if status == entry.status and not note:
        return
    if status != entry.status:
        refuse_if_final(entry.category)
    before = {"status": entry.status, "notes": entry.notes}
    entry.status = status
    if note:
        entry.notes = f"{entry.notes}\n{note}".strip() if entry.notes and note not in entry.notes else note
    audit.record("entry.status_changed", f"entry:{entry.id}", edition_id=entry.category.edition_id,
                 before=before, after={"status": entry.status, "notes": entry.notes}, reason=note)
    db.session.commit()
    if before["status"] != status:
        refresh_results(entry.category)


def refresh_results(*categories: Category) -> None:
    """Recompute and push stored standings after a change of who competes (once there are any)."""
    from judging import refresh  # late: refresh builds on the boards and the console

    for category in categories:
        if db.session.scalar(select(exists().where(CategoryResult.category_id == category.id))):
            refresh.results_changed(category, now=True)


def refuse_if_final(*categories: Category) -> None:
    """Who competes in finalised results changes only after the category is reopened, with a reason."""
    for category in categories:
        if not lifecycle.provisional(category):
            raise EntryError(_("The results of «%(category)s» are finalised: reopen them (with a reason) before "
                               "changing who competes.", category=category.label(current_locale())))
