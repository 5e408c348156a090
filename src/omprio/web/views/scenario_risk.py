"""How sure a stored scenario's savings are: the Monte Carlo of its selection, in the web app.

``GET /catalogs/{id}/scenarios/{sid}/risk`` lists the scenario's selected measures with how sure
each saving is - the probability that it is realized at all, and the low / likely / high share
of its net when it is (a triangular range) - prefilled from the scenario's own uncertainties,
and, when the scenario has any, the simulation (:func:`omprio.decide.risk.simulate`): per year
the probability that the total reaches the target, the P10 / P50 / P90 of the shortfall and the
mean total, and the probability of reaching it in every year. ``POST`` (CSRF-checked) simulates
what the form says without storing it (``action=simulate``) or stores the uncertainties in the
scenario (``action=save``, with the revision the user saw: a save in between is a conflict).

Reading needs a login, as every scenario page; saving follows the scenario rules (its author, or
an editor). Simulations are seeded, so the same form gives the same figures. omprio.decide is
imported inside the functions (it brings numpy and HiGHS, which the catalog pages do not need).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.datastructures import FormData
from starlette.responses import JSONResponse, Response

from omprio import display
from omprio.display import Lang
from omprio.money import NumberRefused, bounded, number_from_text, parse_danish
from omprio.service.decide import evaluate_stored, may_change, require_change, simulate_evaluation
from omprio.service.decide_json import risk_json
from omprio.store.accounts import Actor
from omprio.store.errors import Conflict
from omprio.store.workspace import StoredScenario, Workspace
from omprio.web import jobs
from omprio.web.auth import CheckedForm, csrf_token
from omprio.web.deps import LoggedIn, WorkspaceDep
from omprio.web.errors import wants_json
from omprio.web.i18n import t
from omprio.web.templating import render
from omprio.web.views.common import CatalogId, PageLang, see_other
from omprio.web.views.scenarios import ScenarioId

if TYPE_CHECKING:
    from omprio.decide.risk import RiskReport, Uncertainty

router = APIRouter(include_in_schema=False)

DRAWS = 10_000
"""Draws of a simulation unless the form asks for another number."""
MOST_DRAWS = 200_000
MOST_PERCENT = Decimal(300)
"""The largest share of its net a measure may be thought to realize (the range's high end)."""
HUNDRED = Decimal(100)
FIELDS = ("prob", "low", "likely", "high")


@dataclass
class RiskForm:
    """The form as typed (texts per field) and what it means, or the problems found."""

    texts: dict[str, str] = field(default_factory=dict)
    risk: dict[str, Uncertainty] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    draws: int = DRAWS
    seed: int = 0


def _percent_text(value: Decimal) -> str:
    """A share as the percentage a Danish user types (``100``, ``12,5``)."""
    shown = (value * HUNDRED).quantize(Decimal("0.01")).normalize()
    return format(shown, "f").replace(".", ",")


def _prefilled(codes: list[str], risk: dict[str, Uncertainty]) -> RiskForm:
    from omprio.decide.risk import CERTAIN

    form = RiskForm()
    for code in codes:
        kind = risk.get(code, CERTAIN)
        for name, value in zip(
            FIELDS, (kind.probability, kind.low, kind.likely, kind.high), strict=True
        ):
            form.texts[f"{name}-{code}"] = _percent_text(value)
    form.texts["draws"] = str(DRAWS)
    form.texts["seed"] = "0"
    return form


def _percent(text: str) -> Decimal | None:
    """A share from a percentage typed the Danish way (``85``, ``85 %``, ``12,5``)."""
    token = text.strip().removesuffix("%").strip()
    if not token or len(token) > 20:
        return None
    value = parse_danish(token)
    try:  # bounded (omprio.money): never a share like 1e999999 that no int() can take
        value = bounded(value) if value is not None else number_from_text(token)
        return bounded(value / HUNDRED)
    except NumberRefused:
        return None


def _whole(text: str, least: int, most: int) -> int | None:
    token = text.strip().replace(".", "")
    if not (token.isascii() and token.isdecimal()) or len(token) > 9:
        return None
    value = int(token)
    return value if least <= value <= most else None


def read_form(posted: FormData, codes: list[str], lang: Lang) -> RiskForm:
    """The uncertainties a posted form gives for ``codes`` (the selected measures)."""
    from omprio.decide.risk import Uncertainty

    form = RiskForm()
    for code in codes:
        values: list[Decimal] = []
        for name in FIELDS:
            key = f"{name}-{code}"
            raw = posted.get(key)
            text = raw if isinstance(raw, str) else ""
            form.texts[key] = text[:40]
            value = _percent(text) if text.strip() else Decimal(1)
            top = Decimal(1) if name == "prob" else MOST_PERCENT / HUNDRED
            if value is None or value < 0 or value > top:
                form.errors[key] = t(
                    "risk.err.percent", lang, code=code, field=t(f"risk.col.{name}", lang),
                    most=display.number(top * HUNDRED, lang),
                )
                continue
            values.append(value)
        if len(values) != len(FIELDS):
            continue
        probability, low, likely, high = values
        if not low <= likely <= high:
            form.errors[f"low-{code}"] = t("risk.err.order", lang, code=code)
            continue
        kind = Uncertainty(probability=probability, low=low, likely=likely, high=high)
        if not kind.certain or low != 1:
            form.risk[code] = kind
    for key, least, most in (("draws", 100, MOST_DRAWS), ("seed", 0, 2**31 - 1)):
        raw = posted.get(key)
        text = raw if isinstance(raw, str) else ""
        form.texts[key] = text[:20]
        whole = _whole(text, least, most) if text.strip() else (DRAWS if key == "draws" else 0)
        if whole is None:
            form.errors[key] = t(f"risk.err.{key}", lang, most=display.number(Decimal(most), lang))
        elif key == "draws":
            form.draws = whole
        else:
            form.seed = whole
    return form


def _percent_of(value: float, lang: Lang) -> str:
    return display.percent(Decimal(repr(value * 100)), 1, lang)


def _report_context(report: RiskReport, lang: Lang) -> dict[str, Any]:
    return {
        "all_years": _percent_of(report.all_years, lang),
        "draws": display.number(Decimal(report.draws), lang),
        "years": [
            {
                "year": year,
                "target": item.target,
                "probability": _percent_of(item.probability, lang),
                "p10": item.p10,
                "p50": item.p50,
                "p90": item.p90,
                "mean": item.mean_total,
            }
            for year, item in report.years.items()
        ],
    }


def _page(
    request: Request,
    ws: Workspace,
    actor: Actor,
    item: StoredScenario,
    lang: Lang,
    form: RiskForm | None,
    *,
    message: str | None = None,
    status_code: int = 200,
) -> Response:
    evaluated = evaluate_stored(ws, actor, item)
    evaluation = evaluated.required()
    on = evaluated.version
    codes = [s.code for s in evaluation.selected]
    shown = form or _prefilled(codes, {c: k for c, k in item.scenario.risk.items() if c in codes})
    if form is None:
        shown.risk = {c: k for c, k in item.scenario.risk.items() if c in codes}
    report = None
    if not shown.errors and shown.risk:
        with jobs.slot(request):
            report = simulate_evaluation(
                evaluation, on.catalog, shown.risk, draws=shown.draws, seed=shown.seed
            )
    if wants_json(request):
        return JSONResponse(
            {
                "scenario": item.id,
                "evaluated_on": on.info.number,
                "risk": None if report is None else risk_json(report),
                "errors": shown.errors,
            },
            status_code=status_code,
        )
    return render(
        request,
        "scenario_risk.html",
        {
            "catalog": on.catalog,
            "catalog_id": item.catalog_id,
            "item": item,
            "selected": evaluation.selected,
            "unit": on.catalog.unit,
            "form": shown,
            "report": None if report is None else _report_context(report, lang),
            "may_save": may_change(actor, item),
            "message": message,
            "csrf": csrf_token(request),
        },
        status_code=status_code,
    )


@router.get("/catalogs/{catalog_id}/scenarios/{scenario_id}/risk")
def risk_page(
    request: Request,
    catalog_id: CatalogId,
    scenario_id: ScenarioId,
    ws: WorkspaceDep,
    actor: LoggedIn,
    lang: PageLang,
    saved: Annotated[int | None, Query(ge=1, le=1)] = None,
) -> Response:
    """The scenario's uncertainties and, when it has any, the simulation (module doc)."""
    item = ws.scenario(catalog_id, scenario_id, actor)
    return _page(request, ws, actor, item, lang, None,
                 message=t("risk.saved", lang) if saved else None)


@router.post("/catalogs/{catalog_id}/scenarios/{scenario_id}/risk")
def risk_post(
    request: Request,
    catalog_id: CatalogId,
    scenario_id: ScenarioId,
    ws: WorkspaceDep,
    actor: LoggedIn,
    lang: PageLang,
    posted: CheckedForm,
) -> Response:
    """Simulate the typed uncertainties, or store them in the scenario (module doc)."""
    item = ws.scenario(catalog_id, scenario_id, actor)
    evaluation = evaluate_stored(ws, actor, item).evaluation
    codes = [] if evaluation is None else [s.code for s in evaluation.selected]
    form = read_form(posted, codes, lang)
    if form.errors:
        return _page(request, ws, actor, item, lang, form,
                     message=t("risk.invalid", lang), status_code=422)
    if posted.get("action") != "save":
        return _page(request, ws, actor, item, lang, form)
    require_change(actor, item)
    revision = posted.get("revision")
    base = int(revision) if isinstance(revision, str) and revision.isdecimal() else None
    kept = {c: k for c, k in item.scenario.risk.items() if c not in codes}  # unselected ones
    try:
        ws.save_scenario(
            catalog_id,
            replace(item.scenario, risk={**kept, **form.risk}),
            actor,
            scenario_id=item.id,
            base_revision=base if base is not None and len(str(base)) < 10 else None,
        )
    except Conflict as exc:
        return _page(request, ws, actor, item, lang, form, message=exc.text(lang),
                     status_code=409)
    return see_other(request, f"/catalogs/{catalog_id}/scenarios/{scenario_id}/risk?saved=1")
