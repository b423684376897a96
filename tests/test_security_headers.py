"""Pages cannot be framed, run only the site's own scripts, and cookies are sent only where meant."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from config import ROOT


def _csp(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/login"])
def test_pages_forbid_framing_and_foreign_or_inline_scripts(client, path):
    response = client.get(path)
    csp = _csp(response)
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert csp["script-src"] == "script-src 'self'"
    assert csp["object-src"] == "object-src 'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_tablet_cannot_be_framed(client, make_edition):
    edition = make_edition()
    response = client.get(f"/t/{edition.judges[1].token}")
    assert response.status_code == 200
    assert _csp(response)["frame-ancestors"] == "frame-ancestors 'none'"
    assert response.headers["X-Frame-Options"] == "DENY"


def _cookies(response) -> dict[str, str]:
    return {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}


def test_session_and_remember_cookies_are_same_site_and_not_secure_over_plain_http(client, make_user):
    user = make_user("organiser", password="secret")
    cookies = _cookies(client.post("/login", data={"username": user.username, "password": "secret", "remember": "y"}))
    for name in ("session", "remember_token"):
        assert "SameSite=Lax" in cookies[name] and "HttpOnly" in cookies[name]
        assert "Secure" not in cookies[name]  # the hall Wi-Fi serves plain http: a Secure cookie would never come back


@pytest.mark.config({"PUBLIC_URL": "https://konkurs.example.kz"})
def test_cookies_are_secure_when_the_public_address_is_https(client, make_user):
    user = make_user("organiser", password="secret")
    cookies = _cookies(client.post("/login", data={"username": user.username, "password": "secret", "remember": "y"},
                                   base_url="https://konkurs.example.kz"))
    for name in ("session", "remember_token"):
        assert "Secure" in cookies[name] and "SameSite=Lax" in cookies[name]


_INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.S)
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*type=\"application/json\")[^>]*>", re.S)


@pytest.mark.parametrize("template", sorted(p for p in (ROOT / "templates").rglob("*.html") if "pdf" not in p.parts),
                         ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_no_template_needs_an_inline_script(template: Path):
    text = template.read_text(encoding="utf-8")
    assert not _INLINE_HANDLER.search(text), "an inline event handler: use a data- attribute and static/js/page.js"
    assert not _INLINE_SCRIPT.search(text), "an inline script: move it into static/js"
