"""Every page fits a phone and a wide screen (issue 11, item 7), in Chromium (Playwright).

At 390 px (a phone) and at 1920 px the page is never wider than the window: wide tables scroll
inside their own box with the first column kept in view. The risk page's table uses the width it
has. One browser, one server and one seeded workspace (SQLite: the layout does not depend on the
engine) for the module: the reference catalog with a second version, two stored scenarios (one
with uncertainties, so the risk page shows its simulation).

Screenshots go to ``tests/artifacts/`` (git-ignored); look at them after a run.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from omprio.decide.risk import Uncertainty
from omprio.decide.scenario import empty_scenario
from omprio.store.workspace import Workspace
from omprio.web.app import create_app
from test_round_allocate import aarhus_round
from test_web_browser import ARTIFACTS, log_in
from web_support import SECRET_KEY, SYSTEM, actor, import_seed, live_server, user_workspace

WIDTHS = (390, 1920)
HEIGHT = 900


class Site:
    """The seeded workspace behind the server: its catalog and scenarios."""

    def __init__(self, url: str, cid: int, scenarios: tuple[int, int]) -> None:
        self.url = url
        self.cid = cid
        self.scenarios = scenarios


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with user_workspace("sqlite", tmp_path_factory.mktemp("layout")) as ws:
        cid = import_seed(ws, public=False)
        editor = actor(ws, "editor")
        ws.edit_measure(cid, "BFF-1", {"net": {"2024": Decimal(-1200)}}, editor,
                        base_version=1, message="Ny beregning af Brobyg")
        scenarios = _scenarios(ws, cid)
        ws.create_round(aarhus_round(), SYSTEM)  # /rounds/1, linked to the catalog
        with live_server(create_app(ws, secret_key=SECRET_KEY)) as url:
            yield Site(url, cid, scenarios)


def _scenarios(ws: Workspace, cid: int) -> tuple[int, int]:
    viewer = actor(ws, "viewer")
    catalog = ws.version(cid, viewer).catalog
    base = empty_scenario(catalog, "Anbringelser og velfærdsteknologi")
    chosen = ("BFF-1", "BFF-3A", "VJH-1", "JUS-2")
    first = replace(base, selection={**base.selection, **dict.fromkeys(chosen, Decimal(1))},
                    risk={"BFF-1": Uncertainty(Decimal("0.8"), Decimal("0.5"),
                                               Decimal("0.9"), Decimal(1))})
    second = replace(base, name="Visitation",
                     selection={**base.selection, "UJU-1": Decimal(1), "VJH-3": Decimal("0.5")},
                     divisible=frozenset({"VJH-3"}))
    return (ws.save_scenario(cid, first, viewer).id, ws.save_scenario(cid, second, viewer).id)


@pytest.fixture(scope="module")
def admin(browser: Browser, site: Site) -> Iterator[BrowserContext]:
    """A logged-in admin (who sees every form), one context for the module; the browser's
    first context is an anonymous one (for the login page)."""
    anonymous = browser.new_context(locale="da-DK")
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": HEIGHT})
    log_in(context.new_page(), site.url, "admin")
    yield context
    context.close()
    anonymous.close()


PAGES = {
    "catalog-list": "/",
    "catalog-overview": "/catalogs/{cid}",
    "measure": "/catalogs/{cid}/measures/BFF-3A",
    "findings": "/catalogs/{cid}/findings",
    "versions": "/catalogs/{cid}/versions",
    "diff": "/catalogs/{cid}/diff?from=1&to=2",
    "import": "/import",
    "edit": "/catalogs/{cid}/measures/BFF-1/edit",
    "scenarios": "/catalogs/{cid}/scenarios",
    "scenario-builder": "/catalogs/{cid}/scenarios/new",
    "scenario": "/catalogs/{cid}/scenarios/{sid}",
    "risk": "/catalogs/{cid}/scenarios/{sid}/risk",
    "compare": "/catalogs/{cid}/scenarios/compare?id={sid}&id={other}",
    "optimize": "/catalogs/{cid}/optimize",
    "login": "/login",
    "account": "/account",
    "users": "/users",
    "submissions": "/catalogs/{cid}/submissions",
    "notifications": "/notifications",
    "rounds": "/rounds",
    "round": "/rounds/1",
}


def _open(browser: Browser, admin: BrowserContext, site: Site, name: str,
          width: int) -> Page:
    """The page ``name`` at ``width``, as the admin (the login page: anonymous)."""
    path = PAGES[name].format(cid=site.cid, sid=site.scenarios[0], other=site.scenarios[1])
    page = (browser.contexts[0] if name == "login" else admin).new_page()
    page.set_viewport_size({"width": width, "height": HEIGHT})
    answer = page.goto(site.url + path)
    assert answer is not None and answer.status == 200, (name, answer and answer.status)
    return page


WIDE = """() => {
  const limit = document.documentElement.clientWidth;
  const clipped = e => { for (let a = e.parentElement; a; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
  const out = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > limit + 1 && !clipped(e));
  return out.filter(e => !out.some(o => o !== e && e.contains(o)))
    .slice(0, 6).map(e => e.tagName + '#' + e.id + '.' + e.className + ' '
                     + Math.round(e.getBoundingClientRect().right));
}"""
"""The outermost-innermost elements that stick out of the window (for the failure message)."""


def _png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width: int = struct.unpack(">I", data[16:20])[0]
    return width


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_is_never_wider_than_the_window(browser: Browser, admin: BrowserContext,
                                                 site: Site, name: str, width: int) -> None:
    page = _open(browser, admin, site, name, width)
    try:
        wide = page.evaluate(WIDE)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"layout-{name}-{width}.png"
        shot = page.screenshot(path=str(path), full_page=True)
        assert scroll_width <= width, (name, width, scroll_width, wide)
        assert _png_width(shot) == width, (name, width)
        # Wide tables scroll in their own box, their first column kept in view.
        for box in page.locator(".table-scroll").all():
            if box.evaluate("b => b.scrollWidth > b.clientWidth + 1"):
                first = box.locator("tr > :first-child:not([colspan])").first
                assert first.evaluate("c => getComputedStyle(c).position") == "sticky", name
    finally:
        page.close()


def test_the_risk_table_shows_every_column_on_a_wide_screen(
        browser: Browser, admin: BrowserContext, site: Site) -> None:
    page = _open(browser, admin, site, "risk", 1920)
    try:
        form_table = page.locator("form table.data")
        box = page.locator("form .table-scroll")
        expect(form_table.locator("thead th")).to_have_count(7)
        assert box.evaluate("b => b.scrollWidth <= b.clientWidth"), "the table scrolls"
        right = box.evaluate("b => b.getBoundingClientRect().right")
        for label in ("Sandsynlig (%)", "Høj (%)"):
            header = form_table.locator("thead th").filter(has_text=re.compile(
                rf"^{re.escape(label)}$"))
            expect(header).to_be_visible()
            assert header.evaluate("h => h.getBoundingClientRect().right") <= right + 1, label
        assert form_table.evaluate("t => t.getBoundingClientRect().width") > 1000
        for table in page.locator("table.data").all():
            assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth + 1")
    finally:
        page.close()


def test_measure_codes_never_wrap(browser: Browser, admin: BrowserContext, site: Site) -> None:
    """At 390 px, "BFF-3A" stays on one line wherever a table or a heading shows it."""
    for name in ("catalog-overview", "scenario-builder", "scenario", "compare", "risk",
                 "optimize"):
        page = _open(browser, admin, site, name, 390)
        try:
            cells = page.locator("table td, table th, h3").filter(has_text="BFF-3A")
            heights = [cell.evaluate("""c => {
                const r = document.createRange();
                const walker = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
                let node;
                while ((node = walker.nextNode())) {
                  const at = node.data.indexOf('BFF-3A');
                  if (at >= 0) { r.setStart(node, at); r.setEnd(node, at + 6);
                                 return r.getClientRects().length; }
                }
                return 1;
            }""") for cell in cells.all()]
            assert heights and all(h == 1 for h in heights), (name, heights)
        finally:
            page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_target_form_shows_every_amount_whole(browser: Browser, admin: BrowserContext,
                                                  site: Site, width: int) -> None:
    """The target's inputs on the catalog page are wide enough for "-19.730" at both widths."""
    page = _open(browser, admin, site, "catalog-overview", width)
    try:
        inputs = page.locator("#target-form input[name^=target-]")
        assert inputs.count() == 4
        for item in inputs.all():
            assert item.evaluate("i => i.scrollWidth <= i.clientWidth"), item.input_value()
    finally:
        page.close()


def test_the_comparison_has_scenarios_as_rows_and_years_as_columns(
        browser: Browser, admin: BrowserContext, site: Site) -> None:
    page = _open(browser, admin, site, "compare", 1920)
    try:
        table = page.locator("#comparison")
        heads = [" ".join(t.split()) for t in table.locator("thead th").all_inner_texts()]
        assert heads[1:] == ["2024", "2025", "2026", "2027"], heads
        rows = table.locator("tbody tr:not(.theme-row) th[scope=row]").all_inner_texts()
        assert rows[:2] == ["Anbringelser og velfærdsteknologi", "Visitation"], rows
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4")
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        assert pages <= 2, pages
    finally:
        page.close()


