"""The pages of the web app: every page in Danish and English (numbers the Danish way in
Danish), the JSON twin of each data page, the one JSON error shape, hostile text escaped
everywhere (pages, fragments and SVG charts), uploads that are too large, of the wrong type or
not a catalog, and a database that goes away and comes back."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from databases import ADMIN_URL, ENGINES
from omprio.interchange import catalog_to_json
from omprio.read import load
from omprio.store.workspace import Workspace
from web_support import (
    SEED_BYTES,
    SEED_PATH,
    SYSTEM,
    TestClient,
    actor,
    anonymous_csrf,
    bearer,
    counts,
    error_of,
    form_fields,
    import_seed,
    latest,
    make_client,
    no_secrets,
    session_client,
    user_workspace,
)

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")
POEM = "Roser er røde,\nviolerne blå,\nbudgettet er stramt,\nog kaffen er grå.\n".encode()


@dataclass
class Site:
    """A workspace with the reference catalog (public, two versions: BFF-1's 2024 net edited
    from -1.000 to -1.200), an editor's session and an administrator's API token."""

    ws: Workspace
    cid: int
    editor: TestClient
    editor_csrf: str
    token: str

    @property
    def anon(self) -> TestClient:
        """A new anonymous client (no language cookie from an earlier test)."""
        return make_client(self.ws)


@pytest.fixture(scope="module", params=ENGINES)
def site(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with user_workspace(request.param, tmp_path_factory.mktemp(f"pages-{request.param}")) as ws:
        cid = import_seed(ws, public=True)
        ws.edit_measure(cid, "BFF-1", {"net": {"2024": -1200}}, actor(ws, "editor"),
                        base_version=1, message="Ny beregning")
        editor, csrf = session_client(ws, "editor")
        yield Site(ws, cid, editor, csrf, ws.create_token("admin"))


# --- every page, in both languages --------------------------------------------------------


def pages(cid: int) -> list[str]:
    measure = f"/catalogs/{cid}/measures/BFF-1"
    return ["/", f"/catalogs/{cid}", f"/catalogs/{cid}?version=1", f"/catalogs/{cid}/findings",
            f"/catalogs/{cid}/versions", f"/catalogs/{cid}/diff?from=1&to=2", measure,
            f"{measure}?version=1", f"{measure}/edit", "/import", "/login"]


FOOTER = {"da": "åbne, kontrollerede data", "en": "open, checked data"}
# A key of i18n.STRINGS shown as it is: a string without a translation.
UNTRANSLATED = re.compile(r">[^<]*\b(?:nav|list|import|catalog|measure|edit|findings|versions|"
                          r"diff|error|login|chart|role|severity|count)\.[a-z_]+\b[^<]*<")


def with_lang(url: str, lang: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}lang={lang}"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_page_renders_in_both_languages(site: Site, lang: str) -> None:
    for url in [*pages(site.cid), "/catalogs/999"]:
        response = site.editor.get(with_lang(url, lang))
        expected = 404 if url.endswith("999") else 200
        assert response.status_code == expected, (url, response.text[:300])
        assert response.headers["content-type"].startswith("text/html")
        assert f'<html lang="{lang}">' in response.text, url
        assert FOOTER[lang] in response.text, url
        assert not UNTRANSLATED.search(response.text), (url, UNTRANSLATED.search(response.text))
        no_secrets(response)
    docs = site.editor.get("/api/docs")  # Swagger UI: English only, from the app's own files
    assert docs.status_code == 200 and "/static/" in docs.text and "https://" not in docs.text


def test_numbers_are_danish_in_danish_and_english_in_english(site: Site) -> None:
    overview = {lang: site.anon.get(f"/catalogs/{site.cid}?version=1&lang={lang}").text
                for lang in ("da", "en")}
    assert "-19.730" in overview["da"] and "-19,730" not in overview["da"]
    assert "-19,730" in overview["en"] and "-19.730" not in overview["en"]
    latest_da = site.anon.get(f"/catalogs/{site.cid}?lang=da").text
    assert "-19.930" in latest_da  # BFF-1's edit moved the 2024 total
    measure = {lang: site.anon.get(f"/catalogs/{site.cid}/measures/BFF-1?lang={lang}").text
               for lang in ("da", "en")}
    assert "-1.200" in measure["da"] and "-1,200" in measure["en"]
    assert "-10,5" in site.anon.get(f"/catalogs/{site.cid}/measures/MSB-1").text
    assert "-10.5" in site.anon.get(f"/catalogs/{site.cid}/measures/MSB-1?lang=en").text
    # The edit form writes (and reads) amounts in the page's language too.
    form = site.editor.get(f"/catalogs/{site.cid}/measures/BFF-1/edit?lang=en").text
    assert 'value="-1,200"' in form and "Edit BFF-1" in form
    form_da = site.editor.get(f"/catalogs/{site.cid}/measures/BFF-1/edit?lang=da").text
    assert 'value="-1.200"' in form_da


def test_the_language_choice_is_remembered(site: Site) -> None:
    client = make_client(site.ws)
    first = client.get("/?lang=en")
    assert "lang=en" in first.headers["set-cookie"]
    assert '<html lang="en">' in client.get(f"/catalogs/{site.cid}").text
    assert '<html lang="da">' in client.get(f"/catalogs/{site.cid}?lang=da").text
    assert '<html lang="da">' in client.get("/").text
    assert '<html lang="da">' in make_client(site.ws).get("/?lang=xx").text


def test_the_preview_fragment_in_both_languages(site: Site) -> None:
    url = f"/catalogs/{site.cid}/measures/BFF-1"
    for lang, words in (("da", ("Alle tiltag, netto i alt", "-20.030", "Nye fund")),
                        ("en", ("All measures, net total", "-20,030", "New findings"))):
        # the form is filled, and read, in the page's language
        fields = form_fields(site.editor.get(f"{url}/edit?lang={lang}").text, "edit-form")
        assert fields["net_override"] == "1"  # BFF-1's net (-1.200) is not its line (-1.000)
        fields["line-0-2024"] = "-1.200" if lang == "da" else "-1,200"
        fields["net-2024"] = "-1.300" if lang == "da" else "-1,300"
        response = site.editor.post(f"{url}/preview?lang={lang}", data=fields,
                                    headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert "<html" not in response.text  # a fragment
        for word in words:
            assert word in response.text, (lang, word)
    fields["net-2024"] = "1.0O0"
    response = site.editor.post(f"{url}/preview?lang=da", data=fields,
                                headers={"HX-Request": "true"})
    assert "&#39;1.0O0&#39; er ikke et tal" in response.text


def test_an_untouched_edit_form_changes_nothing(site: Site) -> None:
    """For every measure, the edit form posted as shown previews no change and saves none:
    what the form shows (texts, Danish amounts, rows) reads back as the measure itself."""
    client, csrf = session_client(site.ws, "admin")
    before = latest(site.ws, site.cid)
    for measure in site.ws.version(site.cid, SYSTEM).catalog.measures:
        url = f"/catalogs/{site.cid}/measures/{measure.code}"
        fields = form_fields(client.get(f"{url}/edit?lang=da").text, "edit-form")
        assert fields["csrf_token"] == csrf
        preview = client.post(f"{url}/preview", data=fields, headers={"HX-Request": "true"})
        assert "Ingen ændringer endnu" in preview.text, measure.code
        saved = client.post(f"{url}/edit", data=fields)
        assert saved.status_code == 303, (measure.code, saved.text[:300])
        assert saved.headers["location"].endswith("?unchanged=1"), measure.code
    assert latest(site.ws, site.cid) == before


def test_malformed_form_posts_are_4xx_never_5xx(site: Site) -> None:
    client, csrf = session_client(site.ws, "admin")
    token = {"X-CSRF-Token": csrf}
    bodies: dict[str, dict[str, Any]] = {
        "multipart without boundary": {"content": b"x", "headers": {
            **token, "Content-Type": "multipart/form-data"}},
        "broken multipart": {"content": b"--b\r\ngarbage", "headers": {
            **token, "Content-Type": "multipart/form-data; boundary=b"}},
        "bad percent-encoding and UTF-8": {"content": b"stage=%ff%fe&x=\xff", "headers": {
            **token, "Content-Type": "application/x-www-form-urlencoded"}},
        "5000 fields": {"content": "&".join(f"f{i}=1" for i in range(5000)).encode(),
                        "headers": {**token,
                                    "Content-Type": "application/x-www-form-urlencoded"}},
        "JSON instead of a form": {"content": b'{"stage": "hearing"}', "headers": {
            **token, "Content-Type": "application/json"}},
        "1200 files": {"files": [("file", (f"f{i}.txt", b"x")) for i in range(1200)],
                       "headers": token},
    }
    before = counts(site.ws)
    for template in ("/catalogs/{cid}/stage", "/catalogs/{cid}/public", "/import", "/login",
                     "/catalogs/{cid}/measures/BFF-1/preview",
                     "/catalogs/{cid}/measures/BFF-1/edit"):
        url = template.format(cid=site.cid)
        for name, options in bodies.items():
            response = client.post(url, **options)
            assert 400 <= response.status_code < 500 or response.status_code == 200, \
                (url, name, response.status_code)
    assert counts(site.ws) == before


# --- JSON twins ---------------------------------------------------------------------------


def _same_time(data: Any) -> Any:
    """JSON with every ``created_at`` parsed (the API writes Z, the twins +00:00)."""
    if isinstance(data, dict):
        return {k: datetime.fromisoformat(v) if k == "created_at" else _same_time(v)
                for k, v in data.items()}
    if isinstance(data, list):
        return [_same_time(v) for v in data]
    return data


def test_every_data_page_has_a_json_twin_equal_to_the_api(site: Site) -> None:
    cid = site.cid
    twins = {
        "/": "/api/v1/catalogs",
        f"/catalogs/{cid}/findings": f"/api/v1/catalogs/{cid}/findings",
        f"/catalogs/{cid}/versions": f"/api/v1/catalogs/{cid}/versions",
        f"/catalogs/{cid}/diff?from=1&to=2": f"/api/v1/catalogs/{cid}/diff?from=1&to=2",
        f"/catalogs/{cid}/measures/BFF-1": f"/api/v1/catalogs/{cid}/measures/BFF-1",
        f"/catalogs/{cid}/measures/BFF-1?version=1":
            f"/api/v1/catalogs/{cid}/measures/BFF-1?version=1",
        # Last: ?lang= on a page is remembered in a cookie; the API takes ?lang= each time.
        f"/catalogs/{cid}/findings?lang=en": f"/api/v1/catalogs/{cid}/findings?lang=en",
    }
    client = site.anon
    for page, api in twins.items():
        twin = client.get(page, headers={"Accept": "application/json"})
        assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
        assert _same_time(twin.json()) == _same_time(client.get(api).json()), page
    # The overview's twin is the version's interchange document, as downloaded.
    twin = site.anon.get(f"/catalogs/{cid}", headers={"Accept": "application/json"}).json()
    assert twin == site.anon.get(f"/catalogs/{cid}/export.json").json()
    assert twin["format"] == "omprio.catalog/1" and len(twin["measures"]) == 19
    # A browser that accepts both gets the page.
    both = site.anon.get(f"/catalogs/{cid}", headers={"Accept": "text/html,application/json"})
    assert both.headers["content-type"].startswith("text/html")


def test_the_api_catalog_is_the_interchange_document(site: Site) -> None:
    cid = site.cid
    api = site.anon.get(f"/api/v1/catalogs/{cid}").json()
    assert api == site.anon.get(f"/catalogs/{cid}/export.json").json()


# --- the one JSON error shape -------------------------------------------------------------


def test_every_api_error_has_one_shape(site: Site) -> None:
    cid, admin = site.cid, bearer(site.token)
    api = site.anon
    viewer = bearer(site.ws.create_token("viewer"))
    seen: dict[int, str] = {}

    def expect(response: Any, status: int, code: str) -> None:
        assert response.status_code == status, (status, response.text[:300])
        assert error_of(response)["code"] == code
        no_secrets(response)
        seen[status] = code

    body = {"base_version": 1, "changes": {"net": {"2024": -1300}}}
    expect(api.patch(f"/api/v1/catalogs/{cid}/measures/BFF-1", json=body), 401, "unauthorized")
    expect(api.get("/api/v1/catalogs", headers=bearer("omp_nope")), 401, "unauthorized")
    expect(api.patch(f"/api/v1/catalogs/{cid}/measures/BFF-1", json=body, headers=viewer),
           403, "forbidden")
    expect(api.get("/api/v1/catalogs/999"), 404, "not-found")
    expect(api.get(f"/api/v1/catalogs/{cid}/measures/XYZ-9"), 404, "not-found")
    expect(api.get(f"/api/v1/catalogs/{cid}?version=99"), 404, "not-found")
    expect(api.get("/api/v1/nothing-here"), 404, "not-found")
    expect(api.delete(f"/api/v1/catalogs/{cid}", headers=admin), 405, "method-not-allowed")
    # BFF-1 changed in version 2: an edit based on version 1 conflicts.
    expect(api.patch(f"/api/v1/catalogs/{cid}/measures/BFF-1", json=body, headers=admin),
           409, "conflict")
    small = make_client(site.ws, max_upload_bytes=1000)
    expect(small.post("/api/v1/catalogs", files={"file": ("seed.txt", SEED_BYTES)},
                      headers=admin), 413, "too-large")
    expect(api.get(f"/api/v1/catalogs/{cid}?version=0"), 422, "invalid-input")
    expect(api.patch(f"/api/v1/catalogs/{cid}/measures/BFF-1", headers=admin,
                     json={"base_version": 2, "changes": {"net": {"2024": "x"}}}),
           422, "invalid-input")
    expect(api.patch(f"/api/v1/catalogs/{cid}/measures/BFF-1", headers=admin,
                     content=b"{not json", ), 422, "invalid-input")
    expect(api.post("/api/v1/catalogs", files={"file": ("x.png", PNG)}, headers=admin),
           422, "invalid-input")
    assert set(seen) == {401, 403, 404, 405, 409, 413, 422}


def test_pages_asked_for_json_answer_errors_in_the_same_shape(site: Site) -> None:
    cid = site.cid
    json_accept = {"Accept": "application/json"}
    anon = make_client(site.ws)
    csrf = anonymous_csrf(anon)
    viewer, viewer_csrf = session_client(site.ws, "viewer")
    cases: list[tuple[Any, int, str]] = [
        (anon.post(f"/catalogs/{cid}/stage", data={"csrf_token": csrf, "stage": "hearing"},
                   headers=json_accept), 401, "unauthorized"),
        (viewer.post(f"/catalogs/{cid}/stage", data={"csrf_token": viewer_csrf,
                                                     "stage": "hearing"},
                     headers=json_accept), 403, "forbidden"),
        (anon.post(f"/catalogs/{cid}/stage", data={"stage": "hearing"}, headers=json_accept),
         403, "csrf"),
        (anon.get("/catalogs/999", headers=json_accept), 404, "not-found"),
        (anon.get("/no/such/page", headers=json_accept), 404, "not-found"),
        (anon.delete(f"/catalogs/{cid}", headers=json_accept), 405, "method-not-allowed"),
        (make_client(site.ws, max_upload_bytes=1000).post(
            "/import", files={"file": ("seed.txt", SEED_BYTES)}, headers=json_accept),
         413, "too-large"),
        (anon.get(f"/catalogs/{cid}?version=0", headers=json_accept), 422, "invalid-input"),
        (anon.get("/healthz", headers={"Accept": "text/html"}), 200, ""),
    ]
    for response, status, code in cases:
        assert response.status_code == status, (status, response.text[:200])
        if status >= 400:
            assert error_of(response)["code"] == code
    # Without asking for JSON, the same errors are pages in the visitor's language.
    page = anon.get("/catalogs/999?lang=en")
    assert page.status_code == 404 and "does not exist" in page.text
    fragment = anon.get("/catalogs/999", headers={"HX-Request": "true"})
    assert fragment.status_code == 404 and "<html" not in fragment.text
    assert 'role="alert"' in fragment.text


def test_405_names_the_allowed_methods(site: Site) -> None:
    """RFC 9110 §15.5.6: a 405 response MUST carry Allow with the methods the target has."""
    response = site.anon.delete(f"/api/v1/catalogs/{site.cid}")
    assert response.status_code == 405
    assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET"}
    page = site.anon.put("/import")
    assert set(page.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


def test_head_is_answered_like_get(site: Site) -> None:
    """RFC 9110 §9.1: general-purpose servers MUST support GET and HEAD (monitors use HEAD)."""
    client = site.anon
    for url in ("/", f"/catalogs/{site.cid}", "/healthz", "/api/v1/catalogs"):
        response = client.head(url)
        assert response.status_code == 200, (url, response.status_code)
        assert response.content == b""


# --- hostile text -------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SQL = "'; DROP TABLE users; --"
HOSTILE = f"{SCRIPT} {IMG} {SQL}"
RAW = ("<script>alert", "<img src=x", '"><img')
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def hostile_document() -> bytes:
    """The reference catalog with hostile text in every title, description, label and note."""
    document = catalog_to_json(load(SEED_PATH).catalog)
    document["title"] = f"Katalog {HOSTILE}"
    document["organisation"] = HOSTILE
    document["department"] = HOSTILE
    document["introduction"] = HOSTILE
    for theme in document["themes"]:
        theme["title"] = f"{theme['title']} {HOSTILE}"
    for measure in document["measures"]:
        measure["title"] = f"{measure['title']} {HOSTILE}"
        measure["description"] = f"{HOSTILE}\n\n{measure['description']}"
        measure["notes"] = [*measure["notes"], HOSTILE]
        measure["sector"] = HOSTILE
        for line in [*measure["lines"], *measure["adjustments"]]:
            line["label"] = f"{line['label']} {HOSTILE}"
    for row in document["overview"]:
        row["label"] = f"{row['label']} {HOSTILE}"
    for total in document["overview_totals"]:
        total["label"] = f"{total['label']} {HOSTILE}"
    return json.dumps(document, ensure_ascii=False).encode()


def assert_escaped(body: str, where: str) -> None:
    for raw in RAW:
        assert raw not in body, f"{where}: {raw!r} is not escaped"


def test_hostile_text_is_escaped_on_every_page_and_chart(site: Site) -> None:
    ws = site.ws
    before = counts(ws)
    ws.add_user(SCRIPT, "secret-password", "admin")
    client, csrf = session_client(ws, SCRIPT)
    imported = client.post("/import", data={"csrf_token": csrf, "message": HOSTILE},
                           files={"file": (f"{IMG}.json", hostile_document(),
                                           "application/json")})
    assert imported.status_code == 303, imported.text[:500]
    cid = int(imported.headers["location"].split("/")[2].split("?")[0])
    edit = client.get(f"/catalogs/{cid}/measures/BFF-1/edit")
    fields = form_fields(edit.text, "edit-form")
    fields.update({"title": f"Ny {HOSTILE}", "message": HOSTILE, "net-2024": "-1.100",
                   "description": f"{fields['description']} {IMG}"})
    saved = client.post(f"/catalogs/{cid}/measures/BFF-1/edit", data=fields)
    assert saved.status_code == 303, saved.text[:500]

    urls = [*pages(cid), f"/catalogs/{cid}/measures/VJH-1", f"/catalogs/{cid}/measures/MSB-1",
            f"/catalogs/{cid}/measures/BFF-1/edit"]
    for url in urls:
        for lang in ("da", "en"):
            response = client.get(with_lang(url, lang))
            assert response.status_code == 200, url
            assert_escaped(response.text, url)
    overview = client.get(f"/catalogs/{cid}").text
    assert ESCAPED_SCRIPT in overview
    charts = re.findall(r"<svg\b.*?</svg>", overview, flags=re.S)
    assert charts, "the overview has no charts"
    assert any(ESCAPED_SCRIPT in chart for chart in charts), "no theme title in the charts"
    for chart in charts:
        assert_escaped(chart, "chart")
    assert ESCAPED_SCRIPT in client.get(f"/catalogs/{cid}/versions").text  # author, message
    assert "&#39;; DROP TABLE users; --" in client.get(f"/catalogs/{cid}/measures/VJH-1").text

    fields = form_fields(client.get(f"/catalogs/{cid}/measures/VJH-1/edit").text, "edit-form")
    fields["title"] = f"VJH-1 {HOSTILE}"  # titles hold at most 200 characters (omprio.fields)
    fields["net-2024"] = "<script>alert(1)</script>"
    preview = client.post(f"/catalogs/{cid}/measures/VJH-1/preview", data=fields,
                          headers={"HX-Request": "true"})
    assert preview.status_code == 200
    assert_escaped(preview.text, "preview")
    fields["net-2024"] = "-900"
    fields["line-0-2024"] = "-800"
    preview = client.post(f"/catalogs/{cid}/measures/VJH-1/preview", data=fields,
                          headers={"HX-Request": "true"})
    assert 'class="finding-list"' in preview.text
    assert_escaped(preview.text, "preview with findings")
    failed = client.post(f"/catalogs/{cid}/measures/VJH-1/edit", data=fields | {
        "net-2024": f"{SCRIPT}", "net_override": "1"})
    assert failed.status_code == 422
    assert_escaped(failed.text, "edit form with errors")

    # Hostile text in the address: not found, or ignored, and never reflected raw.
    for url in (f"/catalogs/{cid}/measures/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                "/login?next=/%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
                "/login?next=javascript:alert(1)", f"/catalogs/{cid}?lang=%3Cscript%3E",
                "/%3Cscript%3Ealert(1)%3C/script%3E"):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_escaped(response.text, url)
        assert "javascript:" not in response.text
    # Everything was stored verbatim and the database is intact.
    api = site.anon.get(f"/api/v1/catalogs/{cid}", headers=bearer(site.token)).json()
    assert api["title"] == f"Katalog {HOSTILE}"
    vjh = next(m for m in api["measures"] if m["code"] == "VJH-1")
    assert vjh["title"].endswith(f" {HOSTILE}") and HOSTILE in vjh["notes"]
    assert counts(ws)["users"] == before["users"] + 1
    assert {u.name for u in ws.users()} >= {"admin", "bff", "editor", "viewer", SCRIPT}
    assert ws.authenticate("viewer", "secret-password") is not None
    assert len(ws.version(site.cid, SYSTEM).catalog.measures) == 19
    for download in ("export.json", "export.csv"):
        response = client.get(f"/catalogs/{cid}/{download}")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "attachment" in response.headers["content-disposition"]
        assert not response.headers["content-type"].startswith("text/html")


# --- uploads ------------------------------------------------------------------------------


def test_an_upload_too_large_is_413_and_stores_nothing(site: Site) -> None:
    limit = 20_000
    assert len(SEED_BYTES) > limit
    client, csrf = session_client(site.ws, "editor", max_upload_bytes=limit)
    before = counts(site.ws)
    page = client.post("/import", data={"csrf_token": csrf},
                       files={"file": ("seed.txt", SEED_BYTES, "text/plain")})
    assert page.status_code == 413
    assert "Filen er for stor. Den største fil, der kan sendes, er 20000 B." in page.text
    fragment = client.post("/import", data={"csrf_token": csrf},
                           files={"file": ("seed.txt", SEED_BYTES, "text/plain")},
                           headers={"HX-Request": "true"})
    assert fragment.status_code == 413 and "<html" not in fragment.text
    assert "Filen er for stor" in fragment.text
    api = client.post("/api/v1/catalogs", files={"file": ("seed.txt", SEED_BYTES)},
                      headers=bearer(site.token))
    assert api.status_code == 413 and error_of(api)["code"] == "too-large"

    # Without Content-Length (chunked), the body is cut off while it is read.
    boundary = "omprio-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"seed.txt\"\r\nContent-Type: text/plain\r\n\r\n").encode() + SEED_BYTES \
        + f"\r\n--{boundary}--\r\n".encode()
    chunks = [body[i:i + 4096] for i in range(0, len(body), 4096)]
    chunked = client.post("/api/v1/catalogs", content=iter(chunks), headers={
        **bearer(site.token), "Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert chunked.status_code == 413 and error_of(chunked)["code"] == "too-large"
    assert counts(site.ws) == before


@pytest.mark.parametrize(("name", "data"), [
    ("picture.png", PNG),
    ("picture.txt", PNG),  # the name says text; the bytes are sniffed
    ("poem.txt", POEM),
    ("empty.txt", b""),
    ("other.json", b'{"format": "something/1", "title": "x"}'),
], ids=["png", "png-named-txt", "poem", "empty", "other-json"])
def test_wrong_type_or_not_a_catalog_is_422_and_stores_nothing(
        site: Site, name: str, data: bytes) -> None:
    client, csrf = session_client(site.ws, "editor")
    before = counts(site.ws)
    page = client.post("/import", data={"csrf_token": csrf, "message": "forsøg"},
                       files={"file": (name, data, "application/octet-stream")})
    assert page.status_code == 422, page.text[:300]
    assert "Filen kunne ikke læses som et omprioriteringskatalog. Intet er gemt." in page.text \
        or (not data and "Vælg en fil at importere." in page.text)
    assert 'value="forsøg"' in page.text  # what was typed is kept
    english = client.post("/import?lang=en", data={"csrf_token": csrf},
                          files={"file": (name, data)}, headers={"HX-Request": "true"})
    assert english.status_code == 422 and "<html" not in english.text
    assert "Nothing was stored" in english.text or "Choose a file" in english.text
    api = client.post("/api/v1/catalogs", files={"file": (name, data)},
                      headers=bearer(site.token))
    assert api.status_code == 422, api.text[:300]
    message = error_of(api)["message"]
    assert len(message) > 10 and "Traceback" not in message
    assert counts(site.ws) == before


@pytest.mark.parametrize(("name", "data", "danish", "english"), [
    ("picture.png", PNG, "filen er binær", "the file is binary"),
    ("poem.txt", POEM, "det ligner ikke et omprioriteringskatalog",
     "does not look like a reprioritization catalog"),
    ("other.json", b'{"format": "something/1", "title": "x"}', "JSON i formatet",
     "JSON of format"),
    ("broken.json", b'{"format": ', "ugyldig JSON", "invalid JSON"),
], ids=["binary", "poem", "other-json", "broken-json"])
def test_why_an_import_failed_is_said_in_the_page_language(
        site: Site, name: str, data: bytes, danish: str, english: str) -> None:
    """The reason a document cannot be read is in Danish on Danish pages, English on English
    ones; the API keeps the English message."""
    client, csrf = session_client(site.ws, "editor")
    page = client.post("/import", data={"csrf_token": csrf}, files={"file": (name, data)})
    assert page.status_code == 422
    assert danish in page.text and english not in page.text, page.text[-600:]
    page = client.post("/import?lang=en", data={"csrf_token": csrf},
                       files={"file": (name, data)})
    assert english in page.text and danish not in page.text
    api = client.post("/api/v1/catalogs", files={"file": (name, data)},
                      headers=bearer(site.token))
    assert english in error_of(api)["message"]


# --- the database goes away and comes back ------------------------------------------------


@contextmanager
def database_away(ws: Workspace) -> Iterator[None]:
    """Make the workspace's database unreachable, and reachable again afterwards.

    SQLite: the folder of the file is renamed away (new connections cannot open it) and the
    pool's open connections are closed. PostgreSQL: the test database is renamed from an admin
    connection (after its sessions are ended), so connecting to it fails."""
    url = make_url(ws.url)
    if url.get_backend_name() == "sqlite":
        assert url.database is not None
        folder = Path(url.database).parent
        away = folder.with_name(folder.name + "-away")
        ws.engine.dispose()
        folder.rename(away)
        try:
            yield
        finally:
            away.rename(folder)
        return
    name = url.database
    assert name is not None
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                    "WHERE datname = :name"), {"name": name})
            connection.execute(text(f'ALTER DATABASE "{name}" RENAME TO "{name}_away"'))
        try:
            yield
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'ALTER DATABASE "{name}_away" RENAME TO "{name}"'))
    finally:
        admin.dispose()


def test_an_unreachable_database_is_a_clear_503_and_the_app_recovers(
        workspace: Workspace, caplog: pytest.LogCaptureFixture) -> None:
    cid = import_seed(workspace, public=True)
    anon = make_client(workspace)
    editor, csrf = session_client(workspace, "editor")
    token = workspace.create_token("admin")
    caplog.set_level(logging.WARNING, logger="omprio.web")
    with database_away(workspace):
        page = anon.get(f"/catalogs/{cid}")
        assert page.status_code == 503
        assert page.headers["retry-after"] == "10"
        assert "Databasen kan ikke nås lige nu" in page.text
        assert '<html lang="da">' in page.text
        english = editor.get("/?lang=en")  # a logged-in visitor: the session lookup fails
        assert english.status_code == 503
        assert "The database cannot be reached right now" in english.text
        api = anon.get("/api/v1/catalogs", headers=bearer(token))
        assert api.status_code == 503
        assert error_of(api) == {"code": "database-unavailable",
                                 "message": "the database cannot be reached; try again shortly"}
        write = editor.post(f"/catalogs/{cid}/stage", data={"csrf_token": csrf,
                                                            "stage": "hearing", "confirm": "1"})
        assert write.status_code == 503
        health = anon.get("/healthz")
        assert health.status_code == 503 and health.json() == {"status": "unavailable"}
        for response in (page, english, api, write, health):
            assert workspace.url not in response.text and "Traceback" not in response.text
            assert "sqlite" not in response.text.lower()
            assert "psycopg" not in response.text.lower()
    records = [r for r in caplog.records if r.name == "omprio.web"]
    assert any(r.levelno == logging.WARNING and "database unavailable" in r.getMessage()
               and f"/catalogs/{cid}" in r.getMessage() for r in records), records
    assert not any(r.levelno >= logging.ERROR for r in records), "an outage is not a crash"

    # Back again: the same clients, sessions and tokens work, nothing was lost.
    assert anon.get("/healthz").json() == {"status": "ok"}
    assert anon.get(f"/catalogs/{cid}").status_code == 200
    assert editor.get("/import").status_code == 200
    assert anon.get("/api/v1/catalogs", headers=bearer(token)).status_code == 200
    moved = editor.post(f"/catalogs/{cid}/stage",
                        data={"csrf_token": csrf, "stage": "hearing", "confirm": "1"})
    assert moved.status_code == 303
    assert latest(workspace, cid) == 2


@pytest.mark.parametrize(("fmt", "media", "magic"), [
    ("pdf", "application/pdf", b"%PDF"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ("fdp", "application/zip", b"PK"),
    ("html", "text/html; charset=utf-8", b"<!"),
])
def test_published_downloads_come_from_the_stored_version(site: Site, fmt: str, media: str,
                                                          magic: bytes) -> None:
    """The download buttons of the catalog page publish the stored version itself."""
    response = site.anon.get(f"/catalogs/{site.cid}/publish/{fmt}?version=2")
    assert response.status_code == 200, response.text[:200]
    assert response.headers["content-type"] == media
    assert response.content.startswith(magic)
    assert "-v2." in response.headers["content-disposition"]
    if fmt == "xlsx":
        from omprio.read import load_bytes

        back = load_bytes(response.content, "download.xlsx").catalog
        bff = back.measure("BFF-1")
        assert bff is not None
        assert bff.net[2024] == -1200
    page = site.anon.get(f"/catalogs/{site.cid}")
    assert f"/catalogs/{site.cid}/publish/{fmt}" in page.text or fmt == "html"
    missing = site.anon.get(f"/catalogs/{site.cid}/publish/odt")
    assert missing.status_code == 422


def test_a_long_history_comes_in_pages(tmp_path: Path) -> None:
    """With more versions than a page holds, the history page shows the newest 50 with a link
    to older ones; version pickers offer the newest 100 and always the versions shown; the API
    pages with limit/before."""
    with user_workspace("sqlite", tmp_path) as ws:
        cid = import_seed(ws, public=True)
        editor = actor(ws, "editor")
        for number in range(1, 120):
            ws.edit_measure(cid, "BFF-1", {"title": f"Titel {number}"}, editor,
                            base_version=number)
        client = make_client(ws)
        first = client.get(f"/catalogs/{cid}/versions")
        numbers = [int(n) for n in re.findall(r'name="to" value="(\d+)"', first.text)]
        assert numbers == list(range(120, 70, -1))
        assert f'/catalogs/{cid}/versions?before=71"' in first.text
        second = client.get(f"/catalogs/{cid}/versions?before=71")
        numbers = [int(n) for n in re.findall(r'name="to" value="(\d+)"', second.text)]
        assert numbers == list(range(70, 20, -1))
        assert f'href="/catalogs/{cid}/versions"' in second.text
        last = client.get(f"/catalogs/{cid}/versions?before=21")
        numbers = [int(n) for n in re.findall(r'name="to" value="(\d+)"', last.text)]
        assert numbers == list(range(20, 0, -1))
        assert f'/catalogs/{cid}/versions?before=' not in last.text.replace("before=21&", "")
        assert client.get(f"/catalogs/{cid}/versions?before=1").status_code == 422
        twin = client.get(f"/catalogs/{cid}/versions?before=71",
                          headers={"Accept": "application/json"}).json()
        assert [v["number"] for v in twin] == list(range(70, 20, -1))
        old = client.get(f"/catalogs/{cid}?version=3")
        offered = [int(n) for n in re.findall(r'<option value="(\d+)"', old.text)]
        assert offered[:100] == list(range(120, 20, -1)) and offered[100:] == [3]
        diff = client.get(f"/catalogs/{cid}/diff?from=2&to=5")
        picked = re.findall(r'<option value="(\d+)"', diff.text)
        assert picked.count("2") == 2 and picked.count("5") == 2  # in both pickers
        api = client.get(f"/api/v1/catalogs/{cid}/versions?limit=10&before=50").json()
        assert [v["number"] for v in api] == list(range(49, 39, -1))
        assert len(client.get(f"/api/v1/catalogs/{cid}/versions").json()) == 120


def test_digits_int_cannot_read_are_a_message_not_a_crash(site: Site) -> None:
    """'²' is a digit to str.isdigit() but not to int(): a form field holding it is refused
    with a message (422), never a 500."""
    edit = site.editor.post(f"/catalogs/{site.cid}/measures/BFF-1/edit",
                            data={"csrf_token": site.editor_csrf, "base_version": "²",
                                  "title": "x"})
    assert edit.status_code == 422, edit.status_code
    upload = site.editor.post("/import", data={"csrf_token": site.editor_csrf, "catalog": "²"},
                              files={"file": ("c.txt", b"", "text/plain")})
    assert upload.status_code < 500, upload.status_code
    versions = site.anon.get(f"/api/v1/catalogs/{site.cid}/versions?before=²")
    assert versions.status_code == 422


# --- catalog identity: name, description and department (issue 11, item 6) ----------------


@pytest.fixture(scope="module", params=ENGINES)
def named(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A workspace of its own (renames would change the other tests' catalog)."""
    with user_workspace(request.param, tmp_path_factory.mktemp(f"named-{request.param}")) as ws:
        cid = import_seed(ws, public=True)
        editor, csrf = session_client(ws, "editor")
        yield Site(ws, cid, editor, csrf, ws.create_token("admin"))


def test_the_list_the_menu_and_the_header_show_name_id_and_department(named: Site) -> None:
    cid = named.cid
    page = named.anon.get("/").text  # kept for anonymous visitors: a rename must show at once
    assert f"#{cid}</span> Omprioriteringskatalog 2024–2027" in page
    assert "Sociale Forhold og Beskæftigelse" in page
    named.ws.rename_catalog(cid, actor(named.ws, "admin"), name="MSB spar 2024",
                            description="Magistratens forslag", department="MSB")
    page = named.anon.get("/").text
    assert f"#{cid}</span> MSB spar 2024" in page and "Magistratens forslag" in page
    menu = named.editor.get("/import").text
    assert f"Ny version af: #{cid} MSB spar 2024 · MSB · Udkast" in menu
    header = named.anon.get(f"/catalogs/{cid}").text
    assert re.search(rf'<h1><span class="catalog-id">#{cid}</span> MSB spar 2024</h1>', header)
    assert 'id="catalog-description">Magistratens forslag<' in header
    assert "<title>MSB spar 2024" in header
    listed = named.anon.get("/api/v1/catalogs").json()
    assert [(c["id"], c["name"], c["description"], c["department"]) for c in listed] == [
        (cid, "MSB spar 2024", "Magistratens forslag", "MSB")]


def test_the_import_page_offers_xlsx(named: Site) -> None:
    page = named.editor.get("/import").text
    accept = re.search(r'accept="([^"]+)"', page)
    assert accept is not None and ".xlsx" in accept.group(1).split(",")
    assert "(.xlsx)" in page
    assert "(.xlsx)" in named.editor.get("/import?lang=en").text


def test_the_rename_form_is_for_editors_of_the_whole_catalog(named: Site) -> None:
    cid = named.cid
    for name, shown in (("editor", True), ("admin", True), ("bff", False), ("viewer", False)):
        client, _ = session_client(named.ws, name)
        page = client.get(f"/catalogs/{cid}").text
        assert ('id="identity-form"' in page) is shown, name
    assert 'id="identity-form"' not in named.anon.get(f"/catalogs/{cid}").text
    data = {"name": "Kataloget  omdøbt", "description": "Til høring", "department": "MSB",
            "csrf_token": named.editor_csrf}
    done = named.editor.post(f"/catalogs/{cid}/identity", data=data)
    assert done.status_code == 303
    assert done.headers["location"].endswith("identity_note=saved")
    page = named.editor.get(done.headers["location"]).text
    assert 'id="identity-note"' in page and "Kataloget omdøbt</h1>" in page
    again = named.editor.post(f"/catalogs/{cid}/identity", data=data)
    assert again.headers["location"].endswith("identity_note=same")
    history = named.editor.get(f"/catalogs/{cid}/versions").text
    assert 'id="renames"' in history and "Kataloget omdøbt" in history and ">editor<" in history
    empty = named.editor.post(f"/catalogs/{cid}/identity",
                              data={**data, "name": "  "})
    assert empty.status_code == 422
    assert named.ws.catalog_summary(cid, actor(named.ws, "admin")).name == "Kataloget omdøbt"
    assert latest(named.ws, cid) == 1  # a rename is no new version


def test_the_api_reads_and_renames_a_catalog(named: Site) -> None:
    cid = named.cid
    url = f"/api/v1/catalogs/{cid}/identity"
    changed = named.anon.patch(url, json={"name": "Fra API'et"},
                               headers=bearer(named.ws.create_token("editor")))
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert body["name"] == "Fra API'et" and body["versions"] == 1
    assert body["renames"][0]["author"] == "editor"
    assert named.anon.get(url).json()["name"] == "Fra API'et"  # public: no token needed
    limited = named.anon.patch(url, json={"name": "x"},
                               headers=bearer(named.ws.create_token("bff")))
    assert limited.status_code == 403
    assert error_of(limited)["code"] == "forbidden"
    for bad in ({"name": ""}, {"name": "x" * 301}, {"colour": "red"}, {"description": "\x00"}):
        refused = named.anon.patch(url, json=bad, headers=bearer(named.token))
        assert refused.status_code == 422, bad
    assert named.anon.get(url).json()["name"] == "Fra API'et"
