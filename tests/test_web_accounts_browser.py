"""The account pages in Chromium (Debian's, headless, through Playwright) at a phone's width:
an administrator creates an editor with the form, the editor logs in, makes an API token that
is shown once, and logs the other session out; no page is wider than the screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from omprio.store.workspace import Workspace
from omprio.web.app import create_app
from test_web_browser import log_in
from web_support import SECRET_KEY, live_server

PHONE: ViewportSize = {"width": 390, "height": 844}
PHRASE = "en lang og god sætning om budgettet"


@pytest.fixture(scope="module")
def chromium(browser: Browser) -> Browser:
    """The module's Chromium (``browser`` in conftest.py)."""
    return browser


@pytest.fixture
def base(workspace: Workspace) -> Iterator[str]:
    with live_server(create_app(workspace, secret_key=SECRET_KEY)) as url:
        yield url


def page_width(page: Page) -> int:
    width: int = page.evaluate("() => document.documentElement.scrollWidth")
    return width


def test_accounts_in_the_browser_at_390_px(chromium: Browser, base: str,
                                           workspace: Workspace) -> None:
    admin = chromium.new_page(viewport=PHONE)
    log_in(admin, base, "admin")
    admin.goto(f"{base}/users")
    assert page_width(admin) <= PHONE["width"]
    admin.fill("#f-name", "dora")
    admin.select_option("#f-role", "editor")
    admin.fill("#f-areas", "bff")
    admin.fill("#f-password", "kodeord123456")
    admin.fill("#f-again", "kodeord123456")
    admin.click("#new-user button[type=submit]")
    expect(admin.locator("[role=alert]")).to_contain_text("for almindelig")
    expect(admin.locator("#f-name")).to_have_value("dora")
    admin.fill("#f-password", PHRASE)
    admin.fill("#f-again", PHRASE)
    admin.click("#new-user button[type=submit]")
    expect(admin.locator("[role=status]")).to_contain_text("Brugeren er oprettet")
    expect(admin.locator("table.users tr", has_text="dora")).to_contain_text("BFF")

    other = chromium.new_page(viewport=PHONE)  # dora's first browser
    other.goto(f"{base}/login")
    other.fill("#f-name", "dora")
    other.fill("#f-password", PHRASE)
    other.click("main form button[type=submit]")
    expect(other.locator("header .user")).to_contain_text("dora")
    dora = chromium.new_page(viewport=PHONE)  # and her second
    dora.goto(f"{base}/login")
    dora.fill("#f-name", "dora")
    dora.fill("#f-password", PHRASE)
    dora.click("main form button[type=submit]")
    dora.goto(f"{base}/account")
    assert page_width(dora) <= PHONE["width"]
    dora.fill("#f-token-name", "nightly")
    dora.click("#token-form button[type=submit]")
    token = dora.locator("#f-token").input_value()
    assert token.startswith("omp_") and workspace.actor_for_token(token) is not None
    expect(dora.locator("table.tokens")).to_contain_text("nightly")
    dora.click("text=Log alle andre sessioner ud")
    expect(dora.locator("[role=status]")).to_contain_text("andre sessioner er logget ud")
    assert page_width(dora) <= PHONE["width"]
    other.goto(f"{base}/account")
    assert "/login" in other.url
