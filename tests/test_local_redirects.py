"""A `next` in a form or a link leads only to a page of this site."""

from __future__ import annotations

import pytest

from judging.local_redirects import local_path

OTHER_SITES = ["https://evil.com/x", "//evil.com", "/\\evil.com", "\\\\evil.com", "/\t/evil.com", "/\n/evil.com",
               "http:/evil.com", "evil.com", " //evil.com", "javascript:alert(1)", "", None]


@pytest.mark.parametrize("target", OTHER_SITES)
def test_another_site_is_not_a_local_path(target):
    assert local_path(target) is None


@pytest.mark.parametrize("target", ["/", "/admin/", "/admin/editions/3/results?tab=x#top", "/results/vocal-2026"])
def test_a_path_of_this_site_is_kept(target):
    assert local_path(target) == target


@pytest.mark.parametrize("target", ["https://evil.com/x", "//evil.com", "/\\evil.com"])
def test_visibility_form_does_not_redirect_to_another_site(client, organiser, make_edition, target):
    edition = make_edition()
    category = edition.categories[0]
    response = client.post(f"/admin/editions/{edition.id}/results/{category.id}/visibility",
                           data={"visibility": "live", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/editions/{edition.id}/results"


def test_visibility_form_goes_back_to_a_local_page(client, organiser, make_edition):
    edition = make_edition()
    category = edition.categories[0]
    back = f"/admin/editions/{edition.id}/results/{category.id}/ceremony"
    response = client.post(f"/admin/editions/{edition.id}/results/{category.id}/visibility",
                           data={"visibility": "live", "next": back})
    assert response.headers["Location"] == back


@pytest.mark.parametrize("target", ["/\\evil.com", "//evil.com"])
def test_sign_in_and_language_do_not_redirect_to_another_site(client, make_user, target):
    user = make_user("organiser")
    response = client.post(f"/login?next={target}", data={"username": user.username, "password": "secret"})
    assert response.headers["Location"] == "/admin/"
    response = client.post("/lang/kk", data={"next": target})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(("referrer", "expected"), [
    ("https://evil.com/x", None),
    ("http://localhost/admin/?tab=1", "/admin/?tab=1"),
])
def test_nothing_to_print_goes_back_only_to_a_page_of_this_site(client, organiser, make_edition, referrer, expected):
    edition = make_edition(entries=0)
    category = edition.categories[0]
    response = client.get(f"/admin/editions/{edition.id}/documents/categories/{category.id}/confirmations.pdf",
                          headers={"Referer": referrer})
    assert response.status_code == 302
    assert response.headers["Location"] == (expected or f"/admin/editions/{edition.id}/documents")
