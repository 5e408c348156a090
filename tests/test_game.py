"""The public budget game (borgerbudget), on SQLite and PostgreSQL: the page for anonymous
visitors, totals recomputed without JavaScript, refusals (target missed, unknown measure, share
outside 0-1, oversized comment), the package as a hearing response with its game links, one
package per browser session, the rate limit per address, the results' exact numbers and the harm
score that reaches the optimize form."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from omprio.hearing.game import board_of, clean_comment, divisible, harm_scores, results, totals
from omprio.service.hearing import hearing_summary
from omprio.store.errors import Forbidden, InvalidInput
from omprio.store.workspace import Workspace
from omprio.web.app import create_app
from omprio.web.game_limits import Limiter
from web_support import SECRET_KEY, SYSTEM, actor, csrf_of, import_seed, session_client

YEARS = (2024, 2025, 2026, 2027)


def game_catalog(ws: Workspace, *, open_: bool = True) -> int:
    cid = import_seed(ws, public=True)
    ws.set_stage(cid, "hearing", SYSTEM)
    if open_:
        ws.set_game(cid, True, SYSTEM)
    return cid


def client_at(ws: Workspace, address: str = "198.51.100.7", **state: object) -> TestClient:
    app = create_app(ws, secret_key=SECRET_KEY)
    for key, value in state.items():
        setattr(app.state, key, value)
    return TestClient(app, follow_redirects=False, client=(address, 40000))


def page_token(client: TestClient, cid: int) -> str:
    page = client.get(f"/catalogs/{cid}/borgerbudget")
    assert page.status_code == 200, page.text[:300]
    return csrf_of(page.text)


def test_the_page_for_anyone_and_its_cache(workspace: Workspace) -> None:
    cid = game_catalog(workspace)
    client = client_at(workspace)
    page = client.get(f"/catalogs/{cid}/borgerbudget")
    assert page.status_code == 200 and 'lang="da"' in page.text
    board = board_of(workspace.version(cid, None).catalog)
    for measure in board.measures:
        assert f'data-code="{measure.code}"' in page.text
    assert "Måltallet er nået" in page.text  # every measure kept: the catalog reaches it
    assert "@@game-csrf@@" not in page.text
    # The kept page gets each session's own token.
    other = client_at(workspace)
    assert csrf_of(other.get(f"/catalogs/{cid}/borgerbudget").text) != csrf_of(page.text)
    english = client.get(f"/catalogs/{cid}/borgerbudget?lang=en")
    assert 'lang="en"' in english.text and "Budget game" in english.text
    data = client.get(f"/catalogs/{cid}/borgerbudget", headers={"Accept": "application/json"})
    assert [m["code"] for m in data.json()["measures"]] == [m.code for m in board.measures]
    # Closing it: no page (and an edit shows at once: the page was kept).
    workspace.set_game(cid, False, SYSTEM)
    assert client.get(f"/catalogs/{cid}/borgerbudget").status_code == 404


def test_opening_needs_hearing_public_and_admin(workspace: Workspace) -> None:
    cid = import_seed(workspace, public=True)
    with pytest.raises(InvalidInput):
        workspace.set_game(cid, True, SYSTEM)  # not in hearing
    workspace.set_stage(cid, "hearing", SYSTEM)
    with pytest.raises(Forbidden):
        workspace.set_game(cid, True, actor(workspace, "editor"))
    internal = import_seed(workspace, public=False)
    workspace.set_stage(internal, "hearing", SYSTEM)
    with pytest.raises(InvalidInput):
        workspace.set_game(internal, True, SYSTEM)
    assert workspace.set_game(cid, True, actor(workspace, "admin")).playable


def test_totals_recomputed_without_javascript(workspace: Workspace) -> None:
    cid = game_catalog(workspace)
    client = client_at(workspace)
    token = page_token(client, cid)
    board = board_of(workspace.version(cid, None).catalog)
    page = client.post(f"/catalogs/{cid}/borgerbudget",
                       data={"csrf_token": token, "m-MSB-1": "0", "m-BFF-4": "0",
                             "action": "calc"})
    assert page.status_code == 200
    expected = totals(board, {"MSB-1": Decimal(0), "BFF-4": Decimal(0)})
    gaps = {y: expected[y] - board.target[y] for y in YEARS}  # type: ignore[operator]
    assert gaps == dict.fromkeys(YEARS, Decimal(300))  # MSB-1 is the whole margin
    assert page.text.count('data-gap="2024">300<') == 1
    assert "Måltallet er ikke nået endnu" in page.text
    assert re.search(r'id="game-send"[^>]*disabled', page.text)
    shown = re.search(r'data-total="2024">([^<]*)<', page.text)
    assert shown is not None
    assert re.sub(r"\D", "", shown.group(1)) == str(abs(int(expected[2024])))


def test_refusals_and_a_package_becomes_a_response(workspace: Workspace) -> None:
    cid = game_catalog(workspace)
    client = client_at(workspace)
    token = page_token(client, cid)
    url = f"/catalogs/{cid}/borgerbudget"
    short = client.post(url, data={"csrf_token": token, "m-MSB-1": "0", "m-BFF-4": "0",
                                   "action": "send"})
    assert short.status_code == 422 and "2027 mangler stadig 300" in short.text
    api = f"/api/v1/catalogs/{cid}/borgerbudget"
    unknown = client.post(api, json={"selection": {"NOPE-9": 0}})
    assert unknown.status_code == 422 and "NOPE-9" in unknown.json()["error"]["message"]
    outside = client.post(api + "?lang=en", json={"selection": {"BFF-1": 1.5}})
    assert outside.status_code == 422
    assert "must be between 0 and 1" in outside.json()["error"]["message"]
    big = client.post(api, json={"selection": {}, "comment": "x" * 4001})
    assert big.status_code == 422 and "4000" in big.json()["error"]["message"]
    whole = client.post(api, json={"selection": {"JUS-1": 0.5}})
    assert whole.status_code == 422 and "JUS-1" in whole.json()["error"]["message"]
    assert workspace.hearing_responses(cid, SYSTEM) == []
    assert workspace.game_packages(cid, SYSTEM) == ([], 5)
    # BFF-1 rejected, BFF-2 at 40 %: still within the target's margin.
    sent = client.post(url, data={
        "csrf_token": token, "m-BFF-1": "0", "m-BFF-2": "part", "s-BFF-2": "40",
        "action": "send", "sender_type": "Privatperson",
        "comment": "<script>alert(1)</script><b>Bevar</b> Brobyg &amp; mere"})
    assert sent.status_code == 200 and 'id="game-sent"' in sent.text
    [response] = workspace.hearing_responses(cid, SYSTEM)
    assert response.kind == "game" and response.sender == ""
    assert response.text.startswith("alert(1) Bevar Brobyg & mere")
    assert "<" not in response.text
    assert "BFF-2" in response.text and "40" in response.text
    assert {(link.code, link.method, link.state) for link in response.links} == {
        ("BFF-1", "game", "confirmed"), ("BFF-2", "game", "confirmed")}
    summary = hearing_summary(workspace, cid, SYSTEM)
    counted = {m.code: m.responses for m in summary.measures}
    assert counted["BFF-1"] == 1 and counted["BFF-2"] == 1 and counted["MSB-1"] == 0
    packages, refused = workspace.game_packages(cid, SYSTEM)
    assert refused == 5 and packages[0]["BFF-2"] == Decimal("0.4")
    assert packages[0]["MSB-1"] == 1
    # One package per browser session.
    again = client.post(url, data={"csrf_token": token, "action": "send"})
    assert again.status_code == 409 and "allerede" in again.text
    assert len(workspace.hearing_responses(cid, SYSTEM)) == 1


def test_clean_comment_and_divisible() -> None:
    assert clean_comment("  <p>Hej<br>du</p>\x00 ") == "Hej du"
    assert clean_comment("a < b") == "a"  # an unclosed tag goes too
    assert clean_comment("") == ""


def test_rate_limit_per_address(workspace: Workspace) -> None:
    cid = game_catalog(workspace)
    client = client_at(workspace, game_limiter=Limiter(count=3, window=600))
    api = f"/api/v1/catalogs/{cid}/borgerbudget"
    statuses = [client.post(api, json={"selection": {}}).status_code for _ in range(5)]
    assert statuses == [201, 201, 201, 429, 429]
    refused = client.post(api, json={"selection": {}})
    assert refused.headers["Retry-After"].isdecimal()
    other = client_at(workspace, "203.0.113.9")
    assert other.post(api, json={"selection": {}}).status_code == 201
    assert len(workspace.game_packages(cid, SYSTEM)[0]) == 4
    huge = other.post(api, content=b'{"comment": "' + b"x" * 70_000 + b'"}',
                      headers={"Content-Type": "application/json"})
    assert huge.status_code == 413
    assert len(workspace.game_packages(cid, SYSTEM)[0]) == 4


def test_200_quick_submissions_are_all_stored(workspace: Workspace) -> None:
    cid = game_catalog(workspace)
    app = create_app(workspace, secret_key=SECRET_KEY)
    app.state.game_limiter = Limiter(count=1000, window=600)
    codes = ["BFF-1", "BFF-2", "BFF-4"]
    for index in range(200):
        client = TestClient(app, follow_redirects=False, client=("192.0.2.1", 40000 + index))
        token = page_token(client, cid)
        code = codes[index % 3]
        sent = client.post(f"/catalogs/{cid}/borgerbudget",
                           data={"csrf_token": token, f"m-{code}": "0", "action": "send"})
        assert sent.status_code == 200, sent.text[:300]
    packages, _ = workspace.game_packages(cid, SYSTEM)
    assert len(packages) == 200
    assert len(workspace.hearing_responses(cid, SYSTEM)) == 200


def test_results_exact_and_harm_score(workspace: Workspace) -> None:
    cid = game_catalog(workspace)
    app = create_app(workspace, secret_key=SECRET_KEY)
    api = f"/api/v1/catalogs/{cid}/borgerbudget"
    plays = [{"BFF-1": 0}, {"BFF-1": 0}, {"BFF-1": 0.5, "BFF-4": 0}, {}]
    for index, selection in enumerate(plays):
        client = TestClient(app, client=(f"192.0.2.{index + 10}", 1))
        assert client.post(api, json={"selection": selection}).status_code == 201
    TestClient(app, client=("192.0.2.99", 1)).post(api, json={"selection": {"X": 0}})
    # One letter from the hearing objecting to BFF-4.
    stored = workspace.add_response(cid, "Vi er imod BFF-4.", "Forening", SYSTEM)
    workspace.link_response(cid, stored.id, "BFF-4", SYSTEM)
    viewer, _ = session_client(workspace, "viewer")
    data = viewer.get(f"/catalogs/{cid}/borgerbudget/resultater",
                      headers={"Accept": "application/json"}).json()
    assert (data["packages"], data["refused"]) == (4, 1)
    by_code = {m["code"]: m for m in data["measures"]}
    assert by_code["BFF-1"]["kept"] == 0.25 and by_code["BFF-1"]["rejected"] == 0.625
    assert by_code["BFF-4"]["kept"] == 0.75 and by_code["BFF-4"]["rejected"] == 0.25
    assert by_code["MSB-1"]["kept"] == 1 and by_code["MSB-1"]["rejected"] == 0
    assert data["common"][0] == {"rejects": {"BFF-1": 0}, "count": 2}
    page = viewer.get(f"/catalogs/{cid}/borgerbudget/resultater")
    assert "4 pakker sendt" in page.text and 'id="game-harm"' not in page.text
    editor, token = session_client(workspace, "editor")
    done = editor.post(f"/catalogs/{cid}/borgerbudget/resultater/harm",
                       data={"csrf_token": token})
    assert done.status_code == 303
    harm = workspace.game_harm(cid, SYSTEM).scores
    # 1 + 4 x rejected + objections / packages
    assert harm["BFF-1"] == Decimal("3.50") and harm["MSB-1"] == Decimal("1.00")
    assert harm["BFF-4"] == Decimal("2.25")
    optimize = editor.get(f"/catalogs/{cid}/optimize")
    assert re.search(r'name="harm-BFF-1" value="3,5"', optimize.text)
    assert re.search(r'value="harm"[^>]*checked|checked[^>]*value="harm"', optimize.text)


def test_harm_formula_caps_objections() -> None:
    from omprio.read import load
    from web_support import SEED_PATH

    board = board_of(load(SEED_PATH).catalog)
    result = results(board, [{"BFF-1": Decimal(0)}, {}], 0)
    scores = harm_scores(board, result, {"BFF-1": 10, "BFF-2": 1})
    assert scores["BFF-1"] == Decimal("4.00")  # 1 + 4 x 0.5 + min(10, 2) / 2
    assert scores["BFF-2"] == Decimal("1.50")
    measures = {m.code: m for m in load(SEED_PATH).catalog.measures}
    bff = measures["BFF-1"]
    assert divisible(bff)  # savings only: it scales
    invested = replace(bff.lines[0], amounts={2024: Decimal(500), 2025: Decimal(-1500)})
    assert not divisible(replace(bff, lines=(invested, *bff.lines[1:])))
    assert not divisible(replace(bff, net=dict.fromkeys(YEARS, Decimal(0))))  # saves nothing
    assert not next(m for m in board.measures if m.code == "JUS-1").divisible


def test_cli_opens_and_closes_the_game(tmp_path: Path) -> None:
    from conftest import run_omprio

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    ws = Workspace(db)
    ws.ensure_schema()
    cid = import_seed(ws, public=True)
    refused = run_omprio("hearing", "game", str(cid), "--open", "--db", db)
    assert refused.returncode == 2 and "høring" in refused.stderr
    ws.set_stage(cid, "hearing", SYSTEM)
    opened = run_omprio("hearing", "game", str(cid), "--open", "--db", db)
    assert opened.returncode == 0, opened.stderr
    assert "åbent" in opened.stdout
    state = ws.game_state(cid)
    assert state is not None and state.playable
    closed = run_omprio("hearing", "game", str(cid), "--close", "--db", db)
    assert closed.returncode == 0 and "lukket" in closed.stdout
    state = ws.game_state(cid)
    assert state is not None and not state.open
    ws.engine.dispose()


def test_migration_0016_adds_and_removes_the_tables(database: str) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect

    from omprio.store.database import MIGRATIONS

    ws = Workspace(database)
    try:
        ws.ensure_schema()
        cid = game_catalog(ws)
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))

        def run(step: str, target: str) -> None:
            with ws.engine.begin() as connection:
                config.attributes["connection"] = connection
                getattr(command, step)(config, target)

        run("downgrade", "0012")
        names = inspect(ws.engine).get_table_names()
        assert "budget_games" not in names and "game_packages" not in names
        run("upgrade", "head")
        assert {"budget_games", "game_packages"} <= set(inspect(ws.engine).get_table_names())
        state = ws.game_state(cid)
        assert state is not None and not state.open  # the game starts closed again
        ws.set_game(cid, True, SYSTEM)
        latest = ws.version(cid, None).info.number
        ws.submit_game(cid, latest, {"BFF-1": Decimal(0)}, "x", "", "token")
        assert len(ws.game_packages(cid, SYSTEM)[0]) == 1
    finally:
        ws.engine.dispose()
