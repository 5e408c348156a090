"""The figures the overview page shows, computed from a catalog: rows by section and theme,
totals per year, the target (sparekrav) and the gap to it, staff changes and savings by theme.

Pure functions on :class:`~omprio.model.Catalog` with exact ``Decimal`` amounts; the templates
and :mod:`omprio.web.charts` only format what is computed here.

The target is the document's own total row for the measures that must deliver it: the last
overview total that belongs to a section (in Aarhus's template the administrative section comes
first and 'OMPRIORITERINGSTILTAG, I ALT' last), or the last total when no total names a section.
The sum it is compared with is the net of the measures listed in that section (and theme).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from omprio.findings import Finding, Severity
from omprio.model import Catalog, Measure, OverviewTotal, in_catalog
from omprio.money import Amounts, sum_by_year
from omprio.overview import Target, all_net, target

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class Counts:
    """Findings by severity."""

    errors: int = 0
    warnings: int = 0
    info: int = 0

    @property
    def total(self) -> int:
        """All findings."""
        return self.errors + self.warnings + self.info


def count(findings: Iterable[Finding]) -> Counts:
    """How many findings of each severity."""
    errors = warnings = info = 0
    for item in findings:
        if item.severity is Severity.ERROR:
            errors += 1
        elif item.severity is Severity.WARNING:
            warnings += 1
        else:
            info += 1
    return Counts(errors, warnings, info)


@dataclass(frozen=True, slots=True)
class Row:
    """One overview row as shown: the measure's code, label, amounts and staff change."""

    code: str | None
    label: str
    amounts: Amounts
    fte: Amounts
    fte_stated: bool
    linked: bool
    findings: Counts


@dataclass(slots=True)
class ThemeGroup:
    """The rows of one theme ('Tema 1: BØRN OG UNGE'); ``code`` is None for rows without one."""

    code: str | None
    title: str
    rows: list[Row] = field(default_factory=list)


@dataclass(slots=True)
class SectionGroup:
    """The rows of one section ('OMPRIORITERINGSTILTAG') with the document's own totals."""

    title: str | None
    themes: list[ThemeGroup] = field(default_factory=list)
    totals: list[OverviewTotal] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ThemeSeries:
    """The net of a theme's measures per year (for the chart)."""

    code: str
    title: str
    amounts: Amounts


@dataclass(slots=True)
class Overview:
    """Everything the overview page shows besides the catalog's own header."""

    years: tuple[int, ...]
    sections: list[SectionGroup]
    missing: list[Row]
    other_totals: list[OverviewTotal]
    all_net: Amounts
    fte_total: Amounts
    target: Target | None
    themes: list[ThemeSeries]
    findings: Counts


def fte_total(catalog: Catalog) -> dict[int, Decimal]:
    """Staff changes of all measures that state them, per year."""
    return sum_by_year((m.fte for m in catalog.measures if m.fte_stated), catalog.years)


def theme_series(catalog: Catalog) -> list[ThemeSeries]:
    """Net per theme and year, themes in the order the overview lists them."""
    titles = {t.code: t.title for t in catalog.themes}
    order: list[str] = []
    for row in catalog.overview:
        measure = catalog.measure(row.measure) if row.measure else None
        code = measure.theme_number if measure is not None else row.theme
        if code is not None and code not in order:
            order.append(code)
    for measure in catalog.measures:
        if measure.theme_number not in order:
            order.append(measure.theme_number)
    by_theme: dict[str, list[Measure]] = {code: [] for code in order}
    for measure in catalog.measures:
        by_theme[measure.theme_number].append(measure)
    return [
        ThemeSeries(
            code,
            titles.get(code, ""),
            {y: sum((m.net.get(y, ZERO) for m in members), ZERO) for y in catalog.years},
        )
        for code, members in by_theme.items()
        if members
    ]


def _row(
    code: str | None,
    label: str,
    amounts: Amounts,
    measure: Measure | None,
    findings: dict[str, Counts],
) -> Row:
    return Row(
        code=code,
        label=label,
        amounts=amounts,
        fte=measure.fte if measure is not None else {},
        fte_stated=measure.fte_stated if measure is not None else False,
        linked=measure is not None,
        findings=findings.get(code or "", Counts()),
    )


def overview(catalog: Catalog, findings: Sequence[Finding]) -> Overview:
    """The overview of a catalog with its findings counted per measure: of its accepted
    measures only (:func:`omprio.model.in_catalog`)."""
    catalog = in_catalog(catalog)
    by_measure: dict[str, list[Finding]] = {}
    for item in findings:
        if item.measure:
            by_measure.setdefault(item.measure, []).append(item)
    counts = {code: count(items) for code, items in by_measure.items()}
    by_code = catalog.measures_by_code()
    titles = {t.code: t.title for t in catalog.themes}

    sections: list[SectionGroup] = []
    for row in catalog.overview:
        if not sections or sections[-1].title != row.section:
            sections.append(SectionGroup(row.section))
        section = sections[-1]
        if not section.themes or section.themes[-1].code != row.theme:
            section.themes.append(ThemeGroup(row.theme, titles.get(row.theme or "", "")))
        measure = by_code.get(row.measure) if row.measure else None
        section.themes[-1].rows.append(_row(row.measure, row.label, row.amounts, measure, counts))
    placed: set[int] = set()
    for index, total in enumerate(catalog.overview_totals):
        for section in sections:
            if total.section is not None and total.section == section.title:
                section.totals.append(total)
                placed.add(index)
                break
    other = [t for i, t in enumerate(catalog.overview_totals) if i not in placed]
    listed = {row.measure for row in catalog.overview}
    missing = [
        _row(m.code, m.title, m.net, m, counts) for m in catalog.measures if m.code not in listed
    ]
    return Overview(
        years=catalog.years,
        sections=sections,
        missing=missing,
        other_totals=other,
        all_net=all_net(catalog),
        fte_total=fte_total(catalog),
        target=target(catalog),
        themes=theme_series(catalog),
        findings=count(findings),
    )
