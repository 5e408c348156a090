"""The budget round's pages: the list of rounds (``/rounds``, with the form that creates one),
the municipality view of a round (``/rounds/{id}``: requirements, keys, the departments ×
years table with each department's parts, what its catalogs deliver, the gap and its status,
the totals, a chart, the findings, the latest versions) and its history
(``/rounds/{id}/history``).

Each page answers JSON too (``Accept: application/json``): the round's is
:func:`omprio.service.rounds.round_json`, the encoder of ``omprio round show`` and the API. What
a person limited to operating areas sees is decided by the service (their departments only);
the page says so. The administrators' forms that change a round are
:mod:`omprio.web.views.round_forms`; they show this page again with the problem and what was
typed (:func:`round_page`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from markupsafe import Markup
from starlette.responses import Response

from omprio import display
from omprio.display import Lang
from omprio.rounds.allocate import as_decimal, key_shares, share_percent
from omprio.rounds.model import BudgetRound, KeyKind
from omprio.rounds.problems import RoundProblem
from omprio.service import rounds as service
from omprio.store.accounts import Actor
from omprio.store.errors import InvalidInput
from omprio.store.workspace import Workspace
from omprio.web import charts
from omprio.web.auth import CheckedForm, require
from omprio.web.deps import LoggedIn, WorkspaceDep
from omprio.web.i18n import t
from omprio.web.schemas import MAX_ID
from omprio.web.templating import render
from omprio.web.views.common import PageLang, VersionNumber, form_text, json_twin, see_other

router = APIRouter(include_in_schema=False)

RoundId = Annotated[int, Path(ge=1, le=MAX_ID, description="The round's id.")]
PriceLevel = Annotated[int | None, Query(ge=1900, le=2200,
                                         description="Show at this price level (a year).")]
NOTES = ("saved", "unchanged", "target_set", "target_same")
RECENT = 5
"""Versions the round's page lists (the rest are on its history page)."""
MOST_YEARS = 30


def unit_label(budget_round: BudgetRound, lang: Lang) -> str:
    """``2024-PL, 1.000 kr.``: what every amount of the round is in."""
    return t("round.page.unit", lang, level=budget_round.price_level, unit=budget_round.unit)


# --- the list ----------------------------------------------------------------------------------


def _list_page(request: Request, ws: Workspace, actor: Actor, *, error: str | None = None,
               status: int = 200, typed: Mapping[str, str] | None = None) -> Response:
    items = ws.rounds(actor)
    twin = json_twin(request, [
        {"id": s.id, "name": s.name, "period": s.period, "price_level": s.price_level,
         "versions": s.latest, "changed_at": s.changed_at.isoformat()} for s in items])
    if twin is not None and error is None:
        return twin
    values = {"rounds": items, "error": error,
              "typed": typed or {"name": "", "period": "", "price_level": "",
                                 "unit": "1.000 kr.", "municipality": ""}}
    return render(request, "rounds.html", values, status_code=status)


@router.get("/rounds")
def rounds_page(request: Request, ws: WorkspaceDep, actor: LoggedIn) -> Response:
    """Every budget round (anyone logged in); administrators may create one."""
    return _list_page(request, ws, actor)


def _years(period: str) -> tuple[int, ...]:
    """``2024-2027`` (or one year) as its years; a RoundProblem when it is none."""
    first, sep, last = period.strip().partition("-")
    first, last = first.strip(), last.strip()
    if not (first.isdigit() and len(first) == 4 and (not sep or (last.isdigit()
                                                                 and len(last) == 4))):
        raise RoundProblem("bad-period", period=period[:40])
    years = tuple(range(int(first), int(last or first) + 1))
    if not years or len(years) > MOST_YEARS:
        raise RoundProblem("bad-period", period=period[:40])
    return years


@router.post("/rounds")
def create_round(request: Request, ws: WorkspaceDep, actor: LoggedIn, lang: PageLang,
                 form: CheckedForm) -> Response:
    """Create a round (administrators): name, period, price level, unit and municipality."""
    admin = require(actor, "admin")
    typed = {name: form_text(form.get(name), 300)
             for name in ("name", "period", "price_level", "unit", "municipality")}
    try:
        years = _years(typed["period"])
        level = typed["price_level"]
        if not (level.isdigit() and len(level) == 4):
            return _list_page(request, ws, admin, status=422, typed=typed,
                              error=t("round.page.bad_price_level", lang, value=level[:20]))
        if not typed["name"]:
            return _list_page(request, ws, admin, status=422, typed=typed,
                              error=t("round.page.no_name", lang))
        budget_round = BudgetRound(name=typed["name"], municipality=typed["municipality"],
                                   years=years, price_level=int(level),
                                   unit=typed["unit"] or "1.000 kr.")
        stored = ws.create_round(budget_round, admin, message=form_text(form.get("message")))
    except RoundProblem as problem:
        return _list_page(request, ws, admin, error=problem.text(lang), status=422, typed=typed)
    except InvalidInput as problem:
        return _list_page(request, ws, admin, error=problem.text(lang), status=problem.status,
                          typed=typed)
    return see_other(request, f"/rounds/{stored.id}?saved={stored.version.number}")


# --- the round ---------------------------------------------------------------------------------


def _key_rows(budget_round: BudgetRound, codes: Sequence[str]) -> list[dict[str, Any]]:
    """Each key with its share per (shown) department in percent."""
    rows = []
    for key in budget_round.keys:
        shares = key_shares(budget_round, key.code)
        rows.append({"key": key, "shares": {c: share_percent(shares[c]) for c in codes
                                            if c in shares}})
    return rows


def _chart(view: service.RoundView, lang: Lang) -> Markup | None:
    """Required against delivered per department in the round's first year."""
    r = view.budget_round
    if not r.years or not view.departments or not r.requirements:
        return None
    year = r.years[0]
    groups = tuple(range(len(view.departments)))
    series = [
        charts.Series(t("round.page.chart_required", lang),
                      {i: d.required[year] for i, d in enumerate(view.departments)},
                      charts.palette(0)),
        charts.Series(t("round.page.chart_delivered", lang),
                      {i: d.delivered[year] for i, d in enumerate(view.departments)},
                      charts.palette(2)),
    ]
    return charts.grouped_bars(
        "chart-round", t("round.page.chart", lang, year=year),
        t("round.page.chart_desc", lang, year=year), groups, series, lang,
        unit_label(r, lang), labels=[d.code for d in view.departments])


def _unrounded(value: Any, lang: Lang) -> str:
    return display.number(as_decimal(value, 2), lang)


def _defaults(budget_round: BudgetRound, request: Request, lang: Lang) -> dict[str, dict[str, str]]:
    """What the key and requirement forms start with: the key of ``?key=`` or
    the requirement of ``?requirement=`` as it is, in the page's language (to change it)."""
    found: dict[str, dict[str, str]] = {"key": {}, "mix": {}, "requirement": {}}
    key = budget_round.key(request.query_params.get("key", ""))
    if key is not None:
        prefix = "weight" if key.kind is KeyKind.MIX else "share"
        found["mix" if key.kind is KeyKind.MIX else "key"] = {
            "code": key.code, "name": key.name, "kind": key.kind.value,
            **{f"{prefix}-{c}": display.number(v, lang) for c, v in key.values.items()}}
    requirement = budget_round.requirement(request.query_params.get("requirement", ""))
    if requirement is not None:
        found["requirement"] = {
            "name": requirement.name, "key": requirement.key,
            "frame_cut": "1" if requirement.frame_cut else "",
            **{f"amount-{y}": display.number(v, lang) for y, v in requirement.amounts.items()},
            **{f"central-{y}": display.number(v, lang) for y, v in requirement.central.items()}}
    return found


def round_page(request: Request, ws: Workspace, actor: Actor, lang: Lang, round_id: int,
               number: int | None = None, *, error: str | None = None, status: int = 200,
               typed: Mapping[str, Any] | None = None, typed_form: str = "",
               price_level: int | None = None) -> Response:
    """The round's page (its JSON twin when asked for JSON), with a problem of a form and what
    was typed into it when shown again after a refused change; at ``price_level`` with the
    round's price and wage index (the round's own level, and the reason, without one)."""
    try:
        view = service.view_round(ws, round_id, actor, number, price_level=price_level,
                                  lang=lang)
    except InvalidInput as problem:
        view = service.view_round(ws, round_id, actor, number, lang=lang)
        error, status = error or problem.text(lang), 422
    if error is None:
        twin = json_twin(request, service.round_json(view, lang))
        if twin is not None:
            return twin
    r = view.budget_round
    codes = [d.code for d in view.departments]
    converted = r.price_level != view.stored.budget_round.price_level
    may_change = (actor.at_least("admin") and view.stored.latest == view.stored.version.number
                  and not converted)
    notes = {note: request.query_params.get(note) for note in NOTES}
    note = next(((k, v) for k, v in notes.items() if v and v.isdecimal() and status == 200),
                None)
    values: dict[str, Any] = {
        "view": view, "round": r, "round_id": round_id, "years": r.years,
        "unit": unit_label(r, lang), "keys": _key_rows(r, codes), "codes": codes,
        "totals": {q.name: view.status.totals(q.name) for q in r.requirements},
        "chart": _chart(view, lang), "unrounded": lambda v: _unrounded(v, lang),
        "history": ws.round_history(round_id, actor)[:RECENT],
        "may_change": may_change, "note": note, "error": error, "typed": typed or {},
        "typed_form": typed_form if error else "",
        "catalog_choices": ws.list_catalogs(actor) if may_change else [],
        "catalog_titles": {c.id: c.title for c in view.catalogs},
        "converted": converted, "own_level": view.stored.budget_round.price_level,
        "may_set_target": actor.may_change_catalog() and not converted,
        "zero": Decimal(0), "defaults": _defaults(r, request, lang) if may_change else {},
    }
    return render(request, "round.html", values, status_code=status)


@router.get("/rounds/{round_id}")
def round_view(request: Request, round_id: RoundId, ws: WorkspaceDep, actor: LoggedIn,
               lang: PageLang, version: VersionNumber = None,
               price_level: PriceLevel = None) -> Response:
    """The municipality view of a round (its latest version, or ``?version=``; at another
    price level with ``?price_level=`` and the round's price and wage index)."""
    return round_page(request, ws, actor, lang, round_id, version, price_level=price_level)


@router.get("/rounds/{round_id}/tiltag.docx")
def round_measure_form(round_id: RoundId, ws: WorkspaceDep, actor: LoggedIn,
                       lang: PageLang) -> Response:
    """The blank measure form in Word for the round's period, price level and unit."""
    from omprio.publish.word_form import measure_form, round_frame

    stored = ws.stored_round(round_id, actor)
    name = f"omprio-tiltag-runde-{round_id}.docx"
    return Response(
        measure_form(round_frame(stored.budget_round), lang),
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/rounds/{round_id}/history")
def round_history(request: Request, round_id: RoundId, ws: WorkspaceDep,
                  actor: LoggedIn) -> Response:
    """Every version of a round: who, when, why."""
    stored = ws.stored_round(round_id, actor)
    versions = ws.round_history(round_id, actor)
    twin = json_twin(request, [
        {"number": v.number, "created_at": v.created_at.isoformat(), "author": v.author,
         "message": v.message} for v in versions])
    if twin is not None:
        return twin
    return render(request, "round_history.html",
                  {"stored": stored, "round": stored.budget_round, "versions": versions,
                   "round_id": round_id})
