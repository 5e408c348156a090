"""The forms of the agreement and follow-up pages, read into the service's values.

* :func:`grid_rows` - the rows of a follow-up's grid: per measure the person sees (an area
  editor their areas' measures; the finance office and admins every one) and year of the
  agreement up to the follow-up's date, the figures as stored, written in the page's language;
* :func:`read_grid` - a posted grid as :class:`~omprio.followup.model.Entry` values and the
  errors by field name: a cell that is no number (read the page's way, Danish ``-1.000``), a
  status that is none, no explanation at risk or not realizable. The same reading answers the
  live check while one types (``.../check``) and the save;
* :func:`read_agreement` - the agreement form as an agreement document (the JSON of
  ``omprio agreement --file``), with the amounts typed the page's way.

Fields are named by row index (``code-3``, ``m3-2024-forecast``), never by the measure's code,
so a code is never part of an HTML id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from omprio import display
from omprio.display import Lang
from omprio.followup.figures import Figures
from omprio.followup.model import NEEDS_EXPLANATION, STATUSES, Entry
from omprio.store.accounts import Actor
from omprio.web.forms import parse_cell
from omprio.web.i18n import t

KINDS = ("realized", "forecast", "status", "explanation", "responsible", "documentation")
MOST_TEXT = {"explanation": 4000, "responsible": 200, "documentation": 4000}
AGREEMENT_DECISIONS = ("adopted", "changed", "dropped", "postponed")


@dataclass(slots=True)
class GridYear:
    """One measure-year of the grid: the plan and the fields as they are shown."""

    year: int
    plan: Decimal
    values: dict[str, str]


@dataclass(slots=True)
class GridRow:
    """One measure of the grid, its index in the form and its years."""

    index: int
    code: str
    title: str
    status: str
    years: list[GridYear] = field(default_factory=list)


def grid_years(shown: Figures, as_of: date) -> tuple[int, ...]:
    """The agreement's years up to the follow-up's date."""
    return tuple(y for y in shown.years if y <= as_of.year)


def sees(actor: Actor | None, code: str) -> bool:
    """True when the grid shows ``code`` to ``actor``: an area editor sees their areas'
    measures, everyone else (finance office, admins, viewers, visitors) every measure."""
    return actor is None or not (actor.role == "editor" and actor.areas) or actor.may_edit(code)


def grid_rows(shown: Figures, as_of: date, actor: Actor | None, lang: Lang,
              typed: Mapping[str, Any] | None = None) -> list[GridRow]:
    """The grid's rows (see the module doc); with ``typed``, the fields as posted."""
    years = grid_years(shown, as_of)
    rows = []
    for index, measure in enumerate(m for m in shown.measures if sees(actor, m.code)):
        row = GridRow(index, measure.code, measure.title, measure.status)
        entries = {e.year: e for e in measure.entries}
        for year in years:
            entry = entries.get(year)
            if typed is not None:
                values = {kind: _text(typed, f"m{index}-{year}-{kind}") for kind in KINDS}
            elif entry is None:
                values = dict.fromkeys(KINDS, "")
            else:
                values = {
                    "realized": _number(entry.realized, lang),
                    "forecast": _number(entry.forecast, lang),
                    "status": entry.status, "explanation": entry.explanation,
                    "responsible": entry.responsible, "documentation": entry.documentation}
            values["status"] = values["status"] or "pending"
            row.years.append(GridYear(year, measure.plan.get(year, Decimal(0)), values))
        rows.append(row)
    return rows


def _number(value: Decimal | None, lang: Lang) -> str:
    return "" if value is None else display.number(value, lang)


def _text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    return value.replace("\x00", "").strip()[:4000]


def read_grid(form: Mapping[str, Any], shown: Figures, as_of: date, lang: Lang
              ) -> tuple[list[Entry], dict[str, str]]:
    """The entries a posted grid gives and the errors by field name (see the module doc). A
    measure-year with nothing typed is no entry, unless it had figures (then it is cleared)."""
    years = grid_years(shown, as_of)
    known = {m.code: m for m in shown.measures}
    entries: list[Entry] = []
    errors: dict[str, str] = {}
    for index in range(len(shown.measures)):
        code = _text(form, f"code-{index}")
        if not code:
            continue
        measure = known.get(code)
        had = {e.year for e in measure.entries} if measure is not None else set()
        for year in years:
            prefix = f"m{index}-{year}-"
            text = {kind: _text(form, prefix + kind) for kind in KINDS}
            status = text["status"] or "pending"
            given = any(text[k] for k in KINDS if k != "status") or status != "pending"
            if not given and year not in had:
                continue
            numbers: dict[str, Decimal | None] = {}
            for kind in ("realized", "forecast"):
                value, error = parse_cell(text[kind], lang)
                numbers[kind] = value
                if error:
                    errors[prefix + kind] = error
            if status not in STATUSES:
                errors[prefix + "status"] = t("followup.page.bad_status", lang)
            elif status in NEEDS_EXPLANATION and not text["explanation"]:
                errors[prefix + "explanation"] = t(
                    "followup.page.needs_explanation", lang,
                    status=t(f"followup.status.{status}", lang))
            entries.append(Entry(
                code, year, numbers["realized"], numbers["forecast"], status,
                text["explanation"][:MOST_TEXT["explanation"]],
                text["responsible"][:MOST_TEXT["responsible"]],
                text["documentation"][:MOST_TEXT["documentation"]]))
    return entries, errors


def grid_fields(shown: Figures, as_of: date, actor: Actor | None) -> list[str]:
    """Every field of the grid ``actor`` sees that can have an error (the live check answers
    each)."""
    years = grid_years(shown, as_of)
    rows = sum(1 for m in shown.measures if sees(actor, m.code))
    return [f"m{index}-{year}-{kind}" for index in range(rows) for year in years
            for kind in ("realized", "forecast", "status", "explanation")]


def read_agreement(form: Mapping[str, Any], codes: Sequence[str], years: Sequence[int],
                   lang: Lang) -> tuple[dict[str, Any], dict[str, str]]:
    """The agreement document of the form and the errors by field name: per measure (by index)
    ``decision-I``, and for ``changed`` ``amount-I-YEAR`` and ``fte-I-YEAR``; one added measure
    ``added-code``, ``added-theme``, ``added-title``, ``added-YEAR``."""
    measures: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for index, code in enumerate(codes):
        decision = _text(form, f"decision-{index}") or "adopted"
        if decision not in AGREEMENT_DECISIONS:
            errors[f"decision-{index}"] = t("followup.page.bad_decision", lang)
            continue
        if decision == "adopted":
            continue
        item: dict[str, Any] = {"decision": decision}
        if decision == "changed":
            for kind, key in (("amount", "amounts"), ("fte", "fte")):
                values = _year_values(form, f"{kind}-{index}", years, lang, errors)
                if values:
                    item[key] = values
        measures[code] = item
    document: dict[str, Any] = {"measures": measures, "added": []}
    added_code = _text(form, "added-code")
    if added_code:
        net = _year_values(form, "added", years, lang, errors)
        document["added"].append({
            "code": added_code[:100], "theme": _text(form, "added-theme")[:100],
            "title": _text(form, "added-title")[:300],
            "lines": [{"label": _text(form, "added-title")[:300] or added_code[:100],
                       "amounts": {str(y): v for y, v in net.items()}}],
            "net": {str(y): v for y, v in net.items()}})
    return document, errors


def _year_values(form: Mapping[str, Any], prefix: str, years: Sequence[int], lang: Lang,
                 errors: dict[str, str]) -> dict[str, Decimal]:
    values: dict[str, Decimal] = {}
    for year in years:
        name = f"{prefix}-{year}"
        value, error = parse_cell(_text(form, name), lang)
        if error:
            errors[name] = error
        elif value is not None:
            values[str(year)] = value
    return values
