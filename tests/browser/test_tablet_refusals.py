"""Refused submissions on the tablet in Chromium: nothing the judge typed is lost.

A sheet refused because its category is not open yet stays in the outbox (across a reload) and
goes by itself once the organiser opens the category; any other refusal is listed with the
server's reason and the values, which the judge brings back into the form.
"""

from __future__ import annotations

import copy

from sqlalchemy import func, select

from judging.extensions import db
from judging.models import Category, Conflict, Sheet, Submission, User
from tests.browser.livesrv import mark_on_tablet, seed_one_category, wait_for
from tests.conftest import VOCAL_PARAMS


def _outbox(page, judge_id: int) -> list:
    return page.evaluate(f"JSON.parse(localStorage.getItem('judging.outbox.{judge_id}') || '[]')")


def _refused(page, judge_id: int) -> list:
    return page.evaluate(f"JSON.parse(localStorage.getItem('judging.refused.{judge_id}') || '[]')")


def _sheets(app, judge_id: int) -> list:
    with app.app_context():
        rows = db.session.scalars(select(Sheet).where(Sheet.judge_id == judge_id).order_by(Sheet.id)).all()
        return [(s.entry_id, {m.criterion: str(m.value) for m in s.marks}) for s in rows]


def _count(app, model, judge_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)).where(model.judge_id == judge_id))


def _set_category(app, category_id: int, **changes) -> None:
    """Change the category in the database behind the tablet's back (the tablet still thinks it open)."""
    with app.app_context():
        category = db.session.get(Category, category_id)
        for name, value in changes.items():
            setattr(category, name, value)
        db.session.commit()


def _organiser(browser, app, base: str, username: str):
    with app.app_context():
        user = User(username=username, role="organiser", name="Organiser")
        user.set_password("secret")
        db.session.add(user)
        db.session.commit()
    page = browser.new_page()
    page.goto(base + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "secret")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return page


def test_marks_refused_while_closed_wait_and_are_sent_once_it_opens(live_server, page, browser):
    app = live_server.app
    seed = seed_one_category(app, "closed", "criteria_panel", VOCAL_PARAMS)
    first = seed["entries"][0]
    page.goto(f"{live_server.url}/t/{seed['token']}")
    page.wait_for_selector("#status.on")
    _set_category(app, seed["category"], judging="closed")  # closed while the tablet still shows it open

    mark_on_tablet(page, first, {"voice": 9, "technique": 8, "artistry": 10})
    page.wait_for_selector("#my-sheets li.st-held")
    (held,) = _outbox(page, seed["judge"])
    assert held["held"]["code"] == "closed" and held["payload"]["marks"] == {"voice": 9, "technique": 8, "artistry": 10}
    assert page.inner_text("#my-sheets li.st-held .why") == held["held"]["message"] != ""
    assert page.locator(f'.entry.st-held[data-entry="{first}"]').count() == 1
    assert _sheets(app, seed["judge"]) == [] and _refused(page, seed["judge"]) == []

    # Still there after a reload (a reconnect tries it again, and it is refused again).
    page.reload()
    page.wait_for_selector("#status.on")
    page.wait_for_selector("#my-sheets li.st-held")
    assert len(_outbox(page, seed["judge"])) == 1
    page.click(f'.entry[data-entry="{first}"]')
    assert page.locator(".sheet-status.st-held").count() == 1  # the form says why it waits

    organiser = _organiser(browser, app, live_server.url, "closed-org")
    with app.app_context():
        edition_id = db.session.get(Category, seed["category"]).edition_id
    organiser.goto(f"{live_server.url}/admin/editions/{edition_id}/console?category={seed['category']}")
    organiser.click('form[action$="/judging"] button')  # "Open for judging"
    organiser.wait_for_load_state()
    organiser.close()

    stored = wait_for(lambda: _sheets(app, seed["judge"]), timeout=20)
    assert stored == [(first, {"voice": "9", "technique": "8", "artistry": "10"})]
    page.wait_for_function(f"JSON.parse(localStorage.getItem('judging.outbox.{seed['judge']}') || '[]').length === 0")
    page.wait_for_selector(f'.entry.st-submitted[data-entry="{first}"]')
    assert _count(app, Sheet, seed["judge"]) == 1 and _count(app, Submission, seed["judge"]) == 1
    assert _refused(page, seed["judge"]) == []


def test_marks_out_of_range_come_back_to_the_form_to_be_corrected(live_server, page):
    app = live_server.app
    seed = seed_one_category(app, "lowered", "criteria_panel", VOCAL_PARAMS)
    first = seed["entries"][0]
    page.goto(f"{live_server.url}/t/{seed['token']}")
    page.wait_for_selector("#status.on")
    params = copy.deepcopy(VOCAL_PARAMS)
    params["criteria"][0]["max"] = 9  # the organiser lowers the voice's maximum behind the tablet's back
    _set_category(app, seed["category"], params=params)

    mark_on_tablet(page, first, {"voice": 10, "technique": 8, "artistry": 7})
    page.wait_for_selector('#refused li[data-code="out_of_range"]')
    item = page.locator("#refused li[data-code=out_of_range]")
    assert "9" in item.locator(".why").inner_text()  # the server's reason, with the new maximum
    assert item.locator(".values li").all_inner_texts() == ["voice: 10", "technique: 8", "artistry: 7"]
    assert _outbox(page, seed["judge"]) == [] and len(_refused(page, seed["judge"])) == 1
    assert _sheets(app, seed["judge"]) == []

    # Back into the form: the typed values are there; the fresh form stops at 9.
    item.locator("button.reopen").click()
    page.wait_for_selector('.criterion[data-criterion="voice"] .q[data-v="9"]')
    assert page.locator('.criterion[data-criterion="voice"] .q[data-v="10"]').count() == 0
    assert page.inner_text('.criterion[data-criterion="voice"] .value') == "10"
    assert page.inner_text('.criterion[data-criterion="technique"] .value') == "8"
    page.click('.criterion[data-criterion="voice"] .q[data-v="9"]')
    page.click("#submit")
    page.wait_for_selector("dialog#confirm[open]")
    page.click("#confirm-yes")
    assert wait_for(lambda: _sheets(app, seed["judge"])) == [(first, {"voice": "9", "technique": "8", "artistry": "7"})]
    page.wait_for_selector("#refused", state="hidden")  # settled by the accepted sheet
    assert _refused(page, seed["judge"]) == []


def test_a_conflict_the_tablet_did_not_know_is_shown_with_the_refused_marks(live_server, page):
    app = live_server.app
    seed = seed_one_category(app, "late-conflict", "criteria_panel", VOCAL_PARAMS)
    second = seed["entries"][1]
    page.goto(f"{live_server.url}/t/{seed['token']}")
    page.wait_for_selector("#status.on")
    with app.app_context():
        db.session.add(Conflict(judge_id=seed["judge"], entry_id=second, reason="педагог участницы"))
        db.session.commit()

    mark_on_tablet(page, second, {"voice": 7, "technique": 7, "artistry": 8})
    page.wait_for_selector('#refused li[data-code="conflict_of_interest"]')
    assert "педагог участницы" in page.inner_text("#refused")
    # The fresh state marks the entry, and its form gives way to the reason.
    page.wait_for_selector(f'.entry.st-conflict[data-entry="{second}"]')
    page.click(f'.entry[data-entry="{second}"]')
    assert "педагог участницы" in page.inner_text(".conflict-box")
    # The judge takes note and removes it; only then is it gone.
    assert len(_refused(page, seed["judge"])) == 1
    page.click("#refused button.dismiss")
    page.wait_for_selector("#refused", state="hidden")
    assert _refused(page, seed["judge"]) == [] and _sheets(app, seed["judge"]) == []


def test_marks_for_a_performer_moved_to_a_closed_category_wait_without_being_resent(live_server, page):
    """The organiser moved the performer to a category not open yet (a wrong age group) before the
    tablet's marks arrived: they wait for that category, not for the one the tablet first saw,
    which is open and would have them sent, refused and sent again without end."""
    from judging.models import Entry, Judge

    app = live_server.app
    seed = seed_one_category(app, "moved", "criteria_panel", VOCAL_PARAMS)
    first = seed["entries"][0]
    submits = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: submits.append(frame) if '"submit"' in str(frame) else None))
    page.goto(f"{live_server.url}/t/{seed['token']}")
    page.wait_for_selector("#status.on")
    with app.app_context():
        here = db.session.get(Category, seed["category"])
        older = Category(edition_id=here.edition_id, position=2, nomination_key="n", nomination={"ru": "Номинация"},
                         age_group_key="older", rule=here.rule, params=here.params, judging="closed")
        judge = db.session.get(Judge, seed["judge"])
        judge.categories.append(older)
        db.session.flush()
        db.session.get(Entry, first).category_id = older.id
        db.session.commit()

    mark_on_tablet(page, first, {"voice": 9, "technique": 8, "artistry": 10})
    page.wait_for_selector("#my-sheets li.st-held")
    page.wait_for_timeout(1500)  # a fresh state has come (asked for after the refusal) and more would have followed
    assert len(submits) == 1
    (held,) = _outbox(page, seed["judge"])
    assert held["held"]["code"] == "closed"
    assert _sheets(app, seed["judge"]) == []
