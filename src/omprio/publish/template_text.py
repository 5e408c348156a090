"""A catalog written back as text in the catalog template, as a PDF extractor would give it.

The inverse of :mod:`omprio.read.template`: cover, introduction, OVERBLIK table, then one page per
measure with its economics table and fields. :class:`TextStyle` controls what extractors vary:
blank lines between lines, CRLF line endings, padding with runs of spaces, where long labels
and paragraphs wrap, and amounts on a label's last line or on a line of their own. Tests use it
to show that the reader gives the same catalog whatever the layout; the benchmark uses it to
make large catalogs; :func:`catalog_pages` gives the same text page by page for a PDF.
The structure helpers (:func:`cover_lines`, :func:`overview_entries`, :func:`measure_entries`,
:func:`measure_fields`, …) are what the published documents (PDF, HTML, Word) lay out, so that
every edition puts the same rows, in the same order, under the same labels.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from omprio import display
from omprio.model import Catalog, Line, Measure
from omprio.money import Amounts, sum_by_year
from omprio.vocabulary.patterns import MONTHS

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


def cover_lines(catalog: Catalog) -> list[str]:
    """The cover: title (upper case, without the period), period, department, place and date."""
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


NET_LABEL = "Nettoændringer i driftsudgifter i alt"
"""The label of a measure table's net row, as the template writes it."""
FTE_LABEL = "Personaleændringer (fuldtidsstillinger)"
"""The label of a measure table's staff row, as the template writes it."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of a table as the template lays it out.

    ``kind`` is ``section``, ``theme``, ``row`` or ``total`` in the overview and ``line``,
    ``net``, ``adjustment`` or ``fte`` in a measure table; headings have no amounts.
    """

    kind: str
    label: str
    amounts: Amounts | None = None
    index: int | None = None
    """In the overview: the index of the row (in ``catalog.overview``) that a row, section or
    theme entry is or heads, or of a total in ``catalog.overview_totals``."""


def overview_header(catalog: Catalog) -> str:
    """The text before the years in the overview's header row: ``24-PL (1.000 KR.)``."""
    short_pl = (catalog.price_base or "").removeprefix("20")
    return f"{short_pl} ({catalog.unit.upper()})".strip()


def theme_heading(code: str, title: str) -> str:
    """A theme's heading in the overview: ``TEMA 1: BØRN OG UNGE``."""
    return f"TEMA {code}: {title}".rstrip(": ")


def overview_entries(catalog: Catalog) -> list[Entry]:
    """The overview in document order: section and theme headings, rows, and each total right
    after the last row it totals."""
    themes = {theme.code: theme for theme in catalog.themes}
    totals = list(enumerate(catalog.overview_totals))
    entries: list[Entry] = []
    section: str | None = None
    theme: str | None = None
    rows = list(catalog.overview)
    for index, row in enumerate(rows):
        if row.section != section:
            section, theme = row.section, None
            if section is not None:
                entries.append(Entry("section", section, None, index))
        if row.theme != theme:
            theme = row.theme
            if theme is not None:
                title = themes[theme].title if theme in themes else ""
                entries.append(Entry("theme", theme_heading(theme, title), None, index))
        entries.append(Entry("row", row.label, row.amounts, index))
        following = rows[index + 1] if index + 1 < len(rows) else None
        for number, total in list(totals):
            if _total_closes(total.section, total.theme, row.section, row.theme, following):
                entries.append(Entry("total", total.label, total.amounts, number))
                totals.remove((number, total))
    entries.extend(Entry("total", total.label, total.amounts, number) for number, total in totals)
    return entries


def _overview(catalog: Catalog, style: TextStyle) -> list[str]:
    years = catalog.years
    lines = ["OVERBLIK", f"{overview_header(catalog)} {' '.join(map(str, years))}".strip()]
    for entry in overview_entries(catalog):
        if entry.amounts is None:
            lines.append(entry.label + (style.section_padding if entry.kind == "section" else ""))
        else:
            lines.extend(_row(entry.label, entry.amounts, years, style))
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


def measure_years(measure: Measure, catalog: Catalog) -> tuple[int, ...]:
    """The year columns of a measure's table: its own, else the catalog's."""
    return measure.years or catalog.years


def measure_period(measure: Measure, catalog: Catalog) -> str:
    """The period a measure page states in its header: its own, else the catalog's."""
    return measure.periods[0] if measure.periods else catalog.period


def measure_caption(measure: Measure, catalog: Catalog) -> str:
    """The caption of a measure's economics table, as read or as the template writes it."""
    return measure.caption or (
        f"Økonomiske konsekvenser og personaleændringer {measure_period(measure, catalog)} "
        f"({measure.price_base or catalog.price_base} i {measure.unit or catalog.unit})"
    )


def measure_entries(measure: Measure, catalog: Catalog) -> list[Entry]:
    """The rows of a measure's economics table in document order: lines, the net row (where
    the template writes one), adjustments and the staff row (where the page states one)."""
    years = measure_years(measure, catalog)
    entries = [Entry("line", line.label, line.amounts) for line in measure.lines]
    if needs_net_row(measure, years):
        entries.append(Entry("net", NET_LABEL, measure.net))
    entries.extend(Entry("adjustment", line.label, line.amounts) for line in measure.adjustments)
    if measure.fte_stated:
        entries.append(Entry("fte", FTE_LABEL, measure.fte))
    return entries


def measure_fields(measure: Measure) -> list[tuple[str, str]]:
    """The fields below the table as (label with its colon, text): sector, area budget and
    stated savings, in that order, where the page has them."""
    fields: list[tuple[str, str]] = []
    if measure.sector is not None:
        fields.append(("Sektor:", measure.sector))
    if measure.area_budget is not None:
        fields.append((f"{measure.area_budget.label}:", measure.area_budget.text))
    if measure.stated_savings_pct is not None:
        fields.append(("Besparelse i %:", measure.stated_savings_pct))
    return fields


def _measure(measure: Measure, catalog: Catalog, style: TextStyle) -> list[str]:
    years = measure_years(measure, catalog)
    period = measure_period(measure, catalog)
    lines = [f"Omprioriteringstiltag {period}                 Tema {measure.theme}, {measure.code}"]
    lines.extend(_wrap(measure.title, style.width))
    lines.append("Beskrivelse af tiltaget, herunder ændring i værdi for borgerne")
    lines.extend(_wrap(measure.description, style.width))
    lines.extend(_wrap(measure_caption(measure, catalog), style.width))
    lines.append(" ".join(map(str, years)))
    for entry in measure_entries(measure, catalog):
        assert entry.amounts is not None
        lines.extend(_row(entry.label, entry.amounts, years, style))
    for note in measure.notes:
        lines.extend(_wrap(note, style.width))
    for label, text in measure_fields(measure):
        if label == "Sektor:":
            lines.append(f"{label} {text}")
        else:
            lines.extend(_wrap(f"{label} {text}".rstrip(), style.width))
    return lines


def needs_net_row(measure: Measure, years: Sequence[int]) -> bool:
    """True when the template writes a net row: the page had one, or the lines alone do not
    give the net."""
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
    yield [*cover_lines(catalog), *_introduction(catalog.introduction, style)]
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
