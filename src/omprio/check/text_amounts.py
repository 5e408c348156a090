"""``description-amount``: an amount the text states for a year that the table contradicts.

Descriptions and notes often repeat the table in words ('reduktioner for 3,5 mio. kr. i 2024').
Such a statement (an amount in kroner followed by 'i/for/fra' and a year of the period) must
match some figure of the table in that year at the precision written: a line, the net, an
adjustment, the gross reduction, or the sum of the lines. Approximate statements ('ca.',
'godt', 'knap') and amounts far larger than the whole table (context such as the department's
total requirement, as in MSB-1) are not the measure's own figures and are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from omprio.check.prose.year_lists import followed_spans
from omprio.check.registry import rule
from omprio.findings import Finding, Severity, finding
from omprio.model import Catalog, Measure
from omprio.money import KRONER, ZERO, kroner_from_match, total

STATEMENT = re.compile(
    KRONER.pattern + r"\s*,?\s*(?:i|for|fra)\s+(?:år\s+)?(?P<year>(?:19|20)\d{2})(?!\s*[-–]\s*\d)",
    re.IGNORECASE,
)
_APPROXIMATE = re.compile(
    r"\b(?:ca|cirka|godt|knap|omkring|op til|over|under|mere end|mindre end|maks|max|min|"
    r"op mod|i alt)\.?\s*$",
    re.IGNORECASE,
)
_THOUSAND = Decimal(1000)
_CONTEXT_FACTOR = Decimal("1.25")


def _figures(measure: Measure, year: int) -> tuple[set[Decimal], Decimal]:
    """Absolute figures of the table in ``year`` (1.000 kr.) and the table's gross size."""
    rows = [*measure.lines, *measure.adjustments]
    amounts = [row.amounts[year] for row in rows if year in row.amounts]
    figures = {abs(a) for a in amounts}
    if year in measure.net:
        figures.add(abs(measure.net[year]))
    figures.add(abs(total(a for a in amounts if a < ZERO)))
    figures.add(abs(total(a for a in amounts if a > ZERO)))
    figures.add(abs(total(amounts)))
    return figures, total(abs(a) for a in amounts)


@rule("description-amount", Severity.WARNING)
def description_amount(catalog: Catalog) -> Iterator[Finding]:
    years = set(catalog.years)
    followed = followed_spans(catalog)
    for measure in catalog.measures:
        for text in (measure.description, *measure.notes):
            if "kr" not in text and "Kr" not in text and "KR" not in text:
                continue
            listed = followed.get((id(measure), text), ())
            for match in STATEMENT.finditer(text):
                if any(start <= match.start() < end for start, end in listed):
                    continue
                year = int(match["year"])
                if year not in years or _APPROXIMATE.search(
                    text[max(0, match.start() - 14) : match.start()]
                ):
                    continue
                value, precision = kroner_from_match(match)
                stated = value / _THOUSAND
                tolerance = precision / _THOUSAND
                figures, size = _figures(measure, year)
                if not size or stated > size * _CONTEXT_FACTOR:
                    continue
                if any(abs(stated - figure) <= tolerance for figure in figures):
                    continue
                yield finding(
                    "description-amount",
                    Severity.WARNING,
                    measure.source,
                    measure=measure.code,
                    year=year,
                    stated=match.group(0).rsplit(" ", 2)[0].rstrip(" ,"),
                    amount=stated.normalize(),
                )
