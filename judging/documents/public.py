"""Public pages, no sign-in: verify a diploma or a letter by its code, and download one's own diploma.

A participant finds the diploma by the code given with the entry (printed on the application
confirmation), never by name: names are guessable, and the participants are children. A letter
of thanks names all of a teacher's pupils in full, with their awards, so a pupil's code (which
the family holds too) does not give it: it comes with the letter's own code, which the
organisers hand to the teacher (it is printed on the letter, and listed on their letters page),
and only once the results of every pupil it names are published.
Nothing is issued from results that are not published (finalised, then made public), and the
verify page says plainly when a document was replaced, or its results are being reviewed.
Wrong codes are counted per browser session and per address; after MAX_FAILURES within
FAILURE_WINDOW seconds the form refuses for that long. Entry codes have ~48 random bits, so even
without the limit guessing is hopeless; the limit keeps the log quiet and a scripted scan slow.
"""

from __future__ import annotations

import threading
import time
from io import BytesIO

from flask import render_template, request, send_file, session
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from judging import lifecycle
from judging.documents import build, public_bp, reprint, statements
from judging.documents.views import external_base
from judging.documents.wording import award_texts, edition_wording
from judging.extensions import db
from judging.models import Entry
from judging.models.document import Diploma, Letter, normalize_code
from judging.privacy import display_name

MAX_FAILURES = 8
FAILURE_WINDOW = 15 * 60
_by_address: dict[str, list[float]] = {}
_lock = threading.Lock()


@public_bp.route("/verify/<code>")
def verify(code: str):
    """Confirm a diploma or a letter by its code: what it states, and whether that still holds.

    Four answers: genuine and in force; replaced (on which date, by which code, and the result now);
    the category's results are being reviewed (reopened, not published); or the results were
    corrected and a replacement is due. A plain 404 page for an unknown code."""
    row = db.session.scalar(select(Diploma).where(Diploma.code == normalize_code(code)))
    if row is None:
        letter = db.session.scalar(select(Letter).where(Letter.code == normalize_code(code)))
        if letter is not None:
            return _verify_letter(letter)
        return render_template("documents/verify.html", diploma=None, code=code[:40]), 404
    entry = row.entry
    category = entry.category
    edition = category.edition
    w = edition_wording(edition.wording)
    stated = row.statement or {"name": row.name, "award": row.award}
    # results under review are never shown as «the result now»: they may still change
    reviewing = not lifecycle.published(category)
    status, now = "replaced" if row.superseded_at is not None else "reviewing" if reviewing else "valid", None
    if not reviewing and row.kind == "diploma":
        now = reprint.diploma_now(row)
        if status == "valid" and not statements.agrees(row.statement, now):
            status = "changed"
    return render_template(
        "documents/verify.html", diploma=row, code=row.code, entry=entry, edition=edition, category=category,
        name=stated.get("name") or row.name, award=award_texts(w, stated.get("award")), status=status,
        reviewing=reviewing, now=_result(w, now),
        heading=w["diploma_heading" if row.kind == "diploma" else "letter_heading"],
    )


def _result(w: dict, statement: dict | None) -> dict | None:
    """The result a diploma would state now, for the verify page: {"award": texts, "place": "3"}."""
    if statement is None:
        return None
    return {"award": award_texts(w, statement.get("award")), "place": statement.get("place") or ""}


def _verify_letter(letter: Letter):
    """A letter of thanks: the teacher, and the pupils it names with their categories and awards.

    The pupils' names follow the edition's privacy setting, as on every public page: the paper
    letter in the verifier's hands has them in full."""
    edition = letter.edition
    w = edition_wording(edition.wording)
    pupils = [
        {"name": display_name(p.entry, edition), "category": p.entry.category, "award": award_texts(w, p.award)}
        for p in letter.pupils
    ]
    current, teacher, _awards = reprint.letter_now(letter)
    reviewing = not reprint.letter_published(letter, teacher)
    status = "replaced" if letter.superseded_at is not None else "reviewing" if reviewing else "valid"
    if status == "valid" and not statements.agrees(letter.statement, current):
        status = "changed"
    return render_template("documents/verify.html", letter=letter, code=letter.code, edition=edition,
                           pupils=pupils, heading=w["letter_heading"], status=status, reviewing=reviewing)


def _recent(stamps: list[float], now: float) -> list[float]:
    return [t for t in stamps if now - t < FAILURE_WINDOW]


def _blocked(now: float) -> bool:
    if len(_recent(session.get("diploma_failures", []), now)) >= MAX_FAILURES:
        return True
    with _lock:
        return len(_recent(_by_address.get(request.remote_addr or "", []), now)) >= MAX_FAILURES * 4


def _count_failure(now: float) -> None:
    session["diploma_failures"] = [*_recent(session.get("diploma_failures", []), now), now]
    with _lock:
        address = request.remote_addr or ""
        _by_address[address] = [*_recent(_by_address.get(address, []), now), now]
        if len(_by_address) > 10_000:  # forget old addresses rather than grow without end
            for key in [k for k, v in _by_address.items() if not _recent(v, now)]:
                del _by_address[key]


@public_bp.route("/diploma", methods=["GET", "POST"])
def download():
    """The participant types the code from the application confirmation and gets the diploma PDF."""
    message, status, reason = None, 200, ""
    if request.method == "POST":
        now = time.time()
        code = normalize_code(request.form.get("code", ""))
        if _blocked(now):
            message, status, reason = _("Too many wrong codes. Please wait a quarter of an hour and try again."), 429, "too_many"
        elif not code:
            message, status, reason = _("Please type the participant's code."), 400, "empty"
        elif request.form.get("document") == "thanks":
            letter = db.session.scalar(select(Letter).where(Letter.code == code))
            if letter is None:
                _count_failure(now)
                if db.session.scalar(select(Entry.id).where(Entry.code == code)) is not None:
                    message, status, reason = _("This is a participant's code. A teacher's letter of thanks names all their pupils, so it comes with the letter's own code, which the organisers give the teacher."), 404, "pupil_code"
                else:
                    message, status, reason = _("No letter of thanks has this code. Check it, or ask the organisers."), 404, "unknown"
            else:
                documents, pdf, withheld = _issued_letter(letter)
                if any(item.reason == "changed" for item in withheld):
                    message, status, reason = _("The results were corrected after this letter was issued, and a new one is being prepared. Please ask the organisers."), 403, "reprint"
                elif not documents:
                    message, status, reason = _("The letter of thanks names pupils whose results are not published yet. Please come back after the closing ceremony."), 403, "unpublished_pupils"
                else:
                    return send_file(BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                                     download_name=f"letter-{letter.code}.pdf")
        else:
            entry = db.session.scalar(select(Entry).where(Entry.code == code))
            if entry is None:
                _count_failure(now)
                message, status, reason = _("No entry has this code. Check it against the application confirmation."), 404, "unknown"
            elif not lifecycle.published(entry.category):
                message, status, reason = _("The results of this category are not published yet. Please come back after the closing ceremony."), 403, "unpublished"
            else:
                documents, pdf, withheld = _issued(entry.category.edition, lambda builder: builder.diplomas_of_entry(entry))
                if withheld:
                    message, status, reason = _("The results were corrected after this diploma was issued, and a new one is being prepared. Please ask the organisers."), 403, "reprint"
                elif not documents:
                    message, status, reason = _("There is no diploma for this entry. Please ask the organisers."), 404, "no_diploma"
                else:
                    return send_file(BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                                     download_name=f"diploma-{entry.code}.pdf")
    return render_template("documents/download.html", message=message, reason=reason), status


def _issued_letter(letter: Letter) -> tuple[list, bytes, list]:
    """The teacher's letter, when the results of every pupil it names are published and it still holds.

    A superseded code gives nothing: the teacher asks for the replacement."""

    def make(builder: build.Builder) -> list:
        if letter.superseded_at is not None:
            builder.withhold("changed", "thanks", letter.name, None)
            return []
        teacher = next((t for t in builder.teachers() if t.key == letter.teacher_key), None)
        if teacher is None:
            return []
        document = builder.letter(teacher)
        return [document] if document is not None else []

    return _issued(letter.edition, make)


def _issued(edition, make) -> tuple[list, bytes, list]:
    """make(builder)'s documents, their PDF and what was withheld; codes issued on first download are stored."""
    for attempt in range(2):
        builder = build.Builder(edition, external_base())
        documents = make(builder)
        if not documents or builder.withheld:
            db.session.rollback()
            return [], b"", builder.withheld
        pdf = build.merged_pdf(documents)
        build.record_hashes(documents)
        try:
            db.session.commit()
        except IntegrityError:  # the same document issued by a simultaneous download: use that one's code
            db.session.rollback()
            if attempt:
                raise
            continue
        return documents, pdf, []
    return [], b"", []
