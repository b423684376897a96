"""Browser tests: a real server process (`python wsgi.py`, gevent) on a free port with a temporary
SQLite file, and Debian's Chromium driven by playwright.

Fixtures:
- `live_server`: `.url` (base URL), `.app` (a Flask app in this process bound to the same
  database, for seeding and checking: `with live_server.app.app_context(): ...`), `.database_url`.
  With DATABASE_URL set to PostgreSQL, as the suite runs there, the server works in a schema of
  this module's own, dropped at the end.
- `browser`: one Chromium per module. `page`: a fresh context and page per test (`page.context`
  for `set_offline`), with the Content-Security-Policy bypassed (see the fixture).
"""

from __future__ import annotations

import os

import playwright.sync_api as playwright_api  # a dev requirement: a missing one fails, never skips
import pytest

from tests.browser.livesrv import (
    CHROMIUM,
    CHROMIUM_ARGS,
    LiveServer,
    drop_pg_schema,
    pg_schema_url,
    schema_app,
    start_server,
    stop_server,
)
from tests.conftest import ON_POSTGRES


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("live")
    if ON_POSTGRES:
        schema = f"browser_{os.getpid()}_{workdir.name.replace('-', '_')}"
        database_url = pg_schema_url(os.environ["DATABASE_URL"], schema)
    else:
        database_url = f"sqlite:///{workdir / 'judging.db'}"
    app = schema_app(database_url)
    process, url, log = start_server(database_url, workdir)
    server = LiveServer(url, database_url, app, process, log)
    yield server
    stop_server(process)
    if ON_POSTGRES:
        drop_pg_schema(app, schema)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    # Playwright's wait_for_function polls a string through eval, which the site's CSP forbids;
    # these tests check behaviour, tests/browser/test_content_policy.py checks the policy itself.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()
