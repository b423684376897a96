"""Writing the audit log: one helper, so every change is recorded the same way."""

from __future__ import annotations

from flask import has_request_context
from flask_login import current_user

from judging.extensions import db
from judging.models import AuditEntry


def record(
    action: str,
    target: str,
    *,
    edition_id: int | None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    judge_id: int | None = None,
    user_id: int | None = None,
) -> AuditEntry:
    """Add an audit entry to the current transaction; it commits (or rolls back) with the change."""
    if user_id is None and judge_id is None and has_request_context() and current_user.is_authenticated:
        user_id = current_user.id
    entry = AuditEntry(
        action=action,
        target=target,
        edition_id=edition_id,
        before=before,
        after=after,
        reason=reason,
        judge_id=judge_id,
        user_id=user_id,
    )
    db.session.add(entry)
    return entry
