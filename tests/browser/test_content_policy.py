"""Under the Content-Security-Policy every page still works, and the browser reports no violation.

The tablet marks a performer, the hall screen shows the standings, an organiser signs in, asks
for a PDF and draws a running order (its confirmation comes from static/js/page.js now that no
template has inline handlers), all against a real server process in Chromium.
"""

from __future__ import annotations

import pytest

from tests.browser.livesrv import mark_on_tablet, seed_one_category, wait_for
from tests.conftest import VOCAL_PARAMS


def _seed(app) -> dict:
    from judging.extensions import db
    from judging.models import Category, Edition, User

    seed = seed_one_category(app, "vocal", "criteria_panel", VOCAL_PARAMS,
                             labels={"voice": {"ru": "Голос", "kk": "Дауыс"}})
    with app.app_context():
        category = db.session.get(Category, seed["category"])
        category.visibility = "live"
        organiser = User(username="csp-org", role="organiser", name="Organiser", language="ru")
        organiser.set_password("secret")
        db.session.add(organiser)
        db.session.commit()
        seed["edition"] = category.edition_id
        seed["slug"] = db.session.get(Edition, category.edition_id).slug
    return seed


@pytest.fixture
def page(browser):
    """A page that obeys the policy (the suite's own `page` bypasses it)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


@pytest.fixture
def violations(page):
    """What the browser says about blocked content or failing scripts on this page."""
    found: list[str] = []
    page.on("console", lambda message: found.append(message.text)
            if message.type == "error" or "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


def _stored_marks(app, judge_id: int) -> int:
    from sqlalchemy import func, select

    from judging.extensions import db
    from judging.models import Sheet

    with app.app_context():
        return db.session.scalar(select(func.count(Sheet.id)).where(Sheet.judge_id == judge_id))


def test_tablet_screen_and_admin_pages_work_under_the_policy(live_server, page, violations):
    seed = _seed(live_server.app)
    base = live_server.url

    page.goto(f"{base}/t/{seed['token']}")
    page.wait_for_selector("#status.on")
    mark_on_tablet(page, seed["entries"][0], {"voice": 9, "technique": 8, "artistry": 10})
    assert wait_for(lambda: _stored_marks(live_server.app, seed["judge"]))

    page.goto(f"{base}/screen/{seed['slug']}")
    page.wait_for_selector("body[data-ready=true]", timeout=10000)
    page.wait_for_selector("text=Әлия Қ.", timeout=10000)  # the hall sees initials of surnames

    page.goto(f"{base}/login")
    page.fill("#username", "csp-org")
    page.fill("#password", "secret")
    page.click(".login-box button[type=submit]")
    page.wait_for_url(f"{base}/admin/**")

    page.goto(f"{base}/admin/editions/{seed['edition']}/documents")
    cards = page.request.get(f"{base}/admin/editions/{seed['edition']}/documents/cards.pdf")
    assert cards.ok and cards.headers["content-type"] == "application/pdf" and cards.body().startswith(b"%PDF")
    with page.expect_popup() as popup:
        page.click("a[href$='/documents/cards.pdf']")
    popup.value.wait_for_load_state()

    page.goto(f"{base}/admin/editions/{seed['edition']}/order")
    asked: list[str] = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", answer)
    page.click("form[data-confirm] button[type=submit]")
    assert wait_for(lambda: asked, timeout=5)
    assert "жеребьёвк" in asked[0] or "порядок" in asked[0]

    assert violations == []
