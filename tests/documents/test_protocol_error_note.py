"""A protocol whose rule refused the marks says so in each of its languages, not in the rule's English."""

from judging.documents import data
from judging.results import standings


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
