"""The measure edit form: what it shows, what was typed, and the edit (patch) it makes.

:func:`state_from_measure` fills the form from a measure; :func:`state_from_form` keeps what the
user typed (to show it again with errors); :func:`to_patch` turns that into a partial measure in
interchange form for :meth:`~omprio.store.workspace.Workspace.edit_measure`, holding only the
fields that changed, and an error per cell that is not a number ('1.0O0').

Amounts are shown and read in the page's language (Danish ``-1.000``, ``10,5``; English
``-1,000``, ``10.5``; ``-`` is zero), as :func:`omprio.money.typed_amount` reads them. Unless the
form says the net differs from the lines (``net_override``, as some documents state it),
:func:`follow_lines` makes the net of each year the lines minus the adjustments, as the page's
script does while one types.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from omprio import display
from omprio.display import Lang
from omprio.fields import text_problem
from omprio.model import Line, Measure
from omprio.money import (
    MOST_DIGITS,
    MOST_TEXT,
    Amounts,
    NumberRefused,
    is_dash,
    kroner,
    reads_differently,
    typed_amount,
)
from omprio.store.errors import InvalidInput
from omprio.web.i18n import number_text, t

MAX_ROWS = 200
TEXT_FIELDS = ("title", "theme", "sector", "stated_savings_pct", "area_budget", "notes")


@dataclass(slots=True)
class RowState:
    """One table row as typed: a label and a cell per year."""

    label: str
    cells: dict[int, str]


@dataclass(slots=True)
class FormState:
    """Every field of the form as text, as shown or as typed."""

    years: tuple[int, ...]
    title: str = ""
    code: str = ""
    theme: str = ""
    description: str = ""
    sector: str = ""
    stated_savings_pct: str = ""
    area_budget: str = ""
    notes: str = ""
    lines: list[RowState] = field(default_factory=list)
    adjustments: list[RowState] = field(default_factory=list)
    net: dict[int, str] = field(default_factory=dict)
    fte: dict[int, str] = field(default_factory=dict)
    message: str = ""
    #: The net is typed as the document states it, not the lines minus the adjustments.
    net_override: bool = False

    def padded(self, kind: str) -> list[RowState]:
        """The rows of ``lines`` or ``adjustments`` with one empty row to add a new one."""
        rows: list[RowState] = getattr(self, kind)
        if rows and not rows[-1].label and not any(c.strip() for c in rows[-1].cells.values()):
            return rows
        return [*rows, RowState("", dict.fromkeys(self.years, ""))]


def years_of(measure: Measure, catalog_years: Sequence[int]) -> tuple[int, ...]:
    """The year columns of the form: the catalog's and any other year the measure has."""
    years = set(catalog_years) | set(measure.net) | set(measure.fte)
    for line in (*measure.lines, *measure.adjustments):
        years |= set(line.amounts)
    return tuple(sorted(years))


def _cell(amounts: Amounts, year: int, lang: Lang) -> str:
    value = amounts.get(year)
    return "" if value is None else display.number(value, lang)


def _row(line: Line, years: Sequence[int], lang: Lang) -> RowState:
    return RowState(line.label, {y: _cell(line.amounts, y, lang) for y in years})


def lines_net(
    lines: Sequence[Mapping[int, Decimal]],
    adjustments: Sequence[Mapping[int, Decimal]],
    years: Sequence[int],
) -> dict[int, Decimal]:
    """The net the lines give, per year: the lines minus the adjustments (an adjustment without
    an amount counts as 0), for each year in which every line has an amount."""
    if not lines:
        return {}
    return {
        year: sum((line[year] for line in lines), Decimal(0))
        - sum((adj.get(year, Decimal(0)) for adj in adjustments), Decimal(0))
        for year in years
        if all(year in line for line in lines)
    }


def _differs(measure: Measure, years: Sequence[int]) -> bool:
    """Whether the measure's stated net differs from what its lines give in some year."""
    derived = lines_net([line.amounts for line in measure.lines],
                        [line.amounts for line in measure.adjustments], years)
    return any(measure.net.get(year) != value for year, value in derived.items())


def state_from_measure(
    measure: Measure, catalog_years: Sequence[int], lang: Lang = "da"
) -> FormState:
    """The form filled from a measure, amounts written in ``lang``; the net override set when
    the measure's net already differs from its lines."""
    years = years_of(measure, catalog_years)
    return FormState(
        years=years,
        title=measure.title,
        code=measure.code,
        theme=measure.theme,
        description=measure.description,
        sector=measure.sector or "",
        stated_savings_pct=measure.stated_savings_pct or "",
        area_budget=measure.area_budget.text if measure.area_budget else "",
        notes="\n\n".join(measure.notes),
        lines=[_row(line, years, lang) for line in measure.lines],
        adjustments=[_row(line, years, lang) for line in measure.adjustments],
        net={y: _cell(measure.net, y, lang) for y in years},
        fte={y: _cell(measure.fte, y, lang) for y in years} if measure.fte_stated else {},
        net_override=_differs(measure, years),
    )


def _text(form: Mapping[str, Any], name: str, *, multiline: bool = False) -> str:
    value = form.get(name)
    if not isinstance(value, str):
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    return value.strip() if not multiline else value.strip("\n ")


def _rows(form: Mapping[str, Any], prefix: str, years: Sequence[int]) -> list[RowState]:
    rows = []
    for index in range(MAX_ROWS):
        if f"{prefix}-{index}-label" not in form:
            break
        rows.append(
            RowState(
                # the label's box wraps long labels; a line break typed in it is a space
                " ".join(_text(form, f"{prefix}-{index}-label").split("\n")),
                {y: _text(form, f"{prefix}-{index}-{y}") for y in years},
            )
        )
    return rows


def state_from_form(
    form: Mapping[str, Any], measure: Measure, catalog_years: Sequence[int]
) -> FormState:
    """The form as the user typed it (years as for ``measure``)."""
    years = years_of(measure, catalog_years)
    has_fte = any(f"fte-{y}" in form for y in years)
    return FormState(
        years=years,
        title=_text(form, "title"),
        code=_text(form, "code") if "code" in form else measure.code,
        theme=_text(form, "theme"),
        description=_text(form, "description", multiline=True),
        sector=_text(form, "sector"),
        stated_savings_pct=_text(form, "stated_savings_pct"),
        area_budget=_text(form, "area_budget", multiline=True),
        notes=_text(form, "notes", multiline=True),
        lines=_rows(form, "line", years),
        adjustments=_rows(form, "adj", years),
        net={y: _text(form, f"net-{y}") for y in years},
        fte={y: _text(form, f"fte-{y}") for y in years} if has_fte else {},
        message=_text(form, "message"),
        net_override=form.get("net_override") == "1",
    )


def parse_cell(text: str, lang: Lang) -> tuple[Decimal | None, str | None]:
    """(value, None) for a number in the way of ``lang`` or ``-``; (None, None) for an empty
    cell; (None, message) when the cell is not a number."""
    text = text.strip()
    if not text:
        return None, None
    if is_dash(text):
        return Decimal(0), None
    if len(text) > MOST_TEXT:
        return None, number_text(NumberRefused("too_many_digits", text, most=MOST_DIGITS), lang)
    try:
        return typed_amount(text, lang), None
    except NumberRefused as refused:
        if refused.code == "not_a_number":
            return None, t("edit.not_number", lang, value=text)
        return None, number_text(refused, lang)


def _row_values(rows: Sequence[RowState], lang: Lang) -> list[dict[int, Decimal]] | None:
    """The amounts of the rows that are not empty; None when a cell is not a number."""
    result = []
    for row in rows:
        if not row.label and not any(c.strip() for c in row.cells.values()):
            continue
        values: dict[int, Decimal] = {}
        for year, text in row.cells.items():
            value, error = parse_cell(text, lang)
            if error:
                return None
            if value is not None:
                values[year] = value
        result.append(values)
    return result


def follow_lines(state: FormState, lang: Lang) -> None:
    """Unless the net is overridden, set the net cells of the years the lines give to the lines
    minus the adjustments (written in ``lang``), as the page's script does while one types.
    Cells that are not numbers leave the net as typed (their errors are shown)."""
    if state.net_override:
        return
    lines = _row_values(state.lines, lang)
    adjustments = _row_values(state.adjustments, lang)
    if lines is None or adjustments is None:
        return
    for year, value in lines_net(lines, adjustments, state.years).items():
        state.net[year] = display.number(value, lang)


def amount_field(text: str, lang: Lang = "da") -> tuple[Decimal | None, NumberRefused | None]:
    """The one reading of an amount typed in a form field (the optimize form, the scenario
    builder): (value, None); (None, None) when empty; (None, why) when it is no number or out of
    bounds. Read the way of the page's language, as :func:`omprio.money.typed_amount` reads it
    (Danish ``-19.730``, ``-10,5``; English ``-19,730``, ``-10.5``)."""
    text = text.strip()
    if not text:
        return None, None
    try:
        return typed_amount(text, lang), None
    except NumberRefused as refused:
        return None, refused


def amount_echo(text: str, value: Decimal | None, label: str, lang: Lang) -> str | None:
    """What the form says back for typed text that means different amounts in Danish and
    English and that the page's language reads with three decimals (``-1,000`` on a Danish page
    is -1, ``-1.000`` on an English one): the amount as it was read, formatted; None otherwise
    (also for the page's own thousands form, ``-19.730`` in Danish, which it fills in itself)."""
    decimal_mark = "," if lang == "da" else "."
    if value is None or not reads_differently(text) or decimal_mark not in text:
        return None
    return t("number.read_as", lang, field=label, text=text.strip(),
             value=display.number(value, lang))


def target_amount(text: str, year: int, lang: Lang) -> Decimal:
    """A year's target as typed in the catalog page's target form (read the page's way);
    :class:`InvalidInput` saying the year when it is empty or no amount."""
    value, refused = amount_field(text, lang)
    if value is None:
        reason = "" if refused is None else number_text(refused, lang)
        raise InvalidInput("err.target_amount", year=year, text=text, reason=reason)
    return value


def amount_error(text: str, refused: NumberRefused, lang: Lang) -> str:
    """Why an amount field's text was refused, in ``lang``."""
    if refused.code == "not_a_number":
        return t("edit.not_number", lang, value=text.strip())
    return number_text(refused, lang)


@dataclass(slots=True)
class Parsed:
    """The edit a form makes: the patch (changed fields only) and the errors by field name."""

    patch: dict[str, Any]
    errors: dict[str, str]


def _amounts(
    cells: Mapping[int, str],
    name: str,
    lang: Lang,
    errors: dict[str, str],
    *,
    required: Sequence[int] = (),
) -> dict[int, Decimal]:
    result: dict[int, Decimal] = {}
    for year, text in cells.items():
        value, error = parse_cell(text, lang)
        if error:
            errors[f"{name}-{year}"] = error
        elif value is None:
            if year in required:
                errors[f"{name}-{year}"] = t("edit.required", lang)
        else:
            result[year] = value
    return result


def _lines(
    rows: Sequence[RowState], prefix: str, old: Sequence[Line], lang: Lang, errors: dict[str, str]
) -> list[tuple[str, dict[int, Decimal]]] | None:
    result = []
    for index, row in enumerate(rows):
        if not row.label and not any(c.strip() for c in row.cells.values()):
            continue
        amounts = _amounts(row.cells, f"{prefix}-{index}", lang, errors)
        if not row.label:
            errors[f"{prefix}-{index}-label"] = t("edit.label_required", lang)
        result.append((row.label, amounts))
    before = [(line.label, dict(line.amounts)) for line in old]
    return None if result == before else result


def _line_json(label: str, amounts: Mapping[int, Decimal], old: Sequence[Line]) -> dict[str, Any]:
    item: dict[str, Any] = {"label": label, "amounts": {str(y): v for y, v in amounts.items()}}
    for line in old:
        if line.label == label:
            source = line.source
            item["source"] = {"path": source.path, "line": source.line, "page": source.page}
            break
    return item


def to_patch(state: FormState, measure: Measure, lang: Lang) -> Parsed:
    """The changed fields as a partial measure in interchange form, and the errors."""
    errors: dict[str, str] = {}
    patch: dict[str, Any] = {}
    title_problem = text_problem("measure.title", state.title)
    if not state.title:
        errors["title"] = t("edit.title_required", lang)
    elif title_problem is not None:  # the other texts are checked by the edit itself
        errors["title"] = title_problem.message(lang)
    elif state.title != measure.title:
        patch["title"] = state.title
    if not state.code:
        errors["code"] = t("author.code_needed", lang)
    elif state.code != measure.code:
        patch["code"] = state.code
    if state.theme != measure.theme:
        patch["theme"] = state.theme
    if state.description != measure.description.strip("\n "):
        patch["description"] = state.description
    if (state.sector or None) != measure.sector:
        patch["sector"] = state.sector or None
    if (state.stated_savings_pct or None) != measure.stated_savings_pct:
        patch["stated_savings_pct"] = state.stated_savings_pct or None
    old_budget = measure.area_budget.text if measure.area_budget else ""
    if state.area_budget != old_budget.strip("\n "):
        if state.area_budget:
            label = measure.area_budget.label if measure.area_budget else "Budget for området"
            patch["area_budget"] = {
                "label": label,
                "text": state.area_budget,
                "amounts_dkk": list(kroner(state.area_budget)),
            }
        else:
            patch["area_budget"] = None
    notes = [n.strip() for n in state.notes.split("\n\n") if n.strip()]
    if notes != [n.strip() for n in measure.notes]:
        patch["notes"] = notes
    for kind, prefix, old in (
        ("lines", "line", measure.lines),
        ("adjustments", "adj", measure.adjustments),
    ):
        rows = _lines(getattr(state, kind), prefix, old, lang, errors)
        if rows is not None:
            patch[kind] = [_line_json(label, amounts, old) for label, amounts in rows]
    net = _amounts(state.net, "net", lang, errors, required=tuple(measure.net))
    if net != dict(measure.net):
        patch["net"] = {str(y): v for y, v in net.items()}
    if state.fte:
        fte = _amounts(state.fte, "fte", lang, errors, required=tuple(measure.fte))
        if fte != dict(measure.fte):
            patch["fte"] = {str(y): v for y, v in fte.items()}
    return Parsed(patch, errors)


_FIELD = re.compile(r"^(?:(?:line|adj)-\d{1,3}-(?:label|\d{4})|(?:net|fte)-\d{4})$")


def error_fields(form: Mapping[str, Any]) -> list[str]:
    """The fields of a posted form that can carry an error (to clear or set their messages)."""
    return ["title", "code", *(name for name in form if _FIELD.match(name))]
