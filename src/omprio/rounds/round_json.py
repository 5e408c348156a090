"""The interchange format ``omprio.round/1``: a budget round as JSON, both ways.

Documented in docs/round.md. Amounts, shares and index values are exact JSON numbers (read
back as the same ``Decimal``; never through a float), years are object keys, and every amount
is in the round's ``unit`` at its ``price_level``. Reading checks every field with a message
that names it (a :class:`~omprio.read_error.ReadError`) and then the round as a whole
(:func:`~omprio.rounds.model.validate`, a :class:`~omprio.rounds.problems.RoundProblem`);
``round_from_json(round_to_json(r)) == r``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from omprio.interchange import JsonReader
from omprio.money import to_json_number
from omprio.read_error import ReadError
from omprio.rounds.model import (
    BudgetRound,
    Department,
    Designated,
    Key,
    KeyKind,
    Link,
    PriceIndex,
    Requirement,
    validate,
)

FORMAT = "omprio.round/1"
JSON = dict[str, Any]


def _numbers(values: Mapping[Any, Decimal]) -> dict[str, int | float]:
    return {str(k): to_json_number(v) for k, v in values.items()}


def round_to_json(budget_round: BudgetRound) -> JSON:
    """The round as an ``omprio.round/1`` document."""
    r = budget_round
    return {
        "format": FORMAT,
        "name": r.name,
        "municipality": r.municipality,
        "period": r.period,
        "years": list(r.years),
        "price_level": r.price_level,
        "unit": r.unit,
        "wage_share": to_json_number(r.wage_share),
        "departments": [{"code": d.code, "name": d.name} for d in r.departments],
        "keys": [{"code": k.code, "name": k.name, "kind": k.kind.value,
                  "values": _numbers(k.values), "source": k.source} for k in r.keys],
        "requirements": [{"name": q.name, "key": q.key, "amounts": _numbers(q.amounts),
                          "central": _numbers(q.central), "frame_cut": q.frame_cut,
                          "source": q.source} for q in r.requirements],
        "designated": [{"department": d.department, "requirement": d.requirement,
                        "label": d.label, "amounts": _numbers(d.amounts)}
                       for d in r.designated],
        "links": [{"catalog_id": k.catalog_id, "department": k.department,
                   "requirements": list(k.requirements), "sections": dict(k.sections)}
                  for k in r.links],
        "index": None if r.index is None else {
            "name": r.index.name, "source": r.index.source,
            "kinds": {kind: _numbers(rows) for kind, rows in r.index.kinds.items()}},
    }


class _Reader(JsonReader):
    def mapping_of_numbers(self, value: Any, where: str) -> dict[str, Decimal]:
        data = self.obj(value if value is not None else {}, where)
        return {str(k): self.number(v, f"{where}.{k}") for k, v in data.items()}

    def whole(self, value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, "read.json.whole")
        return value

    def flag(self, value: Any, where: str) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self.fail(where, "read.json.boolean")
        return value

    def texts(self, value: Any, where: str) -> tuple[str, ...]:
        return tuple(self.required_text(v, f"{where}[{i}]")
                     for i, v in enumerate(self.lst(value, where)))

    def key(self, value: Any, where: str) -> Key:
        data = self.obj(value, where)
        kind = self.required_text(data.get("kind"), f"{where}.kind")
        if kind not in {k.value for k in KeyKind}:
            raise self.fail(f"{where}.kind", "read.json.choice", value=kind,
                            choices=", ".join(k.value for k in KeyKind))
        return Key(self.required_text(data.get("code"), f"{where}.code"),
                   self.text(data.get("name"), f"{where}.name") or "",
                   KeyKind(kind),
                   self.mapping_of_numbers(data.get("values"), f"{where}.values"),
                   self.text(data.get("source"), f"{where}.source") or "")

    def requirement(self, value: Any, where: str) -> Requirement:
        data = self.obj(value, where)
        return Requirement(self.required_text(data.get("name"), f"{where}.name"),
                           self.required_text(data.get("key"), f"{where}.key"),
                           self.amounts(data.get("amounts"), f"{where}.amounts"),
                           self.amounts(data.get("central"), f"{where}.central"),
                           self.flag(data.get("frame_cut"), f"{where}.frame_cut"),
                           self.text(data.get("source"), f"{where}.source") or "")

    def designated(self, value: Any, where: str) -> Designated:
        data = self.obj(value, where)
        return Designated(self.required_text(data.get("department"), f"{where}.department"),
                          self.required_text(data.get("requirement"), f"{where}.requirement"),
                          self.text(data.get("label"), f"{where}.label") or "",
                          self.amounts(data.get("amounts"), f"{where}.amounts"))

    def link(self, value: Any, where: str) -> Link:
        data = self.obj(value, where)
        sections = self.obj(data.get("sections") or {}, f"{where}.sections")
        return Link(self.whole(data.get("catalog_id"), f"{where}.catalog_id"),
                    self.required_text(data.get("department"), f"{where}.department"),
                    self.texts(data.get("requirements"), f"{where}.requirements"),
                    {str(k): self.required_text(v, f"{where}.sections.{k}")
                     for k, v in sections.items()})

    def index(self, value: Any, where: str) -> PriceIndex | None:
        if value is None:
            return None
        data = self.obj(value, where)
        kinds = self.obj(data.get("kinds") or {}, f"{where}.kinds")
        return PriceIndex(self.text(data.get("name"), f"{where}.name") or "",
                          {str(k): self.amounts(v, f"{where}.kinds.{k}")
                           for k, v in kinds.items()},
                          self.text(data.get("source"), f"{where}.source") or "")


def round_from_json(document: Any, path: str) -> BudgetRound:
    """A round from an ``omprio.round/1`` document (parsed with :func:`omprio.money.loads`),
    checked field by field (:class:`ReadError`) and as a whole (``RoundProblem``)."""
    r = _Reader(path, FORMAT)
    data = r.obj(document, "$")
    if data.get("format") != FORMAT:
        raise ReadError(path, "read.json.format", found=data.get("format"), format=FORMAT)
    years = tuple(r.year(y, f"years[{i}]") for i, y in enumerate(r.lst(data.get("years"), "years")))
    share = data.get("wage_share")
    return validate(BudgetRound(
        name=r.required_text(data.get("name"), "name"),
        municipality=r.text(data.get("municipality"), "municipality") or "",
        years=years,
        price_level=r.year(data.get("price_level"), "price_level"),
        unit=r.text(data.get("unit"), "unit") or "1.000 kr.",
        departments=tuple(
            Department(r.required_text(r.obj(d, f"departments[{i}]").get("code"),
                                       f"departments[{i}].code"),
                       r.text(d.get("name"), f"departments[{i}].name") or "")
            for i, d in enumerate(r.lst(data.get("departments"), "departments"))),
        keys=tuple(r.key(k, f"keys[{i}]") for i, k in enumerate(r.lst(data.get("keys"), "keys"))),
        requirements=tuple(r.requirement(q, f"requirements[{i}]")
                           for i, q in enumerate(r.lst(data.get("requirements"),
                                                       "requirements"))),
        designated=tuple(r.designated(d, f"designated[{i}]")
                         for i, d in enumerate(r.lst(data.get("designated"), "designated"))),
        links=tuple(r.link(k, f"links[{i}]")
                    for i, k in enumerate(r.lst(data.get("links"), "links"))),
        index=r.index(data.get("index"), "index"),
        wage_share=r.number(share, "wage_share") if share is not None else Decimal("0.7"),
    ))
