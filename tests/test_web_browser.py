"""The web app in a real browser (Chromium from the Debian package, headless, driven by
Playwright) against a real uvicorn server, on both engines: an editor imports the reference
catalog with the upload form, edits BFF-1 with amounts typed the Danish way while the live
preview shows the totals and findings move, saves, and sees the overview follow; two editors
saving the same measure get a conflict in the page; the language switch gives English.

Screenshots go to ``tests/artifacts/`` (git-ignored); look at them after a run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    FilePayload,
    Locator,
    Page,
    Response,
    expect,
)

from omprio.store.workspace import Workspace
from omprio.web.app import create_app
from web_support import (
    PASSWORD,
    SECRET_KEY,
    SEED_PATH,
    TIMEOUT,
    import_seed,
    latest,
    live_server,
)

ARTIFACTS = Path(__file__).parent / "artifacts"




@pytest.fixture
def server(workspace: Workspace) -> Iterator[str]:
    """The app on ``workspace`` (both engines), served by uvicorn on a free port."""
    with live_server(create_app(workspace, secret_key=SECRET_KEY)) as url:
        yield url


@pytest.fixture
def shot(request: pytest.FixtureRequest) -> ShotTaker:
    ARTIFACTS.mkdir(exist_ok=True)
    return ShotTaker(re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-"))


class ShotTaker:
    """Saves full-page screenshots named after the test and the step."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.count = 0

    def __call__(self, page: Page, step: str) -> Path:
        self.count += 1
        path = ARTIFACTS / f"{self.prefix}-{self.count:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


def log_in(page: Page, base: str, name: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#f-name", name)
    page.fill("#f-password", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page.locator("header .user")).to_contain_text(name, timeout=TIMEOUT)


def saved_notice(page: Page) -> Locator:
    """The notice a page shows after a save or an import."""
    return page.locator(".notice.ok[role=status]")


def row(page: Page, label: str) -> str:
    """The text of the overview's first row with ``label``, spaces normalised."""
    return " ".join(page.locator("table.overview tr", has_text=label).first.inner_text().split())


TOTAL = "OMPRIORITERINGSTILTAG, I ALT"  # the document's total: the target


EXPECTED_HTTP_ERROR = re.compile(r"status of 4\d\d|Response Status Error Code 4\d\d")


def watch_errors(page: Page) -> list[str]:
    """Script errors and console errors of the page (a CSP violation would be one), except
    the console's notes about the 4xx answers the tests provoke."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text)
            if msg.type == "error" and not EXPECTED_HTTP_ERROR.search(msg.text) else None)
    return errors


RECORD_PROGRESS = """() => {
  // Every value the upload bar takes and every phase the status line says, kept across the
  // navigation to the catalog.
  const bar = document.getElementById('import-progress');
  const status = document.getElementById('import-status');
  const seen = {values: [], hidden: [], phases: []};
  const keep = () => sessionStorage.setItem('progress', JSON.stringify(seen));
  new MutationObserver(() => {
    seen.values.push(bar.getAttribute('value'));
    seen.hidden.push(bar.hidden);
    keep();
  }).observe(bar, {attributes: true});
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) seen.phases.push(node.textContent);
    }
    keep();
  }).observe(status, {childList: true, characterData: true, subtree: true});
}"""


def test_an_editor_imports_edits_and_sees_the_totals_move(
        browser: Browser, server: str, workspace: Workspace, shot: ShotTaker) -> None:
    context = browser.new_context(locale="da-DK")
    page = context.new_page()
    errors = watch_errors(page)
    log_in(page, server, "editor")

    # A picture is refused in place, and nothing is stored.
    page.click("nav.main-nav >> text=Importér")
    expect(page.locator("h1")).to_have_text("Importér et katalog")
    picture: FilePayload = {"name": "billede.png", "mimeType": "image/png",
                            "buffer": b"\x89PNG\r\n\x1a\n" + b"\0" * 64}
    page.set_input_files("#f-file", files=[picture])
    page.click("#import-form button[type=submit]")
    result = page.locator("#import-result")
    expect(result).to_contain_text("Filen kunne ikke læses som et omprioriteringskatalog",
                                   timeout=TIMEOUT)
    expect(page.locator("#import-progress")).to_be_hidden()
    shot(page, "import-refused")
    assert workspace.list_catalogs(None) == []

    # The reference catalog is uploaded with a progress bar, read, checked and shown.
    page.evaluate(RECORD_PROGRESS)
    page.set_input_files("#f-file", str(SEED_PATH))
    page.fill("#f-message", "Referencekataloget")
    with page.expect_navigation(url=re.compile(r"/catalogs/\d+\?imported=1"), timeout=TIMEOUT):
        page.click("#import-form button[type=submit]")
    progress = json.loads(page.evaluate("sessionStorage.getItem('progress')") or "null")
    assert progress is not None, "the upload showed no progress"
    assert "100" in progress["values"] and False in progress["hidden"], progress
    # After the upload, the server's phases: reading, checking, storing (issue 11 item 10).
    assert progress["phases"][0] == "Overfører filen …", progress
    assert [p for p in progress["phases"] if p.endswith("…")][1:] == [
        "Læser dokumentet …", "Kontrollerer alle tal …", "Gemmer kataloget …"], progress
    expect(saved_notice(page)).to_have_text("Kataloget er importeret som version 1.")
    expect(page.locator(".check-summary")).to_contain_text("Fejl: 0 · Advarsler: 3")
    assert "-19.730 -19.730 -19.730 -19.730" in row(page, TOTAL)
    assert "-28.824 -26.410 -26.040 -25.756" in row(page, "Alle tiltag, netto i alt")
    assert page.locator("svg").count() >= 1
    shot(page, "overview")
    catalog_url = page.url.split("?")[0]

    # BFF-1, its edit form, and the live preview while amounts are typed the Danish way.
    page.click("table.overview >> text=BFF-1")
    expect(page.locator("h1")).to_have_text("Omlægning af Brobyg-fraværsindsats")
    page.click("text=Ret tiltaget")
    expect(page.locator("h1")).to_contain_text("Ret BFF-1")
    preview = page.locator("#preview-body")

    page.fill("#f-line-0-2024", "-1.200")  # a line: the net follows it, and the totals
    expect(page.locator("#f-net-2024")).to_have_value("-1.200")
    achieved = preview.locator("tr", has_text="Tiltag i alt")
    all_net = preview.locator("tr", has_text="Alle tiltag, netto i alt")
    expect(achieved).to_contain_text("-19.930", timeout=TIMEOUT)
    expect(all_net).to_contain_text("-29.024")
    expect(preview).to_contain_text("Efter rettelsen – fejl: 0 · advarsler: 3")
    shot(page, "preview-line")

    page.check("#f-net-override")  # the net as a document states it: typed by hand
    page.fill("#f-net-2025", "1.0O0")  # not a number: said at the cell
    expect(page.locator("#err-net-2025")).to_have_text("'1.0O0' er ikke et tal", timeout=TIMEOUT)
    expect(page.locator("#f-net-2025")).to_have_attribute("aria-invalid", "true")
    shot(page, "preview-not-a-number")
    page.fill("#f-net-2025", "-1.000")
    expect(page.locator("#err-net-2025")).to_have_text("", timeout=TIMEOUT)

    page.fill("#f-line-0-2024", "-1.000")
    page.fill("#f-net-2024", "-1.200")  # the net: the totals follow, the lines do not
    expect(achieved).to_contain_text("-19.930", timeout=TIMEOUT)
    expect(achieved).to_contain_text("-200")
    expect(all_net).to_contain_text("-29.024")
    expect(preview).to_contain_text("Linjerne summer til -1.000, men netto + korrektioner er "
                                    "-1.200")
    shot(page, "preview-net")

    page.fill("#f-message", "Ny beregning af Brobyg")
    with page.expect_navigation(timeout=TIMEOUT):  # the error asks for a confirmation
        page.click("#edit-form button[type=submit]")
    expect(page.locator("#edit-problem")).to_contain_text("Linjerne summer til -1.000")
    assert latest(workspace, 1) == 1
    with page.expect_navigation(timeout=TIMEOUT):
        page.click("#save-anyway")
    expect(saved_notice(page)).to_contain_text("Rettelsen af BFF-1 er gemt som version 2.")
    expect(saved_notice(page)).to_contain_text("Version 2 har 1 fejl og 3 advarsler i alt.")
    shot(page, "saved")

    page.goto(catalog_url)
    assert "-19.930 -19.730 -19.730 -19.730" in row(page, TOTAL)
    assert "-29.024 -26.410 -26.040 -25.756" in row(page, "Alle tiltag, netto i alt")
    expect(page.locator(".check-summary")).to_contain_text("Fejl: 1 · Advarsler: 3")
    expect(page.locator("tr", has_text="BFF-1").first).to_contain_text("1 fejl")
    shot(page, "overview-after")

    page.click("a.lang-switch")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".check-summary")).to_contain_text("Errors: 1 · Warnings: 3")
    assert "-19,930 -19,730 -19,730 -19,730" in row(page, TOTAL)
    assert "-29,024 -26,410 -26,040 -25,756" in row(page, "All measures, net total")
    page.click("table.overview >> text=BFF-1")  # the choice is remembered
    expect(page.locator("#findings")).to_contain_text("The lines sum to -1,000")
    shot(page, "english")
    assert not errors, errors
    context.close()
    assert latest(workspace, 1) == 2


def test_two_editors_saving_the_same_measure_get_a_conflict(
        browser: Browser, server: str, workspace: Workspace, shot: ShotTaker) -> None:
    cid = import_seed(workspace, public=False)
    edit_url = f"{server}/catalogs/{cid}/measures/BFF-1/edit"
    pages: list[Page] = []
    errors: list[str] = []
    for name in ("editor", "bff"):
        page = browser.new_context(locale="da-DK").new_page()
        errors += watch_errors(page)
        log_in(page, server, name)
        page.goto(edit_url)
        expect(page.locator("h1")).to_contain_text("Ret BFF-1")
        pages.append(page)
    first, second = pages

    first.fill("#f-line-0-2024", "-1.100")  # the net follows the line
    expect(first.locator("#f-net-2024")).to_have_value("-1.100")
    with first.expect_navigation(timeout=TIMEOUT):
        first.click("#edit-form button[type=submit]")
    expect(saved_notice(first)).to_contain_text("Rettelsen af BFF-1 er gemt som version 2.")
    shot(first, "first-saved")

    second.fill("#f-line-0-2025", "-1.300")
    with second.expect_response(lambda r: r.request.method == "POST"
                                and r.url == edit_url) as answer:
        second.click("#edit-form button[type=submit]")
    response: Response = answer.value
    assert response.status == 409
    alert = second.locator(".notice.error[role=alert]")
    expect(alert).to_contain_text("Tiltaget er blevet ændret af en anden, efter du åbnede det "
                                  "(version 1). Din rettelse er ikke gemt.", timeout=TIMEOUT)
    expect(alert).to_contain_text("Det er ændret siden:")
    expect(alert).to_contain_text("-1.100")
    expect(second.locator("#f-net-2025")).to_have_value("-1.300")  # what was typed is kept
    shot(second, "conflict")
    assert latest(workspace, cid) == 2

    second.click("text=Åbn den nyeste version")
    expect(second.locator("#f-net-2024")).to_have_value("-1.100", timeout=TIMEOUT)
    second.fill("#f-line-0-2025", "-1.300")
    with second.expect_navigation(timeout=TIMEOUT):
        second.click("#edit-form button[type=submit]")
    expect(saved_notice(second)).to_contain_text("Rettelsen af BFF-1 er gemt som version 3.")

    second.click("a.lang-switch")
    expect(second.locator("html")).to_have_attribute("lang", "en")
    expect(saved_notice(second)).to_contain_text("The edit of BFF-1 is saved as version 3.")
    shot(second, "english")
    assert not errors, errors
    for page in pages:
        page.context.close()


def test_a_viewer_builds_saves_and_compares_scenarios(
        browser: Browser, server: str, workspace: Workspace, shot: ShotTaker) -> None:
    """Ticking a measure moves the totals and the target bar at once (no page load); the
    scenario is saved, a second one too, and the two are compared on a printable page."""
    cid = import_seed(workspace, public=False)
    page = browser.new_context(locale="da-DK").new_page()
    errors = watch_errors(page)
    log_in(page, server, "viewer")
    page.goto(f"{server}/catalogs/{cid}")
    page.click("#scenarios-link")
    expect(page.locator("h1")).to_have_text("Scenarier")
    page.click("text=Nyt scenarie")
    expect(page.locator("h1")).to_have_text("Nyt scenarie")
    page.evaluate("window.omprioMarker = 'same page'")  # gone if the page were loaded again
    total = page.locator("#total-2024")
    bar = page.locator("#scenario-result .target-fill.bar-2024")
    expect(total).to_have_text("0")
    width_before = float(bar.get_attribute("width") or "0")
    shot(page, "builder-empty")

    page.check("#f-in-BFF-3A")
    expect(total).to_have_text("-3.115", timeout=TIMEOUT)
    expect(page.locator("#gap-2024")).to_contain_text("+16.615")
    width_after = float(bar.get_attribute("width") or "0")
    assert width_after > width_before, (width_before, width_after)
    expect(bar).to_have_attribute("data-reached", "no")
    expect(page.locator("#consequence-BFF-3A")).to_contain_text("Færre eksterne anbringelser")

    page.check("#f-div-VJH-3")  # half of VJH-3: -700 more
    page.fill("#f-pct-VJH-3", "50")
    page.check("#f-in-VJH-3")
    expect(total).to_have_text("-3.815", timeout=TIMEOUT)
    expect(page.locator("#total-2025")).to_have_text("-3.915")
    page.fill("#f-target-2024", "-3.000")
    page.press("#f-target-2024", "Tab")  # a text field changes when it is left
    expect(bar).to_have_attribute("data-reached", "yes", timeout=TIMEOUT)
    expect(page.locator("#gap-2024")).to_have_class(re.compile(r"\breached\b"))
    expect(page.locator("#target-value-2024")).to_have_text("-3.000")
    assert page.evaluate("window.omprioMarker") == "same page"  # updated in place
    shot(page, "builder-ticked")

    page.fill("#f-name", "Anbringelser og velfærdsteknologi")
    page.fill("#f-description", "Første forslag til forhandlingerne")
    with page.expect_navigation(url=re.compile(r"/scenarios/\d+\?saved=1"), timeout=TIMEOUT):
        page.click("#save-new")
    expect(saved_notice(page)).to_contain_text("Anbringelser og velfærdsteknologi")
    expect(page.locator("#f-in-VJH-3")).to_be_checked()
    expect(page.locator("#f-pct-VJH-3")).to_have_value("50")
    expect(page.locator("#total-2024")).to_have_text("-3.815")
    shot(page, "saved")

    page.uncheck("#f-in-BFF-3A")  # a second scenario from the first
    page.check("#f-in-UJU-1")
    expect(page.locator("#total-2024")).to_have_text("-3.715", timeout=TIMEOUT)
    page.fill("#f-name", "Visitation")
    with page.expect_navigation(url=re.compile(r"/scenarios/\d+\?saved=1"), timeout=TIMEOUT):
        page.click("#save-new")
    expect(saved_notice(page)).to_contain_text("Visitation")

    page.click("nav.crumbs >> text=Scenarier")
    expect(page.locator("table.scenario-list tbody tr")).to_have_count(2)
    for box in page.locator("table.scenario-list input[name=id]").all():
        box.check()
    page.click("text=Sammenlign valgte")
    expect(page.locator("h1")).to_have_text("Sammenligning af scenarier")
    comparison = page.locator("#comparison")
    expect(comparison).to_contain_text("Anbringelser og velfærdsteknologi")
    expect(comparison).to_contain_text("Visitation")
    expect(page.locator("#compare-measures")).to_contain_text("BFF-3A")
    expect(page.locator("button[data-print]")).to_have_text("Udskriv")
    shot(page, "compare")
    page.emulate_media(media="print")
    expect(page.locator("header.site")).to_be_hidden()
    expect(page.locator("button[data-print]")).to_be_hidden()
    shot(page, "compare-print")
    assert not errors, errors
    page.context.close()
    assert len(workspace.scenarios(cid, workspace.authenticate("viewer", PASSWORD))) == 2
