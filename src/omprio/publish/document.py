"""The published document, independent of its format: what every edition (PDF, HTML, Word) shows.

:func:`build_document` turns a catalog and its findings into a :class:`Document`: the cover, the
introduction, the OVERBLIK table, one page per measure and the findings, with every amount
already written for people (``-1.000``, ``-10,5``; a plain hyphen-minus) and every heading in
the chosen language. The Danish edition uses the template's own words and rows in the template's
order (see :mod:`omprio.publish.template_text`), so the PDF reads back as the same catalog.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date

from omprio import __version__, display
from omprio.display import Lang
from omprio.findings import Finding
from omprio.i18n import t
from omprio.model import Catalog, Measure, target_total
from omprio.money import Amounts
from omprio.publish import template_text as tt
from omprio.publish.edition import Edition
from omprio.publish.labels import Labels, labels, price_base_name, unit_name

TEMPLATE_LANG: Lang = "da"
"""The catalog template's language: that edition is the template's own text, not a translation."""
_MUNICIPALITY = re.compile(r"[A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ][a-zæøå]+)?\s+Kommune")


@dataclass(frozen=True, slots=True)
class CoverLine:
    """One line of the cover; ``kind`` is title, period, department, organisation or date."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph of the introduction, or one of its (upper-case) headings."""

    heading: bool
    text: str


@dataclass(frozen=True, slots=True)
class Row:
    """A table row: ``kind`` as in :class:`~omprio.publish.template_text.Entry`, the label,
    and one written amount per year column (none for a heading)."""

    kind: str
    label: str
    cells: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MeasurePage:
    """One measure's page."""

    code: str
    theme: str
    anchor: str
    header_left: str
    header_right: str
    title: str
    description_heading: str
    description: str
    caption: str
    years: tuple[str, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...]
    fields: tuple[tuple[str, str], ...]

    @property
    def bookmark(self) -> str:
        """How the page is named in a table of contents: ``BFF-1 Omlægning af …``."""
        return f"{self.code} {self.title}".strip()


@dataclass(frozen=True, slots=True)
class FindingRow:
    """A finding as the appendix lists it."""

    severity: str
    severity_label: str
    rule: str
    measure: str
    location: str
    message: str


@dataclass(frozen=True, slots=True)
class Document:
    """Everything a published edition of the catalog shows, in the order it shows it."""

    lang: Lang
    labels: Labels
    title: str
    author: str
    cover: tuple[CoverLine, ...]
    introduction: tuple[Block, ...]
    overview_heading: str
    overview_header: str
    overview_years: tuple[str, ...]
    overview: tuple[Row, ...]
    measures: tuple[MeasurePage, ...]
    findings: tuple[FindingRow, ...]
    generator: str
    mark: str = ""
    """``UDKAST`` / ``HØRINGSUDGAVE`` for a catalog not adopted, else empty."""
    edition_line: str = ""
    """``Høring, version 8 af 22. november 2023``; empty for a catalog not stored."""
    footer: str = ""
    """What every page's footer says (mark, catalog name, edition), without the page number."""
    stage: str = ""
    """The stage's name (``Høring``); empty for a catalog not stored."""


_FOOTER_NAME = 56  # characters of the catalog's name in a footer (so it stays one line)


def build_document(
    catalog: Catalog,
    findings: Sequence[Finding] = (),
    lang: Lang = "da",
    edition: Edition | None = None,
) -> Document:
    """The document of ``catalog`` with ``findings`` as its appendix, in ``lang``; ``edition``
    says which stored version it is (none: a catalog not stored, only its name is shown)."""
    words = labels(lang)
    if edition is None:
        edition = Edition(catalog.title)
    name = edition.catalog_name
    if len(name) > _FOOTER_NAME:
        name = name[: _FOOTER_NAME - 1].rstrip() + "…"
    footer = Edition(name, edition.stage, edition.version, edition.date).summary(lang)
    return Document(
        mark=edition.mark(lang),
        edition_line=edition.line(lang),
        footer=footer,
        stage=edition.stage_name(lang),
        lang=lang,
        labels=words,
        title=catalog.title,
        author=", ".join(x for x in (catalog.department, catalog.organisation) if x),
        cover=tuple(_cover(catalog, lang)),
        introduction=tuple(_introduction(catalog.introduction)),
        overview_heading=words.overview_heading,
        overview_header=_overview_header(catalog, lang),
        overview_years=tuple(str(year) for year in catalog.years),
        overview=tuple(_overview(catalog, words)),
        measures=tuple(_measure(measure, catalog, words) for measure in catalog.measures),
        findings=tuple(_finding(item, words) for item in findings),
        generator=words.generated_by.format(version=__version__),
    )


@lru_cache(maxsize=65536)
def number(value: Decimal, lang: Lang = "da") -> str:
    """:func:`omprio.display.number`, remembered: a catalog repeats its amounts a lot."""
    return display.number(value, lang)


def cells(amounts: Amounts, years: Sequence[int], lang: Lang) -> tuple[str, ...]:
    """One written amount per year; a year without an amount is a dash, as in the template."""
    return tuple(number(amounts[year], lang) if year in amounts else "-" for year in years)


def _cover(catalog: Catalog, lang: Lang) -> list[CoverLine]:
    if lang == TEMPLATE_LANG:
        lines = tt.cover_lines(catalog)
        kinds = ["title"]
        if catalog.stated_period:
            kinds.append("period")
        if catalog.department:
            kinds.append("department")
        if catalog.date:
            kinds.append("date")
        cover = [CoverLine(kind, text) for kind, text in zip(kinds, lines, strict=True)]
        organisation = catalog.organisation or ""
        # The reader takes the first unmatched cover line as the department and the first
        # 'X Kommune' as the organisation: an organisation line is safe only after a department.
        if catalog.department and _MUNICIPALITY.fullmatch(organisation):
            at = len(cover) - 1 if catalog.date else len(cover)
            cover.insert(at, CoverLine("organisation", organisation))
        return cover
    title = catalog.title
    if catalog.years:
        title = title.replace(f"{catalog.years[0]}–{catalog.years[-1]}", "").strip()
    cover = [CoverLine("title", title)]
    if catalog.stated_period:
        cover.append(CoverLine("period", catalog.stated_period.replace("-", "–")))
    for kind, value in (("department", catalog.department), ("organisation", catalog.organisation)):
        if value:
            cover.append(CoverLine(kind, value))
    if catalog.date:
        locale = display.locale_of(lang)
        cover.append(CoverLine("date", format_date(catalog.date, "long", locale=locale)))
    return cover


def is_heading(text: str) -> bool:
    """An introduction heading as the reader knows one: upper case, short, no end punctuation."""
    return text.isupper() and len(text) <= 80 and not text.endswith((".", ",", ";", ":"))


def _introduction(text: str) -> list[Block]:
    return [
        Block(is_heading(paragraph), paragraph)
        for paragraph in text.split("\n\n")
        if paragraph.strip()
    ]


def _overview_header(catalog: Catalog, lang: Lang) -> str:
    if lang == TEMPLATE_LANG:
        return tt.overview_header(catalog)
    price = price_base_name(catalog.price_base, lang)
    unit = unit_name(catalog.unit, lang)
    return f"{price} ({unit})" if price else unit


def _overview(catalog: Catalog, words: Labels) -> list[Row]:
    years = catalog.years
    rows: list[Row] = []
    for entry in tt.overview_entries(catalog):
        if entry.amounts is None:
            label = entry.label
            if entry.kind == "theme" and label.startswith("TEMA"):
                label = words.theme_heading + label.removeprefix("TEMA")
            rows.append(Row(entry.kind, label))
        else:
            rows.append(Row(entry.kind, entry.label, cells(entry.amounts, years, words.lang)))
    stated = target_total(catalog.overview_totals)
    if catalog.target and (stated is None or dict(stated.amounts) != dict(catalog.target)):
        # The measures were edited (or the target set): the total no longer states the target.
        rows.append(Row("total", words.target, cells(catalog.target, years, words.lang)))
        if stated is not None:
            gap = {y: stated.amounts[y] - catalog.target[y]
                   for y in years if y in stated.amounts and y in catalog.target}
            rows.append(Row("total", words.gap, cells(gap, years, words.lang)))
    return rows


def _measure(measure: Measure, catalog: Catalog, words: Labels) -> MeasurePage:
    lang = words.lang
    years = tt.measure_years(measure, catalog)
    period = tt.measure_period(measure, catalog)
    if lang == TEMPLATE_LANG:
        caption = tt.measure_caption(measure, catalog)
    else:
        caption = words.caption.format(
            period=period,
            price_base=price_base_name(measure.price_base or catalog.price_base, lang),
            unit=unit_name(measure.unit or catalog.unit, lang),
        )
    rows = []
    for entry in tt.measure_entries(measure, catalog):
        assert entry.amounts is not None
        label = {"net": words.net, "fte": words.fte}.get(entry.kind, entry.label)
        rows.append(Row(entry.kind, label, cells(entry.amounts, years, lang)))
    fields = []
    for label, text in tt.measure_fields(measure):
        if lang != TEMPLATE_LANG:
            label = {
                "Sektor:": words.sector,
                "Budget for området:": words.area_budget,
                "Besparelse i %:": words.savings_pct,
            }.get(label, label)
        fields.append((label, text))
    return MeasurePage(
        code=measure.code,
        theme=measure.theme,
        anchor="m-" + re.sub(r"[^A-Za-z0-9_-]", "_", measure.code),
        header_left=f"{words.measure_prefix} {period}".strip(),
        header_right=f"{words.theme} {measure.theme}, {measure.code}",
        title=measure.title,
        description_heading=words.description,
        description=measure.description,
        caption=caption,
        years=tuple(str(year) for year in years),
        rows=tuple(rows),
        notes=measure.notes,
        fields=tuple(fields),
    )


def _finding(item: Finding, words: Labels) -> FindingRow:
    source = item.source
    parts = []
    if source.page is not None:
        parts.append(f"{t('doc.page_abbr', words.lang)} {source.page}")
    if source.line is not None:
        parts.append(f"{t('doc.line_abbr', words.lang)} {source.line}")
    return FindingRow(
        severity=item.severity.value,
        severity_label=words.severity_name(item.severity.value),
        rule=item.rule,
        measure=item.measure or "",
        location=", ".join(parts),
        message=item.message(words.lang),
    )
