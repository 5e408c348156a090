"""The import page's column mapping in a real browser (Chromium, headless, Playwright) against a
real uvicorn server, on both engines: an editor chooses a spreadsheet in its own columns, gets
the columns guessed and a live preview, changes the unit and sees the preview follow, saves the
mapping as a profile, chooses it for the next upload and imports the sheet by it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, FilePayload, expect

from omprio.store.workspace import Workspace
from omprio.web.app import create_app
from test_mapped import DANISH, csv_bytes
from test_web_browser import log_in, watch_errors
from web_support import SECRET_KEY, SYSTEM, TIMEOUT, live_server


@pytest.fixture
def server(workspace: Workspace) -> Iterator[str]:
    with live_server(create_app(workspace, secret_key=SECRET_KEY)) as url:
        yield url


SHEET: FilePayload = {"name": "forslag.csv", "mimeType": "text/csv",
                      "buffer": csv_bytes(DANISH)}


def test_an_editor_maps_previews_saves_and_imports_a_spreadsheet(
    browser: Browser, server: str, workspace: Workspace
) -> None:
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    errors = watch_errors(page)
    log_in(page, server, "editor")
    page.goto(f"{server}/import")

    page.set_input_files("#f-file", files=[SHEET])
    mapping = page.locator("#import-mapping")
    expect(mapping.locator("h2")).to_have_text("Kolonner", timeout=TIMEOUT)
    expect(page.locator("#f-col-code")).to_have_value("Nr")
    expect(page.locator("#f-col-title")).to_have_value("Forslag")
    preview = page.locator("#mapping-preview")
    expect(preview).to_contain_text("3 tiltag læst")
    expect(preview).to_contain_text("-1.234,5")

    page.select_option("#f-unit", "mio. kr.")  # the preview follows the change
    expect(preview).to_contain_text("-1.234.500")
    page.fill("#f-profile-name", "Vores ark")
    page.get_by_role("button", name="Gem kortlægning", exact=True).click()
    expect(mapping).to_contain_text("Kortlægningen Vores ark er gemt.")
    (profile,) = workspace.list_profiles(SYSTEM)
    assert profile.mapping.unit == "mio. kr."

    # The next upload: the profile is chosen, its unit comes with it, and the sheet is imported.
    page.goto(f"{server}/import")
    page.set_input_files("#f-file", files=[SHEET])
    expect(page.locator("#f-profile")).to_be_visible(timeout=TIMEOUT)
    page.select_option("#f-unit", "1.000 kr.")
    page.select_option("#f-profile", str(profile.id))
    expect(page.locator("#f-unit")).to_have_value("mio. kr.")
    expect(preview).to_contain_text("-1.234.500")
    with page.expect_navigation(url=re.compile(r"/catalogs/\d+\?imported=1"), timeout=TIMEOUT):
        page.click("#import-form .form-actions button:not([formaction])")
    expect(page.locator("h1")).to_contain_text("forslag")
    (summary,) = workspace.list_catalogs(SYSTEM)
    catalog = workspace.version(summary.id, SYSTEM).catalog
    assert catalog.measures[0].net[2025] == Decimal(-1234500)
    assert errors == [], errors
    context.close()
