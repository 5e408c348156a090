"""Budget rounds as a service: what ``omprio round …``, the round's pages and the REST API call.

* :func:`view_round` - a stored round with where each department stands (its parts of the
  requirements, what its linked catalogs deliver, the gap, the residual of a frame cut) and the
  round's findings, for the departments the person may see;
* :func:`round_json` - the one encoder of that view (``round show --format json``, the pages'
  JSON twin and ``GET /api/v1/rounds/{id}`` agree key for key);
* the changes (:func:`department`, :func:`shares_key`, :func:`base_key`, :func:`mix_key`,
  :func:`requirement`, :func:`designated`, :func:`link`) are values the workspace applies as a
  new version (:meth:`omprio.store.rounds.Rounds.change_round`);
* :func:`pairs`, :func:`year_amounts` and :func:`base_figures` read what a person types
  (``MSB=28,4``, ``-50000,-60000,…``, a ``department;amount`` CSV) in their language, or say
  why not (a :class:`~omprio.rounds.problems.RoundProblem`).

A person limited to operating areas sees the departments whose code is among them; everyone
else (the finance office) sees all.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from omprio.check.rounds import check_round
from omprio.findings import Finding
from omprio.model import Catalog
from omprio.money import NumberRefused, to_json_number, typed_amount
from omprio.rounds import prices
from omprio.rounds.allocate import allocation, as_decimal
from omprio.rounds.model import (
    BudgetRound,
    Department,
    Designated,
    Key,
    KeyKind,
    Link,
    Requirement,
)
from omprio.rounds.problems import RoundProblem
from omprio.rounds.round_json import round_to_json
from omprio.rounds.status import (
    Delivery,
    DepartmentStatus,
    RoundStatus,
    delivery,
    linked_requirements,
    linked_target,
    round_status,
)
from omprio.store.accounts import Actor
from omprio.store.errors import WorkspaceError
from omprio.store.rounds import Change, StoredRound, refused
from omprio.store.workspace import StoredVersion, Workspace

MOST_PAIRS = 1000
"""Shares or weights one command or form may give at most."""


@dataclass(frozen=True, slots=True)
class LinkedCatalog:
    """A catalog linked to the round, as the view shows it."""

    id: int
    department: str
    title: str
    version: int | None
    """The version counted (None when it cannot be read by this person or is gone)."""
    price_base: str | None
    counted: bool
    """Whether what it delivers is counted: it is at the round's price level (or converted to
    it with the round's price and wage index)."""


@dataclass(frozen=True, slots=True)
class RoundView:
    """A stored round with its status, for one person."""

    stored: StoredRound
    status: RoundStatus
    departments: tuple[DepartmentStatus, ...]
    """The departments this person may see."""
    catalogs: tuple[LinkedCatalog, ...]
    findings: tuple[Finding, ...]
    all_departments: bool

    @property
    def budget_round(self) -> BudgetRound:
        """The round shown."""
        return self.status.budget_round


def sees_all(actor: Actor | None) -> bool:
    """Whether ``actor`` sees every department (no area limits)."""
    return actor is not None and (actor.role == "admin" or not actor.areas)


def view_round(ws: Workspace, round_id: int, actor: Actor | None,
               number: int | None = None, *, price_level: int | None = None,
               index: tuple[bytes, str] | None = None, lang: str = "da") -> RoundView:
    """The round (its latest version, or ``number``) as ``actor`` may see it; at
    ``price_level`` (the round's own by default) with the round's price and wage index, or
    ``index`` (a CSV's bytes and name) read in ``lang``."""
    stored = ws.stored_round(round_id, actor, number)
    budget_round = stored.budget_round
    if (price_level is not None and price_level != budget_round.price_level) or index:
        try:
            budget_round = _at_level(budget_round, price_level, index, lang)
        except RoundProblem as exc:
            raise refused(exc) from None
    deliveries: dict[int, Delivery] = {}
    checked: dict[int, Catalog | Delivery] = {}
    linked = []
    # What each linked catalog delivers, read once for all links from the stored nets (kept in
    # the process); a catalog at another price level than the one shown is read whole and
    # converted with the round's index, or not counted (round-price-level says why).
    found = ws.deliveries([k.catalog_id for k in budget_round.links], actor)
    for link in budget_round.links:
        if link.catalog_id not in found:
            linked.append(LinkedCatalog(link.catalog_id, link.department, "", None, None, False))
            continue
        info, made = found[link.catalog_id]
        level = prices.price_year(made.price_base)
        if level != budget_round.price_level and level is not None and budget_round.index:
            catalog = _at_round_level(ws.version(link.catalog_id, actor).catalog, budget_round)
            made = delivery(catalog)
        checked[link.catalog_id] = made
        counted = prices.price_year(made.price_base) == budget_round.price_level
        if counted:  # never add amounts at different price levels
            deliveries[link.catalog_id] = made
        linked.append(LinkedCatalog(link.catalog_id, link.department, made.title, info.number,
                                    made.price_base, counted))
    parts = allocation(budget_round)
    status = round_status(budget_round, deliveries, parts)
    everything = sees_all(actor)
    areas = set(actor.areas) if actor is not None else set()
    shown = tuple(d for d in status.departments if everything or d.code in areas)
    catalogs = tuple(c for c in linked if everything or c.department in areas)
    checked_round = budget_round if everything else replace(
        budget_round, links=tuple(k for k in budget_round.links if k.department in areas))
    introductions = ws.introductions([k.catalog_id for k in checked_round.links], actor)
    findings = check_round(checked_round, checked, parts, introductions)
    return RoundView(stored, status, shown, catalogs, tuple(findings), everything)


def _at_level(budget_round: BudgetRound, price_level: int | None,
              index: tuple[bytes, str] | None, lang: str) -> BudgetRound:
    """The round moved to ``price_level`` with ``index`` (else its own index)."""
    table = prices.index_from_csv(*index) if index is not None else budget_round.index
    if table is None:
        raise RoundProblem("needs-index", level=price_level)
    with_index = replace(budget_round, index=table)
    if price_level is None or price_level == budget_round.price_level:
        return with_index
    return prices.convert_round(with_index, price_level, table)


def _at_round_level(catalog: Catalog, budget_round: BudgetRound) -> Catalog:
    """A linked catalog at the round's (shown) price level: as it is when it is at it,
    converted when the round has a price and wage index and the catalog states its level,
    else as it is (and not counted)."""
    year = prices.price_year(catalog.price_base)
    if year == budget_round.price_level or year is None or budget_round.index is None:
        return catalog
    try:
        return prices.convert_catalog(catalog, budget_round.price_level, budget_round.index,
                                      budget_round.wage_share)
    except RoundProblem:
        return catalog  # the index lacks a year: not counted, round-price-level says so


def round_file(budget_round: BudgetRound, kind: str, lang: str = "da") -> bytes:
    """The round as an omprio.round/1 document (``json``) or its workbook (``xlsx``)."""
    if kind == "xlsx":
        from omprio.publish.round_excel import round_xlsx

        return round_xlsx(budget_round, lang)
    return (json.dumps(round_to_json(budget_round), ensure_ascii=False, indent=2) + "\n").encode()


# --- the one encoder ---------------------------------------------------------------------------


def _years(values: Mapping[int, Any]) -> dict[str, Any]:
    return {str(year): to_json_number(Decimal(value)) for year, value in sorted(values.items())}


def round_json(view: RoundView, lang: str = "da") -> dict[str, Any]:
    """The view as JSON: the round's identity, ``departments[]`` (each with its requirements'
    whole and unrounded parts, delivered and gap per year), ``totals`` per requirement and
    year, the linked catalogs and the findings."""
    r = view.budget_round
    return {
        "id": view.stored.id,
        "version": view.stored.version.number,
        "latest": view.stored.latest,
        "name": r.name,
        "municipality": r.municipality,
        "period": r.period,
        "years": list(r.years),
        "price_level": r.price_level,
        "unit": r.unit,
        "all_departments": view.all_departments,
        "departments": [_department(d) for d in view.departments],
        "totals": {q.name: _years(view.status.totals(q.name)) for q in r.requirements},
        "requirements": [{"name": q.name, "key": q.key, "frame_cut": q.frame_cut,
                          "amounts": _years(q.amounts), "central": _years(q.central)}
                         for q in r.requirements],
        "keys": [{"code": k.code, "name": k.name, "kind": k.kind.value,
                  "values": {c: to_json_number(v) for c, v in k.values.items()}}
                 for k in r.keys],
        "catalogs": [{"id": c.id, "department": c.department, "title": c.title,
                      "version": c.version, "price_base": c.price_base, "counted": c.counted}
                     for c in view.catalogs],
        "findings": [{"rule": f.rule, "severity": f.severity.value, "message": f.message(lang),
                      "year": f.year} for f in view.findings],
    }


def _department(status: DepartmentStatus) -> dict[str, Any]:
    return {
        "code": status.code,
        "name": status.name,
        "status": status.standing.value,
        "catalogs": list(status.catalogs),
        "requirements": [{
            "name": line.name,
            "frame_cut": line.frame_cut,
            "amounts": _years(line.amounts),
            "unrounded": {str(y): str(as_decimal(p.unrounded)) for y, p in line.parts.items()},
            "delivered": _years(line.delivered),
            "gap": _years(line.gap),
            **({"designated": _years(line.designated), "residual": _years(line.residual)}
               if line.frame_cut else {}),
        } for line in status.lines],
        "required": _years(status.required),
        "delivered": _years(status.delivered),
        "gap": _years(status.gap),
    }


# --- what people type --------------------------------------------------------------------------


def number(text: str, lang: str, what: str) -> Decimal:
    """One number typed in ``lang`` (``what`` names it in the message), or a RoundProblem."""
    try:
        return typed_amount(text, lang)
    except NumberRefused as exc:
        raise RoundProblem("not-a-number", what=what, problem=exc) from None


def pairs(items: Sequence[str], lang: str, what: str = "share") -> dict[str, Decimal]:
    """``CODE=NUMBER`` items (``MSB=28,4``) read in ``lang``; a code twice, a missing ``=`` or
    a number that is none is a RoundProblem."""
    if len(items) > MOST_PAIRS:
        raise RoundProblem("too-many", most=MOST_PAIRS)
    found: dict[str, Decimal] = {}
    for item in items:
        code, sep, written = item.partition("=")
        code = code.strip()
        if not sep or not code:
            raise RoundProblem("bad-pair", item=item[:60])
        if code in found:
            raise RoundProblem("pair-twice", code=code)
        found[code] = number(written, lang, f"{code}={written.strip()}")
    return found


def year_amounts(text: str, years: Sequence[int], lang: str) -> dict[int, Decimal]:
    """Amounts for the round's years in order (``-50000,-60000,-80000,-100000``; ``;`` or
    spaces also separate, so Danish decimals can be written ``-10,5;-11``), or ``YEAR=AMOUNT``
    items; more amounts than years is a RoundProblem."""
    separator = ";" if ";" in text else ","
    items = [_grouped(item.strip()) for item in text.split(separator)]
    items = [item for item in items if item]
    if items and all("=" in item for item in items):
        found = pairs(items, lang, "amount")
        result: dict[int, Decimal] = {}
        for year_text, value in found.items():
            if not (year_text.isascii() and year_text.isdigit()):
                raise RoundProblem("bad-pair", item=year_text)
            result[int(year_text)] = value
        return result
    if len(items) > len(years):
        raise RoundProblem("too-many-amounts", count=len(items), years=len(years),
                           period=f"{years[0]}-{years[-1]}" if years else "")
    return {year: number(item, lang, str(year)) for year, item in zip(years, items, strict=False)}


_GROUPED = re.compile(r"[+\-\u2212\u2013]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?", re.ASCII)


def _grouped(item: str) -> str:
    """An amount grouped by spaces the Danish way (``-50 000``, also with a no-break space)
    without them; anything else as it is."""
    return re.sub(r"[ \u00a0\u202f]", "", item) if _GROUPED.fullmatch(item) else item


def base_figures(data: bytes, name: str, lang: str) -> dict[str, Decimal]:
    """A ``department;amount`` CSV (``,`` also separates when there is no ``;``; a header line
    is skipped when its amount is no number) as base figures by department."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RoundProblem("csv-encoding", file=name) from None
    delimiter = ";" if ";" in text else ","
    found: dict[str, Decimal] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != 2:
            raise RoundProblem("csv-row", file=name, line=number)
        code, amount_text = row[0].strip(), row[1].strip()
        try:
            value = typed_amount(amount_text, lang)
        except NumberRefused as exc:
            if number == 1 and not found:
                continue  # a header
            raise RoundProblem("csv-number", file=name, line=number, problem=exc) from None
        if code in found:
            raise RoundProblem("pair-twice", code=code)
        found[code] = value
    if not found:
        raise RoundProblem("csv-empty", file=name)
    return found


# --- changes -----------------------------------------------------------------------------------


def on_latest(build: Callable[[BudgetRound], Change]) -> Change:
    """A change made from the round it is applied to (the latest version, read once under the
    round's lock): for input read by that round's years, departments or keys."""
    return lambda r: build(r)(r)


def department(code: str, name: str) -> Change:
    """Add a department (or rename the one with ``code``)."""
    code = code.strip()
    if not code:
        raise RoundProblem("bad-code", code=code)
    return lambda r: r.with_department(Department(code, name.strip() or code))


def shares_key(code: str, name: str, shares: Mapping[str, Decimal], source: str = "") -> Change:
    """A key of typed percents by department."""
    return lambda r: r.with_key(Key(code, name, KeyKind.SHARES, dict(shares), source))


def base_key(code: str, name: str, figures: Mapping[str, Decimal], source: str = "") -> Change:
    """A key computed from base figures by department."""
    return lambda r: r.with_key(Key(code, name, KeyKind.BASE, dict(figures), source))


def mix_key(code: str, name: str, weights: Mapping[str, Decimal], source: str = "") -> Change:
    """A key that weighs other keys (percent each, adding up to 100)."""
    return lambda r: r.with_key(Key(code, name, KeyKind.MIX, dict(weights), source))


def one_share(code: str, department_code: str, share: Decimal) -> Change:
    """One share of a key of typed percents changed (the rest kept)."""
    def change(r: BudgetRound) -> BudgetRound:
        key = r.key(code)
        if key is None:
            raise RoundProblem("unknown-key", key=code)
        if key.kind is not KeyKind.SHARES:
            raise RoundProblem("not-shares", key=code)
        return r.with_key(replace(key, values={**key.values, department_code: share}))
    return change


def requirement(name: str, key: str, amounts: Mapping[int, Decimal],
                central: Mapping[int, Decimal] | None = None, *, frame_cut: bool = False,
                source: str = "") -> Change:
    """A requirement on the whole municipality (added, or replacing the one of its name)."""
    return lambda r: r.with_requirement(Requirement(name, key, dict(amounts), dict(central or {}),
                                                    frame_cut, source))


def designated(department_code: str, requirement_name: str, label: str,
               amounts: Mapping[int, Decimal]) -> Change:
    """Designated proposals of a department toward a frame-cut requirement."""
    return lambda r: r.with_designated(Designated(department_code, requirement_name, label,
                                                  dict(amounts)))


def link(ws: Workspace, actor: Actor | None, catalog_id: int, department_code: str,
         requirements: Sequence[str], sections: Mapping[str, str] | None = None) -> Change:
    """Link a stored catalog (which ``actor`` can read) to the round for a department."""
    catalog = ws.version(catalog_id, actor).catalog  # NotFound when there is no such catalog
    if not requirements:
        raise RoundProblem("link-without-requirement")
    known = {" ".join(row.section.split()).casefold(): row.section
             for row in catalog.overview if row.section}
    for section in (sections or {}).values():
        if " ".join(section.split()).casefold() not in known:
            raise RoundProblem("unknown-section", section=section, catalog=catalog.title,
                               sections=", ".join(known.values()) or "-")
    return lambda r: r.with_link(Link(catalog_id, department_code, tuple(requirements),
                                      dict(sections or {})))


def price_index(data: bytes, name: str, wage_share: Decimal | None = None) -> Change:
    """Keep a price and wage index (a CSV, :func:`omprio.rounds.prices.index_from_csv`) with
    the round, and the wage share (percent) it converts with."""
    table = prices.index_from_csv(data, name)
    share = None if wage_share is None else wage_share / 100
    return lambda r: replace(r, index=table,
                             wage_share=r.wage_share if share is None else share)


def remove(*, department: str | None = None, key: str | None = None,
           requirement: str | None = None, link: int | None = None) -> Change:
    """Remove one thing from the round: a department (with its shares, designated proposals and
    links), a key no requirement or mix uses, a requirement (with its designated proposals and
    its place in links), or the link of a catalog. What is not in the round is a problem."""
    def change(r: BudgetRound) -> BudgetRound:
        if department is not None:
            if r.department(department) is None:
                raise RoundProblem("unknown-department", department=department)
            return replace(
                r, departments=tuple(d for d in r.departments if d.code != department),
                keys=tuple(k if k.kind is KeyKind.MIX else replace(
                    k, values={c: v for c, v in k.values.items() if c != department})
                    for k in r.keys),
                designated=tuple(d for d in r.designated if d.department != department),
                links=tuple(k for k in r.links if k.department != department))
        if key is not None:
            if r.key(key) is None:
                raise RoundProblem("unknown-key", key=key)
            users = [q.name for q in r.requirements if q.key == key] + [
                k.code for k in r.keys if k.kind is KeyKind.MIX and key in k.values]
            if users:
                raise RoundProblem("key-in-use", key=key, users=", ".join(users))
            return replace(r, keys=tuple(k for k in r.keys if k.code != key))
        if requirement is not None:
            if r.requirement(requirement) is None:
                raise RoundProblem("unknown-requirement", name=requirement)
            links = []
            for item in r.links:
                kept = tuple(n for n in item.requirements if n != requirement)
                if kept:
                    links.append(replace(item, requirements=kept, sections={
                        n: v for n, v in item.sections.items() if n != requirement}))
            return replace(
                r, requirements=tuple(q for q in r.requirements if q.name != requirement),
                designated=tuple(d for d in r.designated if d.requirement != requirement),
                links=tuple(links))
        if link is not None:
            if not any(k.catalog_id == link for k in r.links):
                raise RoundProblem("not-linked", catalog=link, round=r.name)
            return replace(r, links=tuple(k for k in r.links if k.catalog_id != link))
        raise RoundProblem("remove-what")
    return change


def change(ws: Workspace, round_id: int, make: Change, actor: Actor | None, *,
           base_version: int | None = None, message: str = "") -> StoredRound:
    """Apply a change as a new version; a RoundProblem becomes the workspace's 422."""
    try:
        return ws.change_round(round_id, make, actor, base_version=base_version, message=message)
    except RoundProblem as exc:
        raise refused(exc) from None


def set_catalog_target(ws: Workspace, round_id: int, catalog_id: int, actor: Actor | None,
                       message: str = "") -> tuple[StoredVersion, dict[int, Decimal]]:
    """Set a linked catalog's target to its department's share (the requirements its link
    answers, :func:`omprio.rounds.status.linked_target`) as a new version of the catalog; the
    version and the target. A catalog linked to no requirement of the round is a problem."""
    budget_round = ws.stored_round(round_id, actor).budget_round
    found = next((k for k in budget_round.links if k.catalog_id == catalog_id), None)
    if found is None:
        raise refused(RoundProblem("not-linked", catalog=catalog_id, round=budget_round.name))
    catalog = ws.version(catalog_id, actor).catalog
    if not linked_requirements(found, catalog):
        raise refused(RoundProblem("no-target-requirement", catalog=catalog_id))
    years = set(catalog.years)
    target = {year: Decimal(amount)
              for year, amount in linked_target(budget_round, found, catalog).items()
              if year in years}
    stored = ws.set_target(catalog_id, target, actor,
                           message=message or f"Måltal fra budgetrunden {budget_round.name}")
    return stored, target


def problem_error(exc: RoundProblem) -> WorkspaceError:
    """What a route or a command raises for a RoundProblem found before the workspace."""
    return refused(exc)


def given_numbers(values: Mapping[str, Decimal | str], lang: str) -> dict[str, Decimal]:
    """Shares, figures or weights by code as a request gives them: exact numbers as they are,
    texts read as a person types them in ``lang`` (``"28,4"``); a text that is no number is a
    RoundProblem naming it."""
    if len(values) > MOST_PAIRS:
        raise RoundProblem("too-many", most=MOST_PAIRS)
    return {code: value if isinstance(value, Decimal)
            else number(value, lang, f"{code}={value.strip()}")
            for code, value in values.items()}
