"""The layout of omprio's Excel workbook, shared by the writer and the reader.

Sheets, column headings and kinds of row in Danish and English; the reader accepts either, so a
workbook published with ``--lang en`` reads back like a Danish one. The format id in the
catalog sheet (``omprio.workbook/1``) is what tells omprio's reader that a workbook is its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FORMAT = "omprio.workbook/1"


@dataclass(frozen=True, slots=True)
class Sheets:
    """Sheet names of one language."""

    overview: str
    measures: str
    lines: str
    staff: str
    catalog: str


SHEETS = {
    "da": Sheets("Overblik", "Tiltag", "Linjer", "Personale", "Katalog"),
    "en": Sheets("Overview", "Measures", "Lines", "Staff", "Catalog"),
}

# Column headings by field, (Danish, English).
HEADINGS: dict[str, tuple[str, str]] = {
    "number": ("Nr.", "No."),
    "code": ("Kode", "Code"),
    "theme": ("Tema", "Theme"),
    "title": ("Titel", "Title"),
    "sector": ("Sektor", "Sector"),
    "area_budget": ("Budget for området", "Area budget"),
    "savings_pct": ("Besparelse i %", "Saving in %"),
    "description": ("Beskrivelse", "Description"),
    "notes": ("Noter", "Notes"),
    "extra": ("omprio", "omprio"),
    "kind": ("Art", "Kind"),
    "label": ("Tekst", "Label"),
    "section": ("Afsnit", "Section"),
    "measure": ("Tiltag", "Measure"),
    "key": ("Nøgle", "Key"),
    "name": ("Felt", "Field"),
    "value": ("Værdi", "Value"),
}
# Year columns: 'Netto 2024' (a measure's net), 'Årsværk 2024' (staff), 'Beregnet 2024'.
YEAR_PREFIXES: dict[str, tuple[str, str]] = {
    "net": ("Netto", "Net"),
    "fte": ("Årsværk", "FTE"),
    "computed": ("Beregnet", "Computed"),
}
# Kinds of row, (Danish, English).
KINDS: dict[str, tuple[str, str]] = {
    "line": ("linje", "line"),
    "adjustment": ("korrektion", "adjustment"),
    "net": ("netto", "net"),
    "fte": ("personale", "fte"),
    "section": ("afsnit", "section"),
    "theme": ("tema", "theme"),
    "row": ("række", "row"),
    "total": ("total", "total"),
    "target": ("sparekrav", "target"),
    "sum": ("sum af tiltag", "sum of measures"),
    "difference": ("forskel", "difference"),
}
# Fields of the catalog sheet: key -> (Danish, English) name shown beside it.
CATALOG_FIELDS: dict[str, tuple[str, str]] = {
    "format": ("Format", "Format"),
    "title": ("Titel", "Title"),
    "organisation": ("Organisation", "Organisation"),
    "department": ("Afdeling", "Department"),
    "date": ("Dato", "Date"),
    "period": ("Periode", "Period"),
    "years": ("År", "Years"),
    "price_base": ("Prisniveau", "Price base"),
    "unit": ("Enhed", "Unit"),
    "source": ("Kilde", "Source"),
    "stage": ("Stadie", "Stage"),
    "edition": ("Udgave", "Edition"),
    "version": ("Version i omprio", "Version in omprio"),
    "omprio": ("Udgivet med", "Published with"),
    "nulls": ("Tomme felter", "Empty fields"),
    "theme": ("Tema", "Theme"),
    "introduction": ("Indledning", "Introduction"),
}


def heading(field: str, lang: str) -> str:
    """The column heading of ``field`` in ``lang``."""
    return HEADINGS[field][1 if lang == "en" else 0]


def year_heading(prefix: str, year: int, lang: str) -> str:
    """``Netto 2024`` / ``Net 2024``."""
    return f"{YEAR_PREFIXES[prefix][1 if lang == 'en' else 0]} {year}"


def kind_name(kind: str, lang: str) -> str:
    """A kind of row as the workbook writes it."""
    return KINDS[kind][1 if lang == "en" else 0]


_FIELD_BY_HEADING = {name.casefold(): field for field, names in HEADINGS.items() for name in names}
_KIND_BY_NAME = {name.casefold(): kind for kind, names in KINDS.items() for name in names}
_YEAR_HEADING = re.compile(
    r"^(?P<prefix>"
    + "|".join(re.escape(name) for names in YEAR_PREFIXES.values() for name in names)
    + r")\s+(?P<year>(?:19|20)\d\d)$",
    re.IGNORECASE,
)
_PREFIX_BY_NAME = {
    name.casefold(): prefix for prefix, names in YEAR_PREFIXES.items() for name in names
}


def field_of(text: str) -> str | tuple[str, int] | None:
    """What a column heading names: a field, a (prefix, year) column, a bare year, or None."""
    text = text.strip()
    if text.isdecimal() and len(text) == 4:
        return ("year", int(text))
    match = _YEAR_HEADING.match(text)
    if match:
        return (_PREFIX_BY_NAME[match["prefix"].casefold()], int(match["year"]))
    return _FIELD_BY_HEADING.get(text.casefold())


def kind_of(text: str) -> str | None:
    """The kind of row a name in the 'Art' column means (either language)."""
    return _KIND_BY_NAME.get(text.strip().casefold())
