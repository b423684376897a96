"""The tablet's other forms in Chromium: ordering a final, timing attempts, choosing the better exhibit."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from judging.extensions import db
from judging.models import Category, Comparison, Conflict, Entry, Judge, Measurement, Sheet
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


def _conflict(app, judge_id: int, entry_id: int, reason: str) -> None:
    with app.app_context():
        db.session.add(Conflict(judge_id=judge_id, entry_id=entry_id, reason=reason))
        db.session.commit()


def test_steppers_follow_min_max_and_step_exactly(live_server, page):
    params = {"criteria": [
        {"key": "odd", "min": 1, "max": 10, "step": 2},  # 1, 3, 5, 7, 9: counted from min, never past max
        {"key": "fine", "min": 0, "max": 1, "step": 0.1},
        {"key": "free", "min": 0, "max": 5},  # no step: any number from 0 to 5
    ]}
    seed = seed_one_category(live_server.app, "grid", "criteria_panel", params)
    first = seed["entries"][0]
    page.goto(f"{live_server.url}/t/{seed['token']}")
    page.wait_for_selector("#status.on")
    page.click(f'.entry[data-entry="{first}"]')
    odd = page.locator('.criterion[data-criterion="odd"]')
    assert odd.locator(".q").evaluate_all("bs => bs.map(b => b.dataset.v)") == ["1", "3", "5", "7", "9"]
    odd.locator(".step.minus").click()  # from nothing, − starts at the top of the grid
    assert odd.locator(".value").inner_text() == "9"
    odd.locator(".step.plus").click()
    assert odd.locator(".value").inner_text() == "9"
    for _ in range(3):
        odd.locator(".step.minus").click()
    assert odd.locator(".value").inner_text() == "3"
    fine = page.locator('.criterion[data-criterion="fine"]')
    for _ in range(4):
        fine.locator(".step.plus").click()  # 0, 0.1, 0.2, 0.3
    assert fine.locator(".value").inner_text() == "0.3"
    free = page.locator('.criterion[data-criterion="free"]')
    assert free.locator(".q").evaluate_all("bs => bs.map(b => b.dataset.v)") == ["0", "1", "2", "3", "4", "5"]
    free.locator("input.value").fill("7")
    free.locator("input.value").press("Enter")
    assert "bad" in free.locator("input.value").get_attribute("class")  # beyond 5: not taken
    free.locator("input.value").fill("3,75")
    free.locator("input.value").press("Enter")
    page.click("#submit")
    _confirm(page)

    def stored():
        with live_server.app.app_context():
            sheet = db.session.scalar(select(Sheet).where(Sheet.judge_id == seed["judge"]))
            return sheet and {m.criterion: m.value for m in sheet.marks}

    assert wait_for(stored) == {"odd": Decimal("3"), "fine": Decimal("0.3"), "free": Decimal("3.75")}


def test_a_timekeeper_gets_the_rounds_and_attempts_of_the_params(live_server, page):
    seed = seed_one_category(live_server.app, "f1", "rounds", {"discard": [[4, 1]], "attempts_counted": 3})
    first = seed["entries"][0]
    page.goto(f"{live_server.url}/t/{seed['token']}")
    page.wait_for_selector("#status.on")
    page.click(f'.entry[data-entry="{first}"]')
    assert page.locator(".attempt").count() == 4 * 3
    assert page.locator('.attempt[data-round="4"][data-attempt="3"]').count() == 1
    page.click("#add-round")  # a fly-off: one more round
    assert page.locator(".attempt").count() == 5 * 3
    page.click('.attempt[data-round="5"][data-attempt="1"]')
    page.fill("#measured", "118.4")
    page.click("#submit")
    _confirm(page)

    def stored():
        with live_server.app.app_context():
            row = db.session.scalar(select(Measurement).where(Measurement.judge_id == seed["judge"]))
            return row and (row.entry_id, row.round, row.attempt, row.value)

    assert wait_for(stored) == (first, 5, 1, Decimal("118.4"))


def _second_category(app, seed: dict, rule: str, params: dict) -> dict:
    """Another category of the same edition, on the same judge's panel."""
    with app.app_context():
        first = db.session.get(Category, seed["category"])
        category = Category(edition_id=first.edition_id, position=2, nomination_key="m", nomination={"ru": "Вторая"},
                            rule=rule, params=params, labels={})
        category.entries = [Entry(number=i + 1, name=name) for i, name in enumerate(["Арман Сейітов", "Ілияс Омаров", "Жанар Бекова"])]
        db.session.add(category)
        judge = db.session.get(Judge, seed["judge"])
        judge.categories.append(category)
        db.session.commit()
        return {"category": category.id, "entries": [e.id for e in category.entries]}


def test_a_second_pairwise_category_compares_its_own_exhibits(live_server, page):
    seed = seed_one_category(live_server.app, "expo", "pairwise", {})
    other = _second_category(live_server.app, seed, "pairwise", {})
    a, b, c = other["entries"]
    _conflict(live_server.app, seed["judge"], b, "автордың жетекшісі")
    page.goto(f"{live_server.url}/t/{seed['token']}")
    page.wait_for_selector("#status.on")
    page.locator(".cat").nth(0).click()
    page.locator(".pair .side").nth(0).locator("button.submit").click()  # the first category: A is better
    _confirm(page)
    page.locator(".cat").nth(1).click()
    options = page.locator("select.pick").nth(0).locator("option").evaluate_all("os => os.map(o => Number(o.value))")
    assert options == [a, c]  # the conflicted exhibit is left out...
    assert "автордың жетекшісі" in page.inner_text("#not-compared")  # ...and the judge sees why
    page.locator(".pair .side").nth(1).locator("button.submit").click()  # B (the second listed) is better
    _confirm(page)

    def stored():
        with live_server.app.app_context():
            rows = db.session.scalars(select(Comparison).where(Comparison.judge_id == seed["judge"]).order_by(Comparison.id)).all()
            return [(r.category_id, r.winner_id, r.loser_id) for r in rows] if len(rows) == 2 else None

    assert wait_for(stored) == [(seed["category"], seed["entries"][0], seed["entries"][1]), (other["category"], c, a)]


def test_a_skating_judge_with_a_conflict_is_told_instead_of_the_form(live_server, page):
    seed = seed_one_category(live_server.app, "final", "skating", {})
    _conflict(live_server.app, seed["judge"], seed["entries"][2], "жұптың жаттықтырушысы")
    page.goto(f"{live_server.url}/t/{seed['token']}")
    page.wait_for_selector("#status.on")
    page.wait_for_selector("#cannot-place")
    assert "жұптың жаттықтырушысы" in page.inner_text("#cannot-place")
    assert page.locator(".placer").count() == 0 and page.locator("#submit").count() == 0


def test_a_ranking_judge_leaves_out_the_conflicted_entry(live_server, page):
    seed = seed_one_category(live_server.app, "vote", "ranked_points", {"points": [12, 10, 8]})
    first, second, third = seed["entries"]
    _conflict(live_server.app, seed["judge"], second, "әншінің ұстазы")
    page.goto(f"{live_server.url}/t/{seed['token']}")
    page.wait_for_selector("#status.on")
    assert page.locator(".placer").evaluate_all("bs => bs.map(b => Number(b.dataset.entry))") == [first, third]
    assert "әншінің ұстазы" in page.inner_text("#not-ranked")
    page.click(f'.placer[data-entry="{third}"]')
    page.click(f'.placer[data-entry="{first}"]')
    page.click("#submit")
    _confirm(page)

    def stored():
        with live_server.app.app_context():
            sheet = db.session.scalar(select(Sheet).where(Sheet.judge_id == seed["judge"]))
            return sheet and {p.entry_id: p.place for p in sheet.placements}

    assert wait_for(stored) == {third: 1, first: 2}
