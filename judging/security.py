"""Response headers and cookie flags that keep the pages from being framed or fed foreign scripts.

Every page runs only the site's own files from static/: no inline script and no inline event
handler (static/js/page.js does what they did), so script-src needs no 'unsafe-inline'. Inline
styles stay allowed: the templates carry small <style> blocks, and a style cannot run code.
Socket.IO connects back to the same host, which 'self' covers for ws:// and wss:// too.
"""

from __future__ import annotations

from flask import Flask
from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def serves_https(app: Flask) -> bool:
    """Whether people reach the site over HTTPS (then cookies must never travel in clear)."""
    return (app.config.get("PUBLIC_URL") or "").lower().startswith("https://")


def init_app(app: Flask) -> None:
    """Security headers on every response; Secure cookies behind HTTPS, SameSite=Lax always."""
    if hops := app.config.get("TRUSTED_PROXIES", 0):
        # Behind a reverse proxy every request comes from the proxy's address: sign-in limits per
        # address would lock the whole hall out at once. Believe only as many hops as configured.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    https = serves_https(app)
    app.config.update(
        REMEMBER_COOKIE_SECURE=https,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
    )
    # One Talisman per app: it keeps its options on itself, and tests build many apps.
    app.extensions["talisman"] = Talisman(
        app,
        # The hall Wi-Fi serves plain http: redirecting to https there would lock everyone out,
        # and where there is HTTPS the proxy in front redirects.
        force_https=False,
        strict_transport_security=https,
        session_cookie_secure=https,
        session_cookie_samesite="Lax",
        session_cookie_http_only=True,
        frame_options="DENY",
        content_security_policy=CONTENT_SECURITY_POLICY,
        referrer_policy="same-origin",  # a tablet link (/t/<token>) is never sent to another site
    )
