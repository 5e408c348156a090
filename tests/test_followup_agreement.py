"""The budget agreement on a stored catalog, on SQLite and PostgreSQL: the seed catalog decided
(two measures out, one changed, one added) as a new adopted version with the exact plan, the
proposal kept, proposal → agreement per measure and year, an agreement from a scenario, who may
record one, and bad input refused with nothing stored."""

from __future__ import annotations

import copy
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from followup_support import (
    AGREED_ON,
    AGREEMENT,
    NAME,
    PLAN,
    PROPOSED,
    actor,
    agreed_seed,
    import_seed,
)
from omprio.check import check_catalog
from omprio.decide.scenario import empty_scenario
from omprio.followup.agreement import apply_agreement, terms_from_json
from omprio.followup.model import FollowupProblem
from omprio.model import Catalog
from omprio.money import ZERO
from omprio.read import Loaded
from omprio.service.followup import agreement_comparison, record_agreement
from omprio.store.errors import Conflict, Forbidden, InvalidInput, NotFound
from omprio.store.workspace import Workspace

YEARS = (2024, 2025, 2026, 2027)


def _nets(catalog: Catalog) -> dict[int, Decimal]:
    return {y: sum((m.net.get(y, ZERO) for m in catalog.measures), ZERO) for y in YEARS}


def test_the_seed_decided_gives_the_plan_computed_by_hand(seed: Loaded) -> None:
    adopted, agreement = apply_agreement(seed.catalog, terms_from_json(AGREEMENT), NAME,
                                         AGREED_ON)
    assert _nets(seed.catalog) == PROPOSED
    assert _nets(adopted) == PLAN
    assert {y: agreement.plan_total(y) for y in YEARS} == PLAN
    assert {y: agreement.proposed_total(y) for y in YEARS} == PROPOSED
    codes = [m.code for m in adopted.measures]
    assert "BFF-2" not in codes and "VJH-4" not in codes and codes[-1] == "MSB-9"
    assert len(codes) == 18
    changed = adopted.measure("BFF-3A")
    assert changed is not None
    assert dict(changed.net) == {2024: Decimal(-2000), 2025: Decimal(-2500),
                                 2026: Decimal(-2665), 2027: Decimal(-2365)}
    assert changed.fte[2024] == Decimal(-1) and changed.fte[2025] == ZERO
    assert changed.lines[-1].label == NAME  # the change, so that the lines still add up
    assert dict(changed.lines[-1].amounts) == {2024: Decimal(1115), 2025: Decimal(715),
                                               2026: ZERO, 2027: ZERO}
    decisions = {m.code: m.decision for m in agreement.measures}
    assert decisions["BFF-2"] == "dropped" and decisions["VJH-4"] == "postponed"
    assert decisions["BFF-3A"] == "changed" and decisions["MSB-9"] == "added"
    assert decisions["JUS-1"] == "adopted"  # not named: adopted as it stands
    # The overview follows: the section's total loses the dropped, gains the added.
    section = adopted.overview_totals[-1]
    assert dict(section.amounts) == {2024: Decimal(-17640), 2025: Decimal(-18440),
                                     2026: Decimal(-19155), 2027: Decimal(-19155)}
    assert adopted.target == seed.catalog.target  # the sparekrav stays
    rules = sorted(f.rule for f in check_catalog(adopted))
    assert rules == sorted(f.rule for f in check_catalog(seed.catalog))  # nothing broken


def test_the_agreement_is_stored_as_an_adopted_version(workspace: Workspace) -> None:
    cid = agreed_seed(workspace)
    viewer = actor(workspace, "viewer")
    versions = workspace.versions(cid, viewer)
    assert [(v.number, v.stage) for v in versions] == [(2, "adopted"), (1, "draft")]
    assert versions[0].message == NAME
    assert _nets(workspace.version(cid, viewer).catalog) == PLAN
    assert _nets(workspace.version(cid, viewer, 1).catalog) == PROPOSED  # the proposal stays
    stored = workspace.agreement(cid, viewer)
    assert (stored.agreement.name, stored.agreement.agreed_on) == (NAME, AGREED_ON)
    assert (stored.agreement.proposed_version, stored.agreement.adopted_version) == (1, 2)
    assert stored.author == "admin"
    compared = agreement_comparison(workspace, cid, viewer)
    rows = {m.code: m for m in compared.measures}
    assert rows["BFF-3A"].proposed[2024] == Decimal(-3115)
    assert rows["BFF-3A"].agreed[2024] == Decimal(-2000)
    assert rows["BFF-3A"].difference == {2024: Decimal(1115), 2025: Decimal(715),
                                         2026: ZERO, 2027: ZERO}
    assert rows["BFF-3A"].agreed_fte[2024] == Decimal(-1)
    assert rows["BFF-3A"].proposed_fte[2024] == ZERO
    assert rows["BFF-2"].agreed == dict.fromkeys(YEARS, ZERO) and rows["BFF-2"].agreed_fte == {}
    assert rows["MSB-9"].proposed == dict.fromkeys(YEARS, ZERO)
    assert {y: t.agreed[y] for y, t in compared.totals.items()} == PLAN
    assert {y: t.difference[y] for y, t in compared.totals.items()} == {
        y: PLAN[y] - PROPOSED[y] for y in YEARS}


def test_an_agreement_from_a_stored_scenario(workspace: Workspace) -> None:
    cid = import_seed(workspace)
    admin = actor(workspace, "admin")
    catalog = workspace.version(cid, admin).catalog
    base = empty_scenario(catalog, "Forlig")
    chosen = {"BFF-1", "UJU-1"}
    assert "MSB-1" not in base.selection  # outside the target's section: not the scenario's
    selection = {code: Decimal(1) if code in chosen else ZERO for code in base.selection}
    selection["JVS-3"] = Decimal("0.5")
    saved = workspace.save_scenario(
        cid, replace(base, selection=selection, divisible=frozenset({"JVS-3"})), admin)
    record_agreement(workspace, cid, admin, name="Forlig", agreed_on=AGREED_ON,
                     scenario_id=saved.id)
    agreement = workspace.agreement(cid, admin).agreement
    decided = {m.code: m.decision for m in agreement.measures}
    assert {c for c, d in decided.items() if d == "adopted"} == chosen | {"MSB-1"}
    assert decided["JVS-3"] == "changed" and decided["BFF-2"] == "dropped"
    # -9.094 - 1.000 - 3.015 - 890 (half of JVS-3's -1.780) in 2024
    assert agreement.plan_total(2024) == Decimal(-13999)
    assert _nets(workspace.version(cid, admin).catalog)[2024] == Decimal(-13999)


def _bad(change: Any) -> dict[str, Any]:
    document = copy.deepcopy(AGREEMENT)
    change(document)
    return document


BAD = {
    "unknown code": (lambda d: d["measures"].update({"XYZ-1": {"decision": "dropped"}}),
                     "XYZ-1"),
    "year outside": (lambda d: d["measures"]["BFF-3A"]["amounts"].update({"2031": -5}),
                     "2031"),
    "not a number": (lambda d: d["measures"]["BFF-3A"]["amounts"].update({"2024": "mange"}),
                     "mange"),
    "a number as text": (lambda d: d["measures"]["BFF-3A"]["amounts"].update(
        {"2024": "-2.000"}), "-2.000"),
    "changed without amounts": (lambda d: d["measures"].update(
        {"BFF-4": {"decision": "changed"}}), "BFF-4"),
    "added exists": (lambda d: d["added"].append({**d["added"][0], "code": "BFF-1"}), "BFF-1"),
    "bad decision": (lambda d: d["measures"].update({"BFF-4": {"decision": "maybe"}}), "maybe"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_agreements_are_refused_and_nothing_is_stored(workspace: Workspace,
                                                          case: str) -> None:
    cid = import_seed(workspace)
    admin = actor(workspace, "admin")
    change, named = BAD[case]
    with pytest.raises(InvalidInput) as refused:
        record_agreement(workspace, cid, admin, name=NAME, agreed_on=AGREED_ON,
                         document=_bad(change))
    assert named in refused.value.text("da") and named in refused.value.text("en")
    assert [v.number for v in workspace.versions(cid, admin)] == [1]
    with pytest.raises(NotFound):
        workspace.agreement(cid, admin)


def test_the_problems_name_what_is_wrong() -> None:
    with pytest.raises(FollowupProblem) as problem:
        terms_from_json({"measures": {"BFF-1": {"decision": "changed", "amounts": {"x": 1}}}})
    assert problem.value.text("da") == "measures.BFF-1.amounts: »x« er ikke et år"
    assert problem.value.text("en") == "measures.BFF-1.amounts: 'x' is not a year"


def test_only_an_admin_records_an_agreement_and_only_once(workspace: Workspace) -> None:
    cid = import_seed(workspace)
    for name in ("bff", "editor", "viewer"):
        with pytest.raises(Forbidden):
            record_agreement(workspace, cid, actor(workspace, name), name=NAME,
                             agreed_on=AGREED_ON, document=AGREEMENT)
    admin = actor(workspace, "admin")
    record_agreement(workspace, cid, admin, name=NAME, agreed_on=AGREED_ON, document=AGREEMENT)
    with pytest.raises(Conflict):
        record_agreement(workspace, cid, admin, name="Igen", agreed_on=AGREED_ON,
                         document={"measures": {}})
    assert [v.number for v in workspace.versions(cid, admin)] == [2, 1]
    with pytest.raises(InvalidInput):  # neither a file nor a scenario
        record_agreement(workspace, cid, admin, name=NAME, agreed_on=AGREED_ON)
