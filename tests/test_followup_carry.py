"""Carrying over what a follow-up says will not be realized (issue 14, item 5), on both
engines: into a budget round as a new requirement (amounts per year, exact, with the link back
to the measures, catalog and date in its source) and into a catalog's target as a correction;
only the measures asked for; nothing to carry and the wrong role are refused with nothing
stored; and ``omprio followup carry`` as a user runs it.

The amounts follow from the agreement's plan (followup_support: BFF-1 adopted as proposed,
VJH-1 adopted as proposed): BFF-1 forecasts 250,5 less saving than planned in 2024 (at risk);
VJH-1 is not realizable (no forecast), so its whole plan falls short in every year.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import run_omprio
from followup_support import SEED, actor, agreed_seed, table
from omprio.followup.model import Entry
from omprio.rounds.model import BudgetRound, Department, Key, KeyKind
from omprio.service.followup_carry import carry_over, link_back
from omprio.store.errors import Forbidden, InvalidInput
from omprio.store.workspace import Workspace

DAY = date(2024, 6, 30)


def _short(ws: Workspace, cid: int) -> dict[str, dict[int, Decimal]]:
    """Enter the shortfalls; each measure's plan."""
    outcomes = ws.agreement(cid, actor(ws, "admin")).agreement
    bff1, vjh1 = outcomes.outcome("BFF-1"), outcomes.outcome("VJH-1")
    assert bff1 is not None and vjh1 is not None
    ws.save_followup(cid, DAY, [
        Entry("BFF-1", 2024, Decimal(-100), bff1.plan[2024] + Decimal("250.5"), "at_risk",
              "Senere opsigelser"),
        Entry("VJH-1", 2024, None, None, "not_realizable", "Kontrakten kan ikke opsiges"),
        Entry("BFF-4", 2024, Decimal(-1), Decimal(-999999), "on_track"),  # more saved: none
    ], actor(ws, "admin"))
    return {"BFF-1": dict(bff1.plan), "VJH-1": dict(vjh1.plan)}


def _round(ws: Workspace) -> int:
    made = BudgetRound("Budget 2025", "Aarhus Kommune", (2025, 2026, 2027, 2028), 2024,
                       departments=(Department("MSB", "MSB"),),
                       keys=(Key("ADM", "Adm.", KeyKind.SHARES, {"MSB": Decimal(1)}),))
    return ws.create_round(made, actor(ws, "admin")).id


def test_into_a_round_and_into_a_target_exactly(workspace: Workspace) -> None:
    cid = agreed_seed(workspace)
    plans = _short(workspace, cid)
    rid = _round(workspace)
    admin = actor(workspace, "admin")
    done = carry_over(workspace, cid, admin, DAY, round_id=rid)
    vjh = {y: plans["VJH-1"][y] for y in (2025, 2026, 2027)}
    assert done.amounts == vjh  # 2028 is not the agreement's; BFF-1 short in 2024 only
    assert [s.code for s in done.measures] == ["BFF-1", "VJH-1"]
    assert done.source == f"followup:catalog={cid};date=2024-06-30;measures=BFF-1,VJH-1"
    stored = workspace.stored_round(rid, admin).budget_round
    requirement = stored.requirement(done.name)
    assert requirement is not None
    assert dict(requirement.amounts) == vjh and requirement.key == "ADM"
    assert requirement.source == done.source
    before = workspace.version(cid, admin).catalog.target
    into = carry_over(workspace, cid, admin, DAY, target_catalog_id=cid, codes=["BFF-1"])
    assert into.amounts == {2024: Decimal("-250.5"), 2025: 0, 2026: 0, 2027: 0}
    after = workspace.version(cid, admin)
    assert after.catalog.target[2024] == before[2024] - Decimal("250.5")
    assert after.catalog.target[2025] == before[2025]
    assert link_back(cid, DAY, ["BFF-1"]) in after.info.message


def test_refusals_store_nothing(workspace: Workspace) -> None:
    cid = agreed_seed(workspace)
    admin = actor(workspace, "admin")
    workspace.save_followup(cid, DAY, [Entry("BFF-1", 2024, None, Decimal(-99999),
                                             "on_track")], admin)
    rid = _round(workspace)
    with pytest.raises(InvalidInput) as nothing:
        carry_over(workspace, cid, admin, DAY, round_id=rid)
    assert "intet, der ikke realiseres" in nothing.value.text("da")
    _short(workspace, cid)
    with pytest.raises(Forbidden):
        carry_over(workspace, cid, actor(workspace, "bff"), DAY, round_id=rid)
    with pytest.raises(InvalidInput):
        carry_over(workspace, cid, admin, DAY, round_id=rid, codes=["NOPE-1"])
    with pytest.raises(InvalidInput):
        carry_over(workspace, cid, admin, date(2024, 7, 1), round_id=rid)
    assert workspace.stored_round(rid, admin).latest == 1
    assert workspace.stored_round(rid, admin).budget_round.requirements == ()


def test_the_cli_carries_into_a_catalogs_target(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'ws.db'}"
    assert run_omprio("import", SEED, "--db", db).returncode == 0
    path = tmp_path / "forlig.json"
    path.write_text(json.dumps({"measures": {}}), encoding="utf-8")
    assert run_omprio("agreement", "1", "--file", path, "--name", "F", "--date", "2023-10-05",
                      "--db", db).returncode == 0
    csv = tmp_path / "q2.csv"
    csv.write_bytes(table("VJH-1;2024;;;ikke realiserbar;Kan ikke opsiges"))
    assert run_omprio("followup", "import", "1", csv, "--date", "2024-06-30",
                      "--db", db).returncode == 0
    shown = json.loads(run_omprio("followup", "show", "1", "--format", "json",
                                  "--db", db).stdout)
    plan = next(m["plan"] for m in shown["measures"] if m["code"] == "VJH-1")
    done = run_omprio("followup", "carry", "1", "--date", "2024-06-30", "--catalog", "1",
                      "--format", "json", "--db", db)
    assert done.returncode == 0, done.stderr
    carried = json.loads(done.stdout)
    assert carried["into"] == "target" and carried["amounts"] == plan
    assert carried["source"] == "followup:catalog=1;date=2024-06-30;measures=VJH-1"
    neither = run_omprio("followup", "carry", "1", "--date", "2024-06-30", "--db", db)
    assert neither.returncode == 2 and "--round" in neither.stderr
