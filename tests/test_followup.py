"""Follow-ups of the agreement on the seed catalog, on SQLite and PostgreSQL: three dated
follow-ups with their exact totals, revisions that keep what came before, a measure's history,
closing (read-only after), who may enter what, and tables refused with nothing stored."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from databases import database_url
from followup_support import PLAN, actor, agreed_seed, table
from omprio.service.followup import followup_figures, import_followup, measure_history
from omprio.store.errors import Conflict, Forbidden, InvalidInput, NotFound
from omprio.store.workspace import Workspace

Q1, Q2, Q3 = date(2024, 3, 31), date(2024, 6, 30), date(2024, 10, 31)
D = Decimal


def _import(ws: Workspace, cid: int, as_of: date, data: bytes, who: str = "admin") -> int:
    done = import_followup(ws, cid, actor(ws, who), data, "opfoelgning.csv", as_of)
    return done.stored.info.revision


def _three(ws: Workspace, cid: int) -> None:
    _import(ws, cid, Q1, table(
        "BFF-1;2024;-250;-1.000;på sporet;",
        "BFF-3A;2024;-300;-1.500;i risiko;Færre hjemtagne anbringelser end ventet",
        "MSB-9;2024;-100;-400;on track;"))
    _import(ws, cid, Q2, table(
        "BFF-1;2024;-500;-1.000;på sporet;",
        "BFF-3A;2024;-900;-1.800;i risiko;To sager trukket ud",
        "VJH-1;2024;-450;-900;på sporet;",
        "MSB-9;2024;-200;-300;i risiko;Indkøbsaftalen er forsinket"))
    # 31 October: the BFF editor enters the BFF measures, then the finance office the rest.
    assert _import(ws, cid, Q3, table(
        "BFF-1;2024;-800;-1.000;på sporet;",
        "BFF-3A;2024;-1.500;-2.000;på sporet;"), who="bff") == 1
    assert _import(ws, cid, Q3, table(
        "VJH-1;2024;-700;-900;på sporet;",
        "MSB-9;2024;-300;-400;på sporet;",
        "MSB-9;2025;;-700;i risiko;Aftalen starter først 1. marts 2025")) == 2


def _totals(ws: Workspace, cid: int, as_of: date | None,
            key: str) -> dict[int, Decimal | None]:
    shown, _ = followup_figures(ws, cid, actor(ws, "viewer"), as_of)
    return {y: getattr(t, key) for y, t in shown.totals.items()}


def test_three_follow_ups_with_exact_totals(workspace: Workspace) -> None:
    cid = agreed_seed(workspace)
    assert _totals(workspace, cid, None, "plan") == PLAN  # the plan before any follow-up
    _three(workspace, cid)
    zero = D(0)
    # 31 March: -250 - 300 - 100 realized; BFF-3A's forecast is 500 short of its -2.000.
    assert _totals(workspace, cid, Q1, "realized") == {2024: D(-650), 2025: zero,
                                                       2026: zero, 2027: zero}
    assert _totals(workspace, cid, Q1, "deviation") == {2024: D(500), 2025: zero,
                                                        2026: zero, 2027: zero}
    assert _totals(workspace, cid, Q1, "forecast")[2024] == D(-26234)
    assert _totals(workspace, cid, Q1, "plan") == PLAN
    # 30 June: -500 - 900 - 450 - 200; BFF-3A 200 short, MSB-9 100 short.
    assert _totals(workspace, cid, Q2, "realized")[2024] == D(-2050)
    assert _totals(workspace, cid, Q2, "deviation")[2024] == D(300)
    assert _totals(workspace, cid, Q2, "forecast")[2024] == D(-26434)
    # 31 October (revision 2 carries the BFF editor's figures): -800 - 1.500 - 700 - 300.
    assert _totals(workspace, cid, Q3, "realized")[2024] == D(-3300)
    assert _totals(workspace, cid, Q3, "deviation") == {2024: zero, 2025: D(100),
                                                        2026: zero, 2027: zero}
    assert _totals(workspace, cid, Q3, "forecast")[2025] == D(-25020)
    assert _totals(workspace, cid, Q3, "target") == dict.fromkeys(PLAN, D(-19730))
    assert _totals(workspace, cid, date(2024, 9, 1), "realized")[2024] == D(-2050)  # June's
    shown, _ = followup_figures(workspace, cid, actor(workspace, "viewer"), Q3)
    measures = {m.code: m for m in shown.measures}
    assert shown.revision == 2 and not shown.closed
    assert measures["BFF-3A"].status == "on_track"
    assert measures["MSB-9"].statuses == {2024: "on_track", 2025: "at_risk"}
    assert measures["MSB-9"].deviation == {2024: zero, 2025: D(100)}
    assert measures["BFF-3A"].decision == "changed" and measures["MSB-9"].decision == "added"
    assert "BFF-2" not in measures  # dropped, and no figures for it


def test_revisions_keep_what_came_before_and_the_history_shows_it(workspace: Workspace) -> None:
    cid = agreed_seed(workspace)
    _three(workspace, cid)
    viewer = actor(workspace, "viewer")
    revisions = [(f.as_of, f.revision, f.author) for f in workspace.followups(cid, viewer)]
    assert revisions == [(Q1, 1, "admin"), (Q2, 1, "admin"), (Q3, 1, "bff"), (Q3, 2, "admin")]
    first = workspace.followup(cid, viewer, Q3, revision=1)
    assert first is not None and {e.code for e in first.entries} == {"BFF-1", "BFF-3A"}
    history = measure_history(workspace, cid, "BFF-3A", viewer)
    assert [(h.info.as_of, h.info.revision, [e.status for e in h.entries]) for h in history] == [
        (Q1, 1, ["at_risk"]), (Q2, 1, ["at_risk"]), (Q3, 1, ["on_track"]),
        (Q3, 2, ["on_track"])]
    assert history[0].entries[0].explanation == "Færre hjemtagne anbringelser end ventet"
    assert history[1].entries[0].realized == D(-900)
    vjh = measure_history(workspace, cid, "VJH-1", viewer)
    assert [len(h.entries) for h in vjh] == [0, 1, 0, 1]
    with pytest.raises(NotFound):
        measure_history(workspace, cid, "NOPE-1", viewer)


def test_closing_makes_a_follow_up_read_only(workspace: Workspace) -> None:
    cid = agreed_seed(workspace)
    _three(workspace, cid)
    with pytest.raises(Forbidden):  # an area editor is not the finance office
        workspace.close_followup(cid, Q2, actor(workspace, "bff"))
    info = workspace.close_followup(cid, Q2, actor(workspace, "editor"))
    assert info.closed and info.closed_by == "editor" and info.revision == 1
    for who in ("admin", "editor", "bff"):
        with pytest.raises(Conflict):
            _import(workspace, cid, Q2, table("BFF-1;2024;-1.000;-1.000;realiseret;"), who)
    viewer = actor(workspace, "viewer")
    assert [f.revision for f in workspace.followups(cid, viewer) if f.as_of == Q2] == [1]
    assert _totals(workspace, cid, Q2, "realized")[2024] == D(-2050)
    shown, _ = followup_figures(workspace, cid, viewer, Q2)
    assert shown.closed
    again = workspace.close_followup(cid, Q2, actor(workspace, "admin"))
    assert again.closed_by == "editor"  # closing a closed one changes nothing
    assert _import(workspace, cid, Q3, table("BFF-1;2024;-900;-1.000;på sporet;")) == 3
    with pytest.raises(NotFound):
        workspace.close_followup(cid, date(2025, 3, 31), actor(workspace, "admin"))


def test_an_area_editor_enters_only_the_own_measures(workspace: Workspace) -> None:
    cid = agreed_seed(workspace)
    with pytest.raises(Forbidden) as refused:
        _import(workspace, cid, Q1, table("BFF-1;2024;-250;-1.000;på sporet;",
                                          "VJH-1;2024;-100;-900;på sporet;"), "bff")
    assert "VJH-1" in refused.value.text("da")
    with pytest.raises(Forbidden):
        _import(workspace, cid, Q1, table("BFF-1;2024;-250;-1.000;på sporet;"), "viewer")
    assert workspace.followups(cid, actor(workspace, "viewer")) == []
    assert _import(workspace, cid, Q1, table("BFF-1;2024;-250;-1.000;på sporet;"), "bff") == 1
    assert _import(workspace, cid, Q1, table("VJH-1;2024;-100;-900;on_track;"), "editor") == 2


BAD_TABLES = {
    "unknown measure": (table("BFF-1;2024;-250;-1.000;på sporet;", "XYZ-9;2024;-1;;;"),
                        "XYZ-9"),
    "not a number": (table("BFF-1;2024;-2x0;-1.000;på sporet;"), "-2x0"),
    "unknown status": (table("BFF-1;2024;-250;-1.000;måske;"), "måske"),
    "no year": (table("BFF-1;tyve;-250;;;"), "tyve"),
    "twice": (table("BFF-1;2024;-250;;;", "BFF-1;2024;-300;;;"), "BFF-1"),
    "no measure column": (table("BFF-1;2024", header="tiltag;year"), "measure"),
}


@pytest.mark.parametrize("case", sorted(BAD_TABLES))
def test_a_bad_table_is_refused_and_nothing_is_stored(workspace: Workspace, case: str) -> None:
    cid = agreed_seed(workspace)
    data, named = BAD_TABLES[case]
    with pytest.raises(InvalidInput) as refused:
        _import(workspace, cid, Q1, data)
    assert named in refused.value.text("da") and named in refused.value.text("en")
    assert workspace.followups(cid, actor(workspace, "viewer")) == []


def test_no_follow_up_without_an_agreement(workspace: Workspace) -> None:
    from followup_support import import_seed

    cid = import_seed(workspace)
    with pytest.raises(NotFound):
        _import(workspace, cid, Q1, table("BFF-1;2024;-250;;;"))


def test_backup_and_restore_keep_the_agreement_and_follow_ups(workspace: Workspace,
                                                              tmp_path: Path) -> None:
    cid = agreed_seed(workspace)
    _three(workspace, cid)
    workspace.close_followup(cid, Q1, actor(workspace, "admin"))
    lines = list(workspace.backup())
    with database_url("sqlite", tmp_path / "copy") as url:
        target = Workspace(url)
        target.restore(iter(lines))
        admin = actor(target, "admin")
        assert target.agreement(cid, admin).agreement == workspace.agreement(
            cid, admin).agreement
        assert target.followups(cid, admin) == workspace.followups(cid, admin)
        assert _totals(target, cid, Q3, "realized")[2024] == D(-3300)
        again = target.save_followup(cid, Q2, [], admin)  # fresh ids after the restore
        assert again.info.revision == 2
        target.engine.dispose()


def test_deleting_the_catalog_removes_its_agreement_and_follow_ups(workspace: Workspace) -> None:
    from sqlalchemy import func, select

    from omprio.store.schema import AgreementRow, FollowupEntryRow, FollowupRow

    cid = agreed_seed(workspace)
    _three(workspace, cid)
    workspace.delete_catalog(cid, actor(workspace, "admin"))
    with workspace.engine.connect() as connection:
        for table_row in (AgreementRow, FollowupRow, FollowupEntryRow):
            assert connection.scalar(select(func.count()).select_from(table_row)) == 0
