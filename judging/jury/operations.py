"""Changes to an edition's jury: validated, written in one transaction, audit-logged, committed."""

from __future__ import annotations

import logging

from flask_babel import gettext as _
from sqlalchemy import exists, func, select

from judging import audit
from judging.extensions import db
from judging.i18n import current_locale
from judging.kazakh import normalize
from judging.models import (
    Category,
    CategoryResult,
    Comparison,
    Conflict,
    Edition,
    Entry,
    Judge,
    Measurement,
    Placement,
    Sheet,
    User,
    panel_seat,
)
from judging.models.judge import JURY_ROLES
from judging.realtime import broadcast

log = logging.getLogger(__name__)

ACCOUNT_ROLES = ("judge", "chair")  # the accounts a judge may sign in with


class JuryError(ValueError):
    """A change to the jury that cannot be made; the message says why."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _snapshot(judge: Judge) -> dict:
    return {
        "name": judge.name, "credentials": judge.credentials, "role": judge.role,
        "language": judge.language, "user_id": judge.user_id,
    }


def _check_chair(edition: Edition, role: str, judge: Judge | None = None) -> None:
    """An edition's jury has one chair at most: the protocol names one and casting votes are theirs."""
    if role not in JURY_ROLES:
        raise JuryError(_("Unknown jury role “%(role)s”.", role=role), "role")
    if role != "chair":
        return
    for other in edition.judges:
        if other.role == "chair" and (judge is None or other.id != judge.id):
            raise JuryError(
                _("%(name)s is already the chair of the jury. Make them a member first: a jury has one chair.",
                  name=other.name),
                "role",
            )


def _check_account(edition: Edition, user_id: int | None, judge: Judge | None = None) -> User | None:
    if not user_id:
        return None
    user = db.session.get(User, user_id)
    if user is None or user.role not in ACCOUNT_ROLES:
        raise JuryError(_("Choose an account with the judge or chair role."), "user_id")
    for other in edition.judges:
        if other.user_id == user_id and (judge is None or other.id != judge.id):
            raise JuryError(
                _("The account “%(username)s” already belongs to %(name)s in this jury.",
                  username=user.username, name=other.name),
                "user_id",
            )
    return user


def _clean(data: dict) -> dict:
    name = normalize(data.get("name") or "")
    if not name:
        raise JuryError(_("The name is required."), "name")
    return {
        "name": name,
        "credentials": normalize(data.get("credentials") or ""),
        "role": data.get("role") or "member",
        "language": data.get("language") or None,
        "user_id": data.get("user_id") or None,
    }


def add_judge(edition: Edition, data: dict) -> Judge:
    """Add a judge to the edition's jury (with a fresh tablet link)."""
    values = _clean(data)
    _check_chair(edition, values["role"])
    _check_account(edition, values["user_id"])
    position = max((j.position for j in edition.judges), default=-1) + 1
    judge = Judge(edition=edition, position=position, **values)
    db.session.add(judge)
    db.session.flush()
    audit.record("judge.added", f"judge:{judge.id}", edition_id=edition.id, after=_snapshot(judge))
    db.session.commit()
    log.info("judge %s added to edition %s", judge.id, edition.id)
    return judge


def update_judge(judge: Judge, data: dict) -> None:
    """Save a judge's name, titles, role, language and sign-in account."""
    values = _clean(data)
    _check_chair(judge.edition, values["role"], judge)
    _check_account(judge.edition, values["user_id"], judge)
    if (values["role"] == "secretary") != (judge.role == "secretary"):
        for category in judge.categories:
            if category.judging == "finalised":
                raise JuryError(_("The results of “%(category)s” are finalised: reopen them (with a reason) before "
                                  "changing whether %(name)s marks.", category=category.label(current_locale()),
                                  name=judge.name), "role")
    before = _snapshot(judge)
    marked_before = judge.marks_for_panel
    for key, value in values.items():
        setattr(judge, key, value)
    audit.record("judge.updated", f"judge:{judge.id}", edition_id=judge.edition_id, before=before, after=_snapshot(judge))
    db.session.commit()
    if (before["role"], before["user_id"]) != (judge.role, judge.user_id):
        # The seat's rights changed (a chair no more, an account unlinked): its sockets reconnect
        # with what they may do now, or are refused.
        broadcast.hang_up(broadcast.JUDGE_NS, broadcast.seat_room(judge.id))
    if judge.marks_for_panel != marked_before:  # the secretary's sheets do not count: the panels changed
        _panels_changed(judge.categories)


def judge_has_scores(judge: Judge) -> bool:
    """Whether anything the judge submitted is stored (sheets, measured attempts, comparisons)."""
    return bool(db.session.scalar(select(
        exists().where(Sheet.judge_id == judge.id)
        | exists().where(Measurement.judge_id == judge.id)
        | exists().where(Comparison.judge_id == judge.id)
    )))


def remove_judge(judge: Judge) -> None:
    """Remove a judge who has submitted nothing; their panels and conflicts go with them."""
    if judge_has_scores(judge):
        raise JuryError(_("%(name)s has already submitted marks, which removing them would delete. "
                          "Revoke their tablet link instead.", name=judge.name))
    edition_id = judge.edition_id
    categories = list(judge.categories)
    audit.record("judge.removed", f"judge:{judge.id}", edition_id=edition_id,
                 before=_snapshot(judge) | {"categories": [c.id for c in categories]})
    judge_id = judge.id
    db.session.delete(judge)
    db.session.commit()
    broadcast.emit_to_judge(judge_id, "access_revoked", {"judge": judge_id})
    broadcast.hang_up(broadcast.JUDGE_NS, broadcast.seat_room(judge_id))
    _panels_changed(categories)


def reissue_token(judge: Judge) -> str:
    """A new tablet link for the judge; the old link stops working at once."""
    had_token = judge.token is not None
    token = judge.reissue_token()
    # The token itself is a secret: the log records that it changed, not its value.
    audit.record("judge.token_reissued", f"judge:{judge.id}", edition_id=judge.edition_id,
                 before={"had_link": had_token}, after={"had_link": True})
    db.session.commit()
    broadcast.emit_to_judge(judge.id, "access_revoked", {"judge": judge.id})
    broadcast.hang_up(broadcast.JUDGE_NS, broadcast.link_room(judge.id))
    return token


def revoke_token(judge: Judge) -> None:
    """Switch off the judge's tablet link (a lost tablet, a judge who left)."""
    if judge.token is None:
        return
    judge.revoke_token()
    audit.record("judge.token_revoked", f"judge:{judge.id}", edition_id=judge.edition_id,
                 before={"had_link": True}, after={"had_link": False})
    db.session.commit()
    broadcast.emit_to_judge(judge.id, "access_revoked", {"judge": judge.id})
    broadcast.hang_up(broadcast.JUDGE_NS, broadcast.link_room(judge.id))


def create_account(judge: Judge, username: str, password: str) -> User:
    """A sign-in account for the judge (chair role for the chair of the jury), linked to them."""
    username = username.strip()
    if db.session.scalar(select(User.id).where(func.lower(User.username) == username.lower())) is not None:
        raise JuryError(_("The username “%(name)s” is taken.", name=username), "username")
    if len(password) < 8:
        raise JuryError(_("A password needs at least 8 characters."), "password")
    user = User(username=username, role="chair" if judge.role == "chair" else "judge", name=judge.name)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    before = _snapshot(judge)
    judge.user_id = user.id
    audit.record("user.created", f"user:{username}", edition_id=judge.edition_id,
                 after={"username": username, "role": user.role, "judge": judge.id})
    audit.record("judge.updated", f"judge:{judge.id}", edition_id=judge.edition_id, before=before, after=_snapshot(judge))
    db.session.commit()
    return user


def current_seats(edition: Edition) -> set[tuple[int, int]]:
    """The (judge id, category id) pairs of the edition's panels."""
    rows = db.session.execute(
        select(panel_seat.c.judge_id, panel_seat.c.category_id)
        .join(Category, Category.id == panel_seat.c.category_id)
        .where(Category.edition_id == edition.id)
    ).all()
    return {(j, c) for j, c in rows}


def save_panels(edition: Edition, seats: set[tuple[int, int]]) -> tuple[int, int]:
    """Set who sits on which category's panel, all in one transaction; returns (added, removed)."""
    judges = {j.id: j for j in edition.judges}
    categories = {c.id: c for c in edition.categories}
    for judge_id, category_id in seats:
        if judge_id not in judges or category_id not in categories:
            raise JuryError(_("A judge or a category of another edition was sent; reload the page."))
    before = current_seats(edition)
    added, removed = seats - before, before - seats
    for category_id in sorted({c for _j, c in added | removed}):
        if categories[category_id].judging == "finalised":
            raise JuryError(_("The results of “%(category)s” are finalised: reopen them (with a reason) before "
                              "changing its panel.", category=categories[category_id].label(current_locale())))
    for judge_id, category_id in sorted(removed):
        scored = db.session.scalar(select(exists().where(
            Sheet.judge_id == judge_id, Sheet.category_id == category_id,
        ))) or db.session.scalar(select(exists().where(
            Comparison.judge_id == judge_id, Comparison.category_id == category_id,
        )))
        if scored:
            raise JuryError(_("%(name)s has already marked “%(category)s” and stays on its panel; "
                              "the chair can handle their marks from the console.",
                              name=judges[judge_id].name, category=categories[category_id].label(current_locale())))
    for judge_id, category_id in added:
        judges[judge_id].categories.append(categories[category_id])
    for judge_id, category_id in removed:
        judges[judge_id].categories.remove(categories[category_id])
    if added or removed:
        audit.record("jury.panels_saved", f"edition:{edition.id}", edition_id=edition.id,
                     before={"seats": sorted(map(list, before))}, after={"seats": sorted(map(list, seats))})
    db.session.commit()
    if added or removed:
        broadcast.emit_to_judges(edition.id, "panels_changed", {"edition": edition.id})
        _panels_changed(categories[c] for c in sorted({c for _j, c in added | removed}))
    return len(added), len(removed)


def add_conflict(judge: Judge, entry: Entry, reason: str) -> tuple[Conflict, bool]:
    """Record that a judge must not mark an entry; the flag says the judge has already marked it."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise JuryError(_("Say why the judge must not mark this entry."), "reason")
    if entry.category.edition_id != judge.edition_id:
        raise JuryError(_("This entry is not in the judge's edition."), "entry_id")
    existing = db.session.scalar(select(Conflict).where(Conflict.judge_id == judge.id, Conflict.entry_id == entry.id))
    if existing is not None:
        raise JuryError(_("A conflict of %(judge)s with №%(number)s %(entry)s is already recorded (%(reason)s).",
                          judge=judge.name, number=entry.number, entry=entry.name, reason=existing.reason), "entry_id")
    category = entry.category
    _check_not_finalised(category)
    already_marked = _has_judged(judge, entry)
    if already_marked and category.rule == "skating":
        # every judge places every couple of a final: one placed without this couple is no sheet
        raise JuryError(_("%(judge)s has already placed this final, every couple in it; the chair decides what "
                          "happens to those placements.", judge=judge.name), "entry_id")
    conflict = Conflict(judge=judge, entry=entry, reason=reason)
    db.session.add(conflict)
    db.session.flush()
    audit.record("conflict.added", f"conflict:{conflict.id}", edition_id=judge.edition_id,
                 after={"judge": judge.id, "entry": entry.id, "reason": reason})
    db.session.commit()
    broadcast.emit_to_judge(judge.id, "panels_changed", {"edition": judge.edition_id})
    _results_changed(entry)  # the judge abstains now: marks given before no longer count
    return conflict, already_marked


def remove_conflict(conflict: Conflict) -> None:
    """Lift a conflict of interest."""
    judge = conflict.judge
    _check_not_finalised(conflict.entry.category)
    audit.record("conflict.removed", f"conflict:{conflict.id}", edition_id=judge.edition_id,
                 before={"judge": judge.id, "entry": conflict.entry_id, "reason": conflict.reason})
    entry = conflict.entry
    db.session.delete(conflict)
    db.session.commit()
    broadcast.emit_to_judge(judge.id, "panels_changed", {"edition": judge.edition_id})
    _results_changed(entry)  # marks the judge gave before count again


def _check_not_finalised(category: Category) -> None:
    """A conflict changes who counts for the entry: not once the category's results are final."""
    if category.judging == "finalised":
        raise JuryError(_("The results of “%(category)s” are finalised: a conflict of interest can no longer "
                          "change them.", category=category.label(current_locale())), "entry_id")


def _has_judged(judge: Judge, entry: Entry) -> bool:
    """Whether the judge has already given this entry anything that counts: marks, a place, a comparison."""
    return bool(
        db.session.scalar(select(exists().where(Sheet.judge_id == judge.id, Sheet.entry_id == entry.id)))
        or db.session.scalar(select(exists().where(
            Placement.entry_id == entry.id, Placement.sheet_id == Sheet.id, Sheet.judge_id == judge.id)))
        or db.session.scalar(select(exists().where(
            Comparison.judge_id == judge.id, (Comparison.winner_id == entry.id) | (Comparison.loser_id == entry.id))))
    )


def _results_changed(entry: Entry) -> None:
    from judging import refresh  # late: refresh builds on the boards and the console

    refresh.results_changed(entry.category, {entry.id}, now=True)


def _panels_changed(categories) -> None:
    """Whose sheets count changed: each row's sheets of its panel, and the console's columns.

    Only categories with standings already: one not computed yet has nothing on any screen.
    """
    from judging import refresh  # late: refresh builds on the boards and the console

    for category in categories:
        if db.session.scalar(select(exists().where(CategoryResult.category_id == category.id))):
            refresh.results_changed(category, now=True)


def edition_conflicts(edition: Edition) -> list[Conflict]:
    """The edition's conflicts of interest, by judge then running order."""
    return list(db.session.scalars(
        select(Conflict).join(Judge).join(Entry).join(Category, Category.id == Entry.category_id)
        .where(Judge.edition_id == edition.id)
        .order_by(Judge.position, Category.position, Entry.number)
    ))


def linkable_accounts(edition: Edition) -> list[User]:
    """Accounts a judge may be linked to: judge or chair accounts."""
    return list(db.session.scalars(
        select(User).where(User.role.in_(ACCOUNT_ROLES), User.active.is_(True)).order_by(User.name, User.username)
    ))
