"""A judge's tablet link and its QR code, drawn locally (no network)."""

from __future__ import annotations

from flask import current_app, url_for

from judging.models import Judge

TABLET_ENDPOINT = "judge.tablet"


def tablet_page_exists() -> bool:
    """Whether the judges' tablet page is part of this app."""
    return TABLET_ENDPOINT in current_app.view_functions


def tablet_url(judge: Judge) -> str | None:
    """The absolute address of the judge's tablet page, or None (revoked token, no tablet page)."""
    if not judge.token or not tablet_page_exists():
        return None
    public = current_app.config.get("PUBLIC_URL")
    if public:
        # Behind a proxy or on a hall Wi-Fi the address the tablets reach differs from this request's.
        return public.rstrip("/") + url_for(TABLET_ENDPOINT, token=judge.token)
    return url_for(TABLET_ENDPOINT, token=judge.token, _external=True)
