"""Price levels: reading a level's year, an index table, the exact factor and the conversion.

The index figures below are made up for the tests (omprio ships no index): wages 100 → 103,
other 100 → 102, a wage share of 70 %, so 2024 → 2025 is 0,7·1,03 + 0,3·1,02 = 1,027 exactly.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omprio import display, i18n
from omprio.check import check_catalog
from omprio.model import Catalog
from omprio.read import load_bytes
from omprio.rounds import prices
from omprio.rounds.model import KeyKind, PriceIndex
from omprio.rounds.prices import (
    convert,
    convert_catalog,
    convert_round,
    factor,
    index_from_csv,
    price_year,
    restate_level,
    same_level,
)
from omprio.rounds.problems import RoundProblem
from test_round_allocate import aarhus_round
from web_support import SEED_BYTES

D = Decimal
SHARE = D("0.7")
INDEX = PriceIndex("KL juni 2024", {"wages": {2024: D(100), 2025: D(103), 2026: D("106.2")},
                                    "other": {2024: D(100), 2025: D(102), 2026: D("103.5")}},
                   "kl.csv")


def seed() -> Catalog:
    return load_bytes(SEED_BYTES, "seed.txt").catalog


@pytest.mark.parametrize(("text", "year"), [
    ("2024-PL", 2024), ("24-PL", 2024), ("2025 p/l", 2025), ("2025-priser", 2025),
    ("PL 2025", 2025), ("2024", 2024), ("P/L 2026", 2026), ("2025 PL", 2025),
    ("(24-PL i 1.000 kr.)", 2024),
    ("Økonomiske konsekvenser 2024-2027 (2026-PL i 1.000 kr.)", 2026),
    ("2024-2027", None), ("PL", None), ("", None), (None, None), ("1.000 kr.", None),
])
def test_the_year_of_a_price_level(text: str | None, year: int | None) -> None:
    assert price_year(text) == year


@pytest.mark.parametrize(("text", "restated"), [
    ("2024-PL", "2025-PL"), ("24-PL", "25-PL"), ("PL 2024", "PL 2025"),
    ("2024 p/l", "2025 p/l"), ("2024-priser", "2025-priser"), ("2024", "2025"),
    (None, "2025-PL"), ("løbende priser", "2025-PL"),
    ("2024-2027 (2024-PL i 1.000 kr.)", "2024-2027 (2025-PL i 1.000 kr.)"),
])
def test_a_level_is_restated_in_its_own_notation(text: str | None, restated: str) -> None:
    assert restate_level(text, 2025) == restated


def test_an_index_of_levels_danish_and_english() -> None:
    danish = "\ufeffÅr;Løn;Øvrige\n2024;100;100\n2025;103,0;102\n\n# KL juni\n2026;106,2;103,5\n"
    english = "year,wages,other\n2026,106.2,103.5\n2024,100,100\n2025,103,102\n"
    for data, path in ((danish, "kl.csv"), (english, "kl-en.csv")):
        index = index_from_csv(data.encode("utf-8"), path)
        assert index.kinds == INDEX.kinds and index.source == path
    assert index_from_csv(danish.encode(), "data/kl.csv").name == "kl"
    only_total = index_from_csv("år;I ALT;note\n2024;100;x\n2025;102,7;y\n".encode(), "t.csv")
    assert only_total.kinds == {"total": {2024: D(100), 2025: D("102.7")}}
    # Three decimals are decimals where the separator is the table's decimal mark.
    three = {"total": {2024: D("103.245"), 2025: D(1032)}}
    assert index_from_csv(b"year;total\n2024;103,245\n2025;1032\n", "d.csv").kinds == three
    assert index_from_csv(b"year,total\n2024,103.245\n2025,1032\n", "e.csv").kinds == three


def test_rates_are_chained_into_an_index() -> None:
    marked = index_from_csv("år;løn %;øvrige (sats)\n2025;3;2\n2026;3,1;1,5 %\n".encode(),
                            "rates.csv")
    assert marked.kinds["wages"] == {2024: D(100), 2025: D(103), 2026: D("106.193")}
    assert marked.kinds["other"] == {2024: D(100), 2025: D(102), 2026: D("103.53")}
    told = index_from_csv(b"year,wages,other\n2025,3,2\n2026,3.1,1.5\n", "r.csv", rates=True)
    assert told.kinds == marked.kinds
    based = index_from_csv(b"year;total rate\n2024;\n2025;2,5\n", "b.csv")
    assert based.kinds == {"total": {2024: D(100), 2025: D("102.5")}}
    # Levels are kept to 6 decimals: 100 · 1,001³ = 100,3003001 → 100,3003.
    long = index_from_csv(b"year;total %\n2025;0,1\n2026;0,1\n2027;0,1\n", "l.csv")
    assert long.kinds["total"][2027] == D("100.3003")
    assert factor(marked, 2024, 2026, SHARE) == (Fraction(7, 10) * Fraction("1.06193")
                                                 + Fraction(3, 10) * Fraction("1.0353"))


@pytest.mark.parametrize(("data", "code", "where"), [
    (b"", "index-empty", "e.csv"),
    (b"# nothing\n\n", "index-empty", "e.csv"),
    (b"\xff\xfeyear", "index-not-utf8", "e.csv"),
    (b"year;wages\n", "index-empty", "e.csv"),
    (b"aar;wages\n2024;100\n", "index-no-year", "e.csv:1"),
    (b"year;rent\n2024;100\n", "index-no-kind", "e.csv:1"),
    ("år;løn;wages\n2024;100;100\n".encode(), "index-column-twice", "e.csv:1"),
    (b"year;wages\n2024;100;3\n", "index-fields", "e.csv:2"),
    (b"year;wages\n24;100\n", "index-bad-year", "e.csv:2"),
    (b"year;wages\n2024;100\n2025;101\n2024;100\n", "index-year-twice", "e.csv:4"),
    (b"year;wages\n2024;100\n2026;101\n", "index-year-gap", "e.csv:3"),
    (b"year;wages\n2024;100\n2025;x\n", "index-number", "e.csv:3"),
    (b"year;wages\n2024;100\n2025;1e999999\n", "index-number", "e.csv:3"),
    (b"year;wages\n2024;100\n2025;\n", "index-number", "e.csv:3"),
    (b"year;wages\n2024;0\n", "index-not-positive", "e.csv:2"),
    (b"year;wages %\n2024;-100\n", "index-bad-rate", "e.csv:2"),
    (b"year;wages\n2024;100\n2025;103.245\n", "index-ambiguous", "e.csv:3"),
    (b"year;wages %\n2024;1\n2025;999999999999\n2026;999999999999\n", "index-number",
     "e.csv:4"),
    (b'year,wages\n2024,100\n2025,"1,032"\n', "index-ambiguous", "e.csv:3"),
    (b"year;wages\n2024;" + b"1" * 200_000 + b"\n", "index-unreadable", "e.csv:2"),
])
def test_a_bad_index_table_is_refused_naming_the_line(data: bytes, code: str,
                                                      where: str) -> None:
    with pytest.raises(RoundProblem) as caught:
        index_from_csv(data, "e.csv")
    problem = caught.value
    assert problem.code == code
    danish, english = problem.text("da"), problem.text("en")
    assert danish != english and where in danish and where in english
    assert "{" not in danish and "{" not in english
    if code in {"index-number", "index-bad-year", "index-not-positive", "index-bad-rate",
                "index-ambiguous"}:
        column = "»year«" if code == "index-bad-year" else "»wages"
        assert column in danish and "kolonne" in danish and "column" in english


def test_the_factor_is_exact() -> None:
    assert factor(INDEX, 2024, 2025, SHARE) == Fraction("1.027")
    assert factor(INDEX, 2025, 2024, SHARE) == 1 / Fraction("1.027")  # back: ÷ the uprating
    assert factor(INDEX, 2024, 2026, SHARE) == (Fraction(7, 10) * Fraction("1.062")
                                                + Fraction(3, 10) * Fraction("1.035"))
    assert factor(INDEX, 2024, 2025, D(1)) == Fraction(103, 100)
    assert factor(INDEX, 2024, 2025, D(0)) == Fraction(102, 100)
    assert factor(INDEX, 2031, 2031, SHARE) == 1  # no index needed to stay
    total = PriceIndex("t", {"total": {2024: D(3), 2025: D(7)}})
    assert factor(total, 2024, 2025, SHARE) == Fraction(7, 3)


@pytest.mark.parametrize(("index", "years", "code"), [
    (INDEX, (2024, 2027), "index-missing-year"),
    (INDEX, (2023, 2024), "index-missing-year"),
    (PriceIndex("w", {"wages": {2024: D(1), 2025: D(2)}}), (2024, 2025), "index-kinds"),
    (PriceIndex("z", {"total": {2024: D(0), 2025: D(2)}}), (2024, 2025), "index-zero"),
])
def test_a_factor_the_index_cannot_give_is_refused(index: PriceIndex, years: tuple[int, int],
                                                   code: str) -> None:
    with pytest.raises(RoundProblem) as caught:
        factor(index, *years, SHARE)
    assert caught.value.code == code
    assert index.name in caught.value.text("da") and index.name in caught.value.text("en")
    if code == "index-missing-year":
        missing = years[1] if years[0] in INDEX.kinds["wages"] else years[0]
        assert caught.value.params == {"year": missing, "index": "KL juni 2024"}


def test_convert_rounds_each_amount_half_away_from_zero() -> None:
    f = Fraction(3, 2)
    assert convert({2024: D(-1), 2025: D(1), 2026: D(-3), 2027: D(0)}, f) == {
        2024: D(-2), 2025: D(2), 2026: D(-5), 2027: D(0)}  # -1,5; 1,5; -4,5: away from zero
    assert convert({2024: D("-10.5")}, Fraction(1)) == {2024: D("-10.5")}  # 1 changes nothing
    assert convert({2024: D(-19730)}, Fraction("1.027")) == {2024: D(-20263)}  # -20.262,71


def test_a_round_at_another_price_level() -> None:
    budget_round = replace(aarhus_round(), index=INDEX)
    moved = convert_round(budget_round, 2025)
    assert moved.price_level == 2025 and moved.index == INDEX
    assert moved.keys == budget_round.keys
    assert any(k.kind is KeyKind.BASE for k in moved.keys)  # base figures are not converted
    welfare = moved.requirement("Velfærdspuljen")
    assert welfare is not None and welfare.amounts == dict.fromkeys(
        budget_round.years, D(-77025))  # -75.000 · 1,027
    assert moved.designated[0].amounts[2024] == D(-4782)  # -4.656 · 1,027 = -4.781,712
    back = convert_round(moved, 2024)
    for before, after in zip(budget_round.requirements, back.requirements, strict=True):
        assert all(abs(after.amounts[y] - v) <= 1 for y, v in before.amounts.items())
    assert convert_round(budget_round, 2024) is budget_round
    with pytest.raises(RoundProblem) as caught:
        convert_round(aarhus_round(), 2025)
    assert caught.value.code == "index-none" and "2025" in caught.value.text("en")
    assert convert_round(aarhus_round(), 2025, INDEX) == moved


def _amounts(catalog: Catalog) -> list[dict[int, Decimal]]:
    found: list[dict[int, Decimal]] = [dict(catalog.target)]
    for measure in catalog.measures:
        found += [dict(line.amounts) for line in (*measure.lines, *measure.adjustments)]
        found.append(dict(measure.net))
    found += [dict(row.amounts) for row in catalog.overview]
    found += [dict(total.amounts) for total in catalog.overview_totals]
    return found


def test_a_catalog_at_another_price_level_and_back() -> None:
    catalog = seed()
    moved = convert_catalog(catalog, 2025, INDEX, SHARE)
    assert moved.price_base == "2025-PL"
    assert all(m.price_base == "2025-PL" and "(2025-PL i 1.000 kr.)" in m.caption
               for m in moved.measures if m.price_base is not None)
    assert moved.target == dict.fromkeys(catalog.years, D(-20263))
    msb_1 = moved.measure("MSB-1")
    assert msb_1 is not None and msb_1.net[2024] == D(-9340)  # -9.094 · 1,027 = -9.339,5 → -9.340
    assert [m.fte for m in moved.measures] == [m.fte for m in catalog.measures]
    back = convert_catalog(moved, 2024, INDEX, SHARE)
    assert back.price_base == "2024-PL"
    pairs = list(zip(_amounts(catalog), _amounts(back), strict=True))
    assert len(pairs) > 40
    for before, after in pairs:
        assert before.keys() == after.keys()
        assert all(abs(after[y] - before[y]) <= 1 for y in before)
    # Up by 2,7 % and back, every whole amount comes back as it was (½ ÷ 1,027 < ½); down and
    # up again, within one unit.
    assert all(before == after for before, after in pairs)
    again = convert_catalog(back, 2025, INDEX, SHARE)
    for before, after in zip(_amounts(moved), _amounts(again), strict=True):
        assert all(abs(after[y] - before[y]) <= 1 for y in before)
    assert convert_catalog(catalog, 2024, INDEX, SHARE) is catalog
    short = convert_catalog(replace(catalog, price_base="24-PL"), 2025, INDEX, SHARE)
    assert short.price_base == "25-PL"
    with pytest.raises(RoundProblem) as caught:
        convert_catalog(replace(catalog, price_base=None), 2025, INDEX, SHARE)
    assert caught.value.code == "catalog-no-price-level"


levels = st.decimals(min_value=80, max_value=160, places=2)


@settings(max_examples=300, deadline=None)
@given(wages=st.tuples(levels, levels), other=st.tuples(levels, levels),
       share=st.decimals(min_value=0, max_value=1, places=3),
       amounts=st.lists(st.integers(min_value=-10**9, max_value=10**9), min_size=1,
                        max_size=6))
def test_a_round_trip_comes_back_within_one_unit(wages: tuple[Decimal, Decimal],
                                                 other: tuple[Decimal, Decimal], share: Decimal,
                                                 amounts: list[int]) -> None:
    index = PriceIndex("p", {"wages": dict(zip((2024, 2025), wages, strict=True)),
                             "other": dict(zip((2024, 2025), other, strict=True))})
    there, home = factor(index, 2024, 2025, share), factor(index, 2025, 2024, share)
    given_amounts = {2024 + i: Decimal(a) for i, a in enumerate(amounts)}
    moved = convert(given_amounts, there)
    back = convert(moved, home)
    for year, value in given_amounts.items():
        assert moved[year] == moved[year].to_integral_value()
        assert abs(Fraction(moved[year]) - Fraction(value) * there) <= Fraction(1, 2)
        assert abs(back[year] - value) <= 1
    assert there * home == 1


def test_same_level_takes_one_and_refuses_a_mix() -> None:
    assert same_level({"Budget 2024": 2024, "MSB": 2024}) == 2024
    with pytest.raises(RoundProblem) as caught:
        same_level({"Budget 2025": 2025, "MSB": 2024, "BA": None})
    problem = caught.value
    assert problem.code == "mixed-price-levels"
    danish, english = problem.text("da"), problem.text("en")
    assert "Budget 2025: 2025-PL" in danish and "MSB: 2024-PL" in danish
    assert "BA: intet prisniveau" in danish and "BA: no price level" in english
    assert "MSB: 2024 prices" in english
    assert "--price-level 2025 --index FIL.csv" in danish
    assert "--price-level 2025 --index FILE.csv" in english
    with pytest.raises(RoundProblem):
        same_level({"MSB": None})
    with pytest.raises(ValueError, match="at least one"):
        same_level({})


def test_every_problem_of_prices_is_said_in_both_languages() -> None:
    source = Path(prices.__file__).read_text(encoding="utf-8")
    codes = set(re.findall(r'RoundProblem\(\s*"([a-z-]+)"', source))
    assert {"index-missing-year", "mixed-price-levels", "index-number"} <= codes
    for code in codes:
        danish, english = (i18n.t(f"round.{code}", lang) for lang in ("da", "en"))
        assert danish != f"round.{code}" and english != f"round.{code}", code
        assert danish != english, code


def test_a_converted_catalog_keeps_its_links_and_rounds_each_amount_on_its_own() -> None:
    moved = convert_catalog(seed(), 2025, INDEX, SHARE)
    found = {item.rule for item in check_catalog(moved)}
    # Levels, links and nets agree as before (an overview row is its measure's net, converted
    # the same way) ...
    assert not found & {"period-mismatch", "overview-mismatch", "theme-mismatch"}
    # ... but a total rounded on its own may differ from its rounded rows: ½ unit per row.
    for measure in moved.measures:
        for year, net in measure.net.items():
            lines = sum((line.amounts[year] for line in measure.lines), D(0))
            adjustments = sum((line.amounts[year] for line in measure.adjustments), D(0))
            count = len(measure.lines) + len(measure.adjustments) + 1
            assert abs(lines - net - adjustments) <= D(count) / 2
    for total in moved.overview_totals:
        rows = [row for row in moved.overview if row.section == total.section]
        for year, value in total.amounts.items():
            assert abs(value - sum((r.amounts[year] for r in rows), D(0))) <= D(len(rows) + 1) / 2


index_levels = st.dictionaries(
    st.sampled_from(["wages", "other", "total"]),
    st.lists(st.decimals(min_value=50, max_value=999, places=3), min_size=1, max_size=8),
    min_size=1)


@settings(max_examples=200, deadline=None)
@given(kinds=index_levels, first=st.integers(min_value=1990, max_value=2080),
       data=st.data())
def test_an_index_written_either_way_reads_back(kinds: dict[str, list[Decimal]], first: int,
                                                data: st.DataObject) -> None:
    years = range(first, first + min(len(v) for v in kinds.values()))
    names = {"wages": ("løn", "Wages"), "other": ("Øvrige", "other"), "total": ("i alt", "TOTAL")}
    order = data.draw(st.permutations(list(years)))
    for lang, separator, which in (("da", ";", 0), ("en", ",", 1)):
        lines = [separator.join(["år" if which == 0 else "Year",
                                 *(names[k][which] for k in kinds)])]
        lines += [separator.join([str(year), *(display.number(kinds[k][year - first], lang)
                                               for k in kinds)]) for year in order]
        index = index_from_csv(("\n".join(lines) + "\n").encode("utf-8-sig"), "i.csv")
        assert index.kinds == {k: {y: kinds[k][y - first] for y in years} for k in kinds}
