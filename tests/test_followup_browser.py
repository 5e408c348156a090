"""The follow-up grid in Chromium (Playwright): an area editor (BFF) fills in BFF-1's 2024
figures typing Danish numbers; the page says at once which cell is no number and that "i
risiko" needs an explanation (htmx, while typing); the save makes a new revision; then the
finance office opens the same follow-up and sees BFF-1's status light change from "afventer"
(grey) to "i risiko" (amber), with the word beside the colour.

Screenshots go to ``tests/artifacts/`` (git-ignored).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from followup_support import AGREED_ON, AGREEMENT
from omprio.service.followup import record_agreement
from omprio.store.workspace import Workspace
from omprio.web.app import create_app
from test_web_browser import ShotTaker, log_in, shot, watch_errors
from web_support import SECRET_KEY, SYSTEM, import_seed, live_server, user_workspace

__all__ = ["shot"]  # the fixture of test_web_browser, used here (browser: conftest.py)

DAY = "2024-06-30"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int, Workspace]]:
    with user_workspace("sqlite", tmp_path_factory.mktemp("followup-browser")) as ws:
        cid = import_seed(ws, public=False)
        record_agreement(ws, cid, SYSTEM, name="Budgetforlig 2024", agreed_on=AGREED_ON,
                         document=AGREEMENT)
        ws.save_followup(cid, date(2024, 6, 30), [], SYSTEM)
        with live_server(create_app(ws, secret_key=SECRET_KEY)) as url:
            yield url, cid, ws


def light(page: Page) -> Locator:
    return page.locator('tbody[data-code="BFF-1"] .status-light')


def test_an_area_editor_fills_in_and_the_finance_office_sees_the_light(
        browser: Browser, site: tuple[str, int, Workspace], shot: ShotTaker) -> None:
    url, cid, ws = site
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    finance = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = watch_errors(page)
    log_in(page, url, "bff")
    page.goto(f"{url}/catalogs/{cid}/followups/{DAY}")
    row = page.locator('tbody[data-code="BFF-1"]')
    name = row.locator('input[name^="code-"]').get_attribute("name")
    assert name is not None
    i = name.removeprefix("code-")
    assert page.locator('tbody[data-code="VJH-1"]').count() == 0  # not BFF's area
    before = finance.new_page()
    log_in(before, url, "editor")
    before.goto(f"{url}/catalogs/{cid}/followups/{DAY}")
    expect(light(before)).to_have_text("afventer")
    expect(light(before)).to_have_class("status-light light-grey")

    page.fill(f"#f-m{i}-2024-realized", "-1.234,5")
    page.fill(f"#f-m{i}-2024-forecast", "en del")
    expect(page.locator(f"#err-m{i}-2024-forecast")).to_contain_text("er ikke et tal")
    expect(page.locator(f"#f-m{i}-2024-forecast")).to_have_attribute("aria-invalid", "true")
    page.fill(f"#f-m{i}-2024-forecast", "-2.500")
    expect(page.locator(f"#err-m{i}-2024-forecast")).to_have_text("")
    page.select_option(f"#f-m{i}-2024-status", "at_risk")
    expect(page.locator(f"#err-m{i}-2024-explanation")).to_contain_text("skriv en forklaring")
    shot(page, "typing")
    page.fill(f"#f-m{i}-2024-explanation", "Opsigelserne kommer senere end ventet")
    expect(page.locator(f"#err-m{i}-2024-explanation")).to_have_text("")
    page.click("#grid-save")
    expect(page.locator("#grid-saved")).to_contain_text("revision 2")
    stored = ws.followup(cid, SYSTEM, date(2024, 6, 30))
    assert stored is not None
    entry = next(e for e in stored.entries if e.code == "BFF-1")
    assert (entry.realized, entry.forecast, entry.status) == (
        Decimal("-1234.5"), Decimal(-2500), "at_risk")

    before.reload()
    expect(light(before)).to_have_text("i risiko")
    expect(light(before)).to_have_class("status-light light-amber")
    shot(before, "finance")
    assert not errors, errors
    context.close()
    finance.close()
