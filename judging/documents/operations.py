"""Changes of state around documents: replacing issued documents, saving templates, wording and images."""

from __future__ import annotations

import io
import logging

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from judging import audit
from judging.documents import reprint, templates_env
from judging.documents.build import new_letter
from judging.documents.templates_env import TemplateProblem
from judging.documents.wording import DEFAULT_WORDING
from judging.extensions import db
from judging.models import Edition
from judging.models.base import utcnow
from judging.models.document import Diploma, DocumentSettings, DocumentTemplate, Letter, new_diploma_code

log = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 512 * 1024
MAX_IMAGE_SIDE = 2000


class DocumentError(Exception):
    """A request about documents that cannot be done, with a message for the organiser."""

    def __init__(self, message: str, line: int | None = None, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.detail = detail  # technical text (a template engine's own English), shown under the message


def reissue(edition: Edition, user_id: int | None) -> list[tuple[Diploma | Letter, Diploma | Letter | None]]:
    """Replace every issued document the published record no longer agrees with (reprint.due).

    Each replacement is a new row, with a new code and the statement the record gives now; the
    old row keeps what it stated and gets superseded_at and superseded_by, so its code still
    verifies and says what replaced it. A document the entry no longer earns is superseded with
    no successor. Returns (old, new) pairs; all or nothing.
    """
    now = utcnow()
    done: list[tuple[Diploma | Letter, Diploma | Letter | None]] = []
    for item in reprint.due(edition):
        old = item.row
        old.superseded_at = now
        db.session.flush()  # the old row leaves the unique index of documents in force first
        new: Diploma | Letter | None = None
        if item.current is not None and isinstance(old, Diploma):
            new = Diploma(code=new_diploma_code(), entry_id=old.entry_id, member_id=old.member_id, kind=old.kind,
                          award=item.current["award"], name=item.current["name"], statement=item.current)
        elif item.current is not None:
            new = new_letter(edition, item.teacher, item.awards, item.current)
        if new is not None:
            db.session.add(new)
            db.session.flush()
            old.superseded_by_id = new.id
        kind = "letter" if isinstance(old, Letter) else "diploma"
        audit.record("document.superseded", f"{kind}:{old.id}", edition_id=edition.id,
                     before={"code": old.code, "statement": old.statement},
                     after={"code": new.code, "statement": new.statement} if new is not None else None, user_id=user_id)
        done.append((old, new))
    if not done:
        return done
    try:
        db.session.commit()
    except IntegrityError:  # another organiser replaced them at the same moment
        db.session.rollback()
        raise DocumentError(_("These documents have just been replaced by someone else; reload the page.")) from None
    log.info("edition %s: %d documents superseded", edition.id, len(done))
    return done


def settings_for(edition: Edition) -> DocumentSettings:
    row = db.session.scalar(select(DocumentSettings).where(DocumentSettings.edition_id == edition.id))
    if row is None:
        row = DocumentSettings(edition_id=edition.id)
        db.session.add(row)
    return row


def save_template(edition: Edition, kind: str, body: str, sample: dict, user_id: int | None) -> None:
    """Check an edited template on sample data, then store it; a faulty one is never stored."""
    if kind not in templates_env.KINDS:
        raise DocumentError(_("Unknown document kind."))
    body = body.replace("\r\n", "\n")
    try:
        templates_env.check(kind, body, sample)
    except TemplateProblem as exc:
        raise DocumentError(exc.message, exc.line, exc.detail) from None
    row = db.session.scalar(
        select(DocumentTemplate).where(DocumentTemplate.edition_id == edition.id, DocumentTemplate.kind == kind)
    )
    before = {"body": row.body} if row else None
    if row is None:
        row = DocumentTemplate(edition_id=edition.id, kind=kind, body=body)
        db.session.add(row)
    row.body, row.updated_by, row.updated_at = body, user_id, utcnow()
    audit.record("document.template_saved", f"template:{kind}", edition_id=edition.id, before=before,
                 after={"body": body}, user_id=user_id)
    db.session.commit()
    log.info("edition %s: template %s saved", edition.id, kind)


def reset_template(edition: Edition, kind: str, user_id: int | None) -> None:
    """Go back to the shipped template of a kind."""
    row = db.session.scalar(
        select(DocumentTemplate).where(DocumentTemplate.edition_id == edition.id, DocumentTemplate.kind == kind)
    )
    if row is None:
        return
    audit.record("document.template_reset", f"template:{kind}", edition_id=edition.id, before={"body": row.body},
                 after=None, user_id=user_id)
    db.session.delete(row)
    db.session.commit()


def save_wording(edition: Edition, phrases: dict[str, dict[str, str]], user_id: int | None) -> None:
    """Store corrected phrases; a phrase left empty in a language falls back to the built-in one."""
    before = dict(edition.wording or {})
    wording = {key: dict(value) for key, value in before.items() if isinstance(value, dict)}
    for key, texts in phrases.items():
        if key not in DEFAULT_WORDING and key not in wording:
            continue
        clean = {lang: text.strip()[:1000] for lang, text in texts.items() if text and text.strip()}
        if clean:
            wording[key] = clean
        else:
            wording.pop(key, None)
    if wording == before:
        return
    edition.wording = wording  # a new dict: JSON columns notice assignment, not mutation
    audit.record("document.wording", f"edition:{edition.id}", edition_id=edition.id, before=before, after=wording,
                 user_id=user_id)
    db.session.commit()


def clean_image(data: bytes) -> bytes:
    """A PNG or JPEG upload decoded and re-encoded as a plain PNG (nothing but pixels survives)."""
    if not data:
        raise DocumentError(_("The file is empty."))
    if len(data) > MAX_IMAGE_BYTES:
        raise DocumentError(_("The image is larger than %(size)s KB.", size=MAX_IMAGE_BYTES // 1024))
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        raise DocumentError(_("Only PNG or JPEG images are accepted (SVG and other formats are not)."))
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG"):
                raise DocumentError(_("Only PNG or JPEG images are accepted (SVG and other formats are not)."))
            if max(image.size) > MAX_IMAGE_SIDE:
                raise DocumentError(_("The image is larger than %(side)s pixels on a side.", side=MAX_IMAGE_SIDE))
            image.load()
            converted = image.convert("RGBA")
    except DocumentError:
        raise
    except Exception:  # Pillow raises many kinds of errors for a broken file
        raise DocumentError(_("The image could not be read; save it again as PNG or JPEG.")) from None
    out = io.BytesIO()
    converted.save(out, format="PNG", optimize=True)
    return out.getvalue()


def save_image(edition: Edition, which: str, data: bytes | None, user_id: int | None) -> None:
    """Store (or, with no data, remove) the logo or the director's signature."""
    if which not in ("logo", "signature"):
        raise DocumentError(_("Unknown image."))
    png = clean_image(data) if data is not None else None
    settings = settings_for(edition)
    setattr(settings, f"{which}_png", png)
    audit.record(f"document.{which}", f"edition:{edition.id}", edition_id=edition.id,
                 after={"bytes": len(png) if png else 0}, user_id=user_id)
    db.session.commit()


def save_options(edition: Edition, member_diplomas: bool, user_id: int | None) -> None:
    """Document options of an edition (one diploma per member of a collective, or not)."""
    settings = settings_for(edition)
    if settings.member_diplomas == member_diplomas:
        db.session.commit()
        return
    settings.member_diplomas = member_diplomas
    audit.record("document.options", f"edition:{edition.id}", edition_id=edition.id,
                 after={"member_diplomas": member_diplomas}, user_id=user_id)
    db.session.commit()
