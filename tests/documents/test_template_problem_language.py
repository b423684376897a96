"""A broken document template is explained in the organiser's language; Jinja's English is only the detail."""

from __future__ import annotations


def test_a_broken_template_is_explained_in_russian(client, organiser, scored):
    client.post("/lang/ru", data={"next": "/"})
    url = f"/admin/editions/{scored.id}/documents/templates/diploma"
    broken = "<html><body>\n<h1>ok</h1>\n{% if doc.name %}\n{{ doc.name }}\n</body></html>"
    html = client.post(url, data={"body": broken, "action": "save"}).get_data(as_text=True)
    assert "Строка 4: В шаблоне синтаксическая ошибка." in html
    assert "<code class=\"small\">" in html and "endif" in html  # the engine's own words stay as the detail
    html = client.post(url, data={"body": "<p>{{ 1 // 0 }}</p>", "action": "preview"}).get_data(as_text=True)
    assert "Шаблон не работает на образце данных." in html
