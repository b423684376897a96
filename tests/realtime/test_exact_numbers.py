"""Numbers from a tablet are read exactly as written, and refusals do not echo huge input back."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from judging.extensions import socketio
from judging.models import Measurement, Sheet
from judging.realtime import wire
from tests.conftest import VOCAL_PARAMS

NO_STEP = dict(VOCAL_PARAMS, criteria=[{k: v for k, v in c.items() if k != "step"} for c in VOCAL_PARAMS["criteria"]])


def raw_submit(client, payload_json: str) -> dict:
    """Send a submission as the JSON text a tablet would, numbers exactly as written there."""
    client.callback_counter += 1
    text = f'2/judge,{client.callback_counter}["submit",{payload_json}]'
    socketio.server._handle_eio_message(client.eio_sid, text)
    ack, client.acks = client.acks, None
    return ack["args"][0]


def test_json_numbers_a_float_would_change_are_read_as_exact_decimals():
    read = wire.loads('{"a": 0.1, "b": 1e-400, "c": 7, "d": 1e400, "e": 8.100000000000000001}')
    assert read == {"a": 0.1, "b": Decimal("1e-400"), "c": 7, "d": Decimal("1e400"), "e": Decimal("8.100000000000000001")}
    assert type(read["a"]) is float


@pytest.mark.parametrize("text", ["1" * 101 + ".5", "0." + "1" * 101])
def test_json_numbers_too_long_to_be_marks_are_not_parsed(text):
    with pytest.raises(ValueError):
        wire.loads('{"a": ' + text + "}")


@pytest.fixture
def open_marks(make_edition):
    edition = make_edition(params=NO_STEP)
    category = edition.categories[0]
    return list(category.entries), list(edition.judges)


@pytest.mark.parametrize("number", ["1e-400", "1e400", "-1e-400", "0.0000001", "8.000000000000000001", "NaN",
                                    "Infinity"])
def test_a_mark_that_underflows_or_is_not_finite_is_refused(db, tablet, open_marks, number):
    entries, judges = open_marks
    client = tablet(token=judges[1].token)
    ack = raw_submit(client, f'{{"client_id": "c1", "entry": {entries[0].id}, '
                             f'"marks": {{"voice": {number}, "technique": 8, "artistry": 8}}}}')
    assert ack["ok"] is False and ack["error"]["field"] == "voice"
    assert db.session.scalar(select(func.count(Sheet.id))) == 0


def test_a_mark_written_exactly_is_stored_exactly(db, tablet, open_marks):
    entries, judges = open_marks
    ack = raw_submit(tablet(token=judges[1].token), f'{{"client_id": "c1", "entry": {entries[0].id}, '
                                                    f'"marks": {{"voice": 8.25, "technique": 8, "artistry": 9.125}}}}')
    assert ack["ok"] is True
    sheet = db.session.scalar(select(Sheet))
    assert {m.criterion: m.value for m in sheet.marks} == {
        "voice": Decimal("8.25"), "technique": Decimal("8"), "artistry": Decimal("9.125")}


def test_a_measurement_that_underflows_is_refused(db, tablet, make_edition):
    edition = make_edition(rule="rounds", params={"decimals": 2})
    entries, judges = edition.categories[0].entries, edition.judges
    ack = raw_submit(tablet(token=judges[1].token),
                     f'{{"client_id": "m1", "entry": {entries[0].id}, "round": 1, "attempt": 1, "value": 1e-400}}')
    assert ack["ok"] is False and ack["error"]["field"] == "value"
    assert db.session.scalar(select(func.count(Measurement.id))) == 0


def test_an_unknown_criterion_is_named_briefly(db, tablet, open_marks):
    entries, judges = open_marks
    key = "x" * 900_000
    marks = {"voice": 8, "technique": 8, "artistry": 8, key: 1}
    ack = raw_submit(tablet(token=judges[1].token),
                     json.dumps({"client_id": "c1", "entry": entries[0].id, "marks": marks}))
    assert ack["error"]["code"] == "invalid"
    assert "x" * 60 + "…" in ack["error"]["message"] and len(ack["error"]["message"]) < 200
    assert len(ack["error"]["field"]) <= 61
