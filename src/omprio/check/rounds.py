"""Checks on a budget round: keys that do not add up, parts that do not, linked catalogs that
disagree with the round.

These are not catalog rules (``check_catalog`` does not run them): :func:`check_round` takes a
round and its linked catalogs (by id) and gives findings with these stable rule ids
(:data:`ROUND_RULES`, documented in docs/rules.md, "Budget round"):

* ``round-key-sum`` (error): a key of typed shares that does not add up to 100 %;
* ``round-key-missing`` (warning): a department without a share in a key a requirement uses;
* ``round-parts-sum`` (error): a requirement whose departments' whole parts do not add up to
  the amount split in a year (:func:`parts_sum`; after the largest-remainder split this only
  happens when the key does not add up);
* ``round-target`` (warning): a linked catalog whose stated target differs from its share
  (compared only for a catalog at the round's price level);
* ``round-price-level`` (error): a linked catalog at another price level than the round's
  (a warning when the catalog states none);
* ``round-intro`` (warning, :mod:`omprio.check.round_intro`): an amount a linked catalog's
  introduction states of the requirement that is none of the department's parts.

A round finding's source is ``round:<name>``; a catalog finding's is the catalog's. A round that
:func:`~omprio.rounds.model.validate` refuses raises its :class:`RoundProblem` instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from decimal import Decimal

from omprio.check.round_intro import round_intro
from omprio.findings import Finding, Severity, finding
from omprio.model import Catalog, Source
from omprio.money import ZERO
from omprio.rounds.allocate import allocation, whole_units
from omprio.rounds.model import HUNDRED, BudgetRound, Key, KeyKind
from omprio.rounds.prices import price_year
from omprio.rounds.status import Delivery, Parts, linked_target

ROUND_RULES: Mapping[str, Severity] = {
    "round-key-sum": Severity.ERROR,
    "round-key-missing": Severity.WARNING,
    "round-parts-sum": Severity.ERROR,
    "round-target": Severity.WARNING,
    "round-price-level": Severity.ERROR,
    "round-intro": Severity.WARNING,
}
"""Every rule id :func:`check_round` can give, with its severity (``round-price-level`` is a
warning for a catalog that states no price level)."""



Linked = Catalog | Delivery
"""A linked catalog as the checks take it: whole, or what the status needs of it."""


def _where(linked: Linked, catalog_id: int) -> Source:
    """Where a finding on a linked catalog is: the catalog's source, or ``catalog:<id>``."""
    return linked.source if isinstance(linked, Catalog) else Source(f"catalog:{catalog_id}")


def round_source(budget_round: BudgetRound) -> Source:
    """Where a finding on the round itself is: ``round:<name>``."""
    return Source(path=f"round:{budget_round.name}")


def check_round(budget_round: BudgetRound, catalogs: Mapping[int, Linked],
                parts: Parts | None = None,
                introductions: Mapping[int, Catalog] | None = None) -> list[Finding]:
    """Every finding on ``budget_round`` and on the linked catalogs in ``catalogs`` (by id; a
    link whose catalog is not given is skipped): the round's own first, then per link;
    ``parts`` is the round's :func:`allocation` when it is at hand. ``round-intro`` reads the
    introductions of ``introductions`` (by id; a catalog's header is enough), by default of
    the whole catalogs in ``catalogs``."""
    parts = parts if parts is not None else allocation(budget_round)
    if introductions is None:
        introductions = {i: c for i, c in catalogs.items() if isinstance(c, Catalog)}
    return [*key_sum(budget_round), *key_missing(budget_round),
            *parts_sum(budget_round, parts),
            *targets(budget_round, catalogs, parts), *price_levels(budget_round, catalogs),
            *round_intro(budget_round, introductions, parts)]


def key_sum(budget_round: BudgetRound) -> Iterator[Finding]:
    """``round-key-sum``: a key of typed shares whose shares do not add up to 100 %."""
    for key in budget_round.keys:
        if key.kind is not KeyKind.SHARES:
            continue  # base figures always make 100 %; validate refuses a mix that does not
        total = sum(key.values.values(), ZERO)
        if total != HUNDRED:
            yield finding("round-key-sum", Severity.ERROR, round_source(budget_round),
                          code=key.code, name=key.name, total=total,
                          difference=total - HUNDRED)


def _named(key: Key, keys: Mapping[str, Key], path: frozenset[str]) -> set[str]:
    """The departments ``key`` gives a share (through its keys, for a mix)."""
    if key.kind is not KeyKind.MIX:
        return set(key.values)
    named: set[str] = set()
    for code in key.values:
        if code in keys and code not in path:
            named |= _named(keys[code], keys, path | {key.code})
    return named


def key_missing(budget_round: BudgetRound) -> Iterator[Finding]:
    """``round-key-missing``: a department of the round that a key used by a requirement
    gives no share (not even 0); once per key and department, naming the first requirement
    that uses the key."""
    keys = {k.code: k for k in budget_round.keys}
    first: dict[str, str] = {}
    for requirement in budget_round.requirements:
        first.setdefault(requirement.key, requirement.name)
    for code, name in first.items():
        if code not in keys:
            continue  # validate refuses an unknown key
        named = _named(keys[code], keys, frozenset())
        for department in budget_round.departments:
            if department.code not in named:
                yield finding("round-key-missing", Severity.WARNING, round_source(budget_round),
                              code=code, department=department.code, requirement=name)


def parts_sum(budget_round: BudgetRound, parts: Parts) -> Iterator[Finding]:
    """``round-parts-sum``: per requirement and year, the departments' whole parts in
    ``parts`` against the amount split (less the central part) rounded half away from zero."""
    for requirement in budget_round.requirements:
        by_department = parts.get(requirement.name, {})
        for year in budget_round.years:
            amount = whole_units(requirement.to_split(year))
            total = sum(p[year].amount for p in by_department.values() if year in p)
            if total != amount:
                yield finding("round-parts-sum", Severity.ERROR, round_source(budget_round),
                              year=year, requirement=requirement.name, total=Decimal(total),
                              amount=Decimal(amount), difference=Decimal(total - amount))


def targets(budget_round: BudgetRound, catalogs: Mapping[int, Linked],
            parts: Parts) -> Iterator[Finding]:
    """``round-target``: a linked catalog whose stated target (``Catalog.target``) differs in a
    year from its share of the round (:func:`~omprio.rounds.status.linked_target`). Only a
    catalog at the round's price level is compared (amounts at two price levels are not;
    ``round-price-level`` says so)."""
    for link in budget_round.links:
        catalog = catalogs.get(link.catalog_id)
        if (catalog is None or not catalog.target
                or price_year(catalog.price_base) != budget_round.price_level):
            continue
        share = linked_target(budget_round, link, catalog, parts)
        for year in budget_round.years:
            stated = catalog.target.get(year)
            if stated is not None and stated != share[year]:
                yield finding("round-target", Severity.WARNING,
                              _where(catalog, link.catalog_id), year=year, catalog=catalog.title,
                              department=link.department,
                              stated=stated, share=Decimal(share[year]),
                              difference=stated - share[year])


def price_levels(budget_round: BudgetRound,
                 catalogs: Mapping[int, Linked]) -> Iterator[Finding]:
    """``round-price-level``: a linked catalog whose price level is another year than the
    round's (error), or that states none (warning); once per catalog."""
    seen: set[int] = set()
    for link in budget_round.links:
        catalog = catalogs.get(link.catalog_id)
        if catalog is None or link.catalog_id in seen:
            continue
        seen.add(link.catalog_id)
        year = price_year(catalog.price_base)
        if year is None:
            yield finding("round-price-level", Severity.WARNING, _where(catalog, link.catalog_id),
                          key="round-price-level.none", catalog=catalog.title,
                          round_year=budget_round.price_level)
        elif year != budget_round.price_level:
            yield finding("round-price-level", Severity.ERROR, _where(catalog, link.catalog_id),
                          catalog=catalog.title, stated=catalog.price_base,
                          catalog_year=year, round_year=budget_round.price_level)
