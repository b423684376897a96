"""The judge's tablet in Chromium: scoring, and marks entered while the network is down."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from judging.extensions import db
from judging.models import Edition, Judge, Sheet, Submission
from tests.browser.livesrv import mark_on_tablet, seed_one_category, wait_for
from tests.conftest import VOCAL_PARAMS


def _seed(app) -> dict:
    return seed_one_category(app, "tablet", "criteria_panel", VOCAL_PARAMS,
                             labels={"voice": {"kk": "Дауыс", "ru": "Голос", "en": "Voice"}})


def _sheets(app, judge_id: int, entry_id: int) -> list[Sheet]:
    with app.app_context():
        sheets = db.session.scalars(select(Sheet).where(Sheet.judge_id == judge_id, Sheet.entry_id == entry_id)).all()
        return [(s.status, {m.criterion: str(m.value) for m in s.marks}) for s in sheets]




def test_a_judge_scores_and_marks_made_offline_are_sent_once(live_server, page):
    seed = _seed(live_server.app)
    first, second, _ = seed["entries"]
    page.goto(f"{live_server.url}/t/{seed['token']}")
    page.wait_for_selector("#status.on")
    assert page.locator(".criterion").count() == 3
    assert "Голос" in page.inner_text("#work")

    mark_on_tablet(page, first, {"voice": 9, "technique": 8, "artistry": 10})
    stored = wait_for(lambda: _sheets(live_server.app, seed["judge"], first))
    assert stored == [("submitted", {"voice": "9", "technique": "8", "artistry": "10"})]
    page.wait_for_selector(f'.entry.st-submitted[data-entry="{first}"]')

    page.context.set_offline(True)
    page.wait_for_selector("#status.off")
    mark_on_tablet(page, second, {"voice": 7, "technique": 6, "artistry": 7})
    page.wait_for_selector(".outbox.has")
    assert "1" in page.inner_text("#outbox-count")
    outbox = page.evaluate(f"JSON.parse(localStorage.getItem('judging.outbox.{seed['judge']}'))")
    assert len(outbox) == 1 and outbox[0]["payload"]["entry"] == second
    time.sleep(1.0)
    assert _sheets(live_server.app, seed["judge"], second) == []  # nothing got through while offline

    page.context.set_offline(False)
    page.wait_for_selector("#status.on", timeout=20000)
    stored = wait_for(lambda: _sheets(live_server.app, seed["judge"], second), timeout=20)
    assert stored == [("submitted", {"voice": "7", "technique": "6", "artistry": "7"})]
    page.wait_for_function(f"JSON.parse(localStorage.getItem('judging.outbox.{seed['judge']}') || '[]').length === 0")
    time.sleep(1.0)  # any second delivery would have arrived by now
    with live_server.app.app_context():
        assert db.session.scalar(select(func.count(Sheet.id)).where(Sheet.judge_id == seed["judge"])) == 2
        assert db.session.scalar(select(func.count(Submission.id)).where(Submission.judge_id == seed["judge"])) == 2
    assert page.locator(".outbox.has").count() == 0


def test_the_outbox_survives_a_reload(live_server, page):
    """A mark waiting in the outbox is still there after the page reloads, and then it is sent."""
    seed = _seed_second(live_server.app)
    entry = seed["entries"][0]
    page.goto(f"{live_server.url}/t/{seed['token']}")
    page.wait_for_selector("#status.on")
    # Hold the socket down without taking the page offline, so the page can still reload.
    page.evaluate("window.tablet.socket.io.opts.reconnection = false; window.tablet.socket.disconnect()")
    page.wait_for_selector("#status.off")
    mark_on_tablet(page, entry, {"voice": 5, "technique": 5, "artistry": 5})
    page.wait_for_selector(".outbox.has")
    page.reload()
    page.wait_for_selector("#status.on")
    stored = wait_for(lambda: _sheets(live_server.app, seed["judge"], entry), timeout=20)
    assert stored == [("submitted", {"voice": "5", "technique": "5", "artistry": "5"})]


def _seed_second(app) -> dict:
    with app.app_context():
        edition = db.session.scalar(select(Edition).where(Edition.slug == "tablet-2026"))
        judge = Judge(edition=edition, name="Ерлан Жақсылықов", role="member", language="kk")
        db.session.add(judge)
        judge.categories.append(edition.categories[0])
        db.session.commit()
        return {"token": judge.token, "judge": judge.id, "entries": [e.id for e in edition.categories[0].entries]}


def test_a_revoked_link_says_so(live_server, page):
    with live_server.app.app_context():
        judge = db.session.scalar(select(Judge).where(Judge.name == "Гүлнар Сейітова"))
        token = judge.token
        judge.revoke_token()
        db.session.commit()
    response = page.goto(f"{live_server.url}/t/{token}")
    assert response.status == 404
    assert page.locator("h1").count() == 1 and page.locator("#app").count() == 0


