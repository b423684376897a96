"""The scoring rules' errors and parameter names reach organisers in their language, not the rules' English."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy import select

import scoring_rules
from judging import results
from judging.models import Category, Edition, Mark, Measurement, Placement, Sheet
from judging.rule_wording import error_text, scoring_error_text, stored_error_text

# The English the rule package writes: none of it may be the only text a kk/ru organiser gets.
RULE_ENGLISH = ("is not one of", "is below the minimum", "is above the maximum", "is not a whole number",
                "is required", "has no parameter")


def _refusal(params: dict) -> scoring_rules.ScoringError:
    base = {"criteria": [{"key": "voice", "max": 10}]}
    with pytest.raises(scoring_rules.ScoringError) as caught:
        scoring_rules.check_params("criteria_panel", {**base, **params})
    return caught.value


@pytest.mark.parametrize(
    ("params", "ru"),
    [
        ({"panel": "bogus"}, "Оценка жюри: «bogus» — недопустимое значение (допустимы: среднее, "),
        ({"trim": -1}, "меньше минимума 1"),
        ({"decimals": 20}, "больше максимума 12"),
        ({"trim": 1.5}, "не целое число"),
        ({"colour": "red"}, "нет параметра «colour»"),
    ],
)
def test_parameter_problems_are_worded_in_russian(app, params, ru):
    error = _refusal(params)
    with force_locale("ru"):
        text = scoring_error_text(error)
    assert ru in text
    assert not any(english in text for english in RULE_ENGLISH), text


def test_parameter_problems_are_worded_in_kazakh(app):
    with force_locale("kk"):
        text = scoring_error_text(_refusal({"panel": "bogus"}))
    assert text.startswith("Әділқазылар алқасының бағасы: «bogus»"), text
    assert "is not one of" not in text


def test_a_problem_without_details_keeps_the_rules_text_as_the_detail(app):
    with force_locale("ru"):
        text = error_text("invalid_input", "judge 3 marked entry 7 twice", "3")
    assert text.startswith("Правило оценивания отклонило оценки этой категории.")
    assert text.endswith("judge 3 marked entry 7 twice")


def test_the_rule_editor_refuses_bad_parameters_in_russian(client, organiser, db):
    client.post("/lang/ru", data={"next": "/"})
    client.post("/admin/editions/new", data={"preset": "vocal", "year": 2026})
    edition = db.session.scalar(select(Edition).order_by(Edition.id.desc()))
    category = edition.categories[0]
    url = f"/admin/editions/{edition.id}/categories/{category.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Оценка жюри" in page and ">усечённое среднее</option>" in page  # names, not keys
    form = {"rule": category.rule, "action": "save", "outlier_threshold": "1.5", "param-panel": "bogus",
            **{f"{name}_{code}": getattr(category, name).get(code, "")
               for name in ("nomination", "age_group", "form") for code in ("kk", "ru", "en")}}
    for i, c in enumerate(category.params["criteria"]):
        form.update({f"criteria-{i}-key": c["key"], f"criteria-{i}-max": str(c["max"])})
    page = client.post(url, data=form).get_data(as_text=True)
    assert "Оценка жюри: «bogus» — недопустимое значение" in page
    assert "is not one of" not in page
    db.session.expire_all()
    assert db.session.get(Category, category.id).params.get("panel") != "bogus"


def test_a_stored_refusal_is_shown_in_the_organisers_language(client, organiser, db, make_edition):
    edition = make_edition()
    category = edition.categories[0]
    category.params = {**category.params, "panel": "bogus"}  # as a stale preset could have left it
    db.session.commit()
    result = results.recompute(category)
    assert result.error and result.error["code"] == "invalid_params"
    # the details are stored with the error, so it is worded as precisely as when the preset was saved
    with force_locale("kk"):
        assert stored_error_text(result.error).startswith("Әділқазылар алқасының бағасы: «bogus» рұқсат етілген мән емес")
    client.post("/lang/ru", data={"next": "/"})
    page = client.get(f"/admin/editions/{edition.id}/results").get_data(as_text=True)
    assert 'title="Оценка жюри: «bogus» — недопустимое значение (допустимы: среднее, ' in page
    console = client.get(f"/admin/editions/{edition.id}/console").get_data(as_text=True)
    config = json.loads(re.search(r'<script id="console-config" type="application/json">(.*?)</script>', console, re.S)[1])
    # the console draws pushed errors itself: its sentences come translated, the rule's text goes in the slot
    assert config["strings"]["rule_errors"]["invalid_params"] == (
        "Правило оценивания не принимает эти параметры. Подробности: %(details)s")
    assert config["matrix"]["standings"]["error"]["code"] == "invalid_params"
    assert config["strings"]["entry_status"]["withdrawn"] == "Снят с конкурса"  # the tag of a withdrawn entry


# --- marks the rule refuses after the organiser changed the criteria ------------------------------


def _console_config(client, edition) -> dict:
    console = client.get(f"/admin/editions/{edition.id}/console").get_data(as_text=True)
    return json.loads(re.search(r'<script id="console-config" type="application/json">(.*?)</script>', console, re.S)[1])


@pytest.fixture
def marked(db, make_edition):
    """Two entries marked by two judges; judge 2 gave entry 2 a 9.5 for voice, every other mark is 8."""
    edition = make_edition(entries=2, judges=2)
    category = edition.categories[0]
    category.labels = {"voice": {"kk": "Дауыс", "ru": "Голос"}, "technique": {"kk": "Техника", "ru": "Техника"},
                       "artistry": {"kk": "Әртістік", "ru": "Артистизм"}}
    judges = sorted(edition.judges, key=lambda j: j.position)
    judges[0].name, judges[1].name = "Омаров Бауыржан", "Серікбаева Гүлнар"
    category.entries[0].name, category.entries[1].name = "Ахметов Нұрлан", "Қасымова Әлия"
    for entry in category.entries:
        for judge in judges:
            sheet = Sheet(judge=judge, category_id=category.id, entry=entry)
            for key in ("voice", "technique", "artistry"):
                top = entry.number == 2 and judge is judges[1] and key == "voice"
                sheet.marks.append(Mark(criterion=key, value=Decimal("9.5" if top else "8")))
            db.session.add(sheet)
    db.session.commit()
    assert results.recompute(category).error is None
    return edition


def _change_criteria(db, category, change) -> dict:
    criteria = [dict(c) for c in category.params["criteria"]]
    category.params = {**category.params, "criteria": change(criteria)}
    db.session.commit()
    error = results.recompute(category).error
    assert error is not None and error["code"] == "invalid_input"
    return error


def test_a_lowered_maximum_names_the_judge_the_entry_and_the_criterion(client, organiser, db, marked):
    category = marked.categories[0]
    error = _change_criteria(db, category, lambda cs: [dict(c, max=9) if c["key"] == "voice" else c for c in cs])
    assert error["details"]["kind"] == "mark_out_of_range"  # stored with the error, ids as the case had them
    with force_locale("ru"):
        ru = stored_error_text(error)
    with force_locale("kk"):
        kk = stored_error_text(error)
    assert ru == ("Правило оценивания отклонило оценки этой категории. Судья Серікбаева Гүлнар, №2 Әлия Қ., "
                  "«Голос»: оценка 9.5 вне диапазона 0–9. Исправьте оценку или диапазон критерия.")
    assert kk == ("Бағалау ережесі бұл санаттың бағаларын қабылдамады. Әділқазы Серікбаева Гүлнар, №2 Әлия Қ., "
                  "«Дауыс»: 9.5 бағасы 0 – 9 аралығынан тыс. Бағаны немесе критерийдің аралығын түзетіңіз.")
    # the child's surname stays as private as on the hall screens; no database id, no rule English
    assert "Қасымова" not in ru + kk and "judge" not in ru + kk and "Details" not in ru + kk

    client.post("/lang/ru", data={"next": "/"})
    page = client.get(f"/admin/editions/{marked.id}/results").get_data(as_text=True)
    assert 'title="Правило оценивания отклонило оценки этой категории. Судья Серікбаева Гүлнар, №2 Әлия Қ., ' in page
    # the console draws pushed standings itself: the refusal comes worded in every language
    texts = _console_config(client, marked)["matrix"]["standings"]["error"]["texts"]
    assert texts["ru"] == ru and texts["kk"] == kk
    assert texts["en"].startswith("The scoring rule refused the marks of this category. Judge Серікбаева Гүлнар, №2 ")


def test_full_names_where_the_edition_shows_them(db, marked):
    marked.privacy = "full"
    category = marked.categories[0]
    error = _change_criteria(db, category, lambda cs: [dict(c, max=9) if c["key"] == "voice" else c for c in cs])
    with force_locale("ru"):
        assert "Судья Серікбаева Гүлнар, №2 Қасымова Әлия, «Голос»" in stored_error_text(error)


def test_a_removed_criterion_is_named_by_its_label(db, marked):
    category = marked.categories[0]
    error = _change_criteria(db, category, lambda cs: [c for c in cs if c["key"] != "artistry"])
    with force_locale("kk"):
        kk = stored_error_text(error)
    with force_locale("ru"):
        ru = stored_error_text(error)
    assert kk.endswith("Әділқазы Омаров Бауыржан, №1 Нұрлан А.: «Әртістік» бойынша баға бар, бірақ бұл санатта мұндай критерий "
                       "жоқ (бағалар қойылғаннан кейін өшірілген болуы мүмкін)."), kk
    assert "«Артистизм», но такого критерия в этой категории нет" in ru


def test_an_added_criterion_leaves_every_sheet_incomplete(db, marked):
    category = marked.categories[0]
    category.labels = {**category.labels, "breath": {"kk": "Тыныс", "ru": "Дыхание"}}
    error = _change_criteria(db, category, lambda cs: [*cs, {"key": "breath", "max": 10}])
    with force_locale("ru"):
        ru = stored_error_text(error)
    with force_locale("kk"):
        kk = stored_error_text(error)
    assert ru.endswith("Судья Омаров Бауыржан, №1 Нұрлан А.: оценено только 3 из 4 критериев (нет оценки: Дыхание)."), ru
    assert kk.endswith("Әділқазы Омаров Бауыржан, №1 Нұрлан А.: 4 критерийден тек 3 бағаланған (бағасы жоқ: Тыныс)."), kk


def test_a_stored_error_without_details_keeps_the_rules_text(db, marked):
    # stored before the details were kept, or a rarer problem: the rule's English stays the detail
    error = {"code": "invalid_input", "message": "marks[3] must be an object, not 'x'"}
    with force_locale("kk"):
        assert stored_error_text(error) == ("Бағалау ережесі бұл санаттың бағаларын қабылдамады. "
                                           "Толығырақ: marks[3] must be an object, not 'x'")


# --- results, comparisons and placements the rule refuses -----------------------------------------


def _named(edition) -> tuple[Category, list]:
    """The edition's category, its entries named as children are, its judges as adults are."""
    category = edition.categories[0]
    judges = sorted(edition.judges, key=lambda j: j.position)
    for judge, name in zip(judges, ("Омаров Бауыржан", "Серікбаева Гүлнар"), strict=False):
        judge.name = name
    entries = sorted(category.entries, key=lambda e: e.number)
    for entry, name in zip(entries, ("Ахметов Нұрлан", "Қасымова Әлия", "Жақсылықов Дамир"), strict=False):
        entry.name = name
    return category, judges


def _refused_in(db, category) -> dict[str, str]:
    """The category's stored refusal, in Russian and in Kazakh."""
    db.session.commit()
    error = results.recompute(category).error
    assert error is not None and error["code"] == "invalid_input", error
    texts = {}
    for lang in ("ru", "kk"):
        with force_locale(lang):
            texts[lang] = stored_error_text(error, category)
        # worded, not the rule's English with a «Details:» slot
        assert "Подробности" not in texts[lang] and "Толығырақ" not in texts[lang], texts[lang]
        assert "entry" not in texts[lang] and "judge" not in texts[lang], texts[lang]
    return texts


def test_a_zero_time_once_lower_times_win(db, make_edition):
    # A zero stored as a distance of nothing, then the organiser says the fastest time wins.
    edition = make_edition(entries=2, judges=1, rule="rounds", params={"direction": "higher"})
    category, judges = _named(edition)
    first, second = sorted(category.entries, key=lambda e: e.number)
    db.session.add_all([
        Measurement(entry_id=first.id, round=1, attempt=1, value=Decimal("41.5"), judge_id=judges[0].id),
        Measurement(entry_id=second.id, round=2, attempt=1, value=Decimal("0"), judge_id=judges[0].id),
    ])
    db.session.commit()
    assert results.recompute(category).error is None
    category.params = {"direction": "lower", "normalize": 1000}
    texts = _refused_in(db, category)
    assert texts["ru"] == ("Правило оценивания отклонило оценки этой категории. №2 Әлия Қ., тур 2, попытка 1: "
                           "результат 0, но здесь лучшим считается меньший результат, поэтому он должен быть больше 0. "
                           "Исправьте его или запишите попытку без зачётного результата.")
    assert texts["kk"] == ("Бағалау ережесі бұл санаттың бағаларын қабылдамады. №2 Әлия Қ., 2-тур, 1-әрекет: нәтиже 0, "
                           "бірақ мұнда кіші нәтиже жақсы саналады, сондықтан нәтиже 0-ден үлкен болуы керек. "
                           "Оны түзетіңіз немесе әрекетті есептелетін нәтижесіз жазыңыз.")


def test_a_negative_result_names_the_entry_round_and_attempt(db, make_edition):
    edition = make_edition(entries=2, judges=1, rule="rounds", params={"direction": "higher"})
    category, _judges = _named(edition)
    first = min(category.entries, key=lambda e: e.number)
    db.session.add(Measurement(entry_id=first.id, round=3, attempt=2, value=Decimal("-4.5")))
    texts = _refused_in(db, category)
    assert texts["ru"].endswith("№1 Нұрлан А., тур 3, попытка 2: результат -4.5 меньше нуля. Исправьте результат.")
    assert texts["kk"].endswith("№1 Нұрлан А., 3-тур, 2-әрекет: -4.5 нәтижесі нөлден кем. Өлшеу нәтижесін түзетіңіз.")


def test_a_dance_taken_out_of_the_final_after_the_judges_placed_it(db, make_edition):
    edition = make_edition(entries=2, judges=1, rule="skating", params={"dances": ["waltz", "tango"]})
    category, judges = _named(edition)
    category.labels = {"waltz": {"kk": "Вальс", "ru": "Вальс"}, "tango": {"kk": "Танго", "ru": "Танго"}}
    first, second = sorted(category.entries, key=lambda e: e.number)
    for dance, order in (("waltz", (first, second)), ("tango", (second, first))):
        sheet = Sheet(judge_id=judges[0].id, category_id=category.id, entry_id=None, dance=dance, status="submitted")
        sheet.placements = [Placement(entry_id=entry.id, place=place) for place, entry in enumerate(order, 1)]
        db.session.add(sheet)
    db.session.commit()
    assert results.recompute(category).error is None
    category.params = {"dances": ["waltz"]}
    texts = _refused_in(db, category)
    assert texts["ru"].endswith("Судья Омаров Бауыржан, №2 Әлия Қ.: танца «Танго» нет среди танцев этой категории "
                                "(Вальс). Добавьте его в «Танцы», если он исполняется в этом финале."), texts["ru"]
    assert texts["kk"].endswith("Әділқазы Омаров Бауыржан, №2 Әлия Қ.: «Танго» биі бұл санаттың билерінің арасында "
                                "жоқ (Вальс). Егер бұл би осы финалда орындалса, оны «Билер» тізіміне қосыңыз."), texts["kk"]


@pytest.mark.parametrize(
    ("details", "ru", "kk"),
    [
        ({"kind": "place_left_out", "judge": "J", "place": 2, "last": 3},
         "Судья Омаров Бауыржан: расставлены места с 1 по 3, но места 2 нет ни у кого.",
         "Әділқазы Омаров Бауыржан: 1 мен 3 аралығындағы орындар берілген, бірақ 2 орны ешкімге берілмеген."),
        ({"kind": "place_given_twice", "judge": "J", "entry": "B", "other": "A", "dance": None, "place": 1},
         "Судья Омаров Бауыржан, №2 Әлия Қ.: место 1 отдано дважды (также: №1 Нұрлан А.); "
         "каждое место — только одному участнику.",
         "Әділқазы Омаров Бауыржан, №2 Әлия Қ.: 1 орны екі рет берілген (сондай-ақ: №1 Нұрлан А.); "
         "әр орын тек бір қатысушыға беріледі."),
        ({"kind": "compared_with_itself", "judge": "J", "entry": "A"},
         "Судья Омаров Бауыржан: работа №1 Нұрлан А. сравнивается сама с собой.",
         "Әділқазы Омаров Бауыржан: №1 Нұрлан А. жұмысы өзімен салыстырылған."),
        ({"kind": "casting_vote_repeats", "vote": 0, "entry": "B"},
         "В решающем голосе председателя №1 участник №2 Әлия Қ. указан дважды.",
         "Төрағаның №1 шешуші дауысында №2 Әлия Қ. екі рет аталған."),
    ],
)
def test_rankings_comparisons_and_casting_votes_say_who(db, make_edition, details, ru, kk):
    edition = make_edition(entries=2, judges=1)
    category, judges = _named(edition)
    db.session.commit()
    first, second = sorted(category.entries, key=lambda e: e.number)
    ids = {"J": str(judges[0].id), "A": str(first.id), "B": str(second.id)}
    details = {key: ids.get(value, value) if key in ("judge", "entry", "other") else value
               for key, value in details.items()}
    error = {"code": "invalid_input", "message": "the rule's English", "details": details}
    with force_locale("ru"):
        assert stored_error_text(error, category).endswith(ru)
    with force_locale("kk"):
        assert stored_error_text(error, category).endswith(kk)
