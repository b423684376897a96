"""The watch ack is built once per change and shared; a change of standings, stage or visibility shows at once."""

from __future__ import annotations

import pytest

from judging.board import operations
from judging.board import snapshot as snapshots
from judging.extensions import db


@pytest.fixture
def builds(monkeypatch):
    """How many times a full snapshot was built."""
    count = {"n": 0}
    real = snapshots.snapshot

    def counting(*args, **kwargs):
        count["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(snapshots, "snapshot", counting)
    return count


def _watch(screen, edition, category=None) -> dict:
    data = {"edition": edition.id} | ({"category": category.id} if category else {})
    ack = screen.emit("watch", data, namespace="/board", callback=True)
    assert ack["ok"] is True
    return ack


def test_screens_share_one_snapshot_until_something_changes(make_edition, board, mark_all, mark, builds, organiser):
    edition = make_edition(visibility="live")
    category = edition.categories[0]
    mark_all(category, [9, 8, 7])
    first = _watch(board(), edition)
    for _ in range(5):
        assert _watch(board(), edition) == first
    assert builds["n"] == 1
    # New marks: the result's version moves, the next watch shows them.
    for judge in category.judges:
        mark(category.entries[2], judge, 10)
    [standing] = _watch(board(), edition)["standings"]
    assert standing["rows"][0]["entry"] == category.entries[2].id
    assert builds["n"] == 2
    # The stage moves: seen at once.
    edition.stage_category_id, edition.stage_entry_id = category.id, category.entries[1].id
    db.session.commit()
    assert _watch(board(), edition)["stage"]["entry"] == category.entries[1].id
    # One category's own watch is its own snapshot.
    assert [s["category"] for s in _watch(board(), edition, category)["standings"]] == [category.id]


def test_a_hidden_or_frozen_category_is_never_served_from_an_older_snapshot(make_edition, board, mark_all, mark,
                                                                            organiser):
    edition = make_edition(visibility="live")
    category = edition.categories[0]
    mark_all(category, [9, 8, 7])
    assert _watch(board(), edition)["standings"]
    operations.set_visibility(category, "hidden", organiser)
    assert _watch(board(), edition)["standings"] == []
    operations.set_visibility(category, "live", organiser)
    shown = _watch(board(), edition)["standings"][0]["rows"]
    operations.set_visibility(category, "frozen", organiser)
    for judge in category.judges:  # a late sheet while frozen: the screens keep the old rows
        mark(category.entries[2], judge, 10)
    [frozen] = _watch(board(), edition)["standings"]
    assert frozen["visibility"] == "frozen" and frozen["rows"] == shown

