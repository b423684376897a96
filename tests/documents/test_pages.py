"""The organisers' document pages, the public verify page and the participants' download."""

from __future__ import annotations

import io
import zipfile

from PIL import Image
from pypdf import PdfReader
from sqlalchemy import select

from judging.documents import bulk
from judging.extensions import db
from judging.models.document import BulkJob, Diploma, DocumentSettings, DocumentTemplate
from tests.documents.conftest import pdf_text, publish


def _png(size=(40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def test_document_pages_need_an_organiser(client, scored, make_user, login):
    url = f"/admin/editions/{scored.id}/documents"
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    login(make_user("judge"))
    assert client.get(url).status_code == 403


def test_index_and_category_pages_list_the_documents(client, organiser, scored):
    category = scored.categories[0]
    page = client.get(f"/admin/editions/{scored.id}/documents")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f"/documents/categories/{category.id}/protocol.pdf" in html
    page = client.get(f"/admin/editions/{scored.id}/documents/categories/{category.id}")
    html = page.get_data(as_text=True)
    for entry in category.entries:
        assert entry.code in html


def test_pdf_endpoints_answer_with_pdfs(client, organiser, published):
    category, entry = published.categories[0], published.categories[0].entries[0]
    base = f"/admin/editions/{published.id}/documents"
    for url in (
        f"{base}/categories/{category.id}/protocol.pdf",
        f"{base}/categories/{category.id}/sheets.pdf",
        f"{base}/categories/{category.id}/sheets.pdf?blank=1",
        f"{base}/categories/{category.id}/diplomas.pdf",
        f"{base}/categories/{category.id}/thanks.pdf",
        f"{base}/categories/{category.id}/confirmations.pdf",
        f"{base}/entries/{entry.id}/diploma.pdf",
        f"{base}/entries/{entry.id}/thanks.pdf",
        f"{base}/entries/{entry.id}/confirmation.pdf",
        f"{base}/cards.pdf",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF"), url
    diplomas = PdfReader(io.BytesIO(client.get(f"{base}/categories/{category.id}/diplomas.pdf").data))
    assert len(diplomas.pages) == 4


def test_an_entry_of_another_edition_is_not_found(client, organiser, scored, make_edition):
    other = make_edition()
    entry = scored.categories[0].entries[0]
    assert client.get(f"/admin/editions/{other.id}/documents/entries/{entry.id}/diploma.pdf").status_code == 404


def test_template_editor_refuses_a_broken_template_and_keeps_the_stored_one(client, organiser, scored):
    url = f"/admin/editions/{scored.id}/documents/templates/diploma"
    good = "<html><body><h1>{{ w.diploma_heading | both(langs) }}</h1>{{ doc.name }}</body></html>"
    assert client.post(url, data={"body": good, "action": "save"}).status_code == 302
    broken = "<html><body>\n<h1>ok</h1>\n{% if doc.name %}\n{{ doc.name }}\n</body></html>"
    response = client.post(url, data={"body": broken, "action": "save"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'data-line="4"' in html and "endif" in html  # where Jinja noticed the missing {% endif %}
    assert db.session.scalar(select(DocumentTemplate.body)) == good
    # a runtime error names its line too
    response = client.post(url, data={"body": "<p>\n\n{{ doc.name | nosuchfilter }}</p>", "action": "save"})
    assert response.status_code == 422 and 'data-line="3"' in response.get_data(as_text=True)
    assert "nosuchfilter" in response.get_data(as_text=True)
    response = client.post(url, data={"body": "<p>\n{{ doc.name }}\n{{ 1 // 0 }}</p>", "action": "save"})
    assert response.status_code == 422 and 'data-line="3"' in response.get_data(as_text=True)
    assert db.session.scalar(select(DocumentTemplate.body)) == good


def test_template_preview_and_reset(client, organiser, scored):
    url = f"/admin/editions/{scored.id}/documents/templates/diploma"
    body = "<html><body><p>Превью ӘҒҚҢӨҰҮҺІ {{ doc.name }}</p></body></html>"
    response = client.post(url, data={"body": body, "action": "preview"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "Превью ӘҒҚҢӨҰҮҺІ" in pdf_text(response.data)
    assert db.session.scalar(select(DocumentTemplate)) is None  # a preview stores nothing
    assert db.session.scalar(select(Diploma)) is None  # nor issues a code
    client.post(url, data={"body": body, "action": "save"})
    assert db.session.scalar(select(DocumentTemplate)) is not None
    client.post(url, data={"action": "reset"})
    assert db.session.scalar(select(DocumentTemplate)) is None
    assert "w.diploma_heading" in client.get(url).get_data(as_text=True)  # the default is back


def test_template_editor_for_every_kind_opens_and_previews(client, organiser, scored):
    from judging.documents.templates_env import KINDS, default_source

    for kind in KINDS:
        url = f"/admin/editions/{scored.id}/documents/templates/{kind}"
        assert client.get(url).status_code == 200
        response = client.post(url, data={"body": default_source(kind), "action": "preview"})
        assert response.status_code == 200 and response.data.startswith(b"%PDF"), kind


def test_wording_page_saves_phrases(client, organiser, scored):
    url = f"/admin/editions/{scored.id}/documents/wording"
    assert client.get(url).status_code == 200
    client.post(url, data={"awarded__kk": "марапатталды", "awarded__ru": "награждён(а)"})
    db.session.refresh(scored)
    assert scored.wording["awarded"] == {"kk": "марапатталды", "ru": "награждён(а)"}


def test_logo_accepts_png_and_refuses_svg(client, organiser, scored):
    url = f"/admin/editions/{scored.id}/documents/settings"
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>'
    client.post(url, data={"logo": (io.BytesIO(svg), "logo.svg")}, content_type="multipart/form-data")
    assert db.session.scalar(select(DocumentSettings.logo_png)) is None
    client.post(url, data={"logo": (io.BytesIO(_png()), "logo.png"), "member_diplomas": "1"},
                content_type="multipart/form-data")
    settings = db.session.scalar(select(DocumentSettings))
    assert settings.logo_png.startswith(b"\x89PNG") and settings.member_diplomas
    response = client.get(f"/admin/editions/{scored.id}/documents/categories/{scored.categories[0].id}/protocol.pdf")
    assert response.status_code == 200


def test_verify_page_confirms_a_real_code_and_says_plainly_when_unknown(client, organiser, published):
    entry = published.categories[0].entries[0]
    client.get(f"/admin/editions/{published.id}/documents/entries/{entry.id}/diploma.pdf")
    code = db.session.scalar(select(Diploma.code).where(Diploma.entry_id == entry.id))
    client.post("/logout")
    page = client.get(f"/verify/{code}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert entry.name in html and "2026" in html and "Лауреат I степени" in html
    lower = client.get(f"/verify/{code.lower()}")
    assert lower.status_code == 200  # typed by hand in lower case
    unknown = client.get("/verify/ZZZZZZZZZZZZ")
    assert unknown.status_code == 404
    assert "ZZZZZZZZZZZZ" in unknown.get_data(as_text=True)


def test_participant_downloads_only_a_published_diploma_by_the_entry_code(client, scored):
    category = scored.categories[0]
    first, second = category.entries[0], category.entries[1]
    response = client.post("/diploma", data={"code": first.code})
    assert response.status_code == 404 and 'data-reason="unavailable"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Diploma)) is None
    publish(category)
    response = client.post("/diploma", data={"code": first.code.lower()})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert first.name in text and second.name not in text
    other = pdf_text(client.post("/diploma", data={"code": second.code}).data)
    assert second.name in other and first.name not in other
    wrong = client.post("/diploma", data={"code": "NOPE1234"})
    assert wrong.status_code == 404 and 'data-reason="unavailable"' in wrong.get_data(as_text=True)
    assert client.get("/diploma").status_code == 200


def test_bulk_job_in_the_background_makes_a_merged_pdf_and_a_zip(app, client, organiser, published):
    app.config["DOCUMENTS_WORKERS"] = 2
    category = published.categories[0]
    for entry in category.entries:  # enough documents for the process pool
        entry.teacher = f"Педагог {entry.number}"
    from judging.models import Entry

    for n in range(5, 17):
        db.session.add(Entry(category=category, number=n, name=f"Қатысушы {n}", teacher=f"Ұстаз {n}"))
    db.session.commit()
    response = client.post(f"/admin/editions/{published.id}/documents/bulk/thanks")
    assert response.status_code == 302
    job = db.session.scalar(select(BulkJob))
    bulk.wait_for(job.id, timeout=120)
    db.session.expire_all()  # the test shares the app context (and session) with the requests
    state = client.get(f"/admin/editions/{published.id}/documents/jobs/{job.id}.json").get_json()
    assert state["status"] == "done", state
    assert state["total"] == 16 and state["done"] == 16 and state["percent"] == 100
    pdf = client.get(state["pdf_url"])
    assert len(PdfReader(io.BytesIO(pdf.data)).pages) == 16
    archive = zipfile.ZipFile(io.BytesIO(client.get(state["zip_url"]).data))
    assert len(archive.namelist()) == 16
    assert all(len(PdfReader(archive.open(name)).pages) == 1 for name in archive.namelist())
    # a second run draws nothing again: every document is unchanged
    client.post(f"/admin/editions/{published.id}/documents/bulk/thanks")
    second = db.session.scalars(select(BulkJob).order_by(BulkJob.id.desc())).first()
    bulk.wait_for(second.id, timeout=120)
    db.session.expire_all()
    assert second.status == "done" and second.reused == 16


def test_bulk_protocols_and_diplomas_inline(app, published, tmp_path):
    category = published.categories[0]
    outcome = bulk.run(published, "diplomas", "http://x", tmp_path / "d", workers=1)
    assert outcome.documents == 4 and outcome.pages == 4
    assert len(zipfile.ZipFile(outcome.zip).namelist()) == 4
    outcome = bulk.run(published, "protocols", "http://x", tmp_path / "p", workers=1)
    assert outcome.documents == 1
    assert category.entries[0].name.split()[0] in pdf_text(outcome.pdf.read_bytes())


def test_cli_writes_a_protocol_and_the_diplomas(app, published, tmp_path):
    runner = app.test_cli_runner()
    target = tmp_path / "protocol.pdf"
    result = runner.invoke(args=["documents", "protocol", "--category", str(published.categories[0].id), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "Протокол заседания жюри" in pdf_text(target.read_bytes())
    target = tmp_path / "diplomas.pdf"
    result = runner.invoke(args=["documents", "diplomas", "--edition", str(published.id), "-o", str(target), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert len(PdfReader(str(target)).pages) == 4
    target = tmp_path / "diplomas.zip"
    result = runner.invoke(args=["documents", "diplomas", "--edition", str(published.id), "-o", str(target), "--workers", "1"])
    assert result.exit_code == 0 and "4 reused" in result.output
    assert len(zipfile.ZipFile(target).namelist()) == 4
    result = runner.invoke(args=["documents", "protocol", "--category", "999999", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "no category" in result.output
