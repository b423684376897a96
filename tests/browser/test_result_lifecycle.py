"""The result's lifecycle as a new organiser, a chair and a parent live it, in Chromium, in Russian.

The issue: a category was published while judging was open, the public page called one judge's
sheet «Итоговые результаты», a parent downloaded a «Лауреат II степени» diploma that later marks
turned into «Дипломант», and /verify still said Laureate II. Here the same steps are taken through
the real pages and must go the other way: publishing is refused until the results are finalised,
everything says provisional with k/n sheets until then, no diploma comes before publication, and
after a reopen and a correction the old diploma's code says it was replaced, and by which code.

The judges' marks reach the server over the real /judge Socket.IO namespace, as their tablets send
them. Screenshots of the key steps go to artifacts/screens/lifecycle-*.png for a person to look at.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import socketio as sio_client
from sqlalchemy import select

from judging.extensions import db
from judging.models import Category, Diploma, Edition, Entry, Judge, Series, User
from tests.browser.livesrv import wait_for
from tests.conftest import VOCAL_PARAMS

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screens"
NAMES = ["Әлия Қасымова", "Дана Ержанова", "Нұрсұлтан Әбілов", "Мария Иванова"]


def _seed(app) -> dict:
    """A vocal edition (kk, ru) with full names on the public pages: one live category of four
    children, a panel of three judges (the first is the jury chair), and an organiser who reads Russian."""
    with app.app_context():
        series = Series(key="lifecycle", name={"kk": "Жұлдыздар", "ru": "Звёзды"})
        edition = Edition(series=series, slug="lifecycle-2026", year=2026, languages=["kk", "ru"], privacy="full",
                          title={"kk": "Жас вокалистер байқауы", "ru": "Конкурс юных вокалистов"})
        category = Category(edition=edition, position=1, nomination_key="pop",
                            nomination={"kk": "Эстрадалық вокал", "ru": "Эстрадный вокал"},
                            age_group_key="6-9", age_group={"kk": "6–9 жас", "ru": "6–9 лет"}, form_key="solo",
                            form={"kk": "жеке орындау", "ru": "соло"}, rule="criteria_panel", params=VOCAL_PARAMS,
                            visibility="live")
        entries = [Entry(category=category, number=i + 1, name=name) for i, name in enumerate(NAMES)]
        judges = [Judge(edition=edition, position=i, name=name, role="chair" if i == 0 else "member", language="ru")
                  for i, name in enumerate(["Айгүл Нұрланова", "Болат Кенжебаев", "Светлана Ким"])]
        for judge in judges:
            judge.categories.append(category)
        organiser = User(username="lifecycle-org", role="organiser", name="Организатор", language="ru")
        organiser.set_password("secret")
        db.session.add_all([series, edition, category, organiser, *entries, *judges])
        db.session.commit()
        seed = {"edition": edition.id, "slug": edition.slug, "category": category.id,
                "entries": [e.id for e in entries], "codes": [e.code for e in entries],
                "judges": [j.id for j in judges], "tokens": [j.token for j in judges]}
        db.session.remove()
        return seed


def _submit(base: str, token: str, entry: int, value: float) -> None:
    """A judge's tablet submits one sheet over the real /judge namespace."""
    client = sio_client.SimpleClient()
    client.connect(base, namespace="/judge", auth={"token": token}, transports=["websocket"])
    try:
        ack = client.call("submit", {"client_id": str(uuid.uuid4()), "entry": entry,
                                     "marks": {"voice": value, "technique": value, "artistry": value}}, timeout=10)
    finally:
        client.disconnect()
    assert ack.get("ok"), ack


def _diploma_codes(app, entry_id: int) -> list[tuple[str, bool]]:
    """The entry's diplomas as stored: (code, superseded), oldest first."""
    with app.app_context():
        rows = db.session.scalars(select(Diploma).where(Diploma.entry_id == entry_id).order_by(Diploma.id)).all()
        found = [(row.code, row.superseded_at is not None) for row in rows]
        db.session.remove()
        return found


def _shot(page, name: str) -> None:
    """A picture once the page's animations (the screen's rows entering) have run; the live dot pulses on."""
    page.wait_for_function("() => document.getAnimations().every("
                           "a => a.playState !== 'running' || a.effect.getTiming().iterations === Infinity)")
    page.screenshot(path=str(SHOTS / f"lifecycle-{name}.png"), full_page=True)


# Whether the hall screen shows that participant's name whole, not cut off with an ellipsis.
_NAME_FITS = """name => [...document.querySelectorAll('#board-rows .row .name')]
    .filter(n => n.textContent === name).every(n => n.scrollWidth <= n.clientWidth)"""


def _screen_row(screen, name: str):
    return screen.locator("#board-rows .row", has_text=name)


def _public_row(page, name: str):
    return page.locator(".results-table tbody tr", has_text=name)


def test_results_are_final_only_once_finalised_and_a_corrected_diploma_is_replaced(live_server, browser):
    seed = _seed(live_server.app)
    base, app = live_server.url, live_server.app
    edition, category = seed["edition"], seed["category"]
    first, dana, third, fourth = seed["entries"]
    chair, second_judge, third_judge = seed["tokens"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    manage_url = f"{base}/admin/editions/{edition}/results"
    console_url = f"{base}/admin/editions/{edition}/console?category={category}"
    public_url = f"{base}/results/{seed['slug']}/{category}"

    # Judging is open: the chair has marked all four; the other two judges only the first child.
    for entry, value in zip(seed["entries"], [9, 8.5, 7, 7.5], strict=True):
        _submit(base, chair, entry, value)
    _submit(base, second_judge, first, 9)
    _submit(base, third_judge, first, 9)

    organiser_context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ru-RU")
    parent_context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ru-RU")
    screen_context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="ru-RU")
    try:
        organiser = organiser_context.new_page()
        organiser.goto(base + "/login")
        organiser.fill("input[name=username]", "lifecycle-org")
        organiser.fill("input[name=password]", "secret")
        organiser.click("main button[type=submit]")
        organiser.wait_for_load_state()

        # «Опубликовано» while judging is open: refused, naming the missing sheets; still live.
        organiser.goto(manage_url)
        organiser.click(f"#category-{category} button[value=published]")
        refusal = organiser.locator(".flash-error")
        refusal.wait_for()
        assert "Болат Кенжебаев" in refusal.inner_text() and "№2" in refusal.inner_text()
        assert organiser.locator(f"#category-{category} button[value=live][aria-pressed=true]").count() == 1
        assert "Предварительные результаты" in organiser.locator(f"#category-{category}").inner_text()
        _shot(organiser, "01-publish-refused")

        # The hall screen: provisional, Дана on one sheet of three with a place and no award.
        screen = screen_context.new_page()
        screen.goto(f"{base}/screen/{seed['slug']}")
        screen.wait_for_selector("body[data-ready=true]")
        screen.locator("#board-kind .provisional-mark").wait_for()
        assert "Предварительные результаты" in screen.locator("#board-kind .provisional-mark").text_content()
        assert _screen_row(screen, "Дана Ержанова").locator(".sheets").inner_text() == "1/3"
        assert _screen_row(screen, "Дана Ержанова").locator(".award").inner_text() == ""
        assert _screen_row(screen, "Әлия Қасымова").locator(".sheets").inner_text() == "3/3"
        # Second place on one sheet: no silver badge either, which the hall reads as an award.
        assert "place-2" not in _screen_row(screen, "Дана Ержанова").locator(".place").get_attribute("class")
        assert "place-1" in _screen_row(screen, "Әлия Қасымова").locator(".place").get_attribute("class")
        # A row without an award gives its name the room: the full name, not «Дана Ержа…».
        assert screen.evaluate(_NAME_FITS, "Дана Ержанова")
        _shot(screen, "02-screen-provisional")

        # The public page on a parent's phone says the same.
        parent = parent_context.new_page()
        parent.goto(public_url)
        section = parent.locator(f"#category-{category}")
        assert section.get_attribute("data-provisional") == "true"
        assert "Предварительные результаты" in section.inner_text()
        assert "Итоговые результаты" not in parent.locator("main").inner_text()
        assert _public_row(parent, "Дана Ержанова").locator(".sheets").inner_text() == "1/3"
        _shot(parent, "03-public-provisional")

        # No diploma before publication, with a message the parent understands.
        parent.goto(base + "/diploma")
        parent.fill("#code", seed["codes"][1])
        parent.click("button[value=diploma]")
        # An unpublished code answers as an unknown one would, so a guesser learns nothing from it.
        message = parent.locator(".flash-error[data-reason=unavailable]")
        message.wait_for()
        assert "после публикации результатов" in message.inner_text()
        _shot(parent, "04-diploma-refused")
        assert _diploma_codes(app, dana) == []

        # The remaining marks come in; Светлана Ким will not mark №3 (she teaches him): an abstention.
        _submit(base, second_judge, dana, 8)
        _submit(base, third_judge, dana, 8)
        _submit(base, second_judge, third, 7)
        _submit(base, second_judge, fourth, 7.5)
        _submit(base, third_judge, fourth, 7.5)
        screen.wait_for_function(
            "() => [...document.querySelectorAll('#board-rows .row')].some("
            "r => r.textContent.includes('Дана Ержанова') && r.querySelector('.sheets').textContent === '3/3')")

        organiser.goto(console_url)
        finalise_button = organiser.locator("form[action$='/finalise'] button")
        assert finalise_button.is_disabled()  # №3 still lacks a sheet
        assert "Светлана Ким" in organiser.locator("#missing-sheets").inner_text()
        organiser.select_option("#abstain-judge", str(seed["judges"][2]))
        organiser.select_option("#abstain-entry", str(third))
        organiser.fill("#abstain-reason", "Педагог участника")
        organiser.click("#missing-sheets button[type=submit]")
        organiser.locator(".flash-success").wait_for()
        organiser.once("dialog", lambda dialog: dialog.accept())
        organiser.locator("form[action$='/finalise'] button").click()
        organiser.locator("#reopen-form").wait_for()
        assert organiser.locator("#provisional-note").is_hidden()
        # The abstention stays visible on the finalised console; cells no longer open, and nothing says they do.
        abstained = organiser.locator(f"#matrix-body tr[data-entry='{third}'] td.cell").nth(2)
        assert abstained.get_attribute("data-status") == "abstained"
        assert "Педагог участника" in abstained.get_attribute("title")
        assert organiser.get_by_text("Нажмите на отправленную ячейку").count() == 0
        _shot(organiser, "05-console-finalised")

        # Publishing now goes through the confirmation page.
        organiser.goto(manage_url)
        organiser.click(f"#category-{category} button[value=published]")
        organiser.locator("#publish-confirm").wait_for()
        _shot(organiser, "06-publish-confirm")
        organiser.click("#publish-confirm button[type=submit]")
        organiser.locator(f"#category-{category} button[value=published][aria-pressed=true]").wait_for()
        assert "Итоговые результаты" in organiser.locator(f"#category-{category}").inner_text()

        # Final on the hall screen and the public page: Дана is a laureate of the 2nd degree.
        screen.wait_for_function("() => !document.querySelector('#board-kind .provisional-mark')"
                                 " && document.querySelector('#board').classList.contains('board-published')")
        assert "Итоговые результаты" in screen.locator("#board-kind").text_content()
        assert "Лауреат II степени" in _screen_row(screen, "Дана Ержанова").locator(".award").inner_text()
        _shot(screen, "07-screen-final")
        parent.goto(public_url)
        assert parent.locator(f"#category-{category}").get_attribute("data-provisional") == "false"
        assert "Итоговые результаты" in parent.locator(f"#category-{category}").inner_text()
        assert "Лауреат II степени" in _public_row(parent, "Дана Ержанова").inner_text()
        _shot(parent, "08-public-final")

        # The parent downloads the diploma: a PDF.
        parent.goto(base + "/diploma")
        parent.fill("#code", seed["codes"][1])
        with parent.expect_download() as download_info:
            parent.click("button[value=diploma]")
        pdf = Path(download_info.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF")
        ((old_code, superseded),) = _diploma_codes(app, dana)
        assert not superseded

        # A mistake is found: the chair reopens with a reason and unlocks Болат's sheet for Дана.
        organiser.goto(console_url)
        organiser.fill("#reopen-reason", "Ошибка в листе Болата Кенжебаева для №2")
        organiser.click("#reopen-form button[type=submit]")
        organiser.locator("#provisional-note").wait_for()
        screen.locator("#board-kind .provisional-mark").wait_for()
        parent.goto(f"{base}/verify/{old_code}")
        assert parent.locator("[data-status=reviewing]").count() == 1
        _shot(parent, "09-verify-reviewing")
        organiser.locator(f"#matrix-body tr[data-entry='{dana}'] td.cell").nth(1).click()
        organiser.fill("#reason", "Оценка 8 вписана вместо 4")
        organiser.click("#unlock-form button[type=submit]")
        organiser.locator(".flash-success").wait_for()
        _submit(base, second_judge, dana, 4)  # (8.5 + 4 + 8) / 3 = 6.83: a diplomant now
        organiser.reload()  # the stored matrix, whenever the console's socket connected
        organiser.locator(f"#matrix-body tr[data-entry='{dana}'] td.st-corrected").wait_for()
        organiser.once("dialog", lambda dialog: dialog.accept())
        organiser.locator("form[action$='/finalise'] button").click()
        organiser.locator("#reopen-form").wait_for()
        organiser.goto(manage_url)
        organiser.click(f"#category-{category} button[value=published]")
        organiser.click("#publish-confirm button[type=submit]")
        organiser.locator(f"#category-{category} button[value=published][aria-pressed=true]").wait_for()
        screen.wait_for_function(
            "() => [...document.querySelectorAll('#board-rows .row')].some("
            "r => r.textContent.includes('Дана Ержанова') && r.textContent.includes('Дипломант'))")

        # The organiser's documents page lists the old diploma to reprint; one click replaces it.
        organiser.goto(f"{base}/admin/editions/{edition}/documents")
        listed = organiser.locator(f"#reprint ~ .card tr[data-code='{old_code}']")
        assert "Лауреат II степени" in listed.inner_text() and "Дипломант" in listed.inner_text()
        _shot(organiser, "10-reprint-list")
        organiser.click("form[action$='/documents/reissue'] button[type=submit]")
        organiser.locator("#replacements").wait_for()
        assert organiser.url.endswith("#replacements")  # where the replacements are printed from
        assert organiser.locator("#reprint").count() == 0
        codes = wait_for(lambda: [c for c in _diploma_codes(app, dana) if c[0] != old_code])
        ((new_code, new_superseded),) = codes
        assert not new_superseded and new_code in organiser.locator("#replacements").inner_text()
        _shot(organiser, "11-replacement-issued")

        # The old code says it was replaced, and by which code; the new code verifies.
        parent.goto(f"{base}/verify/{old_code}")
        replaced = parent.locator("[data-status=replaced]")
        assert replaced.count() == 1 and new_code in replaced.inner_text()
        assert "Дипломант" in parent.locator("main").inner_text()
        _shot(parent, "12-verify-replaced")
        parent.goto(f"{base}/verify/{new_code}")
        assert parent.locator("[data-status=replaced], [data-status=reviewing], [data-status=changed]").count() == 0
        assert "Дипломант" in parent.locator("main").inner_text()
        _shot(parent, "13-verify-new")
    finally:
        for context in (organiser_context, parent_context, screen_context):
            context.close()
