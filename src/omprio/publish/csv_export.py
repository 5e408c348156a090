"""CSV export: one row per table row of every measure (lines, adjustments, net, FTE).

Wide layout, one column per budget year; each row says which measure, which kind of row, and
where it stands in the source document (the file's name, never its folders). Two dialects:

* :func:`catalog_to_csv`, for programs (``omprio export --format csv``, ``omprio publish
  --format csv``): comma-separated UTF-8 without BOM, English column names, numbers written
  plainly (``-1000``, ``-10.5``).
* :func:`catalog_to_sheet_csv`, for spreadsheets (the web's "CSV (regneark)", ``omprio publish
  --format excel-csv``): what Danish Excel and LibreOffice open as they are, without an import
  dialog: ``;``-separated, UTF-8 with a BOM, CRLF line ends, decimal comma without thousands
  separators (``-1000``, ``-10,5``), column names and kinds of row in the publish language.

The file is meant to be opened in a spreadsheet too, so a text cell that a spreadsheet would
take for a formula (it starts, after any leading white space, with ``=``, ``+``, ``@``, a
tab, a carriage return or a line feed, or with ``-`` unless the whole cell is a plain number
such as ``-1000`` or ``-10,5``) is written with a leading apostrophe, as OWASP advises
against CSV injection: ``-1+cmd|' /C calc'!A0`` and ``-2+3`` are escaped. Amounts are never
touched. The open-data CSV files of the Fiscal Data Package keep the text exactly (they are
data for programs, checked by a schema).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from omprio.display import Lang
from omprio.model import Catalog, Measure, Source
from omprio.money import Amounts
from omprio.publish.edition import file_name
from omprio.publish.labels import labels, sheet_unit

KINDS = ("line", "adjustment", "net", "fte")
_FORMULA = re.compile(r"[ ]*[=+@\t\r\n\uff1d\uff0b\uff20-]")
_PLAIN_NUMBER = re.compile(r"[ ]*-[0-9]+(?:[.,][0-9]+)*[ ]*")


def spreadsheet_text(text: str) -> str:
    """``text`` as a spreadsheet will show it, never run it as a formula (see the module doc)."""
    if _FORMULA.match(text) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


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
            amounts_text = [_plain(amounts, year) for year in years]
            writer.writerow(_row(catalog, measure, kind, label, amounts_text, unit, where))
    return out.getvalue()


def catalog_to_sheet_csv(catalog: Catalog, lang: Lang = "da") -> bytes:
    """The catalog's measure tables as a CSV file for spreadsheets (see the module doc)."""
    words = labels(lang)
    kinds = dict(zip(KINDS, words.csv_kinds, strict=True))
    out = io.StringIO()
    out.write("\ufeff")  # the BOM: Excel then reads UTF-8 (æøå) rather than the local code page
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    years = list(catalog.years)
    columns = words.csv_columns
    writer.writerow([*columns[:5], *map(str, years), *columns[5:]])
    for measure in catalog.measures:
        for kind, label, amounts, source in _rows(measure):
            where = source or measure.source
            unit = words.fte_unit if kind == "fte" else sheet_unit(catalog.unit, lang)
            if kind in ("net", "fte"):
                label = words.net if kind == "net" else words.fte
            amounts_text = [_plain(amounts, year).replace(".", ",") for year in years]
            writer.writerow(_row(catalog, measure, kinds[kind], label, amounts_text, unit, where))
    return out.getvalue().encode("utf-8")


def _row(
    catalog: Catalog,
    measure: Measure,
    kind: str,
    label: str,
    amounts: list[str],
    unit: str,
    where: Source,
) -> list[object]:
    """One line of either CSV: the measure, the row's kind and label, its amounts as written,
    the price base, unit and sector, and where it was read (the file's name, never a folder)."""
    return [
        spreadsheet_text(measure.code),
        spreadsheet_text(measure.theme),
        spreadsheet_text(measure.title),
        kind,
        spreadsheet_text(label),
        *amounts,
        spreadsheet_text(catalog.price_base or ""),
        spreadsheet_text(unit),
        spreadsheet_text(measure.sector or ""),
        spreadsheet_text(file_name(where.path)),
        where.line or "",
        where.page or "",
    ]


def _plain(amounts: Amounts, year: int) -> str:
    value = amounts.get(year)
    if value is None:
        return ""
    return format(
        value.normalize() if value != value.to_integral_value() else value.to_integral_value(), "f"
    )


__all__ = ["KINDS", "catalog_to_csv", "catalog_to_sheet_csv"]
