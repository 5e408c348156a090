"""``omprio show``: the overview as a terminal table, by section and theme, with totals and FTE."""

from __future__ import annotations

from decimal import Decimal

from rich.table import Table

from omprio import display
from omprio.display import Lang
from omprio.i18n import t
from omprio.model import Catalog, Measure, in_catalog
from omprio.money import Amounts, sum_by_year


def _fte_text(measure: Measure | None, years: tuple[int, ...], lang: Lang) -> str:
    if measure is None or not measure.fte_stated:
        return ""
    values = [measure.fte[y] for y in years if y in measure.fte]
    if not values:
        return ""
    if len(set(values)) == 1:
        return display.signed(values[0], lang)
    return f"{display.signed(values[0], lang)} → {display.signed(values[-1], lang)}"


def _cells(amounts: Amounts, years: tuple[int, ...], lang: Lang) -> list[str]:
    return [display.number(amounts[y], lang) if y in amounts else "" for y in years]


def overview_table(catalog: Catalog, lang: Lang = "da") -> Table:
    """A Rich table of the overview with a row per measure and the document's total rows (of
    the accepted measures: :func:`omprio.model.in_catalog`)."""
    catalog = in_catalog(catalog)
    years = catalog.years
    unit = f"{catalog.price_base or ''} {catalog.unit}".strip()
    table = Table(
        title=f"{catalog.title} — {catalog.organisation or ''} {catalog.department or ''}".strip(),
        caption=t("cli.overview.caption", lang, unit=unit),
    )
    table.add_column(t("cli.overview.code", lang), no_wrap=True)
    table.add_column(t("cli.overview.measure", lang), ratio=1)
    for year in years:
        table.add_column(str(year), justify="right", no_wrap=True)
    table.add_column(t("cli.overview.fte", lang), justify="right", no_wrap=True)

    by_code = catalog.measures_by_code()
    themes = {theme.code: theme.title for theme in catalog.themes}
    section: str | None = None
    theme: str | None = None
    for row in catalog.overview:
        if row.section != section:
            section, theme = row.section, None
            table.add_section()
            table.add_row("", f"[bold]{section or ''}[/bold]", *[""] * (len(years) + 1))
        if row.theme != theme and row.theme is not None:
            theme = row.theme
            label = t("cli.overview.theme", lang, code=theme, title=themes.get(theme, ""))
            table.add_row("", f"[italic]{label}[/italic]", *[""] * (len(years) + 1))
        measure = by_code.get(row.measure) if row.measure else None
        table.add_row(
            row.measure or "?",
            row.label,
            *_cells(row.amounts, years, lang),
            _fte_text(measure, years, lang),
        )
    listed = {row.measure for row in catalog.overview}
    missing = [m for m in catalog.measures if m.code not in listed]
    if missing:
        table.add_section()
        table.add_row(
            "",
            "[bold]" + t("cli.overview.not_listed", lang) + "[/]",
            *[""] * (len(years) + 1),
        )
        for measure in missing:
            table.add_row(
                measure.code,
                measure.title,
                *_cells(measure.net, years, lang),
                _fte_text(measure, years, lang),
            )
    table.add_section()
    for total in catalog.overview_totals:
        table.add_row("", f"[bold]{total.label}[/bold]", *_cells(total.amounts, years, lang), "")
    net = sum_by_year((m.net for m in catalog.measures), years)
    fte = fte_total(catalog)
    table.add_row(
        "",
        "[bold]" + t("cli.overview.all_net", lang) + "[/]",
        *_cells(net, years, lang),
        "",
    )
    table.add_row(
        "",
        "[bold]" + t("cli.overview.all_fte", lang) + "[/]",
        *[display.signed(fte[y], lang) if y in fte else "" for y in years],
        "",
    )
    return table


def fte_total(catalog: Catalog) -> dict[int, Decimal]:
    """Staff changes of all measures per year."""
    return sum_by_year((m.fte for m in catalog.measures if m.fte_stated), catalog.years)
