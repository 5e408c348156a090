"""The optimize page: a form with the objective, targets and constraints, the optimizer's answer,
and saving the package found as a stored scenario.

``GET /catalogs/{id}/optimize`` shows the form: what to minimize (positions lost, number of
measures, harm, over-delivery), the target per year (the catalog's own, typed the Danish way, or
one amount for every year), per measure must include / must exclude / free choice, a harm score,
whether it may be taken in part and how likely its saving is; caps per theme and operating area,
the most positions lost a year, a safety margin, a required probability of reaching the target
and how many next-best packages to list. ``POST`` (CSRF-checked; htmx gets the result alone)
solves it with :func:`omprio.decide.optimize` in the request's worker thread, in one of the
app's few slots for expensive jobs (:mod:`omprio.web.jobs`; 503 when they stay taken) and under
a total time limit for the whole request (a required probability iterates several solves within
it), and shows whether the package is proven optimal (or its gap), the totals per year against the
target, the staff changes, the objective, the next-best packages, and for an impossible target
the shortfall per year and what binds. Input that cannot make a problem is a message on the
form (422), never a server error. ``POST …/optimize/save`` stores a package with
:meth:`~omprio.store.workspace.Workspace.save_scenario` (a login is needed) and goes to the
scenario's page. Optimizing needs a login, as scenarios do (both are working papers, and a
solve costs seconds of CPU): an anonymous visitor of the form is sent to the login page, an
anonymous post is refused (401).

:mod:`omprio.decide` (numpy, HiGHS) is imported inside the functions, so that the catalog pages
do not pay for it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from starlette.datastructures import FormData
from starlette.responses import JSONResponse, Response

from omprio import display
from omprio.display import Lang
from omprio.model import Catalog, Measure
from omprio.money import NumberRefused, number_from_text
from omprio.store.accounts import Actor
from omprio.store.errors import Conflict, InvalidInput, WorkspaceError
from omprio.store.workspace import StoredVersion, Workspace
from omprio.web import jobs
from omprio.web.auth import CheckedForm, PageActor, WorkspaceDep, csrf_token, require
from omprio.web.errors import is_htmx, wants_json
from omprio.web.i18n import number_text, t
from omprio.web.templating import render
from omprio.web.views.common import CatalogId, PageLang, see_other
from omprio.web.views.scenarios import _login

if TYPE_CHECKING:
    from omprio.decide.chance import ChanceOutcome
    from omprio.decide.optimize import Outcome
    from omprio.decide.problem import Objective, Problem
    from omprio.decide.problem import Request as DecideRequest
    from omprio.decide.risk import RiskReport, Uncertainty

router = APIRouter(include_in_schema=False)

TIME_LIMIT = 10.0
"""Seconds the optimizer may take for one answer in the web (in total, all solves of it)."""
MAX_ALTERNATIVES = 5
DRAWS = 10_000
OBJECTIVE_KEYS = ("fte", "count", "harm", "amount")
CHOICES = ("free", "include", "exclude")
_MAX_FIELDS_JSON = 200_000


# --- the form --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setup:
    """What the form offers for one catalog version."""

    catalog: Catalog
    catalog_id: int
    version: int
    years: tuple[int, ...]
    measures: tuple[Measure, ...]
    candidates: frozenset[str]
    themes: tuple[tuple[str, str], ...]
    areas: tuple[str, ...]
    targets: dict[int, Decimal]


def setup_of(stored: StoredVersion) -> Setup:
    """The measures, themes, areas and default targets of a stored version."""
    from omprio.decide.targets import candidates, default_targets, unique_measures

    catalog = stored.catalog
    measures = unique_measures(catalog)
    titles = {theme.code: theme.title for theme in catalog.themes}
    theme_keys = sorted({m.theme_number for m in measures if m.theme_number}, key=_natural)
    return Setup(
        catalog=catalog,
        catalog_id=stored.info.catalog_id,
        version=stored.info.number,
        years=catalog.years,
        measures=measures,
        candidates=frozenset(m.code for m in candidates(catalog)),
        themes=tuple((key, titles.get(key, "")) for key in theme_keys),
        areas=tuple(sorted({m.operating_area for m in measures if m.operating_area})),
        targets=default_targets(catalog),
    )


def _natural(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isascii() and text.isdigit() else (1 << 30, text)


def default_fields(setup: Setup) -> dict[str, str]:
    """The form as first shown: the catalog's target in every year, every measure free."""
    fields = {"objective": "fte", "alternatives": "0", "target-all": ""}
    for year in setup.years:
        value = setup.targets.get(year)
        fields[f"target-{year}"] = "" if value is None else danish(value)
    for measure in setup.measures:
        fields[f"m-{measure.code}"] = "free"
    return fields


def danish(value: Decimal) -> str:
    """An amount as the form's inputs take it: always the Danish way (``-19.730``, ``-10,5``)."""
    return display.number(value.normalize() + 0, "da")


def posted_fields(form: FormData | Mapping[str, object], setup: Setup) -> dict[str, str]:
    """The form's text fields as posted (no NULs, trimmed, at most 200 characters each); fields
    that were not posted at all take their first-shown values, so an empty post optimizes the
    catalog's own target."""
    fields = default_fields(setup)
    for key, value in form.items():
        if isinstance(value, str) and key != "csrf_token" and len(fields) < 2000:
            fields[key] = value.replace("\x00", "").strip()[:200]
    return fields


@dataclass
class Plan:
    """A form read into the decide API's terms (or the problems that stop it)."""

    request: DecideRequest | None = None
    risk: dict[str, Uncertainty] = field(default_factory=dict)
    probability: float | None = None
    alternatives: int = 0
    errors: dict[str, str] = field(default_factory=dict)


def _amount(
    fields: Mapping[str, str], key: str, label: str, plan: Plan, lang: Lang
) -> Decimal | None:
    from omprio.decide.errors import DecideError
    from omprio.decide.exact import parse_amount

    text = fields.get(key, "").strip()
    if not text:
        return None
    try:
        return parse_amount(text)  # bounded (omprio.money.bounded)
    except DecideError as error:
        plan.errors[key] = (
            t("opt.err.number", lang, field=label, value=text)
            if error.refused is None
            else t("number.field", lang, field=label, reason=number_text(error.refused, lang))
        )
        return None


def _percent(
    fields: Mapping[str, str],
    key: str,
    label: str,
    plan: Plan,
    lang: Lang,
    *,
    below_100: bool = False,
) -> Decimal | None:
    """A percentage field (``5``, ``5 %``, ``2,5``) as a share; None when empty."""
    text = fields.get(key, "").strip().removesuffix("%").strip()
    if not text:
        return None
    value = _amount({key: text}, key, label, plan, lang)
    if value is None:
        return None
    if value < 0 or value > 100 or (below_100 and value >= 100) or (below_100 and value <= 0):
        wrong = "opt.err.percent_open" if below_100 else "opt.err.percent"
        plan.errors[key] = t(wrong, lang, field=label, value=fields[key])
        return None
    return value / 100


def _count(
    fields: Mapping[str, str], key: str, label: str, plan: Plan, lang: Lang, most: int = 10_000
) -> int | None:
    text = fields.get(key, "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or int(text) > most:
        plan.errors[key] = t("opt.err.count", lang, field=label, value=text)
        return None
    return int(text)


def read_plan(fields: Mapping[str, str], setup: Setup, lang: Lang) -> Plan:
    """The decide request the form asks for, or per field what is wrong (in the page's
    language)."""
    from omprio.decide.constraints import Cap, Constraints
    from omprio.decide.problem import Request as DecideRequest
    from omprio.decide.risk import Uncertainty

    plan = Plan()
    objective = fields.get("objective", "fte")
    if objective not in OBJECTIVE_KEYS:
        plan.errors["objective"] = t("opt.err.objective", lang)
        objective = "fte"

    targets: dict[int, Decimal] = {}
    every = _amount(fields, "target-all", t("opt.target_all", lang), plan, lang)
    for year in setup.years:
        value = _amount(fields, f"target-{year}", t("opt.target_year", lang, year=year), plan, lang)
        chosen = every if every is not None else value
        if chosen is not None:
            targets[year] = chosen
    if (
        not targets
        and "target-all" not in plan.errors
        and not any(k.startswith("target-") for k in plan.errors)
    ):
        plan.errors["target-all"] = t("opt.err.no_target", lang)

    include: set[str] = set()
    exclude: set[str] = set()
    harm: dict[str, Decimal] = {}
    divisible: set[str] = set()
    risk: dict[str, Uncertainty] = {}
    for measure in setup.measures:
        code = measure.code
        choice = fields.get(f"m-{code}", "free")
        if choice == "include":
            include.add(code)
        elif choice == "exclude":
            exclude.add(code)
        elif choice != "free":
            plan.errors[f"m-{code}"] = t("opt.err.choice", lang, code=code)
        score = _amount(fields, f"harm-{code}", t("opt.harm_of", lang, code=code), plan, lang)
        if score is not None:
            if score < 0 or score > 1000:
                plan.errors[f"harm-{code}"] = t("opt.err.harm", lang, code=code)
            else:
                harm[code] = score
        if fields.get(f"div-{code}"):
            divisible.add(code)
        chance = _percent(fields, f"prob-{code}", t("opt.prob_of", lang, code=code), plan, lang)
        if chance is not None and chance != 1:
            risk[code] = Uncertainty(probability=chance)

    theme_caps: dict[str, Cap] = {}
    for key, _title in setup.themes:
        cap = _cap(fields, "theme", key, t("opt.theme", lang, group=key), plan, lang)
        if cap is not None:
            theme_caps[key] = cap
    area_caps: dict[str, Cap] = {}
    for key in setup.areas:
        cap = _cap(fields, "area", key, key, plan, lang)
        if cap is not None:
            area_caps[key] = cap
    max_fte_cut = _amount(fields, "max-fte-cut", t("opt.max_fte_cut", lang), plan, lang)
    if max_fte_cut is not None and max_fte_cut < 0:
        plan.errors["max-fte-cut"] = t("opt.err.fte_cut", lang)
    margin = _percent(fields, "margin", t("opt.margin", lang), plan, lang)
    probability = _percent(
        fields, "probability", t("opt.probability", lang), plan, lang, below_100=True
    )
    if probability is not None and not risk:
        plan.errors["probability"] = t("opt.err.no_risk", lang)
    alternatives = _count(
        fields, "alternatives", t("opt.alternatives", lang), plan, lang, MAX_ALTERNATIVES
    )
    if plan.errors:
        return plan
    plan.request = DecideRequest(
        objective=_objective(objective),
        targets=targets,
        constraints=Constraints(
            include=frozenset(include),
            exclude=frozenset(exclude),
            theme_caps=theme_caps,
            area_caps=area_caps,
            max_fte_cut=max_fte_cut,
        ),
        harm=harm,
        divisible=frozenset(divisible),
        all_measures=bool(fields.get("all-measures")),
        margin=margin or Decimal(0),
    )
    plan.risk = risk
    plan.probability = None if probability is None else float(probability)
    plan.alternatives = alternatives or 0
    return plan


def _objective(value: str) -> Objective:
    from omprio.decide.problem import OBJECTIVES

    for objective in OBJECTIVES:
        if objective == value:
            return objective
    return "fte"


def _cap(fields: Mapping[str, str], kind: str, key: str, label: str, plan: Plan, lang: Lang) -> Any:
    from omprio.decide.constraints import Cap

    savings = _amount(fields, f"cap-{kind}-{key}", label, plan, lang)
    count = _count(fields, f"count-{kind}-{key}", label, plan, lang)
    if savings is not None and savings > 0:
        plan.errors[f"cap-{kind}-{key}"] = t(
            "opt.err.cap_positive", lang, group=label, value=danish(-savings)
        )
        return None
    if savings is None and count is None:
        return None
    return Cap(savings=savings, measures=count)


# --- solving ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """The optimizer's answer with its Monte Carlo report and chance iteration, if any."""

    outcome: Outcome
    risk: RiskReport | None
    chance: ChanceOutcome | None

    @property
    def found(self) -> bool:
        return self.outcome.reached and (self.chance is None or self.chance.met)


def solve(
    problem: Problem,
    risk: Mapping[str, Uncertainty],
    probability: float | None,
    alternatives: int,
    time_limit: float = TIME_LIMIT,
    *,
    draws: int = DRAWS,
    seed: int = 0,
) -> Answer:
    """Optimize ``problem`` as ``omprio optimize`` does, within ``time_limit`` seconds in all
    (every solve, the chance iteration's steps and their simulations, the alternatives)."""
    from omprio.decide.chance import optimize_with_probability
    from omprio.decide.optimize import Options, optimize
    from omprio.decide.risk import simulate

    options = Options(time_limit=time_limit, alternatives=alternatives, total_time_limit=time_limit)
    if probability is not None:
        chance = optimize_with_probability(problem, risk, probability, options, draws, seed)
        return Answer(chance.outcome, chance.risk, chance)
    outcome = optimize(problem, options)
    report = None
    if risk and outcome.package is not None:
        report = simulate(
            problem.measures,
            problem.fractions(outcome.package.selection),
            problem.targets,
            risk,
            draws,
            seed,
        )
    return Answer(outcome, report, None)


_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"^(?P<codes>.+) cannot be both included and excluded$", "opt.dx.both"),
        (r"^must include: (?P<code>\S+) is not a candidate", "opt.dx.not_candidate"),
        (
            r"^the measures that must be included put (?P<used>\d+) measures in "
            r"(?P<kind>theme|area) (?P<key>\S+), more than its cap of (?P<cap>\d+)$",
            "opt.dx.forced_count",
        ),
        (
            r"^the measures that must be included already save (?P<saved>\S+) in "
            r"(?P<kind>theme|area) (?P<key>\S+) in (?P<year>\d+), more than its cap of "
            r"(?P<cap>\S+)$",
            "opt.dx.forced_savings",
        ),
        (
            r"^the measures that must be included \((?P<codes>.+)\) lose (?P<lost>\S+) "
            r"positions in (?P<year>\d+), more than the cap of (?P<cap>\S+)$",
            "opt.dx.forced_fte",
        ),
        (r"^no candidate measure is in (?P<what>.+?) (?P<key>\S+) \(", "opt.dx.empty_group"),
        (r"^(?:[a-z ]+: )?no measure (?P<code>\S+) in the catalog", "opt.dx.unknown"),
        (r"^(?P<code>\S+) is scaled to \S+ but not marked divisible$", "opt.dx.not_divisible"),
        (r"^(?P<code>\S+) has fraction \S+, not between 0 and 1$", "opt.dx.fraction"),
        (
            r"^target year (?P<year>\d+) is not a year of the catalog \((?P<years>[^)]*)\)$",
            "opt.dx.target_year",
        ),
        (r"^the amounts are too large or have too many decimals", "opt.dx.too_large"),
        (r"^the harm score of (?P<code>\S+) is \S+; scores cannot be negative$", "opt.dx.harm"),
        (r"^the cap on positions lost cannot be negative$", "opt.err.fte_cut"),
    )
)
_SCENARIO_PREFIX = re.compile(r"^scenario(?: (?:'[^']*'|\"[^\"]*\"))?: ")


def decide_message(message: str, lang: Lang) -> str:
    """A :class:`~omprio.decide.errors.DecideError` for people, in the page's language."""
    known = decide_text(message, lang)
    return known if known is not None else t("opt.dx.other", lang, message=message)


def decide_text(message: str, lang: Lang) -> str | None:
    """The page's own words for a common :class:`~omprio.decide.errors.DecideError` (of the
    optimizer or of a scenario's evaluation), or None when it is not one of them."""
    message = _SCENARIO_PREFIX.sub("", message)
    for pattern, key in _MESSAGES:
        match = pattern.search(message)
        if match is not None:
            params = dict(match.groupdict())
            if "kind" in params:
                params["group"] = t(f"opt.group.{params.pop('kind')}", lang, key=params["key"])
            for name in ("saved", "cap", "lost"):
                if name in params:
                    params[name] = _pretty(params[name], lang)
            return t(key, lang, **params)
    return None


def _pretty(text: str, lang: Lang) -> str:
    try:
        return display.number(Decimal(text).normalize() + 0, lang)
    except (InvalidOperation, ValueError):
        return text


# --- pages -----------------------------------------------------------------------------------


def _page(
    request: Request,
    setup: Setup,
    fields: Mapping[str, str],
    lang: Lang,
    *,
    plan: Plan | None = None,
    answer: Answer | None = None,
    problem_message: str | None = None,
    save_message: str | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "catalog": setup.catalog,
        "catalog_id": setup.catalog_id,
        "setup": setup,
        "fields": fields,
        "errors": plan.errors if plan is not None else {},
        "problem_message": problem_message,
        "save_message": save_message,
        "result": result_view(answer, setup, lang) if answer is not None else None,
        "fields_json": json.dumps(dict(fields), ensure_ascii=False),
        "csrf": csrf_token(request),
        "max_alternatives": MAX_ALTERNATIVES,
        "time_limit": int(TIME_LIMIT),
    }
    name = "_optimize_result.html" if is_htmx(request) else "optimize.html"
    return render(request, name, context, status_code=status_code)


@router.get("/catalogs/{catalog_id}/optimize")
def optimize_form(
    request: Request, catalog_id: CatalogId, ws: WorkspaceDep, actor: PageActor, lang: PageLang
) -> Response:
    """The form, filled in with the catalog's own target (a login is needed)."""
    allowed = _login(request, actor)
    if isinstance(allowed, Response):
        return allowed
    setup = setup_of(ws.version(catalog_id, allowed))
    if wants_json(request):
        return JSONResponse(
            {
                "catalog_id": setup.catalog_id,
                "version": setup.version,
                "years": list(setup.years),
                "targets": {str(y): _json_number(v) for y, v in setup.targets.items()},
                "candidates": [m.code for m in setup.measures if m.code in setup.candidates],
                "measures": [m.code for m in setup.measures],
                "themes": [key for key, _ in setup.themes],
                "areas": list(setup.areas),
                "objectives": list(OBJECTIVE_KEYS),
            }
        )
    return _page(request, setup, default_fields(setup), lang)


def _json_number(value: Decimal) -> int | float:
    from omprio.money import to_json_number

    return to_json_number(value.normalize() + 0)


def _version(
    ws: Workspace, catalog_id: int, actor: Actor | None, fields: Mapping[str, str]
) -> StoredVersion:
    text = fields.get("version", "")
    number = int(text) if text.isascii() and text.isdigit() and 0 < len(text) < 10 else None
    return ws.version(catalog_id, actor, number)


def _prepare(
    ws: Workspace,
    catalog_id: int,
    actor: Actor | None,
    form: FormData | Mapping[str, object],
    lang: Lang,
) -> tuple[Setup, dict[str, str], Plan, Problem | None, str | None]:
    """The catalog, the fields, the plan, and the problem (or why it cannot be posed)."""
    from omprio.decide.errors import DecideError
    from omprio.decide.problem import build_problem

    raw = {k: v for k, v in form.items() if isinstance(v, str)}
    stored = _version(ws, catalog_id, actor, raw)
    setup = setup_of(stored)
    fields = posted_fields(form, setup)
    fields["version"] = str(setup.version)
    plan = read_plan(fields, setup, lang)
    if plan.request is None:
        return setup, fields, plan, None, t("opt.err.fields", lang)
    try:
        problem = build_problem(setup.catalog, plan.request)
    except DecideError as error:
        return setup, fields, plan, None, decide_message(error.message, lang)
    return setup, fields, plan, problem, None


@router.post("/catalogs/{catalog_id}/optimize")
def optimize_run(
    request: Request,
    catalog_id: CatalogId,
    form: CheckedForm,
    ws: WorkspaceDep,
    actor: PageActor,
    lang: PageLang,
) -> Response:
    """Optimize as the form asks; the answer (JSON to ``Accept: application/json``: the
    document of ``omprio optimize --format json``). A login is needed; the solve holds one of
    the app's job slots."""
    user = require(actor, "viewer")
    setup, fields, plan, problem, message = _prepare(ws, catalog_id, user, form, lang)
    if problem is None:
        if wants_json(request):
            detail = "; ".join(plan.errors.values()) or message or ""
            raise InvalidInput("err.problem", problem=detail)
        return _page(
            request, setup, fields, lang, plan=plan, problem_message=message, status_code=422
        )
    with jobs.slot(request):
        answer = solve(problem, plan.risk, plan.probability, plan.alternatives)
    if wants_json(request):
        from omprio.cli.decide_output import outcome_json

        return JSONResponse(outcome_json(answer.outcome, answer.risk, answer.chance, lang))
    return _page(request, setup, fields, lang, plan=plan, answer=answer)


def parse_selection(text: str) -> dict[str, Decimal] | None:
    """``CODE=1;CODE=0.55`` (as the result page posts a package) as a selection."""
    selection: dict[str, Decimal] = {}
    for part in text.split(";"):
        code, sep, share = part.partition("=")
        if not sep or not code:
            return None
        try:
            value = number_from_text(share)
        except NumberRefused:
            return None
        if value <= 0 or value > 1:
            return None
        selection[code] = value
    return selection or None


@router.post("/catalogs/{catalog_id}/optimize/save")
def optimize_save(
    request: Request,
    catalog_id: CatalogId,
    form: CheckedForm,
    ws: WorkspaceDep,
    actor: PageActor,
    lang: PageLang,
) -> Response:
    """Store a package of the result as a scenario and go to its page (a login is needed)."""
    from omprio.decide.scenario import scenario_from_package

    user = require(actor, "viewer")
    posted = form.get("fields")
    fields_doc: object = {}
    if isinstance(posted, str) and len(posted) < _MAX_FIELDS_JSON:
        try:
            fields_doc = json.loads(posted)
        except ValueError:
            fields_doc = {}
    if not isinstance(fields_doc, dict):
        fields_doc = {}
    setup, fields, plan, problem, message = _prepare(ws, catalog_id, user, fields_doc, lang)
    name_value = form.get("name")
    name = name_value.replace("\x00", "").strip()[:200] if isinstance(name_value, str) else ""
    selection_value = form.get("selection")
    selection = parse_selection(selection_value) if isinstance(selection_value, str) else None
    if problem is None:
        raise InvalidInput("err.problem", problem=message or t("opt.err.fields", lang))
    if selection is None or problem.violations(selection) or set(selection) - set(problem.codes):
        raise InvalidInput("opt.err.selection")
    if not name:
        name = t("opt.default_name", lang, objective=t(f"opt.objective.{problem.objective}", lang))
    scenario = scenario_from_package(problem, selection, name, plan.risk)
    try:
        stored = ws.save_scenario(catalog_id, scenario, user, version=setup.version)
    except (Conflict, InvalidInput) as error:
        if wants_json(request):
            raise
        with jobs.slot(request):
            answer = solve(problem, plan.risk, plan.probability, plan.alternatives)
        text = (
            t("opt.save_conflict", lang, name=name)
            if isinstance(error, Conflict)
            else error.text(lang)
            if error.as_sentence is None
            else decide_text(error.as_sentence, lang) or error.as_sentence
        )
        return _page(
            request,
            setup,
            fields,
            lang,
            plan=plan,
            answer=answer,
            save_message=text,
            status_code=error.status,
        )
    except WorkspaceError:
        raise
    return see_other(request, f"/catalogs/{catalog_id}/scenarios/{stored.id}")


# --- what the result shows -------------------------------------------------------------------


def result_view(answer: Answer, setup: Setup, lang: Lang) -> dict[str, Any]:
    """Everything the result template shows, computed here (templates only format)."""
    outcome = answer.outcome
    problem = outcome.problem
    by_code = {m.code: m for m in problem.measures}
    status = outcome.status
    if answer.chance is not None and not answer.chance.met:
        status = "unknown" if answer.chance.out_of_time else "infeasible"
    packages = []
    if outcome.package is not None and (answer.chance is None or answer.chance.met):
        packages.append(_package_view(outcome.package, problem, by_code, True, lang))
        for item in outcome.alternatives:
            packages.append(_package_view(item.package, problem, by_code, item.proven, lang))
    diagnosis = outcome.diagnosis
    reasons: list[str] = []
    best = None
    shortfall: dict[int, Decimal] = {}
    if diagnosis is not None:
        shortfall = dict(diagnosis.shortfall)
        chance_text = (
            None
            if answer.chance is None
            else display.percent(Decimal(repr(answer.chance.probability * 100)), 1, lang)
        )
        reasons = _reasons(diagnosis, lang, chance_text)
        if diagnosis.best is not None and diagnosis.best.selection:
            best = _package_view(diagnosis.best, problem, by_code, diagnosis.best_proven, lang)
    gap = None
    if outcome.status == "feasible" and outcome.gap is not None and outcome.gap != float("inf"):
        gap = display.percent(Decimal(repr(outcome.gap * 100)), 2, lang)
    risk = None
    if answer.risk is not None:
        risk = {
            "all_years": display.percent(Decimal(repr(answer.risk.all_years * 100)), 1, lang),
            "draws": answer.risk.draws,
            "years": [
                {
                    "year": year,
                    "probability": display.percent(Decimal(repr(item.probability * 100)), 1, lang),
                    "p10": item.p10,
                    "p50": item.p50,
                    "p90": item.p90,
                }
                for year, item in answer.risk.years.items()
            ],
        }
    chance = None
    if answer.chance is not None:
        chance = {
            "probability": display.percent(Decimal(repr(answer.chance.probability * 100)), 1, lang),
            "met": answer.chance.met,
            "steps": len(answer.chance.steps),
            "out_of_time": answer.chance.out_of_time,
        }
    return {
        "status": status,
        "gap": gap,
        "objective": problem.objective,
        "years": problem.years,
        "targets": problem.targets,
        "required": problem.required,
        "margin": problem.required != problem.targets,
        "packages": packages,
        "best": best,
        "shortfall": shortfall,
        "reasons": reasons,
        "candidates": problem.size,
        "seconds": f"{outcome.seconds:.2f}".replace(".", "," if lang == "da" else "."),
        "risk": risk,
        "chance": chance,
        "unit": f"{setup.catalog.price_base or ''} {setup.catalog.unit}".strip(),
        "found": answer.found,
    }


def _package_view(
    package: Any, problem: Problem, by_code: Mapping[str, Measure], proven: bool, lang: Lang
) -> dict[str, Any]:
    rows = []
    for code, share in package.selection.items():
        measure = by_code[code]
        rows.append(
            {
                "code": code,
                "title": measure.title,
                "theme": measure.theme_number,
                "share": "" if share == 1 else display.percent(share * 100, 0, lang),
                "net": {y: share * measure.net.get(y, Decimal(0)) for y in problem.years},
            }
        )
    selection = ";".join(f"{code}={share.normalize()}" for code, share in package.selection.items())
    return {
        "rows": rows,
        "codes": list(package.codes),
        "objective": package.objective.normalize() + 0,
        "totals": package.totals,
        "over": package.over,
        "shortfall": package.shortfall,
        "fte": package.fte,
        "lost": package.positions_lost,
        "proven": proven,
        "selection": selection,
        "partial": any(share != 1 for share in package.selection.values()),
    }


def _reasons(diagnosis: Any, lang: Lang, chance: str | None = None) -> list[str]:
    """Why no package reaches the target. Under a required probability (``chance``) the safety
    margin that binds is the one the probability asked for, not one the user typed."""
    from omprio.decide.constraints import describe_group

    found: list[str] = []
    for group in diagnosis.binding:
        if group == "margin" and chance is not None:
            found.append(t("opt.why.chance", lang, probability=chance))
            continue
        found.append(t("opt.why.binding", lang, group=describe_group(group, lang)))
    if diagnosis.catalog_short is not None:
        parts = ", ".join(
            f"{year}: {display.number(value.normalize() + 0, lang)}"
            for year, value in diagnosis.catalog_short.items()
        )
        found.append(t("opt.why.catalog_short", lang, parts=parts))
        if diagnosis.all_measures_would_reach:
            found.append(t("opt.why.all_measures", lang))
    elif diagnosis.together:
        found.append(t("opt.why.together", lang))
    return found
