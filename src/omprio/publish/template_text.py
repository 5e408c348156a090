"""A catalog written back as text in the catalog template, as a PDF extractor would give it.

The inverse of :mod:`omprio.read.template`: cover, introduction, OVERBLIK table, then one page per
measure with its economics table and fields. :class:`TextStyle` controls what extractors vary:
blank lines between lines, CRLF line endings, padding with runs of spaces, where long labels
and paragraphs wrap, and amounts on a label's last line or on a line of their own. Tests use it
to show that the reader gives the same catalog whatever the layout; the benchmark uses it to
make large catalogs; :func:`catalog_pages` gives the same text page by page for a PDF.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from omprio import display
from omprio.model import Catalog, Line, Measure
from omprio.money import Amounts, sum_by_year
from omprio.read.patterns import MONTHS

_MONTH_NAMES = {number: name for name, number in MONTHS.items()}


@dataclass(frozen=True, slots=True)
class TextStyle:
    """How the text is laid out; none of it may change what the reader reads."""

    width: int = 95
    label_width: int = 40
    blank_lines: bool = False
    crlf: bool = False
    pad: str = ""
    amounts_own_line: bool = False
    section_padding: str = ""


def _wrap(text: str, width: int) -> list[str]:
    if not text:
        return []
    return textwrap.wrap(text, width=width, break_on_hyphens=False, break_long_words=False) or [
        text
    ]


def _amounts(amounts: Amounts, years: Sequence[int]) -> str:
    return " ".join(display.number(amounts[year]) if year in amounts else "-" for year in years)


def _row(label: str, amounts: Amounts, years: Sequence[int], style: TextStyle) -> list[str]:
    lines = _wrap(label, style.label_width)
    cells = _amounts(amounts, years)
    if not lines:
        return [cells]
    if style.amounts_own_line:
        return [*lines, cells]
    return [*lines[:-1], f"{lines[-1]} {cells}"]


def _cover(catalog: Catalog) -> list[str]:
    title = catalog.title
    years = catalog.years
    if years:
        title = title.replace(f"{years[0]}–{years[-1]}", "").strip()
    lines = [title.upper()]
    if catalog.stated_period:
        first, last = catalog.stated_period.split("-")
        lines.append(f"{first} – {last}")
    if catalog.department:
        lines.append(catalog.department)
    if catalog.date:
        place = (catalog.organisation or "").removesuffix(" Kommune").upper()
        month = _MONTH_NAMES[catalog.date.month].upper()
        day = f"DEN {catalog.date.day}. {month} {catalog.date.year}"
        lines.append(f"{place}, {day}" if place else day)
    return lines


def _introduction(text: str, style: TextStyle) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        lines.extend(_wrap(paragraph, style.width))
    return lines


def _overview(catalog: Catalog, style: TextStyle) -> list[str]:
    years = catalog.years
    short_pl = (catalog.price_base or "").removeprefix("20")
    unit = catalog.unit.upper()
    lines = ["OVERBLIK", f"{short_pl} ({unit}) {' '.join(map(str, years))}".strip()]
    themes = {theme.code: theme for theme in catalog.themes}
    totals = list(catalog.overview_totals)
    section: str | None = None
    theme: str | None = None
    rows = list(catalog.overview)
    for index, row in enumerate(rows):
        if row.section != section:
            section, theme = row.section, None
            if section is not None:
                lines.append(section + style.section_padding)
        if row.theme != theme:
            theme = row.theme
            if theme is not None:
                title = themes[theme].title if theme in themes else ""
                lines.append(f"TEMA {theme}: {title}".rstrip(": "))
        lines.extend(_row(row.label, row.amounts, years, style))
        following = rows[index + 1] if index + 1 < len(rows) else None
        for total in list(totals):
            if _total_closes(total.section, total.theme, row.section, row.theme, following):
                lines.extend(_row(total.label, total.amounts, years, style))
                totals.remove(total)
    for total in totals:
        lines.extend(_row(total.label, total.amounts, years, style))
    return lines


def _total_closes(
    section: str | None,
    theme: str | None,
    row_section: str | None,
    row_theme: str | None,
    following: object,
) -> bool:
    """True when a total's scope ends with this row (the next row is outside it)."""
    if section is None:
        return False
    next_section = getattr(following, "section", None) if following is not None else object()
    next_theme = getattr(following, "theme", None) if following is not None else object()
    if theme is not None:
        return (
            row_section == section
            and row_theme == theme
            and (next_section != section or next_theme != theme)
        )
    return row_section == section and next_section != section


def _measure(measure: Measure, catalog: Catalog, style: TextStyle) -> list[str]:
    years = measure.years or catalog.years
    period = measure.periods[0] if measure.periods else catalog.period
    lines = [f"Omprioriteringstiltag {period}                 Tema {measure.theme}, {measure.code}"]
    lines.extend(_wrap(measure.title, style.width))
    lines.append("Beskrivelse af tiltaget, herunder ændring i værdi for borgerne")
    lines.extend(_wrap(measure.description, style.width))
    caption = measure.caption or (
        f"Økonomiske konsekvenser og personaleændringer {period} "
        f"({measure.price_base or catalog.price_base} i {measure.unit or catalog.unit})"
    )
    lines.extend(_wrap(caption, style.width))
    lines.append(" ".join(map(str, years)))
    for line in measure.lines:
        lines.extend(_row(line.label, line.amounts, years, style))
    if _needs_net_row(measure, years):
        lines.extend(_row("Nettoændringer i driftsudgifter i alt", measure.net, years, style))
    for line in measure.adjustments:
        lines.extend(_row(line.label, line.amounts, years, style))
    if measure.fte_stated:
        lines.extend(_row("Personaleændringer (fuldtidsstillinger)", measure.fte, years, style))
    for note in measure.notes:
        lines.extend(_wrap(note, style.width))
    if measure.sector is not None:
        lines.append(f"Sektor: {measure.sector}")
    if measure.area_budget is not None:
        budget = measure.area_budget
        lines.extend(_wrap(f"{budget.label}: {budget.text}".rstrip(), style.width))
    if measure.stated_savings_pct is not None:
        lines.extend(_wrap(f"Besparelse i %: {measure.stated_savings_pct}", style.width))
    return lines


def _needs_net_row(measure: Measure, years: Sequence[int]) -> bool:
    if measure.net_source is not None or not measure.lines or measure.adjustments:
        return True
    derived = _derived_net(measure.lines, measure.adjustments, years)
    return dict(measure.net) != derived


def _derived_net(
    lines: Sequence[Line], adjustments: Sequence[Line], years: Sequence[int]
) -> dict[int, Decimal]:
    gross = sum_by_year((line.amounts for line in lines), years)
    adjusted = sum_by_year((line.amounts for line in adjustments), years)
    return {
        year: value - adjusted[year] if year in adjusted else value for year, value in gross.items()
    }


def catalog_pages(catalog: Catalog, style: TextStyle | None = None) -> Iterator[list[str]]:
    """The document page by page: cover and introduction, overview, then one page per measure."""
    style = style or TextStyle()
    yield [*_cover(catalog), *_introduction(catalog.introduction, style)]
    yield _overview(catalog, style)
    for measure in catalog.measures:
        yield _measure(measure, catalog, style)


def catalog_text(catalog: Catalog, style: TextStyle | None = None) -> str:
    """The whole document as one text, laid out by ``style``."""
    style = style or TextStyle()
    newline = "\r\n" if style.crlf else "\n"
    separator = newline * 2 if style.blank_lines else newline
    lines = [line + style.pad for page in catalog_pages(catalog, style) for line in page]
    return separator.join(lines) + newline
