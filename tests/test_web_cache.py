"""What the web app keeps between requests (the catalog overview page and the catalog as JSON,
made once per stored version) is never wrong: ETags answered by 304, a new version seen at once,
one language never served for the other, an internal catalog never shown through the cache,
the user's name and CSRF token always the session's own; and ``omprio serve --workers``."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from omprio.interchange import catalog_to_json
from omprio.store.workspace import Workspace
from omprio.web.caching import BodyCache, SizedCache, body, etag_of
from web_support import (
    SYSTEM,
    TestClient,
    actor,
    bearer,
    csrf_of,
    import_seed,
    make_client,
    session_client,
)

PAGE = "/catalogs/{cid}"
API = "/api/v1/catalogs/{cid}"


@pytest.fixture
def cid(workspace: Workspace) -> int:
    """The reference catalog, public, on both engines."""
    return import_seed(workspace, public=True)


def _vary(response: httpx.Response) -> list[str]:
    return [v.strip() for v in response.headers.get("vary", "").split(",") if v.strip()]


# --- ETag and 304 ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [PAGE, API])
def test_etag_is_answered_with_304(workspace: Workspace, cid: int, path: str) -> None:
    client = make_client(workspace)
    url = path.format(cid=cid)
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert first.headers["cache-control"] == "public, no-cache"
    again = client.get(url)
    assert again.headers["etag"] == etag and again.content == first.content
    for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        answer = client.get(url, headers={"If-None-Match": sent})
        assert answer.status_code == 304, sent
        assert answer.content == b""
        assert answer.headers["etag"] == etag
        assert answer.headers["cache-control"] == "public, no-cache"
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    head = client.head(url, headers={"If-None-Match": etag})
    assert head.status_code == 304


def test_page_varies_on_cookie_and_accept_once_each(workspace: Workspace, cid: int) -> None:
    response = make_client(workspace).get(PAGE.format(cid=cid))
    vary = _vary(response)
    assert sorted(vary) == ["Accept", "Cookie"]
    assert _vary(make_client(workspace).get(API.format(cid=cid))) == ["Authorization"]


def test_the_json_twin_of_the_page_is_not_the_cached_page(workspace: Workspace, cid: int) -> None:
    client = make_client(workspace)
    client.get(PAGE.format(cid=cid))
    twin = client.get(PAGE.format(cid=cid), headers={"Accept": "application/json"})
    assert twin.headers["content-type"].startswith("application/json")
    assert twin.json()["format"] == "omprio.catalog/1"


def test_api_document_is_the_catalog(workspace: Workspace, cid: int) -> None:
    response = make_client(workspace).get(API.format(cid=cid))
    assert response.headers["content-type"] == "application/json"
    expected = json.loads(json.dumps(catalog_to_json(workspace.version(cid, SYSTEM).catalog)))
    assert response.json() == expected
    assert list(response.json())[-2:] == ["target", "source"]  # the documented order


# --- a new version is seen at once ---------------------------------------------------------


def test_an_edit_shows_at_once(workspace: Workspace, cid: int) -> None:
    client = make_client(workspace)
    page, api = PAGE.format(cid=cid), API.format(cid=cid)
    old_page, old_api = client.get(page), client.get(api)
    assert "-1.000" in old_page.text
    workspace.edit_measure(cid, "BFF-1", {"net": {"2024": -1234}}, actor(workspace, "editor"),
                           base_version=1, message="Ny beregning")
    new_page = client.get(page, headers={"If-None-Match": old_page.headers["etag"]})
    assert new_page.status_code == 200
    assert new_page.headers["etag"] != old_page.headers["etag"]
    assert "-1.234" in new_page.text and "2 af 2" in new_page.text
    new_api = client.get(api, headers={"If-None-Match": old_api.headers["etag"]})
    assert new_api.status_code == 200
    net = next(m["net"] for m in new_api.json()["measures"] if m["code"] == "BFF-1")
    assert net["2024"] == -1234
    # the old version is still itself, and now says it is not the latest
    first = client.get(f"{page}?version=1")
    assert "-1.234" not in first.text and "1 af 2" in first.text
    assert client.get(f"{api}?version=1").content == old_api.content
    # a stage change is a new version too
    workspace.set_stage(cid, "hearing", actor(workspace, "admin"), "til høring")
    assert "Høring" in client.get(page).text


def test_a_deleted_and_recreated_catalog_is_not_the_old_one(workspace: Workspace,
                                                            cid: int) -> None:
    client = make_client(workspace)
    before = client.get(API.format(cid=cid))
    workspace.delete_catalog(cid, actor(workspace, "admin"))
    assert client.get(API.format(cid=cid)).status_code == 404
    assert client.get(PAGE.format(cid=cid)).status_code == 404
    again = import_seed(workspace, public=True)
    after = client.get(API.format(cid=again))
    assert after.status_code == 200 and after.json() == before.json()


# --- languages ---------------------------------------------------------------------------------


def test_languages_are_never_mixed(workspace: Workspace, cid: int) -> None:
    url = PAGE.format(cid=cid)
    anonymous = make_client(workspace)
    for _ in range(2):
        for query, lang in (("", "da"), ("?lang=en", "en"), ("?lang=da", "da")):
            fresh = make_client(workspace)
            text = fresh.get(url + query).text
            assert f'<html lang="{lang}">' in text, query
            assert ('id="overview-heading">Overblik<' in text) == (lang == "da"), query
            assert ('id="overview-heading">Overview<' in text) == (lang == "en"), query
    # the language cookie alone decides for a page without ?lang
    anonymous.get(url + "?lang=en")
    assert '<html lang="en">' in anonymous.get(url).text
    assert '<html lang="da">' in make_client(workspace).get(url).text
    # and for logged-in users, whose pages are made from the kept parts
    editor, _ = session_client(workspace, "editor")
    english = editor.get(url + "?lang=en").text
    danish = editor.get(url + "?lang=da").text
    assert '<html lang="en">' in english and '<html lang="da">' in danish
    assert "Version 1 of 1" in english and "Version 1 af 1" in danish
    assert "Version 1 af 1" not in english and "Version 1 of 1" not in danish


# --- who may read what ---------------------------------------------------------------------------


def test_an_internal_catalog_is_not_shown_through_the_cache(workspace: Workspace,
                                                             cid: int) -> None:
    anonymous = make_client(workspace)
    page, api = PAGE.format(cid=cid), API.format(cid=cid)
    assert anonymous.get(page).status_code == 200
    assert anonymous.get(api).status_code == 200
    workspace.set_public(cid, False, actor(workspace, "admin"))
    for url in (page, api, f"{page}?lang=en", f"{api}?version=1"):
        assert anonymous.get(url).status_code == 404, url
        assert make_client(workspace).get(url).status_code == 404, url
    viewer, _ = session_client(workspace, "viewer")
    shown = viewer.get(page)
    assert shown.status_code == 200 and shown.headers["cache-control"] == "private, no-cache"
    token = workspace.create_token("viewer")
    read = make_client(workspace).get(api, headers=bearer(token))
    assert read.status_code == 200 and read.headers["cache-control"] == "private, no-cache"
    # what the viewer was shown is not what anonymous visitors get now
    assert anonymous.get(page).status_code == 404
    assert anonymous.get(api).status_code == 404
    workspace.set_public(cid, True, actor(workspace, "admin"))
    assert anonymous.get(page).status_code == 200


def test_an_internal_catalog_read_first_by_a_user_stays_internal(workspace: Workspace) -> None:
    cid = import_seed(workspace, public=False)
    editor, _ = session_client(workspace, "editor")
    assert editor.get(PAGE.format(cid=cid)).status_code == 200
    token = workspace.create_token("editor")
    assert make_client(workspace).get(API.format(cid=cid), headers=bearer(token)).status_code == 200
    anonymous = make_client(workspace)
    assert anonymous.get(PAGE.format(cid=cid)).status_code == 404
    assert anonymous.get(API.format(cid=cid)).status_code == 404
    bad = make_client(workspace).get(API.format(cid=cid), headers=bearer("not-a-token"))
    assert bad.status_code == 401


def test_user_and_csrf_token_are_each_sessions_own(workspace: Workspace, cid: int) -> None:
    url = PAGE.format(cid=cid)
    anonymous = make_client(workspace)
    assert anonymous.get(url).status_code == 200  # the page kept for anonymous visitors
    pages: dict[str, str] = {}
    for name in ("admin", "editor", "viewer", "admin"):
        client, token = session_client(workspace, name)
        response = client.get(url)
        assert response.headers["cache-control"] == "private, no-cache"
        text = response.text
        assert f'<span class="user">{name} (' in text
        assert csrf_of(text) == token
        assert token not in pages.values()
        pages[f"{name}-{len(pages)}"] = token
        for other in {"admin", "editor", "viewer"} - {name}:
            assert f'<span class="user">{other} (' not in text
        assert (f'action="/catalogs/{cid}/public"' in text) == (name == "admin")
        assert (f'action="/catalogs/{cid}/stage"' in text) == (name in ("admin", "editor"))
    after = anonymous.get(url).text
    assert 'name="csrf_token"' not in after and "hx-headers" not in after
    assert "Log ind" in after and '<span class="user">' not in after


def test_the_imported_notice_and_other_queries(workspace: Workspace, cid: int) -> None:
    client = make_client(workspace)
    url = PAGE.format(cid=cid)
    plain = client.get(url).text
    notice = client.get(f"{url}?imported=1").text
    assert 'class="notice ok"' in notice and 'class="notice ok"' not in plain
    assert 'class="notice ok"' not in client.get(url).text
    odd = client.get(f"{url}?utm_source=x")
    assert odd.status_code == 200 and "utm_source=x" in odd.text  # the language switch keeps it


# --- the catalog list ------------------------------------------------------------------------


def test_the_catalog_list_is_kept_and_never_stale(workspace: Workspace, cid: int) -> None:
    anonymous = make_client(workspace)
    first = anonymous.get("/")
    assert first.status_code == 200 and first.headers["cache-control"] == "public, no-cache"
    assert sorted(_vary(first)) == ["Accept", "Cookie"]
    etag = first.headers["etag"]
    assert anonymous.get("/", headers={"If-None-Match": etag}).status_code == 304
    assert anonymous.get("/").content == first.content
    # a new version (an edit, a stage change) is seen by the next request
    workspace.edit_measure(cid, "BFF-1", {"net": {"2024": -1234}}, actor(workspace, "editor"),
                           base_version=1, message="Ny beregning")
    edited = anonymous.get("/", headers={"If-None-Match": etag})
    assert edited.status_code == 200 and edited.headers["etag"] != etag
    assert f'href="/catalogs/{cid}/versions">2<' in edited.text
    workspace.set_stage(cid, "hearing", actor(workspace, "admin"), "til høring")
    assert "Høring" in anonymous.get("/").text
    # a new internal catalog is not shown to anonymous visitors, a public one is
    internal = import_seed(workspace, public=False)
    assert f'href="/catalogs/{internal}"' not in anonymous.get("/").text
    viewer, _ = session_client(workspace, "viewer")
    seen = viewer.get("/")
    assert seen.headers["cache-control"] == "private, no-cache"
    assert f'href="/catalogs/{internal}"' in seen.text and f'href="/catalogs/{cid}"' in seen.text
    assert f'href="/catalogs/{internal}"' not in anonymous.get("/").text
    workspace.set_public(internal, True, actor(workspace, "admin"))
    assert f'href="/catalogs/{internal}"' in anonymous.get("/").text
    workspace.set_public(cid, False, actor(workspace, "admin"))
    assert f'href="/catalogs/{cid}"' not in anonymous.get("/").text
    # deleted: gone from the list at once
    workspace.delete_catalog(internal, actor(workspace, "admin"))
    assert f'href="/catalogs/{internal}"' not in viewer.get("/").text


def test_the_catalog_list_in_each_language_and_for_each_user(workspace: Workspace,
                                                             cid: int) -> None:
    anonymous = make_client(workspace)
    for _ in range(2):
        danish, english = anonymous.get("/?lang=da").text, anonymous.get("/?lang=en").text
        assert '<html lang="da">' in danish and '<html lang="en">' in english
        assert ">Offentlig<" in danish and ">Public<" in english
        assert ">Public<" not in danish and ">Offentlig<" not in english
    for name in ("admin", "editor", "viewer"):
        client, token = session_client(workspace, name)
        for lang in ("da", "en"):
            text = client.get(f"/?lang={lang}").text
            assert f'<span class="user">{name} (' in text and csrf_of(text) == token
            assert f'<html lang="{lang}">' in text
            assert (">Public<" in text) == (lang == "en")
            assert ('href="/import"' in text) == (name != "viewer")
    after = anonymous.get("/").text
    assert '<span class="user">' not in after and 'name="csrf_token"' not in after
    json_list = anonymous.get("/", headers={"Accept": "application/json"})
    assert json_list.headers["content-type"].startswith("application/json")
    assert [item["id"] for item in json_list.json()] == [cid]


def test_the_list_counts_measures_once_per_version(workspace: Workspace, cid: int) -> None:
    listed = workspace.list_catalogs(None)
    assert [(item.id, item.measures) for item in listed] == [(cid, 19)]
    again = workspace.list_catalogs(actor(workspace, "viewer"))
    assert again == listed
    other = import_seed(workspace, public=False)
    mine = workspace.list_catalogs(actor(workspace, "viewer"))
    assert [(item.id, item.latest.number, item.measures) for item in mine] == [
        (cid, 1, 19), (other, 1, 19)
    ]
    assert workspace.list_catalogs(None) == listed


# --- the caches themselves ------------------------------------------------------------------


def test_caches_are_bounded_by_bytes() -> None:
    kept = BodyCache(1000)
    for index in range(10):
        kept.keep(index, body(bytes(300)))
    assert kept.size <= 1000 and len(kept) == 3
    assert kept.get(9) is not None and kept.get(0) is None
    kept.keep("big", body(bytes(600)))  # over half the budget: not kept
    assert kept.get("big") is None
    assert etag_of(b"a") != etag_of(b"b")
    sized: SizedCache[str] = SizedCache(100)
    sized.put("a", "x", 40)
    sized.put("b", "y", 40)
    assert sized.get("a") == "x"  # now the most recently used
    sized.put("c", "z", 40)
    assert sized.get("b") is None and sized.get("a") == "x"
    sized.clear()
    assert len(sized) == 0 and sized.size == 0


# --- omprio serve --workers -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    """``omprio serve --workers 2`` on a fresh SQLite file (its first start)."""
    port = _free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "OMPRIO_ADMIN_PASSWORD": "serve-test-password"}
    env.pop("OMPRIO_SECRET_KEY", None)
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "omprio", "serve", "--db", f"sqlite:///{tmp_path / 'w.db'}",
             "--port", str(port), "--workers", "2"],
            env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"omprio serve --workers 2 did not start:\n{log.read_text()}")
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        yield process, base, log
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _workers_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2:].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_serve_with_two_workers(two_workers: tuple[subprocess.Popen[bytes], str, Path]) -> None:
    process, base, log = two_workers
    output = log.read_text()
    assert output.count("Referencekataloget er importeret som katalog 1") == 1
    assert "2 processer" in output
    with httpx.Client(base_url=base) as client:
        catalogs = client.get("/api/v1/catalogs").json()
        assert [c["id"] for c in catalogs] == [1]  # imported once, before the workers started
        page = client.get("/login")
        token = csrf_of(page.text)
        done = client.post("/login", data={"csrf_token": token, "name": "admin",
                                           "password": "serve-test-password", "next": "/"})
        assert done.status_code == 303
        # one session key for every worker: each of many requests knows the user
        for _ in range(20):
            assert "admin" in client.get("/catalogs/1").text
            assert client.get("/catalogs/1").headers["cache-control"] == "private, no-cache"
    workers = _workers_of(process.pid)
    assert len(workers) >= 2
    # kill -9 of the server: its workers end too (they would hold the port)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    deadline = time.monotonic() + 20
    while any(_alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in workers)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_serve_refuses_zero_workers(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "omprio", "serve", "--db", f"sqlite:///{tmp_path / 'z.db'}",
         "--workers", "0"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "--workers" in done.stderr


def test_the_web_app_does_not_import_scipy() -> None:
    code = "import sys, omprio.cli, omprio.web.app; print('scipy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "False"


def test_a_client_of_the_api_with_a_token_reads_a_public_catalog(workspace: Workspace,
                                                                cid: int) -> None:
    token = workspace.create_token("viewer")
    client: TestClient = make_client(workspace)
    anonymous = client.get(API.format(cid=cid))
    with_token = client.get(API.format(cid=cid), headers=bearer(token))
    assert with_token.status_code == 200 and with_token.content == anonymous.content
    assert with_token.headers["cache-control"] == "private, no-cache"
