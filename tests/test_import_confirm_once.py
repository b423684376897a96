"""An uploaded entry list is stored once, however many confirmations arrive; a failed import leaves nothing."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from judging import audit
from judging.entries import upload
from judging.models import AuditEntry, Entry, EntryImport

CATEGORY = "Эстрада / 10–13 / соло"
FILE = (
    "ФИО;Категория;Дата рождения\n"
    f"Әліхан Серікұлы;{CATEGORY};05.03.2014\n"
    f"Арман Қайратұлы;{CATEGORY};30.11.2012\n"
).encode()
ALREADY = "This upload has already been stored"


@pytest.fixture(autouse=True)
def english(client):
    with client.session_transaction() as session:
        session["lang"] = "en"


@pytest.fixture(autouse=True)
def imports_dir(app, tmp_path):
    app.config["IMPORTS_DIR"] = str(tmp_path / "imports")
    return tmp_path / "imports"


def _upload(client, edition) -> str:
    response = client.post(f"/admin/editions/{edition.id}/entries/import",
                           data={"file": (io.BytesIO(FILE), "entries.csv")}, content_type="multipart/form-data")
    return re.search(r"/entries/import/([0-9a-f]{32})$", response.headers["Location"]).group(1)


def _confirm(client, edition, token) -> str:
    return client.post(f"/admin/editions/{edition.id}/entries/import/{token}", follow_redirects=True).get_data(
        as_text=True)


def _count(db, model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def test_a_confirmation_that_read_the_file_before_the_first_one_stored_it_stores_nothing(
        client, organiser, make_edition, db):
    """The race: the second request has read and checked the rows; then the first one claims the upload."""
    edition = make_edition(entries=0)
    token = _upload(client, edition)
    kept = upload.load_upload(edition, token)
    second, _rows = upload.preview_upload(edition, kept)  # nothing stored yet: both rows look new
    assert len(second.drafts) == 2

    assert "2 entries stored." in _confirm(client, edition, token)
    with pytest.raises(upload.AlreadyImported):
        upload.store_drafts(edition, second.drafts, token=token, filename=kept.filename,
                            rows_total=second.rows_total, skipped_rows=[])
    assert _count(db, Entry) == 2
    assert _count(db, EntryImport) == 1
    assert db.session.scalar(select(func.count()).where(AuditEntry.action == "entries.imported")) == 1


def test_the_second_confirmation_is_told_the_upload_was_stored(client, organiser, make_edition, db, monkeypatch):
    edition = make_edition(entries=0)
    token = _upload(client, edition)
    stale, rows = upload.preview_upload(edition, upload.load_upload(edition, token))
    kept = upload.load_upload(edition, token)
    _confirm(client, edition, token)
    # The second request passed its early check and read the file before the first one committed.
    monkeypatch.setattr(upload, "was_imported", lambda token: False)
    monkeypatch.setattr(upload, "load_upload", lambda edition, token: kept)
    monkeypatch.setattr(upload, "preview_upload", lambda edition, kept: (stale, rows))
    html = _confirm(client, edition, token)
    assert ALREADY in html
    assert _count(db, Entry) == 2


def test_confirming_again_later_says_the_upload_was_stored(client, organiser, make_edition, db, monkeypatch,
                                                          imports_dir):
    edition = make_edition(entries=0)
    token = _upload(client, edition)
    monkeypatch.setattr(upload, "discard_upload", lambda token: None)  # the file outlives the first confirmation
    _confirm(client, edition, token)
    monkeypatch.undo()
    html = _confirm(client, edition, token)
    assert ALREADY in html
    assert _count(db, Entry) == 2
    assert not list(imports_dir.iterdir())  # the leftover file is dropped


def test_an_import_that_fails_half_way_leaves_nothing_and_can_be_confirmed_again(
        client, organiser, make_edition, db, monkeypatch):
    edition = make_edition(entries=0)
    token = _upload(client, edition)

    def broken(*args, **kwargs):
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(audit, "record", broken)  # fails after the claim and the entries are flushed
    with pytest.raises(RuntimeError):
        _confirm(client, edition, token)
    assert _count(db, Entry) == 0
    assert _count(db, EntryImport) == 0
    monkeypatch.undo()
    assert "2 entries stored." in _confirm(client, edition, token)
    assert _count(db, Entry) == 2
