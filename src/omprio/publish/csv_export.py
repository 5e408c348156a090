"""CSV export: one row per table row of every measure (lines, adjustments, net, FTE).

Wide layout, one column per budget year, numbers written plainly (``-1000``, ``-10.5``) so any
tool reads them; each row says which measure, which kind of row, and where it stands in the
source document.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from omprio.model import Catalog, Measure, Source
from omprio.money import Amounts

KINDS = ("line", "adjustment", "net", "fte")


def _rows(measure: Measure) -> Iterator[tuple[str, str, Amounts, Source | None]]:
    for line in measure.lines:
        yield "line", line.label, line.amounts, line.source
    for line in measure.adjustments:
        yield "adjustment", line.label, line.amounts, line.source
    yield "net", "Nettoændringer i alt", measure.net, measure.net_source
    if measure.fte_stated:
        yield "fte", "Personaleændringer (fuldtidsstillinger)", measure.fte, measure.fte_source


def catalog_to_csv(catalog: Catalog) -> str:
    """The catalog's measure tables as CSV text (UTF-8, comma-separated, header row)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    years = list(catalog.years)
    writer.writerow(
        [
            "measure",
            "theme",
            "title",
            "kind",
            "label",
            *map(str, years),
            "price_base",
            "unit",
            "sector",
            "path",
            "line",
            "page",
        ]
    )
    for measure in catalog.measures:
        for kind, label, amounts, source in _rows(measure):
            where = source or measure.source
            unit = "fte" if kind == "fte" else catalog.unit
            writer.writerow(
                [
                    measure.code,
                    measure.theme,
                    measure.title,
                    kind,
                    label,
                    *(_plain(amounts, year) for year in years),
                    catalog.price_base or "",
                    unit,
                    measure.sector or "",
                    where.path,
                    where.line or "",
                    where.page or "",
                ]
            )
    return out.getvalue()


def _plain(amounts: Amounts, year: int) -> str:
    value = amounts.get(year)
    if value is None:
        return ""
    return format(
        value.normalize() if value != value.to_integral_value() else value.to_integral_value(), "f"
    )


__all__ = ["KINDS", "catalog_to_csv"]
