"""Precision and recall of the rules that read the prose, over the sentence set.

Each case of ``tests/data/prose_sentences.json`` is one sentence put in a description, a note or
the introduction of a one-measure catalog with one of the set's tables; the prose rules
(:data:`PROSE_RULES`) run on it and what they find is compared with what the case expects. A
finding the case expects is a true positive, one it does not a false positive, an expected one
not found a false negative::

    PYTHONPATH=src .venv/bin/python bench/prose_accuracy.py [--verbose] [--speed]

``--speed`` also times the prose rules against the other rules on the reference catalog and on
a generated catalog of 1,000 measures (``bench/generate.py``), best of 5 cold runs (the caches
of the sentences and amounts cleared before each).

``tests/test_prose.py`` runs the same cases (every one must come out as expected).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from omprio.check import RULES
from omprio.findings import Finding
from omprio.model import AreaBudget, Catalog, Line, Measure, OverviewTotal, Source
from omprio.money import kroner, parse_danish

CASES = Path(__file__).resolve().parent.parent / "tests" / "data" / "prose_sentences.json"
PROSE_RULES = ("prose-year-list", "prose-approximate", "prose-amount", "prose-staff",
               "prose-percent", "prose-number-format", "intro-total")
YEARS = (2024, 2025, 2026, 2027)
_WHERE = Source("prose_sentences.json", 1)
_TOTAL = {year: Decimal(-19730) for year in YEARS}


@dataclass(frozen=True)
class Case:
    """One sentence of the set, where it stands, its table and the rules it must trip."""

    number: int
    text: str
    where: str
    table: str
    kind: str
    expect: frozenset[str]
    known_miss: str | None = None


def load_cases(path: Path = CASES) -> tuple[dict[str, Any], list[Case]]:
    """The set's tables and cases."""
    data = json.loads(path.read_text(encoding="utf-8"))
    cases = [Case(number, item["text"], item["in"], item["table"], item["kind"],
                  frozenset(item["expect"]), item.get("known_miss"))
             for number, item in enumerate(data["cases"], start=1)]
    return data["tables"], cases


def _amounts(values: list[str]) -> dict[int, Decimal]:
    parsed = {year: parse_danish(value) for year, value in zip(YEARS, values, strict=True)}
    return {year: value for year, value in parsed.items() if value is not None}


def catalog_for(case: Case, tables: dict[str, Any]) -> Catalog:
    """A one-measure catalog with the case's table and its sentence where the case puts it."""
    table = tables[case.table]
    measure = Measure(
        code="X-1", theme="1A", title="Tiltaget",
        description=case.text if case.where == "description" else "",
        lines=tuple(Line(label, _amounts(values), _WHERE) for label, values in table["lines"]),
        adjustments=tuple(Line(label, _amounts(values), _WHERE)
                          for label, values in table["adjustments"]),
        net=_amounts(table["net"]), fte=_amounts(table["fte"]), sector="1.20 Drift",
        area_budget=AreaBudget(table["budget"], kroner(table["budget"])),
        stated_savings_pct=table["savings"],
        notes=(case.text,) if case.where == "note" else (),
        source=_WHERE, years=YEARS, price_base="2024-PL", unit="1.000 kr.",
    )
    return Catalog(
        title="Omprioriteringskatalog 2024-2027", organisation="Aarhus Kommune",
        department=None, date=None, years=YEARS, price_base="2024-PL", unit="1.000 kr.",
        introduction=case.text if case.where == "introduction" else "",
        themes=(), measures=(measure,), overview=(),
        overview_totals=(OverviewTotal("OMPRIORITERINGSTILTAG, I ALT", "TILTAG", None, _TOTAL,
                                       _WHERE),),
        source=_WHERE, target=dict(_TOTAL),
    )


def prose_findings(catalog: Catalog) -> list[Finding]:
    """What the prose rules find in ``catalog``."""
    return [found for registered in RULES if registered.id in PROSE_RULES
            for found in registered.run(catalog)]


def found_rules(case: Case, tables: dict[str, Any]) -> frozenset[str]:
    """The prose rules that speak on the case's sentence."""
    return frozenset(found.rule for found in prose_findings(catalog_for(case, tables)))


def main(argv: list[str]) -> int:
    tables, cases = load_cases()
    true_positive = false_positive = false_negative = 0
    for case in cases:
        found = found_rules(case, tables)
        true_positive += len(found & case.expect)
        false_positive += len(found - case.expect)
        false_negative += len(case.expect - found)
        if "--verbose" in argv or found != case.expect:
            mark = "ok " if found == case.expect else "known" if case.known_miss else "BAD"
            print(f"{mark} {case.number:3} {case.kind:12} expect {sorted(case.expect)} "
                  f"found {sorted(found)}: {case.text}")
    precision = true_positive / (true_positive + false_positive) if true_positive else 0.0
    recall = true_positive / (true_positive + false_negative) if true_positive else 0.0
    expected = sum(1 for case in cases if case.expect)
    print(f"{len(cases)} sentences ({expected} with a finding expected, "
          f"{len(cases) - expected} without): precision {precision:.1%}, recall {recall:.1%} "
          f"({true_positive} found as expected, {false_positive} false alarms, "
          f"{false_negative} missed)")
    if "--speed" in argv:
        _speed()
    return 0


def _speed() -> None:
    import time

    from generate import generate
    from omprio.check.prose import quantities, text
    from omprio.read import load_bytes

    seed_path = Path(__file__).resolve().parent.parent / "src/omprio/data/aarhus-msb-2024-2027.txt"
    seed = load_bytes(seed_path.read_bytes(), seed_path.name).catalog
    others = [registered for registered in RULES if registered.id not in PROSE_RULES]
    prose = [registered for registered in RULES if registered.id in PROSE_RULES]
    for name, catalog in (("reference catalog (19 measures)", seed),
                          ("generated, 1,000 measures", generate(1000))):
        times: dict[str, float] = {"other rules": 1e9, "prose rules": 1e9}
        for _ in range(5):
            for label, rules in (("other rules", others), ("prose rules", prose)):
                text._split.cache_clear()
                quantities.amounts.cache_clear()
                quantities.year_lists.cache_clear()
                text._LAST.clear()
                started = time.perf_counter()
                for registered in rules:
                    list(registered.run(catalog))
                times[label] = min(times[label], time.perf_counter() - started)
        print(f"{name}: other rules {times['other rules'] * 1000:.1f} ms, "
              f"prose rules {times['prose rules'] * 1000:.1f} ms")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
