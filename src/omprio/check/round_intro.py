"""``round-intro``: the requirement a linked catalog's introduction states, against the round.

A department's catalog says in its introduction what it must find ('MSB … skal spare ca. 13,7
mio. kr. i 2024-2027', 'MSB's del af puljen på i alt 19,7 mio. kr.'); when the round's key or
requirement changes, the introduction may still say the old figure. For each catalog linked to
a department, every amount the introduction states (read with :mod:`omprio.check.prose`: its
sentences, :func:`~omprio.check.prose.quantities.amounts` and
:func:`~omprio.check.prose.quantities.accepts`, at the precision written; ``ca.`` ± 10 %) is
compared, in the year the amount or its sentence names, else as a yearly figure (an amount
'i 2024-2027' is one, as catalogs write them), with:

* the department's part of each requirement, its total part (all requirements, and those the
  link delivers), each requirement's whole amount (the municipality's);
* the catalog's overview totals and its target (what ``intro-total`` compares).

An amount any of these gives says nothing. One that none gives is a warning only in a sentence
that clearly speaks of the requirement (``sparekrav``, ``krav``, ``besparelseskrav``,
``reduktion på``, ``rammereduktion``, ``skal finde``, ``skal spare``, ``del af puljen`` …), and
only when it is within a factor 2 of the closest part (a smaller or larger amount is about
something else: a measure, the municipality's budget). Sentences naming a year outside the
round's period, rates, ranges, negations and differences are left alone, and a catalog at
another price level than the round's or in an unknown unit is not compared
(``round-price-level`` says so).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from omprio.check.prose.figures import scale_of, unit_scale
from omprio.check.prose.quantities import Stated, accepts, amounts
from omprio.check.prose.text import Sentence, introduction_sentences, quote
from omprio.findings import Finding, Severity, finding
from omprio.model import Catalog
from omprio.money import ZERO
from omprio.rounds.model import BudgetRound, Link
from omprio.rounds.prices import price_year
from omprio.rounds.status import Parts

RULE = "round-intro"

REQUIREMENT_WORDS = re.compile(
    r"(?<!\w)(?:\w*krav(?:et|ene|s)?(?!\w)|\w*reduktion\w*\s+på|rammereduktion\w*|"
    r"skal\s+(?:\w+\s+)?(?:finde|spare|reducere|indfri|levere)|"
    r"(?:del|andel)\s+af\s+(?:puljen|\w*kravet|\w*besparelse\w*|\w*reduktion\w*))",
    re.IGNORECASE,
)
"""Words by which a sentence speaks of the department's requirement."""

_FACTOR = Decimal(2)


@dataclass(frozen=True, slots=True)
class _Part:
    """A magnitude the introduction may state: ``requirement`` is the name of the
    requirement of a department's part, ``None`` for every other figure (totals, target)."""

    value: Decimal
    year: int
    requirement: str | None
    signed: Decimal
    every_year: bool


def _figures(budget_round: BudgetRound, link: Link, catalog: Catalog, parts: Parts,
             factor: Decimal) -> list[_Part]:
    """Every figure the introduction of ``catalog`` may state, in the round's units
    (``factor`` is the catalog's unit in the round's)."""
    department = link.department
    found: list[_Part] = []
    rows: list[tuple[str | None, Mapping[int, Decimal]]] = []
    for requirement in budget_round.requirements:
        by_year = parts.get(requirement.name, {}).get(department)
        if by_year:
            rows.append((requirement.name, {y: Decimal(p.amount) for y, p in by_year.items()}))
        rows.append((None, requirement.amounts))
    for names in ({r.name for r in budget_round.requirements}, set(link.requirements)):
        total = {year: sum((Decimal(parts[name][department][year].amount)
                            for name in names
                            if department in parts.get(name, {})
                            and year in parts[name][department]), ZERO)
                 for year in budget_round.years}
        rows.append((None, total))
    rows.extend((None, {y: v * factor for y, v in t.amounts.items()})
                for t in catalog.overview_totals)
    rows.append((None, {y: v * factor for y, v in catalog.target.items()}))
    for name, values in rows:
        signed = [values[year] for year in budget_round.years if values.get(year)]
        constant = len(set(signed)) == 1
        for year in budget_round.years:
            value = values.get(year)
            if value:
                found.append(_Part(abs(value), year, name, value, constant))
    return found


def _year(stated: Stated, sentence: Sentence, years: frozenset[int]) -> int | None:
    """The year an amount is of: the one written after it, or the one year its sentence names;
    ``None``: a yearly figure (no year, or a period)."""
    if stated.year is not None:
        return stated.year
    if not stated.period and len(sentence.years) == 1:
        (year,) = sentence.years
        return year if year in years else None
    return None


def round_intro(budget_round: BudgetRound, catalogs: Mapping[int, Catalog],
                parts: Parts) -> Iterator[Finding]:
    """``round-intro`` for every link whose catalog is in ``catalogs`` (by id)."""
    scale = scale_of(budget_round.unit)
    years = frozenset(budget_round.years)
    if scale is None or not years:
        return
    for link in budget_round.links:
        catalog = catalogs.get(link.catalog_id)
        if catalog is None or not catalog.introduction:
            continue
        own = unit_scale(catalog)
        if own is None or price_year(catalog.price_base) != budget_round.price_level:
            continue
        figures = _figures(budget_round, link, catalog, parts, own / scale)
        required = [f for f in figures if f.requirement is not None]
        if not required:
            continue
        for sentence in introduction_sentences(catalog):
            yield from _sentence(sentence, years, figures, required, catalog, link, scale)


def _sentence(sentence: Sentence, years: frozenset[int], figures: list[_Part],
              required: list[_Part], catalog: Catalog, link: Link,
              scale: Decimal) -> Iterator[Finding]:
    text = sentence.text
    if "kr" not in text or not sentence.years <= years or not REQUIREMENT_WORDS.search(text):
        return
    for stated in amounts(text, scale):
        if not stated.plain or stated.difference:
            continue
        year = _year(stated, sentence, years)
        if year is not None and year not in years:
            continue
        if any(accepts(stated, f.value) for f in figures if year is None or f.year == year):
            continue
        candidates = [f for f in required if year is None or f.year == year]
        if not candidates:
            continue
        closest = min(candidates, key=lambda f: abs(f.value - stated.value))
        if not closest.value / _FACTOR <= stated.value <= closest.value * _FACTOR:
            continue
        assert closest.requirement is not None
        yearly = year is None and closest.every_year
        yield finding(
            RULE, Severity.WARNING, sentence.source(stated.start),
            year=None if yearly else closest.year,
            catalog=catalog.title, department=link.department,
            text=quote(sentence, stated.start, stated.end), stated=stated.shown,
            requirement=closest.requirement, part=closest.signed,
            when="every_year" if yearly else "in_year",
        )
