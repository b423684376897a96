"""Real server processes for browser and multi-process tests (no playwright needed here)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """A `python wsgi.py` process and an in-process app on the same database."""

    def __init__(self, url: str, database_url: str, app, process: subprocess.Popen, log: Path) -> None:
        self.url, self.database_url, self.app, self.process, self.log = url, database_url, app, process, log

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def start_server(database_url: str, workdir: Path, extra_env: dict | None = None,
                 gunicorn: bool = False) -> tuple[subprocess.Popen, str, Path]:
    """Start `python wsgi.py` (gevent), or gunicorn with the app's worker as the README deploys it,
    on a free port and wait until /healthz answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "SOCKETIO_MESSAGE_QUEUE"}  # one process: no queue
    env.update(DATABASE_URL=database_url, PORT=str(port), HOST="127.0.0.1", SOCKETIO_ASYNC_MODE="gevent",
               SECRET_KEY="browser-tests", LOG_LEVEL="WARNING", **(extra_env or {}))
    log = workdir / f"server-{port}.log"
    command = ([str(Path(sys.executable).parent / "gunicorn"), "-k", "judging.worker.Worker", "-w", "1",
                "-b", f"127.0.0.1:{port}", "--control-socket", str(workdir / f"gunicorn-{port}.ctl"), "wsgi:app"]
               if gunicorn else [sys.executable, "wsgi.py"])
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return process, url, log
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError(f"the server did not start: {log.read_text(errors='replace')[-3000:]}")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


def pg_schema_url(database_url: str, schema: str) -> str:
    """The PostgreSQL URL whose connections work in `schema` (created here): the server process and
    the test's app then share tables no other test process touches."""
    import psycopg

    plain = database_url.replace("postgresql+psycopg://", "postgresql://").replace("postgres://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        conn.execute(f"CREATE SCHEMA {schema}")
    driver = plain.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"{driver}{'&' if '?' in driver else '?'}options=-csearch_path%3D{schema}"


def drop_pg_schema(app, schema: str) -> None:
    from sqlalchemy import text

    from judging.extensions import db

    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        db.engine.dispose()


def schema_app(database_url: str):
    """An app in this process on that database, with the schema created (before the server starts)."""
    from config import TestConfig
    from judging import create_app
    from judging.extensions import db

    class LiveConfig(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url
        SECRET_KEY = "browser-tests"

    app = create_app(LiveConfig)
    with app.app_context():
        db.create_all()
    return app


def wait_for(check, timeout: float = 10.0):
    """Poll `check` until it returns something true (or the time is up): what the server stored."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    return check()


def seed_one_category(app, key: str, rule: str, params: dict, labels: dict | None = None) -> dict:
    """An edition (kk, ru) of one open category with three entries and one judge who reads Russian."""
    from sqlalchemy import select

    from judging.extensions import db
    from judging.models import Category, Edition, Entry, Judge, Series

    with app.app_context():
        series = db.session.scalar(select(Series).where(Series.key == key)) or Series(key=key, name={"ru": key})
        edition = Edition(series=series, slug=f"{key}-2026", year=2026, title={"ru": "Конкурс", "kk": "Байқау"},
                          languages=["kk", "ru"])
        category = Category(edition=edition, position=1, nomination_key="n", nomination={"ru": "Номинация"},
                            rule=rule, params=params, labels=labels or {})
        entries = [Entry(category=category, number=i + 1, name=name)
                   for i, name in enumerate(["Әлия Қасымова", "Дана Ержанова", "Нұрсұлтан Әбілов"])]
        judge = Judge(edition=edition, name="Гүлнар Сейітова", role="member", language="ru")
        judge.categories.append(category)
        db.session.add_all([series, edition, category, judge, *entries])
        db.session.commit()
        return {"token": judge.token, "judge": judge.id, "category": category.id, "entries": [e.id for e in entries]}


def mark_on_tablet(page, entry_id: int, marks: dict) -> None:
    """On the tablet page: pick the performer, tap each criterion's quick value, submit, confirm."""
    page.click(f'.entry[data-entry="{entry_id}"]')
    for key, value in marks.items():
        page.click(f'.criterion[data-criterion="{key}"] .q[data-v="{value}"]')
    page.click("#submit")
    page.wait_for_selector("dialog#confirm[open]")
    page.click("#confirm-yes")
