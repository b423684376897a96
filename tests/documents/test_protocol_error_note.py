"""A protocol whose rule refused the marks says so in each of its languages, not in the rule's English."""

from judging.documents import data
from judging.results import recompute, standings


def test_the_refusal_note_is_worded_in_each_language(db, scored):
    category = scored.categories[0]
    result = standings(category)
    result.error = {"code": "invalid_input", "message": "judge 7 marks entry 3 twice"}
    db.session.commit()
    notes = data.protocol(category)["notes"]
    [note] = [n for n in notes if "judge 7 marks entry 3 twice" in n.get("ru", "")]
    assert note["ru"].startswith("Результаты не подсчитаны: Правило оценивания отклонило оценки этой категории.")
    assert note["kk"].startswith("Нәтижелерді есептеу мүмкін болмады: Бағалау ережесі бұл санаттың бағаларын")
    assert "The scoring rule" not in note["ru"] + note["kk"]
    assert "judge 7 marks entry 3 twice" in note["kk"]  # the rule's own words stay as the detail


def test_the_note_names_the_judge_and_the_entry_the_rule_refused(db, scored):
    # The organiser lowered a criterion's maximum after the marks were in: entry 4 has 10 for voice.
    category = scored.categories[0]
    criteria = [dict(c, max=9.5) if c["key"] == "voice" else c for c in category.params["criteria"]]
    category.params = {**category.params, "criteria": criteria}
    db.session.commit()
    recompute(category)
    assert standings(category).error["details"]["kind"] == "mark_out_of_range"
    [note] = [n for n in data.protocol(category)["notes"] if "Judge 1" in n.get("ru", "")]
    assert note["ru"].startswith("Результаты не подсчитаны: Правило оценивания отклонило оценки этой категории. "
                                 "Судья Judge 1, №4 «Шұғыла» ансамблі, «Голос»: оценка 10 вне диапазона 0–9.5.")
    assert "Әділқазы Judge 1, №4 «Шұғыла» ансамблі, «Дауыс»: 10 бағасы 0 – 9.5 аралығынан тыс." in note["kk"]
