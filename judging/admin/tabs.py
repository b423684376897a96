"""The tabs of an edition's admin pages; a feature's tab appears once its blueprint is registered."""

from __future__ import annotations

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l

# (endpoint, label): every endpoint takes edition_id.
EDITION_TABS = (
    ("admin.edition", _l("Categories")),
    ("jury.judges", _l("Jury")),
    ("entries.index", _l("Entries")),
    ("entries.running_order", _l("Running order")),
    ("stage.index", _l("Stage")),
    ("chair.console", _l("Chair's console")),
    ("board.manage", _l("Results")),
    ("documents.index", _l("Documents")),
    ("admin.audit_log", _l("Audit log")),
    ("admin.edition_settings", _l("Settings")),
)


def edition_tabs(edition) -> list[dict]:
    """The tabs to show for an edition, the current one marked active."""
    tabs = []
    for endpoint, label in EDITION_TABS:
        if endpoint not in current_app.view_functions:
            continue
        tabs.append({
            "url": url_for(endpoint, edition_id=edition.id),
            "label": label,
            "active": request.endpoint == endpoint or (request.endpoint or "").startswith(endpoint.rsplit(".", 1)[0] + ".") and endpoint.split(".")[0] not in ("admin",),
        })
    return tabs
