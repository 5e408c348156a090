"""The scenario builder's form: a scenario shown as the form, a posted form read back into a
scenario (or per field what is wrong, in the page's language), and the figures the form shows
(bars of savings against the target, charts by theme and operating area, the constraints the
selection breaks, said in the page's language from their codes).

Amounts are read with :func:`omprio.web.forms.amount_field` (bounded: :mod:`omprio.money`), as
the optimize form reads its amounts. ``omprio.decide`` brings numpy and
HiGHS, so it is imported inside the functions that need it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from markupsafe import Markup
from starlette.datastructures import FormData

from omprio import display, money
from omprio.display import Lang
from omprio.model import Catalog, Measure
from omprio.money import SWAP_SEPARATORS, ZERO, NumberRefused
from omprio.service.decide import without
from omprio.web import charts, forms
from omprio.web.i18n import number_text, t
from omprio.web.views.common import form_text

if TYPE_CHECKING:
    from omprio.decide.errors import Reason
    from omprio.decide.scenario import Evaluation, Scenario

MAX_EXTRA = 200_000
"""The most characters of the form's hidden part (constraints, harm, risk) that are read."""
MAX_DESCRIPTION = 100_000
"""The longest description (as the API takes it, web/schemas.py ``Text``)."""
HUNDRED = Decimal(100)


def theme_titles(catalog: Catalog) -> dict[str, str]:
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
    titles = theme_titles(catalog)
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


def result_context(
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
        "broken": [reason.text(lang) for reason in evaluation.broken],
        "charts": _charts(evaluation, catalog, lang),
        "theme_titles": theme_titles(catalog),
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
    notes: dict[str, str] = field(default_factory=dict)
    """By field: how an amount that reads differently in Danish and English was read."""
    refused: Reason | None = None
    """Why deciding refused the form's scenario, as a value (for the JSON twin)."""

    @property
    def field_names(self) -> list[str]:
        """Every field that can have an error slot (for the fragment's out-of-band swaps)."""
        return self.field_names_of(row.measure.code for row in self.rows)

    def field_names_of(self, codes: Iterable[str]) -> list[str]:
        """The error slots of the page: the targets' and those of the rows ``codes`` shown."""
        names = [f"target-{year}" for year in self.years]
        names += [f"pct-{code}" for code in codes]
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


def _exact_text(value: Decimal, lang: Lang = "da") -> str:
    """``value`` the page's way (Danish ``-19.730,5``, English ``-19,730.5``) with every decimal
    it has (display.number rounds beyond 15, and what the form shows is what it saves again)."""
    text = format(value.normalize(), "f")
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, _, decimals = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    text = f"{sign}{grouped},{decimals}" if decimals else f"{sign}{grouped}"
    return text.translate(SWAP_SEPARATORS) if lang == "en" else text


def _percent_text(fraction: Decimal, lang: Lang = "da") -> str:
    return _exact_text(fraction * HUNDRED, lang)


def _amount_text(value: Decimal | None, lang: Lang = "da") -> str:
    return "" if value is None else _exact_text(value, lang)


def builder_from_scenario(
    catalog: Catalog, scenario: Scenario, lang: Lang = "da"
) -> tuple[Builder, list[str]]:
    """The form filled from a scenario, and the codes it names that the catalog has not (they
    are left out)."""
    from omprio.decide.targets import default_targets
    from omprio.service.decide import named

    codes = {m.code for m in catalog.measures}
    missing = sorted(code for code in named(scenario) if code not in codes)
    # Every mention of a measure the catalog no longer has goes, also in the hidden part (must
    # include/exclude, harm, risk): else the form could neither be evaluated nor saved again.
    scenario = without(scenario, missing)
    chosen = [code for code, share in scenario.selection.items() if share > 0 and code in codes]
    rows = []
    for measure in _row_measures(catalog, scenario.all_measures, chosen):
        share = scenario.selection.get(measure.code, ZERO)
        divisible = measure.code in scenario.divisible
        rows.append(
            Row(
                measure,
                measure.theme_number,
                measure.operating_area,
                share > 0,
                divisible,
                _percent_text(share, lang) if divisible and share > 0 else "100",
            )
        )
    targets = scenario.targets if scenario.targets is not None else default_targets(catalog)
    fte_cut = scenario.constraints.max_fte_cut
    builder = Builder(
        years=catalog.years,
        rows=rows,
        targets={year: _amount_text(targets.get(year), lang) for year in catalog.years},
        max_fte_cut=_amount_text(fte_cut, lang),
        name=scenario.name,
        description=scenario.description,
        extra=_extra_of(scenario),
    )
    return builder, missing


def _number(
    form: FormData, name: str, lang: Lang, errors: dict[str, str], notes: dict[str, str],
    label: str,
) -> tuple[str, Decimal | None]:
    text = form_text(form.get(name), 100)
    value, refused = forms.amount_field(text, lang)
    if (echo := forms.amount_echo(text, value, label, lang)) is not None:
        notes[name] = echo
    if refused is not None:
        errors[name] = forms.amount_error(text, refused, lang)
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
    notes: dict[str, str] = {}
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
            value, refused = forms.amount_field(text, lang)
            error = None if refused is None else forms.amount_error(text, refused, lang)
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
        text, value = _number(form, f"target-{year}", lang, errors, notes, str(year))
        targets[year] = text
        if value is not None:
            target_values[year] = value
    description = form_text(form.get("description"), MAX_DESCRIPTION + 1)
    if len(description) > MAX_DESCRIPTION:  # said, never cut: the API stores this much
        most = display.number(Decimal(MAX_DESCRIPTION), lang)
        errors["description"] = t("scenario.description_too_long", lang, most=most)
    fte_text, fte_cut = _number(
        form, "max_fte_cut", lang, errors, notes, t("scenario.max_fte_cut", lang)
    )
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
        notes=notes,
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
    except DecideError as exc:
        builder.errors["extra"] = exc.text(lang)
        builder.refused = exc.reason
        return builder, None
    except (ValueError, TypeError, ArithmeticError):
        builder.errors["extra"] = t("scenario.has_errors", lang)
        return builder, None


def evaluate_builder(
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
    except DecideError as exc:
        builder.refused = exc.reason
        return None, t("scenario.invalid", lang, reason=exc.text(lang))
    except ArithmeticError:
        return None, t("scenario.invalid", lang, reason=t("decide.too-large", lang))


