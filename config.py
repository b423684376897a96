"""Configuration: everything comes from the environment, with safe defaults for a laptop.

| variable                  | default                                   | meaning                                   |
|---------------------------|-------------------------------------------|-------------------------------------------|
| SECRET_KEY                | a random key per start (sessions reset)   | signs sessions and CSRF tokens            |
| DATABASE_URL              | sqlite:///instance/judging.db             | SQLite file, or postgresql://...          |
| SOCKETIO_MESSAGE_QUEUE    | (none)                                    | redis://... to share events between processes |
| SOCKETIO_CHANNEL          | flask-socketio                            | the queue's channel: processes of one site share it |
| SOCKETIO_ASYNC_MODE       | gevent                                    | gevent in production, threading in tests  |
| HOST / PORT               | 127.0.0.1 / 5000                          | where `python wsgi.py` listens            |
| DEFAULT_LOCALE            | kk                                        | kk, ru or en                              |
| TIMEZONE                  | Asia/Almaty                               | shown dates and times                     |
| PUBLIC_URL                | (none)                                    | the address printed in QR codes           |
| LOG_LEVEL                 | INFO                                      |                                           |
| DOCUMENTS_DIR             | instance/documents                        | generated PDFs and their cache            |
| IMPORTS_DIR               | instance/imports                          | uploaded entry lists awaiting confirmation (a day) |
| RATELIMIT_STORAGE_URI     | SOCKETIO_MESSAGE_QUEUE when redis://, else memory:// | where sign-in attempts are counted (shared by every process through Redis) |
| TRUSTED_PROXIES           | 0                                         | reverse proxies in front whose X-Forwarded-For/-Proto are believed (sign-in limits count per client address) |
| RESULTS_COALESCE_MS       | 50                                        | least time between two recomputations of one category's standings while marks pour in; 0: after every mark, before the judge's ack |
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        (ROOT / "instance").mkdir(exist_ok=True)
        return f"sqlite:///{ROOT / 'instance' / 'judging.db'}"
    # Hosting platforms still hand out the old scheme; psycopg 3 is the driver we ship.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _ratelimit_storage() -> str:
    configured = os.environ.get("RATELIMIT_STORAGE_URI", "").strip()
    if configured:
        return configured
    queue = os.environ.get("SOCKETIO_MESSAGE_QUEUE", "").strip()
    # Several processes share their events through Redis: they must share the count of attempts too.
    return queue if queue.startswith(("redis://", "rediss://")) else "memory://"


class Config:
    """Production and development settings, read from the environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY") or secrets.token_hex(32)
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SOCKETIO_MESSAGE_QUEUE = os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None
    SOCKETIO_CHANNEL = os.environ.get("SOCKETIO_CHANNEL") or "flask-socketio"
    SOCKETIO_ASYNC_MODE = os.environ.get("SOCKETIO_ASYNC_MODE", "gevent")
    HOST = os.environ.get("HOST", "127.0.0.1")
    PORT = int(os.environ.get("PORT", "5000"))
    LANGUAGES = ("kk", "ru", "en")
    BABEL_DEFAULT_LOCALE = os.environ.get("DEFAULT_LOCALE", "kk")
    BABEL_DEFAULT_TIMEZONE = os.environ.get("TIMEZONE", "Asia/Almaty")
    PUBLIC_URL = os.environ.get("PUBLIC_URL") or None
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    RESULTS_COALESCE_MS = int(os.environ.get("RESULTS_COALESCE_MS", "50"))
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024  # spreadsheets and logos; nothing bigger belongs here
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    RATELIMIT_STORAGE_URI = _ratelimit_storage()
    TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
    RATELIMIT_HEADERS_ENABLED = True  # Retry-After tells a script (and the page) how long to wait
    # A Redis that is down must not keep the organisers out on the contest day: count nothing then.
    RATELIMIT_SWALLOW_ERRORS = True
    WTF_CSRF_TIME_LIMIT = None  # an organiser's form may stay open through a whole contest day
    DOCUMENTS_DIR = os.environ.get("DOCUMENTS_DIR") or str(ROOT / "instance" / "documents")
    IMPORTS_DIR = os.environ.get("IMPORTS_DIR") or str(ROOT / "instance" / "imports")


class TestConfig(Config):
    """In-memory SQLite (or DATABASE_URL when the suite runs on PostgreSQL), no CSRF in unit tests."""

    TESTING = True
    SECRET_KEY = "test"
    SQLALCHEMY_DATABASE_URI = (
        _database_url() if os.environ.get("DATABASE_URL") else "sqlite:///:memory:"
    )
    SOCKETIO_ASYNC_MODE = "threading"
    SOCKETIO_MESSAGE_QUEUE = None
    RATELIMIT_STORAGE_URI = "memory://"
    RESULTS_COALESCE_MS = 0  # standings are fresh when a submission returns, so tests can read them
    WTF_CSRF_ENABLED = False
    BABEL_DEFAULT_LOCALE = "ru"
