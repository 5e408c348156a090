"""Budget round: keys, the exact split of a requirement, and the seed's own figures.

The reference catalog says the administrative key gives MSB 28,4 % and that MSB's part of the
administrative savings is −13.750 / −13.750 / −13.590 / −13.590 t.kr., of which designated
proposals meet part and the rest, the residual, is the frame cut MSB-1 (−9.094 / −6.680 /
−6.310 / −6.026); MSB's part of the welfare pool is −19.730 a year, the catalog's target.
The municipal totals and the designated proposals below are stated here (the catalog does not
give them), chosen so that 28,4 % of them is MSB's part.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omprio.read import load_bytes
from omprio.rounds.allocate import (
    key_shares,
    requirement_parts,
    share_percent,
    split,
    whole_units,
)
from omprio.rounds.model import (
    BudgetRound,
    Department,
    Designated,
    Key,
    KeyKind,
    Link,
    Requirement,
    validate,
)
from omprio.rounds.problems import RoundProblem
from omprio.rounds.round_json import round_from_json, round_to_json
from omprio.rounds.status import Standing, linked_target, round_status
from web_support import SEED_BYTES

D = Decimal
YEARS = (2024, 2025, 2026, 2027)
AARHUS = ("MBU", "MSO", "MSB", "MTM", "MKB", "BA")
ADMIN_SHARES = {"MBU": D("30.1"), "MSO": D("21.5"), "MSB": D("28.4"), "MTM": D("8.9"),
                "MKB": D("5.6"), "BA": D("5.5")}


def aarhus_round() -> BudgetRound:
    """The Aarhus round of the seed, with municipal totals stated for the test."""
    return validate(BudgetRound(
        name="Budget 2024", municipality="Aarhus Kommune", years=YEARS, price_level=2024,
        departments=tuple(Department(code, code) for code in AARHUS),
        keys=(Key("ADM", "Den administrative nøgle", KeyKind.SHARES, ADMIN_SHARES),
              Key("VEL", "Velfærdspuljen", KeyKind.BASE,
                  {"MBU": D(14000), "MSO": D(20000), "MSB": D(19730), "MTM": D(9000),
                   "MKB": D(6270), "BA": D(6000)})),
        requirements=(
            Requirement("Administrative besparelser", "ADM",
                        dict(zip(YEARS, (D(-48415), D(-48415), D(-47852), D(-47852)),
                                 strict=True)), frame_cut=True),
            Requirement("Velfærdspuljen", "VEL", dict.fromkeys(YEARS, D(-75000)))),
        designated=(Designated("MSB", "Administrative besparelser", "Direktørudpegede forslag",
                               dict(zip(YEARS, (D(-4656), D(-7070), D(-7280), D(-7564)),
                                        strict=True))),),
        links=(Link(1, "MSB", ("Administrative besparelser", "Velfærdspuljen"),
                    {"Administrative besparelser": "ADMINISTRATIVE BESPARELSER"}),),
    ))


def test_the_administrative_key_gives_msb_28_4_percent() -> None:
    shares = key_shares(aarhus_round(), "ADM")
    assert share_percent(shares["MSB"]) == D("28.4")
    assert sum(shares.values()) == 1


def test_msb_s_parts_are_the_seed_s_and_its_residual_is_msb_1() -> None:
    budget_round = aarhus_round()
    catalog = load_bytes(SEED_BYTES, "seed.txt").catalog
    status = round_status(budget_round, {1: catalog})
    msb = next(d for d in status.departments if d.code == "MSB")
    admin, welfare = msb.lines
    assert admin.amounts == dict(zip(YEARS, (-13750, -13750, -13590, -13590), strict=True))
    assert welfare.amounts == dict.fromkeys(YEARS, -19730)
    assert admin.residual == dict(zip(YEARS, (D(-9094), D(-6680), D(-6310), D(-6026)),
                                      strict=True))
    assert catalog.measure("MSB-1") is not None
    assert admin.residual == dict(catalog.measure("MSB-1").net)  # type: ignore[union-attr]
    # The catalog delivers both: MSB-1 plus the designated proposals, and the welfare measures.
    assert admin.gap == dict.fromkeys(YEARS, D(0))
    assert welfare.gap == dict.fromkeys(YEARS, D(0))
    assert msb.standing is Standing.MET
    assert linked_target(budget_round, budget_round.links[0], catalog) == dict.fromkeys(
        YEARS, -19730)
    # Departments without a catalog have their parts and nothing delivered.
    mbu = next(d for d in status.departments if d.code == "MBU")
    assert mbu.standing is Standing.NO_CATALOG and all(v > 0 for v in mbu.gap.values())
    for requirement in budget_round.requirements:
        totals = status.totals(requirement.name)
        assert totals == {y: requirement.amounts[y] for y in YEARS}


def test_unrounded_parts_and_rounding_are_kept() -> None:
    parts = requirement_parts(aarhus_round(), aarhus_round().requirements[0])
    msb_2024 = parts["MSB"][2024]
    assert msb_2024.unrounded == Fraction(-48415) * Fraction(284, 1000)
    assert msb_2024.amount == -13750 and msb_2024.rounding == Fraction(-13750) - msb_2024.unrounded


def test_a_mixed_key_weighs_its_keys() -> None:
    budget_round = aarhus_round().with_key(
        Key("KBH", "50 % ADM + 50 % VEL", KeyKind.MIX, {"ADM": D(50), "VEL": D(50)}))
    validate(budget_round)
    mixed = key_shares(budget_round, "KBH")
    adm, vel = key_shares(budget_round, "ADM"), key_shares(budget_round, "VEL")
    assert all(mixed[c] == (adm[c] + vel[c]) / 2 for c in AARHUS)
    assert sum(mixed.values()) == 1


@pytest.mark.parametrize(("change", "code"), [
    (lambda r: r.with_key(Key("X", "", KeyKind.SHARES, {"MSB": D(-1)})), "bad-share"),
    (lambda r: r.with_key(Key("X", "", KeyKind.SHARES, {"MSB": D("100.5")})), "bad-share"),
    (lambda r: r.with_key(Key("X", "", KeyKind.SHARES, {"XYZ": D(10)})), "unknown-department"),
    (lambda r: r.with_key(Key("X", "", KeyKind.MIX, {"ADM": D(50), "VEL": D(40)})),
     "mix-not-hundred"),
    (lambda r: r.with_key(Key("X", "", KeyKind.MIX, {"X": D(100)})), "key-cycle"),
    (lambda r: r.with_requirement(Requirement("Y", "NOPE", {2024: D(-1)})), "unknown-key"),
    (lambda r: r.with_requirement(Requirement("Y", "ADM", {2031: D(-1)})), "year-outside"),
])
def test_what_a_round_cannot_hold_is_refused(change: object, code: str) -> None:
    assert callable(change)
    with pytest.raises(RoundProblem) as caught:
        validate(change(aarhus_round()))
    assert caught.value.code == code
    assert caught.value.text("da") != caught.value.text("en")


def test_the_round_json_is_the_identity() -> None:
    budget_round = aarhus_round()
    assert round_from_json(round_to_json(budget_round), "round.json") == budget_round


shares = st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30)


@settings(max_examples=300, deadline=None)
@given(weights=shares, total=st.decimals(min_value=-10**12, max_value=10**12, places=3,
                                          allow_nan=False, allow_infinity=False))
def test_parts_always_add_up_to_the_total(weights: list[int], total: Decimal) -> None:
    whole = sum(weights)
    if whole == 0:
        weights, whole = [1, *weights[1:]], 1 + sum(weights[1:])
    fractions = {f"D{i}": Fraction(w, whole) for i, w in enumerate(weights)}
    parts = split(total, fractions)
    exact_total = Fraction(total)
    rounded = sum(p.amount for p in parts.values())
    assert rounded == whole_units(total)  # exactly the total, rounded half away from zero
    assert abs(rounded - exact_total) <= Fraction(1, 2)
    for part in parts.values():
        assert abs(part.rounding) < 1  # each part moves by less than one unit
    assert sum(p.unrounded for p in parts.values()) == exact_total
