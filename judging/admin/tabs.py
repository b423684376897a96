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
    """The tabs to show for an edition; the current page's tab is marked active.

    A page that is not itself a tab (an entry's edit form, a category's documents) lights the
    first tab of its own blueprint; an admin page that is no tab (a category) lights "Categories".
    """
    current = request.endpoint or ""
    shown = [(endpoint, label) for endpoint, label in EDITION_TABS if endpoint in current_app.view_functions]
    active = current if any(endpoint == current for endpoint, _ in shown) else None
    if active is None:
        blueprint = current.split(".", 1)[0]
        active = next((endpoint for endpoint, _ in shown if endpoint.split(".", 1)[0] == blueprint), None)
    return [
        {"url": url_for(endpoint, edition_id=edition.id), "label": label, "active": endpoint == active}
        for endpoint, label in shown
    ]
