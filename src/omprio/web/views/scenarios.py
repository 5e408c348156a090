"""Scenarios in the browser: a catalog's stored scenarios, the scenario builder, the comparison
of scenarios side by side, and the downloads of a scenario.

A scenario (:mod:`omprio.decide.scenario`) puts each candidate measure in, out, or (a measure
marked divisible) in at a percentage, and carries its targets per year. The builder is one form:
every change (htmx, ``hx-trigger="change"``) posts it to ``…/scenarios/evaluate``, which answers
with the figures as a fragment: per year the selected total, the target, the gap, the staff
change and positions lost, bars of savings against the target, charts by theme and operating
area, the constraints the selection breaks and the consequences for citizens (the selected
measures' descriptions). Without JavaScript the form's "Beregn" button posts the same form and
gets the whole page back. Saving stores the scenario with the catalog
(:meth:`~omprio.store.workspace.Workspace.save_scenario`); the revision the form was opened at
travels with it, so a save over someone else's newer one is refused with a message, never
silent. Every page answers JSON too (``Accept: application/json``).

Scenarios are the negotiators' working papers: every page here needs a login (also for a
public catalog); changing or deleting another person's scenario needs the role editor. The
figures are computed on the catalog's latest version; a scenario that no longer fits it (a
measure was removed) is shown on the version it was made on. ``omprio.decide`` brings numpy and
HiGHS, so it is imported inside the functions that need it: the catalog pages do not pay for it.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from markupsafe import Markup
from starlette.datastructures import FormData
from starlette.responses import JSONResponse, RedirectResponse, Response

from omprio import display, money
from omprio.display import Lang
from omprio.model import Catalog, Measure
from omprio.money import ZERO, NumberRefused, to_json_number
from omprio.store.accounts import Actor
from omprio.store.errors import Conflict, InvalidInput, NotFound, Unauthorized
from omprio.store.workspace import StoredScenario, StoredVersion, Workspace
from omprio.web import charts, forms, jobs
from omprio.web.auth import CheckedForm, PageActor, WorkspaceDep
from omprio.web.errors import is_htmx, wants_json
from omprio.web.i18n import number_text, t
from omprio.web.schemas import MAX_ID
from omprio.web.templating import render
from omprio.web.views.common import CatalogId, PageLang, form_text, see_other

if TYPE_CHECKING:
    from omprio.decide.scenario import Evaluation, Scenario

router = APIRouter(include_in_schema=False)

ScenarioId = Annotated[int, Path(ge=1, le=MAX_ID, description="The scenario's id.")]
MAX_EXTRA = 200_000
"""The most characters of the form's hidden part (constraints, harm, risk) that are read."""
MAX_COMPARED = 12
MAX_DESCRIPTION = 100_000
"""The longest description (as the API takes it, web/schemas.py ``Text``)."""
HUNDRED = Decimal(100)


def scenarios_url(catalog_id: int) -> str:
    """The path of a catalog's scenario list."""
    return f"/catalogs/{catalog_id}/scenarios"


def _login(request: Request, actor: Actor | None) -> Actor | Response:
    """The actor; anonymous visitors of a page go to the login form, anything else is 401."""
    if actor is not None:
        return actor
    if request.method != "GET" or wants_json(request):
        raise Unauthorized("log in to see and make scenarios")
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


def _may_change(actor: Actor, item: StoredScenario) -> bool:
    return item.author == actor.name or actor.at_least("editor")


def _json(data: Any, status_code: int = 200) -> Response:
    return JSONResponse(data, status_code=status_code)


# --- figures -------------------------------------------------------------------------------


def _years_json(values: Mapping[int, Decimal]) -> dict[str, int | float]:
    return {str(year): to_json_number(value) for year, value in values.items()}


def _number_json(value: Decimal | None) -> int | float | None:
    return None if value is None else to_json_number(value)


def evaluation_json(evaluation: Evaluation) -> dict[str, Any]:
    """A scenario's figures, as ``omprio scenario show --format json`` writes them: amounts are
    JSON numbers (integral ones as integers), shares strings (``"0.5"``)."""
    scenario = evaluation.scenario
    return {
        "name": scenario.name,
        "catalog_title": scenario.catalog_title,
        "reached": evaluation.reached,
        "reached_years": {str(y): evaluation.gap[y] <= 0 for y in evaluation.years},
        "years": list(evaluation.years),
        "targets": _years_json(evaluation.targets),
        "totals": _years_json(evaluation.totals),
        "gap": _years_json(evaluation.gap),
        "fte": _years_json(evaluation.fte),
        "positions_lost": _years_json(evaluation.positions_lost),
        "count": evaluation.count,
        "harm": _number_json(evaluation.harm),
        "over_delivery": _number_json(evaluation.over_delivery),
        "by_theme": {key: _years_json(values) for key, values in evaluation.by_theme.items()},
        "by_area": {key: _years_json(values) for key, values in evaluation.by_area.items()},
        "broken": list(evaluation.broken),
        "selected": [
            {
                "code": item.code,
                "title": item.title,
                "theme": item.theme,
                "area": item.area,
                "fraction": str(item.fraction.normalize()),
                "net": _years_json(item.net),
                "fte": _years_json(item.fte),
                "harm": _number_json(item.harm),
                "description": item.description,
            }
            for item in evaluation.selected
        ],
    }


def _stored_json(item: StoredScenario, latest: int) -> dict[str, Any]:
    return {
        "id": item.id,
        "catalog_id": item.catalog_id,
        "name": item.name,
        "description": item.scenario.description,
        "version": item.version,
        "latest_version": latest,
        "outdated": item.version < latest,
        "author": item.author,
        "saved_by": item.saved_by,
        "created_at": item.created_at.isoformat(),
        "updated_at": item.updated_at.isoformat(),
        "revision": item.revision,
    }


def _evaluate_stored(
    ws: Workspace, actor: Actor, item: StoredScenario, latest: StoredVersion
) -> tuple[StoredVersion, Evaluation | None]:
    """The scenario's figures on the latest version, or (when it no longer fits that) on the
    version it was made on; None when it fits neither."""
    from omprio.decide.errors import DecideError
    from omprio.decide.scenario import evaluate

    try:
        return latest, evaluate(item.scenario, latest.catalog)
    except DecideError:
        pass
    if item.version != latest.info.number:
        try:
            own = ws.version(item.catalog_id, actor, item.version)
            return own, evaluate(item.scenario, own.catalog)
        except (DecideError, NotFound):
            pass
    return latest, None


def _theme_titles(catalog: Catalog) -> dict[str, str]:
    return {theme.code: theme.title for theme in catalog.themes}


def _charts(evaluation: Evaluation, catalog: Catalog, lang: Lang) -> list[Markup]:
    """Savings against the target per year, and the selected nets by theme and by area."""
    years = evaluation.years
    unit = t("chart.unit", lang)
    result = [
        charts.target_bars(
            "chart-scenario-target",
            t("scenario.chart.target", lang),
            t("scenario.chart.target_desc", lang),
            years,
            evaluation.totals,
            evaluation.targets,
            lang,
            unit,
            reached=t("scenario.reached", lang),
            missed=t("scenario.missed", lang),
        )
    ]
    titles = _theme_titles(catalog)
    groups = (
        (
            "chart-scenario-themes",
            "scenario.chart.themes",
            "scenario.chart.themes_desc",
            {
                f"{t('chart.theme', lang, code=key)}: {titles.get(key, '')}".rstrip(": "): values
                for key, values in evaluation.by_theme.items()
            },
        ),
        (
            "chart-scenario-areas",
            "scenario.chart.areas",
            "scenario.chart.areas_desc",
            dict(evaluation.by_area),
        ),
    )
    for ident, title, desc, series in groups:
        if not series:
            continue
        result.append(
            charts.grouped_bars(
                ident,
                t(title, lang),
                t(desc, lang),
                years,
                [
                    charts.Series(label, values, charts.palette(index))
                    for index, (label, values) in enumerate(series.items())
                ],
                lang,
                unit,
            )
        )
    return result


_BROKEN: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"^(?P<code>\S+) must be included$", "scenario.broken.include"),
        (r"^(?P<code>\S+) must be excluded$", "scenario.broken.exclude"),
        (
            r"^(?P<kind>theme|area) (?P<key>\S+) saves (?P<saved>\S+) in (?P<year>\d+), "
            r"beyond its cap (?P<cap>\S+)$",
            "scenario.broken.savings",
        ),
        (
            r"^(?P<kind>theme|area) (?P<key>\S+) uses (?P<used>\d+) measures, "
            r"beyond its cap (?P<cap>\d+)$",
            "scenario.broken.count",
        ),
        (
            r"^(?P<year>\d+): (?P<lost>\S+) positions lost, beyond the cap (?P<cap>\S+)$",
            "scenario.broken.fte",
        ),
        (r"^(?P<code>\S+) is not divisible but has fraction \S+$", "scenario.broken.divisible"),
        (r"^(?P<code>\S+) is not a candidate$", "scenario.broken.candidate"),
    )
)


def broken_text(line: str, lang: Lang) -> str:
    """A constraint the selection breaks (``omprio.decide`` says it in English, with plain
    numbers) in the page's language, numbers formatted for it."""
    for pattern, key in _BROKEN:
        match = pattern.match(line)
        if match is None:
            continue
        params: dict[str, object] = dict(match.groupdict())
        if "kind" in params:
            params["group"] = t(f"opt.group.{params.pop('kind')}", lang, key=params["key"])
        for name in ("saved", "cap", "lost"):
            text = params.get(name)
            if isinstance(text, str):
                with contextlib.suppress(ArithmeticError):
                    params[name] = display.number(Decimal(text).normalize() + 0, lang)
        return t(key, lang, **params)
    return line


def _result_context(
    evaluation: Evaluation | None, catalog: Catalog, lang: Lang, problem: str | None = None
) -> dict[str, Any]:
    if evaluation is None:
        return {
            "evaluation": None,
            "problem": problem,
            "charts": [],
            "theme_titles": {},
            "broken": [],
        }
    return {
        "evaluation": evaluation,
        "problem": problem,
        "broken": [broken_text(line, lang) for line in evaluation.broken],
        "charts": _charts(evaluation, catalog, lang),
        "theme_titles": _theme_titles(catalog),
    }


# --- the builder's form --------------------------------------------------------------------


@dataclass(slots=True)
class Row:
    """One measure of the builder: its figures and what the form says about it."""

    measure: Measure
    theme: str
    area: str
    included: bool
    divisible: bool
    percent: str


@dataclass(slots=True)
class Builder:
    """What the builder form shows (and, after a post, what was typed)."""

    years: tuple[int, ...]
    rows: list[Row]
    targets: dict[int, str]
    max_fte_cut: str
    name: str
    description: str
    extra: str
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def field_names(self) -> list[str]:
        """Every field that can have an error slot (for the fragment's out-of-band swaps)."""
        names = [f"target-{year}" for year in self.years]
        names += [f"pct-{row.measure.code}" for row in self.rows]
        return [*names, "max_fte_cut", "name"]


_EXTRA_KEYS = ("objective", "scope", "harm", "risk")


def _extra_of(scenario: Scenario) -> str:
    """The parts of a scenario the form does not show, as JSON for a hidden field."""
    from omprio.decide.scenario_json import scenario_to_json

    document = scenario_to_json(scenario)
    extra = {key: document[key] for key in _EXTRA_KEYS}
    constraints = dict(document["constraints"])
    constraints.pop("max_fte_cut", None)
    extra["constraints"] = constraints
    return json.dumps(extra, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _parse_extra(text: object) -> tuple[dict[str, Any], NumberRefused | None]:
    """The hidden field's scenario parts (numbers bounded at parsing: a refused one is said,
    never evaluated), and the refusal if a number was out of bounds."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_EXTRA:
        return {}, None
    try:
        value = money.loads(text)
    except NumberRefused as refused:
        return {}, refused
    except (ValueError, RecursionError):
        return {}, None
    return (
        {k: v for k, v in value.items() if k in (*_EXTRA_KEYS, "constraints")}
        if isinstance(value, dict)
        else {}
    ), None


def _row_measures(catalog: Catalog, all_measures: bool, named: Sequence[str]) -> list[Measure]:
    """The builder's measures in document order: the candidates and any other measure named."""
    from omprio.decide.targets import candidates, unique_measures

    wanted = {m.code for m in candidates(catalog, all_measures)} | set(named)
    return [m for m in unique_measures(catalog) if m.code in wanted]


def _exact_text(value: Decimal) -> str:
    """``value`` the Danish way with every decimal it has (display.number rounds beyond 15,
    and what the form shows is what it saves again)."""
    text = format(value.normalize(), "f")
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, decimals = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{decimals}" if decimals else f"{sign}{grouped}"


def _percent_text(fraction: Decimal) -> str:
    return _exact_text(fraction * HUNDRED)


def _amount_text(value: Decimal | None) -> str:
    return "" if value is None else _exact_text(value)


def builder_from_scenario(catalog: Catalog, scenario: Scenario) -> tuple[Builder, list[str]]:
    """The form filled from a scenario, and the codes it names that the catalog has not (they
    are left out)."""
    from omprio.decide.targets import default_targets

    codes = {m.code for m in catalog.measures}
    missing = sorted(code for code in _named(scenario) if code not in codes)
    # Every mention of a measure the catalog no longer has goes, also in the hidden part (must
    # include/exclude, harm, risk): else the form could neither be evaluated nor saved again.
    scenario = _without(scenario, missing)
    named = [code for code, share in scenario.selection.items() if share > 0 and code in codes]
    rows = []
    for measure in _row_measures(catalog, scenario.all_measures, named):
        share = scenario.selection.get(measure.code, ZERO)
        divisible = measure.code in scenario.divisible
        rows.append(
            Row(
                measure,
                measure.theme_number,
                measure.operating_area,
                share > 0,
                divisible,
                _percent_text(share) if divisible and share > 0 else "100",
            )
        )
    targets = scenario.targets if scenario.targets is not None else default_targets(catalog)
    fte_cut = scenario.constraints.max_fte_cut
    builder = Builder(
        years=catalog.years,
        rows=rows,
        targets={year: _amount_text(targets.get(year)) for year in catalog.years},
        max_fte_cut=_amount_text(fte_cut),
        name=scenario.name,
        description=scenario.description,
        extra=_extra_of(scenario),
    )
    return builder, missing


def _number(
    form: FormData, name: str, lang: Lang, errors: dict[str, str]
) -> tuple[str, Decimal | None]:
    text = form_text(form.get(name), 100)
    value, error = forms.parse_cell(text, lang)
    if error is not None:
        errors[name] = error
    return text, value


def builder_from_form(
    catalog: Catalog, form: FormData, lang: Lang
) -> tuple[Builder, Scenario | None]:
    """What was posted, and the scenario it makes (None when a field is wrong: see
    ``builder.errors``)."""
    from omprio.decide.errors import DecideError
    from omprio.decide.scenario_json import FORMAT, scenario_from_json
    from omprio.decide.targets import default_targets

    extra, refused = _parse_extra(form.get("extra"))
    posted = [code for code in form.getlist("code") if isinstance(code, str)]
    errors: dict[str, str] = {}
    if refused is not None:
        errors["extra"] = number_text(refused, lang)
    known = {m.code for m in catalog.measures}
    gone = sorted({c for c in posted if c not in known and form.get(f"in-{c}") == "1"})
    if gone:  # a newer version came since the form was drawn: never drop a ticked one unsaid
        shown = ", ".join(gone[:10]) + (" …" if len(gone) > 10 else "")
        errors["gone"] = t("scenario.gone", lang, codes=shown)
    rows: list[Row] = []
    selection: dict[str, str] = {}
    divisible: list[str] = []
    for measure in _row_measures(catalog, extra.get("scope") == "all", posted):
        code = measure.code
        included = form.get(f"in-{code}") == "1"
        is_divisible = form.get(f"div-{code}") == "1"
        text = form_text(form.get(f"pct-{code}"), 100) or "100"
        share = Decimal(1) if included else ZERO
        if is_divisible:
            divisible.append(code)
            value, error = forms.parse_cell(text, lang)
            if error is None and (value is None or not ZERO <= value <= HUNDRED):
                error = t("scenario.pct_range", lang)
            if error is not None:
                errors[f"pct-{code}"] = error
            elif included and value is not None:
                share = value / HUNDRED
        selection[code] = str(share.normalize()) if share not in (0, 1) else str(int(share))
        rows.append(
            Row(measure, measure.theme_number, measure.operating_area, included, is_divisible, text)
        )
    targets: dict[int, str] = {}
    target_values: dict[int, Decimal] = {}
    for year in catalog.years:
        text, value = _number(form, f"target-{year}", lang, errors)
        targets[year] = text
        if value is not None:
            target_values[year] = value
    description = form_text(form.get("description"), MAX_DESCRIPTION + 1)
    if len(description) > MAX_DESCRIPTION:  # said, never cut: the API stores this much
        most = display.number(Decimal(MAX_DESCRIPTION), lang)
        errors["description"] = t("scenario.description_too_long", lang, most=most)
    fte_text, fte_cut = _number(form, "max_fte_cut", lang, errors)
    if fte_cut is not None and fte_cut < 0:
        errors["max_fte_cut"] = t("scenario.fte_cut_negative", lang)
    builder = Builder(
        years=catalog.years,
        rows=rows,
        targets=targets,
        max_fte_cut=fte_text,
        name=form_text(form.get("name"), 300),
        description=description,
        extra=json.dumps(extra, ensure_ascii=False, default=str, sort_keys=True),
        errors=errors,
    )
    if errors:
        return builder, None
    constraints = extra.get("constraints")
    constraints = dict(constraints) if isinstance(constraints, dict) else {}
    constraints["max_fte_cut"] = fte_cut
    own = default_targets(catalog)
    document = {
        **extra,
        "format": FORMAT,
        "name": builder.name or t("scenario.unnamed", lang),
        "catalog_title": catalog.title,
        "description": builder.description,
        "selection": selection,
        "divisible": divisible,
        "targets": None if not target_values or target_values == own else target_values,
        "constraints": constraints,
    }
    try:
        return builder, scenario_from_json(document, "scenario")
    except (DecideError, ValueError, TypeError, ArithmeticError) as exc:
        cause = exc.refused if isinstance(exc, DecideError) else None
        builder.errors["extra"] = (
            reason_text(str(exc), lang) if cause is None else number_text(cause, lang)
        )
        return builder, None


def _evaluate_builder(
    catalog: Catalog, scenario: Scenario | None, builder: Builder, lang: Lang
) -> tuple[Evaluation | None, str | None]:
    """The figures of the form's scenario, or what is wrong with the form."""
    from omprio.decide.errors import DecideError
    from omprio.decide.scenario import evaluate

    if scenario is None:
        if "extra" in builder.errors:
            return None, t("scenario.invalid", lang, reason=builder.errors["extra"])
        for name in ("gone", "description"):  # the form has no slot of their own for these
            if name in builder.errors:
                return None, builder.errors[name]
        return None, t("scenario.has_errors", lang)
    try:
        return evaluate(scenario, catalog), None
    except (DecideError, ArithmeticError) as exc:
        return None, t("scenario.invalid", lang, reason=reason_text(str(exc), lang))


def reason_text(message: str, lang: Lang) -> str:
    """Why ``omprio.decide`` refused a scenario, in the page's language where it is one of the
    common reasons (its messages are English); else as it said it."""
    from omprio.web.views.optimize import decide_text

    return decide_text(message, lang) or message


# --- pages ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Listed:
    """A stored scenario in the list, with its figures (None when it fits no version)."""

    item: StoredScenario
    evaluation: Evaluation | None
    version: int
    outdated: bool


@router.get("/catalogs/{catalog_id}/scenarios")
def scenario_list(
    request: Request,
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    actor: PageActor,
    deleted: Annotated[int | None, Query(ge=1, le=1)] = None,
) -> Response:
    """The catalog's stored scenarios, whether each reaches the target per year, a button for
    a new one, and a choice of scenarios to compare."""
    allowed = _login(request, actor)
    if isinstance(allowed, Response):
        return allowed
    latest = ws.version(catalog_id, allowed)
    items = ws.scenarios(catalog_id, allowed)
    listed = []
    for item in items:
        on, evaluation = _evaluate_stored(ws, allowed, item, latest)
        listed.append(Listed(item, evaluation, on.info.number, item.version < latest.info.number))
    if wants_json(request):
        return _json(
            {
                "catalog_id": catalog_id,
                "latest_version": latest.info.number,
                "scenarios": [
                    {
                        **_stored_json(entry.item, latest.info.number),
                        "evaluated_on": entry.version,
                        "reached": None if entry.evaluation is None else entry.evaluation.reached,
                        "reached_years": (
                            None
                            if entry.evaluation is None
                            else {
                                str(y): entry.evaluation.gap[y] <= 0 for y in entry.evaluation.years
                            }
                        ),
                    }
                    for entry in listed
                ],
            }
        )
    return render(
        request,
        "scenarios.html",
        {
            "catalog": latest.catalog,
            "catalog_id": catalog_id,
            "latest": latest.info.number,
            "listed": listed,
            "years": latest.catalog.years,
            "deleted": bool(deleted),
        },
    )


def _builder_page(
    request: Request,
    stored: StoredVersion,
    builder: Builder,
    evaluation: Evaluation | None,
    *,
    item: StoredScenario | None,
    actor: Actor,
    lang: Lang,
    problem: str | None = None,
    notice: str | None = None,
    conflict: str | None = None,
    missing: Sequence[str] = (),
    base_revision: int | None = None,
    saved: bool = False,
    status_code: int = 200,
) -> Response:
    catalog_id = stored.info.catalog_id
    context = {
        "catalog": stored.catalog,
        "catalog_id": catalog_id,
        "info": stored.info,
        "builder": builder,
        "item": item,
        "may_change": item is None or _may_change(actor, item),
        "base_revision": base_revision
        if base_revision is not None
        else (item.revision if item else None),
        "notice": notice,
        "conflict": conflict,
        "missing": list(missing),
        "saved": saved,
        "errors": builder.errors,
        "oob": False,
        "unit": ((stored.catalog.price_base or "") + " " + stored.catalog.unit).strip(),
        "formats": PUBLISHED,
        **_result_context(evaluation, stored.catalog, lang, problem),
    }
    return render(request, "scenario.html", context, status_code=status_code)


@router.get("/catalogs/{catalog_id}/scenarios/new")
def new_scenario(
    request: Request,
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    actor: PageActor,
    lang: PageLang,
) -> Response:
    """The builder for a new scenario: nothing selected, the catalog's own target."""
    from omprio.decide.scenario import empty_scenario, evaluate

    allowed = _login(request, actor)
    if isinstance(allowed, Response):
        return allowed
    stored = ws.version(catalog_id, allowed)
    scenario = empty_scenario(stored.catalog, "")
    evaluation = evaluate(scenario, stored.catalog)
    if wants_json(request):
        from omprio.decide.scenario_json import scenario_to_json

        return _json(
            {"scenario": scenario_to_json(scenario), "evaluation": evaluation_json(evaluation)}
        )
    builder, _ = builder_from_scenario(stored.catalog, scenario)
    return _builder_page(request, stored, builder, evaluation, item=None, actor=allowed, lang=lang)


@router.post("/catalogs/{catalog_id}/scenarios/evaluate")
def evaluate_form(
    request: Request,
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    actor: PageActor,
    lang: PageLang,
    form: CheckedForm,
) -> Response:
    """The figures of the builder's form: a fragment for htmx, the whole page without
    JavaScript ("Beregn"), JSON for ``Accept: application/json``."""
    allowed = _login(request, actor)
    assert not isinstance(allowed, Response)
    stored = ws.version(catalog_id, allowed)
    builder, scenario = builder_from_form(stored.catalog, form, lang)
    with jobs.slot(request):
        evaluation, problem = _evaluate_builder(stored.catalog, scenario, builder, lang)
    if wants_json(request):
        if evaluation is None:
            return _json(
                {
                    "error": {
                        "code": "invalid-input",
                        "message": problem or "the scenario cannot be evaluated",
                    },
                    "fields": builder.errors,
                },
                status_code=422,
            )
        return _json(evaluation_json(evaluation))
    if is_htmx(request):
        context = {
            "catalog": stored.catalog,
            "catalog_id": catalog_id,
            "builder": builder,
            "errors": builder.errors,
            "oob": True,
            **_result_context(evaluation, stored.catalog, lang, problem),
        }
        return render(request, "scenario_result.html", context)
    item = _posted_item(ws, allowed, catalog_id, form)
    return _builder_page(
        request,
        stored,
        builder,
        evaluation,
        item=item,
        actor=allowed,
        lang=lang,
        problem=problem,
        base_revision=_posted_revision(form),
        status_code=200 if evaluation is not None else 422,
    )


def _posted_id(form: FormData, name: str) -> int | None:
    text = form.get(name)
    if (
        isinstance(text, str)
        and text.isascii()  # int() takes no "²", which isdigit() does
        and text.isdecimal()
        and len(text) < 11
        and 1 <= int(text) <= MAX_ID
    ):
        return int(text)
    return None


def _posted_revision(form: FormData) -> int | None:
    return _posted_id(form, "base_revision")


def _posted_item(
    ws: Workspace, actor: Actor, catalog_id: int, form: FormData
) -> StoredScenario | None:
    scenario_id = _posted_id(form, "scenario_id")
    if scenario_id is None:
        return None
    try:
        return ws.scenario(catalog_id, scenario_id, actor)
    except NotFound:
        return None


@router.get("/catalogs/{catalog_id}/scenarios/compare")
def compare_page(
    request: Request,
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    actor: PageActor,
    lang: PageLang,
    ids: Annotated[list[int], Query(alias="id", max_length=MAX_COMPARED)] = [],  # noqa: B006
) -> Response:
    """Two or more stored scenarios side by side, printable."""
    from omprio.decide.compare import compare
    from omprio.decide.targets import unique_measures

    allowed = _login(request, actor)
    if isinstance(allowed, Response):
        return allowed
    chosen = list(dict.fromkeys(i for i in ids if 1 <= i <= MAX_ID))
    latest = ws.version(catalog_id, allowed)
    if len(chosen) < 2:
        if wants_json(request):
            raise InvalidInput("choose two or more scenarios to compare (?id=1&id=2)")
        return render(
            request,
            "scenario_compare.html",
            {
                "catalog": latest.catalog,
                "catalog_id": catalog_id,
                "comparison": None,
                "items": [],
                "problem": t("scenario.compare_two", lang),
            },
            status_code=422,
        )
    items = [ws.scenario(catalog_id, i, allowed) for i in chosen]
    evaluations = []
    versions = []
    for item in items:
        on, evaluation = _evaluate_stored(ws, allowed, item, latest)
        if evaluation is None:
            raise InvalidInput(
                f"the scenario {item.name!r} fits neither the latest version nor its own",
                f"scenariet »{item.name}« passer hverken til den nyeste version eller sin egen",
            )
        evaluations.append(evaluation)
        versions.append(on.info.number)
    order = [m.code for m in unique_measures(latest.catalog)]
    comparison = compare(evaluations, order)
    if wants_json(request):
        return _json(comparison_json(comparison, items, versions))
    return render(
        request,
        "scenario_compare.html",
        {
            "catalog": latest.catalog,
            "catalog_id": catalog_id,
            "comparison": comparison,
            "items": items,
            "versions": versions,
            "latest": latest.info.number,
            "problem": None,
            "theme_titles": _theme_titles(latest.catalog),
            "rows_by_metric": _rows_by_metric(comparison),
        },
    )


def _rows_by_metric(comparison: Any) -> dict[str, list[Any]]:
    grouped: dict[str, list[Any]] = {}
    for row in comparison.rows:
        grouped.setdefault(row.metric, []).append(row)
    return grouped


def comparison_json(
    comparison: Any, items: Sequence[StoredScenario], versions: Sequence[int]
) -> dict[str, Any]:
    """The comparison as ``omprio scenario compare --format json`` writes it, with the stored
    scenarios' ids and the versions their figures were computed on."""
    return {
        "ids": [item.id for item in items],
        "names": list(comparison.names),
        "evaluated_on": list(versions),
        "years": list(comparison.years),
        "reached": list(comparison.reached),
        "rows": [
            {
                "metric": row.metric,
                "year": row.year,
                "group": row.group,
                "values": [_number_json(v) for v in row.values],
            }
            for row in comparison.rows
        ],
        "measures": [
            {"code": code, "title": title, "shares": [str(s.normalize()) for s in shares]}
            for code, title, shares in comparison.measures
        ],
    }


@router.get("/catalogs/{catalog_id}/scenarios/{scenario_id}")
def scenario_page(
    request: Request,
    catalog_id: CatalogId,
    scenario_id: ScenarioId,
    ws: WorkspaceDep,
    actor: PageActor,
    lang: PageLang,
    saved: Annotated[int | None, Query(ge=1, le=1)] = None,
) -> Response:
    """A stored scenario in the builder, with its downloads."""
    allowed = _login(request, actor)
    if isinstance(allowed, Response):
        return allowed
    item = ws.scenario(catalog_id, scenario_id, allowed)
    latest = ws.version(catalog_id, allowed)
    on, evaluation = _evaluate_stored(ws, allowed, item, latest)
    if wants_json(request):
        from omprio.decide.scenario_json import scenario_to_json

        return _json(
            {
                **_stored_json(item, latest.info.number),
                "evaluated_on": on.info.number,
                "scenario": scenario_to_json(item.scenario),
                "evaluation": None if evaluation is None else evaluation_json(evaluation),
            }
        )
    builder, missing = builder_from_scenario(latest.catalog, item.scenario)
    problem = None
    notice = None
    shown = evaluation
    if on.info.number != latest.info.number:
        # The form works on the latest version; the stored figures are of the scenario's own.
        scenario = _without(item.scenario, missing)
        shown, problem = _evaluate_builder(latest.catalog, scenario, builder, lang)
    if item.version < latest.info.number:
        notice = t("scenario.outdated", lang, version=item.version, latest=latest.info.number)
    return _builder_page(
        request,
        latest,
        builder,
        shown,
        item=item,
        actor=allowed,
        lang=lang,
        problem=problem,
        notice=notice,
        missing=missing,
        saved=bool(saved),
    )


def _named(scenario: Scenario) -> set[str]:
    """The measures a scenario names: selected (at any share above 0), divisible, must
    include or exclude, with a harm score or a risk (not those it merely leaves out)."""
    constraints = scenario.constraints
    return (
        {code for code, share in scenario.selection.items() if share > 0}
        | set(scenario.divisible)
        | set(constraints.include)
        | set(constraints.exclude)
        | set(scenario.harm)
        | set(scenario.risk)
    )


def _without(scenario: Scenario, codes: Sequence[str]) -> Scenario:
    """The scenario without the measures ``codes`` (that a newer version no longer has),
    wherever it names them."""
    from dataclasses import replace

    if not codes:
        return scenario
    gone = set(codes)
    constraints = scenario.constraints
    return replace(
        scenario,
        selection={c: s for c, s in scenario.selection.items() if c not in gone},
        divisible=frozenset(scenario.divisible - gone),
        constraints=replace(
            constraints,
            include=frozenset(constraints.include - gone),
            exclude=frozenset(constraints.exclude - gone),
        ),
        harm={c: v for c, v in scenario.harm.items() if c not in gone},
        risk={c: v for c, v in scenario.risk.items() if c not in gone},
    )


def _save(
    request: Request,
    ws: Workspace,
    actor: Actor,
    lang: Lang,
    catalog_id: int,
    form: FormData,
    scenario_id: int | None,
) -> Response:
    stored = ws.version(catalog_id, actor)
    item = ws.scenario(catalog_id, scenario_id, actor) if scenario_id is not None else None
    base_revision = _posted_revision(form) if scenario_id is not None else None
    builder, scenario = builder_from_form(stored.catalog, form, lang)
    if not builder.name:
        builder.errors["name"] = t("scenario.name_missing", lang)
    evaluation, problem = _evaluate_builder(stored.catalog, scenario, builder, lang)

    def again(status: int, problem: str | None = None, conflict: str | None = None) -> Response:
        if wants_json(request):
            return _json(
                {
                    "error": {
                        "code": "conflict" if status == 409 else "invalid-input",
                        "message": conflict or problem or "",
                    },
                    "fields": builder.errors,
                },
                status_code=status,
            )
        return _builder_page(
            request,
            stored,
            builder,
            evaluation,
            item=item,
            actor=actor,
            lang=lang,
            problem=problem,
            conflict=conflict,
            base_revision=base_revision,
            status_code=status,
        )

    if scenario is None or evaluation is None or builder.errors:
        return again(422, problem or t("scenario.has_errors", lang))
    if item is not None and base_revision is not None and item.revision != base_revision:
        # Saved by someone else meanwhile: that is the news, before whether one may replace
        # their save (the workspace checks the revision again when it writes).
        return again(
            409, conflict=t("scenario.conflict", lang, author=item.saved_by, when=_when(item, lang))
        )
    try:
        result = ws.save_scenario(
            catalog_id,
            scenario,
            actor,
            scenario_id=scenario_id,
            base_revision=base_revision,
        )
    except Conflict:
        return again(
            409, conflict=_conflict_text(ws, actor, catalog_id, scenario, item, base_revision, lang)
        )
    except InvalidInput as exc:
        reason = exc.da if lang == "da" and exc.da else reason_text(exc.message, lang)
        return again(422, t("scenario.invalid", lang, reason=reason))
    return see_other(request, f"{scenarios_url(catalog_id)}/{result.id}?saved=1")


def _conflict_text(
    ws: Workspace,
    actor: Actor,
    catalog_id: int,
    scenario: Scenario,
    item: StoredScenario | None,
    base_revision: int | None,
    lang: Lang,
) -> str:
    """Why a save was refused, for people: someone saved it meanwhile, or the name is taken."""
    if item is not None:
        try:
            now = ws.scenario(catalog_id, item.id, actor)
        except NotFound:
            return t("scenario.conflict_gone", lang)
        if base_revision is not None and now.revision != base_revision:
            return t("scenario.conflict", lang, author=now.saved_by, when=_when(now, lang))
    return t("scenario.name_taken", lang, name=scenario.name)


def _when(item: StoredScenario, lang: Lang) -> str:
    from babel.dates import format_datetime

    from omprio.web.templating import TIMEZONE

    pattern = "d. MMM y 'kl.' HH.mm" if lang == "da" else "d MMM y, HH:mm"
    locale = "da_DK" if lang == "da" else "en_GB"
    return str(format_datetime(item.updated_at, pattern, tzinfo=TIMEZONE, locale=locale))


@router.post("/catalogs/{catalog_id}/scenarios")
def save_new(
    request: Request,
    catalog_id: CatalogId,
    ws: WorkspaceDep,
    actor: PageActor,
    lang: PageLang,
    form: CheckedForm,
) -> Response:
    """Store the builder's scenario as a new one (its name must be new in the catalog)."""
    allowed = _login(request, actor)
    assert not isinstance(allowed, Response)
    return _save(request, ws, allowed, lang, catalog_id, form, None)


@router.post("/catalogs/{catalog_id}/scenarios/{scenario_id}")
def save_existing(
    request: Request,
    catalog_id: CatalogId,
    scenario_id: ScenarioId,
    ws: WorkspaceDep,
    actor: PageActor,
    lang: PageLang,
    form: CheckedForm,
) -> Response:
    """Replace a stored scenario; refused (409) if someone saved it after the form was opened."""
    allowed = _login(request, actor)
    assert not isinstance(allowed, Response)
    return _save(request, ws, allowed, lang, catalog_id, form, scenario_id)


@router.get("/catalogs/{catalog_id}/scenarios/{scenario_id}/delete")
def delete_form(
    request: Request,
    catalog_id: CatalogId,
    scenario_id: ScenarioId,
    ws: WorkspaceDep,
    actor: PageActor,
) -> Response:
    """Are you sure? (Deleting works without JavaScript, so the question is a page.)"""
    allowed = _login(request, actor)
    if isinstance(allowed, Response):
        return allowed
    item = ws.scenario(catalog_id, scenario_id, allowed)
    stored = ws.version(catalog_id, allowed)
    if wants_json(request):
        return _json(
            {**_stored_json(item, stored.info.number), "may_delete": _may_change(allowed, item)}
        )
    return render(
        request,
        "scenario_delete.html",
        {
            "catalog": stored.catalog,
            "catalog_id": catalog_id,
            "item": item,
            "may_change": _may_change(allowed, item),
        },
    )


@router.post("/catalogs/{catalog_id}/scenarios/{scenario_id}/delete")
def delete(
    request: Request,
    catalog_id: CatalogId,
    scenario_id: ScenarioId,
    ws: WorkspaceDep,
    actor: PageActor,
    form: CheckedForm,
) -> Response:
    """Remove a stored scenario (its author, an editor or an administrator)."""
    allowed = _login(request, actor)
    assert not isinstance(allowed, Response)
    ws.delete_scenario(catalog_id, scenario_id, allowed)
    if wants_json(request):
        return Response(status_code=204)
    return see_other(request, f"{scenarios_url(catalog_id)}?deleted=1")


# --- downloads -----------------------------------------------------------------------------

Published = Literal["pdf", "docx", "xlsx", "fdp"]
PUBLISHED: tuple[tuple[str, str], ...] = (
    ("pdf", "catalog.download_pdf"),
    ("docx", "catalog.download_docx"),
    ("xlsx", "catalog.download_xlsx"),
    ("fdp", "catalog.download_fdp"),
)
_EXTENSIONS = {"pdf": "pdf", "docx": "docx", "xlsx": "xlsx", "fdp": "zip"}


def _download_name(item: StoredScenario, extension: str) -> str:
    return f"omprio-katalog-{item.catalog_id}-scenarie-{item.id}.{extension}"


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/catalogs/{catalog_id}/scenarios/{scenario_id}/scenario.json")
def scenario_json_download(
    request: Request,
    catalog_id: CatalogId,
    scenario_id: ScenarioId,
    ws: WorkspaceDep,
    actor: PageActor,
) -> Response:
    """The stored scenario as ``omprio.scenario/1`` (what ``omprio optimize`` and ``omprio
    scenario`` read), as a download."""
    from omprio.decide.scenario_json import dumps

    allowed = _login(request, actor)
    if isinstance(allowed, Response):
        return allowed
    item = ws.scenario(catalog_id, scenario_id, allowed)
    return Response(
        dumps(item.scenario).encode("utf-8"),
        media_type="application/json",
        headers=_attachment(_download_name(item, "json")),
    )


@router.get("/catalogs/{catalog_id}/scenarios/{scenario_id}/publish/{fmt}")
def scenario_publish(
    request: Request,
    catalog_id: CatalogId,
    scenario_id: ScenarioId,
    fmt: Published,
    ws: WorkspaceDep,
    actor: PageActor,
    lang: PageLang,
) -> Response:
    """The catalog as the scenario selects it (only its measures, each at its share), published
    as PDF, Word, a workbook or open data, with the findings of that selection."""
    from omprio.check import check_catalog
    from omprio.publish.edition import Edition
    from omprio.publish.fdp import package_zip
    from omprio.publish.formats import MEDIA_TYPES, publish
    from omprio.publish.scenario import selected_catalog

    allowed = _login(request, actor)
    if isinstance(allowed, Response):
        return allowed
    item = ws.scenario(catalog_id, scenario_id, allowed)
    latest = ws.version(catalog_id, allowed)
    on, evaluation = _evaluate_stored(ws, allowed, item, latest)
    if evaluation is None:
        raise InvalidInput(
            f"the scenario {item.name!r} fits no version of the catalog",
            f"scenariet »{item.name}« passer ikke til nogen version af kataloget",
        )
    selected = selected_catalog(on.catalog, item.scenario)
    with jobs.slot(request):
        made = publish(
            selected,
            list(check_catalog(selected)),
            fmt,
            lang,
            Edition.of_version(selected.title, on.info),
        )
    if isinstance(made, dict):
        made = package_zip(made)
    return Response(
        made,
        media_type=MEDIA_TYPES[fmt],
        headers=_attachment(_download_name(item, _EXTENSIONS[fmt])),
    )
