"""What the tablet is told to draw for a timekeeper: as many rounds and attempts as the params imply."""

from __future__ import annotations

import pytest

from tests.realtime.conftest import events


def _form(tablet, make_edition, params: dict) -> dict:
    edition = make_edition(entries=2, judges=1, rule="rounds", params=params)
    client = tablet(token=edition.judges[0].token)
    (state,) = events(client, "state")
    return state["categories"][0]["form"]


@pytest.mark.parametrize(
    ("params", "rounds", "attempts"),
    [
        ({"cap": 120, "attempts_counted": 1, "discard": 0}, 3, 2),  # the aviamodels: 3 rounds of 2 attempts
        ({"discard": [[5, 1], [9, 2], [14, 3]]}, 14, 2),  # discards written for up to 14 rounds
        ({"discard": 4, "attempts_counted": 3}, 5, 3),  # 4 dropped needs a 5th round; 3 best need 3 attempts
        ({"discard": [[25, 1]], "attempts_counted": 30}, 20, 20),  # never beyond what the server accepts
    ],
)
def test_the_timekeepers_form_follows_the_params(tablet, make_edition, params, rounds, attempts):
    form = _form(tablet, make_edition, params)
    assert (form["kind"], form["rounds"], form["attempts"], form["max_rounds"]) == ("measurements", rounds, attempts, 20)


def test_the_chairs_matrix_has_a_column_for_every_round_and_attempt_the_tablets_draw(app, make_edition):
    from judging.chair import matrix

    edition = make_edition(entries=2, judges=1, rule="rounds", params={"discard": 4, "attempts_counted": 3})
    columns = matrix.category_matrix(edition.categories[0])["columns"]
    assert [c["key"] for c in columns] == [f"{r}.{a}" for r in range(1, 6) for a in range(1, 4)]
