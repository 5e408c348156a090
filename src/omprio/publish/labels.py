"""The words of the published documents and workbooks, in Danish (the template's) and English.

Only omprio's own headings and labels are translated; the catalog's text (titles, descriptions,
line labels, overview labels and totals) is always shown as the catalog states it. The Danish
labels are the template's own words, which is what lets omprio read its own PDF back.
"""

from __future__ import annotations

from dataclasses import dataclass

from omprio.display import Lang


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

    def severity_name(self, severity: str) -> str:
        """``error``/``warning``/``info`` in this language."""
        index = {"error": 0, "warning": 1}.get(severity, 2)
        return self.severities[index]


DANISH = Labels(
    lang="da",
    contents="Indhold",
    introduction="Indledning",
    overview="Overblik",
    overview_heading="OVERBLIK",
    charts="Figurer",
    measures="Tiltag",
    appendix="Bilag: Kontrolresultater",
    measure_prefix="Omprioriteringstiltag",
    theme="Tema",
    theme_heading="TEMA",
    description="Beskrivelse af tiltaget, herunder ændring i værdi for borgerne",
    caption="Økonomiske konsekvenser og personaleændringer {period} ({price_base} i {unit})",
    net="Nettoændringer i driftsudgifter i alt",
    fte="Personaleændringer (fuldtidsstillinger)",
    sector="Sektor:",
    area_budget="Budget for området:",
    savings_pct="Besparelse i %:",
    page="Side",
    chart_savings="Nettoændringer pr. tema og år",
    chart_fte="Personaleændringer pr. år",
    chart_savings_axis="{price_base}, {unit}",
    chart_fte_axis="Fuldtidsstillinger",
    other_theme="Tema {code}",
    findings_intro=(
        "omprio har kontrolleret alle tal i kataloget. Disse fund skal ses efter; "
        "kataloget er udgivet, som det står."
    ),
    severity="Alvor",
    rule="Regel",
    measure="Tiltag",
    location="Sted",
    message="Fund",
    severities=("Fejl", "Advarsel", "Note"),
    no_findings="Ingen fund.",
    price_unit="{price_base} i {unit}",
    generated_by="Udgivet med omprio {version}",
    stages=("Udkast", "Høring", "Vedtaget"),
    mark_draft="UDKAST",
    mark_hearing="HØRINGSUDGAVE",
    edition_version="{stage}, version {version}",
    edition_dated="{edition} af {date}",
    page_of="Side {page} af {pages}",
    csv_columns=("Tiltag", "Tema", "Titel", "Art", "Tekst", "Prisniveau", "Enhed", "Sektor",
                 "Kilde", "Linje", "Side"),
    csv_kinds=("linje", "korrektion", "netto", "personale"),
    fte_unit="fuldtidsstillinger",
)

ENGLISH = Labels(
    lang="en",
    contents="Contents",
    introduction="Introduction",
    overview="Overview",
    overview_heading="OVERVIEW",
    charts="Charts",
    measures="Measures",
    appendix="Appendix: Check findings",
    measure_prefix="Reprioritization measure",
    theme="Theme",
    theme_heading="THEME",
    description="Description of the measure, including the change in value for citizens",
    caption="Economic consequences and staff changes {period} ({price_base}, {unit})",
    net="Net change in operating expenditure, total",
    fte="Staff changes (full-time positions)",
    sector="Sector:",
    area_budget="Budget of the area:",
    savings_pct="Saving in %:",
    page="Page",
    chart_savings="Net change by theme and year",
    chart_fte="Staff changes by year",
    chart_savings_axis="{price_base}, {unit}",
    chart_fte_axis="Full-time positions",
    other_theme="Theme {code}",
    findings_intro=(
        "omprio has checked every figure of the catalog. These findings need attention; "
        "the catalog is published as it stands."
    ),
    severity="Severity",
    rule="Rule",
    measure="Measure",
    location="Location",
    message="Finding",
    severities=("Error", "Warning", "Note"),
    no_findings="No findings.",
    price_unit="{price_base}, {unit}",
    generated_by="Published with omprio {version}",
    stages=("Draft", "Hearing", "Adopted"),
    mark_draft="DRAFT",
    mark_hearing="FOR CONSULTATION",
    edition_version="{stage}, version {version}",
    edition_dated="{edition} of {date}",
    page_of="Page {page} of {pages}",
    csv_columns=("Measure", "Theme", "Title", "Kind", "Label", "Price base", "Unit", "Sector",
                 "Source", "Line", "Page"),
    csv_kinds=("line", "adjustment", "net", "staff"),
    fte_unit="full-time positions",
)


def labels(lang: Lang) -> Labels:
    """The labels of a language."""
    return ENGLISH if lang == "en" else DANISH


def unit_name(unit: str, lang: Lang) -> str:
    """The catalog's unit in a language: ``1.000 kr.`` is ``DKK 1,000`` in English."""
    if lang == "en":
        return {"1.000 kr.": "DKK 1,000", "mio. kr.": "DKK million"}.get(unit, unit)
    return unit


def sheet_unit(unit: str, lang: Lang) -> str:
    """The unit as a spreadsheet cell: in words where a Danish spreadsheet would take the
    text for an amount (it reads ``1.000 kr.`` as the number 1000 in kroner)."""
    if lang == "en":
        return unit_name(unit, lang)
    return {"1.000 kr.": "tusind kr."}.get(unit, unit)


def price_base_name(price_base: str | None, lang: Lang) -> str:
    """The price base in a language: ``2024-PL`` is ``2024 prices`` in English."""
    if price_base is None:
        return ""
    if lang == "en" and price_base.endswith("-PL"):
        return f"{price_base.removesuffix('-PL')} prices"
    return price_base
