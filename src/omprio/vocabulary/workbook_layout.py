"""The layout of omprio's Excel workbook, shared by the writer and the reader.

Sheets, column headings and kinds of row in each language (the catalog's ``workbook.*``); the
reader accepts any of them, so a workbook published with ``--lang en`` reads back like a Danish
one. The format id in the catalog sheet (``omprio.workbook/1``) is what tells omprio's reader
that a workbook is its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from omprio.i18n import LANGS, Lang, t

FORMAT = "omprio.workbook/1"


@dataclass(frozen=True, slots=True)
class Sheets:
    """Sheet names of one language."""

    overview: str
    measures: str
    lines: str
    staff: str
    catalog: str


def sheets(lang: Lang) -> Sheets:
    """The sheet names of ``lang`` (the catalog's ``workbook.sheet.<sheet>``)."""
    return Sheets(*(t(f"workbook.sheet.{name}", lang) for name in _SHEETS))


_SHEETS = ("overview", "measures", "lines", "staff", "catalog")
# Column headings by field (the catalog's ``workbook.heading.<field>``).
HEADINGS = ("number", "code", "theme", "title", "sector", "area_budget", "savings_pct",
            "description", "notes", "extra", "kind", "label", "section", "measure", "key",
            "name", "value")
# Year columns: 'Netto 2024' (a measure's net), 'Årsværk 2024' (staff), 'Beregnet 2024'
# (``workbook.year.<prefix>``).
YEAR_PREFIXES = ("net", "fte", "computed")
# Kinds of row (``workbook.kind.<kind>``).
KINDS = ("line", "adjustment", "net", "fte", "section", "theme", "row", "total", "target", "sum",
         "difference")
# Fields of the catalog sheet: the name shown beside each key (``workbook.field.<key>``).
CATALOG_FIELDS = ("format", "title", "organisation", "department", "date", "period", "years",
                  "price_base", "unit", "source", "stage", "edition", "version", "omprio",
                  "nulls", "theme", "introduction")


def heading(field: str, lang: Lang) -> str:
    """The column heading of ``field`` in ``lang``."""
    return t(f"workbook.heading.{field}", lang)


def year_heading(prefix: str, year: int, lang: Lang) -> str:
    """``Netto 2024`` / ``Net 2024``."""
    return f"{t(f'workbook.year.{prefix}', lang)} {year}"


def kind_name(kind: str, lang: Lang) -> str:
    """A kind of row as the workbook writes it."""
    return t(f"workbook.kind.{kind}", lang)


def catalog_field(key: str, lang: Lang) -> str:
    """The name shown beside ``key`` in the catalog sheet."""
    return t(f"workbook.field.{key}", lang)


def _by_name(group: str, names: tuple[str, ...]) -> dict[str, str]:
    """Each name of ``names`` in every language (casefolded) → the name it stands for."""
    return {t(f"workbook.{group}.{name}", lang).casefold(): name
            for lang in LANGS for name in names}


@cache
def _reader() -> tuple[dict[str, str], dict[str, str], dict[str, str], re.Pattern[str]]:
    """What the reader knows: fields by heading, kinds by name, prefixes by name (any
    language) and the pattern of a year column."""
    prefixes = _by_name("year", YEAR_PREFIXES)
    year_column = re.compile(
        r"^(?P<prefix>" + "|".join(re.escape(name) for name in prefixes)
        + r")\s+(?P<year>(?:19|20)\d\d)$",
        re.IGNORECASE,
    )
    return _by_name("heading", HEADINGS), _by_name("kind", KINDS), prefixes, year_column


def field_of(text: str) -> str | tuple[str, int] | None:
    """What a column heading names: a field, a (prefix, year) column, a bare year, or None."""
    text = text.strip()
    if text.isdecimal() and len(text) == 4:
        return ("year", int(text))
    fields, _, prefixes, year_column = _reader()
    match = year_column.match(text)
    if match:
        return (prefixes[match["prefix"].casefold()], int(match["year"]))
    return fields.get(text.casefold())


def kind_of(text: str) -> str | None:
    """The kind of row a name in the 'Art' column means (either language)."""
    return _reader()[1].get(text.strip().casefold())
