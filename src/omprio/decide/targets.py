"""What a catalog must deliver per year, and which of its measures are candidates for it.

The catalog's own target is :attr:`Catalog.target`: the value read from the document (for the
reference catalog the total 'OMPRIORITERINGSTILTAG, I ALT': -19.730 t.kr. a year) or set by a
person. It is never recomputed from the measures, so an edited measure moves the gap, not the
target; only a catalog that states no target at all must deliver the sum of all its measures.
The candidates are the measures that the overview rows of the section of the target total link
to, so the administrative frame cut MSB-1 in its own section 'ADMINISTRATIVE BESPARELSER' is not
a candidate unless all measures are asked for.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from omprio.decide.errors import DecideError
from omprio.decide.exact import parse_amount
from omprio.model import Catalog, Measure, OverviewTotal, in_catalog, target_total
from omprio.money import ZERO, total


def section_total(catalog: Catalog) -> OverviewTotal | None:
    """The overview total of the section whose measures deliver the target (None without one)."""
    stated = target_total(catalog.overview_totals)
    return stated if stated is not None and stated.section is not None else None


def default_targets(catalog: Catalog) -> dict[int, Decimal]:
    """The catalog's own target per year (:attr:`Catalog.target`, never the measures' sum);
    only a catalog that states no target must deliver the sum of all its measures."""
    if catalog.target:
        return {year: catalog.target[year] for year in catalog.years if year in catalog.target}
    return {
        year: total(measure.net.get(year, ZERO) for measure in unique_measures(catalog))
        for year in catalog.years
    }


def unique_measures(catalog: Catalog) -> tuple[Measure, ...]:
    """The measures in document order, the first of a duplicated code only; accepted ones only
    (:func:`omprio.model.in_catalog`): a proposal not in the catalog is never decided on."""
    seen: set[str] = set()
    result: list[Measure] = []
    for measure in in_catalog(catalog).measures:
        if measure.code not in seen:
            seen.add(measure.code)
            result.append(measure)
    return tuple(result)


def candidates(catalog: Catalog, all_measures: bool = False) -> tuple[Measure, ...]:
    """The measures a decision chooses among, in document order.

    By default those linked to the overview rows of the target total's section; all measures
    when ``all_measures`` is set, when the catalog has no section total, or when no row of that
    section links to a measure.
    """
    measures = unique_measures(catalog)
    stated = section_total(catalog)
    if all_measures or stated is None:
        return measures
    linked = {
        row.measure
        for row in catalog.overview
        if row.section == stated.section and row.measure is not None
    }
    chosen = tuple(measure for measure in measures if measure.code in linked)
    return chosen or measures


def candidate_scope(catalog: Catalog, all_measures: bool) -> str:
    """Where the candidates come from, for people: a section's name or 'all measures'."""
    stated = section_total(catalog)
    if all_measures or stated is None or stated.section is None:
        return "*"
    return stated.section


_PAIRS = re.compile(r"\s*[;,]\s*(?=\d{4}\s*=)")
"""Between ``YEAR=AMOUNT`` pairs: a comma or semicolon followed by a year (so ``-10,5`` stays)."""


def target_amounts(text: str) -> list[str]:
    """The amounts as typed in a ``--target`` text (one, or one per ``YEAR=`` pair)."""
    if "=" not in text:
        return [text.strip()]
    return [part.partition("=")[2].strip() for part in _PAIRS.split(text.strip())]


def parse_targets(text: str, years: tuple[int, ...], lang: str = "da") -> dict[int, Decimal]:
    """Targets from the command line: ``-19730`` (every year) or ``2024=-15000,2025=-16000``.

    Only the years named are targets when years are named. Amounts are read the way of
    ``lang`` (Danish ``-19.730``, ``-10,5``; English ``-19,730``): a comma separates pairs only
    where a year and ``=`` follow it.
    """
    text = text.strip()
    if not text:
        raise DecideError("target-empty")
    if "=" not in text:
        value = parse_amount(text, "target", lang)
        return dict.fromkeys(years, value)
    result: dict[int, Decimal] = {}
    for part in _PAIRS.split(text):
        year_text, sep, amount_text = part.partition("=")
        if not sep:
            raise DecideError("target-syntax", text=part.strip())
        year = _year(year_text, years)
        result[year] = parse_amount(amount_text, f"target {year}", lang)
    return result


def merge_targets(
    texts: list[str],
    years: tuple[int, ...],
    base: Mapping[int, Decimal] | None = None,
    lang: str = "da",
) -> dict[int, Decimal] | None:
    """Several ``--target`` options: later ones add years or replace earlier ones."""
    if not texts:
        return dict(base) if base is not None else None
    merged: dict[int, Decimal] = {}
    for text in texts:
        merged.update(parse_targets(text, years, lang))
    return dict(sorted(merged.items()))


def check_targets(targets: Mapping[int, Decimal], years: tuple[int, ...]) -> None:
    """Every target year is one of the catalog's years, and there is at least one."""
    if not targets:
        raise DecideError("no-target-year")
    for year in targets:
        if year not in years:
            raise DecideError("target-year", year=year, years=", ".join(map(str, years)))


def _year(text: str, years: tuple[int, ...]) -> int:
    try:
        year = int(text.strip())
    except ValueError:
        raise DecideError("not-a-year", text=text.strip()) from None
    if year not in years:
        raise DecideError("target-year", year=year, years=", ".join(map(str, years)))
    return year
