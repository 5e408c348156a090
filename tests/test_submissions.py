"""Submissions in the workspace, on SQLite and PostgreSQL: a measure's status through the roles
(an area editor drafts, submits, withdraws; the finance office accepts, rejects with a reason,
sends back), who sees which proposal, only accepted measures in what is published, overviewed,
checked against the target and decided on, comment threads with mentions and notifications,
where every area stands (exact amounts), and migration 0008 on an existing database."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from omprio import overview as derived
from omprio.check import check_catalog
from omprio.decide.targets import candidates, unique_measures
from omprio.interchange import catalog_from_json, catalog_to_json, measure_to_json
from omprio.model import Catalog, Measure, in_catalog
from omprio.money import ZERO
from omprio.publish.formats import Format, publish
from omprio.read import ReadError
from omprio.rounds.status import delivery
from omprio.service.submissions import areas_json, areas_overview
from omprio.store.accounts import Actor
from omprio.store.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from omprio.store.workspace import Workspace
from omprio.web import figures

SEED = Path(__file__).parent / "data" / "aarhus-msb-2024-2027.txt"
D = Decimal


def _actor(ws: Workspace, name: str) -> Actor:
    actor = ws.authenticate(name, "secret-password")
    assert actor is not None
    return actor


def _import(ws: Workspace, public: bool = True) -> int:
    return ws.import_document(SEED.read_bytes(), "seed.txt", _actor(ws, "admin"),
                              public=public).info.catalog_id


def _latest(ws: Workspace, cid: int) -> int:
    return ws.version(cid, _actor(ws, "admin")).info.number


def _proposal(ws: Workspace, cid: int, code: str, net: dict[int, Decimal]) -> Measure:
    """A new measure like BFF-1 under ``code`` with ``net`` (and lines that add up to it)."""
    template = ws.version(cid, _actor(ws, "admin")).catalog.measure("BFF-1")
    assert template is not None
    line = replace(template.lines[0], label="Forslag", amounts=dict(net))
    return replace(template, code=code, title=f"Forslag {code}", lines=(line,), adjustments=(),
                   net=dict(net), fte={}, fte_stated=False, net_source=None)


def _status(ws: Workspace, cid: int, code: str, who: str) -> str | None:
    measure = ws.version(cid, _actor(ws, who)).catalog.measure(code)
    return None if measure is None else measure.status


def _m(catalog: Catalog, code: str) -> Measure:
    measure = catalog.measure(code)
    assert measure is not None, code
    return measure


NET = {2024: D("-123.45"), 2025: D(-200), 2026: D(-300), 2027: D("-400.5")}


def test_imported_measures_are_accepted_and_their_json_is_as_before(workspace: Workspace,
                                                                    seed_path: Path) -> None:
    cid = _import(workspace)
    stored = workspace.version(cid, None)
    assert {m.status for m in stored.catalog.measures} == {"accepted"}
    document = catalog_to_json(stored.catalog)
    assert all("status" not in m and "status_reason" not in m for m in document["measures"])
    assert in_catalog(stored.catalog) is stored.catalog
    draft = replace(stored.catalog.measures[0], status="rejected", status_reason="For dyrt")
    data = measure_to_json(draft)
    assert (data["status"], data["status_reason"]) == ("rejected", "For dyrt")
    back = catalog_from_json({**document, "measures": [data]}, "x.json")
    assert back.measures[0] == draft
    with pytest.raises(ReadError, match="status"):
        catalog_from_json({**document, "measures": [{**data, "status": "godkendt"}]}, "x.json")


def test_the_whole_flow_through_the_roles(workspace: Workspace) -> None:
    ws = workspace
    cid = _import(ws)
    bff, editor, admin = _actor(ws, "bff"), _actor(ws, "editor"), _actor(ws, "admin")
    viewer = _actor(ws, "viewer")
    ws.add_user("vjh", "secret-password", "editor", "VJH")
    vjh = _actor(ws, "vjh")
    with pytest.raises(Forbidden):  # an area editor drafts in their own area only
        ws.create_draft(bff, cid, _proposal(ws, cid, "VJH-50", NET), 1, "nej")
    with pytest.raises(Forbidden):
        ws.create_draft(viewer, cid, _proposal(ws, cid, "BFF-50", NET), 1, "nej")
    made = ws.create_draft(bff, cid, replace(_proposal(ws, cid, "BFF-50", NET),
                                             status="accepted"), 1, "Nyt forslag")
    assert (made.info.number, made.info.author, made.info.message) == (2, "bff", "Nyt forslag")
    assert _m(made.catalog, "BFF-50").status == "draft"  # whatever it said
    with pytest.raises(Conflict):
        ws.create_draft(bff, cid, _proposal(ws, cid, "BFF-50", NET), 2, "igen")

    # A draft is its area's: the finance office sees it, another area and viewers do not.
    assert _status(ws, cid, "BFF-50", "bff") == "draft"
    assert _status(ws, cid, "BFF-50", "editor") == "draft"
    assert _status(ws, cid, "BFF-50", "admin") == "draft"
    assert ws.version(cid, vjh).catalog.measure("BFF-50") is None
    assert ws.version(cid, viewer).catalog.measure("BFF-50") is None
    assert ws.version(cid, None).catalog.measure("BFF-50") is None
    assert ws.version_stamp(cid, vjh).view != ws.version_stamp(cid, bff).view
    with pytest.raises(NotFound):
        ws.set_status(cid, "BFF-50", "submitted", vjh, base_version=2)
    with pytest.raises(NotFound):
        ws.comments(cid, "BFF-50", vjh)

    with pytest.raises(InvalidInput) as invalid:  # nobody skips the submission
        ws.set_status(cid, "BFF-50", "accepted", admin, base_version=2)
    assert invalid.value.key == "err.status_transition"
    assert invalid.value.status == 422
    ws.set_status(cid, "BFF-50", "submitted", bff, base_version=2)
    # Submitted: shared with the team, still not in the catalog as it stands.
    assert _status(ws, cid, "BFF-50", "vjh") == "submitted"
    assert _status(ws, cid, "BFF-50", "viewer") == "submitted"
    assert ws.version(cid, None).catalog.measure("BFF-50") is None
    with pytest.raises(Forbidden) as forbidden:  # the author may not accept their own
        ws.set_status(cid, "BFF-50", "accepted", bff, base_version=3)
    assert forbidden.value.status == 403
    with pytest.raises(Forbidden):
        ws.set_status(cid, "BFF-50", "accepted", viewer, base_version=3)
    with pytest.raises(Unauthorized):
        ws.set_status(cid, "BFF-50", "accepted", None, base_version=3)
    with pytest.raises(InvalidInput) as no_reason:
        ws.set_status(cid, "BFF-50", "rejected", editor, base_version=3, reason="  ")
    assert no_reason.value.key == "err.status_reason"
    rejected = ws.set_status(cid, "BFF-50", "rejected", editor, base_version=3,
                             reason="Rammer ikke målet")
    measure = _m(rejected.catalog, "BFF-50")
    assert (measure.status, measure.status_reason) == ("rejected", "Rammer ikke målet")
    assert rejected.info.author == "editor"
    assert "Rammer ikke målet" in rejected.info.message

    # The author takes it up again, the finance office sends it back, the author withdraws.
    ws.set_status(cid, "BFF-50", "draft", bff, base_version=4)
    ws.set_status(cid, "BFF-50", "submitted", bff, base_version=5)
    with pytest.raises(InvalidInput):  # sent back with a reason only
        ws.set_status(cid, "BFF-50", "draft", admin, base_version=6)
    back = ws.set_status(cid, "BFF-50", "draft", admin, base_version=6, reason="Mere om FTE")
    assert _m(back.catalog, "BFF-50").status_reason == "Mere om FTE"
    withdrawn = ws.set_status(cid, "BFF-50", "withdrawn", bff, base_version=7)
    assert _m(withdrawn.catalog, "BFF-50").status_reason is None
    assert ws.version(cid, vjh).catalog.measure("BFF-50") is None  # withdrawn: the area's
    with pytest.raises(InvalidInput):
        ws.set_status(cid, "BFF-50", "accepted", admin, base_version=8)
    with pytest.raises(InvalidInput) as unknown:
        ws.set_status(cid, "BFF-50", "godkendt", admin, base_version=8)
    assert unknown.value.key == "err.status_unknown"

    # Accepted at last: in the catalog for everyone; a stale base of the measure is 409.
    ws.set_status(cid, "BFF-50", "draft", bff, base_version=8)
    ws.set_status(cid, "BFF-50", "submitted", bff, base_version=9)
    with pytest.raises(Conflict):
        ws.set_status(cid, "BFF-50", "accepted", admin, base_version=8)
    ws.edit_measure(cid, "BFF-1", {"title": "Andet tiltag ændret"}, admin, base_version=10)
    accepted = ws.set_status(cid, "BFF-50", "accepted", admin, base_version=10)  # BFF-1 merges
    assert accepted.info.number == 12
    assert _status(ws, cid, "BFF-50", "viewer") == "accepted"
    assert ws.version(cid, None).catalog.measure("BFF-50") is not None
    assert [v.author for v in ws.versions(cid, admin)][:3] == ["admin", "admin", "bff"]


def _with_draft(ws: Workspace) -> tuple[int, Catalog, Catalog]:
    """The seed with a draft VJH-70 (not in the overview); the catalog before and after."""
    cid = _import(ws)
    admin = _actor(ws, "admin")
    before = ws.version(cid, admin).catalog
    ws.add_user("vjh", "secret-password", "editor", "VJH")
    after = ws.create_draft(_actor(ws, "vjh"), cid, _proposal(ws, cid, "VJH-70", NET), 1,
                            "forslag").catalog
    return cid, before, after


def test_only_accepted_measures_are_published_overviewed_checked_and_decided(
        workspace: Workspace) -> None:
    ws = workspace
    cid, before, with_draft = _with_draft(ws)
    admin = _actor(ws, "admin")
    assert with_draft.measure("VJH-70") is not None
    assert in_catalog(with_draft) == before
    # Published: the open data and the documents hold the accepted measures only.
    formats: tuple[Format, ...] = ("csv", "excel-csv", "html")
    for fmt in formats:
        made = publish(with_draft, [], fmt)
        assert isinstance(made, bytes)
        assert b"VJH-70" not in made
        assert b"BFF-1" in made
    # The overview and its target: as before the draft.
    assert figures.overview(with_draft, []).all_net == figures.overview(before, []).all_net
    assert derived.target(with_draft) == derived.target(before)
    # The checks: the draft is checked on its own page, never against the overview.
    findings = check_catalog(with_draft)
    assert not [f for f in findings if f.rule == "overview-mismatch"]
    assert [f.key for f in findings if f.measure == "VJH-70"] == [
        f.key for f in check_catalog(replace(before, measures=(_proposal(
            ws, cid, "VJH-70", NET),), overview=(), overview_totals=())) if f.measure == "VJH-70"]
    assert ws.version(cid, admin).info.errors == 0
    # Deciding: the draft is no candidate; a budget round's delivery does not count it.
    assert "VJH-70" not in {m.code for m in unique_measures(with_draft)}
    assert candidates(with_draft, all_measures=True) == candidates(before, all_measures=True)
    assert delivery(with_draft) == delivery(before)

    ws.set_status(cid, "VJH-70", "submitted", admin, base_version=2)
    accepted = ws.set_status(cid, "VJH-70", "accepted", admin, base_version=3).catalog
    assert "VJH-70" in {m.code for m in unique_measures(accepted)}
    made = publish(accepted, [], "csv")
    assert isinstance(made, bytes) and b"VJH-70" in made
    grown = figures.overview(accepted, []).all_net
    old = figures.overview(before, []).all_net
    assert {year: grown[year] - old[year] for year in old} == NET


def test_a_proposal_sent_back_leaves_the_overview_and_its_totals(workspace: Workspace) -> None:
    """An imported (accepted) measure sent back to draft: its overview row goes, and the
    totals that held it lose exactly its amounts, so the checks stay clean."""
    ws = workspace
    cid = _import(ws)
    admin = _actor(ws, "admin")
    before = ws.version(cid, admin).catalog
    row = next(r for r in before.overview if r.measure == "BFF-1")
    back = ws.set_status(cid, "BFF-1", "draft", admin, base_version=1, reason="Genovervej")
    shown = in_catalog(back.catalog)
    assert all(r.measure != "BFF-1" for r in shown.overview)
    for old, new in zip(before.overview_totals, shown.overview_totals, strict=True):
        held = (old.section in (None, row.section)) and (old.theme in (None, row.theme))
        for year, value in old.amounts.items():
            assert new.amounts[year] == value - (row.amounts.get(year, ZERO) if held else ZERO)
    assert back.info.errors == 0
    assert not [f for f in back.findings if f.rule in ("overview-mismatch", "section-total")]


def test_comments_mentions_and_notifications(workspace: Workspace) -> None:
    ws = workspace
    cid, _, _ = _with_draft(ws)  # VJH-70, a draft of the VJH area
    viewer, bff, vjh = _actor(ws, "viewer"), _actor(ws, "bff"), _actor(ws, "vjh")
    text = "<script>alert(1)</script> Se @BFF og @vjh, @ingen, @viewer: ok?"
    comment = ws.add_comment(cid, "BFF-1", text, viewer)
    assert (comment.author, comment.text, comment.code) == ("viewer", text, "BFF-1")
    assert [c.text for c in ws.comments(cid, "BFF-1", bff)] == [text]
    assert ws.unread_notifications(viewer) == 0  # no notice of one's own mention
    assert ws.unread_notifications(bff) == 1
    assert ws.unread_notifications(vjh) == 1
    assert ws.unread_notifications(None) == 0
    notices = ws.notifications(bff)
    assert [(n.kind, n.catalog_id, n.code, n.actor, n.read, n.comment) for n in notices] == [
        ("mention", cid, "BFF-1", "viewer", False, text)]
    assert ws.unread_notifications(bff) == 0
    assert [n.read for n in ws.notifications(bff)] == [True]
    assert ws.unread_notifications(vjh) == 1  # each user's own
    # A mention on a draft does not show it to someone outside its area.
    ws.add_comment(cid, "VJH-70", "@bff @editor kig her", vjh)
    assert ws.unread_notifications(bff) == 0
    assert ws.unread_notifications(_actor(ws, "editor")) == 1
    with pytest.raises(NotFound):
        ws.add_comment(cid, "VJH-70", "hej", bff)
    with pytest.raises(Unauthorized):
        ws.comments(cid, "BFF-1", None)
    with pytest.raises(InvalidInput):
        ws.add_comment(cid, "BFF-1", " \n ", viewer)
    with pytest.raises(InvalidInput) as long:
        ws.add_comment(cid, "BFF-1", "x" * 4001, viewer)
    assert long.value.params["most"] == 4000
    assert len(ws.add_comment(cid, "BFF-1", "x" * 4000, viewer).text) == 4000
    with pytest.raises(NotFound):
        ws.add_comment(cid, "NOPE-1", "hej", viewer)
    # A status change with a comment puts it in the thread (and its mentions notify).
    ws.set_status(cid, "VJH-70", "submitted", vjh, base_version=2, comment="Klar @admin")
    assert [c.text for c in ws.comments(cid, "VJH-70", vjh)][-1] == "Klar @admin"
    assert ws.unread_notifications(_actor(ws, "admin")) == 1


def test_where_the_areas_stand_in_exact_amounts(workspace: Workspace) -> None:
    ws = workspace
    cid, before, _ = _with_draft(ws)
    admin = _actor(ws, "admin")
    with pytest.raises(Forbidden):
        areas_overview(ws, cid, _actor(ws, "bff"))
    with pytest.raises(Forbidden):
        areas_overview(ws, cid, _actor(ws, "viewer"))
    with pytest.raises(Unauthorized):
        areas_overview(ws, cid, None)
    ws.create_draft(admin, cid, _proposal(ws, cid, "BFF-71", NET), 2, "to")
    ws.set_status(cid, "BFF-71", "submitted", admin, base_version=3)
    ws.set_status(cid, "BFF-1", "rejected", admin, base_version=4, reason="Nej")
    view = areas_overview(ws, cid, _actor(ws, "editor"))
    rows = {row.area: row for row in view.areas}
    assert rows["BFF"].counts == {"draft": 0, "submitted": 1, "accepted": 3, "rejected": 1,
                                  "withdrawn": 0}
    assert rows["VJH"].counts == {"draft": 1, "submitted": 0, "accepted": 5, "rejected": 0,
                                  "withdrawn": 0}
    assert sum(view.totals.values()) == len(before.measures) + 2

    def net_of(area: str | None) -> dict[int, Decimal]:
        chosen = [m for m in before.measures if m.code != "BFF-1"
                  and (area is None or m.operating_area == area)]
        return {y: sum((m.net.get(y, ZERO) for m in chosen), ZERO) for y in before.years}

    assert rows["BFF"].accepted == net_of("BFF")
    assert rows["VJH"].accepted == net_of("VJH")  # the draft is not counted
    assert rows["BFF"].share is None and rows["BFF"].missing is None
    # The whole catalog as the overview counts it: the target's section (MSB-1, outside it,
    # does not count), rejected BFF-1 left out.
    msb = next(m for m in before.measures if m.code == "MSB-1")
    in_section = {y: net_of(None)[y] - msb.net[y] for y in before.years}
    assert view.accepted == in_section
    assert view.target == dict(before.target)
    assert view.missing == {y: in_section[y] - before.target[y] for y in before.years}
    # Accepted: its net counts, to the øre.
    ws.set_status(cid, "BFF-71", "accepted", admin, base_version=5)
    after = areas_overview(ws, cid, admin)
    grown = {row.area: row for row in after.areas}["BFF"].accepted
    assert {y: grown[y] - rows["BFF"].accepted[y] for y in before.years} == NET
    data = json.loads(json.dumps(areas_json(after)))
    assert data["areas"][0]["area"] == "BFF"
    assert data["areas"][0]["accepted"]["2024"] == float(grown[2024])


def test_an_area_s_share_comes_from_a_round_that_names_it(workspace: Workspace) -> None:
    from omprio.rounds.model import BudgetRound, Department, Key, KeyKind, Link, Requirement

    ws = workspace
    cid = _import(ws)
    admin = _actor(ws, "admin")
    years = (2024, 2025, 2026, 2027)
    budget_round = BudgetRound(
        "Runde", "Kommune", years, 2024,
        departments=(Department("BFF", "BFF"), Department("VJH", "VJH"), Department("X", "X")),
        keys=(Key("K", "Nøgle", KeyKind.SHARES, {"BFF": D(25), "VJH": D("12.5"),
                                                   "X": D("62.5")}),),
        requirements=(Requirement("R", "K", dict.fromkeys(years, D(-8000))),),
        links=(Link(cid, "BFF", ("R",)),),
    )
    ws.create_round(budget_round, admin)
    view = areas_overview(ws, cid, admin)
    rows = {row.area: row for row in view.areas}
    assert view.round_name == "Runde"
    assert rows["BFF"].share == dict.fromkeys(years, D(-2000))
    assert rows["BFF"].missing == {y: rows["BFF"].accepted[y] + 2000 for y in years}
    assert rows["VJH"].share is None  # not linked for VJH: no share of its own


def test_migration_0008_upgrades_an_existing_database(database: str) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect, text

    from omprio.store.database import MIGRATIONS

    ws = Workspace(database)
    try:
        ws.add_user("admin", "secret-password", "admin")
        ws.add_user("bff", "secret-password", "editor", "BFF")
        cid = _import(ws)
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))

        def run(step: str, target: str) -> None:
            with ws.engine.begin() as connection:
                config.attributes["connection"] = connection
                getattr(command, step)(config, target)

        run("downgrade", "0007")
        tables = set(inspect(ws.engine).get_table_names())
        assert not tables & {"measure_comments", "notifications"}
        run("upgrade", "head")
        ws._migrated = False
        with ws.engine.connect() as connection:
            assert connection.scalar(text("SELECT version_num FROM alembic_version")) >= "0008"
        assert {"measure_comments", "notifications"} <= set(inspect(ws.engine).get_table_names())
        admin = _actor(ws, "admin")
        assert {m.status for m in ws.version(cid, admin).catalog.measures} == {"accepted"}
        ws.add_comment(cid, "BFF-1", "efter migreringen @bff", admin)
        assert ws.unread_notifications(_actor(ws, "bff")) == 1
    finally:
        ws.engine.dispose()


def test_a_diff_shows_no_draft_to_those_who_may_not_see_it(workspace: Workspace) -> None:
    ws = workspace
    cid, _, _ = _with_draft(ws)  # version 2 adds VJH-70, a draft
    assert "VJH-70" in json.dumps(ws.diff(cid, 1, 2, _actor(ws, "admin")).to_json())
    for reader in (None, _actor(ws, "bff"), _actor(ws, "viewer")):
        assert "VJH-70" not in json.dumps(ws.diff(cid, 1, 2, reader).to_json())
