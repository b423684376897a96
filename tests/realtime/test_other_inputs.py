"""The three other kinds of `submit`: placements (skating), measurements (rounds), comparisons (pairwise).

Each is stored exactly, replays are duplicates that store nothing, and each refusal has its code.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from judging.models import AuditEntry, Comparison, Conflict, Judge, Measurement, Placement, Sheet, Submission
from tests.realtime.conftest import submit


def _count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _one_category(make_edition, rule: str, params: dict):
    """An edition of one open category of this rule: 3 entries, 3 judges."""
    edition = make_edition(entries=3, judges=3, rule=rule, params=params)
    category = edition.categories[0]
    return edition, category, list(category.entries), list(edition.judges)


def _outsider(db, edition) -> Judge:
    """A judge of the edition who sits on no panel."""
    judge = Judge(edition=edition, position=9, name="Outsider", role="member")
    db.session.add(judge)
    db.session.commit()
    return judge


# ---------------------------------------------------------------------------- placements


@pytest.fixture
def final(make_edition):
    """A skating final: 3 couples, 3 judges, two dances."""
    return _one_category(make_edition, "skating", {"dances": ["waltz", "tango"]})


def test_placements_are_stored_per_dance_and_replays_store_nothing(db, tablet, final):
    _, category, entries, judges = final
    client = tablet(token=judges[1].token)
    payload = {"client_id": str(uuid.uuid4()), "category": category.id, "dance": "waltz",
               "placements": {str(entries[0].id): 2, str(entries[1].id): 1, str(entries[2].id): 3}}
    first = submit(client, payload)
    assert first["ok"] and first["status"] == "submitted" and first["duplicate"] is False
    assert first["dance"] == "waltz"
    again = submit(client, payload)
    assert again["ok"] and again["duplicate"] is True
    sheet = db.session.scalar(select(Sheet))
    assert (sheet.judge_id, sheet.entry_id, sheet.dance) == (judges[1].id, None, "waltz")
    assert {p.entry_id: p.place for p in sheet.placements} == {entries[0].id: 2, entries[1].id: 1, entries[2].id: 3}
    assert _count(db, Placement) == 3 and _count(db, Submission) == 1
    # the other dance is a sheet of its own; the same dance again is locked
    tango = dict(payload, client_id=str(uuid.uuid4()), dance="tango")
    assert submit(client, tango)["ok"]
    assert submit(client, dict(payload, client_id=str(uuid.uuid4())))["error"]["code"] == "locked"
    assert _count(db, Sheet) == 2


@pytest.mark.parametrize(
    "change, code, field",
    [
        ({"dance": ""}, "invalid", "dance"),
        ({"dance": "polka"}, "invalid", "dance"),
        ({"placements": {}}, "invalid", "placements"),
        ({"placements": "first"}, "invalid", "placements"),
        ({"placements": "two of three"}, "invalid", "placements"),
        ({"placements": "repeated place"}, "out_of_range", "placements"),
        ({"placements": "a gap"}, "out_of_range", "placements"),
        ({"placements": "unknown entry"}, "unknown_entry", "placements"),
        ({"category": 99999}, "invalid", "category"),
        ({"category": 2**31}, "invalid", "category"),
    ],
)
def test_placements_refused(db, tablet, final, change, code, field):
    _, category, entries, judges = final
    a, b, c = (str(e.id) for e in entries)
    shapes = {
        "two of three": {a: 1, b: 2},
        "repeated place": {a: 1, b: 1, c: 2},
        "a gap": {a: 1, b: 2, c: 4},
        "unknown entry": {a: 1, b: 2, "99999": 3},
    }
    payload = {"category": category.id, "dance": "waltz", "placements": {a: 1, b: 2, c: 3}}
    payload.update({k: shapes.get(v, v) if isinstance(v, str) else v for k, v in change.items()})
    ack = submit(tablet(token=judges[1].token), payload)
    assert ack["ok"] is False
    assert (ack["error"]["code"], ack["error"]["field"]) == (code, field)
    assert ack["error"]["message"]
    assert _count(db, Sheet) == 0 and _count(db, Placement) == 0


def test_placements_from_a_judge_off_the_panel_are_refused(db, tablet, final):
    edition, category, entries, _ = final
    outsider = _outsider(db, edition)
    ack = submit(tablet(token=outsider.token), {
        "category": category.id, "dance": "waltz", "placements": {str(e.id): i + 1 for i, e in enumerate(entries)}})
    assert ack["error"]["code"] == "not_assigned"


def test_marks_for_a_final_are_refused_as_the_wrong_kind(db, tablet, final):
    _, _, entries, judges = final
    ack = submit(tablet(token=judges[1].token), {"entry": entries[0].id, "marks": {"voice": 9}})
    assert ack["error"]["code"] == "invalid"
    assert _count(db, Sheet) == 0


def test_a_judge_with_a_conflict_cannot_place_a_skating_final(db, tablet, final):
    """Every judge places every couple, so a judge who must not place one places none."""
    _, category, entries, judges = final
    db.session.add(Conflict(judge_id=judges[1].id, entry_id=entries[2].id, reason="their coach"))
    db.session.commit()
    full = {str(e.id): i + 1 for i, e in enumerate(entries)}
    for placements in (full, {k: v for k, v in full.items() if k != str(entries[2].id)}):
        ack = submit(tablet(token=judges[1].token), {"category": category.id, "dance": "waltz", "placements": placements})
        assert (ack["error"]["code"], ack["error"]["field"]) == ("conflict_of_interest", "placements")
        assert "№3" in ack["error"]["message"] and "their coach" in ack["error"]["message"]
    assert _count(db, Sheet) == 0 and _count(db, Placement) == 0
    # the rest of the panel is not held up
    assert submit(tablet(token=judges[2].token), {"category": category.id, "dance": "waltz", "placements": full})["ok"]


@pytest.fixture
def ranking(make_edition):
    """A jury that ranks (ranked points): a judge may rank only the top k."""
    return _one_category(make_edition, "ranked_points", {"points": [3, 2, 1]})


def test_a_judge_with_a_conflict_ranks_the_others_but_not_that_entry(db, tablet, ranking):
    _, category, entries, judges = ranking
    db.session.add(Conflict(judge_id=judges[1].id, entry_id=entries[0].id, reason="their pupil"))
    db.session.commit()
    pad = tablet(token=judges[1].token)
    ack = submit(pad, {"category": category.id, "placements": {str(entries[0].id): 1, str(entries[1].id): 2}})
    assert ack["error"]["code"] == "conflict_of_interest"
    assert "№1" in ack["error"]["message"] and "their pupil" in ack["error"]["message"]
    assert _count(db, Placement) == 0
    ack = submit(pad, {"category": category.id, "placements": {str(entries[1].id): 1, str(entries[2].id): 2}})
    assert ack["ok"]
    assert {p.entry_id: p.place for p in db.session.scalars(select(Placement))} == {entries[1].id: 1, entries[2].id: 2}


# ---------------------------------------------------------------------------- measurements


@pytest.fixture
def flights(make_edition):
    """An aviamodel category: 3 models, a timekeeper (and two more judges), rounds and attempts."""
    return _one_category(make_edition, "rounds", {"decimals": 2})


def test_a_measurement_is_stored_once_per_round_and_attempt(db, tablet, flights):
    _, _, entries, judges = flights
    client = tablet(token=judges[1].token)
    payload = {"client_id": str(uuid.uuid4()), "entry": entries[0].id, "round": 1, "attempt": 2, "value": "41.37"}
    first = submit(client, payload)
    assert first["ok"] and first["status"] == "submitted" and (first["round"], first["attempt"]) == (1, 2)
    assert submit(client, payload)["duplicate"] is True
    row = db.session.scalar(select(Measurement))
    assert (row.entry_id, row.round, row.attempt, row.value, row.judge_id) == (
        entries[0].id, 1, 2, Decimal("41.37"), judges[1].id)
    # another timekeeper's entry for the same attempt is refused: one result per attempt
    other = submit(tablet(token=judges[2].token), dict(payload, client_id=str(uuid.uuid4()), value=40))
    assert other["error"]["code"] == "locked"
    # no valid result is a value of its own
    assert submit(client, {"entry": entries[1].id, "round": 1, "attempt": 1, "value": None})["ok"]
    assert db.session.scalar(select(Measurement.value).where(Measurement.entry_id == entries[1].id)) is None
    assert _count(db, Measurement) == 2


@pytest.mark.parametrize(
    "change, code, field",
    [
        ({"round": 0}, "out_of_range", "round"),
        ({"attempt": 21}, "out_of_range", "attempt"),
        ({"round": "first"}, "invalid", "round"),
        ({"round": 1.5}, "invalid", "round"),
        ({"value": -1}, "out_of_range", "value"),
        ({"value": "fast"}, "invalid", "value"),
        ({"entry": 99999}, "unknown_entry", "entry"),
        ({"entry": 2**63}, "unknown_entry", "entry"),
    ],
)
def test_measurements_refused(db, tablet, flights, change, code, field):
    _, _, entries, judges = flights
    payload = {"entry": entries[0].id, "round": 1, "attempt": 1, "value": 12, **change}
    ack = submit(tablet(token=judges[1].token), payload)
    assert (ack["error"]["code"], ack["error"]["field"]) == (code, field)
    assert _count(db, Measurement) == 0


def test_a_timekeeper_with_a_conflict_cannot_record_that_model(db, tablet, flights):
    _, _, entries, judges = flights
    db.session.add(Conflict(judge_id=judges[1].id, entry_id=entries[0].id, reason="coach of the team"))
    db.session.commit()
    ack = submit(tablet(token=judges[1].token), {"entry": entries[0].id, "round": 1, "attempt": 1, "value": 12})
    assert ack["error"]["code"] == "conflict_of_interest" and "coach of the team" in ack["error"]["message"]
    assert _count(db, Measurement) == 0


def test_an_unlocked_attempt_is_corrected_with_an_audit_trail(db, tablet, flights, make_user):
    from judging.chair.operations import unlock_measurement

    _, _, entries, judges = flights
    client = tablet(token=judges[1].token)
    assert submit(client, {"entry": entries[0].id, "round": 2, "attempt": 1, "value": 30})["ok"]
    row = db.session.scalar(select(Measurement))
    unlock_measurement(row, "stopwatch started late", user=make_user("organiser"))
    ack = submit(client, {"entry": entries[0].id, "round": 2, "attempt": 1, "value": "31.5"})
    assert ack["ok"] and ack["status"] == "corrected"
    db.session.expire_all()
    assert db.session.get(Measurement, row.id).value == Decimal("31.5")
    trail = db.session.scalars(select(AuditEntry).where(AuditEntry.target == f"measurement:{row.id}")
                               .order_by(AuditEntry.id)).all()
    assert [a.action for a in trail] == ["measurement.unlocked", "measurement.corrected"]
    assert trail[1].before["value"] == "30" and trail[1].after == {"value": "31.5"}
    assert trail[1].reason == "stopwatch started late"


# ---------------------------------------------------------------------------- comparisons


@pytest.fixture
def exhibits(make_edition):
    """A technical exhibition judged in pairs: 3 exhibits, 3 judges."""
    return _one_category(make_edition, "pairwise", {"decimals": 4})


def test_a_comparison_is_stored_and_its_replay_adds_no_second_one(db, tablet, exhibits):
    _, category, entries, judges = exhibits
    client = tablet(token=judges[1].token)
    payload = {"client_id": str(uuid.uuid4()), "category": category.id,
               "winner": entries[2].id, "loser": entries[0].id}
    first = submit(client, payload)
    assert first["ok"] and first["status"] == "submitted"
    again = submit(client, payload)
    assert again["ok"] and again["duplicate"] is True and again["comparison"] == first["comparison"]
    row = db.session.scalar(select(Comparison))
    assert (row.judge_id, row.winner_id, row.loser_id) == (judges[1].id, entries[2].id, entries[0].id)
    assert _count(db, Comparison) == 1
    # the same pair again, as a new question, is refused: a judge gives one verdict per pair
    assert submit(client, dict(payload, client_id=str(uuid.uuid4())))["error"]["code"] == "locked"
    assert _count(db, Comparison) == 1


def test_two_tablets_of_one_judge_store_a_pair_once(db, tablet, exhibits, monkeypatch):
    from judging.scoring import operations

    _, category, entries, judges = exhibits
    client = tablet(token=judges[1].token)
    payload = {"category": category.id, "winner": entries[2].id, "loser": entries[0].id}
    assert submit(client, dict(payload, client_id=str(uuid.uuid4())))["ok"]
    # the other tablet looked before the first verdict was stored, and sends the pair the other way
    monkeypatch.setattr(operations, "_compared", lambda *_: False)
    ack = submit(client, dict(payload, winner=entries[0].id, loser=entries[2].id, client_id=str(uuid.uuid4())))
    assert ack["error"]["code"] == "locked" and "№1" in ack["error"]["message"] and "№3" in ack["error"]["message"]
    assert _count(db, Comparison) == 1


@pytest.mark.parametrize(
    "change, code, field",
    [
        ({"loser": "winner"}, "invalid", "loser"),
        ({"winner": 99999}, "unknown_entry", "entry"),
        ({"category": 99999}, "invalid", "category"),
        ({"category": 2**31}, "invalid", "category"),
    ],
)
def test_comparisons_refused(db, tablet, exhibits, change, code, field):
    _, category, entries, judges = exhibits
    payload = {"category": category.id, "winner": entries[1].id, "loser": entries[0].id}
    payload.update({k: payload["winner"] if v == "winner" else v for k, v in change.items()})
    ack = submit(tablet(token=judges[1].token), payload)
    assert (ack["error"]["code"], ack["error"]["field"]) == (code, field)
    assert _count(db, Comparison) == 0


def test_an_exhibit_of_another_contest_is_unknown(db, tablet, exhibits, make_edition):
    _, category, entries, judges = exhibits
    elsewhere = make_edition(entries=1, judges=1, rule="pairwise", params={"decimals": 4}).categories[0].entries[0]
    ack = submit(tablet(token=judges[1].token), {"category": category.id, "winner": elsewhere.id, "loser": entries[0].id})
    assert ack["error"]["code"] == "unknown_entry"
    assert _count(db, Comparison) == 0


def test_a_judge_with_a_conflict_does_not_compare_that_exhibit(db, tablet, exhibits):
    _, category, entries, judges = exhibits
    db.session.add(Conflict(judge_id=judges[1].id, entry_id=entries[0].id, reason="made it with the pupil"))
    db.session.commit()
    ack = submit(tablet(token=judges[1].token), {"category": category.id, "winner": entries[1].id, "loser": entries[0].id})
    assert ack["error"]["code"] == "conflict_of_interest"
    assert _count(db, Comparison) == 0


def test_comparisons_in_a_closed_category_are_refused(db, tablet, exhibits):
    _, category, entries, judges = exhibits
    category.judging = "closed"
    db.session.commit()
    ack = submit(tablet(token=judges[1].token), {"category": category.id, "winner": entries[1].id, "loser": entries[0].id})
    assert ack["error"]["code"] == "closed"


def test_a_conflict_found_after_a_comparison_takes_it_out_of_the_standings(db, tablet, exhibits):
    from judging import results
    from judging.jury import operations as jury

    _, category, entries, judges = exhibits
    a, b, c = entries
    assert submit(tablet(token=judges[1].token), {"category": category.id, "winner": a.id, "loser": b.id})["ok"]
    assert submit(tablet(token=judges[2].token), {"category": category.id, "winner": c.id, "loser": b.id})["ok"]
    case = results.build_case(category)
    assert len(case["comparisons"]) == 2
    conflict, compared = jury.add_conflict(judges[1], a, "built it with the pupil")
    case = results.build_case(category)
    assert case["comparisons"] == [{"judge": str(judges[2].id), "winner": str(c.id), "loser": str(b.id)}]
    assert _count(db, Comparison) == 2  # kept
    jury.remove_conflict(conflict)
    assert len(results.build_case(category)["comparisons"]) == 2


def test_the_chairs_matrix_leaves_out_comparisons_of_a_conflicted_exhibit(db, tablet, exhibits):
    from judging.chair import matrix
    from judging.jury import operations as jury

    _, category, entries, judges = exhibits
    a, b, _c = entries
    assert submit(tablet(token=judges[1].token), {"category": category.id, "winner": a.id, "loser": b.id})["ok"]
    jury.add_conflict(judges[1], a, "built it with the pupil")
    rows = {r["entry"]: r for r in matrix.category_matrix(category)["rows"]}
    assert rows[a.id]["cells"][str(judges[1].id)]["status"] == "abstained"
    assert rows[b.id]["cells"][str(judges[1].id)] == {"status": "waiting", "value": "0–0"}  # as the results count it


def test_a_judge_compares_a_pair_once_either_way_round(db, tablet, exhibits):
    """The rule takes one verdict per judge and pair: a second one would stop the standings."""
    _, category, entries, judges = exhibits
    a, b, c = entries
    pad = tablet(token=judges[1].token)
    assert submit(pad, {"category": category.id, "winner": a.id, "loser": b.id})["ok"]
    for winner, loser in ((a, b), (b, a)):
        ack = submit(pad, {"category": category.id, "winner": winner.id, "loser": loser.id})
        assert ack["error"]["code"] == "locked" and "№1" in ack["error"]["message"] and "№2" in ack["error"]["message"]
    assert submit(pad, {"category": category.id, "winner": c.id, "loser": b.id})["ok"]  # another pair
    assert submit(tablet(token=judges[2].token), {"category": category.id, "winner": b.id, "loser": a.id})["ok"]
    assert _count(db, Comparison) == 3
