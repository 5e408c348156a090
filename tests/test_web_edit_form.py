"""The edit form (issue 11 item 4, and two smaller points of item 11): the net follows the lines
and adjustments unless the form says it differs from them; an edit that brings an error is saved
only when confirmed, and the saved note says what was saved and the version's findings; line
labels are shown in full; the version history and the measure's page say that a measure was
edited in omprio, by whom and when, keeping the source line it was read from."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from omprio.store.workspace import Workspace
from web_support import (
    SYSTEM,
    TestClient,
    form_fields,
    import_seed,
    latest,
    session_client,
    user_workspace,
)


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    with user_workspace("sqlite", tmp_path) as workspace:
        yield workspace


def _edit(client: TestClient, cid: int, code: str, lang: str = "da") -> dict[str, str]:
    page = client.get(f"/catalogs/{cid}/measures/{code}/edit?lang={lang}")
    assert page.status_code == 200, page.text[:300]
    return form_fields(page.text, "edit-form")


def _measure(ws: Workspace, cid: int, code: str) -> tuple[dict[int, Decimal], list[str]]:
    stored = ws.version(cid, SYSTEM)
    measure = stored.catalog.measure(code)
    assert measure is not None
    return dict(measure.net), [f.rule for f in stored.findings if f.measure == code]


@pytest.mark.parametrize(("lang", "typed"), [("da", "-1.250"), ("en", "-1,250")])
def test_the_net_follows_a_changed_line(ws: Workspace, lang: str, typed: str) -> None:
    """A line changed, the net left as it was: the net saved is the line (no line-sum error),
    read and written in the page's language."""
    cid = import_seed(ws, public=False)
    client, _ = session_client(ws, "editor")
    fields = _edit(client, cid, "BFF-1", lang)
    assert "net_override" not in fields  # BFF-1's lines add up: the box is not ticked
    fields["line-0-2024"] = typed
    preview = client.post(f"/catalogs/{cid}/measures/BFF-1/preview?lang={lang}", data=fields,
                          headers={"HX-Request": "true"})
    assert typed in preview.text  # the measure's net after the edit
    assert "line-sum" not in preview.text and "Linjerne summer" not in preview.text
    saved = client.post(f"/catalogs/{cid}/measures/BFF-1/edit?lang={lang}", data=fields)
    assert saved.status_code == 303, saved.text[:500]
    net, rules = _measure(ws, cid, "BFF-1")
    assert net[2024] == Decimal(-1250) and net[2025] == Decimal(-1000)
    assert "line-sum" not in rules


def test_an_adjustment_is_taken_out_of_the_net(ws: Workspace) -> None:
    """BFF-3A: lines -3.500 = net -3.115 + adjustment -385; a changed adjustment moves the net."""
    cid = import_seed(ws, public=False)
    client, _ = session_client(ws, "editor")
    fields = _edit(client, cid, "BFF-3A")
    assert fields["net-2024"] == "-3.115" and "net_override" not in fields
    fields["adj-0-2024"] = "-500"
    saved = client.post(f"/catalogs/{cid}/measures/BFF-3A/edit", data=fields)
    assert saved.status_code == 303, saved.text[:500]
    net, rules = _measure(ws, cid, "BFF-3A")
    assert net[2024] == Decimal(-3000) and "line-sum" not in rules


def test_a_stated_net_that_differs_needs_the_box_and_a_confirmation(ws: Workspace) -> None:
    cid = import_seed(ws, public=False, name="aarhus-msb-2024-2027.txt")
    client, _ = session_client(ws, "editor")
    url = f"/catalogs/{cid}/measures/BFF-1"
    fields = _edit(client, cid, "BFF-1")
    fields["net-2024"] = "-900"
    # Without the box, the typed net gives way to the lines: nothing changes.
    unchanged = client.post(f"{url}/edit", data=fields)
    assert unchanged.headers["location"].endswith("?unchanged=1")

    # With it, the edit brings a line-sum error: refused, the errors listed, nothing stored.
    fields["net_override"] = "1"
    refused = client.post(f"{url}/edit", data=fields)
    assert refused.status_code == 422
    assert "Rettelsen af BFF-1 er ikke gemt: den giver disse fejl." in refused.text
    assert "Linjerne summer til -1.000" in refused.text
    assert 'name="confirm_errors" value="1"' in refused.text and "Gem alligevel" in refused.text
    assert 'value="-900"' in refused.text  # what was typed is kept
    assert latest(ws, cid) == 1

    # Confirmed (the button, or the box, sends confirm_errors=1): saved, and the page says so.
    again = form_fields(refused.text, "edit-form") | {"confirm_errors": "1"}
    saved = client.post(f"{url}/edit", data=again)
    assert saved.status_code == 303 and saved.headers["location"].endswith("?saved=2")
    net, rules = _measure(ws, cid, "BFF-1")
    assert net[2024] == Decimal(-900) and "line-sum" in rules
    page = client.get(saved.headers["location"]).text
    note = re.search(r'<div class="notice ok" role="status" id="saved-note">(.*?)</div>',
                     page, flags=re.S)
    assert note is not None
    text = " ".join(re.sub(r"<[^>]+>", " ", note.group(1)).split())
    assert "Rettelsen af BFF-1 er gemt som version 2." in text
    assert "Version 2 har 1 fejl og 3 advarsler i alt." in text
    assert f'href="/catalogs/{cid}/findings"' in note.group(1)
    assert "Om BFF-1: 1 fejl, 0 advarsler" in text

    # The form opened again keeps the box ticked: the net stays as stated.
    assert _edit(client, cid, "BFF-1")["net_override"] == "1"


def test_an_edit_without_new_errors_needs_no_confirmation(ws: Workspace) -> None:
    cid = import_seed(ws, public=False)
    client, _ = session_client(ws, "editor")
    fields = _edit(client, cid, "BFF-1") | {"title": "Ny titel"}
    saved = client.post(f"/catalogs/{cid}/measures/BFF-1/edit", data=fields)
    assert saved.status_code == 303 and saved.headers["location"].endswith("?saved=2")


def test_line_labels_are_shown_in_full(ws: Workspace) -> None:
    """The label of a line is a box that wraps (the whole text in view), not a one-line field
    that cuts it off; a line break typed in it reads as a space."""
    cid = import_seed(ws, public=False)
    client, _ = session_client(ws, "editor")
    page = client.get(f"/catalogs/{cid}/measures/BFF-1/edit").text
    label = re.search(r'<textarea class="label-input"[^>]*name="line-0-label"[^>]*>([^<]*)<',
                      page)
    assert label is not None and label.group(1) == "Omlægning af Brobyg-fraværsindsats"
    fields = form_fields(page, "edit-form")
    fields["line-0-label"] = "Ny omlægning af\nBrobyg-fraværsindsats"
    saved = client.post(f"/catalogs/{cid}/measures/BFF-1/edit", data=fields)
    assert saved.headers["location"].endswith("?saved=2")
    measure = ws.version(cid, SYSTEM).catalog.measure("BFF-1")
    assert measure is not None and measure.lines[0].label == "Ny omlægning af Brobyg-fraværsindsats"


def test_web_edits_say_who_edited_them_not_the_file(ws: Workspace) -> None:
    cid = import_seed(ws, public=False, name="aarhus-msb-2024-2027.txt")
    client, _ = session_client(ws, "editor")
    fields = _edit(client, cid, "BFF-1") | {"title": "Ny titel", "message": "Titel rettet"}
    assert client.post(f"/catalogs/{cid}/measures/BFF-1/edit", data=fields).status_code == 303
    history = client.get(f"/catalogs/{cid}/versions").text
    rows = re.findall(r"<tr>(.*?)</tr>", history, flags=re.S)
    edit_row = next(r for r in rows if "Titel rettet" in r)
    import_row = next(r for r in rows if "Importeret" in r)
    assert "aarhus-msb-2024-2027.txt" not in edit_row
    assert "(rettet i omprio af editor)" in edit_row
    assert "(aarhus-msb-2024-2027.txt)" in import_row


def test_the_measure_page_says_it_was_edited_and_where_it_came_from(ws: Workspace) -> None:
    cid = import_seed(ws, public=False, name="aarhus-msb-2024-2027.txt")
    client, _ = session_client(ws, "editor")
    untouched = client.get(f"/catalogs/{cid}/measures/BFF-1").text
    assert "aarhus-msb-2024-2027.txt:" in untouched and "oprindeligt" not in untouched
    fields = _edit(client, cid, "BFF-1") | {"title": "Ny titel"}
    assert client.post(f"/catalogs/{cid}/measures/BFF-1/edit", data=fields).status_code == 303
    # Another measure edited later does not count as an edit of BFF-1.
    other = _edit(client, cid, "JUS-1") | {"title": "Anden titel"}
    assert client.post(f"/catalogs/{cid}/measures/JUS-1/edit", data=other).status_code == 303

    page = client.get(f"/catalogs/{cid}/measures/BFF-1").text
    block = re.search(r'<div id="last-edit">(.*?)</div>', page, flags=re.S)
    assert block is not None
    text = " ".join(re.sub(r"<[^>]+>", " ", block.group(1)).split())
    assert text.startswith("Rettet i version 2 af editor, "), text
    assert re.search(r"oprindeligt: aarhus-msb-2024-2027\.txt:\d+", text), text
    english = client.get(f"/catalogs/{cid}/measures/BFF-1?lang=en").text
    assert "in version 2 by editor" in english and "originally:" in english
    # The version before the edit shows the measure as read, with its source.
    first = client.get(f"/catalogs/{cid}/measures/BFF-1?version=1").text
    assert 'id="last-edit"' not in first
    edits = {code: ws.last_edit(cid, code, SYSTEM) for code in ("BFF-1", "JUS-1", "VJH-1")}
    assert [e.number if e else None for e in edits.values()] == [2, 3, None]
