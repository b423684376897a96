"""Diplomas never contradict the record: issued from published results only, never rewritten,
replaced under a new code when a reopened category changes what they state."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from judging.documents import bulk, operations, reprint
from judging.documents.build import Builder
from judging.extensions import db
from judging.models.document import BulkJob, Diploma, Letter
from tests.documents.conftest import correct_marks, pdf_text, publish, reopen

BASE = "http://hall.local"


def _diploma(entry) -> Diploma:
    return db.session.scalar(select(Diploma).where(Diploma.entry_id == entry.id, Diploma.superseded_at.is_(None)))


def _lower_first(edition) -> None:
    """Reopen, lower №1 from «Лауреат I степени» to «Лауреат II степени», finalise and publish again."""
    category = edition.categories[0]
    reopen(category)
    correct_marks(category, category.entries[0], (8, 8, 8))
    publish(category)


# ---------------------------------------------------------------- never rewritten


def test_a_bulk_run_never_rewrites_what_an_issued_diploma_states(published, tmp_path):
    first = published.categories[0].entries[0]
    bulk.run(published, "diplomas", BASE, tmp_path / "a", workers=1)
    issued = db.session.scalar(select(Diploma).where(Diploma.entry_id == first.id))
    code = issued.code
    assert issued.award == "laureate_1"
    _lower_first(published)
    bulk.run(published, "diplomas", BASE, tmp_path / "b", workers=1)
    db.session.expire_all()
    old = db.session.scalar(select(Diploma).where(Diploma.code == code))
    assert old.award == "laureate_1"  # the paper in the family's hands says this, so the record does too
    assert old.statement["award"] == "laureate_1" and old.statement["name"] == first.name


def test_the_statement_is_stored_when_the_code_is_issued(published):
    category = published.categories[0]
    entry = category.entries[3]
    Builder(published, BASE).diplomas_of_entry(entry)
    db.session.commit()
    statement = _diploma(entry).statement
    assert statement == {
        "name": "«Шұғыла» ансамблі", "member_of": None, "award": "grand_prix", "place": "1",
        "category": {lang: category.label(lang) for lang in ("kk", "ru", "en")},
        "edition": {"title": {"kk": "Байқау", "ru": "Конкурс", "en": "Contest"}, "year": 2026},
    }


def test_a_letter_states_its_pupils_with_their_categories_and_awards(published):
    entry = published.categories[0].entries[0]
    (document,) = Builder(published, BASE).letter_of_entry(entry)
    db.session.commit()
    letter = db.session.scalar(select(Letter))
    assert letter.statement["name"] == "Ғалия Омарова"
    assert [p["award"] for p in letter.statement["pupils"]] == ["laureate_1", "laureate_3", "diplomant", "grand_prix"]
    assert letter.statement["pupils"][0]["name"] == entry.name
    assert [p.award for p in letter.pupils] == ["laureate_1", "laureate_3", "diplomant", "grand_prix"]


# ---------------------------------------------------------------- only from published results


def test_no_diploma_before_publication_for_the_participant(client, scored):
    category = scored.categories[0]
    category.visibility = "live"
    db.session.commit()
    response = client.post("/diploma", data={"code": category.entries[0].code})
    # answered as an unknown code is: a guesser must not learn that the code exists
    assert response.status_code == 404 and 'data-reason="unavailable"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Diploma)) == 0


def test_no_diploma_while_a_published_category_is_reopened(client, published):
    category = published.categories[0]
    reopen(category)
    response = client.post("/diploma", data={"code": category.entries[0].code})
    # answered as an unknown code is: a guesser must not learn that the code exists
    assert response.status_code == 404 and 'data-reason="unavailable"' in response.get_data(as_text=True)


def test_the_organiser_gets_no_diploma_or_letter_before_publication(client, organiser, scored):
    category, entry = scored.categories[0], scored.categories[0].entries[0]
    base = f"/admin/editions/{scored.id}/documents"
    client.post("/lang/ru", data={"next": "/"})
    for url in (f"{base}/entries/{entry.id}/diploma.pdf", f"{base}/categories/{category.id}/diplomas.pdf",
                f"{base}/entries/{entry.id}/thanks.pdf", f"{base}/categories/{category.id}/thanks.pdf"):
        response = client.get(url)
        assert response.status_code == 302, url
    page = client.get(f"{base}").get_data(as_text=True)
    assert "только по опубликованным результатам" in page  # the refusals, flashed in the organiser's language
    assert "ждёт, пока будут опубликованы результаты всех учеников педагога: Ғалия Омарова" in page
    assert db.session.scalar(select(func.count()).select_from(Diploma)) == 0
    assert db.session.scalar(select(func.count()).select_from(Letter)) == 0
    # the pages offer no diploma until then, and say why
    listing = client.get(f"{base}/categories/{category.id}").get_data(as_text=True)
    assert "/diploma.pdf" not in listing and "диплом после публикации" in listing
    assert f"/categories/{category.id}/diplomas.pdf" not in page
    # the protocol, the sheets and the confirmations are not results: they are there
    assert client.get(f"{base}/categories/{category.id}/protocol.pdf").status_code == 200
    assert client.get(f"{base}/entries/{entry.id}/confirmation.pdf").status_code == 200


def test_bulk_skips_and_lists_the_unpublished_categories(app, client, organiser, two_categories, tmp_path):
    first, second = two_categories.categories
    publish(first)
    outcome = bulk.run(two_categories, "diplomas", BASE, tmp_path / "d", workers=1)
    assert outcome.documents == 4  # the first category's only
    assert {(w.reason, w.category_id) for w in outcome.withheld} == {("unpublished", second.id)}
    # Серік's pupil is in the second category only; Ғалия's letter names a pupil there too: both wait
    with pytest.raises(bulk.NothingToMake) as info:
        bulk.run(two_categories, "thanks", BASE, tmp_path / "t", workers=1)
    assert {(w.reason, w.name) for w in info.value.withheld} == {
        ("unpublished", "Ғалия Омарова"), ("unpublished", "Серік Қайратұлы")}
    # through the page: the job says what it skipped
    app.config["DOCUMENTS_BULK_INLINE"] = True
    client.post("/lang/ru", data={"next": "/"})
    client.post(f"/admin/editions/{two_categories.id}/documents/bulk/diplomas")
    job = db.session.scalar(select(BulkJob).order_by(BulkJob.id.desc()))
    assert job.status == "done" and job.total == 4
    page = client.get(f"/admin/editions/{two_categories.id}/documents").get_data(as_text=True)
    assert "не опубликованы: Народная песня · 14–17 · соло" in page


def test_bulk_refuses_when_nothing_is_published(app, client, organiser, scored, tmp_path):
    with pytest.raises(bulk.NothingToMake):
        bulk.run(scored, "diplomas", BASE, tmp_path / "d", workers=1)
    app.config["DOCUMENTS_BULK_INLINE"] = True
    response = client.post(f"/admin/editions/{scored.id}/documents/bulk/diplomas", follow_redirects=True)
    assert "ни одна категория этого конкурса ещё не опубликована" in response.get_data(as_text=True)
    assert db.session.scalar(select(BulkJob)) is None
    assert db.session.scalar(select(func.count()).select_from(Diploma)) == 0


def test_the_command_line_refuses_unpublished_results(app, scored, tmp_path):
    result = app.test_cli_runner().invoke(
        args=["documents", "diplomas", "--edition", str(scored.id), "-o", str(tmp_path / "d.pdf"), "--workers", "1"])
    assert result.exit_code != 0 and not (tmp_path / "d.pdf").exists()
    assert db.session.scalar(select(func.count()).select_from(Diploma)) == 0


# ---------------------------------------------------------------- reopened, changed, reprinted


def test_a_changed_result_is_listed_to_reprint_and_replaced_in_one_click(client, organiser, published, tmp_path):
    category = published.categories[0]
    entries = category.entries
    base = f"/admin/editions/{published.id}/documents"
    assert client.get(f"{base}/categories/{category.id}/diplomas.pdf").status_code == 200
    assert client.get(f"{base}/entries/{entries[0].id}/thanks.pdf").status_code == 200
    old = _diploma(entries[0])
    old_code, others = old.code, {e.id: _diploma(e).code for e in entries[1:]}
    letter_code = db.session.scalar(select(Letter.code))

    reopen(category)
    assert reprint.due(published) == []  # provisional: nothing is compared until it is published again
    correct_marks(category, entries[0], (8, 8, 8))
    publish(category)

    page = client.get(base).get_data(as_text=True)
    assert 'id="reprint"' in page and old_code in page and letter_code in page
    for code in others.values():  # their results did not change: not listed
        assert code not in page.split('id="bulk"')[0].split('id="reprint"')[1]
    # nothing is drawn for the stale one in the meantime, and it is not rewritten
    assert client.get(f"{base}/entries/{entries[0].id}/diploma.pdf").status_code == 302
    outcome = bulk.run(published, "diplomas", BASE, tmp_path / "d", workers=1)
    assert outcome.documents == 3 and [(w.reason, w.name) for w in outcome.withheld] == [("changed", f"№1 {entries[0].name}")]

    response = client.post(f"{base}/reissue")
    assert response.status_code == 302
    db.session.expire_all()
    old = db.session.scalar(select(Diploma).where(Diploma.code == old_code))
    new = _diploma(entries[0])
    assert old.superseded_at is not None and old.superseded_by_id == new.id and new.code != old_code
    assert old.statement["award"] == "laureate_1" and new.statement["award"] == "laureate_2"
    assert {e.id: _diploma(e).code for e in entries[1:]} == others  # untouched
    letter = db.session.scalar(select(Letter).where(Letter.code == letter_code))
    assert letter.superseded_by is not None and letter.superseded_by.statement["pupils"][0]["award"] == "laureate_2"
    assert reprint.due(published) == []
    assert 'id="reprint"' not in client.get(base).get_data(as_text=True)

    # the replacement prints under its new code
    text = pdf_text(client.get(f"{base}/entries/{entries[0].id}/diploma.pdf").data)
    assert new.code in text and "Лауреат II степени" in text and old_code not in text
    # the page offers the replacements, and only they, as one PDF to hand out
    assert f"{base}/replacements.pdf" in client.get(base).get_data(as_text=True)
    replacements = client.get(f"{base}/replacements.pdf")
    assert len(PdfReader(io.BytesIO(replacements.data)).pages) == 2
    text = pdf_text(replacements.data)
    assert new.code in text and letter.superseded_by.code in text and others[entries[1].id] not in text

    client.post("/logout")
    client.post("/lang/ru", data={"next": "/"})
    page = client.get(f"/verify/{old_code}").get_data(as_text=True)
    assert 'data-status="replaced"' in page and new.code in page
    assert old.superseded_at.strftime("%Y") in page
    assert "Лауреат II степени" in page  # the result now, besides what the old paper says
    page = client.get(f"/verify/{new.code}").get_data(as_text=True)
    assert "data-status" not in page and "Лауреат II степени" in page
    page = client.get(f"/verify/{letter_code}").get_data(as_text=True)
    assert 'data-status="replaced"' in page and letter.superseded_by.code in page
    # reopened once more: the old code still says replaced, and shows no result under review
    reopen(category)
    page = client.get(f"/verify/{old_code}").get_data(as_text=True)
    assert 'data-status="replaced"' in page and new.code in page
    assert "Результат сейчас" not in page and "пересматривает жюри" in page


def test_verify_says_the_results_are_being_reviewed_while_reopened(client, published):
    entry = published.categories[0].entries[0]
    client.post("/diploma", data={"code": entry.code})
    code = _diploma(entry).code
    reopen(published.categories[0])
    client.post("/lang/ru", data={"next": "/"})
    page = client.get(f"/verify/{code}").get_data(as_text=True)
    assert 'data-status="reviewing"' in page and "Лауреат I степени" in page


def test_verify_of_a_changed_diploma_not_yet_replaced_says_so(client, published):
    entry = published.categories[0].entries[0]
    client.post("/diploma", data={"code": entry.code})
    code = _diploma(entry).code
    _lower_first(published)
    page = client.get(f"/verify/{code}").get_data(as_text=True)
    assert 'data-status="changed"' in page
    # the family asking for the diploma again gets no second paper with another result under the old code
    response = client.post("/diploma", data={"code": entry.code})
    assert response.status_code == 403 and 'data-reason="reprint"' in response.get_data(as_text=True)


def test_a_reopened_category_published_unchanged_lists_nothing(client, organiser, published):
    category = published.categories[0]
    Builder(published, BASE).category_documents("diplomas", category)
    db.session.commit()
    reopen(category)
    publish(category)
    assert reprint.due(published) == []
    assert operations.reissue(published, None) == []
