"""Why diplomas or letters of thanks were not made, in the organiser's language (pages, jobs, CLI)."""

from __future__ import annotations

from flask_babel import gettext as _

from judging.extensions import db
from judging.i18n import current_locale
from judging.models import Category


def withheld_texts(items: list[dict]) -> list[str]:
    """One sentence per reason, naming the categories, teachers or entries (items: Withheld.as_dict())."""
    texts = []
    categories = sorted({i["category_id"] for i in items if i["reason"] == "unpublished" and i["kind"] == "diploma"})
    if categories:
        locale = current_locale()
        labels = [c.label(locale) for c in (db.session.get(Category, cid) for cid in categories) if c is not None]
        texts.append(_("Diplomas are issued only from published results; not published yet: %(categories)s.",
                       categories="; ".join(labels)))
    teachers = _names(items, "unpublished", "thanks")
    if teachers:
        texts.append(_("A letter of thanks waits until the results of all the teacher's pupils are published: %(teachers)s.",
                       teachers="; ".join(teachers)))
    changed = _names(items, "changed", "diploma") + _names(items, "changed", "thanks")
    if changed:
        texts.append(_("The documents issued to %(names)s state other results than the record now: issue their replacements under «To be reprinted» first.",
                       names="; ".join(changed)))
    return texts


def _names(items: list[dict], reason: str, kind: str) -> list[str]:
    return list(dict.fromkeys(i["name"] for i in items if i["reason"] == reason and i["kind"] == kind))
