"""``intro-total``: a total or requirement the introduction states, against the overview.

'MSB's del af puljen på i alt 19,7 mio. kr. i 2024-2027' must be what the overview's totals or
the catalog's target give in some year, at the precision written (``19,7`` is 19,65–19,75 mio.
kr.; ``ca. 19,7`` ± 10 %). An amount for the period is read as a yearly figure, as catalogs write
them. Only sentences that speak of a requirement or a total (``spare``, ``sparekrav``,
``besparelse``, ``omprioriter``, ``pulje``, ``krav``, ``i alt``, ``samlet``, ``tiltag``,
``finansiering``) and name no year outside the period are read, and only amounts whose nearest
total is within 15 % of it: an amount further from every total is about something else
(the seed's '75 mio. kr. til en velfærdspulje' for the whole municipality, the administrative
requirement 'ca. 13,7 mio. kr.' that the overview states only as its residual) and gives
nothing. Rates, ranges and negations are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from omprio.check.prose.figures import Figure, nearest, unit_scale
from omprio.check.prose.quantities import accepts, amounts
from omprio.check.prose.text import introduction_sentences, quote
from omprio.check.registry import rule
from omprio.findings import Finding, Severity, finding
from omprio.model import Catalog
from omprio.money import Amounts

RULE = "intro-total"

_TOTAL_WORD = re.compile(
    r"(?<!\w)(?:spar\w*|besparelse\w*|omprioriter\w*|\w*pulje\w*|\w*krav\w*|i alt|samlet|"
    r"samlede|tiltag\w*|finansiering\w*)",
    re.IGNORECASE,
)
_BUDGET = re.compile(r"(?<!\w)(?:drifts|netto|brutto)?budget(?:tet|ter|terne)?(?!\w)",
                     re.IGNORECASE)
_NEAR = Decimal("0.15")


def _figures(catalog: Catalog) -> list[Figure]:
    figures: list[Figure] = []
    rows: list[tuple[str, Amounts]] = [(f"'{t.label}'", t.amounts) for t in catalog.overview_totals]
    if catalog.target:
        rows.append(("target", catalog.target))
    seen: set[tuple[str, Decimal]] = set()
    for what, values in rows:
        signed = [values[year] for year in catalog.years if year in values]
        constant = len(set(signed)) == 1
        for year in catalog.years:
            if year in values and (what, values[year]) not in seen and values[year]:
                seen.add((what, values[year]))
                figures.append(Figure(abs(values[year]), what, year, values[year], constant))
    return figures


@rule(RULE, Severity.WARNING)
def intro_total(catalog: Catalog) -> Iterator[Finding]:
    scale = unit_scale(catalog)
    if scale is None or not catalog.introduction:
        return
    figures = _figures(catalog)
    if not figures:
        return
    years = frozenset(catalog.years)
    for sentence in introduction_sentences(catalog):
        text = sentence.text
        if "kr" not in text and "mio" not in text:
            continue
        if not _TOTAL_WORD.search(text) or _BUDGET.search(text):
            continue
        if not sentence.years <= years:
            continue
        for stated in amounts(text, scale):
            if not stated.plain or stated.difference or stated.year is not None:
                continue
            if any(accepts(stated, figure.value) for figure in figures):
                continue
            closest = nearest(figures, stated.value)
            assert closest is not None
            if abs(closest.value - stated.value) > closest.value * _NEAR:
                continue
            yield finding(
                RULE, Severity.WARNING, sentence.source(stated.start),
                year=None if closest.every_year else closest.year,
                text=quote(sentence, stated.start, stated.end), stated=stated.shown,
                what=closest.what, figure=closest.signed,
                when="every_year" if closest.every_year else "in_year",
            )
