"""The contest presets: the shipped ones follow contests.md, and broken ones fail naming file and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import judging.presets
from judging.presets import CategorySpec, Preset, PresetError, available, load, load_all, load_file

KEYS = ["applied_art", "aviamodels", "choreography", "combined_exhibition", "mastery", "nadezhda",
        "tech_exhibition", "technicians", "vocal"]

# The series names of the table in contests.md, exactly.
SERIES_NAMES = {
    "vocal": ("«Есіл өңірінің жұлдыздары» облыстық жас вокалистер байқауы",
              "областной конкурс юных вокалистов «Звёзды Приишимья»"),
    "choreography": ("«Каблучок» облыстық хореографиялық ұжымдар байқауы",
                     "областной конкурс хореографических коллективов «Каблучок»"),
    "technicians": ("облыстық жас техниктер форумы", "областной форум юных техников"),
    "nadezhda": ("денсаулығында мүмкіндігі шектеулі балаларға арналған «Надежда» облыстық фестивалі",
                 "областной фестиваль для детей с ограниченными возможностями здоровья «Надежда»"),
    "aviamodels": ("«Одно небо — один мир» ұшқыш аппараттар облыстық байқауы",
                   "областной конкурс летательных аппаратов «Одно небо — один мир»"),
    "applied_art": ("дизайн және декоративтік-қолданбалы өнер бойынша байқау-практикум",
                    "конкурс-практикум по дизайну и декоративно-прикладному искусству"),
    "mastery": ("кәсіби шеберліктің облыстық байқауы (тігіншілер, аспаздар, ұсталар, ағаш ұсталары)",
                "областной конкурс профессионального мастерства (швеи, повара, мастера, столяры)"),
    "tech_exhibition": ("облыстық техникалық шығармашылық көрмесі", "областная выставка технического творчества"),
    "combined_exhibition": (
        "облыстық техникалық, бейнелеу, декоративтік-қолданбалы шығармашылық көрмесі",
        "областная выставка технического, изобразительного и декоративно-прикладного творчества",
    ),
}

KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# A Latin letter inside a Cyrillic word: «i» typed for «і», or another look-alike.
MIXED = re.compile(r"[\u0400-\u04ff][A-Za-z]|[A-Za-z][\u0400-\u04ff]")

VOCAL_CRITERIA = [
    {"key": key, "min": 0, "max": 10, "step": 0.5, "weight": 1}
    for key in ("intonation", "technique", "artistry", "stage_image", "repertoire")
]
TEN_POINT_LADDER = {
    "levels": [
        {"key": "grand_prix", "min": 10, "max_count": 1},
        {"key": "laureate_1", "min": 9},
        {"key": "laureate_2", "min": 8},
        {"key": "laureate_3", "min": 7},
        {"key": "diplomant", "min": 6},
    ],
    "otherwise": "participant",
}
PLACES_LADDER = [
    {"key": "laureate_1", "places": [1]},
    {"key": "laureate_2", "places": [2]},
    {"key": "laureate_3", "places": [3]},
    {"key": "diplomant_1", "places": [4]},
    {"key": "diplomant_2", "places": [5]},
    {"key": "diplomant_3", "places": [6]},
]
PLACES_1_3 = {
    "levels": [{"key": f"place_{n}", "places": [n]} for n in (1, 2, 3)],
    "otherwise": "participant",
}


@pytest.fixture(scope="module")
def presets() -> dict[str, Preset]:
    return {preset.key: preset for preset in load_all()}


def texts_of(preset: Preset) -> list[tuple[str, dict[str, str]]]:
    """Every bilingual text of a preset, with where it is."""
    found = [("name", preset.name), ("title", preset.title), ("city", preset.city), ("venue", preset.venue),
             ("organiser_name", preset.organiser_name)]
    for i, category in enumerate(preset.categories):
        found += [(f"categories[{i}].nomination", category.nomination),
                  (f"categories[{i}].age_group", category.age_group), (f"categories[{i}].form", category.form)]
        found += [(f"categories[{i}].labels.{key}", label) for key, label in category.labels.items()]
    found += [(f"wording.{phrase}", text) for phrase, text in preset.wording.items()]
    return found


def test_all_nine_presets_load(presets: dict[str, Preset]) -> None:
    assert available() == KEYS
    assert sorted(presets) == KEYS
    for key in KEYS:
        assert load(key).key == key


@pytest.mark.parametrize("key", KEYS)
def test_each_preset_has_categories_and_the_series_names(presets: dict[str, Preset], key: str) -> None:
    preset = presets[key]
    assert len(preset.categories) >= 3
    assert all(isinstance(c, CategorySpec) for c in preset.categories)
    assert (preset.name["kk"], preset.name["ru"]) == SERIES_NAMES[key]
    assert preset.name["en"]
    assert preset.city == {"kk": "Петропавл", "ru": "Петропавловск", "en": "Petropavl"}
    assert preset.organiser_name["kk"] == "Балалар мен жас өспірімдер шығармашылығының облыстық орталығы"
    assert preset.organiser_name["ru"] == "Областной центр детского и юношеского творчества"
    assert preset.privacy == "initials"
    assert preset.languages == ["kk", "ru"]


@pytest.mark.parametrize("key", KEYS)
def test_every_text_has_kazakh_and_russian(presets: dict[str, Preset], key: str) -> None:
    for where, text in texts_of(presets[key]):
        assert text.get("kk") and text.get("ru"), f"{key}: {where} lacks kk or ru"


@pytest.mark.parametrize("key", KEYS)
def test_kazakh_texts_use_kazakh_letters(presets: dict[str, Preset], key: str) -> None:
    preset = presets[key]
    assert KAZAKH_LETTERS & set(preset.name["kk"]), f"{key}: no Kazakh letter in the series name"
    for where, text in texts_of(preset):
        assert not MIXED.search(text["kk"]), f"{key}: Latin letter in a Cyrillic word in {where}: {text['kk']}"


@pytest.mark.parametrize("key", KEYS)
def test_wording_has_the_document_phrases_and_every_award_label(presets: dict[str, Preset], key: str) -> None:
    wording = presets[key].wording
    assert wording["diploma_heading"] == {"kk": "ДИПЛОМ", "ru": "ДИПЛОМ"}
    assert wording["awarded"] == {"kk": "марапатталады", "ru": "награждается"}
    assert wording["letter_heading"] == {"kk": "Алғыс хат", "ru": "Благодарственное письмо"}
    assert wording["protocol_heading"] == {"kk": "Әділқазылар алқасының хаттамасы", "ru": "Протокол заседания жюри"}
    assert wording["approval"] == {"kk": "БЕКІТЕМІН", "ru": "УТВЕРЖДАЮ"}
    assert wording["director_title"]["kk"] and wording["director_title"]["ru"]
    for category in presets[key].categories:
        awards = category.params.get("awards", {})
        for award in [level["key"] for level in awards.get("levels", [])] + [awards.get("otherwise")]:
            if award:
                assert f"award_{award}" in wording, f"{key}: no label for award {award}"
    assert wording["award_participant"]["ru"].startswith("Участник")


def test_award_labels_read_as_the_centre_writes_them(presets: dict[str, Preset]) -> None:
    vocal = presets["vocal"].wording
    assert vocal["award_grand_prix"] == {"kk": "Бас жүлде", "ru": "Гран-при"}
    assert vocal["award_laureate_1"] == {"kk": "I дәрежелі лауреат", "ru": "Лауреат I степени"}
    assert vocal["award_participant"] == {"kk": "Қатысушы", "ru": "Участник"}
    choreography = presets["choreography"].wording
    assert choreography["award_diplomant_1"] == {"kk": "I дәрежелі дипломант", "ru": "Дипломант I степени"}


def test_edition_title_fills_in_the_year(presets: dict[str, Preset]) -> None:
    title = presets["vocal"].edition_title(2026)
    assert set(title) == {"kk", "ru", "en"}
    assert all("2026" in text and "{year}" not in text for text in title.values())
    assert "{year}" in presets["vocal"].title["ru"]  # the preset itself keeps the placeholder


def test_vocal_defaults_follow_contests_md(presets: dict[str, Preset]) -> None:
    preset = presets["vocal"]
    ages = {(c.age_group_key, c.min_age, c.max_age) for c in preset.categories}
    assert {age for age, _, _ in ages} == {"6-9", "10-13", "14-17"}
    assert {"solo", "duet", "ensemble"} == {c.form_key for c in preset.categories}
    for category in preset.categories:
        params = category.params
        assert category.rule == "criteria_panel"
        assert params["criteria"] == VOCAL_CRITERIA
        assert params["judge_total"] == "mean"
        assert (params["panel"], params["trim"]) == ("trimmed", 1)
        assert params["tie_break"] == ["criterion:intonation", "casting_vote"]
        assert params["awards"] == TEN_POINT_LADDER
        assert set(category.labels) == {c["key"] for c in VOCAL_CRITERIA}
        assert category.labels["intonation"]["ru"] == "Голос и интонация"
        assert category.show_places


def test_choreography_awards_go_by_place(presets: dict[str, Preset]) -> None:
    panel = [c for c in presets["choreography"].categories if c.rule == "criteria_panel"]
    assert len(panel) >= 3
    for category in panel:
        assert [c["key"] for c in category.params["criteria"]] == [
            "technique", "composition", "artistry", "costume", "musicality"]
        assert all(c["min"] == 0 and c["max"] == 10 for c in category.params["criteria"])
        assert category.params["panel"] == "trimmed"
        levels = category.params["awards"]["levels"]
        assert levels[0] == {"key": "grand_prix", "places": [1], "min": 9.5, "max_count": 1}
        assert levels[1:] == PLACES_LADDER
        assert category.params["awards"]["otherwise"] == "participant"


def test_choreography_has_a_skating_final(presets: dict[str, Preset]) -> None:
    finals = [c for c in presets["choreography"].categories if c.rule == "skating"]
    assert finals
    for final in finals:
        assert final.params["dances"]
        assert set(final.labels) == set(final.params["dances"])
        assert "criteria" not in final.params  # another rule's params are not merged in
        assert final.params["awards"]["levels"] == PLACES_LADDER  # no score, so no Grand Prix threshold


def test_nadezhda_rewards_everyone_and_hides_places(presets: dict[str, Preset]) -> None:
    preset = presets["nadezhda"]
    assert {c.nomination_key for c in preset.categories} == {"vocal", "dance"}
    for category in preset.categories:
        assert category.params["awards"] == {"levels": [], "otherwise": "participant"}
        assert category.show_places is False
        keys = [c["key"] for c in category.params["criteria"]]
        if category.nomination_key == "vocal":
            assert keys == [c["key"] for c in VOCAL_CRITERIA]
        else:
            assert keys == ["technique", "composition", "artistry", "costume", "musicality"]


@pytest.mark.parametrize("key", ["technicians", "tech_exhibition"])
def test_technical_contests_sum_five_criteria_and_give_places(presets: dict[str, Preset], key: str) -> None:
    panel = [c for c in presets[key].categories if c.rule == "criteria_panel"]
    assert len(panel) >= 3
    for category in panel:
        criteria = category.params["criteria"]
        assert [c["key"] for c in criteria] == ["novelty", "complexity", "workmanship", "practical_value",
                                                "presentation"]
        assert all((c["min"], c["max"]) == (0, 10) for c in criteria)
        assert (category.params["judge_total"], category.params["panel"]) == ("sum", "mean")
        assert category.params["awards"] == PLACES_1_3


def test_a_large_exhibition_hall_may_be_judged_pairwise(presets: dict[str, Preset]) -> None:
    pairwise = [c for c in presets["tech_exhibition"].categories if c.rule == "pairwise"]
    assert pairwise and all("criteria" not in c.params and c.labels == {} for c in pairwise)


def test_applied_art_marks_five_criteria_out_of_five(presets: dict[str, Preset]) -> None:
    for category in presets["applied_art"].categories:
        criteria = category.params["criteria"]
        assert [c["key"] for c in criteria] == ["theme", "composition", "originality", "technique", "finish"]
        assert all((c["min"], c["max"]) == (0, 5) for c in criteria)
        assert (category.params["judge_total"], category.params["panel"]) == ("sum", "mean")
        assert category.params["awards"] == PLACES_1_3


def test_aviamodels_fly_three_rounds_capped_at_120_seconds(presets: dict[str, Preset]) -> None:
    preset = presets["aviamodels"]
    assert {c.nomination_key for c in preset.categories} <= {"glider", "rubber", "control_line", "radio", "paper"}
    assert len({c.nomination_key for c in preset.categories}) == 5
    assert {(c.min_age, c.max_age) for c in preset.categories} == {(7, 10), (11, 14), (15, 17)}
    for category in preset.categories:
        assert category.rule == "rounds"
        assert category.params["cap"] == 120
        assert category.params["attempts_counted"] == 1
        assert category.params["direction"] == "higher"


def test_mastery_schemes_total_100_per_trade(presets: dict[str, Preset]) -> None:
    preset = presets["mastery"]
    assert {c.nomination_key for c in preset.categories} == {"seamstresses", "cooks", "craftsmen", "carpenters"}
    for category in preset.categories:
        aspects = category.params["aspects"]
        assert category.rule == "marking_scheme"
        assert sum(a["max"] for a in aspects) == 100, category.nomination_key
        assert {a["type"] for a in aspects} == {"measurement", "judgement"}
        assert "time" in {a["key"] for a in aspects}
        assert set(category.labels) == {a["key"] for a in aspects}
        assert category.params["awards"] == PLACES_1_3


def test_categories_do_not_share_params(presets: dict[str, Preset]) -> None:
    first, second = load("vocal").categories[:2]
    first.params["criteria"][0]["max"] = 99
    assert second.params["criteria"][0]["max"] == 10


def test_unknown_preset_names_the_available_ones() -> None:
    with pytest.raises(PresetError) as caught:
        load("opera")
    assert caught.value.path == "opera.toml"
    assert "vocal" in caught.value.message and "aviamodels" in caught.value.message


# --- broken presets: the smallest valid preset, spoilt one way at a time ------------------------

MINIMAL = """\
key = "broken"
name = { kk = "Жас әншілер байқауы", ru = "Конкурс юных певцов" }

[edition]
title = { kk = "Жас әншілер байқауы — {year}", ru = "Конкурс юных певцов — {year}" }
city = { kk = "Петропавл", ru = "Петропавловск" }
venue = { kk = "Көрермендер залы", ru = "Зрительный зал" }
organiser_name = { kk = "Облыстық орталық", ru = "Областной центр" }
privacy = "initials"
languages = ["kk", "ru"]

[rule]
name = "criteria_panel"

[rule.params]
panel = "mean"
criteria = [
  { key = "intonation", min = 0, max = 10, step = 0.5 },
  { key = "artistry", min = 0, max = 10, step = 0.5 },
]
awards = { levels = [], otherwise = "participant" }

[labels]
intonation = { kk = "Интонация", ru = "Интонация" }
artistry = { kk = "Артистизм", ru = "Артистизм" }

[[nominations]]
key = "pop"
name = { kk = "Эстрадалық вокал", ru = "Эстрадный вокал" }

[[age_groups]]
key = "6-9"
name = { kk = "6–9 жас", ru = "6–9 лет" }
min_age = 6
max_age = 9

[[forms]]
key = "solo"
name = { kk = "Жеке орындау", ru = "Соло" }

[[categories]]
nomination = "pop"
age_group = "6-9"
form = "solo"

[wording]
diploma_heading = { kk = "ДИПЛОМ", ru = "ДИПЛОМ" }
awarded = { kk = "марапатталады", ru = "награждается" }
letter_heading = { kk = "Алғыс хат", ru = "Благодарственное письмо" }
protocol_heading = { kk = "Әділқазылар алқасының хаттамасы", ru = "Протокол заседания жюри" }
approval = { kk = "БЕКІТЕМІН", ru = "УТВЕРЖДАЮ" }
director_title = { kk = "Орталық директоры", ru = "Директор центра" }
award_participant = { kk = "Қатысушы", ru = "Участник" }
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    return path


def spoil(old: str, new: str) -> str:
    assert old in MINIMAL, old
    return MINIMAL.replace(old, new, 1)


def test_the_minimal_preset_itself_loads(tmp_path: Path) -> None:
    preset = load_file(write(tmp_path, MINIMAL))
    assert [c.nomination_key for c in preset.categories] == ["pop"]
    assert preset.categories[0].labels["artistry"] == {"kk": "Артистизм", "ru": "Артистизм"}


PANEL_LINE = MINIMAL.splitlines().index('panel = "mean"') + 1  # where the unclosed string will be

BROKEN = {
    "syntax error": (spoil('panel = "mean"', 'panel = "mean'), f"line {PANEL_LINE}", "TOML syntax"),
    "unknown nomination": (spoil('nomination = "pop"', 'nomination = "jazz"'), "categories[0].nomination", "jazz"),
    "missing kk name": (spoil('name = { kk = "Жас әншілер байқауы", ru', 'name = { ru'), "name.kk", "missing"),
    "duplicate criterion": (spoil('{ key = "artistry", min = 0', '{ key = "intonation", min = 0'),
                            "categories[0].params.criteria[1].key", "duplicate"),
    "unknown field": (spoil('key = "broken"\n', 'key = "broken"\nshow_place = false\n'), "show_place", "unknown field"),
    "unknown category field": (spoil('form = "solo"\n\n[wording]', 'form = "solo"\nshow_place = false\n\n[wording]'),
                               "categories[0].show_place", "unknown field"),
    "bad privacy": (spoil('privacy = "initials"', 'privacy = "surnames"'), "edition.privacy", "surnames"),
    "bad language": (spoil('languages = ["kk", "ru"]', 'languages = ["kk", "de"]'), "edition.languages", "de"),
    "missing label": (spoil('artistry = { kk = "Артистизм", ru = "Артистизм" }\n', ""),
                      "categories[0].labels.artistry", "label missing"),
    "duplicate category": (MINIMAL.replace("[wording]", '[[categories]]\nnomination = "pop"\nage_group = "6-9"\n'
                                           'form = "solo"\n\n[wording]'), "categories[1]", "duplicate category"),
    "latin i in kazakh": (spoil("Жас әншілер байқауы", "Жас әншiлер байқауы"), "name.kk", "әншiлер"),
    "max below min": (spoil("{ key = \"artistry\", min = 0, max = 10", "{ key = \"artistry\", min = 0, max = 0"),
                      "categories[0].params.criteria[1].max", "above min"),
    "missing required field": (spoil('form = "solo"\n\n[wording]', "\n[wording]"), "categories[0].form", "missing"),
    "missing award label": (spoil('award_participant = { kk = "Қатысушы", ru = "Участник" }\n', ""),
                            "wording.award_participant", "participant"),
    "unknown rule": (spoil('name = "criteria_panel"', 'name = "critera_panel"'), "rule.name", "unknown rule"),
    "tie-break on no criterion": (spoil('panel = "mean"', 'panel = "mean"\ntie_break = ["criterion:voice"]'),
                                  "categories[0].params.tie_break[0]", "voice"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_preset_names_its_file_and_field(tmp_path: Path, case: str) -> None:
    text, field, words = BROKEN[case]
    with pytest.raises(PresetError) as caught:
        load_file(write(tmp_path, text))
    error = caught.value
    assert (error.path, error.field) == ("broken.toml", field), str(error)
    assert words in error.message
    assert str(error) == f"broken.toml: {field}: {error.message}"


def test_a_bad_rule_parameter_is_refused_by_the_rule_itself(tmp_path: Path) -> None:
    with pytest.raises(PresetError) as caught:
        load_file(write(tmp_path, spoil('panel = "mean"', 'panel = "bogus"')))
    assert caught.value.path == "broken.toml"
    assert caught.value.field == "categories[0].params.panel"
    assert "bogus" in caught.value.message


def test_without_scoring_rules_the_loader_checks_on_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(judging.presets, "_scoring_check", lambda: None)
    assert [preset.key for preset in load_all()] == KEYS
    with pytest.raises(PresetError) as caught:
        load_file(write(tmp_path, spoil('name = "criteria_panel"', 'name = "critera_panel"')))
    assert (caught.value.field, "unknown rule" in caught.value.message) == ("rule.name", True)
