"""The chair's console hears whether the standings are provisional, and each row's sheets of the panel."""

from __future__ import annotations

import json
import re

from judging.chair import operations
from tests.realtime.conftest import GOOD, events, submit


def test_matrix_pushes_say_provisional_and_count_sheets_until_finalised_and_again_after_reopening(tablet, vocal):
    _edition, category, entries, judges = vocal
    chair = tablet(token=judges[0].token)
    chair.get_received("/judge")
    assert submit(tablet(token=judges[1].token), {"entry": entries[0].id, "marks": GOOD})["ok"]
    (update,) = events(chair, "matrix")
    assert update["provisional"] is True
    standing = update["standings"]["rows"][str(entries[0].id)]
    assert (standing["sheets"], standing["panel"]) == (1, 3)
    for judge in judges:
        pad = tablet(token=judge.token)
        for entry in entries:
            submit(pad, {"entry": entry.id, "marks": GOOD})
    assert events(chair, "matrix")[-1]["standings"]["rows"][str(entries[2].id)]["sheets"] == 3
    operations.finalise_category(category, judge=judges[0])
    final = events(chair, "matrix")[-1]
    assert final["provisional"] is False and final["judging"] == "finalised"
    got = chair.emit("get_matrix", {"category": category.id}, namespace="/judge", callback=True)
    assert got["ok"] and got["matrix"]["provisional"] is False
    operations.reopen_category(category, "a mark was typed wrong", judge=judges[0])
    assert events(chair, "matrix")[-1]["provisional"] is True


def test_the_console_page_draws_the_note_hidden_once_final(client, organiser, vocal, tablet):
    edition, category, entries, judges = vocal
    url = f"/admin/editions/{edition.id}/console?category={category.id}"
    page = client.get(url).get_data(as_text=True)
    note = re.search(r'<p class="provisional-note" id="provisional-note"([^>]*)>', page)
    assert note and "hidden" not in note.group(1)
    config = json.loads(re.search(r'id="console-config"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert config["matrix"]["provisional"] is True
    for judge in judges:
        pad = tablet(token=judge.token)
        for entry in entries:
            assert submit(pad, {"entry": entry.id, "marks": GOOD})["ok"]
    operations.finalise_category(category, user=organiser)
    page = client.get(url).get_data(as_text=True)
    note = re.search(r'<p class="provisional-note" id="provisional-note"([^>]*)>', page)
    assert note and "hidden" in note.group(1), "drawn, hidden, for a push to show again on reopening"
