"""The REST API of the hearing (``/api/v1/catalogs/{id}/hearing…``) on SQLite and PostgreSQL:
the summary is exactly ``omprio hearing show --format json``; responses are filtered and
paged; a typed-in response, a multipart import, links confirmed, added and removed (and kept
over a re-run of the proposals), the purge; who may do what; bad input is 422 with nothing
stored; the routes are in OpenAPI."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_omprio
from omprio.store.workspace import Workspace
from web_support import (
    SYSTEM,
    TestClient,
    add_users,
    bearer,
    error_of,
    import_seed,
    make_client,
)

EXPORT = ("Sagsnummer;Indsendt;Afsender;Afsendertype;Titel;Tekst\n"
          "A-1;2024-03-04;Jens Hansen;Privatperson;a;Vi er imod BFF-3A, skriv jens@example.dk.\n"
          "A-2;2024-03-05;Ældrerådet;Ældreråd;b;Vi støtter BFF-1.\n")


def _setup(ws: Workspace) -> tuple[int, TestClient, dict[str, dict[str, str]]]:
    cid = import_seed(ws, public=True)
    ws.set_stage(cid, "hearing", SYSTEM)
    tokens = {name: bearer(ws.create_token(name)) for name in ("admin", "editor", "viewer")}
    return cid, make_client(ws), tokens


def test_the_hearing_api(workspace: Workspace) -> None:
    cid, client, tokens = _setup(workspace)
    api = f"/api/v1/catalogs/{cid}/hearing"
    done = client.post(f"{api}/import", headers=tokens["editor"],
                       files={"file": ("e.csv", EXPORT.encode("cp1252"), "text/csv")})
    assert done.status_code == 201, done.text
    assert done.json()["known"] == 0 and len(done.json()["new"]) == 2
    typed = client.post(f"{api}/responses", headers=tokens["editor"],
                        json={"text": "Et brev om det hele.", "sender_type": "private",
                              "sender": "Karen Holm", "submitted": "2024-03-11T10:00:00"})
    assert typed.status_code == 201, typed.text
    letter = typed.json()
    assert letter["sender"] == "Karen Holm" and letter["links"] == []
    again = client.post(f"{api}/responses", headers=tokens["editor"],
                        json={"text": "ET BREV  om det hele.", "sender_type": "private"})
    assert again.json()["id"] == letter["id"]  # already there
    listed = client.get(f"{api}/responses?sender_type=private&per_page=1",
                        headers=tokens["viewer"]).json()
    assert listed["total"] == 2 and listed["pages"] == 2 and len(listed["responses"]) == 1
    first = listed["responses"][0]
    assert first["sender"] == "Jens Hansen" and first["source"] == "e.csv:2"
    rid = first["id"]
    confirmed = client.post(f"{api}/responses/{rid}/links", json={"code": "bff-3a"},
                            headers=tokens["editor"]).json()
    added = client.post(f"{api}/responses/{rid}/links", json={"code": "VJH-5"},
                        headers=tokens["editor"]).json()
    assert [(x["code"], x["state"]) for x in added["links"]] == [("BFF-3A", "confirmed"),
                                                                  ("VJH-5", "added")]
    assert confirmed["links"][0]["decided_by"] == "editor"
    removed = client.delete(f"{api}/responses/{rid}/links/VJH-5", headers=tokens["editor"])
    assert removed.status_code == 200
    assert client.post(f"{api}/proposals", headers=tokens["editor"]).status_code == 200
    one = client.get(f"{api}/responses/{rid}", headers=tokens["viewer"]).json()
    assert {x["code"]: x["state"] for x in one["links"]} == {"BFF-3A": "confirmed",
                                                            "VJH-5": "removed"}
    public = client.get(f"{api}/responses/{rid}").json()
    assert public["sender"] == "" and "jens@example.dk" not in public["text"]
    assert "source" not in public or public["source"] is None
    internal = client.get(f"{api}?internal=true", headers=tokens["viewer"]).json()
    assert "Jens Hansen" in json.dumps(internal, ensure_ascii=False)
    anonymous = client.get(f"{api}?internal=true").json()
    assert anonymous["public"] is True and "Jens" not in json.dumps(anonymous)
    assert client.post(f"{api}/purge", json={}, headers=tokens["editor"]).status_code == 403
    purged = client.post(f"{api}/purge", json={"before": "2000-01-01"}, headers=tokens["admin"])
    assert purged.json() == {"responses": 0}
    purged = client.post(f"{api}/purge", json={}, headers=tokens["admin"])
    assert purged.json() == {"responses": 3}
    after = client.get(f"{api}/responses/{rid}", headers=tokens["admin"]).json()
    assert after["sender"] == "" and after["purged"] is True


def test_who_may_and_bad_input(workspace: Workspace) -> None:
    cid, client, tokens = _setup(workspace)
    api = f"/api/v1/catalogs/{cid}/hearing"
    assert client.post(f"{api}/responses", json={"text": "x"}).status_code == 401
    viewer = client.post(f"{api}/responses", json={"text": "x"}, headers=tokens["viewer"])
    assert viewer.status_code == 403
    for body in ({"text": ""}, {"text": "x", "sender_type": "alien"}, {"text": "x", "y": 1},
                 {"text": "   "}):
        refused = client.post(f"{api}/responses", json=body, headers=tokens["editor"])
        assert refused.status_code == 422, (body, refused.text)
        assert error_of(refused)["code"]
    for data, mapping in ((b"", ""), (b"%PDF-1.7 nope", ""), (b"a;b\n1;2\n", "bogus")):
        refused = client.post(f"{api}/import", headers=tokens["editor"], data={"mapping": mapping},
                              files={"file": ("f.pdf" if data.startswith(b"%PDF") else "f.csv",
                                              data, "text/plain")})
        assert refused.status_code == 422, (data, refused.text)
    unknown = client.post(f"{api}/responses/999/links", json={"code": "BFF-1"},
                          headers=tokens["editor"])
    assert unknown.status_code == 404
    assert workspace.hearing_responses(cid, SYSTEM) == []
    internal = import_seed(workspace, public=False)
    assert client.get(f"/api/v1/catalogs/{internal}/hearing").status_code == 404
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/v1/catalogs/{catalog_id}/hearing",
                 "/api/v1/catalogs/{catalog_id}/hearing/responses",
                 "/api/v1/catalogs/{catalog_id}/hearing/responses/{response_id}",
                 "/api/v1/catalogs/{catalog_id}/hearing/responses/{response_id}/links",
                 "/api/v1/catalogs/{catalog_id}/hearing/responses/{response_id}/links/{code}",
                 "/api/v1/catalogs/{catalog_id}/hearing/import",
                 "/api/v1/catalogs/{catalog_id}/hearing/proposals",
                 "/api/v1/catalogs/{catalog_id}/hearing/purge"):
        assert path in paths, path


def test_the_summary_is_the_cli_json(tmp_path: Path) -> None:
    """GET …/hearing answers key for key what ``omprio hearing show --format json`` prints."""
    db = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    ws = Workspace(db)
    ws.ensure_schema()
    add_users(ws)
    cid, client, _ = _setup(ws)
    ws.import_responses(cid, EXPORT.encode(), "e.csv", SYSTEM)
    shown = run_omprio("hearing", "show", str(cid), "--db", db, "--format", "json")
    assert shown.returncode == 0, shown.stderr
    api = client.get(f"/api/v1/catalogs/{cid}/hearing").json()
    assert api == json.loads(shown.stdout)
    assert api["measures"][0]["code"] and api["responses"] == 2
    ws.engine.dispose()
