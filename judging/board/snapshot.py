"""What the public may see of an edition's results: the one place that decides it.

Hall screens (the /board watch ack and pushes), the public results pages and their JSON all build
their rows here, so a hidden or frozen category cannot leak through one path and not another.

- hidden: nothing but the category's name (public pages), and not even that on /board.
- live, published: the stored standings as they are now.
- frozen: the rows stored when it was frozen (what screens showed then), or nothing if it was hidden.
- a ceremony reveal makes its rows public one by one, whatever the visibility.

Until the jury finalises a category its standings are provisional: every message and page says
so, each row carries how many of its panel's sheets it rests on (`sheets` of `panel`), and a row
short of its panel shows no award, only its provisional score and place (lifecycle.shows_award).
Frozen rows are stored as the public saw them: awards already withheld, each row stamped with the
`provisional` flag and `version` of the standings it was taken from, so finalising or reopening
during a freeze changes nothing on the screens until the category is shown again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import force_locale
from sqlalchemy import select

from judging import lifecycle
from judging.extensions import db
from judging.labels import award_label
from judging.lookups import optional_row_id
from judging.models import BoardState, Category, CategoryResult, Edition, Entry, Standing
from judging.models.base import localized
from judging.privacy import display_name

SHOWN = ("live", "published")  # visibilities whose current standings anyone may see
DEFAULT_LANGUAGES = ("kk", "ru")


def languages(edition: Edition) -> list[str]:
    """The edition's languages, in its order (Kazakh and Russian unless it says otherwise)."""
    return list(edition.languages or DEFAULT_LANGUAGES)


def in_languages(edition: Edition, texts: dict | None) -> dict[str, str]:
    """A {"kk", "ru", "en"} dict of data narrowed to the edition's languages, with fallbacks filled."""
    return {code: localized(texts, code) for code in languages(edition)}


def award_labels(edition: Edition, key: str | None) -> dict[str, str] | None:
    """An award key in each of the edition's languages, for screens that show several at once."""
    if key is None:
        return None
    labels = {}
    for code in languages(edition):
        with force_locale(code):
            labels[code] = award_label(key)
    return labels


def category_labels(category: Category) -> dict[str, str]:
    """«Эстрада · 10–13 · соло» in each of the edition's languages."""
    return {code: category.label(code) for code in languages(category.edition)}


def _score(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def current_rows(category: Category) -> list[dict]:
    """The stored standings as raw public rows (no names yet); [] before the first computation."""
    # One select of the public columns: this runs after every recomputation, for every screen
    # push, and loading the result and its standings as objects cost two queries and the details.
    found = db.session.execute(
        select(Standing.entry_id, Standing.place, Standing.place_to, Standing.score, Standing.award,
               Standing.sheets, Standing.panel)
        .join(CategoryResult, CategoryResult.id == Standing.result_id)
        .where(CategoryResult.category_id == category.id)
        .order_by(Standing.row)
    ).all()
    return [
        {"entry": s.entry_id, "place": s.place, "place_to": s.place_to, "score": _score(s.score), "award": s.award,
         "sheets": s.sheets, "panel": s.panel}
        for s in found
    ]


def current_version(category: Category) -> int:
    """The version of the stored standings: it grows with every recomputation; 0 before the first."""
    return db.session.scalar(select(CategoryResult.version).where(CategoryResult.category_id == category.id)) or 0


@dataclass(frozen=True)
class Shown:
    """The rows of a category the public may see now, whether they are provisional, and their version."""

    rows: list[dict]
    provisional: bool
    version: int


def _withhold_awards(category: Category, raw_rows: list[dict]) -> list[dict]:
    """The rows with the award of each row short of its panel withheld while the category is provisional."""
    return [
        row if lifecycle.shows_award(category, row.get("sheets"), row.get("panel")) else {**row, "award": None}
        for row in raw_rows
    ]


def freeze_rows(category: Category) -> list[dict]:
    """What a freeze stores: the rows as the public sees them now, each stamped with their state."""
    provisional, version = lifecycle.provisional(category), current_version(category)
    return [{**row, "provisional": provisional, "version": version}
            for row in _withhold_awards(category, current_rows(category))]


def shown(category: Category) -> Shown | None:
    """What the public may see of a category's standings now, or None for nothing at all."""
    if category.visibility in SHOWN:
        return Shown(_withhold_awards(category, current_rows(category)), lifecycle.provisional(category),
                     current_version(category))
    if category.visibility == "frozen":
        state = board_state(category)
        if state is None or state.frozen_rows is None:
            return None
        rows = state.frozen_rows
        # Rows frozen before the flag was stored fall back to the category's state now.
        first = rows[0] if rows else {}
        return Shown(rows, bool(first.get("provisional", lifecycle.provisional(category))),
                     int(first.get("version", current_version(category))))
    return None


def present(category: Category, raw_rows: list[dict], *, inline_labels: bool = True) -> list[dict]:
    """Raw rows as screens show them: display names, award labels, places hidden if the category says so.

    `inline_labels=False` leaves the award labels out of the rows, for a message that carries
    them once for all its rows (see `standings_payload`).
    """
    edition = category.edition
    ids = [r["entry"] for r in raw_rows]
    # The four columns a row shows, not whole entries: this runs for every push to the screens.
    entries = {e.id: e for e in db.session.execute(
        select(Entry.id, Entry.number, Entry.name, Entry.kind).where(Entry.id.in_(ids or [-1]))
    )}
    labels: dict[str | None, dict[str, str] | None] = {}  # a handful of awards over many rows
    rows = []
    for raw in raw_rows:
        entry = entries.get(raw["entry"])
        if entry is None:  # deleted since the rows were stored
            continue
        row = {
            "entry": entry.id,
            "number": entry.number,
            "name": display_name(entry, edition),
            "place": raw["place"],
            "place_to": raw["place_to"],
            "score": None if raw["score"] is None else float(raw["score"]),
            "award": raw["award"],
            "sheets": raw.get("sheets"),
            "panel": raw.get("panel"),
        }
        if inline_labels:
            row["award_label"] = (labels[raw["award"]] if raw["award"] in labels
                                  else labels.setdefault(raw["award"], award_labels(edition, raw["award"])))
        if not category.show_places:
            # «Надежда»: everyone is rewarded and no ranking is shown; a score would give it away.
            row.update(place=None, place_to=None, score=None)
        rows.append(row)
    if not category.show_places:
        rows.sort(key=lambda r: r["number"])
    return rows


def board_state(category: Category) -> BoardState | None:
    """The category's freeze and reveal state, if it ever had one."""
    return db.session.scalar(select(BoardState).where(BoardState.category_id == category.id))


def standings_payload(category: Category) -> dict | None:
    """The `standings` message for a category as it may be shown now, or None when it may not be."""
    found = shown(category)
    if found is None:
        return None
    # The award labels once for the message, not in every row: pushed to every screen after every
    # burst of marks, the rows' copies were a third of the message for each screen to parse.
    rows = present(category, found.rows, inline_labels=False)
    edition = category.edition
    return {
        "category": category.id,
        "visibility": category.visibility,
        "provisional": found.provisional,
        "version": found.version,
        "label": category_labels(category),
        "show_places": category.show_places,
        "rows": rows,
        "award_labels": {key: award_labels(edition, key) for key in {r["award"] for r in rows} - {None}},
    }


def reveal_payload(category: Category, state: BoardState | None = None) -> dict | None:
    """A ceremony's progress: the rows announced so far, or None when no ceremony has started."""
    state = state or board_state(category)
    if state is None or not state.revealing:
        return None
    shown = present(category, state.reveal_rows[: state.revealed])
    by_entry = {r["entry"]: r for r in shown}
    rows = [by_entry[r["entry"]] for r in state.reveal_rows[: state.revealed] if r["entry"] in by_entry]
    return {
        "category": category.id,
        "label": category_labels(category),
        "show_places": category.show_places,
        "step": state.revealed,
        "total": len(state.reveal_rows),
        "done": state.reveal_done,
        "rows": rows,  # in the order announced: lowest award first
    }


def stage_payload(edition: Edition) -> dict:
    """Who is performing now, by display name (the stage is public: the hall can see it)."""
    entry = db.session.get(Entry, edition.stage_entry_id) if edition.stage_entry_id else None
    category = db.session.get(Category, edition.stage_category_id) if edition.stage_category_id else None
    if entry is not None and category is None:
        category = entry.category
    return {
        "category": category.id if category else None,
        "entry": entry.id if entry else None,
        "label": category_labels(category) if category else None,
        "number": entry.number if entry else None,
        "name": display_name(entry, edition) if entry else None,
        "kind": entry.kind if entry else None,
        "institution": entry.institution if entry else None,
    }


def edition_payload(edition: Edition) -> dict:
    """The edition as screens title it."""
    return {
        "id": edition.id,
        "slug": edition.slug,
        "title": in_languages(edition, edition.title),
        "city": in_languages(edition, edition.city),
        "languages": languages(edition),
    }


def snapshot(edition: Edition, category: Category | None = None) -> dict:
    """Everything a screen may show now (the watch ack): stage, shown standings, ceremony progress."""
    categories = [category] if category is not None else list(edition.categories)
    standings, reveals = [], []
    for c in categories:
        if (payload := standings_payload(c)) is not None:
            standings.append(payload)
        if (reveal := reveal_payload(c)) is not None:
            reveals.append(reveal)
    return {
        "ok": True,
        "edition": edition_payload(edition),
        "stage": stage_payload(edition),
        "standings": standings,
        "reveals": reveals,
    }


def find_edition(ref: object) -> Edition | None:
    """An edition by id (int or digits) or by slug; None for anything else."""
    if isinstance(ref, bool):
        return None
    if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
        edition_id = optional_row_id(ref)
        return db.session.get(Edition, edition_id) if edition_id is not None else None
    if isinstance(ref, str) and ref.strip():
        return db.session.scalar(select(Edition).where(Edition.slug == ref.strip()))
    return None
