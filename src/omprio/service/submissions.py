"""Where every operating area stands in the making of a catalog: the finance office's view.

:func:`areas_overview` counts, per operating area (the code prefix of its measures, as
:func:`omprio.store.accounts.area_of` names it), the measures in each status and adds up what the
accepted ones deliver per year, exactly. What an area must deliver (its share) comes from a
budget round: when a round that links the catalog has a department whose code is the area's,
the area's share is that link's target (:func:`omprio.rounds.status.linked_target`, at the
round's price level). Without such a share, the page shows what the accepted measures of the
target's section deliver against the catalog's own target, as the overview counts it
(:func:`omprio.overview.target`). Missing is
accepted − target per year, as the overview's gap: positive where the area falls short (savings
are negative amounts). :func:`areas_json` is the one encoder (the page's JSON twin, the API and
``omprio catalog submissions --format json``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from omprio.model import ACCEPTED, STATUSES, Catalog
from omprio.money import ZERO, to_json_number
from omprio.overview import target as catalog_target
from omprio.rounds.status import linked_target
from omprio.store.accounts import Actor, area_of
from omprio.store.errors import Forbidden, Unauthorized
from omprio.store.workspace import Workspace


@dataclass(frozen=True, slots=True)
class AreaStanding:
    """One operating area: its measures per status, the accepted net per year, its share of
    the target (None without one) and what is missing against it."""

    area: str
    counts: dict[str, int]
    accepted: dict[int, Decimal]
    share: dict[int, Decimal] | None = None
    missing: dict[int, Decimal] | None = None


@dataclass(frozen=True, slots=True)
class AreasOverview:
    """Every area of a catalog version, and the whole catalog against its target."""

    catalog_id: int
    version: int
    title: str
    years: tuple[int, ...]
    unit: str
    price_base: str | None
    areas: list[AreaStanding]
    accepted: dict[int, Decimal]
    target: dict[int, Decimal]
    missing: dict[int, Decimal]
    round_name: str | None = None
    round_price_level: int | None = None
    totals: dict[str, int] = field(default_factory=dict)


def areas_overview(ws: Workspace, catalog_id: int, actor: Actor | None) -> AreasOverview:
    """Where each area of the catalog's latest version stands (the finance office only:
    admins and editors for all areas; they see every proposal)."""
    if actor is None:
        raise Unauthorized("err.login")
    if not actor.may_change_catalog():
        raise Forbidden("err.submissions_finance", areas=", ".join(actor.areas) or "-")
    stored = ws.version(catalog_id, actor)
    catalog = stored.catalog
    shares, round_name, level = _round_shares(ws, catalog_id, catalog, actor)
    by_area: dict[str, list[str]] = {}
    for measure in catalog.measures:
        by_area.setdefault(area_of(measure.code) or measure.code, []).append(measure.status)
    rows = []
    for area in sorted(by_area):
        statuses = by_area[area]
        accepted = _net(catalog, area)
        share = shares.get(area)
        rows.append(AreaStanding(
            area,
            {status: statuses.count(status) for status in STATUSES},
            accepted,
            share,
            _gap(accepted, share) if share is not None else None,
        ))
    # The whole catalog against its target as the overview counts it: the measures of the
    # target's section (omprio.overview.target), so the page and the catalog page agree.
    goal = catalog_target(catalog)
    if goal is not None:
        accepted = dict(goal.achieved)
        target = dict(goal.amounts)
    else:
        accepted = _net(catalog, None)
        target = {}
    totals = {status: sum(row.counts[status] for row in rows) for status in STATUSES}
    return AreasOverview(catalog_id, stored.info.number, catalog.title, catalog.years,
                         catalog.unit, catalog.price_base, rows, accepted, target,
                         _gap(accepted, target), round_name, level, totals)


def _net(catalog: Catalog, area: str | None) -> dict[int, Decimal]:
    """The accepted measures' net per year (of one area, or of all)."""
    measures = [m for m in catalog.measures if m.status == ACCEPTED
                and (area is None or (area_of(m.code) or m.code) == area)]
    return {year: sum((m.net.get(year, ZERO) for m in measures), ZERO) for year in catalog.years}


def _gap(accepted: dict[int, Decimal], target: dict[int, Decimal]) -> dict[int, Decimal]:
    return {year: accepted.get(year, ZERO) - goal for year, goal in target.items()}


def _round_shares(
    ws: Workspace, catalog_id: int, catalog: Catalog, actor: Actor
) -> tuple[dict[str, dict[int, Decimal]], str | None, int | None]:
    """The areas' shares from the first round that links the catalog with a department named
    as an area, that round's name and price level; nothing without one."""
    areas = {area_of(m.code) for m in catalog.measures}
    for summary in ws.rounds_of_catalog(catalog_id, actor):
        budget_round = ws.stored_round(summary.id, actor).budget_round
        shares = {
            link.department: {year: Decimal(value) for year, value in
                              linked_target(budget_round, link, catalog).items()}
            for link in budget_round.links
            if link.catalog_id == catalog_id and link.department in areas
        }
        if shares:
            return shares, budget_round.name, budget_round.price_level
    return {}, None, None


def _amounts(amounts: dict[int, Decimal] | None) -> dict[str, int | float] | None:
    if amounts is None:
        return None
    return {str(year): to_json_number(value) for year, value in sorted(amounts.items())}


def areas_json(view: AreasOverview) -> dict[str, Any]:
    """The overview as JSON (amounts exact, keyed by year)."""
    return {
        "catalog": view.catalog_id,
        "version": view.version,
        "title": view.title,
        "years": list(view.years),
        "unit": view.unit,
        "price_base": view.price_base,
        "round": view.round_name,
        "round_price_level": view.round_price_level,
        "areas": [
            {
                "area": row.area,
                "counts": row.counts,
                "accepted": _amounts(row.accepted),
                "share": _amounts(row.share),
                "missing": _amounts(row.missing),
            }
            for row in view.areas
        ],
        "counts": view.totals,
        "accepted": _amounts(view.accepted),
        "target": _amounts(view.target),
        "missing": _amounts(view.missing),
    }
