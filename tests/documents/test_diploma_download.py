"""The participant's /diploma download: guessing is stopped, a hall behind one address is not
locked out, and the answers do not tell a guesser which codes exist."""

from __future__ import annotations

import math
import re

import pytest

from judging.extensions import db
from judging.models.document import CODE_ALPHABET
from judging.models.entry import new_entry_code

HALL = "10.20.30.40"


def _post(app, code: str, *, address: str = HALL, document: str = "diploma", headers=None):
    """A request from a fresh cookie jar, as a script (or another parent's phone) sends it."""
    return app.test_client().post("/diploma", data={"code": code, "document": document},
                                  environ_base={"REMOTE_ADDR": address}, headers=headers or {})


def _message(response) -> tuple[str, str]:
    """(reason, text) of the page's message."""
    found = re.search(r'data-reason="([^"]*)">([^<]*)<', response.get_data(as_text=True))
    assert found, response.get_data(as_text=True)
    return found.group(1), found.group(2)


def _wrong_code(n: int) -> str:
    return f"WRONG{n:07d}"


def test_a_hall_is_not_locked_out_by_wrong_codes_from_its_address(app, published):
    for n in range(32):
        assert _post(app, _wrong_code(n)).status_code == 404
    parent = _post(app, published.categories[0].entries[0].code)
    assert parent.status_code == 200 and parent.mimetype == "application/pdf"


def test_many_wrong_codes_from_one_address_wait_a_minute_with_a_clear_message(app, published):
    for n in range(60):
        assert _post(app, _wrong_code(n)).status_code == 404
    refused = _post(app, published.categories[0].entries[0].code)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 61  # a short backoff, not a quarter of an hour
    reason, text = _message(refused)
    assert reason == "too_many" and "1 минуту" in text
    # another address (another family at home) is not affected
    assert _post(app, _wrong_code(99), address="10.20.30.41").status_code == 404


def test_the_wait_is_said_in_the_visitors_language(app, published):
    for n in range(60):
        _post(app, _wrong_code(n))
    refused = _post(app, _wrong_code(60), headers={"Accept-Language": "kk"})
    assert refused.status_code == 429 and "1 минут күте" in _message(refused)[1]


def test_the_same_code_tried_very_often_is_slowed_whatever_the_address(app, scored):
    code = scored.categories[0].entries[0].code  # real, results not published
    for n in range(20):
        assert _post(app, code, address=f"10.0.0.{n}").status_code == 404
    refused = _post(app, code, address="10.0.1.1")
    assert refused.status_code == 429 and _message(refused)[0] == "too_many"
    # other codes from that address still get their answer
    assert _post(app, _wrong_code(1), address="10.0.1.1").status_code == 404


def test_an_unpublished_real_code_and_an_unknown_one_get_the_same_answer(app, scored):
    real = _post(app, scored.categories[0].entries[0].code)
    unknown = _post(app, "WRONGCODE234")
    assert real.status_code == unknown.status_code == 404
    assert _message(real) == _message(unknown)
    assert "после публикации результатов" in _message(real)[1]  # neutral: check the code, or wait for the results
    # the same through the letter button: a pupil's code of an unpublished category tells nothing
    real_letter, unknown_letter = _post(app, scored.categories[0].entries[0].code, document="thanks"), \
        _post(app, "WRONGCODE234", document="thanks")
    assert real_letter.status_code == unknown_letter.status_code == 404
    assert _message(real_letter) == _message(unknown_letter)


def test_a_pupils_code_for_a_letter_is_explained_once_its_results_are_published(app, published):
    # then the diploma button gives the diploma anyway: the hint tells a guesser nothing more
    response = _post(app, published.categories[0].entries[0].code, document="thanks")
    assert response.status_code == 404 and _message(response)[0] == "pupil_code"


def test_new_entry_codes_carry_at_least_48_bits():
    codes = {new_entry_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert set(code) <= set(CODE_ALPHABET) and len(code) <= 16  # the column is String(16)
        assert len(code) * math.log2(len(CODE_ALPHABET)) >= 48


def test_an_existing_eight_character_code_still_gives_the_diploma(app, published):
    entry = published.categories[0].entries[0]
    entry.code = "AB3XY7QZ"  # as codes were drawn before
    db.session.commit()
    response = _post(app, "ab3x-y7qz")
    assert response.status_code == 200 and response.mimetype == "application/pdf"


def test_without_trusted_proxies_a_forwarded_address_is_not_believed(app, published):
    for n in range(60):
        _post(app, _wrong_code(n), headers={"X-Forwarded-For": f"192.0.2.{n}"})
    refused = _post(app, published.categories[0].entries[0].code, headers={"X-Forwarded-For": "192.0.2.200"})
    assert refused.status_code == 429


@pytest.mark.config({"TRUSTED_PROXIES": 1})
def test_behind_a_trusted_proxy_each_client_address_is_counted(app, published):
    proxy = "127.0.0.1"
    for n in range(60):
        _post(app, _wrong_code(n), address=proxy, headers={"X-Forwarded-For": "192.0.2.7"})
    assert _post(app, _wrong_code(61), address=proxy, headers={"X-Forwarded-For": "192.0.2.7"}).status_code == 429
    parent = _post(app, published.categories[0].entries[0].code, address=proxy,
                   headers={"X-Forwarded-For": "192.0.2.8"})
    assert parent.status_code == 200 and parent.mimetype == "application/pdf"


def test_wrong_letter_codes_count_with_wrong_diploma_codes(app, scored):
    for n in range(30):
        _post(app, _wrong_code(n))
        _post(app, _wrong_code(n), document="thanks")
    assert _post(app, "WRONGCODE234", document="thanks").status_code == 429
