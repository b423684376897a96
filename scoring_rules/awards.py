"""The award ladder (docs/scoring-rules.md, Award ladders): degrees given going down the standings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .base import N_, Param, ParamProblem, Score, number_param, object_fields, whole_param

# Keys the presets use; a preset may add its own (special nominations), so this only guides the admin.
AWARD_KEYS = (
    "grand_prix",
    "laureate_1",
    "laureate_2",
    "laureate_3",
    "diplomant_1",
    "diplomant_2",
    "diplomant_3",
    "diplomant",
    "place_1",
    "place_2",
    "place_3",
    "degree_1",
    "degree_2",
    "degree_3",
    "participant",
)


@dataclass(frozen=True)
class Level:
    """One rung of the ladder: its conditions and how many entries it may take."""

    key: str
    min: Fraction | None = None
    max: Fraction | None = None
    places: frozenset[int] | None = None
    max_count: int | None = None

    def admits(self, place: int, score: Score | None) -> bool:
        """Whether an entry at this place with this exact score meets the conditions."""
        if self.places is not None and place not in self.places:
            return False
        if self.min is not None and (score is None or score < self.min):
            return False
        if self.max is not None and (score is None or score > self.max):
            return False
        return True


@dataclass(frozen=True)
class Ladder:
    """The award levels in order of precedence, and the award of everyone else."""

    levels: tuple[Level, ...]
    otherwise: str | None = None

    @classmethod
    def parse(cls, value: Any, scores_allowed: bool = True) -> Ladder:
        """Check an `awards` parameter; raises ParamProblem saying what is wrong."""
        object_fields(value, "awards", ("levels", "otherwise"), ())
        levels = value.get("levels", [])
        if not isinstance(levels, list | tuple):
            raise ParamProblem("awards.levels must be a list")
        otherwise = value.get("otherwise")
        if otherwise is not None and (not isinstance(otherwise, str) or not otherwise):
            raise ParamProblem("awards.otherwise must be an award key or null")
        return cls(tuple(_level(item, n, scores_allowed) for n, item in enumerate(levels)), otherwise)

    def assign(self, groups: Sequence[Sequence[tuple[str, int, Score | None]]]) -> dict[str, str | None]:
        """Awards for placed entries, given as groups sharing a place, best first."""
        given = [0] * len(self.levels)
        closed = [False] * len(self.levels)
        awards: dict[str, str | None] = {}
        for group in groups:
            while True:
                chosen = {entry: self._first_open(place, score, closed) for entry, place, score in group}
                overflowing = [
                    i
                    for i, level in enumerate(self.levels)
                    if level.max_count is not None
                    and given[i] + sum(1 for c in chosen.values() if c == i) > level.max_count
                ]
                if not overflowing:
                    break
                # a tied group that cannot all have it: none of them does, nor anyone below them
                for i in overflowing:
                    closed[i] = True
            for entry, choice in chosen.items():
                if choice is None:
                    awards[entry] = self.otherwise
                    continue
                awards[entry] = self.levels[choice].key
                given[choice] += 1
                if given[choice] == self.levels[choice].max_count:
                    closed[choice] = True
        return awards

    def _first_open(self, place: int, score: Score | None, closed: list[bool]) -> int | None:
        for i, level in enumerate(self.levels):
            if not closed[i] and level.admits(place, score):
                return i
        return None


def _level(item: Any, n: int, scores_allowed: bool) -> Level:
    where = f"awards.levels[{n}]"
    fields = ("key", "min", "max", "places", "max_count")
    object_fields(item, where, fields, ("key",))
    key = item["key"]
    if not isinstance(key, str) or not key:
        raise ParamProblem(f"{where}.key must be a non-empty string")
    if not scores_allowed and ("min" in item or "max" in item):
        raise ParamProblem(
            f"{where} ({key}): lower scores are better in this rule, so award by 'places', not min/max"
        )
    low = _bound(item, "min", where)
    high = _bound(item, "max", where)
    if low is not None and high is not None and low > high:
        raise ParamProblem(f"{where} ({key}): min is above max")
    places = item.get("places")
    if places is not None:
        if not isinstance(places, list | tuple) or not places:
            raise ParamProblem(f"{where}.places must be a non-empty list of places")
        try:
            places = frozenset(whole_param(p, 1) for p in places)
        except ParamProblem as problem:
            raise ParamProblem(f"{where}.places: {problem}") from None
    max_count = item.get("max_count")
    if max_count is not None:
        try:
            max_count = whole_param(max_count, 1)
        except ParamProblem as problem:
            raise ParamProblem(f"{where}.max_count: {problem}") from None
    return Level(key, low, high, places, max_count)


def _bound(item: Any, name: str, where: str) -> Fraction | None:
    if item.get(name) is None:
        return None
    try:
        return number_param(item[name])
    except ParamProblem as problem:
        raise ParamProblem(f"{where}.{name}: {problem}") from None


def awards_param(scores_allowed: bool = True) -> Param:
    """The `awards` parameter every rule has (docs/scoring-rules.md, Award ladders)."""
    level_fields: list[dict[str, Any]] = [
        {"name": "key", "type": "string", "required": True, "suggestions": list(AWARD_KEYS),
         "description": N_("Award key stored on the result and printed on the diploma.")},
    ]
    if scores_allowed:
        level_fields += [
            {"name": "min", "type": "number", "required": False,
             "description": N_("Lowest exact score that earns this level.")},
            {"name": "max", "type": "number", "required": False,
             "description": N_("Highest exact score that earns this level.")},
        ]
    level_fields += [
        {"name": "places", "type": "list", "required": False, "item": {"type": "integer", "minimum": 1},
         "description": N_("Places that earn this level (a shared place counts as its best place).")},
        {"name": "max_count", "type": "integer", "required": False, "minimum": 1,
         "description": N_("At most this many entries; a tied group that would overflow it gets none, "
                        "and the level closes for everyone below.")},
    ]
    how = "conditions on the exact score and the place" if scores_allowed else "conditions on the place"
    return Param(
        "awards",
        "awards",
        "Award ladder: going down the standings, each entry gets the first open level whose "
        f"{how} it meets; everyone else gets 'otherwise'. Entries without a place get none.",
        nullable=True,
        extra={
            "fields": [
                {"name": "levels", "type": "list", "required": False, "default": [],
                 "item": {"type": "object", "fields": level_fields},
                 "description": N_("Levels in order of precedence, highest first.")},
                {"name": "otherwise", "type": "string", "required": False, "default": None,
                 "nullable": True, "suggestions": ["participant"],
                 "description": N_("Award of every placed entry that reaches no level (null: none).")},
            ],
            "keys": list(AWARD_KEYS),
        },
        parse=lambda value: Ladder.parse(value, scores_allowed),
    )
