"""Every page, rendered in every language of the interface, shows no raw key.

A key the catalog lacks is shown as a marker here (:data:`omprio.i18n.missing`), so a lookup
of a missing or misspelt key cannot pass; and no text of a page may be a dotted key of the
catalog (what a page shows when a string is looked up the wrong way round). The pages: the
catalog list, a catalog's overview, findings, versions and changes, a measure, its edit form,
import, the scenarios list, a scenario, its risk page, the builder, optimize (form and result),
the account, the users, login and the error pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from omprio import i18n
from omprio.decide.scenario import empty_scenario
from omprio.store.workspace import Workspace
from test_round_allocate import aarhus_round
from web_support import (
    SYSTEM,
    TestClient,
    actor,
    import_seed,
    session_client,
    user_workspace,
)

MARK = "\u27e6missing:"
TEXT = re.compile(r">([^<]+)<")
KEY = re.compile(r"\b[a-z][a-z_]*(?:\.[a-z0-9_-]+)+\b")
HIDDEN = re.compile(r"<(script|style)\b.*?</\1>", re.DOTALL)
ATTRIBUTE = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')
OPTIMIZE = {"objective": "harm", "target-2024": "-9.000", "target-2025": "-9.000",
            "target-2026": "", "target-2027": ""}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, int, int]]:
    with user_workspace("sqlite", tmp_path_factory.mktemp("translations")) as ws:
        cid = import_seed(ws, public=True)
        ws.edit_measure(cid, "BFF-1", {"net": {"2024": -1200}}, actor(ws, "editor"),
                        base_version=1, message="Ny beregning")
        who = actor(ws, "editor")
        start = empty_scenario(ws.version(cid, who).catalog, "Pakke")
        scenario = replace(start, selection={**start.selection, "BFF-1": Decimal(1)})
        ws.create_round(aarhus_round(), SYSTEM)  # the budget round's pages: /rounds/1
        yield ws, cid, ws.save_scenario(cid, scenario, who).id


@pytest.fixture(autouse=True)
def strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "missing", lambda key: f"{MARK}{key}\u27e7")


def raw_keys(html: str) -> set[str]:
    """The catalog's dotted keys that the page shows as text (or in a label attribute)."""
    known = {key for key in i18n.catalog_keys() if "." in key}
    visible = HIDDEN.sub("", html)
    texts = [*TEXT.findall(visible), *ATTRIBUTE.findall(visible)]
    return {key for text in texts for key in KEY.findall(text) if key in known}


def pages(cid: int, sid: int) -> list[tuple[str, str, int]]:
    """(who, url, status) of every page checked."""
    catalog = f"/catalogs/{cid}"
    measure = f"{catalog}/measures/BFF-1"
    return [
        ("anon", "/", 200), ("anon", "/login", 200), ("anon", catalog, 200),
        ("editor", catalog, 200), ("editor", f"{catalog}/findings", 200),
        ("editor", f"{catalog}/versions", 200), ("editor", f"{catalog}/diff?from=1&to=2", 200),
        ("editor", measure, 200), ("editor", f"{measure}/edit", 200), ("editor", "/import", 200),
        ("editor", f"{catalog}/scenarios", 200), ("editor", f"{catalog}/scenarios/new", 200),
        ("editor", f"{catalog}/scenarios/{sid}", 200),
        ("editor", f"{catalog}/scenarios/{sid}/risk", 200),
        ("editor", f"{catalog}/scenarios/compare?ids={sid}", 422),  # needs two: an error page
        ("editor", f"{catalog}/optimize", 200), ("editor", "/account", 200),
        ("admin", "/users", 200), ("editor", "/rounds", 200), ("admin", "/rounds", 200),
        ("editor", "/rounds/1", 200), ("admin", "/rounds/1", 200),
        ("editor", "/rounds/1/history", 200), ("editor", "/rounds/9", 404),
        ("anon", "/catalogs/999", 404), ("editor", "/users", 403), ("anon", "/account", 303),
        ("editor", f"{catalog}/measures/NOPE-1", 404), ("anon", "/import", 303),
    ]


def clients(ws: Workspace) -> dict[str, TestClient]:
    from web_support import make_client

    return {"anon": make_client(ws), "editor": session_client(ws, "editor")[0],
            "admin": session_client(ws, "admin")[0]}


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_no_page_shows_a_raw_key(world: tuple[Workspace, int, int], lang: str) -> None:
    ws, cid, sid = world
    by = clients(ws)
    checked = 0
    for who, url, status in pages(cid, sid):
        response = by[who].get(f"{url}{'&' if '?' in url else '?'}lang={lang}",
                               follow_redirects=False)
        assert response.status_code == status, (who, url, response.text[:300])
        if status == 303:
            continue
        assert f'<html lang="{lang}">' in response.text, url
        assert MARK not in response.text, (url, response.text[response.text.find(MARK):][:80])
        assert not raw_keys(response.text), (url, raw_keys(response.text))
        checked += 1
    assert checked >= 20


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_the_optimize_result_shows_no_raw_key(world: tuple[Workspace, int, int],
                                              lang: str) -> None:
    ws, cid, _ = world
    client, csrf = session_client(ws, "editor")
    response = client.post(f"/catalogs/{cid}/optimize?lang={lang}",
                           data={**OPTIMIZE, "csrf_token": csrf})
    assert response.status_code == 200, response.text[:300]
    assert MARK not in response.text and not raw_keys(response.text)
    impossible = client.post(f"/catalogs/{cid}/optimize?lang={lang}",
                             data={"objective": "harm", "target-all": "-25.000",
                                   "csrf_token": csrf})
    assert MARK not in impossible.text and not raw_keys(impossible.text)


def test_the_marker_does_show_a_missing_key(world: tuple[Workspace, int, int],
                                            tmp_path: Path) -> None:
    """The check above can fail: a key the catalog lacks is the marker, not the key."""
    assert i18n.t("nav.no_such_key", "en") == f"{MARK}nav.no_such_key\u27e7"
    assert raw_keys("<p>nav.catalogs</p>") == {"nav.catalogs"}
    assert raw_keys('<a aria-label="list.title">x</a><script>"nav.catalogs"</script>') == {
        "list.title"}
