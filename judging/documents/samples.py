"""Data for checking and previewing a template: the edition's own when it has some, else a made-up sample.

A diploma or letter preview never issues a code: it uses made-up entries, so previewing leaves no trace.
"""

from __future__ import annotations

from judging.documents import data
from judging.documents.build import Builder
from judging.documents.wording import award_texts

SAMPLE_ENTRY = {
    "id": 0, "number": 7, "name": "Әсем Ғалымқызы Құдайбергенова", "kind": "person", "collective": False,
    "members": [], "institution": "№12 мектеп-гимназия, Петропавл қ.", "district": "Қызылжар ауданы",
    "teacher": "Өмірзақ Ұлықбекұлы Һашимов", "repertoire": "«Қара жорға» — қазақ халық әні", "status": "performed",
    "code": "SAMPLE00",
}
SAMPLE_CATEGORY = {
    "id": 0,
    "label": {"kk": "Эстрадалық вокал · 10–13 жас · Жеке орындау", "ru": "Эстрадный вокал · 10–13 лет · Соло",
              "en": "Pop singing · 10–13 years · Solo"},
    "nomination": {}, "age_group": {}, "form": {},
}
SAMPLE_CODE = "PREVIEW4ACDE"


def sample(builder: Builder, kind: str) -> dict:
    """The template context for a kind: real protocol/sheet/card data when the edition has it."""
    edition = builder.edition
    w = builder.common["w"]
    url = data.verify_url(builder.base_url, SAMPLE_CODE)
    category = next((c for c in edition.categories if c.entries), None)
    if kind == "diploma":
        doc = {"kind": "diploma", "award": award_texts(w, "laureate_1"), "award_key": "laureate_1", "place": "1",
               "entry": SAMPLE_ENTRY, "name": SAMPLE_ENTRY["name"], "member_of": None, "category": SAMPLE_CATEGORY,
               "code": SAMPLE_CODE, "verify_url": url, "qr": data.qr_data_uri(url)}
    elif kind == "thanks":
        doc = _sample_letter(w, url)
    elif kind == "protocol":
        doc = data.protocol(category) if category else _empty_protocol()
    elif kind in ("sheet", "blank_sheet"):
        judge = next((j for j in (category.judges if category else []) if j.marks_for_panel), None)
        doc = data.score_sheet(category, judge, kind == "blank_sheet") if judge else _empty_sheet(kind == "blank_sheet")
    elif kind == "cards":
        doc = data.judge_cards(edition, list(edition.judges), builder.base_url)
    elif kind == "confirmation":
        doc = {"entry": SAMPLE_ENTRY, "category": SAMPLE_CATEGORY, "download_url": builder.base_url.rstrip("/") + "/diploma"}
    else:
        raise ValueError(kind)
    return builder.context(doc)


def _sample_letter(w: dict, url: str) -> dict:
    """A teacher's letter naming three made-up pupils in two categories (the wording for several)."""
    other_category = {**SAMPLE_CATEGORY, "id": -1, "label": {
        "kk": "Эстрадалық вокал · 14–17 жас · Дуэт", "ru": "Эстрадный вокал · 14–17 лет · Дуэт",
        "en": "Pop singing · 14–17 years · Duet"}}
    pupils = [
        {**SAMPLE_ENTRY, "award": award_texts(w, "laureate_1"), "award_key": "laureate_1", "category": SAMPLE_CATEGORY},
        {**SAMPLE_ENTRY, "id": -1, "number": 9, "name": "Іңкәр Серікқызы Өтегенова", "code": "SAMPLE01",
         "award": award_texts(w, "diplomant"), "award_key": "diplomant", "category": SAMPLE_CATEGORY},
        {**SAMPLE_ENTRY, "id": -2, "number": 3, "name": "«Шұғыла» дуэті", "kind": "collective", "collective": True,
         "members": ["Ұлдана Һасенова", "Әлихан Қайратұлы"], "code": "SAMPLE02",
         "award": award_texts(w, "laureate_2"), "award_key": "laureate_2", "category": other_category},
    ]
    groups = [{"category": SAMPLE_CATEGORY, "pupils": pupils[:2]}, {"category": other_category, "pupils": pupils[2:]}]
    return {
        "kind": "thanks", "teacher": SAMPLE_ENTRY["teacher"], "institution": SAMPLE_ENTRY["institution"],
        "pupils": pupils,
        "categories": groups, "several": True, "reason": w["letter_reason_many"],
        "size": data.letter_size(groups, ["kk", "ru"]),
        "code": SAMPLE_CODE, "verify_url": url, "qr": data.qr_data_uri(url),
        "entry": pupils[0], "category": SAMPLE_CATEGORY,
    }


def _empty_protocol() -> dict:
    return {"category": SAMPLE_CATEGORY, "rule": "criteria_panel", "criteria": [], "judges": [], "jury": [],
            "rows": [], "notes": [], "landscape": False, "computed_at": "", "has_results": False}


def _empty_sheet(blank: bool) -> dict:
    return {"blank": blank, "category": SAMPLE_CATEGORY,
            "judge": {"id": 0, "name": "—", "role": "member", "role_label": {"kk": "", "ru": ""}},
            "criteria": [], "rows": [], "landscape": False}
