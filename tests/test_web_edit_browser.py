"""The edit form in Chromium (Playwright): the net follows the lines and adjustments while one
types, in the page's language (Danish and English); ticking "the net differs from the lines"
lets one type it; the longest line label is shown in full at 1920 px and at 390 px, where the
page does not scroll sideways (issue 11 item 4).

Screenshots go to ``tests/artifacts/`` (git-ignored).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from omprio.web.app import create_app
from test_web_browser import ShotTaker, log_in, shot, watch_errors
from web_support import SECRET_KEY, import_seed, live_server, user_workspace

__all__ = ["shot"]  # the fixture of test_web_browser, used here (browser: conftest.py)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    with user_workspace("sqlite", tmp_path_factory.mktemp("edit-browser")) as ws:
        cid = import_seed(ws, public=False)
        with live_server(create_app(ws, secret_key=SECRET_KEY)) as url:
            yield url, cid


def _editor(browser: Browser, url: str, width: int = 1440) -> Page:
    page = browser.new_context(locale="da-DK", viewport={"width": width, "height": 900}).new_page()
    log_in(page, url, "editor")
    return page


def test_the_net_follows_the_lines_as_one_types(
        browser: Browser, site: tuple[str, int], shot: ShotTaker) -> None:
    url, cid = site
    page = _editor(browser, url)
    errors = watch_errors(page)
    edit = f"{url}/catalogs/{cid}/measures/BFF-3A/edit"
    page.goto(edit)
    net = page.locator("#f-net-2024")
    expect(net).to_have_value("-3.115")
    expect(net).to_have_js_property("readOnly", True)  # it follows the lines
    page.fill("#f-line-0-2024", "-3.600")
    expect(net).to_have_value("-3.215")  # lines minus the adjustment (-385)
    page.fill("#f-adj-0-2024", "-400,5")
    expect(net).to_have_value("-3.199,5")
    page.fill("#f-line-0-2025", "")  # no amount on the line: the net of 2025 is typed
    expect(page.locator("#f-net-2025")).to_have_js_property("readOnly", False)
    page.fill("#f-line-0-2025", "-3.500")
    expect(page.locator("#f-net-2025")).to_have_value("-3.215")
    preview = page.locator("#preview-body")
    expect(preview.locator("tr", has_text="Tiltagets netto, efter rettelsen")).to_contain_text(
        "-3.199,5", timeout=10_000)
    expect(preview).not_to_contain_text("Linjerne summer")  # no line-sum error
    shot(page, "follows-da")

    # The net as a document states it: ticked, it is typed and stays.
    page.check("#f-net-override")
    expect(net).to_have_js_property("readOnly", False)
    page.fill("#f-net-2024", "-3.000")
    page.fill("#f-line-0-2024", "-3.700")
    expect(net).to_have_value("-3.000")
    expect(preview).to_contain_text("Linjerne summer til -3.700", timeout=10_000)
    page.uncheck("#f-net-override")
    expect(net).to_have_value("-3.299,5")

    # English: amounts read and written the English way.
    page.goto(f"{edit}?lang=en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(net).to_have_value("-3,115")
    page.fill("#f-line-0-2024", "-3,600.25")
    expect(net).to_have_value("-3,215.25")
    shot(page, "follows-en")
    assert not errors, errors
    page.context.close()


LONGEST = ("Forebyggende indsatser til borgere med psykisk sårbarhed og autisme, Åben Fleksibel "
           "Rådgivning, Center for Forebyggelse og Rehabilitering")


@pytest.mark.parametrize("width", [1920, 390])
def test_line_labels_are_whole_and_the_page_fits(
        browser: Browser, site: tuple[str, int], shot: ShotTaker, width: int) -> None:
    url, cid = site
    page = _editor(browser, url, width)
    for code in ("JUS-2", "BFF-1"):
        page.goto(f"{url}/catalogs/{cid}/measures/{code}/edit")
        boxes = page.locator("textarea.label-input").evaluate_all(
            "all => all.map(e => [e.value, e.scrollWidth, e.clientWidth, e.scrollHeight,"
            " e.clientHeight])")
        if code == "JUS-2":
            assert LONGEST in [b[0] for b in boxes]
        for value, scroll_width, client_width, scroll_height, client_height in boxes:
            # the whole label is in view: nothing to scroll inside its box
            assert scroll_width <= client_width, (code, value, scroll_width, client_width)
            assert scroll_height <= client_height + 1, (code, value, scroll_height)
            assert client_width >= 170, (code, value, client_width)  # room to read it
        page_width = page.evaluate("document.documentElement.scrollWidth")
        assert page_width <= width, (code, page_width)
        shot(page, f"{code}-{width}")
    page.context.close()
