"""Budget rounds in the workspace, on SQLite and PostgreSQL: versions with who and why, conflicts,
nothing stored on bad input, who may read and change, backups, the service's view.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from databases import database_url
from omprio.rounds.model import BudgetRound, Department
from omprio.service import rounds as service
from omprio.store.accounts import Actor
from omprio.store.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from omprio.store.workspace import Workspace
from test_round_allocate import aarhus_round
from web_support import SEED_BYTES

D = Decimal
YEARS = (2024, 2025, 2026, 2027)


def _actor(ws: Workspace, name: str) -> Actor:
    actor = ws.authenticate(name, "secret-password")
    assert actor is not None
    return actor


def _seeded(ws: Workspace) -> int:
    """The Aarhus round stored with the seed catalog linked for MSB; the round's id."""
    admin = _actor(ws, "admin")
    cid = ws.import_document(SEED_BYTES, "seed.txt", admin).info.catalog_id
    budget_round = aarhus_round()
    link = replace(budget_round.links[0], catalog_id=cid)
    return ws.create_round(replace(budget_round, links=(link,)), admin, message="ny").id


def test_a_round_is_kept_in_versions_with_who_and_why(workspace: Workspace) -> None:
    rid = _seeded(workspace)
    admin = _actor(workspace, "admin")
    stored = service.change(workspace, rid, service.one_share("ADM", "MSB", D("29")), admin,
                            base_version=1, message="MSB 29 %")
    assert stored.version.number == 2 and stored.version.author == "admin"
    assert workspace.stored_round(rid, admin, 1).budget_round == aarhus_round().with_link(
        workspace.stored_round(rid, admin, 1).budget_round.links[0])
    assert stored.budget_round.key("ADM").values["MSB"] == D(29)  # type: ignore[union-attr]
    history = workspace.round_history(rid, _actor(workspace, "viewer"))
    assert [(v.number, v.message) for v in history] == [(2, "MSB 29 %"), (1, "ny")]
    same = service.change(workspace, rid, service.one_share("ADM", "MSB", D("29")), admin)
    assert same.unchanged and same.version.number == 2
    with pytest.raises(Conflict) as stale:
        service.change(workspace, rid, service.department("XX", "Ny"), admin, base_version=1)
    assert "version 1" in stale.value.text("da")
    assert [s.id for s in workspace.rounds(admin)] == [rid]


def test_bad_input_is_refused_and_nothing_is_stored(workspace: Workspace) -> None:
    rid = _seeded(workspace)
    admin = _actor(workspace, "admin")
    for change in (service.one_share("ADM", "MSB", D(120)),
                   service.mix_key("M", "m", {"ADM": D(50)}),
                   service.requirement("R", "ADM", {2031: D(-1)}),
                   service.shares_key("K", "k", {"NOPE": D(10)})):
        with pytest.raises(InvalidInput) as caught:
            service.change(workspace, rid, change, admin)
        assert caught.value.status == 422
        assert caught.value.text("da") != caught.value.text("en")
    assert workspace.stored_round(rid, admin).version.number == 1
    with pytest.raises(InvalidInput):
        workspace.create_round(BudgetRound("R", "", (2024, 2026), 2024), admin)
    with pytest.raises(InvalidInput):
        workspace.import_round(b'{"format": "omprio.round/1", "name": 3}', "r.json", admin)
    assert [s.id for s in workspace.rounds(admin)] == [rid]


def test_who_may_read_and_change(workspace: Workspace) -> None:
    rid = _seeded(workspace)
    with pytest.raises(Unauthorized):
        workspace.stored_round(rid, None)
    for name in ("viewer", "editor", "bff"):
        actor = _actor(workspace, name)
        assert workspace.stored_round(rid, actor).id == rid
        with pytest.raises(Forbidden):
            service.change(workspace, rid, service.department("X", "X"), actor)
    with pytest.raises(NotFound):
        workspace.stored_round(rid + 1, _actor(workspace, "viewer"))


def test_the_view_shows_an_area_limited_person_only_their_department(
        workspace: Workspace) -> None:
    rid = _seeded(workspace)
    everyone = service.view_round(workspace, rid, _actor(workspace, "viewer"))
    assert [d.code for d in everyone.departments] == ["MBU", "MSO", "MSB", "MTM", "MKB", "BA"]
    assert everyone.all_departments
    workspace.add_user("msb", "secret-password", "editor", "MSB")
    limited = service.view_round(workspace, rid, _actor(workspace, "msb"))
    assert [d.code for d in limited.departments] == ["MSB"] and not limited.all_departments
    document = service.round_json(limited)
    assert [d["code"] for d in document["departments"]] == ["MSB"]
    msb = document["departments"][0]
    assert msb["gap"] == dict.fromkeys(map(str, YEARS), 0) and msb["status"] == "met"


def test_an_edited_catalog_moves_the_department_s_gap(workspace: Workspace) -> None:
    rid = _seeded(workspace)
    admin = _actor(workspace, "admin")
    cid = workspace.stored_round(rid, admin).budget_round.links[0].catalog_id
    workspace.edit_measure(cid, "BFF-1", {"net": {"2024": -750}}, admin, base_version=1)
    msb = next(d for d in service.view_round(workspace, rid, admin).departments
               if d.code == "MSB")
    assert msb.gap[2024] == D(250) and msb.standing.value == "short"


def test_rounds_are_backed_up_and_restored(workspace: Workspace, tmp_path: Path) -> None:
    rid = _seeded(workspace)
    admin = _actor(workspace, "admin")
    service.change(workspace, rid, service.department("NY", "Ny afdeling"), admin)
    lines = list(workspace.backup())
    for engine in ("sqlite", "postgresql"):
        with database_url(engine, tmp_path / engine) as url:
            copy = Workspace(url)
            try:
                copy.restore(iter(lines))
                reader = _actor(copy, "admin")
                assert copy.stored_round(rid, reader) == workspace.stored_round(rid, admin)
                new = copy.create_round(BudgetRound("Næste", "", YEARS, 2025,
                                                    departments=(Department("A", "A"),)), reader)
                assert new.id != rid
            finally:
                copy.engine.dispose()


def test_a_linked_catalog_s_target_is_set_from_its_share(workspace: Workspace) -> None:
    rid = _seeded(workspace)
    admin = _actor(workspace, "admin")
    cid = workspace.stored_round(rid, admin).budget_round.links[0].catalog_id
    stored, target = service.set_catalog_target(workspace, rid, cid, admin)
    assert stored.unchanged and target == dict.fromkeys(YEARS, D(-19730))
    service.change(workspace, rid, service.requirement(
        "Velfærdspuljen", "VEL", dict.fromkeys(YEARS, D(-76000))), admin)
    stored, target = service.set_catalog_target(workspace, rid, cid, admin)
    assert not stored.unchanged and target == dict.fromkeys(YEARS, D(-19993))
    assert workspace.version(cid, admin).catalog.target == target
    assert "Velfærdspuljen" not in stored.info.message and "Budget 2024" in stored.info.message
    with pytest.raises(InvalidInput):
        service.set_catalog_target(workspace, rid, cid + 100, admin)
    with pytest.raises(Forbidden):
        service.set_catalog_target(workspace, rid, cid, _actor(workspace, "viewer"))


INDEX = "år;løn;øvrige\n2024;100;100\n2025;104,1;102,3\n2026;107,9;104,6\n2027;111,6;106,9\n"


def test_a_round_is_shown_at_another_price_level_with_an_index(workspace: Workspace) -> None:
    from omprio.rounds import prices

    rid = _seeded(workspace)
    admin = _actor(workspace, "admin")
    view = service.view_round(workspace, rid, admin, price_level=2025,
                              index=(INDEX.encode(), "pl.csv"))
    assert view.budget_round.price_level == 2025
    table = prices.index_from_csv(INDEX.encode(), "pl.csv")
    f = prices.factor(table, 2024, 2025, view.budget_round.wage_share)
    msb = next(d for d in view.departments if d.code == "MSB")
    welfare = msb.lines[1]
    assert welfare.amounts[2024] == prices.convert({2024: D(-19730)}, f)[2024] != -19730
    assert [(c.counted, c.price_base) for c in view.catalogs] == [(True, "2025-PL")]
    assert all(abs(g) <= 20 for g in msb.gap.values())  # the catalog converted measure by measure
    document = service.round_json(view)
    assert document["price_level"] == 2025
    with pytest.raises(InvalidInput) as caught:
        service.view_round(workspace, rid, admin, price_level=2025)
    assert "--index" in caught.value.text("da")


def test_a_catalog_at_another_price_level_is_not_added(workspace: Workspace) -> None:
    rid = _seeded(workspace)
    admin = _actor(workspace, "admin")
    service.change(workspace, rid, lambda r: replace(r, price_level=2025), admin)
    view = service.view_round(workspace, rid, admin)
    assert [c.counted for c in view.catalogs] == [False]
    msb = next(d for d in view.departments if d.code == "MSB")
    # Only the designated proposals (typed in the round, at its level) are delivered.
    assert msb.delivered == {y: msb.lines[0].designated[y] for y in YEARS}
    assert any(f.rule == "round-price-level" for f in view.findings)


# --- what a review of the round found (each refused with a reason, or shown right) ---------


@pytest.mark.parametrize("made", [
    BudgetRound("R", "", YEARS, 0), BudgetRound("R", "", YEARS, 3000),
    BudgetRound("R", "", tuple(range(6)), 2024), BudgetRound(" ", "", YEARS, 2024),
    BudgetRound("R", "", tuple(range(2024, 2060)), 2024),
])
def test_a_round_the_store_could_not_read_back_is_refused(workspace: Workspace,
                                                          made: BudgetRound) -> None:
    admin = _actor(workspace, "admin")
    with pytest.raises(InvalidInput):
        workspace.create_round(made, admin)
    assert workspace.rounds(admin) == []


@pytest.mark.parametrize(("change", "code"), [
    (service.department("A B", "x"), "bad-code"),
    (service.department("X=Y", "x"), "bad-code"),
    (service.department("msb", "x"), "duplicate-department"),
    (service.base_key("B", "b", {"MSB": D(-1000)}), "bad-base"),
    (service.requirement("R", "ADM", {2024: D(-50000)}, {2024: D(-60000)}),
     "central-too-large"),
    (service.requirement("R", "ADM", {2024: D(-50000)}, {2024: D(1000)}), "central-too-large"),
    (service.designated("MSB", "Velfærdspuljen", "x", {2024: D(-1)}), "designated-not-frame-cut"),
])
def test_what_a_round_cannot_mean_is_refused(workspace: Workspace, change: object,
                                             code: str) -> None:
    rid = _seeded(workspace)
    with pytest.raises(InvalidInput) as caught:
        service.change(workspace, rid, change, _actor(workspace, "admin"))  # type: ignore[arg-type]
    problem = caught.value.params["problem"]
    assert getattr(problem, "code", None) == code
    assert workspace.stored_round(rid, _actor(workspace, "admin")).latest == 1


def test_typed_amounts_grouped_by_spaces_and_only_ascii_digits() -> None:
    from omprio.rounds.problems import RoundProblem

    assert service.year_amounts("-50 000,-60\u00a0000", YEARS, "da") == {
        2024: D(-50000), 2025: D(-60000)}
    assert service.year_amounts("-10,5;-11", YEARS, "da") == {2024: D("-10.5"), 2025: D(-11)}
    for text in ("-50 00", "١٢", "²=5"):
        with pytest.raises(RoundProblem):
            service.year_amounts(text, YEARS, "da")
    with pytest.raises(RoundProblem):
        service.pairs(["MSB=١٢"], "da")


def test_unrounded_amounts_are_plain_decimals() -> None:
    from fractions import Fraction

    from omprio.rounds.allocate import as_decimal

    assert str(as_decimal(Fraction(-14200))) == "-14200"
    assert str(as_decimal(Fraction(-308100, 10))) == "-30810"
    assert str(as_decimal(Fraction(-1374986, 100))) == "-13749.86"


def test_a_section_the_catalog_lacks_is_refused_and_no_target_becomes_zero(
        workspace: Workspace) -> None:
    from omprio.rounds.problems import RoundProblem

    rid = _seeded(workspace)
    admin = _actor(workspace, "admin")
    cid = workspace.stored_round(rid, admin).budget_round.links[0].catalog_id
    with pytest.raises(RoundProblem) as caught:
        service.link(workspace, admin, cid, "MSB", ["Velfærdspuljen"],
                     {"Velfærdspuljen": "NOPE SECTION"})
    assert "OMPRIORITERINGSTILTAG" in caught.value.text("da")
    # A link whose every requirement has a section other than the target's: no target.
    service.change(workspace, rid, service.link(
        workspace, admin, cid, "MSB", ["Administrative besparelser"],
        {"Administrative besparelser": "ADMINISTRATIVE BESPARELSER"}), admin)
    with pytest.raises(InvalidInput) as refused:
        service.set_catalog_target(workspace, rid, cid, admin)
    assert "måltal" in refused.value.text("da")
    assert set(workspace.version(cid, admin).catalog.target.values()) == {D(-19730)}


def test_a_limited_person_sees_only_their_departments_findings(workspace: Workspace) -> None:
    rid = _seeded(workspace)
    admin = _actor(workspace, "admin")
    cid = workspace.stored_round(rid, admin).budget_round.links[0].catalog_id
    service.change(workspace, rid, service.link(workspace, admin, cid, "MBU",
                                                ["Velfærdspuljen"]) , admin)
    everyone = service.view_round(workspace, rid, admin)
    assert any("MBU" in f.message("da") for f in everyone.findings)
    workspace.add_user("msb", "secret-password", "editor", "MSB")
    limited = service.view_round(workspace, rid, _actor(workspace, "msb"))
    assert not any("MBU" in f.message("da") for f in limited.findings)


def test_a_deleted_catalog_leaves_its_department_without_a_catalog(workspace: Workspace) -> None:
    rid = _seeded(workspace)
    admin = _actor(workspace, "admin")
    cid = workspace.stored_round(rid, admin).budget_round.links[0].catalog_id
    workspace.delete_catalog(cid, admin)
    view = service.view_round(workspace, rid, admin)
    msb = next(d for d in view.departments if d.code == "MSB")
    assert msb.catalogs == () and [c.version for c in view.catalogs] == [None]


def test_a_file_that_is_no_round_is_said_so(workspace: Workspace) -> None:
    with pytest.raises(InvalidInput) as caught:
        workspace.import_round(SEED_BYTES, "seed.txt", _actor(workspace, "admin"))
    assert "seed.txt er hverken en budgetrunde" in caught.value.text("da")
    assert "Expecting value" not in caught.value.text("da")


def test_things_are_removed_from_a_round(workspace: Workspace) -> None:
    rid = _seeded(workspace)
    admin = _actor(workspace, "admin")
    start = workspace.stored_round(rid, admin).budget_round
    cid = start.links[0].catalog_id
    with pytest.raises(InvalidInput) as used:
        service.change(workspace, rid, service.remove(key="ADM"), admin)
    assert "Administrative besparelser" in used.value.text("da")
    for wrong in (service.remove(department="XX"), service.remove(link=cid + 9),
                  service.remove(requirement="Nej"), service.remove()):
        with pytest.raises(InvalidInput):
            service.change(workspace, rid, wrong, admin)
    without_msb = service.change(workspace, rid, service.remove(department="MSB"), admin)
    r = without_msb.budget_round
    assert r.department("MSB") is None and not r.links and not r.designated
    assert all("MSB" not in k.values for k in r.keys)
    without_req = service.change(workspace, rid, service.remove(
        requirement="Administrative besparelser"), admin).budget_round
    assert [q.name for q in without_req.requirements] == ["Velfærdspuljen"]
    assert service.change(workspace, rid, service.remove(key="ADM"), admin).budget_round.key(
        "ADM") is None
    # A link removed alone, on the round as it was.
    again = workspace.create_round(start, admin).id
    unlinked = service.change(workspace, again, service.remove(link=cid), admin).budget_round
    assert unlinked.links == () and unlinked.departments == start.departments
    # Removing a requirement keeps a link's other requirements.
    kept = service.change(workspace, again, service.link(
        workspace, admin, cid, "MSB", ["Administrative besparelser", "Velfærdspuljen"],
        {"Administrative besparelser": "ADMINISTRATIVE BESPARELSER"}), admin)
    after = service.change(workspace, again, service.remove(requirement="Velfærdspuljen"),
                           admin).budget_round
    assert after.links[0].requirements == ("Administrative besparelser",)
    assert kept.version.number + 1 == workspace.stored_round(again, admin).latest
