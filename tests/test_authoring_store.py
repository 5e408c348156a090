"""Authoring in the workspace, on SQLite and PostgreSQL: a new empty catalog, measures added,
renumbered, reordered, moved and deleted, themes and sections, the derived overview's exact
totals, stale versions refused, and what an editor limited to operating areas may do."""

from __future__ import annotations

from decimal import Decimal

import pytest

from omprio.interchange import catalog_from_json, catalog_to_json
from omprio.model import Line, Measure, Source, Theme
from omprio.overview import derive_overview
from omprio.store.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from omprio.store.workspace import NewCatalog, Workspace
from web_support import actor, import_seed

YEARS = (2026, 2027, 2028, 2029)
D = Decimal


def measure(code: str, theme: str, net: tuple[str, ...], title: str = "",
            years: tuple[int, ...] = YEARS) -> Measure:
    amounts = {year: D(v) for year, v in zip(years, net, strict=True)}

    return Measure(
        code=code, theme=theme, title=title or f"Tiltag {code}", description="Borgerne mærker det.",
        lines=(Line("Drift", amounts, Source("")),), adjustments=(), net=amounts,
        fte={year: D("-0.5") for year in years}, sector="1.20 Drift", area_budget=None,
        stated_savings_pct=None, notes=(), source=Source(""),
    )


NEW = NewCatalog(
    title="Omprioriteringskatalog for Teknik og Miljø",
    years=YEARS,
    department="Teknik og Miljø",
    organisation="Esbjerg Kommune",
    price_base="2026-PL",
    unit="1.000 kr.",
    target={year: D(-3000) for year in YEARS},
    themes=(Theme("1", "Veje", "OMPRIORITERINGSTILTAG"),
            Theme("2", "Natur", "OMPRIORITERINGSTILTAG"),
            Theme("9", "Administration", "ADMINISTRATIVE BESPARELSER")),
)


def _authored(ws: Workspace) -> tuple[int, int]:
    """A new catalog with three measures: its id and latest version."""
    editor = actor(ws, "editor")
    stored = ws.create_catalog(editor, NEW, "Nyt katalog til budget 2026")
    cid = stored.info.catalog_id
    assert stored.info.number == 1 and stored.catalog.measures == ()
    version = 1
    for item in (
        measure("VEJ-1", "1A", ("-1000.5", "-1000", "-1000", "-1000")),
        measure("NAT-1", "2A", ("-250.25", "-500", "-750", "-1000")),
        measure("ADM-1", "9A", ("-100", "-100", "-100", "-100")),
    ):
        version = ws.add_measure(editor, cid, item, base_version=version,
                                 reason=f"Nyt tiltag {item.code}").info.number
    return cid, version


def test_create_and_add_three_measures_derive_the_overview(workspace: Workspace) -> None:
    cid, version = _authored(workspace)
    stored = workspace.version(cid, actor(workspace, "viewer"))
    catalog = stored.catalog
    assert version == 4 and stored.info.author == "editor"
    assert stored.info.message == "Nyt tiltag ADM-1"
    assert catalog.authored and catalog.years == YEARS and catalog.price_base == "2026-PL"
    assert [m.code for m in catalog.measures] == ["VEJ-1", "NAT-1", "ADM-1"]
    assert [(r.section, r.theme, r.measure) for r in catalog.overview] == [
        ("OMPRIORITERINGSTILTAG", "1", "VEJ-1"),
        ("OMPRIORITERINGSTILTAG", "2", "NAT-1"),
        ("ADMINISTRATIVE BESPARELSER", "9", "ADM-1"),
    ]
    totals = {(t.section, t.theme): t.amounts for t in catalog.overview_totals}
    assert totals[("OMPRIORITERINGSTILTAG", None)] == {
        2026: D("-1250.75"), 2027: D(-1500), 2028: D(-1750), 2029: D(-2000)}
    assert totals[("ADMINISTRATIVE BESPARELSER", "9")][2026] == D(-100)
    assert totals[(None, None)] == {2026: D("-1350.75"), 2027: D(-1600), 2028: D(-1850),
                                    2029: D(-2100)}
    assert all(isinstance(v, Decimal) for t in catalog.overview_totals for v in t.amounts.values())
    assert catalog.target == {year: D(-3000) for year in YEARS}  # the target as set, not the sum
    # no finding about the overview: it is the measures' own
    assert not [f for f in stored.findings if f.rule in ("overview-mismatch", "section-total")]
    # the stored version reads back the same, and its JSON says it is authored
    again = catalog_from_json(catalog_to_json(catalog), "x")
    assert again.authored
    assert [(r.measure, r.amounts) for r in again.overview] == [
        (r.measure, r.amounts) for r in catalog.overview]
    assert catalog_to_json(catalog)["authored"] is True


def test_renumber_reorder_move_and_delete(workspace: Workspace) -> None:
    cid, version = _authored(workspace)
    editor = actor(workspace, "editor")
    renumbered = workspace.renumber_measure(editor, cid, "NAT-1", "NAT-7", base_version=version)
    catalog = renumbered.catalog
    assert catalog.measure("NAT-1") is None and catalog.measure("NAT-7") is not None
    assert [r.measure for r in catalog.overview] == ["VEJ-1", "NAT-7", "ADM-1"]
    version = renumbered.info.number
    moved = workspace.move_measure(editor, cid, "ADM-1", position=0, base_version=version)
    assert [m.code for m in moved.catalog.measures] == ["ADM-1", "VEJ-1", "NAT-7"]
    version = moved.info.number
    same = workspace.move_measure(editor, cid, "ADM-1", position=0, base_version=version)
    assert same.unchanged and same.info.number == version  # moved where it is: no version
    themed = workspace.move_measure(editor, cid, "NAT-7", theme="1", base_version=version,
                                    reason="Hører under veje")
    nat = themed.catalog.measure("NAT-7")
    assert nat is not None and nat.theme == "1A"
    totals = {(t.section, t.theme): t.amounts for t in themed.catalog.overview_totals}
    assert totals[("OMPRIORITERINGSTILTAG", "1")][2026] == D("-1250.75")
    assert ("OMPRIORITERINGSTILTAG", "2") not in totals  # an empty theme has no total
    version = themed.info.number
    deleted = workspace.delete_measure(editor, cid, "VEJ-1", base_version=version)
    assert [m.code for m in deleted.catalog.measures] == ["ADM-1", "NAT-7"]
    grand = [t for t in deleted.catalog.overview_totals if t.section is None][-1]
    assert grand.amounts[2029] == D(-1100)
    with pytest.raises(NotFound):
        workspace.delete_measure(editor, cid, "VEJ-1", base_version=deleted.info.number)
    history = workspace.versions(cid, editor)
    assert [v.message for v in history][:2] in (
        ["Slettet VEJ-1", "Hører under veje"], ["Hører under veje", "Slettet VEJ-1"])


def test_refusals_conflicts_and_bad_input(workspace: Workspace) -> None:
    cid, version = _authored(workspace)
    editor = actor(workspace, "editor")
    with pytest.raises(Conflict):
        workspace.add_measure(editor, cid, measure("VEJ-2", "1A", ("1", "1", "1", "1")),
                              base_version=version - 1)
    with pytest.raises(InvalidInput):  # the code is taken
        workspace.add_measure(editor, cid, measure("VEJ-1", "1A", ("1", "1", "1", "1")),
                              base_version=version)
    with pytest.raises(InvalidInput):  # an invisible character in the code
        workspace.add_measure(editor, cid, measure("VEJ-\u200b2", "1A", ("1", "1", "1", "1")),
                              base_version=version)
    with pytest.raises(InvalidInput):
        workspace.renumber_measure(editor, cid, "VEJ-1", "NAT-1", base_version=version)
    assert workspace.version(cid, editor).info.number == version  # nothing stored
    with pytest.raises(Forbidden):
        workspace.create_catalog(actor(workspace, "viewer"), NEW)
    with pytest.raises(Unauthorized):
        workspace.add_measure(None, cid, measure("VEJ-2", "1A", ("1", "1", "1", "1")),
                              base_version=version)
    for bad in (NewCatalog("  ", YEARS), NewCatalog("X", (2026, 2028)), NewCatalog("X", ()),
                NewCatalog("X", YEARS, target={2026: D(1)})):
        with pytest.raises(InvalidInput):
            workspace.create_catalog(editor, bad)


def test_themes_and_sections(workspace: Workspace) -> None:
    cid, version = _authored(workspace)
    editor = actor(workspace, "editor")
    added = workspace.add_theme(editor, cid, Theme("3", "Klima", "INVESTERINGER"),
                                base_version=version)
    assert added.catalog.themes[-1] == Theme("3", "Klima", "INVESTERINGER")
    with pytest.raises(InvalidInput):
        workspace.add_theme(editor, cid, Theme("3", "Igen", None), base_version=added.info.number)
    renamed = workspace.rename_theme(editor, cid, "1", title="Veje og broer",
                                     section="OMPRIORITERINGSTILTAG",
                                     base_version=added.info.number)
    labels = [t.label for t in renamed.catalog.overview_totals]
    assert "Veje og broer, I ALT" in labels
    section = workspace.rename_section(editor, cid, "OMPRIORITERINGSTILTAG", "TILTAG",
                                       base_version=renamed.info.number)
    assert {r.section for r in section.catalog.overview} == {"TILTAG", "ADMINISTRATIVE BESPARELSER"}
    with pytest.raises(InvalidInput):  # theme 2 holds NAT-1
        workspace.delete_theme(editor, cid, "2", base_version=section.info.number)
    with pytest.raises(InvalidInput):
        workspace.delete_section(editor, cid, "TILTAG", base_version=section.info.number)
    empty = workspace.delete_section(editor, cid, "INVESTERINGER",
                                     base_version=section.info.number)
    assert [t.code for t in empty.catalog.themes] == ["1", "2", "9"]
    with pytest.raises(Forbidden):  # an area editor changes no themes
        workspace.add_theme(actor(workspace, "bff"), cid, Theme("4", "X", None),
                            base_version=empty.info.number)


def test_area_editor_adds_and_deletes_only_in_their_areas(workspace: Workspace) -> None:
    cid, version = _authored(workspace)
    bff = actor(workspace, "bff")
    added = workspace.add_measure(bff, cid, measure("BFF-9", "1A", ("-5", "-5", "-5", "-5")),
                                  base_version=version)
    assert added.info.author == "bff"
    with pytest.raises(Forbidden):
        workspace.add_measure(bff, cid, measure("VEJ-9", "1A", ("-5", "-5", "-5", "-5")),
                              base_version=added.info.number)
    with pytest.raises(Forbidden):
        workspace.delete_measure(bff, cid, "VEJ-1", base_version=added.info.number)
    with pytest.raises(Forbidden):  # into a code outside the areas
        workspace.renumber_measure(bff, cid, "BFF-9", "VEJ-9", base_version=added.info.number)
    deleted = workspace.delete_measure(bff, cid, "BFF-9", base_version=added.info.number)
    assert deleted.catalog.measure("BFF-9") is None


def test_an_imported_catalogs_overview_follows(workspace: Workspace) -> None:
    cid = import_seed(workspace, public=False)
    editor = actor(workspace, "editor")
    before = workspace.version(cid, editor).catalog
    section = "OMPRIORITERINGSTILTAG"
    total = [t for t in before.overview_totals if t.section == section][-1].amounts[2024]
    new = measure("BFF-5", "1A", ("-10", "-10", "-10", "-10"), years=(2024, 2025, 2026, 2027))
    added = workspace.add_measure(editor, cid, new, base_version=1)
    after = added.catalog
    assert not after.authored
    codes = [r.measure for r in after.overview]
    assert codes.index("BFF-5") == codes.index("BFF-4") + 1  # after the last row of theme 1
    assert [t for t in after.overview_totals if t.section == section][-1].amounts[2024] == (
        total - 10)
    # the residual row (MSB-1, typed in the document) stays as it was
    assert after.overview[0] == before.overview[0]
    renumbered = workspace.renumber_measure(editor, cid, "BFF-2", "BFF-20", base_version=2)
    assert "BFF-20" in [r.measure for r in renumbered.catalog.overview]
    deleted = workspace.delete_measure(editor, cid, "BFF-20", base_version=3)
    assert "BFF-20" not in [r.measure for r in deleted.catalog.overview]
    assert not [f for f in deleted.findings if f.rule in ("overview-mismatch", "section-total")]


def test_edit_of_an_authored_measure_keeps_the_overview_derived(workspace: Workspace) -> None:
    cid, version = _authored(workspace)
    editor = actor(workspace, "editor")
    edited = workspace.edit_measure(cid, "VEJ-1", {"net": {"2026": -2000}, "title": "Færre veje"},
                                    editor, base_version=version)
    assert edited.catalog.overview == derive_overview(edited.catalog)[0]
    assert edited.catalog.overview[0].label == "Færre veje"
