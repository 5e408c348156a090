"""The catalog model: immutable records with exact amounts and the source of every record.

A :class:`Catalog` is what a reader produces and what every later stage (check, store, decide,
publish) consumes. Names follow ``docs/glossary.md``: a catalog has themes, measures and an
overview; a measure has economics lines, adjustments, a net per year and staff changes (``fte``).
Amounts are in the catalog's unit (``1.000 kr.``) at its price base (``2024-PL``).
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from omprio.money import Amounts


@dataclass(frozen=True, slots=True)
class Source:
    """Where a record came from: a path, a 1-based line, and a 1-based page for PDFs."""

    path: str
    line: int | None = None
    page: int | None = None

    def __str__(self) -> str:
        where = self.path
        if self.page is not None:
            where += f":p{self.page}"
        if self.line is not None:
            where += f":{self.line}"
        return where


@dataclass(frozen=True, slots=True)
class TextSource:
    """Where the physical lines of a running text (a description, a note, the introduction)
    begin in it: ``starts[i]`` is the offset in the text where the line at ``sources[i]``
    begins. ``digest`` is the CRC-32 of the text it was made for, so that an edited text (whose
    offsets no longer hold) locates nothing (:meth:`at`)."""

    starts: tuple[int, ...]
    sources: tuple[Source, ...]
    digest: int

    @classmethod
    def of(cls, text: str, starts: tuple[int, ...], sources: tuple[Source, ...]) -> TextSource:
        """The source of ``text`` whose lines begin at ``starts``."""
        return cls(starts, sources, text_digest(text))

    def at(self, text: str, offset: int) -> Source | None:
        """The source of the line holding ``offset`` of ``text``; ``None`` if ``text`` is not
        the text this was made for."""
        if not self.sources or text_digest(text) != self.digest:
            return None
        return self.sources[max(0, bisect_right(self.starts, offset) - 1)]


def text_digest(text: str) -> int:
    """The CRC-32 of ``text`` (UTF-8): what a :class:`TextSource` checks its text by."""
    return zlib.crc32(text.encode("utf-8", "surrogatepass"))


@dataclass(frozen=True, slots=True)
class Line:
    """One row of a measure's economics table: a label and an amount per year.

    ``group`` is the heading the row stands under in layouts that group their rows ('Varige
    ændringer', 'Implementeringsomkostninger'; a list catalog's 'Beskæftigelse'), ``frame`` the
    budget frame (Styringsområde: 'Service', 'Overførsler', 'Anlæg') where the table names one.
    """

    label: str
    amounts: Amounts
    source: Source
    group: str | None = None
    frame: str | None = None


@dataclass(frozen=True, slots=True)
class Subtotal:
    """A subtotal row of a measure's table ('Samlet varig ændring'), as stated.

    It totals the lines of ``group`` (``None``: every line above it); the ``subtotal`` check
    adds them up and compares.
    """

    label: str
    group: str | None
    amounts: Amounts
    source: Source


@dataclass(frozen=True, slots=True)
class AreaBudget:
    """'Budget for området': the text as written and the amounts (in kroner) it names."""

    text: str
    amounts_dkk: tuple[Decimal, ...] = ()
    label: str = "Budget for området"


ACCEPTED = "accepted"
STATUSES = ("draft", "submitted", ACCEPTED, "rejected", "withdrawn")
"""The statuses of a measure in the making of a catalog: udkast, indsendt, godkendt, afvist,
trukket. Only accepted measures are in the catalog (:func:`in_catalog`)."""

_CODE_PREFIX = re.compile(r"^([A-ZÆØÅ]+)")


@dataclass(frozen=True, slots=True)
class Measure:
    """One proposal in the catalog (omprioriteringstiltag), normally one page.

    ``net`` is the table's 'Nettoændringer … i alt' row; where a table has no such row (a frame
    cut with one line, like MSB-1), it is the sum of the lines. ``periods`` are the budget periods
    the page itself states (header and table caption), ``years`` the table's year columns and
    ``price_base``/``unit`` what its caption says: the checks compare them with the catalog's.
    """

    code: str
    theme: str
    title: str
    description: str
    lines: tuple[Line, ...]
    adjustments: tuple[Line, ...]
    net: Amounts
    fte: Amounts
    sector: str | None
    area_budget: AreaBudget | None
    stated_savings_pct: str | None
    notes: tuple[str, ...]
    source: Source
    caption: str = ""
    periods: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    price_base: str | None = None
    unit: str | None = None
    net_source: Source | None = None
    fte_source: Source | None = None
    fte_stated: bool = True
    subtotals: tuple[Subtotal, ...] = ()
    description_source: TextSource | None = field(default=None, compare=False)
    """Where each line of the description is (the reader's; ``None`` from JSON or a form)."""
    note_sources: tuple[TextSource | None, ...] = field(default=(), compare=False)
    """Where each line of each note is, note by note (may be shorter than ``notes``)."""

    def text_source(self, index: int) -> TextSource | None:
        """The :class:`TextSource` of text ``index`` of :meth:`texts` (0 is the description)."""
        if index == 0:
            return self.description_source
        return self.note_sources[index - 1] if index - 1 < len(self.note_sources) else None

    def texts(self) -> tuple[str, ...]:
        """The running texts of the page: the description, then the notes."""
        return (self.description, *self.notes)
    status: str = "accepted"
    """Where the measure stands in the making of the catalog (:data:`STATUSES`); an imported
    catalog's measures are accepted."""
    status_reason: str | None = None
    """Why a measure was rejected or sent back (the finance office's words), if it was."""

    @property
    def accepted(self) -> bool:
        """Whether the measure is in the catalog (accepted by the finance office)."""
        return self.status == ACCEPTED

    @property
    def operating_area(self) -> str:
        """The code prefix that names the operating area (driftsområde): ``BFF`` for ``BFF-3A``."""
        match = _CODE_PREFIX.match(self.code)
        return match.group(1) if match else self.code

    @property
    def theme_number(self) -> str:
        """The overview theme this measure belongs to: ``1`` for theme ``1A``."""
        digits = re.match(r"\d+", self.theme)
        return digits.group(0) if digits else self.theme


@dataclass(frozen=True, slots=True)
class Theme:
    """A group of measures in the overview ('TEMA 1: BØRN OG UNGE')."""

    code: str
    title: str
    section: str | None = None


@dataclass(frozen=True, slots=True)
class OverviewRow:
    """One row of the OVERBLIK table, linked to its measure page by ``measure`` (a code)."""

    section: str | None
    theme: str | None
    label: str
    measure: str | None
    amounts: Amounts
    source: Source


@dataclass(frozen=True, slots=True)
class OverviewTotal:
    """A total row of the overview ('I ALT', 'OMPRIORITERINGSTILTAG, I ALT').

    It totals the rows of ``section`` (and of ``theme`` when set); a total with neither totals
    every row of the overview.
    """

    label: str
    section: str | None
    theme: str | None
    amounts: Amounts
    source: Source


def target_total(totals: tuple[OverviewTotal, ...] | list[OverviewTotal]) -> OverviewTotal | None:
    """The overview total that states the target: the last one of a section (the measures that
    must deliver it), else the last one."""
    with_section = [total for total in totals if total.section is not None]
    if with_section:
        return with_section[-1]
    return totals[-1] if totals else None


@dataclass(frozen=True, slots=True)
class Catalog:
    """A department's published list of proposed measures for a budget period."""

    title: str
    organisation: str | None
    department: str | None
    date: date | None
    years: tuple[int, ...]
    price_base: str | None
    unit: str
    introduction: str
    themes: tuple[Theme, ...]
    measures: tuple[Measure, ...]
    overview: tuple[OverviewRow, ...]
    overview_totals: tuple[OverviewTotal, ...]
    source: Source
    stated_period: str | None = None
    target: Amounts = field(default_factory=dict)
    """The target (sparekrav) per year: the overview total the measures must deliver, as read
    from the document. It stays when measures are edited, so an edit shows its gap to it."""
    authored: bool = False
    """Written in omprio (created empty or for a round), not read from a document: its overview
    is derived from its measures (:func:`omprio.overview.derive_overview`), never typed."""
    introduction_source: TextSource | None = field(default=None, compare=False)
    """Where each line of the introduction is (the reader's; ``None`` from JSON)."""

    @property
    def period(self) -> str:
        """The budget period as ``2024-2027`` (empty when the catalog states no years)."""
        return f"{self.years[0]}-{self.years[-1]}" if self.years else ""

    def measure(self, code: str) -> Measure | None:
        """The measure with this code (the first, should the code be duplicated)."""
        return self.measures_by_code().get(code)

    def measures_by_code(self) -> dict[str, Measure]:
        """Measures by code (the first of a duplicated code); build it once per use."""
        return {measure.code: measure for measure in reversed(self.measures)}


def in_catalog(catalog: Catalog) -> Catalog:
    """The catalog as it stands: its accepted measures only (the one filter that publishing,
    the overview, the checks against the target and deciding use). The overview rows of the
    other measures go, and the totals that include such a row lose its amounts. A catalog whose
    measures are all accepted is returned as it is."""
    return only(catalog, lambda measure: measure.status == ACCEPTED)


def only(catalog: Catalog, keep: Callable[[Measure], bool]) -> Catalog:
    """The catalog with the measures ``keep`` says yes to; the overview rows of the others go,
    and the totals that include such a row lose its amounts (the catalog itself when every
    measure is kept)."""
    if all(keep(measure) for measure in catalog.measures):
        return catalog
    kept = tuple(measure for measure in catalog.measures if keep(measure))
    codes = {measure.code for measure in kept}
    others = {measure.code for measure in catalog.measures} - codes
    dropped = [row for row in catalog.overview if row.measure in others]
    rows = tuple(row for row in catalog.overview if row.measure not in others)
    totals = []
    for total in catalog.overview_totals:
        amounts = dict(total.amounts)
        for row in dropped:
            if (total.section is None or total.section == row.section) and (
                total.theme is None or total.theme == row.theme
            ):
                for year, value in row.amounts.items():
                    if year in amounts:
                        amounts[year] -= value
        totals.append(replace(total, amounts=amounts))
    return replace(catalog, measures=kept, overview=rows, overview_totals=tuple(totals))
