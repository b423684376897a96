"""Public pages, no sign-in: verify a diploma or a letter by its code, and download one's own diploma.

A participant finds the diploma by the code given with the entry (printed on the application
confirmation), never by name: names are guessable, and the participants are children. A letter
of thanks names all of a teacher's pupils in full, with their awards, so a pupil's code (which
the family holds too) does not give it: it comes with the letter's own code, which the
organisers hand to the teacher (it is printed on the letter, and listed on their letters page),
and only once the results of every pupil it names are published.
Nothing is issued from results that are not published (finalised, then made public), and the
verify page says plainly when a document was replaced, or its results are being reviewed.
Entry codes carry ~56 random bits (~41 for codes drawn before they had 12 characters), so
guessing one is hopeless; the limits keep a scripted scan slow without locking out a hall whose
parents all come from one address (the venue's Wi-Fi, or a reverse proxy when TRUSTED_PROXIES
says whose forwarded address to believe). Only failed lookups count per address, and the wait is
a minute; every try counts per code.
"""

from __future__ import annotations

import time
from io import BytesIO

from flask import g, render_template, request, send_file
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter import RequestLimit
from flask_limiter.util import get_remote_address
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from judging import lifecycle
from judging.documents import build, public_bp, reprint, statements
from judging.documents.views import external_base
from judging.documents.wording import award_texts, edition_wording
from judging.extensions import db, limiter
from judging.models import Entry
from judging.models.document import Diploma, Letter, normalize_code
from judging.privacy import display_name

# A hall's parents share one address: 60 mistyped codes a minute, then a minute's wait.
ADDRESS_LIMIT = "60 per minute"
# However many addresses try it, one code gets 20 tries a minute (a real one is downloaded once or twice).
CODE_LIMIT = "20 per minute"


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


def _code_key() -> str:
    code = normalize_code(request.form.get("code", ""))[:40]
    # an empty form is refused without a lookup; it must not share one count among all the visitors
    return "diploma-code:" + code if code else "diploma-empty:" + get_remote_address()


def _failed(response) -> bool:
    """Only lookups that found nothing to give count per address: a hall's downloads cost nothing."""
    return bool(g.get("diploma_lookup_failed"))


def _note_wait(limit: RequestLimit) -> None:
    g.diploma_retry_after = max(g.get("diploma_retry_after", 0), limit.reset_at - time.time())


@public_bp.errorhandler(429)
def _too_many(error):
    """The download page again, saying how long to wait, instead of the sign-in wording of errors.py."""
    minutes = max(1, round(g.get("diploma_retry_after", 60) / 60))
    message = ngettext("Too many codes were tried. Please wait %(num)d minute and try again.",
                       "Too many codes were tried. Please wait %(num)d minutes and try again.", minutes)
    return render_template("documents/download.html", message=message, reason="too_many"), 429


@public_bp.route("/diploma", methods=["GET", "POST"])
@limiter.limit(CODE_LIMIT, key_func=_code_key, methods=["POST"], on_breach=_note_wait)
@limiter.limit(ADDRESS_LIMIT, methods=["POST"], deduct_when=_failed, on_breach=_note_wait)
def download():
    """The participant types the code from the application confirmation and gets the diploma PDF."""
    g.diploma_lookup_failed = False
    message, status, reason = None, 200, ""
    if request.method == "POST":
        code = normalize_code(request.form.get("code", ""))
        if not code:
            message, status, reason = _("Please type the participant's code."), 400, "empty"
        elif request.form.get("document") == "thanks":
            letter = db.session.scalar(select(Letter).where(Letter.code == code))
            if letter is None:
                entry = db.session.scalar(select(Entry).where(Entry.code == code))
                # Told only when the diploma button would give that pupil's diploma anyway: before
                # publication it would tell a guesser that the code exists.
                if entry is not None and lifecycle.published(entry.category):
                    message, status, reason = _("This is a participant's code. A teacher's letter of thanks names all their pupils, so it comes with the letter's own code, which the organisers give the teacher."), 404, "pupil_code"
                else:
                    g.diploma_lookup_failed = True
                    message, status, reason = _("No letter of thanks has this code. Check it, or ask the organisers."), 404, "unknown"
            else:
                # A letter's code is drawn only once its pupils' results are published, and a reopened
                # category is published again within the contest: telling the teacher why it waits
                # gives a guesser nothing the letter itself would not.
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
            if entry is None or not lifecycle.published(entry.category):
                # Every entry has its code from registration on: an unpublished one must answer as an
                # unknown one does (and count as a failure), or a guesser learns which codes exist.
                g.diploma_lookup_failed = True
                message, status, reason = _("No diploma can be downloaded with this code now: check the code; diplomas are available once the results are published."), 404, "unavailable"
            else:
                # The code's results are published: the diploma itself would show the code is real.
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
