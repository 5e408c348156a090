"""The overview against the measure pages.

``overview-mismatch``: an overview row's amounts differ from its measure's net, a row names no
measure page, or a measure page has no row. ``overview-title``: a row linked to its measure by
theme and amounts whose label does not name the measure's title. ``theme-mismatch``: a row
listed under another theme than its measure page states.
"""

from __future__ import annotations

from collections.abc import Iterator

from omprio import titles
from omprio.check.registry import rule
from omprio.findings import Finding, Severity, finding
from omprio.model import Catalog, Measure, OverviewRow


@rule("overview-mismatch", Severity.ERROR)
def overview_mismatch(catalog: Catalog) -> Iterator[Finding]:
    if not catalog.overview or not catalog.measures:
        return  # the reader reports a missing overview or missing measure pages once
    linked = set()
    by_code = catalog.measures_by_code()
    for row in catalog.overview:
        measure = by_code.get(row.measure) if row.measure else None
        if measure is None:
            yield finding(
                "overview-mismatch",
                Severity.ERROR,
                row.source,
                key="overview-mismatch.no-measure",
                label=row.label,
            )
            continue
        linked.add(measure.code)
        for year in catalog.years:
            if (
                year in row.amounts
                and year in measure.net
                and row.amounts[year] != measure.net[year]
            ):
                yield finding(
                    "overview-mismatch",
                    Severity.ERROR,
                    row.source,
                    measure=measure.code,
                    year=year,
                    code=measure.code,
                    overview=row.amounts[year],
                    net=measure.net[year],
                )
    for measure in catalog.measures:
        if measure.code not in linked:
            yield finding(
                "overview-mismatch",
                Severity.ERROR,
                measure.source,
                key="overview-mismatch.no-row",
                measure=measure.code,
                code=measure.code,
                title=measure.title,
            )


@rule("overview-title", Severity.WARNING)
def overview_title(catalog: Catalog) -> Iterator[Finding]:
    for row, measure in _linked(catalog):
        if row.label.upper().find(measure.code) >= 0:
            continue
        if titles.similarity(row.label, measure.title) < titles.MATCH:
            yield finding(
                "overview-title",
                Severity.WARNING,
                row.source,
                measure=measure.code,
                label=row.label,
                code=measure.code,
                title=measure.title,
            )


@rule("theme-mismatch", Severity.WARNING)
def theme_mismatch(catalog: Catalog) -> Iterator[Finding]:
    for row, measure in _linked(catalog):
        if row.theme is not None and measure.theme_number != row.theme:
            yield finding(
                "theme-mismatch",
                Severity.WARNING,
                row.source,
                measure=measure.code,
                code=measure.code,
                theme=measure.theme,
                overview_theme=row.theme,
            )


def _linked(catalog: Catalog) -> Iterator[tuple[OverviewRow, Measure]]:
    """Overview rows with the measure page each is linked to (rows without one are left out)."""
    by_code = catalog.measures_by_code()
    for row in catalog.overview:
        measure = by_code.get(row.measure) if row.measure else None
        if measure is not None:
            yield row, measure
