"""The /judge namespace, to the letter of docs/realtime.md."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from judging.chair.operations import finalise_category
from judging.models import AuditEntry, Conflict, Judge, Mark, Sheet, Submission
from tests.conftest import finalise, resolve_missing
from tests.realtime.conftest import GOOD, events, submit


def test_a_stranger_is_refused(app, tablet, vocal):
    client = tablet(token="not-a-token")
    assert not client.is_connected("/judge")
    anonymous = tablet()
    assert not anonymous.is_connected("/judge")


def test_a_revoked_token_is_refused(db, tablet, vocal):
    _, _, _, judges = vocal
    token = judges[1].token
    judges[1].revoke_token()
    db.session.commit()
    assert not tablet(token=token).is_connected("/judge")


def test_state_after_connect_and_on_request(tablet, vocal):
    edition, category, entries, judges = vocal
    client = tablet(token=judges[1].token)
    assert client.is_connected("/judge")
    (state,) = events(client, "state")
    assert state["judge"]["id"] == judges[1].id
    assert state["edition"]["id"] == edition.id
    (cat,) = state["categories"]
    assert cat["id"] == category.id and cat["judging"] == "open"
    assert cat["form"]["kind"] == "marks"
    keys = [c["key"] for c in cat["form"]["criteria"]]
    assert keys == ["voice", "technique", "artistry"]
    voice = cat["form"]["criteria"][0]
    assert (voice["min"], voice["max"], voice["step"]) == (0, 10, 0.5)
    assert [e["number"] for e in cat["entries"]] == [1, 2, 3]
    assert state["sheets"] == [] and state["stage"] == {"category": None, "entry": None}
    client.emit("get_state", {}, namespace="/judge")
    assert len(events(client, "state")) == 1


def test_labels_in_the_judges_language(db, tablet, vocal):
    _, _, _, judges = vocal
    judges[1].language = "kk"
    db.session.commit()
    (state,) = events(tablet(token=judges[1].token), "state")
    assert state["categories"][0]["form"]["criteria"][0]["label"] == "Дауыс"


@pytest.mark.parametrize("language, label", [("kk", "Дауыс"), ("ru", "Голос")])
def test_a_missing_mark_is_named_in_the_judges_language(db, tablet, vocal, language, label):
    _, _, entries, judges = vocal
    judges[1].language = language
    db.session.commit()
    ack = submit(tablet(token=judges[1].token), {"entry": entries[0].id, "marks": {"technique": 8, "artistry": 8}})
    assert ack["error"]["code"] == "invalid" and ack["error"]["field"] == "voice"
    assert f"«{label}»" in ack["error"]["message"]


def test_submit_marks_is_stored_exactly(db, tablet, vocal):
    _, category, entries, judges = vocal
    client = tablet(token=judges[1].token)
    ack = submit(client, {"entry": entries[0].id, "marks": GOOD})
    assert ack["ok"] is True and ack["status"] == "submitted" and ack["duplicate"] is False
    sheet = db.session.scalar(select(Sheet).where(Sheet.judge_id == judges[1].id))
    assert {m.criterion: m.value for m in sheet.marks} == {
        "voice": Decimal("9"), "technique": Decimal("8.5"), "artistry": Decimal("9.5")}
    assert sheet.status == "submitted"


def test_the_same_client_id_answers_as_the_first_time_and_stores_nothing(db, tablet, vocal):
    _, _, entries, judges = vocal
    client = tablet(token=judges[1].token)
    payload = {"client_id": str(uuid.uuid4()), "entry": entries[0].id, "marks": GOOD}
    first = submit(client, payload)
    again = submit(client, payload)
    assert first["ok"] and again["ok"]
    assert again["duplicate"] is True and again["status"] == first["status"]
    assert {k: v for k, v in again.items() if k != "duplicate"} == {k: v for k, v in first.items() if k != "duplicate"}
    assert db.session.scalar(select(func.count(Sheet.id))) == 1
    assert db.session.scalar(select(func.count(Mark.id))) == 3
    assert db.session.scalar(select(func.count(Submission.id))) == 1
    # A replay from another tablet of the same judge (its outbox) is a duplicate too.
    other = tablet(token=judges[1].token)
    assert submit(other, payload)["duplicate"] is True


def test_a_replay_after_the_sheet_was_unlocked_is_still_a_duplicate(db, tablet, vocal, make_user):
    """The replay would now pass as a correction; its receipt must stop it, and nothing change."""
    from judging.chair.operations import unlock_sheet

    _, _, entries, judges = vocal
    client = tablet(token=judges[1].token)
    payload = {"client_id": str(uuid.uuid4()), "entry": entries[0].id, "marks": GOOD}
    assert submit(client, payload)["ok"]
    sheet = db.session.scalar(select(Sheet))
    unlock_sheet(sheet, "wrong key pressed", user=make_user("organiser"))
    again = submit(client, dict(payload, marks={"voice": 1, "technique": 1, "artistry": 1}))
    assert again["ok"] and again["duplicate"] is True and again["status"] == "submitted"
    db.session.expire_all()
    assert db.session.get(Sheet, sheet.id).status == "unlocked"  # still open for the real correction
    assert sorted(m.value for m in db.session.get(Sheet, sheet.id).marks) == [Decimal("8.5"), Decimal("9"), Decimal("9.5")]
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "sheet.corrected")) == 0


def test_a_replay_after_the_category_was_finalised_is_still_a_duplicate(db, tablet, vocal):
    _, category, entries, judges = vocal
    client = tablet(token=judges[1].token)
    payload = {"client_id": str(uuid.uuid4()), "entry": entries[0].id, "marks": GOOD}
    assert submit(client, payload)["ok"]
    finalise(category)
    again = submit(client, payload)
    assert again["ok"] and again["duplicate"] is True


def test_a_refused_submission_leaves_no_receipt(db, tablet, vocal):
    _, category, entries, judges = vocal
    category.judging = "closed"
    db.session.commit()
    client = tablet(token=judges[1].token)
    payload = {"client_id": str(uuid.uuid4()), "entry": entries[0].id, "marks": GOOD}
    assert submit(client, payload)["error"]["code"] == "closed"
    category.judging = "open"
    db.session.commit()
    ack = submit(client, payload)  # the outbox retries: checked afresh, and now accepted
    assert ack["ok"] and ack["duplicate"] is False


def test_a_client_id_of_another_judge_is_refused(tablet, vocal):
    _, _, entries, judges = vocal
    payload = {"client_id": "shared-id", "entry": entries[0].id, "marks": GOOD}
    assert submit(tablet(token=judges[1].token), payload)["ok"]
    ack = submit(tablet(token=judges[2].token), payload)
    assert ack["error"]["code"] == "invalid" and ack["error"]["field"] == "client_id"


@pytest.mark.parametrize(
    "marks, field",
    [
        ({"voice": 11, "technique": 8, "artistry": 8}, "voice"),
        ({"voice": -0.5, "technique": 8, "artistry": 8}, "voice"),
        ({"voice": 9, "technique": 8.25, "artistry": 8}, "technique"),
        ({"voice": 9, "technique": 8, "artistry": "10.1"}, "artistry"),
    ],
)
def test_out_of_range_names_the_criterion(db, tablet, vocal, marks, field):
    _, _, entries, judges = vocal
    ack = submit(tablet(token=judges[1].token), {"entry": entries[0].id, "marks": marks})
    assert ack == {"ok": False, "error": {"code": "out_of_range", "message": ack["error"]["message"], "field": field}}
    assert ack["error"]["message"]
    assert db.session.scalar(select(func.count(Sheet.id))) == 0


@pytest.mark.parametrize(
    "payload",
    [
        {"entry": "E", "marks": GOOD},
        {"entry": 99999, "marks": GOOD},
        # beyond what an id column holds: PostgreSQL (32 bits) and SQLite (64) raise on these
        {"entry": 2**31, "marks": GOOD},
        {"entry": 10**30, "marks": GOOD},
        {"entry": "1e3", "marks": GOOD},
        {"entry": 1.0, "marks": GOOD},
        {"entry": True, "marks": GOOD},
    ],
)
def test_unknown_entry(tablet, vocal, payload):
    _, _, _, judges = vocal
    assert submit(tablet(token=judges[1].token), payload)["error"]["code"] == "unknown_entry"


def test_an_entry_of_another_edition_is_unknown(tablet, vocal, make_edition):
    _, _, _, judges = vocal
    other = make_edition()
    ack = submit(tablet(token=judges[1].token), {"entry": other.categories[0].entries[0].id, "marks": GOOD})
    assert ack["error"]["code"] == "unknown_entry"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"marks": {"voice": 9, "technique": 8}}, "artistry"),
        ({"marks": {"voice": 9, "technique": 8, "artistry": 8, "charm": 9}}, "charm"),
        ({"marks": {"voice": "nine", "technique": 8, "artistry": 8}}, "voice"),
        ({"marks": {"voice": True, "technique": 8, "artistry": 8}}, "voice"),
        ({"marks": []}, "marks"),
    ],
)
def test_invalid_marks(db, tablet, vocal, payload, field):
    _, _, entries, judges = vocal
    ack = submit(tablet(token=judges[1].token), dict(payload, entry=entries[0].id))
    assert ack["error"]["code"] == "invalid" and ack["error"]["field"] == field
    assert db.session.scalar(select(func.count(Sheet.id))) == 0


def test_invalid_messages(tablet, vocal):
    _, _, entries, judges = vocal
    client = tablet(token=judges[1].token)
    assert client.emit("submit", "hello", namespace="/judge", callback=True)["error"]["code"] == "invalid"
    assert client.emit("submit", {"entry": entries[0].id, "marks": GOOD}, namespace="/judge",
                       callback=True)["error"]["field"] == "client_id"
    assert submit(client, {"entry": entries[0].id})["error"]["code"] == "invalid"


def test_a_judge_outside_the_panel_is_not_assigned(db, tablet, vocal):
    edition, _, entries, _ = vocal
    outsider = Judge(edition=edition, name="Outsider", role="member")
    db.session.add(outsider)
    db.session.commit()
    ack = submit(tablet(token=outsider.token), {"entry": entries[0].id, "marks": GOOD})
    assert ack["error"]["code"] == "not_assigned"
    # the protocol's three keys, the field null when no one field is at fault
    assert ack == {"ok": False, "error": {"code": "not_assigned", "message": ack["error"]["message"], "field": None}}


def test_the_secretary_does_not_mark(db, tablet, vocal):
    _, _, entries, judges = vocal
    judges[2].role = "secretary"
    db.session.commit()
    ack = submit(tablet(token=judges[2].token), {"entry": entries[0].id, "marks": GOOD})
    assert ack["error"]["code"] == "not_assigned"


def test_conflict_of_interest(db, tablet, vocal):
    _, _, entries, judges = vocal
    db.session.add(Conflict(judge_id=judges[1].id, entry_id=entries[1].id, reason="teaches the child"))
    db.session.commit()
    client = tablet(token=judges[1].token)
    (state,) = events(client, "state")
    flagged = {e["id"]: (e["conflict"], e["conflict_reason"]) for e in state["categories"][0]["entries"]}
    assert flagged[entries[1].id] == (True, "teaches the child")
    assert flagged[entries[0].id] == (False, None)
    ack = submit(client, {"entry": entries[1].id, "marks": GOOD})
    assert ack["error"]["code"] == "conflict_of_interest"
    assert "teaches the child" in ack["error"]["message"]


def test_a_submitted_sheet_is_locked(db, tablet, vocal):
    _, _, entries, judges = vocal
    client = tablet(token=judges[1].token)
    assert submit(client, {"entry": entries[0].id, "marks": GOOD})["ok"]
    ack = submit(client, {"entry": entries[0].id, "marks": {"voice": 1, "technique": 1, "artistry": 1}})
    assert ack["error"]["code"] == "locked"
    marks = db.session.scalars(select(Mark)).all()
    assert sorted(m.value for m in marks) == [Decimal("8.5"), Decimal("9"), Decimal("9.5")]


def test_a_closed_category(db, tablet, vocal):
    _, category, entries, judges = vocal
    category.judging = "closed"
    db.session.commit()
    ack = submit(tablet(token=judges[1].token), {"entry": entries[0].id, "marks": GOOD})
    assert ack["error"]["code"] == "closed"


def test_a_finalised_category_is_locked_and_tablets_hear_it(db, tablet, vocal):
    _, category, entries, judges = vocal
    client = tablet(token=judges[1].token)
    assert submit(client, {"entry": entries[0].id, "marks": GOOD})["ok"]
    resolve_missing(category)
    client.get_received("/judge")
    finalise_category(category)
    received = client.get_received("/judge")
    sheets = [e["args"][0] for e in received if e["name"] == "sheet"]
    assert sheets and sheets[0]["locked"] is True
    assert any(e["name"] == "category" and e["args"][0]["judging"] == "finalised" for e in received)
    ack = submit(client, {"entry": entries[1].id, "marks": GOOD})
    assert ack["error"]["code"] == "locked"
    assert db.session.get(type(category), category.id).judging == "finalised"


def test_a_revoked_token_stops_a_connected_tablet(db, tablet, vocal):
    _, _, entries, judges = vocal
    client = tablet(token=judges[1].token)
    judges[1].revoke_token()
    db.session.commit()
    assert submit(client, {"entry": entries[0].id, "marks": GOOD})["error"]["code"] == "unauthorized"
    assert client.emit("get_state", {}, namespace="/judge", callback=True)["error"]["code"] == "unauthorized"


def test_unlock_and_correct_with_audit_trail(db, tablet, vocal, make_user):
    from judging.chair.operations import unlock_sheet
    from judging.scoring.errors import ScoringRefused

    _, _, entries, judges = vocal
    chair_user = make_user("organiser")
    client = tablet(token=judges[1].token)
    phone = tablet(token=judges[1].token)
    assert submit(client, {"entry": entries[0].id, "marks": GOOD})["ok"]
    sheet = db.session.scalar(select(Sheet))
    with pytest.raises(ScoringRefused) as refused:
        unlock_sheet(sheet, "  ", user=chair_user)
    assert refused.value.code == "invalid"
    phone.get_received("/judge")
    unlock_sheet(sheet, "The judge pressed 8.5 for 9.5", user=chair_user)
    pushed = events(phone, "sheet")
    assert pushed[-1]["status"] == "unlocked" and pushed[-1]["locked"] is False
    ack = submit(client, {"entry": entries[0].id, "marks": {"voice": 9, "technique": 9.5, "artistry": 9.5}})
    assert ack["ok"] and ack["status"] == "corrected"
    pushed = events(phone, "sheet")
    assert pushed[-1]["status"] == "corrected" and pushed[-1]["marks"]["technique"] == 9.5
    db.session.expire_all()
    assert db.session.get(Sheet, sheet.id).status == "corrected"
    trail = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    unlocked, corrected = [a for a in trail if a.target == f"sheet:{sheet.id}"]
    assert unlocked.action == "sheet.unlocked" and unlocked.user_id == chair_user.id
    assert unlocked.reason == "The judge pressed 8.5 for 9.5"
    assert corrected.action == "sheet.corrected" and corrected.judge_id == judges[1].id
    assert corrected.before == {"marks": {"artistry": "9.5", "technique": "8.5", "voice": "9"}}
    assert corrected.after == {"marks": {"artistry": "9.5", "technique": "9.5", "voice": "9"}}
    assert corrected.reason == "The judge pressed 8.5 for 9.5" and corrected.at is not None
    # Corrected locks again.
    assert submit(client, {"entry": entries[0].id, "marks": GOOD})["error"]["code"] == "locked"


def test_no_judge_ever_receives_another_judges_marks(db, tablet, vocal, make_user, client, login):
    """Every event any other judge's tablet gets is free of judge 1's marks and sheet."""
    from judging.chair.operations import unlock_sheet

    edition, category, entries, judges = vocal
    secret = {"voice": 7.5, "technique": 6.5, "artistry": 5.5}
    author = tablet(token=judges[1].token)
    other = tablet(token=judges[2].token)
    chair = tablet(token=judges[0].token)  # the chair sees every mark, on purpose
    ack = submit(author, {"entry": entries[0].id, "marks": secret})
    assert ack["ok"]
    sheet = db.session.scalar(select(Sheet))
    unlock_sheet(sheet, "typo", user=make_user("organiser"))
    assert submit(author, {"entry": entries[0].id, "marks": dict(secret, voice=8)})["ok"]
    finalise(category)
    other.emit("get_state", {}, namespace="/judge")
    received = other.get_received("/judge")
    assert received, "the other judge heard nothing at all"
    assert {e["name"] for e in received} >= {"state", "category"}
    for found in _walk(received):
        if isinstance(found, dict):
            assert not found.get("marks"), found
            assert found.get("kind") != "sheet", found
            assert "cells" not in found and "rows" not in found, found
        else:
            assert found not in (7.5, 6.5, 5.5, "7.5", "6.5", "5.5"), found
    chair_text = repr(chair.get_received("/judge"))
    assert "5.5" in chair_text  # the same test would see a leak: the chair does get the marks


def _walk(value):
    """Every dict and every scalar inside a received payload."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _walk(item)
    else:
        yield value


def test_matrix_goes_to_the_chair_room(db, tablet, vocal):
    _, category, entries, judges = vocal
    chair = tablet(token=judges[0].token)
    chair.get_received("/judge")
    assert submit(tablet(token=judges[1].token), {"entry": entries[0].id, "marks": GOOD})["ok"]
    (update,) = events(chair, "matrix")
    assert update["category"] == category.id
    (row,) = update["rows"]
    assert row["entry"] == entries[0].id
    cell = row["cells"][str(judges[1].id)]
    assert cell["status"] == "submitted" and cell["marks"]["technique"] == "8.5" and cell["total"] == "9"
    assert row["cells"][str(judges[2].id)]["status"] == "waiting"
    assert update["standings"]["version"] >= 1


def test_an_organiser_console_joins_the_chair_room_and_cannot_submit(db, tablet, vocal, make_user, client, login):
    edition, _, entries, judges = vocal
    organiser = make_user("organiser")
    login(organiser)
    console = tablet(flask_client=client, console=edition.id)
    assert console.is_connected("/judge")
    assert events(console, "state") == []
    ack = submit(console, {"entry": entries[0].id, "marks": GOOD})
    assert ack["error"]["code"] == "unauthorized"
    assert submit(tablet(token=judges[1].token), {"entry": entries[0].id, "marks": GOOD})["ok"]
    assert events(console, "matrix")
    got = console.emit("get_matrix", {"category": edition.categories[0].id}, namespace="/judge", callback=True)
    assert got["ok"] and len(got["matrix"]["rows"]) == 3
    assert db.session.scalar(select(func.count(Sheet.id))) == 1


def test_a_judge_of_another_role_cannot_open_a_console(db, tablet, vocal, make_user, client, login):
    edition, _, _, _ = vocal
    login(make_user("judge"))
    assert not tablet(flask_client=client, console=edition.id).is_connected("/judge")


def test_a_judge_signed_in_by_account(db, tablet, vocal, make_user, client, login):
    _, _, entries, judges = vocal
    user = make_user("judge")
    judges[2].user_id = user.id
    db.session.commit()
    login(user)
    client_ = tablet(flask_client=client)
    assert client_.is_connected("/judge")
    (state,) = events(client_, "state")
    assert state["judge"]["id"] == judges[2].id
    assert submit(client_, {"entry": entries[0].id, "marks": GOOD})["ok"]


def test_a_token_link_session_reconnects_without_the_token(db, tablet, vocal, client):
    _, _, _, judges = vocal
    assert client.get(f"/t/{judges[1].token}").status_code == 200
    again = tablet(flask_client=client)
    assert again.is_connected("/judge")
    assert events(again, "state")[0]["judge"]["id"] == judges[1].id


def test_every_tablet_hears_a_stage_move_once_the_chairs_too(db, tablet, vocal):
    """The chair's tablet sits in the chair's room as well as the judges': one move, one message."""
    from judging.stage import operations

    edition, category, entries, judges = vocal
    chair, member = tablet(token=judges[0].token), tablet(token=judges[1].token)
    for pad in (chair, member):
        events(pad, "stage")
    operations.move_stage(edition, category, entries[1])
    expected = {"category": category.id, "entry": entries[1].id}
    assert events(chair, "stage") == [expected]
    assert events(member, "stage") == [expected]
