"""Arithmetic of the tables: a measure's lines against its net, the overview's totals.

``line-sum``: per year, the lines of a measure equal its net plus its adjustments
(BFF-3A: -3.500 = -3.115 + -385). ``section-total``: each total row of the overview equals the
sum of the rows it totals (a section, a theme, or all rows). ``subtotal``: each subtotal row of
a grouped table (a business case's 'Samlet varig ændring') equals the sum of its group's lines.
"""

from __future__ import annotations

from collections.abc import Iterator

from omprio.check.registry import rule
from omprio.findings import Finding, Severity, finding
from omprio.model import Catalog
from omprio.money import ZERO, sum_by_year


@rule("line-sum", Severity.ERROR)
def line_sum(catalog: Catalog) -> Iterator[Finding]:
    for measure in catalog.measures:
        if not measure.lines or not measure.net:
            continue
        years = measure.years or catalog.years
        lines = sum_by_year((line.amounts for line in measure.lines), years)
        adjustments = sum_by_year((line.amounts for line in measure.adjustments), years)
        for year in years:
            if year not in lines or year not in measure.net:
                continue
            adjustment = adjustments.get(year, ZERO) if measure.adjustments else ZERO
            expected = measure.net[year] + adjustment
            if lines[year] != expected:
                yield finding(
                    "line-sum",
                    Severity.ERROR,
                    measure.net_source or measure.source,
                    measure=measure.code,
                    year=year,
                    lines=lines[year],
                    expected=expected,
                    net=measure.net[year],
                    adjustments=adjustment,
                )


@rule("section-total", Severity.ERROR)
def section_total(catalog: Catalog) -> Iterator[Finding]:
    for total in catalog.overview_totals:
        rows = [
            row
            for row in catalog.overview
            if (total.section is None or row.section == total.section)
            and (total.theme is None or row.theme == total.theme)
        ]
        if not rows:
            continue
        sums = sum_by_year((row.amounts for row in rows), catalog.years)
        for year in catalog.years:
            if year in total.amounts and year in sums and total.amounts[year] != sums[year]:
                yield finding(
                    "section-total",
                    Severity.ERROR,
                    total.source,
                    year=year,
                    label=total.label,
                    stated=total.amounts[year],
                    computed=sums[year],
                )


@rule("subtotal", Severity.ERROR)
def subtotal(catalog: Catalog) -> Iterator[Finding]:
    """Each subtotal row of a grouped table ('Samlet varig ændring') equals the sum of the lines
    of its group (of every line above it when it names no group), per year."""
    for measure in catalog.measures:
        if not measure.subtotals:
            continue
        years = measure.years or catalog.years
        for stated in measure.subtotals:
            rows = [
                line
                for line in measure.lines
                if (stated.group is None or line.group == stated.group)
                and (line.source.page or 0, line.source.line or 0)
                < (stated.source.page or 0, stated.source.line or 0)
            ]
            sums = sum_by_year((line.amounts for line in rows), years) if rows else {}
            for year in years:
                if year not in stated.amounts:
                    continue
                computed = sums.get(year, ZERO) if rows else ZERO
                if rows and year not in sums:
                    continue  # a line without that year is reported by the reader
                if stated.amounts[year] != computed:
                    yield finding(
                        "subtotal",
                        Severity.ERROR,
                        stated.source,
                        measure=measure.code,
                        year=year,
                        label=stated.label,
                        group=stated.group or "-",
                        stated=stated.amounts[year],
                        computed=computed,
                    )
