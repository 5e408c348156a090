"""The overview (OVERBLIK) made from the measures, so that it is never typed twice.

An authored catalog (:attr:`omprio.model.Catalog.authored`: written in omprio, not read from a
document) has no overview of its own: :func:`derive_overview` makes it from its themes and
measures, one row per measure, grouped by section and theme in the order of the catalog's
themes, with a total per theme, per section and a grand total (every amount exact).
:func:`with_overview` is the catalog with that overview, which the workspace stores after every
change of an authored catalog.

An imported catalog keeps the overview its document states; when measures are added, deleted,
renumbered or moved to another theme, :func:`follow_overview` makes its rows and totals follow
(a new measure's row goes after the last row of its theme; every total changes by what the
rows it totals changed), so the rows that are no measure (a residual line) stay as typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from omprio.model import Catalog, Measure, OverviewRow, OverviewTotal, Source, Theme, in_catalog
from omprio.model import target_total as model_target_total
from omprio.money import ZERO, Amounts

TOTAL = "I ALT"
"""The word of a total row, as the catalogs write it (document text, not a user interface)."""


def theme_of(catalog: Catalog, measure: Measure) -> Theme | None:
    """The theme of the catalog ``measure`` belongs to (``1`` for ``1A``), if the catalog has it."""
    number = measure.theme_number
    return next((theme for theme in catalog.themes if theme.code == number), None)


def _groups(catalog: Catalog) -> list[tuple[str | None, str | None, str, list[Measure]]]:
    """(section, theme code, theme title, measures) in the order of the catalog's themes, then
    the themes measures name that the catalog does not list, then the measures of no theme."""
    known = {theme.code: theme for theme in catalog.themes}
    order: dict[str | None, list[Measure]] = {theme.code: [] for theme in catalog.themes}
    for measure in catalog.measures:
        number = measure.theme_number or None
        order.setdefault(number, []).append(measure)
    groups = []
    for code, measures in order.items():
        theme = known.get(code) if code is not None else None
        section = theme.section if theme is not None else None
        title = theme.title if theme is not None else ""
        groups.append((section, code, title, measures))
    # Sections in the order they first appear; the themes of one section together.
    sections = list(dict.fromkeys(section for section, *_ in groups))
    return [group for section in sections for group in groups if group[0] == section]


def _sum(rows: Iterable[OverviewRow], years: Iterable[int]) -> dict[int, Decimal]:
    rows = list(rows)
    return {
        year: sum((row.amounts.get(year, Decimal(0)) for row in rows), Decimal(0))
        for year in years
    }


def _years(catalog: Catalog) -> tuple[int, ...]:
    if catalog.years:
        return catalog.years
    return tuple(sorted({year for m in catalog.measures for year in m.net}))


def derive_overview(catalog: Catalog) -> tuple[tuple[OverviewRow, ...], tuple[OverviewTotal, ...]]:
    """The overview rows and totals of ``catalog``'s measures: a row per measure (its title, its
    net) under its section and theme; a total per theme (``<theme>, I ALT``), per section
    (``<section>, I ALT``) and the grand total (``I ALT``, of every row)."""
    years = _years(catalog)
    source = Source(catalog.source.path)
    rows: list[OverviewRow] = []
    totals: list[OverviewTotal] = []
    groups = _groups(catalog)
    for section, code, title, measures in groups:
        theme_rows = [
            OverviewRow(section, code, m.title or m.code, m.code, dict(m.net), m.source)
            for m in measures
        ]
        rows.extend(theme_rows)
        if code is not None and theme_rows:
            label = f"{title or code}, {TOTAL}"
            totals.append(OverviewTotal(label, section, code, _sum(theme_rows, years), source))
    for section in dict.fromkeys(group[0] for group in groups):
        in_section = [row for row in rows if row.section == section]
        if section is not None and in_section:
            totals.append(
                OverviewTotal(f"{section}, {TOTAL}", section, None, _sum(in_section, years), source)
            )
    if rows:
        totals.append(OverviewTotal(TOTAL, None, None, _sum(rows, years), source))
    return tuple(rows), tuple(totals)


def with_overview(catalog: Catalog) -> Catalog:
    """``catalog`` with the overview derived from its measures."""
    rows, totals = derive_overview(catalog)
    return replace(catalog, overview=rows, overview_totals=totals)


def _in_scope(total: OverviewTotal, row: OverviewRow) -> bool:
    return (total.section is None or row.section == total.section) and (
        total.theme is None or row.theme == total.theme
    )


def follow_overview(
    before: Catalog, after: Catalog, renamed: Mapping[str, str] | None = None
) -> Catalog:
    """``after`` (``before`` with measures added, deleted, renumbered (``renamed``: old code →
    new) or moved to another theme) with the overview following: derived anew for an authored
    catalog; for an imported one the rows of deleted measures go, references follow a new code,
    a moved or new measure's row goes after the last row of its theme, and each total changes
    by what its rows changed."""
    if after.authored:
        return with_overview(after)
    renamed = dict(renamed or {})
    now = after.measures_by_code()
    rows: list[OverviewRow] = []
    listed: set[str] = set()
    for row in before.overview:
        code = renamed.get(row.measure, row.measure) if row.measure else None
        if row.measure is not None and code not in now:
            continue  # its measure is gone
        measure = now.get(code) if code else None
        if measure is not None and row.theme is not None and row.theme != measure.theme_number:
            continue  # moved to another theme: placed again below
        rows.append(replace(row, measure=code) if code != row.measure else row)
        if code:
            listed.add(code)
    for measure in after.measures:
        if measure.code in listed:
            continue
        theme = theme_of(after, measure)
        number = measure.theme_number or None
        new = OverviewRow(
            theme.section if theme else None,
            number,
            measure.title.upper() or measure.code,
            measure.code,
            dict(measure.net),
            measure.source,
        )
        at = max((i for i, row in enumerate(rows) if row.theme == number), default=None)
        if at is None and theme is not None and theme.section is not None:
            at = max((i for i, row in enumerate(rows) if row.section == theme.section),
                     default=None)
        rows.insert(len(rows) if at is None else at + 1, new)
        listed.add(measure.code)
    totals = []
    for total in before.overview_totals:
        old = _sum((r for r in before.overview if _in_scope(total, r)), total.amounts)
        new_sum = _sum((r for r in rows if _in_scope(total, r)), total.amounts)
        amounts = {y: v + new_sum[y] - old[y] for y, v in total.amounts.items()}
        totals.append(replace(total, amounts=amounts))
    return replace(after, overview=tuple(rows), overview_totals=tuple(totals))


@dataclass(frozen=True, slots=True)
class Target:
    """The target (a document total row), what the counted measures add up to, and the gap."""

    label: str
    section: str | None
    theme: str | None
    amounts: dict[int, Decimal]
    achieved: dict[int, Decimal]
    gap: dict[int, Decimal]


def target_total(catalog: Catalog) -> OverviewTotal | None:
    """The overview total that states the target (see :func:`omprio.model.target_total`)."""
    return model_target_total(catalog.overview_totals)


def achieved(catalog: Catalog, total: OverviewTotal) -> dict[int, Decimal]:
    """The net of the measures a total covers, per year (a measure's own net where it has a page,
    else the overview row's amounts)."""
    by_code = catalog.measures_by_code()
    rows: list[Amounts] = []
    seen: set[str] = set()
    for row in catalog.overview:
        if not _in_scope(total, row):
            continue
        measure = by_code.get(row.measure) if row.measure else None
        if measure is not None:
            if measure.code in seen:
                continue
            seen.add(measure.code)
            rows.append(measure.net)
        else:
            rows.append(row.amounts)
    if total.section is None and total.theme is None:
        listed = {row.measure for row in catalog.overview}
        rows.extend(m.net for m in catalog.measures if m.code not in listed)
    years = catalog.years or tuple(sorted(total.amounts))
    return {y: sum((r.get(y, ZERO) for r in rows), ZERO) for y in years}


def target(catalog: Catalog) -> Target | None:
    """The catalog's target (:attr:`Catalog.target`, as read or set; never the measures' sum),
    what the measures under it achieve and the gap (achieved − target; positive: short) per year.

    The measures counted are those of the section of the target total; a catalog whose target
    has no total in the overview counts all its measures. None when the catalog states no target.
    Only accepted measures count (:func:`omprio.model.in_catalog`).
    """
    catalog = in_catalog(catalog)
    total = target_total(catalog)
    if total is None and not catalog.target:
        return None
    done = achieved(catalog, total) if total is not None else all_net(catalog)
    goal = dict(catalog.target) if catalog.target else dict(total.amounts) if total else {}
    gap = {y: done[y] - goal[y] for y in done if y in goal}
    return Target(
        total.label if total else "",
        total.section if total else None,
        total.theme if total else None,
        goal,
        done,
        gap,
    )


def all_net(catalog: Catalog) -> dict[int, Decimal]:
    """The net of every measure, per year."""
    return {y: sum((m.net.get(y, ZERO) for m in catalog.measures), ZERO) for y in catalog.years}
