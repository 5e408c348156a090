"""Structure: codes, periods, price levels, units and staff rows.

``duplicate-code``: two measure pages with one code. ``period-mismatch``: a page, its table or
the overview states another period, other year columns or another price level than the catalog.
``unit-mismatch``: a table in another unit than the catalog. ``fte-missing``: a table without a
row of staff changes.
"""

from __future__ import annotations

from collections.abc import Iterator

from omprio.check.registry import rule
from omprio.findings import Finding, Severity, finding
from omprio.model import Catalog, Source


@rule("duplicate-code", Severity.ERROR)
def duplicate_code(catalog: Catalog) -> Iterator[Finding]:
    first_at: dict[str, Source] = {}
    for measure in catalog.measures:
        if measure.code in first_at:
            yield finding(
                "duplicate-code",
                Severity.ERROR,
                measure.source,
                measure=measure.code,
                code=measure.code,
                other=str(first_at[measure.code]),
            )
        else:
            first_at[measure.code] = measure.source


@rule("period-mismatch", Severity.ERROR)
def period_mismatch(catalog: Catalog) -> Iterator[Finding]:
    period = catalog.period
    years = list(catalog.years)
    if period and catalog.stated_period and catalog.stated_period != period:
        yield finding(
            "period-mismatch",
            Severity.ERROR,
            catalog.source,
            what="overview_years",
            stated=_years_text(years),
            expected=catalog.stated_period,
        )
    for measure in catalog.measures:
        for stated in measure.periods:
            if period and stated != period:
                yield finding(
                    "period-mismatch",
                    Severity.ERROR,
                    measure.source,
                    measure=measure.code,
                    what="period",
                    stated=stated,
                    expected=period,
                )
        if years and measure.years and list(measure.years) != years:
            yield finding(
                "period-mismatch",
                Severity.ERROR,
                measure.net_source or measure.source,
                measure=measure.code,
                what="years",
                stated=_years_text(measure.years),
                expected=_years_text(years),
            )
        if catalog.price_base and measure.price_base and measure.price_base != catalog.price_base:
            yield finding(
                "period-mismatch",
                Severity.ERROR,
                measure.source,
                measure=measure.code,
                what="price_base",
                stated=measure.price_base,
                expected=catalog.price_base,
            )


def _years_text(years: tuple[int, ...] | list[int]) -> str:
    return " ".join(str(year) for year in years)


@rule("unit-mismatch", Severity.ERROR)
def unit_mismatch(catalog: Catalog) -> Iterator[Finding]:
    for measure in catalog.measures:
        if measure.unit and catalog.unit and measure.unit != catalog.unit:
            yield finding(
                "unit-mismatch",
                Severity.ERROR,
                measure.source,
                measure=measure.code,
                stated=measure.unit,
                expected=catalog.unit,
            )


@rule("fte-missing", Severity.WARNING)
def fte_missing(catalog: Catalog) -> Iterator[Finding]:
    for measure in catalog.measures:
        if not measure.fte_stated and (measure.lines or measure.adjustments):
            yield finding(
                "fte-missing",
                Severity.WARNING,
                measure.net_source or measure.source,
                measure=measure.code,
            )
