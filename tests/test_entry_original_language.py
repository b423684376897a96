"""«As originally written» names the fields in the organiser's language, not by their keys."""

from __future__ import annotations

from judging.extensions import db
from judging.importing.messages import field_label
from judging.models import Entry


def test_original_spellings_are_listed_under_field_names_in_kazakh(client, organiser, make_edition):
    edition = make_edition(entries=1)
    entry = db.session.query(Entry).one()
    entry.original = {"teacher": "Ғалия Омарова", "members[1]": "Әлiмжанов"}
    db.session.commit()
    client.post("/lang/kk", data={"next": "/"})
    page = client.get(f"/admin/editions/{edition.id}/entries/{entry.id}").get_data(as_text=True)
    assert "<li>жетекші: Ғалия Омарова</li>" in page
    assert "<li>2-қатысушы: Әлiмжанов</li>" in page
    assert "members[1]" not in page and "<code>teacher</code>" not in page


def test_an_unknown_key_is_shown_as_it_is():
    assert field_label("shoe_size", lambda text: text) == "shoe_size"
    assert field_label("members[0]", lambda text: text) == "member 1"
