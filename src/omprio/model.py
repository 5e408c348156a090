"""The catalog model: immutable records with exact amounts and the source of every record.

A :class:`Catalog` is what a reader produces and what every later stage (check, store, decide,
publish) consumes. Names follow ``docs/glossary.md``: a catalog has themes, measures and an
overview; a measure has economics lines, adjustments, a net per year and staff changes (``fte``).
Amounts are in the catalog's unit (``1.000 kr.``) at its price base (``2024-PL``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
