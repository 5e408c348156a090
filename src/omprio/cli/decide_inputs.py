"""What the decide commands read: catalogs and scenarios from files or the workspace, and the
options of ``omprio optimize`` / ``omprio scenario new`` made into a decide request.

A catalog argument names a stored catalog when ``--db`` is given, or when it is a number and no
such file exists; the CLI acts as an administrator named by ``--as`` (default: the login name).
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from omprio.cli.options import current_language, fail, warn
from omprio.cli.workspace_commands import workspace
from omprio.decide.constraints import Constraints, parse_caps
from omprio.decide.csv_inputs import read_harm
from omprio.decide.errors import DecideError
from omprio.decide.exact import parse_amount, parse_share
from omprio.decide.problem import Objective, Request
from omprio.decide.scenario import Scenario
from omprio.decide.scenario_json import is_scenario_document, read_scenario
from omprio.decide.targets import merge_targets, target_amounts, unique_measures
from omprio.display import Lang
from omprio.model import Catalog
from omprio.read import ReadError, load
from omprio.store.accounts import Actor


def load_catalog(path: Path) -> Catalog:
    """A catalog file, or one line on stderr and exit 2."""
    try:
        return load(path).catalog
    except ReadError as error:
        fail("cli.err.file", path=error.path, reason=error)


def inputs(path: Path, catalog: Path | None) -> tuple[Catalog, Scenario | None]:
    """The catalog, and the scenario when ``path`` is one (then ``--catalog`` names the catalog)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        fail("cli.err.no_file", path=path)
    except OSError as error:
        fail("cli.err.unreadable", path=path, reason=error.strerror or error)
    if is_scenario_document(data):
        scenario = read_scenario(path)
        if catalog is None:
            fail("cli.err.scenario_needs_catalog", path=path)
        loaded = load_catalog(catalog)
        check_title(scenario, loaded)
        return loaded, scenario
    return load_catalog(path), None


def check_title(scenario: Scenario, catalog: Catalog) -> None:
    """Warn when a scenario was made for another catalog."""
    if scenario.catalog_title and scenario.catalog_title != catalog.title:
        warn("cli.warn.other_catalog", name=scenario.name, made_for=scenario.catalog_title,
             title=catalog.title)


def codes(values: list[str] | None, catalog: Catalog) -> frozenset[str]:
    """Codes from repeated or comma-separated options, matched to the catalog's spelling."""
    known = {m.code.casefold(): m.code for m in unique_measures(catalog)}
    found: set[str] = set()
    for value in values or []:
        for part in value.split(","):
            code = part.strip()
            if code:
                found.add(known.get(code.casefold(), code))
    return frozenset(found)


def margin(text: str | None) -> Decimal:
    """``--margin 1.05`` (reach target × 1.05) or ``--margin 5%``: the margin as a share."""
    if text is None:
        return Decimal(0)
    token = text.strip()
    if token.endswith("%"):
        return parse_share(token, "margin")
    factor = parse_share(token, "margin")
    if factor < 1:
        raise DecideError("margin-factor", text=text)
    return factor - 1


def request(
    catalog: Catalog,
    scenario: Scenario | None,
    objective: Objective,
    target: list[str] | None,
    include: list[str] | None,
    exclude: list[str] | None,
    harm: Path | None,
    cap_theme: list[str] | None,
    cap_theme_count: list[str] | None,
    cap_area: list[str] | None,
    cap_area_count: list[str] | None,
    max_fte_cut: str | None,
    divisible: list[str] | None,
    all_measures: bool,
    margin_text: str | None,
) -> Request:
    """The decide request the options ask for, on top of a scenario's own (if any)."""
    base = scenario.request(objective) if scenario is not None else Request(objective=objective)
    language = current_language()
    for text in target or []:
        echo_amounts(target_amounts(text), language)
    given = Constraints(
        include=codes(include, catalog),
        exclude=codes(exclude, catalog),
        theme_caps=parse_caps(cap_theme or [], cap_theme_count or [], "theme"),
        area_caps=parse_caps(cap_area or [], cap_area_count or [], "area"),
        max_fte_cut=None
        if max_fte_cut is None
        else parse_amount(max_fte_cut, "fte-cut", language),
    )
    scores = read_harm(harm) if harm is not None else base.harm
    if harm is not None and objective != "harm":  # said, never silently ignored
        warn("cli.harm_unused", objective=objective)
    return Request(
        objective=objective,
        targets=merge_targets(target or [], catalog.years, base.targets, language),
        constraints=base.constraints.merged(given),
        harm=scores,
        divisible=base.divisible | codes(divisible, catalog),
        all_measures=all_measures or base.all_measures,
        margin=margin(margin_text),
    )


def echo_amounts(texts: list[str], language: Lang) -> None:
    """Say how an amount that means different amounts in Danish and English was read when the
    command's language reads it with three decimals (``-1,000`` in Danish is -1)."""
    from omprio import display
    from omprio.money import NumberRefused, reads_differently, typed_amount

    decimal_mark = "," if language == "da" else "."
    for text in texts:
        if reads_differently(text) and decimal_mark in text:
            try:
                value = typed_amount(text, language)
            except NumberRefused:
                continue
            warn("cli.read_as", text=text, value=display.number(value, language))


def cli_actor(name: str | None) -> Actor:
    """Who acts for the command line: an administrator named by ``--as`` or the login name."""
    return Actor(0, name or os.environ.get("USER") or "omprio", "admin")


def is_stored(value: str, db: str | None) -> bool:
    """Whether a catalog argument names a stored catalog: with ``--db`` always, else when it is
    a number and no such file exists."""
    return db is not None or (value.strip().isdecimal() and not Path(value).exists())


def catalog_id(value: str) -> int:
    """A stored catalog's id, or exit 2."""
    text = value.strip()
    if not text.isdecimal() or not 0 < int(text) < 2**31:
        fail("cli.err.not_catalog_id", value=value)
    return int(text)


def scenario_id(value: str) -> int:
    """A stored scenario's id, or exit 2."""
    text = value.strip()
    if not text.isdecimal() or not 0 < int(text) < 2**31:
        fail("cli.err.not_scenario_id", value=value)
    return int(text)


def _read(path: Path) -> Scenario:
    try:
        return read_scenario(path)
    except DecideError as error:
        fail(error)


def sources(
    names: list[str], catalog: str, db: str | None, as_user: str | None
) -> tuple[Catalog, list[Scenario]]:
    """The catalog and the scenarios: files, or (with a stored catalog) stored scenarios by id."""
    if not is_stored(catalog, db):
        loaded = load_catalog(Path(catalog))
        found: list[Scenario] = []
        for name in names:
            if not Path(name).exists() and name.strip().isdecimal():
                fail("cli.err.stored_scenario_needs_id", name=name)
            found.append(_read(Path(name)))
        return loaded, found
    number = catalog_id(catalog)
    actor = cli_actor(as_user)
    with workspace(db) as ws:
        loaded = ws.version(number, actor).catalog
        found = []
        for name in names:
            if Path(name).exists():
                found.append(_read(Path(name)))
            else:
                found.append(ws.scenario(number, scenario_id(name), actor).scenario)
    return loaded, found
