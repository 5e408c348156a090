"""A catalog as a scenario selects it: only the chosen measures, each at its share.

A scenario (``omprio.scenario/1``, see :mod:`omprio.decide.scenario_json`) puts measures in,
out, or (a divisible measure) in at a fraction. Published with ``--scenario FILE``, the catalog
keeps the selected measures with every amount scaled by their share, the overview rows of those
measures (scaled likewise) and totals that sum what is left (a total of nothing left goes); the
title names the scenario, and its targets (by default the catalog's) are the catalog's target, so
the published figures show the scenario against it. :func:`scenario_catalog` reads the scenario
from a file (``omprio publish --scenario``); :func:`selected_catalog` takes the scenario itself
(the web app's downloads).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from omprio.model import Catalog, Measure, OverviewTotal
from omprio.money import ZERO, Amounts
from omprio.publish.errors import PublishError

if TYPE_CHECKING:
    from omprio.decide.scenario import Scenario

UNAVAILABLE = "publish.err.unavailable"


def _scaled(amounts: Amounts, share: Decimal) -> dict[int, Decimal]:
    return {year: value * share for year, value in amounts.items()} if share != 1 else dict(amounts)


def _measure(measure: Measure, share: Decimal) -> Measure:
    if share == 1:
        return measure
    return dataclasses.replace(
        measure,
        lines=tuple(
            dataclasses.replace(line, amounts=_scaled(line.amounts, share))
            for line in measure.lines
        ),
        adjustments=tuple(
            dataclasses.replace(line, amounts=_scaled(line.amounts, share))
            for line in measure.adjustments
        ),
        subtotals=tuple(
            dataclasses.replace(subtotal, amounts=_scaled(subtotal.amounts, share))
            for subtotal in measure.subtotals
        ),
        net=_scaled(measure.net, share),
        fte=_scaled(measure.fte, share),
    )


def scenario_catalog(catalog: Catalog, path: str | Path) -> Catalog:
    """``catalog`` as the scenario in the file at ``path`` selects it."""
    try:
        from omprio.decide.errors import DecideError
        from omprio.decide.scenario_json import read_scenario
    except ImportError as error:  # the decide package is not there (yet)
        raise PublishError(UNAVAILABLE) from error
    try:
        scenario = read_scenario(Path(path))
    except DecideError as error:
        raise PublishError("publish.err.scenario", reason=error) from error
    if not scenario.name:
        scenario = dataclasses.replace(scenario, name=Path(path).stem)
    return selected_catalog(catalog, scenario)


def selected_catalog(catalog: Catalog, scenario: Scenario) -> Catalog:
    """``catalog`` as ``scenario`` (an :class:`omprio.decide.scenario.Scenario`) selects it."""
    try:
        from omprio.decide.errors import DecideError
        from omprio.decide.scenario import evaluate
    except ImportError as error:  # the decide package is not there (yet)
        raise PublishError(UNAVAILABLE) from error
    try:
        evaluation = evaluate(scenario, catalog)
    except DecideError as error:
        raise PublishError("publish.err.scenario", reason=error) from error
    shares = {item.code: item.fraction for item in evaluation.selected if item.fraction > 0}
    measures = tuple(_measure(m, shares[m.code]) for m in catalog.measures if m.code in shares)
    rows = tuple(
        dataclasses.replace(row, amounts=_scaled(row.amounts, shares[row.measure]))
        for row in catalog.overview
        if row.measure in shares
    )
    totals = []
    for stated in catalog.overview_totals:
        scope = [
            row
            for row in rows
            if stated.section is None
            or (row.section == stated.section and stated.theme in (None, row.theme))
        ]
        if not scope:  # a total of measures the scenario leaves out
            continue
        years = sorted({year for row in scope for year in row.amounts})
        amounts = {year: sum((r.amounts.get(year, ZERO) for r in scope), ZERO) for year in years}
        totals.append(
            OverviewTotal(stated.label, stated.section, stated.theme, amounts, stated.source)
        )
    return dataclasses.replace(
        catalog,
        title=f"{catalog.title} – scenarie {scenario.name}".strip(" –"),
        measures=measures,
        overview=rows,
        overview_totals=tuple(totals),
        target=dict(evaluation.targets),
    )
