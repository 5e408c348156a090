"""Applying a budget agreement to a catalog: the adopted catalog (the plan) and what was decided.

:func:`terms_from_json` reads an agreement file (``{"measures": {CODE: {"decision", "amounts",
"fte"}}, "added": [measure, …]}``); :func:`terms_from_selection` makes the terms of a scenario's
selection (selected = adopted, not selected = dropped, a share between = changed to that share
of the amounts; a measure outside the scenario's choice stays as it is).
:func:`apply_agreement` checks the terms against the catalog and gives the adopted catalog and
the :class:`~omprio.followup.model.Agreement`:

* a measure the terms do not name is adopted as it stands;
* ``changed``: the years given replace the proposal's net (and staff); the measure gets one
  more line, named after the agreement, with the change, so its lines still add up; the
  overview row and the totals that include it follow;
* ``dropped`` and ``postponed``: the measure leaves the catalog, its overview row too, and the
  totals that included it lose its amounts;
* ``added``: the measure joins the catalog with a row in the overview (in the section of its
  theme's rows) and the totals that cover that row.

The catalog's target (sparekrav) stays: the plan shows its gap to it. Every problem is a
:class:`~omprio.followup.model.FollowupProblem`, raised before anything is built.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from omprio.followup.model import (
    Agreement,
    Decided,
    FollowupProblem,
    MeasureOutcome,
    Terms,
)
from omprio.interchange import FORMAT, catalog_from_json
from omprio.model import Catalog, Line, Measure, OverviewRow, Source
from omprio.money import ZERO, Amounts, NumberRefused, amount, within_reach
from omprio.read_error import ReadError

_GIVEN = ("adopted", "changed", "dropped", "postponed")
MOST_NAME = 300


def _number(value: Any, where: str) -> Decimal:
    """A JSON number (as :func:`omprio.money.loads` reads it). Text is refused: ``"-2.000"``
    would be minus two to Python and minus two thousand to a Danish reader."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise FollowupProblem("followup.not_a_number", where=where, value=str(value)[:40])
    try:
        return within_reach(value) if isinstance(value, Decimal) else amount(value)
    except (NumberRefused, ValueError):
        raise FollowupProblem("followup.not_a_number", where=where,
                              value=str(value)[:40]) from None


def _year(value: Any, where: str) -> int:
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise FollowupProblem("followup.bad_year", where=where, value=text[:40])
    return int(text)


def _amounts(value: Any, where: str) -> dict[int, Decimal]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FollowupProblem("followup.not_an_object", where=where)
    return {_year(k, where): _number(v, f"{where}.{k}") for k, v in value.items()}


def terms_from_json(document: Any, path: str = "agreement.json") -> Terms:
    """The terms of an agreement file (as parsed by :func:`omprio.money.loads`)."""
    if not isinstance(document, dict):
        raise FollowupProblem("followup.not_an_object", where="document")
    unknown = sorted(set(document) - {"measures", "added"})
    if unknown:
        raise FollowupProblem("followup.unknown_key", where="document", key=unknown[0])
    measures = document.get("measures") or {}
    if not isinstance(measures, dict):
        raise FollowupProblem("followup.not_an_object", where="measures")
    decisions: dict[str, Decided] = {}
    for code, item in measures.items():
        where = f"measures.{code}"
        if not isinstance(item, dict):
            raise FollowupProblem("followup.not_an_object", where=where)
        extra = sorted(set(item) - {"decision", "amounts", "fte"})
        if extra:
            raise FollowupProblem("followup.unknown_key", where=where, key=extra[0])
        decision = item.get("decision")
        if decision not in _GIVEN:
            raise FollowupProblem("followup.bad_decision", code=code, value=str(decision)[:40],
                                  decisions=", ".join(_GIVEN))
        decisions[str(code)] = Decided(
            decision, _amounts(item.get("amounts"), f"{where}.amounts"),
            _amounts(item.get("fte"), f"{where}.fte"))
    added = document.get("added") or []
    if not isinstance(added, list):
        raise FollowupProblem("followup.not_a_list", where="added")
    try:
        read = catalog_from_json({"format": FORMAT, "measures": added}, path)
    except ReadError as exc:
        raise FollowupProblem("followup.added_unreadable", problem=exc) from exc
    return Terms(decisions, read.measures)


def terms_from_selection(selection: Mapping[str, Decimal], catalog: Catalog) -> Terms:
    """The terms of a scenario's selection on ``catalog``: a share of 1 adopts the measure, 0
    drops it, a share between changes its amounts and staff to that share. A measure the
    selection does not name (outside the scenario's choice, such as savings of another section
    than the target's) is adopted as it stands."""
    decisions: dict[str, Decided] = {}
    for measure in catalog.measures:
        share = selection.get(measure.code)
        if share is None or share == 1:
            decisions[measure.code] = Decided("adopted")
        elif share == 0:
            decisions[measure.code] = Decided("dropped")
        else:
            decisions[measure.code] = Decided(
                "changed",
                {y: v * share for y, v in measure.net.items()},
                {y: v * share for y, v in measure.fte.items()},
            )
    return Terms(decisions)


def _validate(catalog: Catalog, terms: Terms) -> None:
    codes = {m.code for m in catalog.measures}
    years = set(catalog.years)
    for code, decided in terms.decisions.items():
        if code not in codes:
            raise FollowupProblem("followup.unknown_code", code=code)
        if decided.decision == "changed" and not decided.amounts:
            raise FollowupProblem("followup.changed_without_amounts", code=code)
        if decided.decision != "changed" and (decided.amounts or decided.fte):
            raise FollowupProblem("followup.amounts_not_changed", code=code,
                                  decision=decided.decision)
        for year in (*decided.amounts, *decided.fte):
            if year not in years:
                raise FollowupProblem("followup.year_outside", code=code, year=year,
                                      period=catalog.period)
    seen: set[str] = set()
    for measure in terms.added:
        if measure.code in codes or measure.code in seen:
            raise FollowupProblem("followup.added_exists", code=measure.code)
        seen.add(measure.code)
        for year in (*measure.net, *measure.fte):
            if year not in years:
                raise FollowupProblem("followup.year_outside", code=measure.code, year=year,
                                      period=catalog.period)
        if not measure.net:
            raise FollowupProblem("followup.added_without_amounts", code=measure.code)


def _covers(total: Any, row: OverviewRow) -> bool:
    return (total.section is None or total.section == row.section) and (
        total.theme is None or total.theme == row.theme)


def _shift(catalog: Catalog, row: OverviewRow, delta: Amounts) -> Catalog:
    """The totals that include ``row`` moved by ``delta``."""
    totals = tuple(
        replace(t, amounts={y: v + delta.get(y, ZERO) for y, v in t.amounts.items()})
        if _covers(t, row) else t
        for t in catalog.overview_totals
    )
    return replace(catalog, overview_totals=totals)


def _changed(measure: Measure, decided: Decided, label: str, source: Source) -> Measure:
    net = {**measure.net, **decided.amounts}
    fte = {**measure.fte, **decided.fte}
    lines = measure.lines
    if lines:
        years = measure.years or tuple(sorted(net))
        change = {y: net.get(y, ZERO) - measure.net.get(y, ZERO) for y in years}
        lines = (*lines, Line(label, change, source))
    return replace(measure, net=net, fte=fte, lines=lines)


def apply_agreement(
    catalog: Catalog, terms: Terms, name: str, agreed_on: date
) -> tuple[Catalog, Agreement]:
    """The adopted catalog and the agreement (see the module doc); ``name`` names the agreement
    (and the line a changed measure gets)."""
    name = name.strip()
    if not name or len(name) > MOST_NAME:
        raise FollowupProblem("followup.bad_name", most=MOST_NAME)
    _validate(catalog, terms)
    source = Source(f"agreement:{name}")
    measures: list[Measure] = []
    outcomes: list[MeasureOutcome] = []
    adopted = catalog
    for measure in catalog.measures:
        decided = terms.decisions.get(measure.code, Decided("adopted"))
        rows = [r for r in adopted.overview if r.measure == measure.code]
        if decided.decision in ("dropped", "postponed"):
            for row in rows:
                adopted = _shift(adopted, row, {y: -v for y, v in row.amounts.items()})
            adopted = replace(adopted, overview=tuple(
                r for r in adopted.overview if r.measure != measure.code))
            outcomes.append(MeasureOutcome(measure.code, measure.title, decided.decision,
                                           dict(measure.net), dict(measure.fte), {}, {}))
            continue
        kept = measure
        if decided.decision == "changed":
            kept = _changed(measure, decided, name, source)
            delta = {y: kept.net.get(y, ZERO) - measure.net.get(y, ZERO)
                     for y in set(kept.net) | set(measure.net)}
            if rows:
                row = rows[0]
                moved = replace(row, amounts={y: v + delta.get(y, ZERO)
                                              for y, v in row.amounts.items()})
                adopted = _shift(adopted, row, delta)
                adopted = replace(adopted, overview=tuple(
                    moved if r is row else r for r in adopted.overview))
        measures.append(kept)
        outcomes.append(MeasureOutcome(measure.code, measure.title, decided.decision,
                                       dict(measure.net), dict(measure.fte),
                                       dict(kept.net), dict(kept.fte)))
    for item in terms.added:
        theme = item.theme_number
        like = [r for r in adopted.overview if r.theme == theme and r.measure]
        with_measure = [r for r in adopted.overview if r.measure]
        found = like or with_measure
        section = found[-1] if found else None
        row = OverviewRow(section.section if section else None, theme if like else (
            section.theme if section else None), item.title, item.code,
            {y: item.net.get(y, ZERO) for y in catalog.years}, source)
        adopted = _shift(adopted, row, row.amounts)
        rows = list(adopted.overview)
        at = rows.index(section) + 1 if section is not None else len(rows)
        rows.insert(at, row)
        adopted = replace(adopted, overview=tuple(rows))
        measures.append(item)
        outcomes.append(MeasureOutcome(item.code, item.title, "added", {}, {},
                                       dict(item.net), dict(item.fte)))
    adopted = replace(adopted, measures=tuple(measures))
    return adopted, Agreement(name, agreed_on, catalog.years, tuple(outcomes))


def _stored_amounts(amounts: Amounts) -> dict[str, str]:
    return {str(y): str(v) for y, v in sorted(amounts.items())}


def _read_amounts(data: Mapping[str, str]) -> dict[int, Decimal]:
    return {int(y): Decimal(v) for y, v in data.items()}


def agreement_to_record(agreement: Agreement) -> dict[str, Any]:
    """The agreement as JSON data for storing (amounts as decimal strings)."""
    return {
        "name": agreement.name,
        "agreed_on": agreement.agreed_on.isoformat(),
        "years": list(agreement.years),
        "measures": [
            {"code": m.code, "title": m.title, "decision": m.decision,
             "proposed": _stored_amounts(m.proposed),
             "proposed_fte": _stored_amounts(m.proposed_fte),
             "plan": _stored_amounts(m.plan), "plan_fte": _stored_amounts(m.plan_fte)}
            for m in agreement.measures
        ],
    }


def agreement_from_record(record: Mapping[str, Any], proposed_version: int = 0,
                          adopted_version: int = 0) -> Agreement:
    """The agreement :func:`agreement_to_record` stored."""
    return Agreement(
        str(record["name"]),
        date.fromisoformat(record["agreed_on"]),
        tuple(int(y) for y in record["years"]),
        tuple(
            MeasureOutcome(m["code"], m["title"], m["decision"], _read_amounts(m["proposed"]),
                           _read_amounts(m["proposed_fte"]), _read_amounts(m["plan"]),
                           _read_amounts(m["plan_fte"]))
            for m in record["measures"]
        ),
        proposed_version,
        adopted_version,
    )
