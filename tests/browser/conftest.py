"""Browser tests: a real server process (`python wsgi.py`, gevent) on a free port with a temporary
SQLite file, and Debian's Chromium driven by playwright.

Fixtures:
- `live_server`: `.url` (base URL), `.app` (a Flask app in this process bound to the same
  database, for seeding and checking: `with live_server.app.app_context(): ...`), `.database_url`.
- `browser`: one Chromium per module. `page`: a fresh context and page per test (`page.context`
  for `set_offline`), with the Content-Security-Policy bypassed (see the fixture).
"""

from __future__ import annotations

import playwright.sync_api as playwright_api  # a dev requirement: a missing one fails, never skips
import pytest

from tests.browser.livesrv import CHROMIUM, CHROMIUM_ARGS, LiveServer, schema_app, start_server, stop_server


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("live")
    database_url = f"sqlite:///{workdir / 'judging.db'}"
    app = schema_app(database_url)
    process, url, log = start_server(database_url, workdir)
    server = LiveServer(url, database_url, app, process, log)
    yield server
    stop_server(process)


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
