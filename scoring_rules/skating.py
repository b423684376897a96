"""skating: judges place the finalists, the Skating System's rules 5 to 11 (docs/scoring-rules.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, ClassVar

from .awards import Ladder, awards_param
from .base import (
    N_,
    Case,
    Param,
    ParamProblem,
    Ranking,
    Rule,
    decimals_param,
    invalid_input,
    need,
    no_marks,
    to_whole,
)


def _dances(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not value:
        raise ParamProblem("a non-empty list of dance names is needed")
    for dance in value:
        if not isinstance(dance, str) or not dance:
            raise ParamProblem(f"{dance!r} is not a dance name")
    if len(set(value)) != len(value):
        raise ParamProblem("a dance is listed twice")
    return tuple(value)


@dataclass(frozen=True)
class Skating(Rule):
    """Each judge places every finalist in every dance; majorities decide (Skating System)."""

    name: ClassVar[str] = "skating"
    title: ClassVar[str] = N_("Skating System (ranked final)")
    description: ClassVar[str] = (
        N_("Each judge places every finalist 1..N in every dance without ties. Rules 5 to 8 place "
        "each dance by majorities; with several dances the places are summed (rule 9) and ties go "
        "to rules 10 and 11. The score is the sum of dance places: lower is better.")
    )
    inputs: ClassVar[tuple[str, ...]] = ("placements",)
    input_kind: ClassVar[str] = "placements"
    better: ClassVar[str] = "lower"
    warning_codes: ClassVar[tuple[str, ...]] = ("no_marks",)
    params: ClassVar[tuple[Param, ...]] = (
        Param(
            "dances",
            "list",
            N_("Order of the dances in the protocol; when given, every placement must name one of them "
            "and every one of them must be complete. Omitted: the dances as they first appear "
            "(or one unnamed dance)."),
            nullable=True,
            parse=_dances,
            extra={"item": {"type": "string"}},
        ),
        decimals_param(2),
        awards_param(scores_allowed=False),
    )

    dances: tuple[str, ...] | None = None
    decimals: int = 2
    awards: Ladder | None = None

    def rank(self, case: Case) -> Ranking:
        """Check the placements (a permutation per judge and dance) and apply rules 5 to 11."""
        dances, marks = self._read(case)
        if not dances:
            return Ranking([], {}, {}, [no_marks(entry, "placements") for entry in case.entries])
        results = [place_dance(case.entries, marks[dance]) for dance in dances]
        details: dict[str, dict[str, Any]] = {
            entry: {
                "dances": [
                    {"dance": dance, "place": _number(places[entry]), "rule": rules[entry]}
                    for dance, (places, rules, _) in zip(dances, results, strict=True)
                ]
            }
            for entry in case.entries
        }
        if len(dances) == 1:
            places, rules, groups = results[0]
            for entry in case.entries:
                details[entry]["rule"] = rules[entry]
            return Ranking(groups, dict(places), details)
        dance_places = {entry: [places[entry] for places, _, _ in results] for entry in case.entries}
        big_dance = {entry: [m for dance in dances for m in marks[dance][entry]] for entry in case.entries}
        groups, final_rules = _final(case.entries, dance_places, big_dance)
        scores = {entry: sum(dance_places[entry], Fraction(0)) for entry in case.entries}
        for entry in case.entries:
            details[entry]["rule"] = final_rules[entry]
        return Ranking(groups, dict(scores), details)

    def _read(self, case: Case) -> tuple[list[str | None], dict[str | None, dict[str, list[int]]]]:
        """Per dance, per entry, the places given by the judges in jury order."""
        records = case.records("placements")
        n = len(case.entries)
        if not records:
            return [], {}
        sheets: dict[str | None, dict[str, list[int | None]]] = {}
        for d in self.dances or ():
            sheets[d] = {judge: [None] * n for judge in case.judges}
        named: bool | None = None
        for i, record in enumerate(records):
            where = f"placements[{i}]"
            judge = case.judge_of(record, where)
            entry = case.entry_of(record, where)
            dance = record.get("dance")
            if dance is not None and (not isinstance(dance, str) or not dance):
                raise invalid_input(
                    f"{where}: dance must be a name", judge, "dance_not_a_name", judge=judge, entry=entry, value=dance
                )
            if named is not None and named != (dance is not None):
                raise invalid_input(
                    f"{where}: some placements name a dance and others do not",
                    judge,
                    "dances_mixed",
                    judge=judge,
                    entry=entry,
                    dance=dance,
                )
            named = dance is not None
            if self.dances is not None and dance not in self.dances:
                raise invalid_input(
                    f"{where}: dance {dance!r} is not one of the dances {', '.join(self.dances)}",
                    dance,
                    "unknown_dance",
                    judge=judge,
                    entry=entry,
                    dance=dance,
                    dances=list(self.dances),
                )
            raw = need(record, "place", where)
            place = to_whole(raw)
            in_dance = f" in {dance}" if dance else ""
            if place is None or not 1 <= place <= n:
                raise invalid_input(
                    f"{where}: judge {judge} gave entry {entry} place {raw!r}{in_dance}; places are 1..{n}",
                    judge,
                    "place_out_of_range",
                    judge=judge,
                    entry=entry,
                    dance=dance,
                    place=raw,
                    max=n,
                )
            sheet = sheets.setdefault(dance, {j: [None] * n for j in case.judges})[judge]
            e = case.entry_index[entry]
            if sheet[e] is not None:
                raise invalid_input(
                    f"{where}: judge {judge} placed entry {entry} twice{in_dance}",
                    judge,
                    "entry_placed_twice",
                    judge=judge,
                    entry=entry,
                    dance=dance,
                )
            if place in sheet:
                raise invalid_input(
                    f"{where}: judge {judge} gave place {place} twice{in_dance}: places must be 1..{n} without ties",
                    judge,
                    "place_given_twice",
                    judge=judge,
                    entry=entry,
                    other=case.entries[sheet.index(place)],
                    dance=dance,
                    place=place,
                )
            sheet[e] = place
        marks: dict[str | None, dict[str, list[int]]] = {}
        for dance, by_judge in sheets.items():
            in_dance = f" in {dance}" if dance else ""
            for judge, places in by_judge.items():
                for e, place in enumerate(places):
                    if place is None:
                        raise invalid_input(
                            f"judge {judge} did not place entry {case.entries[e]}{in_dance}: every judge "
                            "places every entry once",
                            judge,
                            "entry_not_placed",
                            judge=judge,
                            entry=case.entries[e],
                            dance=dance,
                        )
            marks[dance] = {
                entry: [by_judge[judge][e] for judge in case.judges]  # type: ignore[misc]
                for e, entry in enumerate(case.entries)
            }
        return list(sheets), marks


def _number(value: Fraction) -> int | float:
    return value.numerator if value.denominator == 1 else float(value)


Columns = list[tuple[int, int]]  # per column k = 1..N: (-count of marks <= k, sum of those marks)


def columns(places: Sequence[int], last: int) -> Columns:
    """An entry's marks read column by column; comparing these lists is rules 6, 7a and 7b."""
    tally = [0] * (last + 1)
    for place in places:
        tally[place] += 1
    out: Columns = []
    count = total = 0
    for k in range(1, last + 1):
        count += tally[k]
        total += tally[k] * k
        out.append((-count, total))
    return out


def _majority_order(
    entries: Sequence[str], table: dict[str, Columns], majority: int, column: int
) -> tuple[list[list[str]], dict[str, str], int]:
    """Rules 5 to 8 from `column`: the entries with a majority at the first column where any has
    one, as ordered groups (equal to the last column: shared), with the rule that placed each."""
    k = column
    while True:
        candidates = [entry for entry in entries if -table[entry][k - 1][0] >= majority]
        if candidates:
            break
        k += 1  # rule 8: nobody has a majority of "k or better": look at k + 1
    if len(candidates) == 1:
        return [candidates], {candidates[0]: "5" if k == column else "8"}, k
    keys = {entry: table[entry][k - 1 :] for entry in candidates}
    groups: list[list[str]] = []
    for entry in sorted(candidates, key=keys.__getitem__):
        if groups and keys[groups[-1][0]] == keys[entry]:
            groups[-1].append(entry)
        else:
            groups.append([entry])
    rules: dict[str, str] = {}
    for group in groups:
        for entry in group:
            if len(group) > 1:
                rules[entry] = "shared"
            else:
                # the deepest comparison it took to separate it from every other candidate
                rules[entry] = max(_separation(keys[entry], keys[other]) for other in candidates if other != entry)
    return groups, rules, k


def _separation(a: Columns, b: Columns) -> str:
    """Which rule tells two different column lists apart ("6" < "7a" < "7b" as strings)."""
    if a[0][0] != b[0][0]:
        return "6"
    if a[0][1] != b[0][1]:
        return "7a"
    return "7b"


def place_dance(
    entries: Sequence[str], marks: dict[str, list[int]]
) -> tuple[dict[str, Fraction], dict[str, str], list[list[str]]]:
    """One dance by rules 5 to 8: each entry's place (shared as the average), rule, groups."""
    n = len(entries)
    table = {entry: columns(marks[entry], n) for entry in entries}
    majority = len(marks[entries[0]]) // 2 + 1
    unplaced = list(entries)
    places: dict[str, Fraction] = {}
    rules: dict[str, str] = {}
    groups: list[list[str]] = []
    place, column = 1, 1
    while unplaced:
        found, found_rules, k = _majority_order(unplaced, table, majority, min(column, n))
        for group in found:
            average = Fraction(2 * place + len(group) - 1, 2)
            for entry in group:
                places[entry] = average
            place += len(group)
            groups.append(group)
        rules.update(found_rules)
        placed = {entry for group in found for entry in group}
        unplaced = [entry for entry in unplaced if entry not in placed]
        # the next place is looked for in the next column, even when several places were given
        column = k + 1
    return places, rules, groups


def _final(
    entries: Sequence[str],
    dance_places: dict[str, list[Fraction]],
    big_dance: dict[str, list[int]],
) -> tuple[list[list[str]], dict[str, str]]:
    """Several dances: rule 9 (sum), ties by rules 10a, 10b and 11."""
    total = {entry: sum(dance_places[entry], Fraction(0)) for entry in entries}
    tie = _Tie(dance_places, big_dance, len(entries))
    groups: list[list[str]] = []
    rules: dict[str, str] = {}
    for lowest in sorted(set(total.values())):
        tied = [entry for entry in entries if total[entry] == lowest]
        tie.resolve(tied, sum(len(group) for group in groups) + 1, "9", groups, rules)
    return groups, rules


@dataclass(frozen=True)
class _Tie:
    """Rules 10 and 11 for a set of entries with equal sums."""

    dance_places: dict[str, list[Fraction]]
    big_dance: dict[str, list[int]]
    n: int

    def resolve(self, tied: list[str], place: int, rule: str, groups: list[list[str]], rules: dict[str, str]) -> None:
        """Give `tied` the places from `place` on, appending to `groups`; `rule` is what set a
        lone entry apart from the others it was tied with."""
        if len(tied) == 1:
            groups.append(tied)
            rules[tied[0]] = rule
            return
        leaders, lost = self._rule_10(tied, place)
        if len(leaders) == 1:
            groups.append(leaders)
            rules[leaders[0]] = lost
            self.resolve([e for e in tied if e not in leaders], place + 1, lost, groups, rules)
            return
        # rule 11: all marks of the still-tied entries as one big dance, from column `place`
        table = {entry: columns(self.big_dance[entry], self.n) for entry in leaders}
        majority = len(self.big_dance[leaders[0]]) // 2 + 1
        winners = _majority_order(leaders, table, majority, place)[0][0]
        groups.append(winners)
        for entry in winners:
            rules[entry] = "shared" if len(winners) > 1 else "11"
        place += len(winners)
        # the others rule 11 compared come next, among themselves, before those rule 10 set aside
        compared = [e for e in leaders if e not in winners]
        if compared:
            self.resolve(compared, place, "11", groups, rules)
            place += len(compared)
        behind = [e for e in tied if e not in leaders]
        if behind:
            self.resolve(behind, place, lost, groups, rules)

    def _rule_10(self, tied: list[str], place: int) -> tuple[list[str], str]:
        """The entries still equal for `place` after rules 10a and 10b, and the last of the two
        that set any entry aside ("10a" when none did, as those entries are then still tied)."""
        better = {entry: [p for p in self.dance_places[entry] if p <= place] for entry in tied}
        most = max(len(better[entry]) for entry in tied)
        leaders = [entry for entry in tied if len(better[entry]) == most]
        lost = "10a"
        if len(leaders) == 1:
            return leaders, lost
        lowest = min(sum(better[entry]) for entry in leaders)
        if any(sum(better[entry]) != lowest for entry in leaders):
            leaders = [entry for entry in leaders if sum(better[entry]) == lowest]
            lost = "10b"
        return leaders, lost
