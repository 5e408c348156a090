"""Where each department stands: its parts of the requirements, what its catalogs deliver, gap.

:func:`round_status` takes a round and the catalogs linked to it (the latest version of each,
by id) and gives, per department and year: each requirement's part (whole and unrounded), what
the linked catalogs' measures deliver toward it (the measures of the overview section the link
names for it, plus designated proposals for a frame-cut requirement), the gap (delivered −
requirement: + short, − more than required, the sign of docs/glossary.md) and, for a frame cut,
the residual (the part less the designated proposals) that the frame-cut measure must cut. The
same figures feed ``omprio round show``, the round's pages, its JSON twin and the API.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from omprio.model import Catalog, in_catalog, target_total
from omprio.money import ZERO, to_json_number
from omprio.rounds.allocate import Part, allocation
from omprio.rounds.model import BudgetRound, Link, Requirement

Parts = Mapping[str, Mapping[str, Mapping[int, Part]]]
"""Requirement name → department → year → part (what :func:`allocation` gives)."""


class Standing(StrEnum):
    """A department's status in the round."""

    MET = "met"
    """Its catalogs deliver every requirement every year (gap ≤ 0)."""
    SHORT = "short"
    """Its catalogs deliver less than required in some year."""
    NO_CATALOG = "no-catalog"
    """No catalog is linked for it (and it has a part of some requirement)."""
    NOTHING = "nothing"
    """It has no part of any requirement."""


@dataclass(frozen=True, slots=True)
class RequirementLine:
    """A department's part of one requirement, and what is delivered toward it."""

    name: str
    parts: Mapping[int, Part]
    delivered: Mapping[int, Decimal]
    designated: Mapping[int, Decimal]
    frame_cut: bool

    @property
    def amounts(self) -> dict[int, int]:
        """The whole part per year."""
        return {year: part.amount for year, part in self.parts.items()}

    @property
    def gap(self) -> dict[int, Decimal]:
        """Delivered − required per year (+ short)."""
        return {year: self.delivered.get(year, ZERO) - part.amount
                for year, part in self.parts.items()}

    @property
    def residual(self) -> dict[int, Decimal]:
        """For a frame cut: the part less the designated proposals (what the cut must take)."""
        return {year: part.amount - self.designated.get(year, ZERO)
                for year, part in self.parts.items()}


@dataclass(frozen=True, slots=True)
class DepartmentStatus:
    """One row of the municipality view."""

    code: str
    name: str
    lines: tuple[RequirementLine, ...]
    catalogs: tuple[int, ...]
    years: tuple[int, ...]

    @property
    def required(self) -> dict[int, Decimal]:
        """The department's parts of all requirements, per year."""
        return {y: sum((Decimal(line.parts[y].amount) for line in self.lines), ZERO)
                for y in self.years}

    @property
    def delivered(self) -> dict[int, Decimal]:
        """What its catalogs (and designated proposals) deliver, per year."""
        return {y: sum((line.delivered.get(y, ZERO) for line in self.lines), ZERO)
                for y in self.years}

    @property
    def gap(self) -> dict[int, Decimal]:
        """Delivered − required per year (+ short)."""
        delivered, required = self.delivered, self.required
        return {y: delivered[y] - required[y] for y in self.years}

    @property
    def standing(self) -> Standing:
        """Met, short, no catalog or nothing required."""
        if all(v == 0 for v in self.required.values()):
            return Standing.NOTHING
        if not self.catalogs and not any(any(line.designated.values()) for line in self.lines):
            return Standing.NO_CATALOG
        return Standing.SHORT if any(v > 0 for v in self.gap.values()) else Standing.MET


@dataclass(frozen=True, slots=True)
class RoundStatus:
    """The whole municipality view."""

    budget_round: BudgetRound
    departments: tuple[DepartmentStatus, ...]

    def totals(self, name: str) -> dict[int, Decimal]:
        """Requirement ``name``'s departments' parts added up, per year."""
        return {y: sum((Decimal(line.parts[y].amount) for d in self.departments
                        for line in d.lines if line.name == name), ZERO)
                for y in self.budget_round.years}


@dataclass(frozen=True, slots=True)
class Delivery:
    """What the status needs of a linked catalog: its measures' nets added up per overview
    section (``None`` for measures in no named section) and year, its stated target and the
    section of its target total, its price level and title. Made once per stored version."""

    by_section: Mapping[str | None, Mapping[int, Decimal]]
    target: Mapping[int, Decimal]
    target_section: str | None
    price_base: str | None
    title: str


def measure_sections(catalog: Catalog) -> dict[str, str | None]:
    """Each measure's overview section (``None`` where the overview names none)."""
    sections: dict[str, str | None] = {m.code: None for m in catalog.measures}
    for row in catalog.overview:
        if row.measure is not None and row.measure in sections:
            sections[row.measure] = row.section
    return sections


def _normal(text: str | None) -> str | None:
    return " ".join(text.split()).casefold() if text else None


def delivery(catalog: Catalog) -> Delivery:
    """The :class:`Delivery` of ``catalog`` (its accepted measures: :func:`in_catalog`)."""
    catalog = in_catalog(catalog)
    total = target_total(catalog.overview_totals)
    return delivery_of(((m.code, m.net) for m in catalog.measures),
                       ((row.section, row.measure) for row in catalog.overview),
                       catalog.target, total.section if total is not None else None,
                       catalog.price_base, catalog.title)


def delivery_of(measures: Iterable[tuple[str, Mapping[int, Decimal | int]]],
                overview: Iterable[tuple[str | None, str | None]],
                target: Mapping[int, Decimal], target_section: str | None,
                price_base: str | None, title: str) -> Delivery:
    """The :class:`Delivery` of a catalog given only what it needs: each measure's code and
    net (in document order), each overview row's section and measure code, the target, the
    section of the target total (:func:`omprio.model.target_total`), price level and title -
    what the workspace reads of a stored version without building the whole catalog."""
    nets = list(measures)
    sections: dict[str, str | None] = {code: None for code, _ in nets}
    for section, code in overview:
        if code is not None and code in sections:
            sections[code] = section
    named = {section: _normal(section) for section in set(sections.values())}
    by_section: dict[str | None, dict[int, Decimal]] = {}
    for code, net in nets:
        totals = by_section.setdefault(named[sections[code]], {})
        for year, value in net.items():
            totals[year] = totals.get(year, ZERO) + value
    return Delivery(by_section, dict(target), _normal(target_section), price_base, title)


def delivery_to_json(found: Delivery) -> dict[str, object]:
    """``found`` as JSON (what the workspace keeps with each catalog version); exact numbers,
    or ValueError for a total a JSON number cannot hold exactly."""
    def numbers(amounts: Mapping[int, Decimal]) -> dict[str, int | float]:
        return {str(year): to_json_number(Decimal(value)) for year, value in amounts.items()}

    return {"by_section": [{"section": section, "amounts": numbers(amounts)}
                           for section, amounts in found.by_section.items()],
            "target": numbers(found.target), "target_section": found.target_section,
            "price_base": found.price_base, "title": found.title}


def delivery_from_json(data: Mapping[str, Any]) -> Delivery:
    """The :class:`Delivery` :func:`delivery_to_json` wrote (parsed with
    :func:`omprio.money.loads_stored`)."""
    def amounts(value: Mapping[str, Any]) -> dict[int, Decimal]:
        return {int(year): Decimal(number) for year, number in value.items()}

    return Delivery({item["section"]: amounts(item["amounts"]) for item in data["by_section"]},
                    amounts(data["target"]), data["target_section"], data["price_base"],
                    data["title"])


def _as_delivery(linked: Catalog | Delivery) -> Delivery:
    return linked if isinstance(linked, Delivery) else delivery(linked)


def delivered_by(linked: Catalog | Delivery, link: Link, requirement: str) -> dict[int, Decimal]:
    """What the linked catalog's measures deliver toward ``requirement`` under ``link``, per
    year: those of the section the link names for it, else those of no named section."""
    found = _as_delivery(linked)
    named = {_normal(s) for s in link.sections.values()}
    own = link.sections.get(requirement)
    totals: dict[int, Decimal] = {}
    for section, amounts in found.by_section.items():
        counts = section == _normal(own) if own is not None else section not in named
        if counts:
            for year, value in amounts.items():
                totals[year] = totals.get(year, ZERO) + value
    return totals


def linked_requirements(link: Link, linked: Catalog | Delivery) -> list[str]:
    """The requirements of ``link`` that the linked catalog's target answers: those delivered
    by the section of its target total, else those without a section (none when the link
    names sections for all of them and none is the target's)."""
    section = _as_delivery(linked).target_section
    chosen = [name for name in link.requirements
              if name in link.sections and _normal(link.sections[name]) == section]
    return chosen or [name for name in link.requirements if name not in link.sections]


def linked_target(budget_round: BudgetRound, link: Link, linked: Catalog | Delivery,
                  parts: Parts | None = None) -> dict[int, int]:
    """The target the linked catalog should state under ``link``: the department's parts of
    :func:`linked_requirements`; ``parts`` is the round's :func:`allocation` when it is at
    hand."""
    chosen = linked_requirements(link, linked)
    parts = parts if parts is not None else allocation(budget_round)
    return {year: sum(parts[name][link.department][year].amount for name in chosen)
            for year in budget_round.years}


def round_status(budget_round: BudgetRound, catalogs: Mapping[int, Catalog | Delivery],
                 parts: Parts | None = None) -> RoundStatus:
    """The municipality view of ``budget_round`` with the latest versions of its catalogs
    (each as a catalog or its :class:`Delivery`; a linked catalog missing here delivers
    nothing); ``parts`` is the round's :func:`allocation` when it is at hand."""
    deliveries = {cid: _as_delivery(linked) for cid, linked in catalogs.items()}
    parts = parts if parts is not None else allocation(budget_round)
    rows = []
    for department in budget_round.departments:
        links = [k for k in budget_round.links if k.department == department.code]
        lines = tuple(_line(budget_round, r, parts[r.name][department.code], links, deliveries,
                            department.code)
                      for r in budget_round.requirements)
        rows.append(DepartmentStatus(department.code, department.name, lines,
                                     tuple(k.catalog_id for k in links
                                           if k.catalog_id in deliveries), budget_round.years))
    return RoundStatus(budget_round, tuple(rows))


def _line(budget_round: BudgetRound, requirement: Requirement, parts: Mapping[int, Part],
          links: list[Link], catalogs: Mapping[int, Delivery], department: str) -> RequirementLine:
    delivered: dict[int, Decimal] = dict.fromkeys(budget_round.years, ZERO)
    designated: dict[int, Decimal] = dict.fromkeys(budget_round.years, ZERO)
    for item in budget_round.designated:
        if item.department == department and item.requirement == requirement.name:
            for year, value in item.amounts.items():
                designated[year] += value
    for link in links:
        catalog = catalogs.get(link.catalog_id)
        if catalog is None or requirement.name not in link.requirements:
            continue
        for year, value in delivered_by(catalog, link, requirement.name).items():
            if year in delivered:
                delivered[year] += value
    if requirement.frame_cut:
        delivered = {year: delivered[year] + designated[year] for year in delivered}
    return RequirementLine(requirement.name, parts, delivered, designated, requirement.frame_cut)
