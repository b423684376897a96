"""The organiser's results page, the ceremony page and the hall screen page over HTTP."""

from __future__ import annotations

from judging.extensions import db
from judging.models import AuditEntry


def test_manage_page_lists_categories_with_controls(client, organiser, make_edition, mark_all):
    edition = make_edition()
    mark_all(edition.categories[0], [9, 8, 7])
    page = client.get(f"/admin/editions/{edition.id}/results")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f"/screen/{edition.slug}" in html and f"/results/{edition.slug}" in html
    assert 'value="frozen"' in html and "export.xlsx" in html


def test_organiser_changes_visibility_through_the_form(client, organiser, make_edition):
    edition = make_edition()
    category = edition.categories[0]
    response = client.post(f"/admin/editions/{edition.id}/results/{category.id}/visibility", data={"visibility": "live"})
    assert response.status_code == 302
    db.session.refresh(category)
    assert category.visibility == "live"
    assert db.session.query(AuditEntry).filter_by(action="category.visibility").count() == 1
    response = client.post(f"/admin/editions/{edition.id}/results/{category.id}/visibility",
                           data={"visibility": "glowing"}, follow_redirects=True)
    assert "glowing" in response.get_data(as_text=True)
    db.session.refresh(category)
    assert category.visibility == "live"


def test_ceremony_page_steps_and_offers_publish(client, organiser, make_edition, mark_all, finalise):
    edition = make_edition(visibility="frozen")
    category = edition.categories[0]
    mark_all(category, [10, 9, 8])
    finalise(category)
    url = f"/admin/editions/{edition.id}/results/{category.id}/ceremony"
    page = client.get(url).get_data(as_text=True)
    assert 'class="reveal-next"' in page
    for _ in range(3):
        assert client.post(url + "/next").status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert 'class="reveal-next"' not in page and 'name="visibility" value="published"' in page
    assert db.session.query(AuditEntry).filter_by(action="category.reveal").count() == 3


def test_results_pages_need_an_organiser(client, make_user, login, make_edition):
    edition = make_edition()
    category = edition.categories[0]
    urls = [f"/admin/editions/{edition.id}/results", f"/admin/editions/{edition.id}/results/{category.id}/ceremony"]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    response = client.post(f"/admin/editions/{edition.id}/results/{category.id}/visibility", data={"visibility": "live"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    login(make_user("judge"))
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(f"/admin/editions/{edition.id}/results/{category.id}/ceremony/next").status_code == 403
    db.session.refresh(category)
    assert category.visibility == "hidden"


def test_hall_screen_page_needs_no_sign_in(client, make_edition):
    edition = make_edition()
    page = client.get(f"/screen/{edition.slug}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "socket.io.min.js" in html and "<svg" in html and f"/results/{edition.slug}" in html
    assert "http://" not in html.replace(f"http://localhost/results/{edition.slug}", "")  # nothing from the internet
    assert client.get("/screen/no-such-edition").status_code == 404


def test_home_page_links_the_results(client, make_edition):
    edition = make_edition()
    assert f"/results/{edition.slug}" in client.get("/").get_data(as_text=True)
