"""The making of a catalog in Chromium (Playwright), against a real uvicorn server (issue 13):
the finance office (an administrator) creates an empty catalog with "Nyt katalog"; an editor
limited to BFF adds two measures with "Tilføj tiltag", typing the amounts the Danish way
(``-1.250``), sees them as their drafts (outside the overview's totals) and submits them, the
second at a phone's width (390 px, where the page does not scroll sideways); the finance office
accepts one and rejects the other with a reason; the overview's totals are then exactly the
accepted measure's amounts, and the team (a viewer) sees the rejected one with its status and
reason. Only the users are made without the pages.

Screenshots go to ``tests/artifacts/`` (git-ignored).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from omprio.web.app import create_app
from test_web_browser import ShotTaker, log_in, shot, watch_errors
from web_support import SECRET_KEY, live_server, user_workspace

__all__ = ["shot"]  # the fixture of test_web_browser, used here (browser: conftest.py)

YEARS = (2025, 2026, 2027, 2028)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with (user_workspace("sqlite", tmp_path_factory.mktemp("intake-browser")) as ws,
          live_server(create_app(ws, secret_key=SECRET_KEY)) as url):
        yield url


def _page(browser: Browser, url: str, name: str, width: int = 1280) -> Page:
    page = browser.new_context(locale="da-DK", viewport={"width": width, "height": 900}).new_page()
    log_in(page, url, name)
    return page


def _net_total(page: Page) -> list[str]:
    """The cells of the overview's "Alle tiltag, netto i alt" row."""
    row = page.locator("tr.total-row", has_text="Alle tiltag, netto i alt")
    return [text.strip() for text in row.locator("td.num").all_inner_texts()][:len(YEARS)]


def _add(page: Page, code: str, title: str, net: str, fte: str) -> None:
    """Add a measure with "Tilføj tiltag" from the catalog page, checked as one types."""
    page.click("#add-measure-link")
    expect(page.locator("h1")).to_contain_text("Tilføj tiltag")
    page.fill("#f-code", code)
    page.fill("#f-title", title)
    page.fill("#f-description", f"Konsekvenser for borgerne af {title.lower()}.")
    for year in YEARS:
        page.locator(f"#f-net-{year}").press_sequentially(net)
        page.fill(f"#f-fte-{year}", fte)
    # As one types: the catalog's total stays (a draft is not in it yet), and says why.
    expect(page.locator("#check-draft")).to_contain_text("udkast", timeout=10_000)
    total = page.locator("#check-body table.effect td.num")
    expect(total).to_have_text(["0"] * len(YEARS))
    page.click("#add-measure-form button[type=submit]")
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator("#submission")).to_contain_text("Udkast")


def _status(page: Page, button: str, shown: str, reason: str = "") -> None:
    """Press a status button on the measure page (with a reason, when given)."""
    if reason:
        page.fill("#status-reason", reason)
    page.click(f"#status-form button >> text={button}")
    expect(page.locator("#status-note")).to_be_visible()
    expect(page.locator("#submission")).to_contain_text(shown)


def test_an_area_proposes_and_the_finance_office_decides(
        browser: Browser, site: str, shot: ShotTaker) -> None:
    url = site
    # The finance office creates the empty catalog.
    office = _page(browser, url, "admin")
    errors = [watch_errors(office)]
    office.goto(f"{url}/")
    office.click("#new-catalog-link")
    office.fill("#f-title", "Nyt katalog")
    office.fill("#f-department", "Børn og Familie")
    office.fill("#f-first-year", "2025")
    office.fill("#f-last-year", "2028")
    office.fill("#f-price-base", "2025-PL")
    office.fill("#f-target", "-3.000; -3.000; -3.000; -3.000")
    office.click("#new-catalog-form button[type=submit]")
    expect(office.locator("h1")).to_contain_text("Nyt katalog")
    catalog_url = office.url.split("?")[0]
    assert catalog_url.rsplit("/", 1)[1].isdecimal(), catalog_url
    assert _net_total(office) == ["0"] * 4
    shot(office, "created")

    # An editor for BFF adds two measures, the second at a phone's width, and submits them.
    area = _page(browser, url, "bff")
    errors.append(watch_errors(area))
    area.goto(catalog_url)
    _add(area, "BFF-1", "Færre vikarer", "-1.250", "-2")
    area.goto(catalog_url)
    area.set_viewport_size({"width": 390, "height": 844})
    _add(area, "BFF-2", "Lukning af klub", "-800,5", "-1,5")
    assert area.evaluate("document.documentElement.scrollWidth") <= 390
    shot(area, "draft-390")
    area.goto(catalog_url)
    proposals = area.locator("#proposal-list")
    expect(proposals.locator("tr", has_text="BFF-1")).to_contain_text("Udkast")
    expect(proposals.locator("tr", has_text="BFF-2")).to_contain_text("Udkast")
    assert _net_total(area) == ["0"] * 4  # drafts are not in the catalog yet
    assert area.evaluate("document.documentElement.scrollWidth") <= 390
    area.set_viewport_size({"width": 1280, "height": 900})
    for code in ("BFF-1", "BFF-2"):
        area.click(f"#proposal-list a >> text={code}")
        _status(area, "Indsend", "Indsendt")
        area.goto(catalog_url)
    # An area editor may not accept: the button is not there.
    area.click("#proposal-list a >> text=BFF-1")
    expect(area.locator("#status-form button", has_text="Godkend")).to_have_count(0)
    expect(area.locator("#status-form button", has_text="Træk tilbage")).to_have_count(1)

    # The finance office accepts one and rejects the other with a reason.
    office.goto(catalog_url)
    expect(office.locator("#proposal-list tr", has_text="BFF-1")).to_contain_text("Indsendt")
    office.click("#proposal-list a >> text=BFF-1")
    _status(office, "Godkend", "Status: Godkendt")
    office.goto(catalog_url)
    office.click("#proposal-list a >> text=BFF-2")
    _status(office, "Afvis", "Afvist", reason="For dyrt i forhold til effekten")
    office.goto(catalog_url)
    assert _net_total(office) == ["-1.250"] * 4  # exactly the accepted measure
    overview = office.locator("table.overview")
    expect(overview.locator("tbody tr", has_text="BFF-1")).to_contain_text("Færre vikarer")
    expect(overview.locator("tbody tr", has_text="BFF-2")).to_have_count(0)
    shot(office, "decided")

    # The team sees the rejected proposal with its status and reason.
    team = _page(browser, url, "viewer", 390)
    errors.append(watch_errors(team))
    team.goto(catalog_url)
    assert _net_total(team) == ["-1.250"] * 4
    row = team.locator("#proposal-list tr", has_text="BFF-2")
    expect(row).to_contain_text("Afvist")
    expect(row).to_contain_text("For dyrt i forhold til effekten")
    team.click("#proposal-list a >> text=BFF-2")
    expect(team.locator("#submission")).to_contain_text("For dyrt i forhold til effekten")
    expect(team.locator("#status-form")).to_have_count(0)  # a viewer changes nothing
    assert team.evaluate("document.documentElement.scrollWidth") <= 390
    shot(team, "rejected-390")
    assert not any(errors), errors
    for page in (office, area, team):
        page.context.close()
