"""A large catalog's builder and optimize form in Chromium (issue 11 item 10): a box ticked on
page 1 is still ticked after going to page 2 and back (no JavaScript needed for the pages: the
buttons post the form); the optimize form's page buttons swap the form with htmx and keep a
choice; at 390 px the pages do not scroll sideways. On SQLite, 300 generated measures.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from omprio.publish.template_text import TextStyle, catalog_text
from omprio.web.app import create_app
from test_web_browser import log_in
from test_web_large import _generated
from web_support import SECRET_KEY, SYSTEM, live_server, user_workspace

PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = catalog_text(_generated(300), TextStyle()).encode("utf-8")
    with user_workspace("sqlite", Path(tmp_path_factory.mktemp("browser-large"))) as ws:
        ws.import_document(data, "large.txt", SYSTEM)
        with live_server(create_app(ws, secret_key=SECRET_KEY)) as url:
            yield url


def page_width(page: Page) -> int:
    width: int = page.evaluate("() => document.documentElement.scrollWidth")
    return width


def test_builder_pages_keep_the_selection(browser: Browser, base: str) -> None:
    page = browser.new_page(viewport=PHONE)
    log_in(page, base, "bff")
    page.goto(f"{base}/catalogs/1/scenarios/new")
    assert page_width(page) <= PHONE["width"]
    page.check("#f-in-BFF-1")
    expect(page.locator("#scenario-result")).to_contain_text("1 tiltag valgt")
    page.click("nav.pager button[value='2']")
    expect(page.locator(".list-status")).to_contain_text("Viser 101–200")
    assert page.locator("#f-in-BFF-1").count() == 0
    expect(page.locator("#scenario-result")).to_contain_text("1 tiltag valgt")
    assert page_width(page) <= PHONE["width"]
    page.click("nav.pager button[value='1']")
    expect(page.locator("#f-in-BFF-1")).to_be_checked()
    page.check("input[name=mine]")
    page.click(".list-controls button[name=page]")
    expect(page.locator(".list-status")).to_contain_text("Viser 1–50 af 50")
    expect(page.locator("#f-in-BFF-1")).to_be_checked()


def test_optimize_pages_swap_the_form_and_keep_a_choice(browser: Browser, base: str) -> None:
    page = browser.new_page(viewport=PHONE)
    log_in(page, base, "editor")
    page.goto(f"{base}/catalogs/1/optimize")
    assert page_width(page) <= PHONE["width"]
    page.select_option("select[name='m-BFF-1']", "include")
    page.click("nav.pager button[value='2']")
    expect(page.locator(".list-status")).to_contain_text("Viser 101–200")
    assert page.url.endswith("/optimize")  # swapped in place by htmx
    expect(page.locator("input[type=hidden][name='m-BFF-1']")).to_have_value("include")
    page.click("nav.pager button[value='1']")
    expect(page.locator("select[name='m-BFF-1']")).to_have_value("include")
