"""The hall screen in Chromium against a real server process: live marks, hidden categories, a reveal.

Screenshots at 1920×1080 and 1280×720 go to artifacts/screens/ for a person to look at.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

playwright_api = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screens"
CHROMIUM = "/usr/bin/chromium"
REDIS = os.environ.get("SCREEN_TEST_REDIS", "redis://127.0.0.1:6379/0")

# Runs in the server process: a file database with a vocal edition, one live category and one
# hidden one (with marks already stored), an organiser, and somebody on stage.
SERVER = r'''
from gevent import monkey
monkey.patch_all()
import json, sys
from judging import create_app, results
from judging.extensions import db, socketio
from judging.models import Category, Edition, Entry, Judge, Mark, Series, Sheet, User
from tests.conftest import VOCAL_PARAMS

app = create_app()
with app.app_context():
    db.create_all()
    series = Series(key="vocal", name={"kk": "Есіл өңірінің жұлдыздары", "ru": "Звёзды Приишимья"})
    edition = Edition(series=series, slug="stars-2026", year=2026, languages=["kk", "ru"], privacy="initials",
        title={"kk": "«Есіл өңірінің жұлдыздары» жас вокалистер байқауы", "ru": "Конкурс юных вокалистов «Звёзды Приишимья»"},
        city={"kk": "Петропавл", "ru": "Петропавловск"})
    def category(pos, key, nom, age, vis):
        return Category(edition=edition, position=pos, nomination_key=key, nomination=nom,
            age_group_key=age, age_group={"kk": age + " жас", "ru": age + " лет"}, form_key="solo",
            form={"kk": "жеке орындау", "ru": "соло"}, rule="criteria_panel", params=VOCAL_PARAMS, visibility=vis)
    live = category(1, "pop", {"kk": "Эстрадалық вокал", "ru": "Эстрадный вокал"}, "10-13", "live")
    hidden = category(2, "folk", {"kk": "Халық әні", "ru": "Народная песня"}, "14-17", "hidden")
    names = ["Әлия Қасымова", "Дана Ержанова", "Нұрсұлтан Әбілов", "Мария Иванова", "Айгерім Төлеуова",
             "Ерасыл Құрманов", "Софья Петренко", "Інжу Сәрсенбаева", "Арман Жақсылықов"]
    for i, name in enumerate(names):
        db.session.add(Entry(category=live, number=i + 1, name=name, institution="№ %d мектеп-гимназия" % (i + 3)))
    for i, name in enumerate(["Жасырын Бірінші", "Құпия Екінші", "Тылсым Үшінші"]):
        db.session.add(Entry(category=hidden, number=i + 1, name=name))
    judges = []
    for i in range(3):
        judge = Judge(edition=edition, position=i, name="Judge %d" % (i + 1), role="chair" if i == 0 else "member")
        judge.categories.extend([live, hidden])
        judges.append(judge)
        db.session.add(judge)
    organiser = User(username="org", role="organiser", name="Organiser")
    organiser.set_password("secret")
    db.session.add(organiser)
    db.session.commit()
    def give(entry, value):
        for judge in judges:
            sheet = Sheet(judge_id=judge.id, category_id=entry.category_id, entry_id=entry.id)
            sheet.marks = [Mark(criterion=k, value=value) for k in ("voice", "technique", "artistry")]
            db.session.add(sheet)
        db.session.commit()
    for entry, value in zip(live.entries[:7], [9, 8.5, 7.5, 9.5, 8, 6.5, 7]):
        give(entry, value)
    for entry, value in zip(hidden.entries, [10, 9, 8]):
        give(entry, value)
    results.recompute(live)
    results.recompute(hidden)
    edition.stage_category_id, edition.stage_entry_id = live.id, live.entries[7].id
    db.session.commit()
    print(json.dumps({
        "edition": edition.id, "live": live.id, "hidden": hidden.id,
        "next_entry": live.entries[8].id, "tokens": [j.token for j in judges],
        "hidden_names": [e.name for e in hidden.entries],
    }), flush=True)
socketio.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_output=False)
'''


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def screen_server(tmp_path_factory):
    """A real server process (gevent, file SQLite) with a seeded edition; yields (base url, seed)."""
    port = _free_port()
    db_file = tmp_path_factory.mktemp("screen") / "screen.db"
    url = f"sqlite:///{db_file}"
    env = dict(os.environ, DATABASE_URL=url, SOCKETIO_ASYNC_MODE="gevent", SOCKETIO_MESSAGE_QUEUE=REDIS,
               SECRET_KEY="screen-test", LOG_LEVEL="WARNING", DEFAULT_LOCALE="kk")
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seed = json.loads(proc.stdout.readline() or "null") if proc.poll() is None else None
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if requests.get(base + "/healthz", timeout=1).ok:
                break
        except requests.ConnectionError:
            time.sleep(0.1)
    if seed is None or proc.poll() is not None:
        proc.kill()
        pytest.fail("the screen server did not start: " + proc.stderr.read()[-3000:])
    yield base, seed, url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed at /usr/bin/chromium")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless"])
        yield browser
        browser.close()


def _open_screen(chromium, base, width, height):
    page = chromium.new_page(viewport={"width": width, "height": height})
    page.goto(base + "/screen/stars-2026")
    page.wait_for_selector("body[data-ready=true]", timeout=10000)
    return page


@pytest.fixture(scope="module")
def scorer(screen_server):
    """This process as a second server process: same database, events through the Redis queue.

    It stores sheets and recomputes as the scoring operation does after a judge's submission, then
    calls push_standings; the screen, connected to the other process, hears it through Redis.
    """
    from config import Config
    from judging import create_app

    settings = type("ScorerConfig", (Config,), {
        "SQLALCHEMY_DATABASE_URI": screen_server[2], "SOCKETIO_MESSAGE_QUEUE": REDIS,
        "SOCKETIO_ASYNC_MODE": "threading", "SECRET_KEY": "screen-test", "TESTING": True,
    })
    return create_app(settings)


def _mark_everywhere(app, entry_id, value):
    from judging import results
    from judging.board.push import push_standings
    from judging.extensions import db
    from judging.models import Entry, Mark, Sheet

    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        for judge in entry.category.judges:
            sheet = Sheet(judge_id=judge.id, category_id=entry.category_id, entry_id=entry.id)
            sheet.marks = [Mark(criterion=k, value=value) for k in ("voice", "technique", "artistry")]
            db.session.add(sheet)
        db.session.commit()
        results.recompute(entry.category)
        assert push_standings(entry.category) is True
        db.session.remove()


def test_screen_shows_live_standings_and_a_new_mark(screen_server, chromium, scorer):
    base, seed, _ = screen_server
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = _open_screen(chromium, base, 1920, 1080)
    page.wait_for_timeout(800)  # the rows' entrance animation
    page.screenshot(path=str(SHOTS / "screen-1920x1080.png"))
    rows = page.locator("#board-rows .row")
    assert rows.count() >= 6
    first_name = rows.nth(0).locator(".name").inner_text()
    assert first_name == "М. И."  # Мария Иванова, 9.5, by initials
    assert page.locator("#stage-body .stage-name").inner_text() == "І. С."
    # The last performer gets a perfect score from the three judges: the screen follows.
    started = time.monotonic()
    _mark_everywhere(scorer, seed["next_entry"], 10)
    page.wait_for_function(
        "() => { const n = document.querySelector('#board-rows .row .name'); return n && n.textContent === 'А. Ж.'; }",
        timeout=5000,
    )
    print(f"\nhall screen showed the new leader {time.monotonic() - started:.3f} s after its sheets were stored")
    assert page.locator("#board-rows .row").nth(0).locator(".award-grand_prix").count() == 1
    page.wait_for_timeout(2600)  # let the highlight fade before the picture
    page.screenshot(path=str(SHOTS / "screen-1920x1080-after-mark.png"))
    page.close()


def test_hidden_category_shows_nothing(screen_server, chromium):
    base, seed, _ = screen_server
    page = _open_screen(chromium, base, 1280, 720)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(800)
    page.screenshot(path=str(SHOTS / "screen-1280x720.png"))
    text = page.content()
    for name in seed["hidden_names"]:
        assert name not in text
    assert "Халық әні" not in page.locator("#board").inner_text()
    for initials in ("Ж. Б.", "Қ. Е.", "Т. Ү."):
        assert initials not in page.locator("body").inner_text()
    # Nothing scrolls at this size either.
    assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight + 1")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.close()


def test_ceremony_reveal_appears_on_the_screen(screen_server, chromium):
    base, seed, _ = screen_server
    SHOTS.mkdir(parents=True, exist_ok=True)
    screen = _open_screen(chromium, base, 1920, 1080)
    organiser = chromium.new_page()
    organiser.goto(base + "/login")
    organiser.fill("input[name=username]", "org")
    organiser.fill("input[name=password]", "secret")
    organiser.click("main button[type=submit]")
    organiser.wait_for_load_state()
    organiser.goto(base + f"/admin/editions/{seed['edition']}/results/{seed['hidden']}/ceremony")
    organiser.click("button.reveal-next")
    screen.wait_for_selector("#reveal.drum", timeout=5000)
    screen.screenshot(path=str(SHOTS / "screen-reveal-drumroll.png"))
    screen.wait_for_selector("#reveal.shown", timeout=10000)
    screen.wait_for_timeout(1000)
    assert screen.locator("#reveal-name").inner_text() == "Т. Ү."  # the lowest award comes first
    screen.screenshot(path=str(SHOTS / "screen-reveal-award.png"))
    # A reloaded screen shows what was announced so far, and only that.
    screen.reload()
    screen.wait_for_selector("body[data-ready=true]", timeout=10000)
    assert "Т. Ү." in screen.locator("#board").inner_text()  # the ceremony panel comes first
    body = screen.locator("body").inner_text()
    assert "Ж. Б." not in body and "Қ. Е." not in body
    organiser.close()
    screen.close()
