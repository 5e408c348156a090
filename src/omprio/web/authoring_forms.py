"""The authoring forms: a new catalog and a new measure as typed, and what they make.

:func:`new_catalog` reads the "Nyt katalog" form (title, department, period, price level, unit,
target per year in the page's language) into a :class:`~omprio.store.workspace.NewCatalog`;
:func:`new_measure` reads the "Tilføj tiltag" form (code, theme, title, consequences for
citizens, net and staff changes per year, sector) into a measure with one line, as
:func:`omprio.web.forms.parse_cell` reads cells. Both give the errors by field name, so the form
is shown again with what was typed; the rest of a measure (its lines, adjustments, area budget,
notes) is then edited in the edit form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from omprio.display import Lang
from omprio.model import Line, Measure, Source
from omprio.rounds.problems import RoundProblem
from omprio.service.rounds import year_amounts
from omprio.store.workspace import NewCatalog
from omprio.web.forms import parse_cell
from omprio.web.i18n import t

FIELDS = ("title", "department", "organisation", "first_year", "last_year", "price_base",
          "unit", "target", "message", "round", "round_department")
MEASURE_FIELDS = ("code", "theme", "title", "description", "sector", "message")


def form_text(value: object, limit: int = 2000) -> str:
    """A posted text field, trimmed, without NUL characters and at most ``limit`` characters."""
    if not isinstance(value, str):
        return ""
    return value.replace("\x00", "").strip()[:limit]


@dataclass(slots=True)
class Typed:
    """A form as typed: its texts by name, cells by year, and the errors by field name."""

    values: dict[str, str]
    cells: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def typed(form: Mapping[str, Any], names: Sequence[str], years: Sequence[int] = (),
          cells: Sequence[str] = ()) -> Typed:
    """The texts ``names`` of ``form`` and its cells ``<kind>-<year>`` for ``cells`` kinds."""
    values = {name: form_text(form.get(name), 20_000 if name == "description" else 2000)
              for name in names}
    found = {f"{kind}-{year}": form_text(form.get(f"{kind}-{year}"), 100)
             for kind in cells for year in years}
    return Typed(values, found)


def _year(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) == 4 else None


def period(state: Typed, lang: Lang) -> tuple[int, ...]:
    """The years from the first to the last year typed (errors set when they are none)."""
    first, last = _year(state.values["first_year"]), _year(state.values["last_year"])
    if first is None:
        state.errors["first_year"] = t("author.year_needed", lang)
    if last is None:
        state.errors["last_year"] = t("author.year_needed", lang)
    if first is None or last is None:
        return ()
    if not 0 <= last - first < 30:
        state.errors["last_year"] = t("author.years_order", lang)
        return ()
    return tuple(range(first, last + 1))


def new_catalog(state: Typed, lang: Lang) -> NewCatalog | None:
    """The new catalog the form describes, or None with ``state.errors`` set."""
    values = state.values
    if not values["title"]:
        state.errors["title"] = t("author.title_needed", lang)
    years = period(state, lang)
    target: dict[int, Decimal] = {}
    if values["target"] and years:
        try:
            target = year_amounts(values["target"], years, lang)
        except RoundProblem as problem:
            state.errors["target"] = problem.text(lang)
        else:
            if len(target) != len(years) or set(target) != set(years):
                state.errors["target"] = t("author.target_all", lang)
    if state.errors:
        return None
    return NewCatalog(title=values["title"], years=years, department=values["department"],
                      organisation=values["organisation"] or None,
                      price_base=values["price_base"] or None,
                      unit=values["unit"] or "1.000 kr.", target=target)


def new_measure(state: Typed, years: Sequence[int], lang: Lang) -> Measure | None:
    """The measure the form describes (one line, labelled by its title, whose amounts are the
    net), or None with ``state.errors`` set."""
    values = state.values
    if not values["code"]:
        state.errors["code"] = t("author.code_needed", lang)
    amounts: dict[str, dict[int, Decimal]] = {"net": {}, "fte": {}}
    for kind in amounts:
        for year in years:
            value, error = parse_cell(state.cells.get(f"{kind}-{year}", ""), lang)
            if error:
                state.errors[f"{kind}-{year}"] = error
            elif value is not None:
                amounts[kind][year] = value
    if state.errors:
        return None
    net, fte = amounts["net"], amounts["fte"]
    source = Source("")
    label = values["title"] or values["code"]
    return Measure(
        code=values["code"], theme=values["theme"], title=values["title"],
        description=values["description"], lines=(Line(label, net, source),) if net else (),
        adjustments=(), net=net, fte=fte, sector=values["sector"] or None, area_budget=None,
        stated_savings_pct=None, notes=(), source=source, fte_stated=bool(fte),
    )
