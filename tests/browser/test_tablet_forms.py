"""The tablet's other forms in Chromium: ordering a final, timing attempts, choosing the better exhibit."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from judging.extensions import db
from judging.models import Comparison, Measurement, Sheet
from tests.browser.livesrv import seed_one_category, wait_for


def _confirm(page) -> None:
    page.wait_for_selector("dialog#confirm[open]")
    page.click("#confirm-yes")


def test_a_judge_orders_a_final_dance_by_dance(live_server, page):
    seed = seed_one_category(live_server.app, "dance", "skating", {"dances": ["waltz", "tango"]})
    first, second, third = seed["entries"]
    page.goto(f"{live_server.url}/t/{seed['token']}")
    page.wait_for_selector("#status.on")
    # tap the couples in the order of the places: third, first, second
    for entry in (third, first, second):
        page.click(f'.placer[data-entry="{entry}"]')
    assert page.inner_text(f'.placer[data-entry="{third}"] .place') == "1"
    page.click("#submit")
    _confirm(page)

    def stored():
        with live_server.app.app_context():
            sheet = db.session.scalar(select(Sheet).where(Sheet.judge_id == seed["judge"]))
            return sheet and (sheet.dance, {p.entry_id: p.place for p in sheet.placements})

    assert wait_for(stored) == ("waltz", {third: 1, first: 2, second: 3})
    page.wait_for_selector(".sheet-status")
    assert page.locator(f'.placer[data-entry="{first}"][disabled]').count() == 1  # the waltz is locked now


def test_a_timekeeper_records_an_attempt_and_a_failed_one(live_server, page):
    seed = seed_one_category(live_server.app, "flight", "rounds", {"decimals": 2})
    first, second, _ = seed["entries"]
    page.goto(f"{live_server.url}/t/{seed['token']}")
    page.wait_for_selector("#status.on")
    page.click(f'.entry[data-entry="{first}"]')
    page.fill("#measured", "41,37")  # a comma, as a Russian keyboard types it
    page.click("#submit")
    _confirm(page)
    page.click(f'.entry[data-entry="{second}"]')
    page.click("button.danger")  # no valid result
    _confirm(page)

    def stored():
        with live_server.app.app_context():
            rows = db.session.scalars(select(Measurement).order_by(Measurement.entry_id)).all()
            mine = [(m.entry_id, m.round, m.attempt, m.value) for m in rows if m.entry_id in (first, second)]
            return mine if len(mine) == 2 else None

    assert wait_for(stored) == [(first, 1, 1, Decimal("41.37")), (second, 1, 1, None)]


def test_a_judge_picks_the_better_of_two_exhibits(live_server, page):
    seed = seed_one_category(live_server.app, "exhibits", "pairwise", {"decimals": 4})
    first, _, third = seed["entries"]
    page.goto(f"{live_server.url}/t/{seed['token']}")
    page.wait_for_selector("#status.on")
    picks = page.locator("select.pick")
    picks.nth(0).select_option(str(first))
    picks.nth(1).select_option(str(third))
    page.locator(".pair .side").nth(1).locator("button.submit").click()  # B is better
    _confirm(page)

    def stored():
        with live_server.app.app_context():
            row = db.session.scalar(select(Comparison).where(Comparison.judge_id == seed["judge"]))
            return row and (row.winner_id, row.loser_id)

    assert wait_for(stored) == (third, first)
