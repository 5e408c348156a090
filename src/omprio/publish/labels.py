"""The words of the published documents and workbooks, in each language (the catalog's ``doc.*``).

Only omprio's own headings and labels are translated; the catalog's text (titles, descriptions,
line labels, overview labels and totals) is always shown as the catalog states it. The Danish
labels are the template's own words, which is what lets omprio read its own PDF back: change
them in the Danish catalog only together with the reader.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from omprio.i18n import Lang, t


@dataclass(frozen=True, slots=True)
class Labels:
    """Every heading and label a published edition uses."""

    lang: Lang
    contents: str
    introduction: str
    overview: str
    overview_heading: str
    charts: str
    measures: str
    appendix: str
    measure_prefix: str
    theme: str
    theme_heading: str
    description: str
    caption: str
    net: str
    fte: str
    sector: str
    area_budget: str
    savings_pct: str
    page: str
    chart_savings: str
    chart_fte: str
    chart_savings_axis: str
    chart_fte_axis: str
    other_theme: str
    findings_intro: str
    severity: str
    rule: str
    measure: str
    location: str
    message: str
    severities: tuple[str, str, str]
    no_findings: str
    price_unit: str
    generated_by: str
    stages: tuple[str, str, str]
    """The names of the stages draft, hearing and adopted."""
    mark_draft: str
    mark_hearing: str
    edition_version: str
    edition_dated: str
    page_of: str
    csv_columns: tuple[str, ...]
    """The spreadsheet CSV's columns: code, theme, title, kind, label, (the years), price
    base, unit, sector, source file, line, page."""
    csv_kinds: tuple[str, str, str, str]
    """The kinds of row of the spreadsheet CSV: line, adjustment, net, staff."""
    fte_unit: str
    target: str
    gap: str

    def severity_name(self, severity: str) -> str:
        """``error``/``warning``/``info`` in this language."""
        index = {"error": 0, "warning": 1}.get(severity, 2)
        return self.severities[index]


# The fields that are tuples of words: the catalog's key prefix and the words' keys, in order.
TUPLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "severities": ("doc.severity", ("error", "warning", "info")),
    "stages": ("stage", ("draft", "hearing", "adopted")),
    "csv_columns": ("doc.csv_column", ("measure", "theme", "title", "kind", "label", "price_base",
                                       "unit", "sector", "source", "line", "page")),
    "csv_kinds": ("doc.csv_kind", ("line", "adjustment", "net", "fte")),
}


@cache
def labels(lang: Lang) -> Labels:
    """The labels of a language: each field is the catalog's ``doc.<field>``, each tuple of
    :data:`TUPLES` the catalog's ``<prefix>.<word>``."""
    values: dict[str, Any] = {}
    for field in fields(Labels):
        if field.name in TUPLES:
            prefix, words = TUPLES[field.name]
            values[field.name] = tuple(t(f"{prefix}.{word}", lang) for word in words)
        elif field.name != "lang":
            values[field.name] = t(f"doc.{field.name}", lang)
    return Labels(lang=lang, **values)


# The units a Danish catalog states, by their key in the catalog (``doc.unit.<key>``).
_UNITS = {"1.000 kr.": "thousand", "mio. kr.": "million"}


def unit_name(unit: str, lang: Lang) -> str:
    """The catalog's unit in a language: ``1.000 kr.`` is ``DKK 1,000`` in English."""
    key = _UNITS.get(unit)
    return unit if key is None else t(f"doc.unit.{key}", lang)


def sheet_unit(unit: str, lang: Lang) -> str:
    """The unit as a spreadsheet cell: in words where a Danish spreadsheet would take the
    text for an amount (it reads ``1.000 kr.`` as the number 1000 in kroner)."""
    return t("doc.sheet_unit.thousand", lang) if unit == "1.000 kr." else unit_name(unit, lang)


def price_base_name(price_base: str | None, lang: Lang) -> str:
    """The price base in a language: ``2024-PL`` is ``2024 prices`` in English."""
    if price_base is None:
        return ""
    year = price_base.removesuffix("-PL")
    if year != price_base:
        return t("doc.price_base_pl", lang, year=year)
    return price_base
