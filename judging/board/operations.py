"""Changes to what the public sees: visibility and ceremony reveals (validate, write, log, commit, push)."""

from __future__ import annotations

import logging

from flask_babel import gettext as _
from sqlalchemy import select

from judging import audit, lifecycle
from judging.board import push, snapshot
from judging.extensions import db
from judging.models import BoardState, Category, User
from judging.models.base import utcnow
from judging.models.contest import VISIBILITIES

log = logging.getLogger(__name__)


class BoardError(ValueError):
    """A change to the board that cannot be made; the message says why."""

    def __init__(self, message: str, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code


def _state_for(category: Category) -> BoardState:
    state = db.session.scalar(select(BoardState).where(BoardState.category_id == category.id))
    if state is None:
        state = BoardState(category_id=category.id, revealed=0)
        db.session.add(state)
    return state


def _user_id(user: User | None) -> int | None:
    return user.id if user is not None and getattr(user, "is_authenticated", False) else None


def set_visibility(category: Category, visibility: str, user: User | None = None) -> bool:
    """Change who may see a category's results; False when it already had that visibility.

    Freezing stores what screens show now, so a screen reloaded during the freeze shows the same
    rows and never newer ones. Hiding also ends a ceremony reveal: its rows stop being public.
    """
    if visibility not in VISIBILITIES:
        raise BoardError(_("Unknown visibility «%(value)s».", value=visibility), "invalid")
    before = category.visibility
    if before == visibility:
        return False
    if visibility == "published":
        try:
            lifecycle.check_publish(category)
        except lifecycle.LifecycleRefused as exc:
            raise BoardError(exc.message, exc.code) from None
    state = _state_for(category)
    ended_reveal = False
    if visibility == "frozen":
        # Screens showed the current rows only if the category was live or published.
        state.frozen_rows = snapshot.freeze_rows(category) if before in snapshot.SHOWN else None
        state.frozen_at = utcnow()
    else:
        state.frozen_rows, state.frozen_at = None, None
    if visibility == "hidden" and state.revealing:
        state.reveal_rows, state.revealed, state.reveal_started_at = None, 0, None
        ended_reveal = True
    category.visibility = visibility
    after: dict = {"visibility": visibility}
    if visibility == "frozen":
        after["frozen_rows"] = len(state.frozen_rows or [])
    audit.record("category.visibility", f"category:{category.id}", edition_id=category.edition_id,
                 before={"visibility": before}, after=after, user_id=_user_id(user))
    db.session.commit()
    log.info("category %s visibility %s -> %s", category.id, before, visibility)
    if visibility in snapshot.SHOWN:
        push.push_standings(category)
    elif visibility == "hidden":
        push.push_hidden(category)
    # frozen: nothing is sent; screens keep what they show.
    if ended_reveal:
        push.push_reveal(category)
    return True


def reveal_order(category: Category) -> list[dict]:
    """The rows a ceremony announces, lowest award first and the Grand Prix last.

    Plain participation certificates are not announced one by one, unless that is all there is
    («Надежда», where everyone is rewarded).
    """
    rows = [r for r in snapshot.current_rows(category) if r["award"] is not None]
    awarded = [r for r in rows if r["award"] != "participant"]
    return list(reversed(awarded or rows))


def reveal_next(category: Category, user: User | None = None) -> dict:
    """Announce the next row of a category's ceremony; the first step fixes the order.

    Awards announced in the hall cannot be taken back: only finalised results are announced, and a
    category reopened during its ceremony announces nothing more until it is finalised again.
    """
    if category.visibility == "live":
        raise BoardError(_("This category is live: its results are already on the screens. Freeze it before the ceremony."), "live")
    if lifecycle.provisional(category):
        raise BoardError(_("These results are provisional: the chair finalises the category before its awards are announced."),
                         "not_finalised")
    state = _state_for(category)
    if not state.revealing:
        order = reveal_order(category)
        if not order:
            raise BoardError(_("There are no awards to announce in this category yet."), "no_results")
        state.reveal_rows, state.revealed, state.reveal_started_at = order, 0, utcnow()
    if state.reveal_done:
        raise BoardError(_("Every award of this category has been announced."), "done")
    row = state.reveal_rows[state.revealed]
    state.revealed += 1
    audit.record("category.reveal", f"category:{category.id}", edition_id=category.edition_id,
                 after={"step": state.revealed, "total": len(state.reveal_rows), "entry": row["entry"], "award": row["award"]},
                 user_id=_user_id(user))
    db.session.commit()
    push.push_reveal(category)
    return row


def reset_reveal(category: Category, user: User | None = None) -> None:
    """Start a category's ceremony again from the beginning (screens drop what was announced)."""
    state = _state_for(category)
    if not state.revealing:
        return
    before = {"step": state.revealed, "total": len(state.reveal_rows or [])}
    state.reveal_rows, state.revealed, state.reveal_started_at = None, 0, None
    audit.record("category.reveal_reset", f"category:{category.id}", edition_id=category.edition_id,
                 before=before, user_id=_user_id(user))
    db.session.commit()
    push.push_reveal(category)
