"""Migration 0007 keeps what was issued before it: statements from the stored name and award, and
every letter's pupils (SQLite rebuilds `letter`, which would cascade to them)."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from judging.extensions import db
from judging.models import Category, Edition, Entry, Series
from tests.test_migrations import _config, _with_fresh_schema


def test_documents_issued_before_keep_what_they_stated(tmp_path):
    def body():
        upgrade()
        series = Series(key="vocal", name={"ru": "Вокал"})
        edition = Edition(series=series, slug="v", year=2026, title={"ru": "Конкурс"}, city={"ru": "Петропавловск"})
        category = Category(edition=edition, position=1, nomination_key="pop", nomination={"ru": "Эстрада"},
                            age_group_key="10", age_group={}, form_key="solo", form={}, rule="criteria_panel", params={})
        entry = Entry(category=category, number=1, name="Әлия Қасымова", teacher="Ғалия Омарова")
        db.session.add_all([series, edition, category, entry])
        db.session.commit()
        ids = {"entry": entry.id, "edition": edition.id}
        db.session.remove()
        downgrade(revision="-1")  # the schema before 0007, with rows issued then
        with db.engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO diploma (code, entry_id, kind, award, name, content_hash, issued_at)"
                " VALUES ('OLDDIPLOMA34', :entry, 'diploma', 'laureate_2', 'Әлия Қасымова', '', CURRENT_TIMESTAMP)"), ids)
            conn.execute(text(
                "INSERT INTO letter (code, edition_id, teacher_key, name, content_hash, issued_at)"
                " VALUES ('OLDLETTER346', :edition, 'галия омарова', 'Ғалия Омарова', '', CURRENT_TIMESTAMP)"), ids)
            conn.execute(text(
                "INSERT INTO letter_pupil (letter_id, entry_id, position, award)"
                " SELECT id, :entry, 0, 'laureate_2' FROM letter"), ids)
        upgrade()
        with db.engine.connect() as conn:
            diploma = conn.execute(text("SELECT statement, superseded_at FROM diploma")).one()
            letter = conn.execute(text("SELECT statement FROM letter")).scalar_one()
            pupils = conn.execute(text("SELECT entry_id, award FROM letter_pupil")).all()
        assert _json(diploma[0]) == {"name": "Әлия Қасымова", "award": "laureate_2"} and diploma[1] is None
        assert _json(letter) == {"name": "Ғалия Омарова", "pupils": [{"entry_id": ids["entry"], "award": "laureate_2"}]}
        assert pupils == [(ids["entry"], "laureate_2")]

    _with_fresh_schema(_config(tmp_path), body)


def _json(value):
    import json

    return json.loads(value) if isinstance(value, str) else value
