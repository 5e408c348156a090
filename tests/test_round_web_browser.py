"""The budget round's page in Chromium (Playwright): an administrator changes MSB's share of
the administrative key with the form on the round's page, and the department table follows
(MSB's part of the administrative savings goes from −13.750 to −14.525 in 2024); the page does
not scroll sideways at 390 px.

Screenshots go to ``tests/artifacts/`` (git-ignored).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from omprio.web.app import create_app
from test_round_allocate import aarhus_round
from test_web_browser import ShotTaker, log_in, shot, watch_errors
from web_support import SECRET_KEY, SYSTEM, import_seed, live_server, user_workspace

__all__ = ["shot"]  # the fixture of test_web_browser, used here (browser: conftest.py)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    with user_workspace("sqlite", tmp_path_factory.mktemp("round-browser")) as ws:
        import_seed(ws, public=False)
        round_id = ws.create_round(aarhus_round(), SYSTEM).id
        with live_server(create_app(ws, secret_key=SECRET_KEY)) as url:
            yield url, round_id


def test_an_admin_changes_a_share_and_the_table_follows(
        browser: Browser, site: tuple[str, int], shot: ShotTaker) -> None:
    url, round_id = site
    page = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900}).new_page()
    errors = watch_errors(page)
    log_in(page, url, "admin")
    page.click("header nav >> text=Budgetrunder")
    page.click("main table.rounds a >> text=Budget 2024")
    expect(page).to_have_url(f"{url}/rounds/{round_id}")
    part = page.locator('tbody[data-department="MSB"] '
                        'tr[data-requirement="Administrative besparelser"] td.num').first
    expect(part).to_have_text("-13.750")
    shot(page, "before")
    page.select_option("#share-key", "ADM")
    page.select_option("#share-department", "MSB")
    page.fill("#share-share", "30")
    page.fill("#share-message", "MSB får 30 %")
    page.click("#share button[type=submit]")
    expect(page.locator(".notice.ok[role=status]")).to_contain_text("version 2")
    expect(part).to_have_text("-14.525")  # 30 % of -48.415, by the largest remainder
    expect(page.locator('tr[data-key="ADM"] td[data-department="MSB"]')).to_have_text("30 %")
    expect(page.locator("#recent")).to_contain_text("MSB får 30 %")
    shot(page, "after")
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not errors, errors
    page.context.close()
