"""The import page and the REST API with a spreadsheet in its own columns (issue 13 item 4), on
SQLite and PostgreSQL: the columns guessed from the headings, a live preview, the import by the
chosen mapping, profiles saved, chosen and deleted, and nothing stored when the file or the
mapping is refused."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook

from omprio.publish.formats import publish
from omprio.read import load_bytes
from omprio.store.workspace import Workspace
from test_mapped import DANISH, HEAD, csv_bytes
from web_support import SEED_BYTES, SYSTEM, bearer, counts, error_of, session_client

SHEET = csv_bytes(DANISH)
FIELDS = {"mapping": "1", "col.code": "Nr", "col.title": "Forslag", "col.theme": "Tema",
          "year.0": "2025", "amount.0": "2025", "fte.0": "Årsværk",
          "year.1": "2026", "amount.1": "2026", "unit": "1.000 kr.", "decimals": "",
          "price_base": "2025"}
JSON = {"Accept": "application/json"}


def _file(data: bytes = SHEET, name: str = "katalog.csv") -> dict[str, tuple[str, bytes, str]]:
    return {"file": (name, data, "text/csv")}


def test_the_columns_are_guessed_and_previewed(workspace: Workspace) -> None:
    client, csrf = session_client(workspace, "editor")
    page = client.get("/import")
    assert page.status_code == 200 and 'hx-post="/import/columns"' in page.text
    answer = client.post("/import/columns", data={"csrf_token": csrf}, files=_file())
    assert answer.status_code == 200
    html = answer.text
    assert '<option value="Nr" selected>Nr</option>' in html
    assert '<option value="Forslag" selected>Forslag</option>' in html
    assert 'name="year.0" value="2025"' in html and 'name="year.1" value="2026"' in html
    assert "3 tiltag læst" in html and "Færre pladser i SFO" in html and "-1.234,5" in html
    twin = client.post("/import/columns", data={"csrf_token": csrf}, files=_file(), headers=JSON)
    body = twin.json()
    assert body["spreadsheet"] is True and body["headings"] == HEAD
    assert body["values"]["fields"]["code"] == "Nr"
    assert body["values"]["years"][0] == {"year": "2025", "amount": "2025", "fte": "Årsværk"}
    assert body["preview"]["measures"][0]["net"] == {"2025": "-1234.5", "2026": "-2000"}
    # A catalog omprio knows (text, its own workbook) needs no mapping: nothing to choose.
    for data, name in ((SEED_BYTES, "seed.txt"), (_own_workbook(), "eget.xlsx")):
        known = client.post("/import/columns", data={"csrf_token": csrf},
                            files=_file(data, name), headers=JSON)
        assert known.json()["spreadsheet"] is False, name


def _own_workbook() -> bytes:
    loaded = load_bytes(SEED_BYTES, "seed.txt")
    document = publish(loaded.catalog, list(loaded.findings), "xlsx", "da")
    assert isinstance(document, bytes)
    return document


def test_the_preview_shows_findings_and_refusals(workspace: Workspace) -> None:
    client, csrf = session_client(workspace, "editor")
    wrong = csv_bytes([*DANISH[:-1], ["", "I alt", "", "-1.001.734,5", "-2.011", ""]])
    answer = client.post("/import/preview", data={**FIELDS, "csrf_token": csrf},
                         files=_file(wrong), headers=JSON)
    assert answer.status_code == 200
    (error,) = [f for f in answer.json()["findings"] if f["severity"] == "error"]
    assert error["rule"] == "section-total" and error["row"] == 5
    missing = client.post("/import/preview",
                          data={**FIELDS, "col.sector": "Sektor", "csrf_token": csrf},
                          files=_file())
    assert missing.status_code == 422 and "kolonnen “Sektor” findes ikke" in missing.text


def test_import_by_the_chosen_columns(workspace: Workspace) -> None:
    client, csrf = session_client(workspace, "editor")
    response = client.post("/import", data={**FIELDS, "csrf_token": csrf, "message": "eget ark"},
                           files=_file())
    assert response.status_code == 303, response.text[:400]
    catalog_id = int(response.headers["location"].split("/")[2].split("?")[0])
    stored = workspace.version(catalog_id, SYSTEM)
    assert [m.code for m in stored.catalog.measures] == ["BU-1", "BU-2", "ÆL-1"]
    assert stored.catalog.measures[0].net == {2025: Decimal("-1234.5"), 2026: Decimal(-2000)}
    assert str(stored.catalog.measures[2].source) == "katalog.csv:4"
    assert stored.info.errors == 0
    page = client.get(f"/catalogs/{catalog_id}")
    assert page.status_code == 200 and "Mindre rengøring" in page.text


def test_a_spreadsheet_without_a_mapping_or_with_a_bad_one_stores_nothing(
    workspace: Workspace,
) -> None:
    client, csrf = session_client(workspace, "editor")
    before = counts(workspace)
    plain = client.post("/import", data={"csrf_token": csrf}, files=_file())
    assert plain.status_code == 422
    assert "regneark i egne kolonner" in plain.text and 'name="col.code"' in plain.text
    bad = {**FIELDS, "col.code": "Kode", "csrf_token": csrf}
    refused = client.post("/import", data=bad, files=_file())
    assert refused.status_code == 422 and "kolonnen “Kode” findes ikke" in refused.text
    year = client.post("/import", data={**FIELDS, "year.1": "3026", "csrf_token": csrf},
                       files=_file())
    assert year.status_code == 422 and "“3026” er ikke et budgetår" in year.text
    duplicate = csv_bytes([*DANISH, ["BU-1", "Igen", "", "1", "1", "1"]])
    phased = client.post("/import", data={**FIELDS, "csrf_token": csrf},
                         files=_file(duplicate), headers={"X-Omprio-Phases": "1"})
    assert phased.text.splitlines()[-1].startswith("error\t")
    assert "koden BU-1 står både i række 2 og i række 6" in phased.text
    assert counts(workspace) == before


def test_profiles_saved_chosen_used_and_deleted(workspace: Workspace) -> None:
    client, csrf = session_client(workspace, "editor")
    mio = {**FIELDS, "unit": "mio. kr.", "decimals": "da", "profile_name": "Vores ark",
           "csrf_token": csrf}
    saved = client.post("/import/profiles", data=mio, files=_file())
    assert saved.status_code == 303 and saved.headers["location"].startswith("/import?")
    (profile,) = workspace.list_profiles(SYSTEM)
    assert profile.name == "Vores ark" and profile.author == "editor"
    assert profile.mapping.unit == "mio. kr." and profile.mapping.column("fte.2025") == "Årsværk"
    page = client.get(saved.headers["location"])
    assert "Kortlægningen er gemt" in page.text
    # Chosen for the next upload, it fills the selects and reads the amounts in mio. kr.
    chosen = client.post("/import/columns", data={"csrf_token": csrf,
                                                  "profile": str(profile.id)},
                         files=_file(), headers=JSON).json()
    assert chosen["values"]["unit"] == "mio. kr."
    assert chosen["preview"]["measures"][0]["net"]["2026"] == "-2000000"
    assert [p["name"] for p in chosen["profiles"]] == ["Vores ark"]
    html = client.post("/import/columns", data={"csrf_token": csrf, "profile": str(profile.id)},
                       files=_file()).text
    assert f'<option value="{profile.id}" selected>Vores ark</option>' in html
    # Saved again under the same name, it is replaced, not doubled.
    client.post("/import/profiles", data={**mio, "unit": "1.000 kr."}, files=_file())
    (again,) = workspace.list_profiles(SYSTEM)
    assert again.id == profile.id and again.mapping.unit == "1.000 kr."
    empty = client.post("/import/profiles", data={**mio, "profile_name": " "}, files=_file())
    assert empty.status_code == 422
    gone = client.post(f"/import/profiles/{profile.id}/delete", data={"csrf_token": csrf},
                       headers={"HX-Request": "true"}, files=_file())
    assert gone.status_code == 200 and "Kortlægningen Vores ark er slettet" in gone.text
    assert workspace.list_profiles(SYSTEM) == []
    missing = client.post(f"/import/profiles/{profile.id}/delete", data={"csrf_token": csrf})
    assert missing.status_code == 404


def test_a_workbook_in_its_own_columns_on_the_page(workspace: Workspace) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Katalog"
    sheet.append(["Katalog over forslag"])
    table: list[list[str | float]] = [["Nr", "Titel", "B2025", "B2026"],
                                     ["K-1", "Et", -100.5, -200],
                                     ["K-2", "To", -1, 0]]
    for row in table:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    client, csrf = session_client(workspace, "editor")
    body = client.post("/import/columns", data={"csrf_token": csrf},
                       files=_file(out.getvalue(), "ark.xlsx"), headers=JSON).json()
    assert body["spreadsheet"] is True and body["sheet"] == "Katalog"
    assert body["headings"] == ["Nr", "Titel", "B2025", "B2026"]
    preview = body["preview"]
    assert [m["code"] for m in preview["measures"]] == ["K-1", "K-2"]
    assert preview["measures"][0]["net"] == {"2025": "-100.5", "2026": "-200"}
    assert preview["measures"][0]["row"] == 3


def test_the_api_imports_by_a_mapping_or_a_profile(workspace: Workspace) -> None:
    from omprio.read.mapping import parse_mapping

    token = workspace.create_token("editor")
    client, _ = session_client(workspace, None)
    items = ["code=Nr", "title=Forslag", "theme=Tema", "amount.2025=2025", "amount.2026=2026"]
    created = client.post("/api/v1/catalogs", headers=bearer(token), files=_file(),
                          data={"map": items, "unit": "mio. kr.", "decimals": "da"})
    assert created.status_code == 201, created.text
    stored = workspace.version(created.json()["id"], SYSTEM).catalog
    assert stored.measures[0].net == {2025: Decimal(-1234500), 2026: Decimal(-2000000)}
    profile = workspace.save_profile("api", parse_mapping(items), SYSTEM)
    listed = client.get("/api/v1/mapping-profiles", headers=bearer(token))
    assert listed.status_code == 200
    assert listed.json()[0]["mapping"]["columns"][0] == ["code", "Nr"]
    by_profile = client.post("/api/v1/catalogs", headers=bearer(token), files=_file(),
                             data={"profile": str(profile.id)})
    assert by_profile.status_code == 201, by_profile.text
    # A new version of it by the same profile, once the sheet changed; the same sheet: none.
    catalog_id = by_profile.json()["id"]
    changed = csv_bytes([*DANISH[:1], [*DANISH[1][:3], "-1.300", *DANISH[1][4:]], *DANISH[2:4]])
    version = client.post(f"/api/v1/catalogs/{catalog_id}/versions", headers=bearer(token),
                          files=_file(changed), data={"profile": str(profile.id)})
    assert version.status_code == 201 and version.json()["version"] == 2, version.text
    same = client.post(f"/api/v1/catalogs/{catalog_id}/versions", headers=bearer(token),
                       files=_file(changed), data={"map": items})
    assert same.status_code == 200 and same.json()["unchanged"] is True, same.text
    before = counts(workspace)
    for data in ({"map": ["code=Nr", "title=Forslag"]},
                 {"map": [*items, "farve=Tema"]},
                 {"map": [*items, "sector=Sektor"]},
                 {"map": items, "profile": str(profile.id)},
                 {}):
        refused = client.post("/api/v1/catalogs?lang=en", headers=bearer(token), files=_file(),
                              data=data)
        assert refused.status_code == 422, (data, refused.text)
        assert error_of(refused)["message"], data
    assert counts(workspace) == before
    schema = client.get("/api/openapi.json").json()
    content = schema["paths"]["/api/v1/catalogs"]["post"]["requestBody"]["content"]
    body = content["multipart/form-data"]["schema"]["properties"]
    assert {"map", "unit", "price_base", "decimals", "sheet", "profile"} <= set(body)
    assert "/api/v1/mapping-profiles" in schema["paths"]
