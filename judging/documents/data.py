"""Plain data for documents, built from the database and the stored standings.

Templates (sandboxed, see templates_env.py) receive only what is built here: dicts, lists and
strings, never a model object. The protocol's numbers come from `judging.results.standings`,
the same stored standings the hall screen shows; judges' marks come from Sheet / Mark.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from datetime import date
from decimal import Decimal
from functools import lru_cache

import segno
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from judging import lifecycle
from judging.documents.letters import Teacher
from judging.documents.templates_env import both
from judging.documents.wording import award_texts, edition_wording, fill
from judging.extensions import db
from judging.models import (
    Category,
    CategoryResult,
    Conflict,
    Edition,
    Entry,
    Judge,
    Mark,
    Measurement,
    Member,
    Sheet,
    Standing,
)
from judging.models.document import Diploma, DocumentSettings, Letter
from judging.results import standings

ROLE_ORDER = {"chair": 0, "member": 1, "secretary": 2}


# ---------------------------------------------------------------- helpers


@lru_cache(maxsize=4096)
def qr_data_uri(text: str) -> str:
    """A QR code of the text as a small black-and-white PNG data: URI (fetched from nowhere).

    A PNG, not an SVG: WeasyPrint draws an SVG path module by module, which cost a quarter of a
    diploma's drawing time; a 1-bit PNG is embedded as it is. Eight pixels a module and
    `image-rendering: pixelated` in the stylesheet keep the edges sharp in print.
    """
    # A fixed mask skips segno's search for the best of eight, which is most of its time;
    # any mask gives a valid code, and printed codes of short URLs scan fine with it.
    return segno.make(text, error="m", mask=2, micro=False).png_data_uri(scale=8, border=0)


def png_data_uri(data: bytes | None) -> str | None:
    return None if not data else "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def verify_url(base_url: str, code: str) -> str:
    return base_url.rstrip("/") + "/verify/" + code


def tablet_url(base_url: str, token: str) -> str:
    """The judge's tablet address; the tablet page's own route when the app has it."""
    from flask import current_app, url_for

    if "judge.tablet" in current_app.view_functions:
        try:
            with current_app.test_request_context(base_url=base_url):
                return url_for("judge.tablet", token=token, _external=True)
        except Exception:  # a route with other arguments: fall back to the documented address
            pass
    return base_url.rstrip("/") + "/t/" + token


def doc_date(edition: Edition) -> date:
    """The date printed on diplomas: the last day of the contest, else its first, else today."""
    return edition.ends_on or edition.starts_on or date.today()


def date_text(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def dates_text(edition: Edition) -> str:
    if edition.starts_on and edition.ends_on and edition.starts_on != edition.ends_on:
        return f"{date_text(edition.starts_on)} – {date_text(edition.ends_on)}"
    return date_text(edition.starts_on or edition.ends_on)


def score_text(value, decimals: int = 2) -> str:
    """A score as the protocol prints it: the rule's decimals (8.70, 9.00)."""
    if value is None:
        return "—"
    try:
        return f"{Decimal(str(value)):.{decimals}f}"
    except ArithmeticError:
        return str(value)


def mark_text(value) -> str:
    if value is None:
        return "—"
    return format(Decimal(str(value)).normalize(), "f")


def place_text(row: Standing | None) -> str:
    if row is None or row.place is None:
        return "—"
    if row.place_to and row.place_to != row.place:
        return f"{row.place}–{row.place_to}"
    return str(row.place)


def settings_of(edition: Edition) -> DocumentSettings | None:
    return db.session.scalar(select(DocumentSettings).where(DocumentSettings.edition_id == edition.id))


def criteria_of(category: Category) -> list[dict]:
    """Criteria (or marking-scheme aspects) with their bilingual labels and ranges."""
    params = category.params or {}
    items = params.get("criteria") or params.get("aspects") or []
    out = []
    for item in items:
        key = item.get("key")
        label = category.labels.get(key) if category.labels else None
        out.append({
            "key": key,
            "label": label or {"kk": key, "ru": key, "en": key},
            "min": mark_text(item.get("min", 0)),
            "max": mark_text(item["max"]) if item.get("max") is not None else ("3" if item.get("type") == "judgement" else ""),
            "weight": item.get("weight", 1),
        })
    return out


def edition_common(edition: Edition, base_url: str) -> dict:
    """What every document of an edition prints: the contest, organiser, place, date, images."""
    settings = settings_of(edition)
    return {
        "languages": list(edition.languages or ["kk", "ru"]),
        "w": edition_wording(edition.wording),
        "contest": dict(edition.title or {}),
        "series": dict(edition.series.name or {}) if edition.series else {},
        "organiser": dict(edition.organiser_name or {}),
        "city": dict(edition.city or {}),
        "venue": dict(edition.venue or {}),
        "year": edition.year,
        "dates": dates_text(edition),
        "date": date_text(doc_date(edition)),
        "director_name": edition.director_name or "",
        "logo": png_data_uri(settings.logo_png) if settings else None,
        "signature_image": png_data_uri(settings.signature_png) if settings else None,
        "base_url": base_url.rstrip("/"),
    }


def category_common(category: Category) -> dict:
    return {
        "id": category.id,
        "label": {lang: category.label(lang) for lang in ("kk", "ru", "en")},
        "nomination": dict(category.nomination or {}),
        "age_group": dict(category.age_group or {}),
        "form": dict(category.form or {}),
    }


def entry_common(entry: Entry) -> dict:
    return {
        "id": entry.id,
        "number": entry.number,
        "name": entry.name,
        "kind": entry.kind,
        "collective": entry.kind == "collective",
        "members": [m.name for m in entry.members],
        "institution": entry.institution,
        "district": entry.district,
        "teacher": entry.teacher,
        "repertoire": entry.repertoire,
        "status": entry.status,
        "code": entry.code,
    }


def one_line_texts(item: dict) -> dict:
    """The entry's texts with every run of whitespace (a newline pasted from a spreadsheet) as one space.

    The protocol's participant cell breaks its lines at newline characters (white-space: pre-line),
    so a newline inside a name or a school would otherwise start a line of its own.
    """
    for key in ("name", "institution", "teacher", "repertoire"):
        if isinstance(item.get(key), str):
            item[key] = " ".join(item[key].split())
    item["members"] = [" ".join(name.split()) for name in item["members"]]
    return item


def jury_of(category: Category) -> list[dict]:
    """The category's jury: chair, members, then the secretary (of the panel, else of the edition)."""
    judges = list(category.judges)
    if not any(j.role == "secretary" for j in judges):
        judges += [j for j in category.edition.judges if j.role == "secretary"]
    judges.sort(key=lambda j: (ROLE_ORDER.get(j.role, 1), j.position, j.id))
    w = edition_wording(category.edition.wording)
    return [
        {"id": j.id, "name": j.name, "credentials": j.credentials, "role": j.role, "role_label": w[f"jury_{j.role}"],
         # for listing the jury by role: «Members of the jury: 2. …; 3. …»
         "role_order": ROLE_ORDER.get(j.role, 1), "role_group": w["jury_members" if j.role == "member" else f"jury_{j.role}"]}
        for j in judges
    ]


def standing_rows(category: Category) -> tuple[CategoryResult | None, dict[int, Standing]]:
    result = standings(category)
    rows = {s.entry_id: s for s in result.standings} if result else {}
    return result, rows


# ---------------------------------------------------------------- protocol


def protocol(category: Category) -> dict:
    """The jury protocol of a category: jury, entries, each judge's marks, score, place, award, notes.

    Until the jury finalises the category the protocol is provisional: it says so in its heading,
    carries no approval or signatures (nobody signs results that may change), gives each row the
    sheets it rests on of its panel, shows no award on a row short of its panel, and names the
    missing sheets in one note per judge.
    """
    edition = category.edition
    w = edition_wording(edition.wording)
    provisional = lifecycle.provisional(category)
    result, rows = standing_rows(category)
    decimals = int((category.params or {}).get("decimals", 2) or 0)
    scoring = [j for j in category.judges if j.marks_for_panel]
    scoring.sort(key=lambda j: (ROLE_ORDER.get(j.role, 1), j.position, j.id))
    criteria = criteria_of(category)
    marks = _marks_by_sheet(category)
    placements = _placements(category)
    measurements = _measurements(category)
    conflicts = {
        (c.judge_id, c.entry_id): c.reason
        for c in db.session.scalars(select(Conflict).join(Entry).where(Entry.category_id == category.id))
    }
    label_of = {c["key"]: c["label"] for c in criteria}

    entries = entries_of(category)
    order = {s.entry_id: s.row for s in rows.values()}
    # standings order first (place, then running order), entries out of competition last
    entries.sort(key=lambda e: (0, order[e.id]) if e.id in order else (1, e.number))

    notes: list[dict] = []
    any_dropped = False
    table = []
    for entry in entries:
        row = rows.get(entry.id)
        detail = (row.detail if row else None) or {}
        totals = detail.get("judge_totals") or {}
        dropped = set(detail.get("dropped") or [])
        abstentions = detail.get("abstentions") or {}
        cells = []
        for judge in scoring:
            key = str(judge.id)
            cell = {"judge_id": judge.id, "total": None, "marks": [], "abstained": False, "dropped": False}
            if key in abstentions or (judge.id, entry.id) in conflicts and key not in totals:
                cell["abstained"] = True
            elif (judge.id, entry.id) in marks:
                given = marks[(judge.id, entry.id)]
                cell["marks"] = [mark_text(given.get(c["key"])) for c in criteria]
                cell["total"] = score_text(totals[key], decimals) if key in totals else None
                cell["dropped"] = key in dropped
                any_dropped = any_dropped or cell["dropped"]
            elif (judge.id, entry.id) in placements:
                cell["marks"] = [str(p) for p in placements[(judge.id, entry.id)]]
            cells.append(cell)
        item = one_line_texts(entry_common(entry))
        item.update({
            "cells": cells,
            "measurements": measurements.get(entry.id, []),
            "score": score_text(row.score, decimals) if row else "—",
            "place": place_text(row),
            "award": award_texts(w, row.award) if row and lifecycle.shows_award(category, row.sheets, row.panel) else None,
            "sheets": f"{row.sheets or 0}/{row.panel}" if provisional and row and row.panel else "",
            "out": not entry.competing,
        })
        table.append(item)
        notes.extend(_entry_notes(w, entry, detail, abstentions, conflicts, label_of, scoring))
    if provisional:
        notes[:0] = _missing_notes(w, category)
    if any_dropped:
        notes.insert(0, w["note_dropped"])
    if result is not None:
        # missing sheets and unmarked entries are already said per entry, in words
        kept = [w_ for w_ in result.warnings or [] if w_.get("code") not in ("missing_sheet", "no_marks")]
        notes.extend(warning_notes(kept, {str(e.id): f"№{e.number} {e.name}" for e in entries}))
        if result.error:
            notes.append(_error_note(w["note_error"], result.error))

    judge_cols = [
        {"id": j.id, "name": j.name, "short": f"{i + 1}", "short_name": short_name(j.name), "role": j.role}
        for i, j in enumerate(scoring)
    ]
    numbers = {j.id: i + 1 for i, j in enumerate(scoring)}
    jury = jury_of(category)
    for member in jury:
        member["number"] = numbers.get(member["id"])
    columns = protocol_columns(len(scoring), len(criteria), bool(measurements))
    data = category_common(category)
    return {
        "category": data,
        "rule": category.rule,
        "criteria": criteria,
        "judges": judge_cols,
        "jury": jury,
        "rows": table,
        "notes": notes,
        "provisional": provisional,
        "landscape": columns["landscape"],
        "columns": columns,
        "with_measurements": bool(measurements),
        "computed_at": result.computed_at.strftime("%d.%m.%Y %H:%M") if result and result.computed_at else "",
        "has_results": result is not None and bool(result.standings),
    }


# Page widths inside the margins (documents.css: @page and @page landscape), in mm.
PORTRAIT_MM, LANDSCAPE_MM = 182, 273
FIXED_MM = {"number": 8, "score": 15, "place": 13, "award": 29, "measurements": 40}
MIN_PARTICIPANT_MM, MAX_PARTICIPANT_MM = 62, 100


def _error_note(template: dict[str, str], error: dict) -> dict[str, str]:
    """The rule's refusal in each language of the note: the rule itself speaks English only."""
    from flask_babel import force_locale

    from judging.rule_wording import stored_error_text

    note = {}
    for lang, text in template.items():
        with force_locale(lang):
            note[lang] = fill({lang: text}, reason=stored_error_text(error))[lang]
    return note


def protocol_columns(judges: int, criteria: int, measurements: bool) -> dict:
    """The protocol table's column widths (mm), so the participant gets room and judges stay narrow.

    A judge's column holds the judge's total and, beneath it, one small mark per criterion; about
    4 mm a mark, 12 mm at least, 21 mm at most (more marks wrap onto a second line).
    """
    judge_mm = min(21.0, max(12.0, 4.0 * criteria + 2)) if criteria > 1 else 12.0
    fixed = FIXED_MM["number"] + FIXED_MM["score"] + FIXED_MM["place"] + FIXED_MM["award"]
    if measurements:
        fixed += FIXED_MM["measurements"]
    landscape = measurements or PORTRAIT_MM - fixed - judges * judge_mm < MIN_PARTICIPANT_MM
    width = LANDSCAPE_MM if landscape else PORTRAIT_MM
    if judges and width - fixed - judges * judge_mm < MIN_PARTICIPANT_MM:  # a large panel: narrower judges
        judge_mm = max(10.0, (width - fixed - MIN_PARTICIPANT_MM) / judges)
    participant = width - fixed - judges * judge_mm
    if judges and participant > MAX_PARTICIPANT_MM:  # room to spare on a landscape page: widen the judges
        judge_mm = min(26.0, (width - fixed - MAX_PARTICIPANT_MM) / judges)
        participant = width - fixed - judges * judge_mm
    return {
        "landscape": landscape,
        "number": FIXED_MM["number"],
        "participant": round(participant, 1),
        "judge": round(judge_mm, 1),
        "measurements": FIXED_MM["measurements"] if measurements else 0,
        "score": FIXED_MM["score"],
        "place": FIXED_MM["place"],
        "award": FIXED_MM["award"],
    }


PATRONYMIC_ENDINGS = ("вич", "вна", "чна", "ұлы", "қызы", "улы", "кызы", "оглы", "оғлы")


def short_name(name: str) -> str:
    """A judge's name for a narrow column head: «Клименко В. А.» from either word order; short names as they are."""
    parts = name.split()
    if len(parts) < 2 or len(name) <= 16:
        return name
    if parts[-1].lower().endswith(PATRONYMIC_ENDINGS):  # «Клименко Виктор Андреевич»: surname first
        surname, given = parts[0], parts[1:]
    else:  # «Виктор Андреевич Клименко»
        surname, given = parts[-1], parts[:-1]
    return f"{surname} " + " ".join(f"{p[0]}." for p in given if p[:1].isalpha())


def warning_notes(warnings: list[dict], labels: dict[str, str]) -> list[dict]:
    """The rule's warnings as translated notes, one per kind, naming entries «№7 Name», in kk, ru and en."""
    from flask_babel import force_locale

    from judging.warnings import explain

    if not warnings:
        return []
    by_lang = {}
    for lang in ("kk", "ru", "en"):
        with force_locale(lang):
            by_lang[lang] = explain(warnings, lambda key: labels.get(key, key))
    return [{lang: by_lang[lang][i] for lang in by_lang} for i in range(len(by_lang["ru"]))]


def _missing_notes(w: dict, category: Category) -> list[dict]:
    """The sheets still missing, one note per judge listing the entries (or the dances) it owes."""
    by_judge: dict[str, dict] = {}
    for m in lifecycle.missing_sheets(category):
        owed = by_judge.setdefault(m.judge_name, {"numbers": [], "dances": []})
        if m.entry_id is not None:
            owed["numbers"].append(f"№{m.entry_number}")
        else:
            owed["dances"].append(m.dance)
    notes = []
    for judge, owed in by_judge.items():
        if owed["numbers"]:
            notes.append(fill(w["note_missing"], judge=judge, numbers=", ".join(owed["numbers"])))
        if owed["dances"]:
            note = fill(w["note_missing_placements"], judge=judge)
            # A final of one unnamed dance owes "" : the phrase then drops its empty brackets.
            notes.append({lang: text.replace("{dances}", ", ".join(category.criterion_label(d, lang) for d in owed["dances"] if d))
                          .replace(" ()", "") for lang, text in note.items()})
    return notes


def _entry_notes(w, entry, detail, abstentions, conflicts, label_of, scoring) -> list[dict]:
    notes = []
    for judge in scoring:
        key = str(judge.id)
        reason = abstentions.get(key) or conflicts.get((judge.id, entry.id))
        if key in abstentions or (reason and key not in (detail.get("judge_totals") or {})):
            notes.append(fill(w["note_abstention"], judge=judge.name, number=entry.number, name=entry.name, reason=reason or ""))
    step = detail.get("tie_break")
    if step == "shared":
        notes.append(fill(w["note_shared"], number=entry.number, name=entry.name))
    elif step:
        if step.startswith("criterion:"):
            label = label_of.get(step.split(":", 1)[1]) or {"kk": step, "ru": step, "en": step}
            step_texts = {lang: w["tie_criterion"].get(lang, "").replace("{name}", label.get(lang, "")) for lang in w["tie_criterion"]}
        else:
            step_texts = w.get(f"tie_{step}") or {"kk": step, "ru": step, "en": step}
        notes.append({
            lang: w["note_tie_break"].get(lang, "").replace("{number}", str(entry.number)).replace("{name}", entry.name)
            .replace("{step}", step_texts.get(lang, step))
            for lang in w["note_tie_break"]
        })
    if entry.status in ("disqualified", "withdrawn"):
        status = w[f"status_{entry.status}"]
        note = {lang: w["note_status"].get(lang, "").replace("{number}", str(entry.number)).replace("{name}", entry.name)
                .replace("{status}", status.get(lang, entry.status)) for lang in w["note_status"]}
        if entry.notes:
            for lang in note:
                note[lang] += "; " + w["note_reason"].get(lang, "{reason}").replace("{reason}", entry.notes)
        notes.append(note)
    return notes


def _marks_by_sheet(category: Category) -> dict[tuple[int, int], dict[str, Decimal]]:
    """Every mark of the category in one query: (judge, entry) -> {criterion: value}."""
    rows = db.session.execute(
        select(Sheet.judge_id, Sheet.entry_id, Mark.criterion, Mark.value)
        .join(Mark, Mark.sheet_id == Sheet.id)
        .where(Sheet.category_id == category.id, Sheet.entry_id.is_not(None))
    ).all()
    out: dict[tuple[int, int], dict[str, Decimal]] = defaultdict(dict)
    for judge_id, entry_id, criterion, value in rows:
        out[(judge_id, entry_id)][criterion] = value
    return dict(out)


def entries_of(category: Category) -> list[Entry]:
    """The category's entries in running order, their members loaded in the same go."""
    return list(db.session.scalars(
        select(Entry).where(Entry.category_id == category.id).order_by(Entry.number).options(selectinload(Entry.members))
    ))


def _placements(category: Category) -> dict[tuple[int, int], list[int]]:
    sheets = db.session.scalars(
        select(Sheet).where(Sheet.category_id == category.id, Sheet.entry_id.is_(None)).order_by(Sheet.dance, Sheet.id)
    ).all()
    out: dict[tuple[int, int], list[int]] = defaultdict(list)
    for sheet in sheets:
        for p in sheet.placements:
            out[(sheet.judge_id, p.entry_id)].append(p.place)
    return dict(out)


def _measurements(category: Category) -> dict[int, list[dict]]:
    rows = db.session.scalars(
        select(Measurement).join(Entry).where(Entry.category_id == category.id)
        .order_by(Measurement.entry_id, Measurement.round, Measurement.attempt)
    ).all()
    out: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for m in rows:
        out[m.entry_id][m.round].append(mark_text(m.value))
    return {entry_id: [{"round": r, "attempts": a} for r, a in sorted(rounds.items())] for entry_id, rounds in out.items()}


# ---------------------------------------------------------------- score sheets


def score_sheet(category: Category, judge: Judge, blank: bool = False) -> dict:
    """A judge's score sheet for a category: what was submitted, or blank for paper marking."""
    criteria = criteria_of(category)
    marks = {} if blank else _marks_by_sheet(category)
    result, rows = (None, {}) if blank else standing_rows(category)
    decimals = int((category.params or {}).get("decimals", 2) or 0)
    conflicts = {
        c.entry_id: c.reason
        for c in db.session.scalars(select(Conflict).where(Conflict.judge_id == judge.id))
    }
    table = []
    for entry in entries_of(category):
        if blank and entry.status == "withdrawn":
            continue
        item = entry_common(entry)
        given = marks.get((judge.id, entry.id))
        totals = ((rows.get(entry.id).detail or {}).get("judge_totals") or {}) if rows.get(entry.id) else {}
        item.update({
            "marks": [mark_text(given.get(c["key"])) if given and c["key"] in given else "" for c in criteria],
            "total": score_text(totals[str(judge.id)], decimals) if str(judge.id) in totals else "",
            "abstained": entry.id in conflicts,
            "reason": conflicts.get(entry.id, ""),
            "submitted": given is not None,
        })
        table.append(item)
    w = edition_wording(category.edition.wording)
    return {
        "blank": blank,
        "category": category_common(category),
        "judge": {"id": judge.id, "name": judge.name, "role": judge.role, "role_label": w[f"jury_{judge.role}"]},
        "criteria": criteria,
        "rows": table,
        "landscape": len(criteria) > 6,
    }


# ---------------------------------------------------------------- diplomas, letters


def diploma(edition: Edition, category: Category, entry: Entry, row: Standing, issued: Diploma,
            member: Member | None, base_url: str) -> dict:
    """One diploma: the award, the name (the collective's, or a member's), institution, teacher, code."""
    w = edition_wording(edition.wording)
    url = verify_url(base_url, issued.code)
    return {
        "kind": "diploma",
        "award": award_texts(w, row.award),
        "award_key": row.award,
        "place": place_text(row),
        "entry": entry_common(entry),
        "name": member.name if member else entry.name,
        "member_of": entry.name if member else None,
        "category": category_common(category),
        "code": issued.code,
        "verify_url": url,
        "qr": qr_data_uri(url),
    }


# A letter's list of pupils in the largest type that fits its page: (size, lines the page holds,
# characters a line holds). A pupil's line (name — award in both languages) may take two; a longer
# list goes on pages of its own after the letter ("annex"). See thanks.html and documents.css.
LETTER_SIZES = (("normal", 11, 66), ("small", 16, 78), ("smaller", 22, 90))
LOGO_LINES = 2  # the lines a logo above the organiser's name takes from the list


def letter_size(groups: list[dict], languages: list[str], logo: bool = False) -> str:
    """The type size of a letter's list of pupils, or "annex" when it needs pages of its own."""
    texts = [f"{pupil['name']} — {both(pupil['award'], languages)}" for group in groups for pupil in group["pupils"]]
    for size, most, width in LETTER_SIZES:
        if len(groups) + sum(-(-len(text) // width) for text in texts) <= most - (LOGO_LINES if logo else 0):
            return size
    return "annex"


def letter(edition: Edition, teacher: Teacher, awards: dict[int, str | None], issued: Letter,
           base_url: str, logo: bool = False) -> dict:
    """A letter of thanks to a teacher, naming each pupil (the entry) with its category and award."""
    w = edition_wording(edition.wording)
    url = verify_url(base_url, issued.code)
    pupils: list[dict] = []
    groups: list[dict] = []  # the pupils by category, in the order they come (categories in order)
    for entry in teacher.entries:
        item = one_line_texts(entry_common(entry))
        award = awards.get(entry.id)
        item.update({"award": award_texts(w, award), "award_key": award, "category": category_common(entry.category)})
        pupils.append(item)
        if not groups or groups[-1]["category"]["id"] != entry.category_id:
            groups.append({"category": item["category"], "pupils": []})
        groups[-1]["pupils"].append(item)
    institutions = {item["institution"] for item in pupils}
    several = len(pupils) > 1
    return {
        "kind": "thanks",
        "teacher": teacher.name,
        # printed under the teacher's name only when every pupil comes from the same place
        "institution": institutions.pop() if len(institutions) == 1 else "",
        "pupils": pupils,
        "categories": groups,
        "several": several,
        "reason": w["letter_reason_many"] if several else w["letter_reason"],
        "size": letter_size(groups, list(edition.languages or ["kk", "ru"]), logo),
        "code": issued.code,
        "verify_url": url,
        "qr": qr_data_uri(url),
        # a letter used to be for one entry: a template an organiser wrote then still prints the first
        "entry": pupils[0],
        "category": pupils[0]["category"],
    }


# ---------------------------------------------------------------- cards, confirmations


def judge_cards(edition: Edition, judges: list[Judge], base_url: str) -> dict:
    """Access cards: each judge's name, role, panels and the QR code of the tablet link."""
    w = edition_wording(edition.wording)
    cards = []
    for judge in judges:
        if not judge.token:
            continue  # a revoked link prints nothing a stranger could use
        url = tablet_url(base_url, judge.token)
        cards.append({
            "name": judge.name,
            "role": judge.role,
            "role_label": w[f"jury_{judge.role}"],
            "categories": [{lang: c.label(lang) for lang in ("kk", "ru", "en")} for c in judge.categories],
            "url": url,
            "qr": qr_data_uri(url),
        })
    rows = [cards[i:i + 2] for i in range(0, len(cards), 2)]
    return {"cards": cards, "rows": rows}


def confirmation(entry: Entry, base_url: str) -> dict:
    """An application confirmation showing the participant's code for the diploma download."""
    return {
        "entry": entry_common(entry),
        "category": category_common(entry.category),
        "download_url": base_url.rstrip("/") + "/diploma",
    }
