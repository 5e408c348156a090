"""The JSON form of a scenario, ``omprio.scenario/1``, both ways (documented in docs/decide.md).

Amounts are JSON numbers read as exact decimals; a measure's share in ``selection`` is ``1``
(in), ``0`` (out) or a fraction written as a string (``"0.5"``), so that no share passes through
a binary float. Writing a scenario and reading it back gives the same scenario.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from omprio.decide.constraints import Cap, Constraints
from omprio.decide.errors import DecideError
from omprio.decide.exact import checked, parse_amount, parse_fraction, parse_share
from omprio.decide.problem import OBJECTIVES, Objective
from omprio.decide.risk import Uncertainty
from omprio.decide.scenario import Scenario
from omprio.money import NumberRefused, loads, to_json_number

FORMAT = "omprio.scenario/1"
ONE = Decimal(1)


def is_scenario_document(data: bytes) -> bool:
    """Whether some bytes are a JSON document in this format (without raising)."""
    head = data.lstrip()[:1]
    if head != b"{":
        return False
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False
    return isinstance(document, dict) and document.get("format") == FORMAT


def scenario_to_json(scenario: Scenario) -> dict[str, Any]:
    """The JSON document of a scenario."""
    constraints = scenario.constraints
    document: dict[str, Any] = {
        "format": FORMAT,
        "name": scenario.name,
        "catalog_title": scenario.catalog_title,
        "description": scenario.description,
        "objective": scenario.objective,
        "scope": "all" if scenario.all_measures else "section",
        "selection": {code: _share(value) for code, value in scenario.selection.items()},
        "divisible": sorted(scenario.divisible),
        "targets": (
            None
            if scenario.targets is None
            else {str(year): to_json_number(value) for year, value in scenario.targets.items()}
        ),
        "constraints": {
            "include": sorted(constraints.include),
            "exclude": sorted(constraints.exclude),
            "theme_caps": _caps_json(constraints.theme_caps),
            "area_caps": _caps_json(constraints.area_caps),
            "max_fte_cut": (
                None if constraints.max_fte_cut is None else to_json_number(constraints.max_fte_cut)
            ),
        },
        "harm": {code: to_json_number(value) for code, value in scenario.harm.items()},
        "risk": {code: _risk_json(value) for code, value in scenario.risk.items()},
    }
    return document


def scenario_from_json(document: object, name: str = "scenario") -> Scenario:
    """A scenario from its JSON document (parsed with ``parse_float=Decimal``)."""
    if not isinstance(document, dict):
        raise DecideError("json-not-object", where=name)
    if document.get("format") != FORMAT:
        raise DecideError("json-format", where=name, format=repr(document.get("format")))
    where = name
    selection_doc = _object(document.get("selection", {}), f"{where}: selection")
    selection = {
        str(code): _fraction(value, f"{where}: selection of {code}")
        for code, value in selection_doc.items()
    }
    targets_doc = document.get("targets")
    targets = (
        None
        if targets_doc is None
        else {
            _year(year, where): _amount(value, f"{where}: target for {year}")
            for year, value in _object(targets_doc, f"{where}: targets").items()
        }
    )
    constraints_doc = _object(document.get("constraints") or {}, f"{where}: constraints")
    fte_cut = constraints_doc.get("max_fte_cut")
    constraints = Constraints(
        include=frozenset(_codes(constraints_doc.get("include", []), f"{where}: include")),
        exclude=frozenset(_codes(constraints_doc.get("exclude", []), f"{where}: exclude")),
        theme_caps=_caps(constraints_doc.get("theme_caps", {}), f"{where}: theme_caps"),
        area_caps=_caps(constraints_doc.get("area_caps", {}), f"{where}: area_caps"),
        max_fte_cut=None if fte_cut is None else _amount(fte_cut, f"{where}: max_fte_cut"),
    )
    harm = {
        str(code): _amount(value, f"{where}: harm of {code}")
        for code, value in _object(document.get("harm") or {}, f"{where}: harm").items()
    }
    risk = {
        str(code): _uncertainty(value, f"{where}: risk of {code}")
        for code, value in _object(document.get("risk") or {}, f"{where}: risk").items()
    }
    objective = document.get("objective")
    if objective is not None and objective not in OBJECTIVES:
        raise DecideError(
            "json-objective", where=where, objective=repr(objective), known=", ".join(OBJECTIVES)
        )
    scope = document.get("scope", "section")
    if scope not in ("section", "all"):
        raise DecideError("json-scope", where=where, scope=repr(scope))
    return Scenario(
        name=str(document.get("name") or name),
        catalog_title=str(document.get("catalog_title") or ""),
        selection=selection,
        targets=targets,
        constraints=constraints,
        harm=harm,
        divisible=frozenset(_codes(document.get("divisible", []), f"{where}: divisible")),
        all_measures=scope == "all",
        risk=risk,
        objective=cast(Objective | None, objective),
        description=str(document.get("description") or ""),
    )


def read_scenario(path: Path) -> Scenario:
    """Read a scenario file; every problem is one :class:`DecideError`."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DecideError("no-file", path=str(path)) from None
    except UnicodeDecodeError:
        raise DecideError("not-utf8", path=str(path)) from None
    except OSError as error:
        cause = str(error.strerror or error)
        raise DecideError("unreadable", path=str(path), cause=cause) from None
    try:
        document = loads(text)
    except NumberRefused as refused:
        raise DecideError("number-refused", refused, field=str(path)) from None
    except json.JSONDecodeError as error:
        raise DecideError(
            "json-invalid", path=str(path), line=error.lineno, column=error.colno, cause=error.msg
        ) from None
    return scenario_from_json(document, str(path))


def dumps(scenario: Scenario) -> str:
    """The scenario as JSON text (UTF-8, indented, newline at the end)."""
    return json.dumps(scenario_to_json(scenario), ensure_ascii=False, indent=2) + "\n"


def _share(value: Decimal) -> int | str:
    if value == 0:
        return 0
    if value == ONE:
        return 1
    return format(value.normalize(), "f")  # never "1E-18", which a share cannot be read as


def _caps_json(caps: Mapping[str, Cap]) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    for key, cap in caps.items():
        entry: dict[str, Any] = {}
        if cap.savings is not None:
            entry["savings"] = to_json_number(cap.savings)
        if cap.measures is not None:
            entry["measures"] = cap.measures
        result[key] = entry
    return result


def _risk_json(value: Uncertainty) -> dict[str, str]:
    entry: dict[str, str] = {}
    if value.probability != ONE:
        entry["probability"] = str(value.probability)
    if not value.low == value.likely == value.high == ONE:
        entry.update(low=str(value.low), likely=str(value.likely), high=str(value.high))
    return entry


def _object(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DecideError("json-object", where=what)
    return cast(dict[str, Any], value)


def _codes(value: object, what: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise DecideError("json-codes", where=what)
    return [str(code) for code in value]


def _number_text(value: object, what: str) -> str | Decimal:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise DecideError("json-number", where=what)
    return value if isinstance(value, str) else Decimal(value)


def _amount(value: object, what: str) -> Decimal:
    number = _number_text(value, what)
    return checked(number, what) if isinstance(number, Decimal) else parse_amount(number, what)


def _fraction(value: object, what: str) -> Decimal:
    return parse_fraction(_number_text(value, what), what)


def _year(text: object, where: str) -> int:
    try:
        return int(str(text))
    except ValueError:
        raise DecideError("json-year", where=where, text=repr(text)) from None


def _caps(value: object, what: str) -> dict[str, Cap]:
    caps: dict[str, Cap] = {}
    for key, entry in _object(value, what).items():
        if isinstance(entry, int | Decimal | str) and not isinstance(entry, bool):
            caps[str(key)] = Cap(savings=_amount(entry, f"{what} {key}"))
            continue
        fields = _object(entry, f"{what} {key}")
        savings = fields.get("savings")
        measures = fields.get("measures")
        if measures is not None and (isinstance(measures, bool) or not isinstance(measures, int)):
            raise DecideError("json-measures", where=f"{what} {key}")
        caps[str(key)] = Cap(
            savings=None if savings is None else _amount(savings, f"{what} {key} savings"),
            measures=measures,
        )
    return caps


def _uncertainty(value: object, what: str) -> Uncertainty:
    fields = _object(value, what)
    probability = fields.get("probability")
    span = [fields.get(key) for key in ("low", "likely", "high")]
    if any(v is not None for v in span) and not all(v is not None for v in span):
        raise DecideError("risk-span", where=what)
    chance = (
        ONE
        if probability is None
        else parse_fraction(_number_text(probability, what), f"{what}: probability")
    )
    low, likely, high = (
        ONE if v is None else parse_share(_number_text(v, what), f"{what}: {key}")
        for v, key in zip(span, ("low", "likely", "high"), strict=True)
    )
    if not low <= likely <= high:
        raise DecideError("risk-order", where=what)
    return Uncertainty(chance, low, likely, high)
