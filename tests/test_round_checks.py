"""Checks on a budget round: the seed's round is clean; each rule fires on what it is for."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from omprio.check import RULES
from omprio.check.rounds import ROUND_RULES, check_round, parts_sum
from omprio.findings import Finding, Severity
from omprio.model import Catalog
from omprio.read import load_bytes
from omprio.rounds.allocate import Part, allocation
from omprio.rounds.model import BudgetRound, Key, KeyKind
from test_round_allocate import ADMIN_SHARES, YEARS, aarhus_round
from web_support import SEED_BYTES

D = Decimal
RULES_DOC = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text("utf-8")


def seed() -> Catalog:
    return load_bytes(SEED_BYTES, "seed.txt").catalog


def rules(found: list[Finding]) -> list[str]:
    return [item.rule for item in found]


def test_the_seed_round_and_its_catalog_have_no_findings() -> None:
    assert check_round(aarhus_round(), {1: seed()}) == []
    assert check_round(aarhus_round(), {}) == []  # a link whose catalog is not given: skipped


def test_a_key_that_does_not_add_up() -> None:
    shares = {**ADMIN_SHARES, "MSB": D("28.0")}
    budget_round = aarhus_round().with_key(
        Key("ADM", "Den administrative nøgle", KeyKind.SHARES, shares))
    found = check_round(budget_round, {1: seed()})
    key_sum = [f for f in found if f.rule == "round-key-sum"]
    assert len(key_sum) == 1 and key_sum[0].severity is Severity.ERROR
    assert key_sum[0].source.path == "round:Budget 2024"
    assert key_sum[0].message("da") == ("Andelene i fordelingsnøglen ADM (Den administrative "
                                        "nøgle) giver 99,6 %, -0,4 procentpoint fra 100 %")
    assert "99.6 %, -0.4 percentage points" in key_sum[0].message("en")
    # Its parts then add up to 99,6 % of the amount, not the amount: the real split shows it.
    parts = [f for f in found if f.rule == "round-parts-sum"]
    assert [f.year for f in parts] == list(YEARS)
    assert dict(parts[0].params)["amount"] == D(-48415)
    assert dict(parts[0].params)["total"] == D(-48221)  # -48.415 · 0,996 = -48.221,34


def test_a_department_without_a_share() -> None:
    shares = {code: value for code, value in ADMIN_SHARES.items() if code != "BA"}
    shares["MBU"] += D("5.5")
    budget_round = aarhus_round().with_key(Key("ADM", "Nøgle", KeyKind.SHARES, shares))
    found = check_round(budget_round, {1: seed()})
    assert rules(found) == ["round-key-missing"]
    assert found[0].severity is Severity.WARNING
    assert found[0].message("da") == ("BA har ingen andel i fordelingsnøglen ADM, som "
                                      "sparekravet »Administrative besparelser« bruger")
    # A share of 0 is a share: no finding.
    with_zero = aarhus_round().with_key(Key("ADM", "Nøgle", KeyKind.SHARES,
                                            {**shares, "BA": D(0)}))
    assert check_round(with_zero, {}) == []
    # Through a mix: a department no key of the mix names.
    mixed = budget_round.with_key(Key("MIX", "Mix", KeyKind.MIX, {"ADM": D(100)}))
    mixed = mixed.with_requirement(replace(mixed.requirements[0], key="MIX"))
    assert [(f.rule, dict(f.params)["code"]) for f in check_round(mixed, {})] == [
        ("round-key-missing", "MIX")]


def test_parts_that_do_not_add_up_are_found() -> None:
    budget_round = aarhus_round()
    parts = allocation(budget_round)
    assert list(parts_sum(budget_round, parts)) == []  # the split holds
    broken = {name: {code: dict(years) for code, years in by.items()}
              for name, by in parts.items()}
    msb = broken["Velfærdspuljen"]["MSB"]
    msb[2026] = Part(msb[2026].amount + 1, msb[2026].unrounded)
    found = list(parts_sum(budget_round, broken))
    assert len(found) == 1
    item = found[0]
    assert (item.rule, item.severity, item.year) == ("round-parts-sum", Severity.ERROR, 2026)
    assert item.message("da") == ("Afdelingernes dele af »Velfærdspuljen« giver -74.999 i "
                                  "2026, men der skal fordeles -75.000 (forskel 1)")
    assert "add up to -74,999 in 2026, but -75,000 is to be split" in item.message("en")
    # The amount split is less the central part, rounded half away from zero.
    central = budget_round.with_requirement(replace(
        budget_round.requirements[1], central={2024: D("-1000.5")}))
    assert list(parts_sum(central, allocation(central))) == []
    shifted = list(parts_sum(central, parts))
    # -75.000 less -1.000,5 central is -73.999,5 to split: -74.000 whole.
    assert [(f.year, dict(f.params)["amount"]) for f in shifted] == [(2024, D(-74000))]


def test_a_catalog_whose_target_is_not_its_share() -> None:
    catalog = seed()
    stated = {**catalog.target, 2025: D(-19000)}
    found = check_round(aarhus_round(), {1: replace(catalog, target=stated)})
    assert rules(found) == ["round-target"]
    item = found[0]
    assert item.severity is Severity.WARNING and item.year == 2025
    assert item.source == catalog.source
    assert item.message("da") == ("Kataloget »Omprioriteringskatalog 2024–2027« angiver et "
                                  "sparekrav på -19.000 i 2025, men MSBs andel er -19.730 "
                                  "(forskel 730)")
    assert "-19,000 in 2025" in item.message("en")
    assert check_round(aarhus_round(), {1: replace(catalog, target={})}) == []
    # At another price level the amounts are not compared: the price level is the finding.
    elsewhere = replace(catalog, target=stated, price_base="2025-PL")
    assert rules(check_round(aarhus_round(), {1: elsewhere})) == ["round-price-level"]


def test_a_catalog_at_another_price_level() -> None:
    catalog = seed()
    found = check_round(aarhus_round(), {1: replace(catalog, price_base="25-PL")})
    assert rules(found) == ["round-price-level"]
    assert found[0].severity is Severity.ERROR and found[0].source == catalog.source
    assert found[0].message("da") == ("Kataloget »Omprioriteringskatalog 2024–2027« er i "
                                      "25-PL (2025), budgetrunden i 2024-PL")
    assert check_round(aarhus_round(), {1: replace(catalog, price_base="PL 2024")}) == []
    none = check_round(aarhus_round(), {1: replace(catalog, price_base=None)})
    assert rules(none) == ["round-price-level"] and none[0].severity is Severity.WARNING
    assert none[0].key == "round-price-level.none" and "2024 prices" in none[0].message("en")


def every_finding() -> list[Finding]:
    """Findings of every rule of check/rounds.py, from the cases above."""
    catalog = seed()
    bad_key = aarhus_round().with_key(Key("ADM", "", KeyKind.SHARES,
                                          {**ADMIN_SHARES, "BA": D(1)}))
    missing = aarhus_round().with_key(Key("ADM", "", KeyKind.SHARES,
                                          {"MBU": D(50), "MSB": D(50)}))
    other: BudgetRound = replace(aarhus_round(), price_level=2025)
    moved = aarhus_round().with_key(Key("ADM", "", KeyKind.SHARES,
                                        {**ADMIN_SHARES, "MSB": D(20), "MBU": D("38.5")}))
    return [*check_round(bad_key, {1: replace(catalog, target={2024: D(-1)})}),
            *check_round(missing, {1: replace(catalog, price_base=None)}),
            *check_round(other, {1: catalog}), *check_round(moved, {1: catalog})]


def test_every_round_rule_is_documented_and_is_not_a_catalog_rule() -> None:
    section = RULES_DOC.split("## Budget round", 1)[1].split("\n## ", 1)[0]
    documented = dict(re.findall(r"^\| `([a-z-]+)` \| (\w+)", section, flags=re.MULTILINE))
    assert set(documented) == set(ROUND_RULES)
    for rule_id, severity in ROUND_RULES.items():
        assert documented[rule_id] == severity.value
    produced = {item.rule for item in every_finding()}
    assert produced == set(ROUND_RULES)  # each rule can fire, and only these
    assert not produced & {registered.id for registered in RULES}
    for item in every_finding():
        assert item.message("da") != item.message("en")
        assert "{" not in item.message("da") and "{" not in item.message("en")
