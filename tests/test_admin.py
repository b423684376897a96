"""The organiser's admin: access control everywhere, editions from presets, categories and their rules."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from judging.models import AuditEntry, Category, Edition, User


def _admin_urls(app) -> list[tuple[str, str]]:
    """Every admin URL of every blueprint under /admin, with its variables filled in."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin"):
            continue
        url = re.sub(r"<int:\w+>", "1", rule.rule)
        # <any(a, b):name> takes one of its listed values; anything else takes a plain word
        url = re.sub(r"<any\(([^,)]+)[^>]*>", lambda m: m.group(1).strip(), url)
        url = re.sub(r"<[^>]+>", "x", url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            urls.append((method, url))
    return urls


def test_admin_has_many_pages(app):
    assert len(_admin_urls(app)) >= 10


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(app, client, make_edition):
    make_edition()
    for method, url in _admin_urls(app):
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url, response.status_code)
        assert "/login" in response.headers["Location"], (method, url)


@pytest.mark.parametrize("role", ["judge", "chair"])
def test_judges_are_refused_everywhere_in_the_admin(app, client, make_user, login, make_edition, role):
    make_edition()
    login(make_user(role))
    for method, url in _admin_urls(app):
        if url.startswith("/admin/editions/1/console") and role == "chair":
            continue  # the chair's console is the one admin page for the jury chair
        response = client.open(url, method=method)
        assert response.status_code == 403, (method, url, response.status_code)


def test_start_an_edition_from_a_preset(client, organiser, db):
    page = client.get("/admin/editions/new")
    assert page.status_code == 200
    response = client.post("/admin/editions/new", data={"preset": "vocal", "year": 2027})
    assert response.status_code == 302
    edition = db.session.scalar(select(Edition).where(Edition.slug == "vocal-2027"))
    assert edition is not None and edition.year == 2027
    assert len(edition.categories) >= 3
    first = edition.categories[0]
    assert first.rule == "criteria_panel"
    assert first.params["panel"] == "trimmed"
    assert {"kk", "ru"} <= set(edition.title)
    overview = client.get(f"/admin/editions/{edition.id}").get_data(as_text=True)
    assert first.label("ru") in overview or first.label("kk") in overview
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "edition.started")) is not None
    # The same preset and year again gets an address of its own.
    client.post("/admin/editions/new", data={"preset": "vocal", "year": 2027})
    assert db.session.scalar(select(Edition).where(Edition.slug == "vocal-2027-2")) is not None


def test_an_unknown_preset_is_refused(client, organiser, db):
    response = client.post("/admin/editions/new", data={"preset": "nonexistent", "year": 2027})
    assert response.status_code == 200
    assert db.session.scalar(select(Edition)) is None


def test_every_preset_starts_an_edition(client, organiser, db):
    from judging import presets

    for key in presets.available():
        response = client.post("/admin/editions/new", data={"preset": key, "year": 2030})
        assert response.status_code == 302, key
    assert db.session.query(Edition).count() == len(presets.available()) == 9


def _start(client, db, preset="vocal") -> Edition:
    client.post("/admin/editions/new", data={"preset": preset, "year": 2026})
    return db.session.scalar(select(Edition).order_by(Edition.id.desc()))


def test_edit_edition_settings(client, organiser, db):
    edition = _start(client, db)
    url = f"/admin/editions/{edition.id}/settings"
    assert client.get(url).status_code == 200
    data = {
        "title_kk": "Жаңа атау", "title_ru": "Новое название", "title_en": "New title", "slug": "stars-2026",
        "year": 2026, "starts_on": "2026-03-02", "ends_on": "2026-03-03", "city_kk": "Петропавл",
        "city_ru": "Петропавловск", "city_en": "Petropavl", "venue_kk": "", "venue_ru": "", "venue_en": "",
        "director_name": "Ж. Сейітова", "privacy": "full", "languages": ["kk", "ru"],
    }
    assert client.post(url, data=data).status_code == 302
    db.session.refresh(edition)
    assert edition.title["ru"] == "Новое название" and edition.slug == "stars-2026" and edition.privacy == "full"
    # A missing Kazakh title and a last day before the first are refused; nothing changes.
    bad = dict(data, title_kk="", ends_on="2026-03-01", slug="other")
    page = client.post(url, data=bad)
    assert page.status_code == 200
    db.session.refresh(edition)
    assert edition.slug == "stars-2026" and edition.title["kk"] == "Жаңа атау"
    # An address of digits only would read as another edition's id on the hall screen's `watch`.
    page = client.post(url, data=dict(data, slug="2026"))
    assert page.status_code == 200 and "хотя бы одна буква" in page.get_data(as_text=True)  # the page is in Russian
    db.session.refresh(edition)
    assert edition.slug == "stars-2026"


def test_edit_a_category_rule_criteria_and_ladder(client, organiser, db):
    edition = _start(client, db)
    category = edition.categories[0]
    url = f"/admin/editions/{edition.id}/categories/{category.id}"
    page = client.get(url).get_data(as_text=True)
    assert "criteria-0-key" in page and "awards-0-key" in page
    form = _category_form(category)
    form["criteria-0-max"] = "5"
    form["awards-0-min"] = "9.8"
    form["param-trim"] = "1"
    response = client.post(url, data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.refresh(category)
    assert category.params["criteria"][0]["max"] == 5
    assert category.params["awards"]["levels"][0]["min"] == 9.8
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "category.updated")) is not None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"criteria-0-max": "ten"}, "not a number"),
        ({"param-panel": "bogus"}, "panel"),
        ({"criteria-0-key": ""}, None),
    ],
)
def test_a_bad_rule_parameter_is_refused_and_nothing_changes(client, organiser, db, change, expected):
    client.post("/lang/en", data={"next": "/"})  # the messages are checked in English
    edition = _start(client, db)
    category = edition.categories[0]
    before = dict(category.params)
    form = _category_form(category)
    form.update(change)
    if change.get("criteria-0-key") == "":
        form["criteria-0-max"] = "abc"  # a row with no key but other values is reported, not silently dropped
    response = client.post(f"/admin/editions/{edition.id}/categories/{category.id}", data=form)
    assert response.status_code == 200
    if expected:
        assert expected in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Category, category.id).params == before


def test_a_refused_save_keeps_what_the_organiser_typed(client, organiser, db):
    edition = _start(client, db)
    category = edition.categories[0]
    form = _category_form(category)
    form.update({"criteria-0-max": "ten", "criteria-0-label_ru": "Новое <имя>", "awards-0-min": "9.25"})
    page = client.post(f"/admin/editions/{edition.id}/categories/{category.id}", data=form).get_data(as_text=True)
    assert 'name="criteria-0-max" value="ten"' in page
    assert 'value="Новое &lt;имя&gt;"' in page  # kept, and still escaped
    assert 'name="awards-0-min" value="9.25"' in page


def _category_form(category: Category) -> dict:
    form = {"rule": category.rule, "action": "save", "outlier_threshold": "1.5"}
    for name in ("nomination", "age_group", "form"):
        for code in ("kk", "ru", "en"):
            form[f"{name}_{code}"] = getattr(category, name).get(code, "")
    for i, c in enumerate(category.params.get("criteria", [])):
        form[f"criteria-{i}-key"] = c["key"]
        for f in ("min", "max", "step", "weight"):
            if f in c:
                form[f"criteria-{i}-{f}"] = str(c[f])
        for code in ("kk", "ru", "en"):
            form[f"criteria-{i}-label_{code}"] = category.labels.get(c["key"], {}).get(code, "")
    for i, level in enumerate(category.params.get("awards", {}).get("levels", [])):
        form[f"awards-{i}-key"] = level["key"]
        for f in ("min", "max", "max_count"):
            if f in level:
                form[f"awards-{i}-{f}"] = str(level[f])
        if "places" in level:
            form[f"awards-{i}-places"] = ", ".join(str(p) for p in level["places"])
    form["awards_otherwise"] = category.params.get("awards", {}).get("otherwise") or ""
    for key, value in category.params.items():
        if key not in ("criteria", "aspects", "awards"):
            form[f"param-{key}"] = value if not isinstance(value, (list, dict)) else __import__("json").dumps(value)
    return form


def test_add_and_delete_a_category(client, organiser, db):
    edition = _start(client, db)
    count = len(edition.categories)
    data = {"nomination_kk": "Халық әні", "nomination_ru": "Народная песня", "nomination_en": "Folk song",
            "age_group_kk": "14–17", "age_group_ru": "14–17", "age_group_en": "14–17",
            "form_kk": "жеке", "form_ru": "соло", "form_en": "solo"}
    assert client.post(f"/admin/editions/{edition.id}/categories/new", data=data).status_code == 302
    db.session.expire_all()
    edition = db.session.get(Edition, edition.id)
    assert len(edition.categories) == count + 1
    new = edition.categories[-1]
    assert new.rule == edition.categories[0].rule
    # The same category twice is refused.
    client.post(f"/admin/editions/{edition.id}/categories/new", data=data)
    db.session.expire_all()
    assert len(db.session.get(Edition, edition.id).categories) == count + 1
    assert client.post(f"/admin/editions/{edition.id}/categories/{new.id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(Category, new.id) is None


def test_a_category_with_entries_cannot_be_deleted(client, organiser, db, make_edition):
    edition = make_edition(entries=2)
    category = edition.categories[0]
    client.post(f"/admin/editions/{edition.id}/categories/{category.id}/delete")
    assert db.session.get(Category, category.id) is not None


def test_the_audit_log_page_lists_changes(client, organiser, db):
    edition = _start(client, db)
    page = client.get(f"/admin/editions/{edition.id}/audit").get_data(as_text=True)
    assert "edition.started" in page
    assert client.get(f"/admin/editions/{edition.id}/audit?page={10**20}").status_code == 200  # page 1


def test_only_administrators_manage_accounts(client, make_user, login, db):
    login(make_user("organiser"))
    assert client.get("/admin/users").status_code == 403
    client.post("/logout")
    login(make_user("admin"))
    client.post("/lang/en", data={"next": "/"})
    assert client.get("/admin/users").status_code == 200
    response = client.post("/admin/users", data={"username": "marat", "name": "Марат", "role": "organiser", "password": "long-enough"})
    assert response.status_code == 302
    assert db.session.scalar(select(User).where(User.username == "marat")).role == "organiser"
    page = client.post("/admin/users", data={"username": "marat", "name": "", "role": "organiser", "password": "long-enough"})
    assert "The username “marat” is taken." in page.get_data(as_text=True)


def test_a_long_non_number_in_the_rule_form_is_quoted_briefly(app):
    from werkzeug.datastructures import MultiDict

    from judging.admin.rule_form import read_criteria

    errors: list[str] = []
    read_criteria(MultiDict({"criteria-0-key": "voice", "criteria-0-max": "x" * 900_000}), errors)
    assert len(errors) == 2 and "x" * 60 + "…" in errors[0] and len(errors[0]) < 200
