"""The hearing in the web app, on SQLite and PostgreSQL: the catalog page's link, the summary
page (chart, counts, downloads) and its JSON twin, the responses list with search, filters and
paging, one response with its links, and the forms: import (with a column mapping), type in,
confirm, remove and add a link (a person's decision survives a re-run of the proposals),
purge (admins, with the box ticked); a bad file is one clear message and nothing stored."""

from __future__ import annotations

import re

from httpx import Response

from omprio.store.workspace import Workspace
from web_support import SYSTEM, TestClient, as_response, import_seed, session_client

EXPORT = ("Sagsnummer;Indsendt;Navn;Afsendertype;Titel;Svar\n"
          "H-1;2024-03-04;Jens Hansen;Privatperson;Bekymret;Vi er imod BFF-3A. Ring 20 30 40 50.\n"
          "H-2;2024-03-05;Ældrerådet;Ældreråd;Feriepuljen;Bevar feriepuljen, forslag BFF-3A.\n"
          "H-3;2024-03-12;Lis Berg;Privatperson;Det hele;Jeg er bekymret for kommunen.\n")


def _hearing(ws: Workspace) -> int:
    cid = import_seed(ws, public=True)
    ws.set_stage(cid, "hearing", SYSTEM)
    return cid


def _import(client: TestClient, csrf: str, cid: int, data: str = EXPORT,
            mapping: str = "text=Svar, sender=Navn") -> Response:
    return as_response(client.post(
        f"/catalogs/{cid}/hearing/import", data={"csrf_token": csrf, "mapping": mapping},
        files={"file": ("export.csv", data.encode("utf-8"), "text/csv")}))


def test_the_hearing_pages(workspace: Workspace) -> None:
    cid = _hearing(workspace)
    client, csrf = session_client(workspace, "editor")
    page = client.get(f"/catalogs/{cid}")
    assert f'href="/catalogs/{cid}/hearing"' in page.text and "Høring" in page.text
    done = _import(client, csrf, cid)
    assert done.status_code == 303, done.text[:400]
    assert done.headers["location"] == f"/catalogs/{cid}/hearing?imported=3&known=0"
    again = _import(client, csrf, cid)
    assert again.headers["location"].endswith("imported=0&known=3")
    summary = client.get(f"/catalogs/{cid}/hearing?imported=3&known=0")
    assert summary.status_code == 200
    assert "3 nye høringssvar, 0 fandtes allerede." in summary.text
    assert '<svg class="chart"' in summary.text and "BFF-3A: 2" in summary.text
    for fmt in ("pdf", "docx", "csv"):
        assert f'href="/catalogs/{cid}/hearing/report.{fmt}"' in summary.text
    twin = client.get(f"/catalogs/{cid}/hearing", headers={"Accept": "application/json"}).json()
    measures = {m["code"]: m for m in twin["measures"]}
    assert twin["responses"] == 3 and twin["unlinked"] == 1 and twin["public"] is False
    assert measures["BFF-3A"]["by_sender_type"] == {"council": 1, "private": 1}
    assert {i["sender"] for i in measures["BFF-3A"]["items"]} == {"Jens Hansen", "Ældrerådet"}
    english = client.get(f"/catalogs/{cid}/hearing?lang=en")
    assert "The hearing" in english.text and "Download PDF" in english.text


def test_search_filters_and_paging(workspace: Workspace) -> None:
    cid = _hearing(workspace)
    client, csrf = session_client(workspace, "editor")
    rows = "".join(f"P-{n};2024-03-0{1 + n % 9};Person {n};Privatperson;t;Svar ref{n}x om "
                   f"{'BFF-1' if n % 2 else 'ingenting'}.\n" for n in range(120))
    assert _import(client, csrf, cid, "Sagsnummer;Indsendt;Navn;Afsendertype;Titel;Svar\n"
                   + rows).status_code == 303

    def listed(query: str) -> dict[str, object]:
        response = client.get(f"/catalogs/{cid}/hearing/responses?{query}",
                              headers={"Accept": "application/json"})
        assert response.status_code == 200, response.text[:300]
        result: dict[str, object] = response.json()
        return result

    everything = listed("")
    assert everything["total"] == 120 and everything["pages"] == 3
    assert len(everything["responses"]) == 50  # type: ignore[arg-type]
    last = listed("page=3")
    assert [r["case"] for r in last["responses"]] == [f"P-{n}" for n in range(100, 120)]  # type: ignore[attr-defined]
    assert listed("code=bff1")["total"] == 60
    assert listed("code=-")["total"] == 60
    assert listed("q=REF7X om")["total"] == 1
    assert listed("sender_type=council")["total"] == 0
    # odd numbers starting with 1: 1, 11 … 19, 101 … 119
    assert listed("sender_type=private&code=BFF-1&q=ref1")["total"] == 16
    assert client.get(f"/catalogs/{cid}/hearing/responses?sender_type=x").status_code == 422
    html = client.get(f"/catalogs/{cid}/hearing/responses?code=BFF-1&page=2")
    assert html.status_code == 200 and 'rel="prev"' in html.text and 'rel="next"' not in html.text
    assert "60 høringssvar (side 2 af 2)" in html.text


def test_link_decisions_survive_the_proposals(workspace: Workspace) -> None:
    cid = _hearing(workspace)
    client, csrf = session_client(workspace, "editor")
    _import(client, csrf, cid)
    first = workspace.hearing_responses(cid, SYSTEM)[0]
    assert first.codes == ("BFF-3A",)
    url = f"/catalogs/{cid}/hearing/responses/{first.id}"
    page = client.get(url)
    assert "Vi er imod BFF-3A. Ring 20 30 40 50." in page.text and "Jens Hansen" in page.text
    assert "foreslået" in page.text
    removed = client.post(f"{url}/links", data={"csrf_token": csrf, "code": "BFF-3A",
                                                "action": "remove"})
    assert removed.status_code == 303 and removed.headers["location"] == f"{url}#links"
    added = client.post(f"{url}/links", data={"csrf_token": csrf, "code": "vjh 5",
                                              "action": "confirm"})
    assert added.status_code == 303
    rerun = client.post(f"/catalogs/{cid}/hearing/proposals", data={"csrf_token": csrf})
    assert rerun.status_code == 303 and "proposed=" in rerun.headers["location"]
    twin = client.get(url, headers={"Accept": "application/json"}).json()
    states = {link["code"]: (link["state"], link["decided_by"]) for link in twin["links"]}
    assert states == {"BFF-3A": ("removed", "editor"), "VJH-5": ("added", "editor")}
    unknown = client.post(f"{url}/links", data={"csrf_token": csrf, "code": "XYZ-9",
                                                "action": "confirm"})
    assert unknown.status_code == 422 and "XYZ-9" in unknown.text
    viewer, viewer_csrf = session_client(workspace, "viewer")
    assert viewer.post(f"{url}/links", data={"csrf_token": viewer_csrf, "code": "BFF-3A",
                                             "action": "confirm"}).status_code == 403
    assert 'id="link-add"' not in viewer.get(url).text


def test_typed_in_letter_bad_files_and_purge(workspace: Workspace) -> None:
    cid = _hearing(workspace)
    client, csrf = session_client(workspace, "admin")
    typed = client.post(f"/catalogs/{cid}/hearing/responses", data={
        "csrf_token": csrf, "text": "Kære byråd. Luk ikke natcaféen, jf. BFF-1.\nKaren Holm",
        "sender_type": "private", "sender": "Karen Holm", "submitted": "2024-03-01",
        "case": "BREV-1", "title": "Brev fra Karen Holm"})
    assert typed.status_code == 303, typed.text[:300]
    target = typed.headers["location"]
    assert re.fullmatch(rf"/catalogs/{cid}/hearing/responses/\d+", target)
    assert "Karen Holm" in client.get(target).text
    bad_date = client.post(f"/catalogs/{cid}/hearing/responses", data={
        "csrf_token": csrf, "text": "x", "sender_type": "private", "submitted": "1. marts"})
    assert bad_date.status_code == 422 and "1. marts" in bad_date.text
    before = len(workspace.hearing_responses(cid, SYSTEM))
    for data, mapping in ((b"%PDF-1.4 broken", ""), (b"a;b\n1;2\n", ""),
                          (EXPORT.encode(), "tekst=="),):
        refused = client.post(f"/catalogs/{cid}/hearing/import",
                              data={"csrf_token": csrf, "mapping": mapping},
                              files={"file": ("x.pdf" if data.startswith(b"%PDF") else "x.csv",
                                              data, "text/plain")})
        assert refused.status_code == 422, refused.text[:300]
        assert "Traceback" not in refused.text
    assert len(workspace.hearing_responses(cid, SYSTEM)) == before
    unconfirmed = client.post(f"/catalogs/{cid}/hearing/purge", data={"csrf_token": csrf})
    assert unconfirmed.status_code == 422
    assert workspace.hearing_responses(cid, SYSTEM)[0].sender == "Karen Holm"
    editor, editor_csrf = session_client(workspace, "editor")
    assert editor.post(f"/catalogs/{cid}/hearing/purge",
                       data={"csrf_token": editor_csrf, "confirm": "1"}).status_code == 403
    purged = client.post(f"/catalogs/{cid}/hearing/purge", data={"csrf_token": csrf,
                                                                 "confirm": "1"})
    assert purged.status_code == 303 and purged.headers["location"].endswith("purged=1")
    page = client.get(target)
    assert "Karen" not in page.text and "Holm" not in page.text and "natcaféen" in page.text
