"""The optimize form: what it offers for a catalog version, the fields as posted, and the fields
read into a decide request (or per field what is wrong, in the page's language).

Amounts are read with :func:`omprio.web.forms.amount_field`, as the scenario builder reads its
amounts; percentages (``5``, ``5 %``, ``2,5``) are amounts of percent. ``omprio.decide`` (numpy,
HiGHS) is imported inside the functions, so that the catalog pages do not pay for it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from starlette.datastructures import FormData

from omprio import display
from omprio.display import Lang
from omprio.model import Catalog, Measure
from omprio.store.workspace import StoredVersion
from omprio.web import forms
from omprio.web.i18n import number_text, t

if TYPE_CHECKING:
    from omprio.decide.problem import Objective
    from omprio.decide.problem import Request as DecideRequest
    from omprio.decide.risk import Uncertainty

MAX_ALTERNATIVES = 5
OBJECTIVE_KEYS = ("fte", "count", "harm", "amount")
CHOICES = ("free", "include", "exclude")


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
    findings: dict[str, int] = field(default_factory=dict)
    """How many findings each measure has (for the measure list's filter and sort)."""


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
        findings=dict(Counter(f.measure for f in stored.findings if f.measure)),
    )


def _natural(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isascii() and text.isdigit() else (1 << 30, text)


def default_fields(setup: Setup, lang: Lang = "da") -> dict[str, str]:
    """The form as first shown: the catalog's target in every year, every measure free."""
    fields = {"objective": "fte", "alternatives": "0", "target-all": ""}
    for year in setup.years:
        value = setup.targets.get(year)
        fields[f"target-{year}"] = "" if value is None else form_number(value, lang)
    for measure in setup.measures:
        fields[f"m-{measure.code}"] = "free"
    return fields


def form_number(value: Decimal, lang: Lang) -> str:
    """An amount as the form's inputs take it on a page in ``lang`` (Danish ``-19.730``,
    ``-10,5``; English ``-19,730``, ``-10.5``): the fields read typed text that way."""
    return display.number(value.normalize() + 0, lang)


def posted_fields(
    form: FormData | Mapping[str, object], setup: Setup, lang: Lang = "da"
) -> dict[str, str]:
    """The form's text fields as posted (no NULs, trimmed, at most 200 characters each); fields
    that were not posted at all take their first-shown values, so an empty post optimizes the
    catalog's own target."""
    fields = default_fields(setup, lang)
    # At most the fields the form has (four per measure, two per theme and area, a few more):
    # counted on what was posted, so a catalog of thousands of measures is read whole.
    most = 1000 + 5 * len(setup.measures) + 2 * (len(setup.themes) + len(setup.areas))
    taken = 0
    for key, value in form.items():
        if isinstance(value, str) and key != "csrf_token" and taken < most:
            fields[key] = value.replace("\x00", "").strip()[:200]
            taken += 1
    return fields


MEASURE_FIELDS = ("m-", "harm-", "div-", "prob-")
"""The prefixes of the form's fields of one measure."""


def is_set(fields: Mapping[str, str], code: str) -> bool:
    """True when the form sets anything for the measure: a choice, a harm score, divisible or a
    probability (the "selected" of the optimize form's measure filter)."""
    return fields.get(f"m-{code}", "free") != "free" or any(
        fields.get(f"{prefix}{code}") for prefix in MEASURE_FIELDS[1:]
    )


def compact_fields(fields: Mapping[str, str], setup: Setup) -> dict[str, str]:
    """The fields without the measures' defaults (a free choice, nothing typed), which
    :func:`posted_fields` puts back: what the result's save form carries."""
    codes = {m.code for m in setup.measures}
    kept: dict[str, str] = {}
    for key, value in fields.items():
        prefix = next((p for p in MEASURE_FIELDS if key.startswith(p)), None)
        default = value == "" or (prefix == "m-" and value == "free")
        if prefix is not None and key[len(prefix) :] in codes and default:
            continue
        kept[key] = value
    return kept


@dataclass
class Plan:
    """A form read into the decide API's terms (or the problems that stop it)."""

    request: DecideRequest | None = None
    risk: dict[str, Uncertainty] = field(default_factory=dict)
    probability: float | None = None
    alternatives: int = 0
    errors: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    """By field: how an amount that reads differently in Danish and English was read."""


def _amount(
    fields: Mapping[str, str], key: str, label: str, plan: Plan, lang: Lang
) -> Decimal | None:
    text = fields.get(key, "").strip()
    value, refused = forms.amount_field(text, lang)
    if (echo := forms.amount_echo(text, value, label, lang)) is not None:
        plan.notes[key] = echo
    if refused is not None:
        plan.errors[key] = (
            t("opt.err.number", lang, field=label, value=text)
            if refused.code == "not_a_number"
            else t("number.field", lang, field=label, reason=number_text(refused, lang))
        )
    return value


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
    max_fte_cut = _amount(fields, "max_fte_cut", t("opt.max_fte_cut", lang), plan, lang)
    if max_fte_cut is not None and max_fte_cut < 0:
        plan.errors["max_fte_cut"] = t("opt.err.fte_cut", lang)
    margin = _percent(fields, "margin", t("opt.margin", lang), plan, lang)
    probability = _percent(
        fields, "probability", t("opt.probability", lang), plan, lang, below_100=True
    )
    if probability is not None and not risk:
        plan.errors["probability"] = t("opt.err.no_risk", lang)
    alternatives = _count(
        fields, "alternatives", t("opt.alternatives", lang), plan, lang, MAX_ALTERNATIVES
    )
    if harm and objective != "harm":  # said, never silently ignored
        plan.notes["harm"] = t(
            "opt.note.harm_unused",
            lang,
            harm=t("opt.objective.harm", lang),
            objective=t(f"opt.objective.{objective}", lang),
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
            "opt.err.cap_positive", lang, group=label, value=form_number(-savings, lang)
        )
        return None
    if savings is None and count is None:
        return None
    return Cap(savings=savings, measures=count)


