"""A demo edition of every recurring contest, so a newcomer sees a working system at once."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from judging import presets
from judging.admin.operations import build_edition
from judging.demo import people, scores
from judging.extensions import db
from judging.models import Conflict, Edition, Entry, Judge, Member, User

DEMO_ORGANISER = ("organiser", "demo-organiser")
YEAR = 2026


def _child(rng: random.Random) -> str:
    if rng.random() < 0.65:
        female = rng.random() < 0.5
        first = rng.choice(people.KK_FIRST_F if female else people.KK_FIRST_M)
        last = rng.choice(people.KK_LAST) + ("а" if female else "")
    else:
        female = rng.random() < 0.5
        first = rng.choice(people.RU_FIRST_F if female else people.RU_FIRST_M)
        last = rng.choice(people.RU_LAST)
        if female and last.endswith(("ов", "ев", "ин")):
            last += "а"
    return f"{last} {first}"


def _entries(rng: random.Random, edition: Edition, category, kind_of_work: str) -> None:
    count = rng.randint(8, 15)
    collective = category.form_key not in ("solo", "individual", "")
    used: set[str] = set()
    for number in range(1, count + 1):
        if collective:
            name = rng.choice([c for c in people.COLLECTIVES if c not in used] or people.COLLECTIVES)
            if name in used:
                name = f"{name} {number}"
        else:
            name = _child(rng)
            while name in used:
                name = _child(rng)
        used.add(name)
        age_years = rng.randint(7, 16)
        entry = Entry(
            category=category,
            number=number,
            kind="collective" if collective else "person",
            name=name,
            birth_date=None if collective else date(YEAR - age_years, rng.randint(1, 12), rng.randint(1, 28)),
            institution=rng.choice(people.INSTITUTIONS),
            district=rng.choice(people.DISTRICTS),
            teacher=rng.choice(people.TEACHERS),
            repertoire=rng.choice(people.REPERTOIRE[kind_of_work]),
            status="registered",
        )
        if collective:
            size = 2 if category.form_key == "duet" else rng.randint(4, 8)
            entry.members = [Member(position=i, name=_child(rng)) for i in range(size)]
        db.session.add(entry)


def _jury(rng: random.Random, edition: Edition) -> list[Judge]:
    size = rng.randint(5, 7)
    chosen = rng.sample(people.JURY, size)
    judges = []
    for position, (name, credentials) in enumerate(chosen):
        judges.append(Judge(edition=edition, position=position, name=name, credentials=credentials,
                            role="chair" if position == 0 else "member"))
    judges.append(Judge(edition=edition, position=size, name=rng.choice(people.SECRETARIES), role="secretary"))
    for judge in judges:
        db.session.add(judge)
        if judge.role != "secretary":
            judge.categories = list(edition.categories)
    return judges


def fill(seed: int = YEAR) -> None:
    """Create the demo organiser and one edition of every preset (call on an empty database)."""
    rng = random.Random(seed)
    if db.session.scalar(select(User).where(User.username == DEMO_ORGANISER[0])) is None:
        user = User(username=DEMO_ORGANISER[0], name="Демо ұйымдастырушы / Демо-организатор", role="organiser")
        user.set_password(DEMO_ORGANISER[1])
        db.session.add(user)
    start = date(YEAR, 3, 2)
    for n, preset in enumerate(presets.load_all()):
        edition = build_edition(preset, YEAR)
        edition.starts_on = start + timedelta(weeks=3 * n)
        edition.ends_on = edition.starts_on + timedelta(days=1)
        edition.director_name = "Ж. Қ. Сейітова"
        kind_of_work = people.SERIES_REPERTOIRE.get(preset.key, "work")
        for position, category in enumerate(edition.categories):
            category.visibility = "live" if position == 0 else "hidden"
            _entries(rng, edition, category, kind_of_work)
        judges = _jury(rng, edition)
        db.session.flush()
        # One conflict of interest: a judge who teaches a child of the first category.
        first = edition.categories[0]
        teacher, pupil = judges[1], first.entries[2]
        pupil.teacher = teacher.name
        db.session.add(Conflict(judge=teacher, entry=pupil, reason="Оқушысы / ученик (педагог участника)"))
        db.session.flush()
        marking = [j for j in judges if j.role != "secretary"]
        scores.mark_first_half(rng, first, marking, {(teacher.id, pupil.id)})
    db.session.commit()
    from judging import results

    for edition in db.session.scalars(select(Edition)).all():
        for category in edition.categories:
            results.recompute(category)


def summary() -> dict:
    """The demo's accounts, editions, judges and entries, in the shape `flask demo --json` prints."""
    editions = db.session.scalars(select(Edition).order_by(Edition.id)).all()
    return {
        "organiser": {"username": DEMO_ORGANISER[0], "password": DEMO_ORGANISER[1]},
        "editions": [
            {
                "id": e.id,
                "slug": e.slug,
                "series": e.series.key,
                "title": e.title.get("ru") or e.title.get("kk"),
                "categories": [
                    {"id": c.id, "name": c.label("ru"), "rule": c.rule, "visibility": c.visibility}
                    for c in e.categories
                ],
                "judges": [
                    {"id": j.id, "name": j.name, "token": j.token, "role": j.role, "categories": [c.id for c in j.categories]}
                    for j in e.judges
                ],
                "entries": [
                    {"id": entry.id, "category": c.id, "name": entry.name}
                    for c in e.categories for entry in c.entries
                ],
            }
            for e in editions
        ],
    }
