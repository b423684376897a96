"""Every change of standings reaches the hall screens and the chair's console (issue 11).

Each trigger is made as it is made in the hall: a judge's tablet submits, or the organiser posts
the real form (signed in, through the Flask test client). Before it, a /board client watches each
category (as a hall screen does) and an organiser's console sits on /judge; after it, both must
have heard the new standings, with the entries in the same places.
"""

from __future__ import annotations

import ast
import copy
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import g
from sqlalchemy import select

from judging.board import operations as board_operations
from judging.chair import operations as chair_operations
from judging.entries import operations as entry_operations
from judging.extensions import db, socketio
from judging.jury import operations as jury_operations
from judging.models import Abstention, Category, CategoryResult, Entry, Sheet, Standing
from tests.conftest import VOCAL_PARAMS
from tests.realtime.conftest import submit
from tests.test_admin import _category_form

# The plain mean of the judges' totals: one judge's sheet moves the score where a test sees it.
PARAMS = copy.deepcopy(VOCAL_PARAMS) | {"panel": "mean"}
CRITERIA = ("voice", "technique", "artistry")


class Hall:
    """One edition with two live categories (A: three entries, B: two), three judges on both panels."""

    def __init__(self, app, client, tablet, edition):
        self.app, self.client, self.tablet = app, client, tablet
        self.edition = edition
        self.a = edition.categories[0]
        self.b = Category(
            edition=edition, position=2,
            nomination_key="folk", nomination={"kk": "Халық әні", "ru": "Народная песня", "en": "Folk song"},
            age_group_key="10-13", age_group={"kk": "10–13", "ru": "10–13", "en": "10–13"},
            form_key="solo", form={"kk": "жеке", "ru": "соло", "en": "solo"},
            rule="criteria_panel", params=copy.deepcopy(PARAMS), visibility="live",
        )
        db.session.add(self.b)
        for number in (1, 2):
            db.session.add(Entry(category=self.b, number=number, name=f"Дана Ержанова {number}", institution="№2 мектеп"))
        self.judges = list(edition.judges)
        for judge in self.judges:
            judge.categories.append(self.b)
        db.session.commit()
        self.e1, self.e2, self.e3 = self.a.entries
        self.b1, self.b2 = self.b.entries
        self.e3_id = self.e3.id  # still known once №3 is deleted
        self._pads: dict[int, object] = {}
        self.screens: dict[int, object] = {}
        self.console = None

    # -- the state before: as the judges and the chair made it

    def mark(self, judge: int, entry: Entry, score) -> None:
        """Judge number `judge` (0 chairs) submits from their tablet: one mark for every criterion, or a dict."""
        if judge not in self._pads:
            self._pads[judge] = self.tablet(token=self.judges[judge].token)
        marks = score if isinstance(score, dict) else dict.fromkeys(CRITERIA, score)
        ack = submit(self._pads[judge], {"entry": entry.id, "marks": marks})
        assert ack["ok"], ack

    def marks(self, entry: Entry, *scores) -> None:
        """Each judge in turn marks the entry (None: that judge has not marked it)."""
        for judge, score in enumerate(scores):
            if score is not None:
                self.mark(judge, entry, score)

    def sheet(self, judge: int, entry: Entry) -> Sheet:
        return db.session.scalar(select(Sheet).where(Sheet.judge_id == self.judges[judge].id, Sheet.entry_id == entry.id))

    # -- who listens, and what they heard

    def watch(self) -> None:
        for category in (self.a, self.b):
            screen = socketio.test_client(self.app, namespace="/board", flask_test_client=self.app.test_client())
            ack = screen.emit("watch", {"edition": self.edition.slug, "category": category.id}, namespace="/board",
                              callback=True)
            assert ack["ok"], ack
            screen.get_received("/board")
            self.screens[category.id] = screen
        self.console = self.tablet(flask_client=self.client, console=self.edition.id)
        assert self.console.is_connected("/judge")
        self.console.get_received("/judge")

    def heard(self, *categories: Category) -> dict[int, Heard]:
        """What each category's screen and the console heard since `watch`; fails if either heard nothing."""
        matrices = [e["args"][0] for e in self.console.get_received("/judge") if e["name"] == "matrix"]
        out = {}
        for category in categories:
            standings = [e["args"][0] for e in self.screens[category.id].get_received("/board")
                         if e["name"] == "standings" and e["args"][0]["category"] == category.id]
            assert standings, f"the screen watching category {category.id} heard no new standings"
            mine = [m for m in matrices if m["category"] == category.id]
            assert mine, f"the console heard no matrix of category {category.id}"
            heard = Heard(standings[-1], mine[-1])
            # The screen and the console show the same stored standings (a screen may withhold
            # the award of a provisional row short of its panel; the chair sees it).
            assert {e: r["place"] for e, r in heard.rows.items()} == {
                int(e): r["place"] for e, r in heard.matrix["standings"]["rows"].items()
            }
            out[category.id] = heard
        for screen in self.screens.values():
            screen.disconnect("/board")
        return out

    # -- the organiser's forms

    def post(self, path: str, data: dict | None = None, **kw) -> str:
        """POST an organiser's form; the page must redirect without an error message. Returns where to."""
        response = self.client.post(f"/admin/editions/{self.edition.id}{path}", data=data or {}, **kw)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        with self.client.session_transaction() as session:
            errors = [text for kind, text in session.get("_flashes", []) if kind == "error"]
            session.pop("_flashes", None)
        assert not errors, errors
        return response.headers["Location"]

    def import_entries(self, csv: str) -> None:
        """Upload a spreadsheet of entries and confirm its preview, as the organiser does."""
        preview = self.post("/entries/import", {"file": (io.BytesIO(csv.encode()), "entries.csv")},
                            content_type="multipart/form-data")
        token = re.search(r"/entries/import/([0-9a-f]{32})$", preview).group(1)
        self.post(f"/entries/import/{token}")


@dataclass
class Heard:
    standings: dict
    matrix: dict

    @property
    def rows(self) -> dict[int, dict]:
        return {r["entry"]: r for r in self.standings["rows"]}


@pytest.fixture
def hall(app, client, tablet, make_edition, organiser, tmp_path):
    app.config["IMPORTS_DIR"] = str(tmp_path / "imports")  # an upload waits for its confirmation here
    return Hall(app, client, tablet, make_edition(entries=3, judges=3, params=copy.deepcopy(PARAMS), visibility="live"))


@dataclass(frozen=True)
class Trigger:
    given: Callable[[Hall], None]  # the state before, as the judges and the chair made it
    act: Callable[[Hall], None]  # the change, through a tablet or the organiser's real route
    expect: Callable[[Hall, dict[int, Heard]], None]  # on what category A's (and B's) listeners heard
    both: bool = False  # B's screen must hear as well (a move, a Grand Prix taken away)


def _full(h: Hall) -> None:
    h.marks(h.e1, 9, 9, 9)
    h.marks(h.e2, 8, 8, 8)
    h.marks(h.e3, 7, 7, 7)


def _with_low_mark(h: Hall) -> None:
    """№1 has 9, 9 and a 6 from the third judge: 8 on the mean, 9 without that judge."""
    h.marks(h.e1, 9, 9, 6)
    h.marks(h.e2, 8, 8, 8)


def _unmarked_third(h: Hall) -> None:
    """№3 is entered but nobody has marked it yet (so it may still move or go)."""
    h.marks(h.e1, 9, 9, 9)
    h.marks(h.e2, 8, 8, 8)
    h.marks(h.b1, 9, 9, 9)
    h.marks(h.b2, 8, 8, 8)


def _status(status: str, note: str = ""):
    return lambda h: h.post(f"/entries/{h.e1.id}/status", {"status": status, "note": note})


def _move_third_to_b(h: Hall) -> None:
    e3 = h.e3
    h.post(f"/entries/{e3.id}", {
        "category_id": h.b.id, "kind": "person", "name": e3.name, "institution": e3.institution or "",
        "district": "", "teacher": e3.teacher or "", "repertoire": "", "members": "", "status": e3.status, "notes": "",
    })


def _rename_first(h: Hall) -> None:
    e1 = h.e1
    h.post(f"/entries/{e1.id}", {
        "category_id": h.a.id, "kind": "person", "name": "Әлия Сәкенқызы", "institution": e1.institution or "",
        "district": "", "teacher": e1.teacher or "", "repertoire": "", "members": "", "status": e1.status, "notes": "",
    })


def _renamed(h: Hall, heard: dict[int, Heard]) -> None:
    row = heard[h.a.id].rows[h.e1.id]
    assert row["name"] == "Әлия С." and row["place"] == 1, "the hall shows the corrected name (initials for a child)"


def _settings_changed(change: dict):
    def act(h: Hall) -> None:
        edition = h.edition
        form = {
            "slug": edition.slug, "year": edition.year, "starts_on": "", "ends_on": "", "director_name": "",
            "privacy": edition.privacy, "languages": ["kk", "ru"],
            "single_grand_prix": "y" if edition.single_grand_prix else "",
        }
        for name in ("title", "city", "venue"):
            form |= {f"{name}_{code}": (getattr(edition, name) or {}).get(code, "") for code in ("kk", "ru", "en")}
        h.post("/settings", {k: v for k, v in (form | change).items() if v != ""})
    return act


def _full_names(h: Hall, heard: dict[int, Heard]) -> None:
    assert heard[h.a.id].rows[h.e1.id]["name"] == "Әлия Қасымова 1"


def _two_grand_prix(h: Hall) -> None:
    """A's №1 has 10 and B's №1 9.61, each a Grand Prix of its own category (from 9.5)."""
    for category in (h.a, h.b):
        params = copy.deepcopy(PARAMS)
        params["awards"]["levels"][0]["min"] = 9.5
        category.params = params
    db.session.commit()
    h.marks(h.e1, 10, 10, 10)
    h.marks(h.b1, 9.5, 9.5, {"voice": 10, "technique": 10, "artistry": 9.5})
    assert set(db.session.scalars(select(Standing.award).where(Standing.entry_id.in_((h.e1.id, h.b1.id))))) == {"grand_prix"}


def _category_changed(change: dict):
    def act(h: Hall) -> None:
        form = _category_form(h.a) | {"show_places": "y"}
        form.update(change)
        h.post(f"/categories/{h.a.id}", form)
    return act


def _gone(entry_of):
    def expect(h: Hall, heard: dict[int, Heard]) -> None:
        rows = heard[h.a.id].rows
        assert rows and entry_of(h) not in rows
    return expect


def _score(entry_of, score: float, award: str | None = None, category_of=lambda h: h.a):
    def expect(h: Hall, heard: dict[int, Heard]) -> None:
        row = heard[category_of(h).id].rows[entry_of(h).id]
        assert row["score"] == pytest.approx(score)
        if award is not None:
            assert row["award"] == award
    return expect


def _abstained(h: Hall, heard: dict[int, Heard]) -> None:
    # The score stays what the two sheets make; what changes is the panel the row rests on.
    assert heard[h.a.id].rows[h.e1.id]["award"] == "laureate_1"
    stored = db.session.execute(
        select(Standing.sheets, Standing.panel).join(CategoryResult).where(Standing.entry_id == h.e1.id)
    ).one()
    assert tuple(stored) == (2, 2), "the row rests on the whole panel once the third judge abstains"


def _abstaining(h: Hall) -> None:
    h.marks(h.e1, 9, 9, None)
    chair_operations.record_abstention(h.a, h.judges[2], h.e1, "Her own pupil")


def _abstention(h: Hall) -> Abstention:
    return db.session.scalar(select(Abstention).where(Abstention.entry_id == h.e1.id))


def _owed_again(h: Hall, heard: dict[int, Heard]) -> None:
    assert _abstention(h) is None
    stored = db.session.execute(
        select(Standing.sheets, Standing.panel).join(CategoryResult).where(Standing.entry_id == h.e1.id)
    ).one()
    assert tuple(stored) == (2, 3), "the third judge's sheet is owed again"


def _judging(heard: Heard, state: str) -> None:
    assert heard.matrix["judging"] == state


def _finalised(h: Hall, heard: dict[int, Heard]) -> None:
    assert heard[h.a.id].matrix["judging"] == "finalised"
    assert heard[h.a.id].rows[h.e1.id]["award"] == "laureate_1"


def _finalise_and_publish(h: Hall) -> None:
    _full(h)
    chair_operations.finalise_category(h.a)
    assert board_operations.set_visibility(h.a, "published")


def _provisional_again(h: Hall, heard: dict[int, Heard]) -> None:
    assert heard[h.a.id].standings["visibility"] == "live", "a reopened published category is live (provisional) again"
    assert heard[h.a.id].matrix["judging"] == "open"
    assert heard[h.a.id].rows[h.e1.id]["place"] == 1


def _one_grand_prix(h: Hall) -> None:
    """One Grand Prix in the edition, from 9.5: B's №1 holds it with 9.61, A's №1 has 9.5 from two judges."""
    h.edition.single_grand_prix = True
    for category in (h.a, h.b):
        params = copy.deepcopy(PARAMS)
        params["awards"]["levels"][0]["min"] = 9.5
        category.params = params
    db.session.commit()
    h.marks(h.b1, 9.5, 9.5, {"voice": 10, "technique": 10, "artistry": 9.5})
    h.marks(h.b2, 8, 8, 8)
    h.marks(h.e1, 9.5, 9.5, None)
    h.marks(h.e2, 8, 8, 8)
    assert db.session.scalar(select(Standing.award).where(Standing.entry_id == h.b1.id)) == "grand_prix"


def _grand_prix_moved(h: Hall, heard: dict[int, Heard]) -> None:
    assert heard[h.a.id].rows[h.e1.id]["award"] == "grand_prix"
    assert heard[h.b.id].rows[h.b1.id]["award"] == "laureate_1", "B's screen hears its Grand Prix taken away"


def _conflict_added(h: Hall) -> None:
    h.post("/jury/conflicts", {"judge_id": h.judges[2].id, "entry_id": h.e1.id, "reason": "Her own pupil"})


def _with_conflict(h: Hall) -> None:
    _with_low_mark(h)
    jury_operations.add_conflict(h.judges[2], h.e1, "Her own pupil")


def _conflict_lifted(h: Hall) -> None:
    (conflict,) = jury_operations.edition_conflicts(h.edition)
    h.post(f"/jury/conflicts/{conflict.id}/remove")


def _withdrawn_first(h: Hall) -> None:
    _full(h)
    entry_operations.change_status(h.e1, "withdrawn", "Ill on the day")


def _tied(h: Hall) -> None:
    h.marks(h.e1, 9, 9, 9)
    h.marks(h.e2, 9, 9, 9)
    h.marks(h.e3, 7, 7, 7)
    rows = db.session.execute(select(Standing.entry_id, Standing.place).join(CategoryResult)
                              .where(CategoryResult.category_id == h.a.id)).all()
    assert dict(rows)[h.e1.id] == dict(rows)[h.e2.id] == 1, "№1 and №2 share the first place"


def _casting_vote_heard(h: Hall, heard: dict[int, Heard]) -> None:
    rows = heard[h.a.id].rows
    assert (rows[h.e2.id]["place"], rows[h.e1.id]["place"]) == (1, 2)


def _unlocked(h: Hall, heard: dict[int, Heard]) -> None:
    (row,) = [r for r in heard[h.a.id].matrix["rows"] if r["entry"] == h.e3.id]
    assert row["cells"][str(h.judges[2].id)]["status"] == "unlocked"


def _unlock(h: Hall) -> None:
    h.post(f"/console/sheets/{h.sheet(2, h.e3).id}/unlock", {"reason": "The judge pressed 7 for 10"})


def _full_then_unlocked(h: Hall) -> None:
    _full(h)
    chair_operations.unlock_sheet(h.sheet(2, h.e3), "The judge pressed 7 for 10")


def _judge_made_secretary(h: Hall) -> None:
    judge = h.judges[2]
    h.post(f"/jury/{judge.id}", {"name": judge.name, "credentials": "", "role": "secretary", "language": "",
                                 "user_id": 0})


def _seat_of_third_judge_freed(h: Hall) -> None:
    seats = {f"seat-{j.id}-{c.id}": "on" for j in h.judges for c in (h.a, h.b) if not (j is h.judges[2] and c is h.a)}
    h.post("/jury/panels", seats)


def _third_judge_left_the_panel(h: Hall, heard: dict[int, Heard]) -> None:
    assert [c["judge"] for c in heard[h.a.id].matrix["columns"]] == [h.judges[0].id, h.judges[1].id]
    stored = db.session.execute(
        select(Standing.sheets, Standing.panel).join(CategoryResult).where(Standing.entry_id == h.e1.id)
    ).one()
    assert tuple(stored) == (2, 2), "the row rests on the whole panel once the third judge has left it"


IMPORT_HEADER = "ФИО;Категория;Дата рождения;Учреждение;Район;Руководитель;Репертуар;Состав коллектива"


def _newcomer(h: Hall, heard: dict[int, Heard]) -> None:
    (newcomer,) = db.session.scalars(select(Entry.id).where(Entry.name == "Арман Қайратұлы")).all()
    rows = heard[h.a.id].rows
    assert newcomer in rows and rows[newcomer]["score"] is None and rows[h.e1.id]["place"] == 1


def _in_b(h: Hall, heard: dict[int, Heard]) -> None:
    rows = heard[h.b.id].rows
    assert h.e3_id in rows and rows[h.e3_id]["score"] is None, "B's screen shows the newcomer, not yet marked"


TRIGGERS = {
    "marks from a tablet": Trigger(
        given=lambda h: (h.marks(h.e1, 9, 9, 9), h.marks(h.e2, 8, 8, 8), h.marks(h.e3, 7, 7, None)),
        act=lambda h: h.mark(2, h.e3, 10),
        expect=_score(lambda h: h.e3, 8, "laureate_2"),
    ),
    "sheet unlocked": Trigger(given=_full, act=_unlock, expect=_unlocked),
    "sheet corrected": Trigger(
        given=_full_then_unlocked, act=lambda h: h.mark(2, h.e3, 10), expect=_score(lambda h: h.e3, 8, "laureate_2"),
    ),
    "conflict added": Trigger(given=_with_low_mark, act=_conflict_added, expect=_score(lambda h: h.e1, 9, "laureate_1")),
    "conflict lifted": Trigger(given=_with_conflict, act=_conflict_lifted, expect=_score(lambda h: h.e1, 8, "laureate_2")),
    "entry withdrawn": Trigger(given=_full, act=_status("withdrawn", "Ill on the day"), expect=_gone(lambda h: h.e1.id)),
    "entry disqualified": Trigger(
        given=_full, act=_status("disqualified", "Sang to a recorded voice"), expect=_gone(lambda h: h.e1.id),
    ),
    "entry reinstated": Trigger(
        given=_withdrawn_first, act=_status("registered", "Came after all"), expect=_score(lambda h: h.e1, 9, "laureate_1"),
    ),
    "entry moved to another category": Trigger(
        given=_unmarked_third, act=_move_third_to_b, both=True,
        expect=lambda h, heard: (_gone(lambda h: h.e3_id)(h, heard), _in_b(h, heard)),
    ),
    "entry renamed": Trigger(given=_full, act=_rename_first, expect=_renamed),
    "entry deleted": Trigger(
        given=_unmarked_third, act=lambda h: h.post(f"/entries/{h.e3.id}/delete"), expect=_gone(lambda h: h.e3_id),
    ),
    "criteria edited": Trigger(
        given=lambda h: h.marks(h.e1, *[{"voice": 10, "technique": 8, "artistry": 6}] * 3),
        act=_category_changed({"criteria-0-weight": "2"}),  # voice counts twice: (20 + 8 + 6) / 4
        expect=_score(lambda h: h.e1, 8.5, "laureate_2"),
    ),
    "rule parameters edited": Trigger(
        given=_full, act=_category_changed({"param-judge_total": "sum"}), expect=_score(lambda h: h.e1, 27),
    ),
    "award ladder edited": Trigger(
        given=_full, act=_category_changed({"awards-1-min": "9.5"}), expect=_score(lambda h: h.e1, 9, "laureate_2"),
    ),
    "casting vote": Trigger(
        given=_tied, act=lambda h: h.post(f"/console/categories/{h.a.id}/casting-vote", {"order": "2, 1"}),
        expect=_casting_vote_heard,
    ),
    "abstention recorded": Trigger(
        given=lambda h: (h.marks(h.e1, 9, 9, None)),
        act=lambda h: h.post(f"/console/categories/{h.a.id}/abstentions",
                             {"judge": h.judges[2].id, "entry": h.e1.id, "reason": "Her own pupil"}),
        expect=_abstained,
    ),
    "abstention lifted": Trigger(
        given=_abstaining, act=lambda h: h.post(f"/console/abstentions/{_abstention(h).id}/lift"),
        expect=_owed_again,
    ),
    "judging closed": Trigger(
        given=_full, act=lambda h: h.post(f"/console/categories/{h.a.id}/judging", {"state": "closed"}),
        expect=lambda h, heard: _judging(heard[h.a.id], "closed"),
    ),
    "finalised": Trigger(given=_full, act=lambda h: h.post(f"/console/categories/{h.a.id}/finalise"), expect=_finalised),
    "reopened": Trigger(
        given=_finalise_and_publish,
        act=lambda h: h.post(f"/console/categories/{h.a.id}/reopen", {"reason": "A mark was typed into the wrong row"}),
        expect=_provisional_again,
    ),
    "grand prix settled in another category": Trigger(
        given=_one_grand_prix, act=lambda h: h.mark(2, h.e1, 10), expect=_grand_prix_moved, both=True,
    ),
    "entries imported": Trigger(
        given=_full, act=lambda h: h.import_entries(f"{IMPORT_HEADER}\nАрман Қайратұлы;Эстрада / 10–13 / соло;;№4 мектеп;;;;\n"),
        expect=_newcomer,
    ),
    "one grand prix in the edition": Trigger(
        given=_two_grand_prix, act=_settings_changed({"single_grand_prix": "y"}), expect=_grand_prix_moved, both=True,
    ),
    "names shown in full": Trigger(given=_full, act=_settings_changed({"privacy": "full"}), expect=_full_names),
    # Not in the list, but they change whose sheets count.
    "judge made the secretary": Trigger(
        given=_with_low_mark, act=_judge_made_secretary, expect=_score(lambda h: h.e1, 9, "laureate_1"),
    ),
    "judge without sheets removed": Trigger(
        given=lambda h: (h.marks(h.e1, 9, 9, None)), act=lambda h: h.post(f"/jury/{h.judges[2].id}/remove"),
        expect=_third_judge_left_the_panel,
    ),
    "panel seat freed": Trigger(
        given=lambda h: (h.marks(h.e1, 9, 9, None)), act=_seat_of_third_judge_freed, expect=_third_judge_left_the_panel,
    ),
}


@pytest.mark.parametrize("name", list(TRIGGERS))
def test_the_new_standings_reach_the_screens_and_the_console(hall, name):
    trigger = TRIGGERS[name]
    trigger.given(hall)
    hall.watch()
    trigger.act(hall)
    heard = hall.heard(hall.a, hall.b) if trigger.both else hall.heard(hall.a)
    trigger.expect(hall, heard)


def test_entries_are_not_imported_into_finalised_results(hall, client):
    """Who competes in finalised results changes only once they are reopened: an import too."""
    _full(hall)
    chair_operations.finalise_category(hall.a)
    csv = f"{IMPORT_HEADER}\nАрман Қайратұлы;Эстрада / 10–13 / соло;;№4 мектеп;;;;\n"
    preview = hall.post("/entries/import", {"file": (io.BytesIO(csv.encode()), "entries.csv")},
                        content_type="multipart/form-data")
    _in_english(client)
    response = client.post(preview)
    assert response.status_code == 302
    with client.session_transaction() as session:
        errors = [text for kind, text in session.get("_flashes", []) if kind == "error"]
    assert errors and "reopen" in errors[0]
    assert db.session.scalar(select(Entry.id).where(Entry.name == "Арман Қайратұлы")) is None


def _in_english(client) -> None:
    """The organiser's next pages in English, so the refusal is read as the code words it.

    The test's app context is shared by its requests and its tablets' events, and a tablet's
    event leaves its judge's language in `g`; the organiser's request must not inherit it.
    """
    g.pop("locale", None)
    with client.session_transaction() as session:
        session["lang"] = "en"


def _refused(client, response) -> str:
    assert response.status_code in (200, 302)
    with client.session_transaction() as session:
        errors = [text for kind, text in session.get("_flashes", []) if kind == "error"]
    page = response.get_data(as_text=True)
    assert errors or "reopen" in page, "the change is refused with a message"
    return " ".join(errors) or page


def test_the_panel_of_finalised_results_does_not_change(hall, client):
    """A new seat would owe sheets to final results, and a freed one drop them: reopen first."""
    _full(hall)
    newcomer = jury_operations.add_judge(hall.edition, {"name": "Болат Кенжебаев"})
    chair_operations.finalise_category(hall.a)
    seats = {f"seat-{j.id}-{c.id}": "on" for j in [*hall.judges, newcomer] for c in (hall.a, hall.b)}
    _in_english(client)
    message = _refused(client, client.post(f"/admin/editions/{hall.edition.id}/jury/panels", data=seats))
    assert "reopen" in message
    assert newcomer not in hall.a.judges


def test_a_judge_of_finalised_results_is_not_made_the_secretary(hall, client):
    """The secretary's sheets do not count: making them so would change final results."""
    _full(hall)
    chair_operations.finalise_category(hall.a)
    judge = hall.judges[2]
    _in_english(client)
    message = _refused(client, client.post(f"/admin/editions/{hall.edition.id}/jury/{judge.id}", data={
        "name": judge.name, "credentials": "", "role": "secretary", "language": "", "user_id": 0}))
    assert "reopen" in message
    db.session.refresh(judge)
    assert judge.role == "member"


# ---------------------------------------------------------------------------- nothing below imports upwards

JUDGING = Path(__file__).resolve().parents[2] / "judging"


def _imported(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (a late import inside a function counts too)."""
    package = ".".join(path.relative_to(JUDGING.parent).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


def _within(modules: set[str], *packages: str) -> set[str]:
    return {m for m in modules if any(m == p or m.startswith(p + ".") for p in packages)}


def test_only_operations_call_the_one_path_and_results_imports_nothing_above_it():
    files = sorted(JUDGING.rglob("*.py"))
    assert len(files) > 50 and JUDGING / "results.py" in files
    callers = {f.relative_to(JUDGING).as_posix() for f in files if _within(_imported(f), "judging.refresh")}
    assert callers, "the operations call judging.refresh"
    assert {c for c in callers if not c.endswith("operations.py")} == set()
    assert _within(_imported(JUDGING / "results.py"), "judging.board", "judging.refresh", "judging.chair") == set()
    assert _within(_imported(JUDGING / "lifecycle.py"), "judging.board", "judging.refresh", "judging.chair") == set()
