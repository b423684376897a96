"""The phrases printed on documents, in Kazakh and Russian (English for the odd foreign guest).

The edition's own wording (filled from its preset, corrected by the organisers in the admin) wins;
these built-in defaults fill any phrase it lacks. Placeholders in notes are {judge}, {number},
{name}, {reason}, {step}, {status}: replaced literally, so a stray brace typed by an organiser
cannot break a document.
"""

from __future__ import annotations

DEFAULT_WORDING: dict[str, dict[str, str]] = {
    "diploma_heading": {"kk": "ДИПЛОМ", "ru": "ДИПЛОМ", "en": "DIPLOMA"},
    "awarded": {"kk": "марапатталады", "ru": "награждается", "en": "is awarded to"},
    "letter_heading": {"kk": "Алғыс хат", "ru": "Благодарственное письмо", "en": "Letter of thanks"},
    # A teacher's letter says letter_reason for one pupil, letter_reason_many for several.
    "letter_reason": {
        "kk": "байқауға қатысушыны дайындағаны үшін",
        "ru": "за подготовку участника конкурса",
        "en": "for preparing a participant of the contest",
    },
    "letter_reason_many": {
        "kk": "байқауға қатысушыларды дайындағаны үшін",
        "ru": "за подготовку участников конкурса",
        "en": "for preparing participants of the contest",
    },
    # Too many pupils for the letter's page: they are listed on the pages after it.
    "letter_annex": {
        "kk": "Қатысушылар тізімі қосымшада берілген",
        "ru": "Список участников приведён в приложении",
        "en": "The participants are listed in the annex",
    },
    "letter_annex_heading": {
        "kk": "Алғыс хатқа қосымша",
        "ru": "Приложение к благодарственному письму",
        "en": "Annex to the letter of thanks",
    },
    "protocol_heading": {"kk": "Әділқазылар алқасының хаттамасы", "ru": "Протокол заседания жюри", "en": "Minutes of the jury"},
    "approval": {"kk": "БЕКІТЕМІН", "ru": "УТВЕРЖДАЮ", "en": "APPROVED"},
    "director_title": {"kk": "Директор", "ru": "Директор", "en": "Director"},
    "jury_chair": {"kk": "Әділқазылар алқасының төрағасы", "ru": "Председатель жюри", "en": "Chair of the jury"},
    "jury_member": {"kk": "Әділқазылар алқасының мүшесі", "ru": "Член жюри", "en": "Member of the jury"},
    "jury_secretary": {"kk": "Хатшы", "ru": "Секретарь", "en": "Secretary"},
    "jury_members": {"kk": "Әділқазылар алқасының мүшелері", "ru": "Члены жюри", "en": "Members of the jury"},
    "jury": {"kk": "Әділқазылар алқасы", "ru": "Состав жюри", "en": "The jury"},
    "teacher": {"kk": "Педагогі", "ru": "Педагог", "en": "Teacher"},
    "institution": {"kk": "Ұйым", "ru": "Учреждение", "en": "Institution"},
    "repertoire": {"kk": "Репертуар", "ru": "Репертуар", "en": "Repertoire"},
    "contest": {"kk": "Байқау", "ru": "Конкурс", "en": "Contest"},
    "date": {"kk": "Өткізілген күні", "ru": "Дата проведения", "en": "Date"},
    "venue": {"kk": "Өткізілген орны", "ru": "Место проведения", "en": "Venue"},
    "category": {"kk": "Номинация", "ru": "Номинация", "en": "Category"},
    "participant": {"kk": "Қатысушы", "ru": "Участник", "en": "Participant"},
    "members": {"kk": "Ұжым құрамы", "ru": "Состав коллектива", "en": "Members"},
    "member_of": {"kk": "ұжым мүшесі", "ru": "участник коллектива", "en": "member of"},
    "score": {"kk": "Қорытынды балл", "ru": "Итоговый балл", "en": "Score"},
    "place": {"kk": "Орын", "ru": "Место", "en": "Place"},
    "award": {"kk": "Марапат", "ru": "Награда", "en": "Award"},
    "total": {"kk": "Барлығы", "ru": "Итого", "en": "Total"},
    "notes": {"kk": "Ескертпелер", "ru": "Примечания", "en": "Notes"},
    "signatures": {"kk": "Әділқазылар алқасының қолдары", "ru": "Подписи членов жюри", "en": "Signatures of the jury"},
    "signature": {"kk": "Қолы", "ru": "Подпись", "en": "Signature"},
    "judge": {"kk": "Әділқазы", "ru": "Член жюри", "en": "Judge"},
    "marks_of": {"kk": "Әділқазылардың бағалары", "ru": "Оценки членов жюри", "en": "Marks of the judges"},
    "sheet_heading": {"kk": "Бағалау парағы", "ru": "Оценочный лист", "en": "Score sheet"},
    "card_heading": {"kk": "Әділқазының кіру картасы", "ru": "Карта члена жюри", "en": "Judge's access card"},
    "card_hint": {
        "kk": "Планшетпен QR-кодты сканерлеңіз. Картаны ешкімге бермеңіз.",
        "ru": "Отсканируйте QR-код планшетом. Не передавайте карту другим.",
        "en": "Scan the QR code with the tablet. Do not pass this card on.",
    },
    "confirmation_heading": {"kk": "Өтінімді растау", "ru": "Подтверждение заявки", "en": "Application confirmation"},
    "confirmation_code": {"kk": "Қатысушы коды", "ru": "Код участника", "en": "Participant's code"},
    "confirmation_hint": {
        "kk": "Нәтижелер жарияланғаннан кейін дипломды осы код арқылы жүктеп алуға болады:",
        "ru": "После публикации результатов диплом можно скачать по этому коду:",
        "en": "Once the results are published, download the diploma with this code at:",
    },
    "running_number": {"kk": "Шығу реті", "ru": "Порядковый номер выступления", "en": "Running order"},
    "verify": {"kk": "Түпнұсқалығын тексеру", "ru": "Проверка подлинности", "en": "Verify"},
    "code": {"kk": "Коды", "ru": "Код", "en": "Code"},
    "city_date": {"kk": "Қаласы, күні", "ru": "Город, дата", "en": "City, date"},
    "abstained": {"kk": "бағаламады", "ru": "не оценивал(а)", "en": "did not mark"},
    "note_abstention": {
        "kk": "{judge} №{number} қатысушыны ({name}) бағаламады: {reason}",
        "ru": "{judge} не оценивал(а) участника №{number} ({name}): {reason}",
        "en": "{judge} did not mark entry no. {number} ({name}): {reason}",
    },
    # Until finalised: one line per judge, {numbers} listing the entries («№3, №7»), {dances} the dances.
    "note_missing": {
        "kk": "{judge}: келесі қатысушыларға баға қойылмаған: {numbers}",
        "ru": "{judge}: нет оценок участникам {numbers}",
        "en": "{judge}: no marks for entries {numbers}",
    },
    "note_missing_placements": {
        "kk": "{judge}: орындар қойылмаған ({dances})",
        "ru": "{judge}: не расставлены места ({dances})",
        "en": "{judge}: no placements ({dances})",
    },
    # The heading of a protocol whose results the jury has not finalised, and what it means.
    "provisional": {"kk": "АЛДЫН АЛА", "ru": "ПРЕДВАРИТЕЛЬНЫЙ", "en": "PROVISIONAL"},
    "provisional_note": {
        "kk": "Нәтижелер әділқазылар алқасы бекіткенге дейін алдын ала. "
              "Марапат алқаның барлық әділқазысы бағалаған қатысушыларға ғана көрсетіледі; "
              "«Парақтар» бағаны: қатысушы алқаның неше парағымен бағаланды.",
        "ru": "Результаты предварительные, пока жюри их не утвердит. "
              "Награда указана только участникам, которых оценили все судьи; "
              "«Листы»: сколько листов жюри учтено у участника.",
        "en": "The results are provisional until the jury finalises them. "
              "An award is shown only for entries every judge of the panel has marked; "
              "«Sheets»: how many of the panel's sheets the entry's row rests on.",
    },
    "sheets": {"kk": "Парақтар", "ru": "Листы", "en": "Sheets"},
    "note_dropped": {
        "kk": "Сызылған қорытындылар (ең жоғары және ең төмен) есептелмеді",
        "ru": "Зачёркнутые итоги судей (наивысший и наинизший) отброшены при подсчёте",
        "en": "Crossed-out judge totals (the highest and the lowest) were dropped",
    },
    "note_tie_break": {
        "kk": "№{number} ({name}): тең балл {step} бойынша ажыратылды",
        "ru": "№{number} ({name}): равенство баллов разрешено по правилу «{step}»",
        "en": "No. {number} ({name}): the tie was broken by {step}",
    },
    "note_shared": {
        "kk": "№{number} ({name}): орын бөлінді",
        "ru": "№{number} ({name}): место разделено",
        "en": "No. {number} ({name}): the place is shared",
    },
    "note_status": {
        "kk": "№{number} ({name}): {status}",
        "ru": "№{number} ({name}): {status}",
        "en": "No. {number} ({name}): {status}",
    },
    "note_reason": {"kk": "себебі: {reason}", "ru": "причина: {reason}", "en": "reason: {reason}"},
    "status_disqualified": {"kk": "дисквалификацияланды", "ru": "дисквалифицирован(а)", "en": "disqualified"},
    "status_withdrawn": {"kk": "қатысудан бас тартты", "ru": "снят(а) с конкурса", "en": "withdrawn"},
    "note_error": {
        "kk": "Нәтижелерді есептеу мүмкін болмады: {reason}",
        "ru": "Результаты не подсчитаны: {reason}",
        "en": "The results could not be computed: {reason}",
    },
    "tie_casting_vote": {"kk": "төрағаның шешуші дауысы", "ru": "решающий голос председателя", "en": "the chair's casting vote"},
    "tie_untrimmed_mean": {"kk": "толық орташа балл", "ru": "полный средний балл", "en": "the untrimmed mean"},
    "tie_criterion": {"kk": "«{name}» критерийі", "ru": "критерий «{name}»", "en": "criterion “{name}”"},
    # Award labels: award_<award key>
    "award_grand_prix": {"kk": "Бас жүлде", "ru": "Гран-при", "en": "Grand Prix"},
    "award_laureate_1": {"kk": "I дәрежелі лауреат", "ru": "Лауреат I степени", "en": "Laureate of the 1st degree"},
    "award_laureate_2": {"kk": "II дәрежелі лауреат", "ru": "Лауреат II степени", "en": "Laureate of the 2nd degree"},
    "award_laureate_3": {"kk": "III дәрежелі лауреат", "ru": "Лауреат III степени", "en": "Laureate of the 3rd degree"},
    "award_diplomant_1": {"kk": "I дәрежелі дипломант", "ru": "Дипломант I степени", "en": "Diplomant of the 1st degree"},
    "award_diplomant_2": {"kk": "II дәрежелі дипломант", "ru": "Дипломант II степени", "en": "Diplomant of the 2nd degree"},
    "award_diplomant_3": {"kk": "III дәрежелі дипломант", "ru": "Дипломант III степени", "en": "Diplomant of the 3rd degree"},
    "award_diplomant": {"kk": "Дипломант", "ru": "Дипломант", "en": "Diplomant"},
    "award_place_1": {"kk": "I орын", "ru": "I место", "en": "1st place"},
    "award_place_2": {"kk": "II орын", "ru": "II место", "en": "2nd place"},
    "award_place_3": {"kk": "III орын", "ru": "III место", "en": "3rd place"},
    "award_degree_1": {"kk": "I дәрежелі диплом", "ru": "Диплом I степени", "en": "Diploma of the 1st degree"},
    "award_degree_2": {"kk": "II дәрежелі диплом", "ru": "Диплом II степени", "en": "Diploma of the 2nd degree"},
    "award_degree_3": {"kk": "III дәрежелі диплом", "ru": "Диплом III степени", "en": "Diploma of the 3rd degree"},
    "award_participant": {"kk": "Қатысушы", "ru": "Участник", "en": "Participant"},
}


def edition_wording(edition_wording_dict: dict | None) -> dict[str, dict[str, str]]:
    """Built-in phrases with the edition's own over them, phrase by phrase and language by language."""
    merged = {key: dict(texts) for key, texts in DEFAULT_WORDING.items()}
    for key, texts in (edition_wording_dict or {}).items():
        if isinstance(texts, dict):
            merged.setdefault(key, {}).update({lang: text for lang, text in texts.items() if isinstance(text, str) and text})
        elif isinstance(texts, str) and texts:
            merged[key] = {"kk": texts, "ru": texts, "en": texts}
    return merged


def fill(texts: dict[str, str], **values: object) -> dict[str, str]:
    """A phrase with its {placeholders} replaced in every language."""
    out = {}
    for lang, text in texts.items():
        for name, value in values.items():
            text = text.replace("{" + name + "}", str(value))
        out[lang] = text
    return out


def award_texts(wording: dict[str, dict[str, str]], key: str | None) -> dict[str, str] | None:
    """An award's label in every language; a preset's own key without a phrase prints as written."""
    if key is None:
        return None
    return wording.get(f"award_{key}") or {"kk": key, "ru": key, "en": key}
