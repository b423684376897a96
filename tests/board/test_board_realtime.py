"""The /board namespace: watch acks and pushes, and that hidden or frozen categories leak nothing."""

from __future__ import annotations

import json

import pytest

from judging.board import operations
from judging.extensions import db
from tests.board.conftest import events
from tests.conftest import finalise


def _category(edition):
    return edition.categories[0]


def test_unknown_edition_is_answered_with_an_error(make_edition, board):
    make_edition()
    screen = board()
    ack = screen.emit("watch", {"edition": "no-such"}, namespace="/board", callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "unknown_edition"
    ack = screen.emit("watch", "nonsense", namespace="/board", callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid"


def test_unknown_category_is_refused(make_edition, board):
    edition = make_edition()
    other = make_edition()
    screen = board()
    ack = screen.emit("watch", {"edition": edition.slug, "category": _category(other).id}, namespace="/board", callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "unknown_category"
    for too_long in (2**31, str(10**30)):  # no id column holds these: answered, not an error of the database
        ack = screen.emit("watch", {"edition": edition.slug, "category": too_long}, namespace="/board", callback=True)
        assert ack["ok"] is False and ack["error"]["code"] == "unknown_category"
        ack = screen.emit("watch", {"edition": too_long}, namespace="/board", callback=True)
        assert ack["ok"] is False and ack["error"]["code"] == "unknown_edition"


def test_live_category_ack_and_push(make_edition, board, mark_all, mark):
    edition = make_edition(visibility="live")
    category = _category(edition)
    mark_all(category, [9, 8, 7])
    screen = board()
    ack = screen.emit("watch", {"edition": edition.id}, namespace="/board", callback=True)
    assert ack["ok"] is True
    assert ack["edition"]["slug"] == edition.slug
    [standing] = ack["standings"]
    assert standing["category"] == category.id and standing["visibility"] == "live"
    assert [r["place"] for r in standing["rows"]] == [1, 2, 3]
    assert standing["rows"][0]["award"] == "laureate_1"
    assert set(standing["award_labels"]["laureate_1"]) == {"kk", "ru"}
    assert "award_label" not in standing["rows"][0]  # once per message, not in every row
    # Children's names follow the edition's privacy (initials by default): no full surname.
    assert "Қасымова" not in json.dumps(ack, ensure_ascii=False)
    events(screen)
    # A fourth entry's marks arrive: the screen hears the new standings.
    from judging.models import Entry
    newcomer = Entry(category=category, number=4, name="Дана Ержанова")
    db.session.add(newcomer)
    db.session.commit()
    for judge in category.judges:
        mark(newcomer, judge, 10)
    pushed = events(screen, "standings")
    assert pushed, "a live category's new standings reach the screen"
    last = pushed[-1]["args"][0]
    assert last["rows"][0]["entry"] == newcomer.id and last["rows"][0]["award"] == "grand_prix"


def test_hidden_category_leaks_nothing_through_board(make_edition, board, mark_all):
    edition = make_edition(visibility="hidden")
    category = _category(edition)
    screen = board()
    by_category = board()
    ack = screen.emit("watch", {"edition": edition.slug}, namespace="/board", callback=True)
    ack2 = by_category.emit("watch", {"edition": edition.slug, "category": category.id}, namespace="/board", callback=True)
    assert ack["standings"] == [] and ack2["standings"] == [] and ack["reveals"] == []
    mark_all(category, [10, 9, 8])
    assert events(screen) == [] and events(by_category) == []
    fresh = board().emit("watch", {"edition": edition.id}, namespace="/board", callback=True)
    text = json.dumps(fresh, ensure_ascii=False)
    assert fresh["standings"] == []
    for leak in ("grand_prix", "laureate", "Әлия", "score"):
        assert leak not in text


def test_frozen_keeps_what_was_shown(make_edition, board, mark_all, mark, organiser):
    edition = make_edition(visibility="live")
    category = _category(edition)
    mark_all(category, [9, 8, 7])
    screen = board()
    screen.emit("watch", {"edition": edition.id}, namespace="/board", callback=True)
    events(screen)
    operations.set_visibility(category, "frozen", organiser)
    assert events(screen) == [], "freezing sends nothing: screens keep what they show"
    # The third entry gets better marks from a late sheet: nothing is sent, a fresh watch sees the old rows.
    judge = category.judges[0]
    for j in category.judges:
        mark(category.entries[2], j, 10)
    assert events(screen) == []
    ack = board().emit("watch", {"edition": edition.id}, namespace="/board", callback=True)
    [standing] = ack["standings"]
    assert standing["visibility"] == "frozen"
    assert [r["entry"] for r in standing["rows"]] == [e.id for e in category.entries]
    assert standing["rows"][2]["score"] == 7 and standing["rows"][2]["award"] == "laureate_3"
    assert judge is not None
    # Going live again pushes the current standings.
    operations.set_visibility(category, "live", organiser)
    [pushed] = [e["args"][0] for e in events(screen, "standings")]
    assert pushed["rows"][0]["entry"] == category.entries[2].id


def test_hidden_from_start_then_frozen_shows_nothing(make_edition, board, mark_all, organiser):
    edition = make_edition(visibility="hidden")
    category = _category(edition)
    mark_all(category, [9, 8, 7])
    operations.set_visibility(category, "frozen", organiser)
    ack = board().emit("watch", {"edition": edition.id}, namespace="/board", callback=True)
    assert ack["standings"] == []


def test_hiding_tells_screens_to_drop_the_category(make_edition, board, mark_all, organiser):
    edition = make_edition(visibility="live")
    category = _category(edition)
    mark_all(category, [9, 8, 7])
    screen = board()
    screen.emit("watch", {"edition": edition.id}, namespace="/board", callback=True)
    events(screen)
    operations.set_visibility(category, "hidden", organiser)
    [drop] = [e["args"][0] for e in events(screen, "standings")]
    assert drop == {"category": category.id, "visibility": "hidden", "rows": []}
    mark_all(category, [10, 10, 10])
    assert events(screen) == []


def test_visibility_changes_are_audited(make_edition, organiser):
    from judging.models import AuditEntry
    edition = make_edition()
    category = _category(edition)
    assert operations.set_visibility(category, "live", organiser) is True
    assert operations.set_visibility(category, "live", organiser) is False
    [entry] = db.session.query(AuditEntry).filter_by(action="category.visibility").all()
    assert entry.before == {"visibility": "hidden"} and entry.after == {"visibility": "live"}
    assert entry.user_id == organiser.id


def test_publishing_is_refused_until_the_category_is_finalised(make_edition, board, mark_all, organiser):
    edition = make_edition(visibility="live")
    category = _category(edition)
    mark_all(category, [9, 8, 7])
    screen = board()
    screen.emit("watch", {"edition": edition.id}, namespace="/board", callback=True)
    events(screen)
    with pytest.raises(operations.BoardError) as refused:
        operations.set_visibility(category, "published", organiser)
    assert refused.value.code == "not_finalised"
    assert db.session.get(type(category), category.id).visibility == "live"
    assert events(screen, "standings") == []


def test_published_pushes_every_change(make_edition, board, mark_all, mark, organiser):
    edition = make_edition(visibility="hidden")
    category = _category(edition)
    mark_all(category, [9, 8, 7])
    screen = board()
    screen.emit("watch", {"edition": edition.id, "category": category.id}, namespace="/board", callback=True)
    finalise(category)
    operations.set_visibility(category, "published", organiser)
    [pub] = [e["args"][0] for e in events(screen, "standings")]
    assert pub["visibility"] == "published" and len(pub["rows"]) == 3


def test_show_places_false_hides_places_and_scores(make_edition, board, mark_all):
    edition = make_edition(visibility="live")
    category = _category(edition)
    category.show_places = False
    db.session.commit()
    mark_all(category, [7, 9, 8])
    ack = board().emit("watch", {"edition": edition.id}, namespace="/board", callback=True)
    rows = ack["standings"][0]["rows"]
    assert all(r["place"] is None and r["score"] is None for r in rows)
    assert [r["number"] for r in rows] == [1, 2, 3], "in running order, so the order gives no ranking away"
    assert rows[1]["award"] == "laureate_1"


def test_ceremony_reveal_steps_lowest_first(make_edition, board, mark_all, organiser, finalise):
    edition = make_edition(entries=4, visibility="hidden")
    category = _category(edition)
    mark_all(category, [10, 9, 6, 4])  # grand prix, laureate 1, diplomant, participant
    finalise(category)
    screen = board()
    screen.emit("watch", {"edition": edition.id}, namespace="/board", callback=True)
    events(screen)
    first = operations.reveal_next(category, organiser)
    assert first["award"] == "diplomant"
    [step] = [e["args"][0] for e in events(screen, "reveal")]
    assert step["step"] == 1 and step["total"] == 3 and step["row"]["award"] == "diplomant"
    assert events(screen, "standings") == [], "a reveal announces one row, not the standings"
    operations.reveal_next(category, organiser)
    # A screen reloaded now sees the two rows announced so far, and nothing else.
    ack = board().emit("watch", {"edition": edition.id}, namespace="/board", callback=True)
    assert ack["standings"] == []
    [reveal] = ack["reveals"]
    assert [r["award"] for r in reveal["rows"]] == ["diplomant", "laureate_1"]
    assert "grand_prix" not in json.dumps(ack)
    last = operations.reveal_next(category, organiser)
    assert last["award"] == "grand_prix"
    import pytest
    with pytest.raises(operations.BoardError):
        operations.reveal_next(category, organiser)
    operations.reset_reveal(category, organiser)
    ack = board().emit("watch", {"edition": edition.id}, namespace="/board", callback=True)
    assert ack["reveals"] == []


def test_reveal_refused_while_live(make_edition, mark_all, organiser):
    import pytest
    edition = make_edition(visibility="live")
    category = _category(edition)
    mark_all(category, [9, 8, 7])
    with pytest.raises(operations.BoardError) as info:
        operations.reveal_next(category, organiser)
    assert info.value.code == "live"


def test_hiding_ends_a_reveal(make_edition, board, mark_all, organiser, finalise):
    edition = make_edition(visibility="frozen")
    category = _category(edition)
    mark_all(category, [9, 8, 7])
    finalise(category)
    operations.reveal_next(category, organiser)
    operations.set_visibility(category, "hidden", organiser)
    ack = board().emit("watch", {"edition": edition.id}, namespace="/board", callback=True)
    assert ack["reveals"] == [] and ack["standings"] == []


def test_stage_push_carries_the_display_name(make_edition, board):
    from judging.board.push import push_stage
    edition = make_edition()
    category = _category(edition)
    screen = board()
    screen.emit("watch", {"edition": edition.id}, namespace="/board", callback=True)
    edition.stage_category_id, edition.stage_entry_id = category.id, category.entries[0].id
    db.session.commit()
    push_stage(edition)
    [stage] = [e["args"][0] for e in events(screen, "stage")]
    assert stage["entry"] == category.entries[0].id and stage["name"] and "Қасымова" not in stage["name"]
    ack = board().emit("watch", {"edition": edition.id}, namespace="/board", callback=True)
    assert ack["stage"]["entry"] == category.entries[0].id


def test_a_screen_of_one_category_sees_its_performer_leave_the_stage(make_edition, board):
    from judging.models import Category, Entry
    from judging.stage.operations import move_stage

    edition = make_edition()
    first = _category(edition)
    second = Category(edition=edition, position=2, nomination_key="folk", nomination={"ru": "Народная песня"},
                      age_group_key="10-13", form_key="solo", rule=first.rule, params=first.params)
    db.session.add(second)
    db.session.add(Entry(category=second, number=1, name="Дана Ержанова"))
    db.session.commit()
    screen = board()
    screen.emit("watch", {"edition": edition.id, "category": first.id}, namespace="/board", callback=True)
    move_stage(edition, first, first.entries[0])
    [on] = [e["args"][0] for e in events(screen, "stage")]
    assert on["entry"] == first.entries[0].id
    move_stage(edition, second, second.entries[0])  # the stage moves to another category
    [moved] = [e["args"][0] for e in events(screen, "stage")]
    assert moved["category"] == second.id and moved["entry"] == second.entries[0].id
