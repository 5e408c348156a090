"""The budget round's records: immutable values with exact amounts and where each came from.

A round (budgetrunde) has a period, a price level and a unit (``1.000 kr.``, every amount of the
round is in it), departments (magistratsafdelinger), allocation keys (fordelingsnøgler),
requirements (sparekrav on the whole municipality, negative = saving), the designated proposals
(direktørudpegede forslag) that meet part of a frame-cut requirement, the catalogs linked to it,
and the price and wage index it may be shown at other price levels with. Names follow
docs/glossary.md. :func:`validate` refuses what a round cannot hold (a
:class:`~omprio.rounds.problems.RoundProblem`); what it can hold but should not (keys that do
not add up to 100 %) are findings of :mod:`omprio.check.rounds`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from omprio.money import ZERO
from omprio.rounds.problems import RoundProblem

HUNDRED = Decimal(100)
FIRST_YEAR, LAST_YEAR = 1900, 2200
"""The years a round's period and price level may name (as omprio.round/1 reads them)."""
MOST_YEARS = 30
"""Years a round's period may span at most."""
CODE = re.compile(r"[A-Za-zÆØÅæøå0-9][A-Za-zÆØÅæøå0-9_.\-]{0,19}")
"""A department's or key's code: up to 20 letters, digits, ``_``, ``.`` or ``-``."""
T = TypeVar("T")


class KeyKind(StrEnum):
    """How a key's shares are given."""

    SHARES = "shares"
    """Percent per department, as typed (MSB 28,4)."""
    BASE = "base"
    """Base figures per department (service expenditure); a share is a figure ÷ their sum."""
    MIX = "mix"
    """Weights in percent of other keys (50 % key A + 50 % key B)."""


@dataclass(frozen=True, slots=True)
class Department:
    """A department (magistratsafdeling): a code (``MSB``) and its name."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Key:
    """An allocation key: ``values`` are percents by department (shares), figures by department
    (base) or weights in percent by key code (mix); ``source`` says where they came from."""

    code: str
    name: str
    kind: KeyKind
    values: Mapping[str, Decimal]
    source: str = ""


@dataclass(frozen=True, slots=True)
class Requirement:
    """A requirement on the whole municipality: amounts per year (negative = saving) split over
    the departments by ``key``; ``central`` per year is kept central (not split). A frame-cut
    requirement's residual (what the designated proposals leave) is cut from the departments'
    frames (rammebesparelse, like MSB-1)."""

    name: str
    key: str
    amounts: Mapping[int, Decimal]
    central: Mapping[int, Decimal] = field(default_factory=dict)
    frame_cut: bool = False
    source: str = ""

    def to_split(self, year: int) -> Decimal:
        """What the departments share in ``year``: the amount less the central part."""
        return self.amounts.get(year, ZERO) - self.central.get(year, ZERO)


@dataclass(frozen=True, slots=True)
class Designated:
    """Designated proposals (direktørudpegede forslag) of a department that meet part of a
    frame-cut requirement, per year."""

    department: str
    requirement: str
    label: str
    amounts: Mapping[int, Decimal]


@dataclass(frozen=True, slots=True)
class Link:
    """A stored catalog that answers requirements for a department. ``sections`` names, per
    requirement, the overview section whose measures deliver it (``ADMINISTRATIVE
    BESPARELSER``); a requirement without one is delivered by the measures of no named section
    (all of them when the link names no sections)."""

    catalog_id: int
    department: str
    requirements: tuple[str, ...]
    sections: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PriceIndex:
    """A price and wage index (KL's pris- og lønskøn, or the municipality's own): per kind
    (``wages``, ``other``, ``total``) an index per year; ``source`` says where it is from."""

    name: str
    kinds: Mapping[str, Mapping[int, Decimal]]
    source: str = ""


@dataclass(frozen=True, slots=True)
class BudgetRound:
    """One year's budget round (budgetrunde)."""

    name: str
    municipality: str
    years: tuple[int, ...]
    price_level: int
    unit: str = "1.000 kr."
    departments: tuple[Department, ...] = ()
    keys: tuple[Key, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    designated: tuple[Designated, ...] = ()
    links: tuple[Link, ...] = ()
    index: PriceIndex | None = None
    wage_share: Decimal = Decimal("0.7")
    """The part of an amount that is wages when it is moved to another price level (0–1)."""

    @property
    def period(self) -> str:
        """``2024-2027``."""
        return f"{self.years[0]}-{self.years[-1]}" if self.years else ""

    def department(self, code: str) -> Department | None:
        """The department with this code."""
        return next((d for d in self.departments if d.code == code), None)

    def key(self, code: str) -> Key | None:
        """The key with this code."""
        return next((k for k in self.keys if k.code == code), None)

    def requirement(self, name: str) -> Requirement | None:
        """The requirement with this name."""
        return next((r for r in self.requirements if r.name == name), None)

    def with_department(self, department: Department) -> BudgetRound:
        """The round with ``department`` added, or renamed when its code is known."""
        kept = tuple(d for d in self.departments if d.code != department.code)
        if len(kept) == len(self.departments):
            return replace(self, departments=(*self.departments, department))
        return replace(self, departments=tuple(department if d.code == department.code else d
                                                for d in self.departments))

    def with_key(self, key: Key) -> BudgetRound:
        """The round with ``key`` added, or replacing the key of its code."""
        return replace(self, keys=_put(self.keys, key, lambda k: k.code == key.code))

    def with_requirement(self, requirement: Requirement) -> BudgetRound:
        """The round with ``requirement`` added, or replacing the one of its name."""
        return replace(self, requirements=_put(self.requirements, requirement,
                                               lambda r: r.name == requirement.name))

    def with_designated(self, item: Designated) -> BudgetRound:
        """The round with ``item`` added, or replacing the one of its department, requirement
        and label."""
        return replace(self, designated=_put(
            self.designated, item, lambda d: (d.department, d.requirement, d.label)
            == (item.department, item.requirement, item.label)))

    def with_link(self, link: Link) -> BudgetRound:
        """The round with ``link`` added, or replacing the link of its catalog."""
        return replace(self, links=_put(self.links, link,
                                        lambda k: k.catalog_id == link.catalog_id))


def _put(items: tuple[T, ...], item: T, same: Callable[[T], object]) -> tuple[T, ...]:
    """``items`` with ``item`` in place of those ``same`` picks, or at the end."""
    if any(same(old) for old in items):
        return tuple(item if same(old) else old for old in items)
    return (*items, item)


def validate(budget_round: BudgetRound) -> BudgetRound:
    """``budget_round`` when it is whole, else the first :class:`RoundProblem`: an unknown
    department or key, a share that is negative or over 100 %, a mix that is not 100 %, a key
    mixing itself, amounts for years outside the period, a price level outside the index."""
    years = set(budget_round.years)
    if not budget_round.name.strip():
        raise RoundProblem("bad-name")
    if (not budget_round.years or list(budget_round.years) != list(
            range(budget_round.years[0], budget_round.years[-1] + 1))
            or budget_round.years[0] < FIRST_YEAR or budget_round.years[-1] > LAST_YEAR
            or len(budget_round.years) > MOST_YEARS):
        raise RoundProblem("bad-period", period=budget_round.period)
    if not FIRST_YEAR <= budget_round.price_level <= LAST_YEAR:
        raise RoundProblem("bad-price-level", level=budget_round.price_level)
    if not Decimal(0) <= budget_round.wage_share <= 1:
        raise RoundProblem("bad-wage-share", value=budget_round.wage_share * HUNDRED)
    codes = {d.code for d in budget_round.departments}
    for department in budget_round.departments:
        if not CODE.fullmatch(department.code):
            raise RoundProblem("bad-code", code=department.code[:40])
    _unique([d.code.casefold() for d in budget_round.departments], "duplicate-department")
    _unique([k.code for k in budget_round.keys], "duplicate-key")
    _unique([r.name for r in budget_round.requirements], "duplicate-requirement")
    keys = {k.code: k for k in budget_round.keys}
    for key in budget_round.keys:
        if not CODE.fullmatch(key.code):
            raise RoundProblem("bad-code", code=key.code[:40])
        _validate_key(key, codes, keys)
    for requirement in budget_round.requirements:
        if requirement.key not in keys:
            raise RoundProblem("unknown-key", key=requirement.key)
        for year in (*requirement.amounts, *requirement.central):
            if year not in years:
                raise RoundProblem("year-outside", year=year, period=budget_round.period,
                                   name=requirement.name)
        for year, central in requirement.central.items():
            whole = requirement.amounts.get(year, ZERO)
            if central != 0 and (abs(central) > abs(whole) or (central < 0) != (whole < 0)):
                raise RoundProblem("central-too-large", name=requirement.name, year=year,
                                   central=central, amount=whole)
    names = {r.name: r for r in budget_round.requirements}
    for item in budget_round.designated:
        if item.department not in codes:
            raise RoundProblem("unknown-department", department=item.department)
        if item.requirement not in names:
            raise RoundProblem("unknown-requirement", name=item.requirement)
        if not names[item.requirement].frame_cut:
            raise RoundProblem("designated-not-frame-cut", name=item.requirement)
        for year in item.amounts:
            if year not in years:
                raise RoundProblem("year-outside", year=year, period=budget_round.period,
                                   name=item.label)
    for link in budget_round.links:
        if link.department not in codes:
            raise RoundProblem("unknown-department", department=link.department)
        for name in (*link.requirements, *link.sections):
            if name not in names:
                raise RoundProblem("unknown-requirement", name=name)
    return budget_round


def _unique(values: list[str], code: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise RoundProblem(code, name=value)
        seen.add(value)


def _validate_key(key: Key, departments: set[str], keys: Mapping[str, Key]) -> None:
    if not key.values:
        raise RoundProblem("empty-key", key=key.code)
    if key.kind is KeyKind.MIX:
        for code, weight in key.values.items():
            if code not in keys:
                raise RoundProblem("unknown-key", key=code)
            if weight < 0 or weight > HUNDRED:
                raise RoundProblem("bad-share", key=key.code, share=weight, department=code)
        if sum(key.values.values(), ZERO) != HUNDRED:
            raise RoundProblem("mix-not-hundred", key=key.code,
                               total=sum(key.values.values(), ZERO))
        _no_cycle(key, keys, ())
        return
    for code, value in key.values.items():
        if code not in departments:
            raise RoundProblem("unknown-department", department=code)
        if key.kind is KeyKind.BASE and value < 0:
            raise RoundProblem("bad-base", key=key.code, value=value, department=code)
        if value < 0 or (key.kind is KeyKind.SHARES and value > HUNDRED):
            raise RoundProblem("bad-share", key=key.code, share=value, department=code)
    if key.kind is KeyKind.BASE and sum(key.values.values(), ZERO) == 0:
        raise RoundProblem("empty-key", key=key.code)


def _no_cycle(key: Key, keys: Mapping[str, Key], path: tuple[str, ...]) -> None:
    if key.code in path:
        raise RoundProblem("key-cycle", key=" → ".join((*path, key.code)))
    if key.kind is KeyKind.MIX:
        for code in key.values:
            _no_cycle(keys[code], keys, (*path, key.code))
