"""The budget game in a real browser (Chromium, headless, Playwright) against a real uvicorn
server, on both engines, on a phone (390 x 844): a citizen says no to measures, sees the live
total miss the target (submit disabled) and reach it again, submits, and the package is counted
on the staff results page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ViewportSize, expect

from omprio.store.workspace import Workspace
from omprio.web.app import create_app
from test_web_browser import log_in, watch_errors
from web_support import SECRET_KEY, SYSTEM, import_seed, live_server

PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def server(workspace: Workspace) -> Iterator[str]:
    with live_server(create_app(workspace, secret_key=SECRET_KEY)) as url:
        yield url


def test_a_citizen_plays_on_a_phone_and_staff_see_it_counted(
    browser: Browser, server: str, workspace: Workspace
) -> None:
    cid = import_seed(workspace, public=True)
    workspace.set_stage(cid, "hearing", SYSTEM)
    workspace.set_game(cid, True, SYSTEM)
    context = browser.new_context(locale="da-DK", viewport=PHONE)
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(f"{server}/catalogs/{cid}/borgerbudget")
    send = page.locator("#game-send")
    expect(send).to_be_enabled()
    page.check('input[name="m-MSB-1"][value="0"]')
    page.check('input[name="m-BFF-4"][value="0"]')
    expect(page.locator("#game-state")).to_have_class("game-state short")
    expect(page.locator('[data-gap="2027"]')).to_have_text("300")
    expect(send).to_be_disabled()
    # The totals stay in sight at the bottom of the list.
    page.locator("#game-comment").scroll_into_view_if_needed()
    box = page.locator("#game-totals").bounding_box()
    assert box is not None and 0 <= box["y"] < PHONE["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.check('input[name="m-MSB-1"][value="part"]')
    page.locator('input[name="s-MSB-1"]').fill("97")
    expect(page.locator('[data-gap="2027"]')).to_have_text("0")
    expect(send).to_be_enabled()
    page.fill("#game-comment", "Bevar Barnets Ven")
    send.click()
    expect(page.locator("#game-sent")).to_be_visible()
    assert errors == []
    [response] = workspace.hearing_responses(cid, SYSTEM)
    assert response.text.startswith("Bevar Barnets Ven")
    assert {link.code for link in response.links} == {"MSB-1", "BFF-4"}
    staff = browser.new_context(locale="da-DK", viewport=PHONE).new_page()
    log_in(staff, server, "viewer")
    staff.goto(f"{server}/catalogs/{cid}/borgerbudget/resultater")
    expect(staff.locator("#game-counts")).to_contain_text("1 pakker sendt")
    expect(staff.locator('#game-results tr[data-code="BFF-4"] td').first).to_have_text("0 %")
    context.close()
