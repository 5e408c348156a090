"""Small catalogs for the decide tests, built directly from the model's dataclasses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from omprio.model import Catalog, Measure, OverviewRow, OverviewTotal, Source, Theme

SOURCE = Source("test")
SECTION = "OMPRIORITERINGSTILTAG"


@dataclass(frozen=True)
class Spec:
    """One measure: code (its letters are the operating area), theme number, net and FTE."""

    code: str
    theme: str
    net: Sequence[Decimal]
    fte: Sequence[Decimal]
    description: str = ""


def measure(spec: Spec, years: Sequence[int]) -> Measure:
    return Measure(
        code=spec.code,
        theme=f"{spec.theme}A",
        title=f"Tiltag {spec.code}",
        description=spec.description or f"Beskrivelse af {spec.code}.",
        lines=(),
        adjustments=(),
        net=dict(zip(years, spec.net, strict=True)),
        fte=dict(zip(years, spec.fte, strict=True)),
        sector="1.20 Drift",
        area_budget=None,
        stated_savings_pct=None,
        notes=(),
        source=SOURCE,
        years=tuple(years),
    )


def catalog(
    specs: Sequence[Spec],
    years: Sequence[int] = (2024, 2025),
    target: Mapping[int, Decimal] | None = None,
    title: str = "Testkatalog",
) -> Catalog:
    """A catalog of ``specs`` under one section, closed by a total that is its target (default:
    their sum)."""
    years = tuple(years)
    measures = tuple(measure(spec, years) for spec in specs)
    total = (
        dict(target)
        if target is not None
        else {year: sum((m.net[year] for m in measures), Decimal(0)) for year in years}
    )
    themes = sorted({spec.theme for spec in specs})
    return Catalog(
        title=title,
        organisation=None,
        department=None,
        date=None,
        years=years,
        price_base=f"{years[0]}-PL",
        unit="1.000 kr.",
        introduction="",
        themes=tuple(Theme(t, f"TEMA {t}", SECTION) for t in themes),
        measures=measures,
        overview=tuple(
            OverviewRow(SECTION, spec.theme, spec.code, spec.code, dict(m.net), SOURCE)
            for spec, m in zip(specs, measures, strict=True)
        ),
        overview_totals=(OverviewTotal(f"{SECTION}, I ALT", SECTION, None, total, SOURCE),),
        source=SOURCE,
        target=dict(total),  # as the readers set it: the stated total is the target
    )


def d(*values: str | int) -> tuple[Decimal, ...]:
    return tuple(Decimal(str(v)) for v in values)
