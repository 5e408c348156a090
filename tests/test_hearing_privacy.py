"""A private person's name, e-mail address and phone number NEVER leave the municipality: on
a public catalog in hearing, every public route (the pages, their JSON twins and the REST API,
as an anonymous visitor; a search for the name finds nothing), every published format (the
hearing's PDF read with pdftotext, Word read with python-docx, CSV, as anonymous and as staff,
the CLI's PDF, and the catalog's open data, where the hearing does not appear) shows
"Privatperson" and none of them; logged-in staff see them on the pages until the purge, and
after the purge nobody does, anywhere. Associations' names stay public."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

from docx import Document

from conftest import run_omprio
from omprio.store.workspace import Workspace
from web_support import SYSTEM, add_users, bearer, import_seed, make_client, session_client

FIRST, LAST = "Birgitte", "Skovgaard"
EMAIL, PHONE, STREET = "birgitte.skovgaard@post.dk", "+45 22 33 44 55", "Rosenvej 12"
OTHER = "Mogens Fjeldsø"  # a sender of an unknown kind: treated as a person
SECRETS = (FIRST, LAST, EMAIL, "22 33 44 55", STREET, "Mogens", "Fjeldsø")
EXPORT = (
    "Sagsnummer;Indsendt;Afsender;Afsendertype;Titel;Tekst\n"
    f"P-1;2024-03-04;{FIRST} {LAST};Privatperson;Brev fra {FIRST} {LAST};"
    f"Jeg er imod BFF-3A. Venlig hilsen {FIRST} {LAST}, {STREET}, mail {EMAIL}, tlf {PHONE}.\n"
    f"P-2;2024-03-05;{OTHER};;Svar;Luk ikke natcaféen (BFF-1). {OTHER}\n"
    "P-3;2024-03-06;Ældresagen Aarhus;Forening;Foreningens svar;Vi støtter BFF-1.\n"
)


def _clean(text: str, where: str) -> None:
    for word in (FIRST, LAST):  # a search page echoes the visitor's own words: not a leak
        text = text.replace(f"q={word}", "").replace(f'value="{word}"', "")
    for secret in SECRETS:
        assert secret.casefold() not in text.casefold(), (secret, where)


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "h.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def _public_outputs(ws: Workspace, cid: int, tmp_path: Path) -> dict[str, str]:
    """Every output an anonymous visitor gets of the public catalog's hearing."""
    client = make_client(ws)
    rid = ws.hearing_responses(cid, SYSTEM)[0].id
    out: dict[str, str] = {}
    json_headers = {"Accept": "application/json"}
    for path in ("hearing", "hearing/responses", f"hearing/responses?q={LAST}",
                 f"hearing/responses/{rid}", "hearing/responses?sender_type=private",
                 "hearing/responses?sender_type=other"):
        page = client.get(f"/catalogs/{cid}/{path}")
        assert page.status_code == 200, (path, page.text[:300])
        out[f"page {path}"] = page.text
        out[f"twin {path}"] = client.get(f"/catalogs/{cid}/{path}", headers=json_headers).text
    for path in ("hearing", "hearing?internal=true", "hearing/responses",
                 f"hearing/responses?q={FIRST}", f"hearing/responses/{rid}"):
        answer = client.get(f"/api/v1/catalogs/{cid}/{path}")
        assert answer.status_code == 200, (path, answer.text[:300])
        out[f"api {path}"] = answer.text
    out["csv"] = client.get(f"/catalogs/{cid}/hearing/report.csv").content.decode("utf-8-sig")
    out["docx"] = _docx_text(client.get(f"/catalogs/{cid}/hearing/report.docx").content)
    out["pdf"] = _pdf_text(client.get(f"/catalogs/{cid}/hearing/report.pdf").content, tmp_path)
    staff, _ = session_client(ws, "admin")  # a report leaves the municipality: public too
    for fmt in ("csv", "docx", "pdf"):
        data = staff.get(f"/catalogs/{cid}/hearing/report.{fmt}").content
        out[f"staff {fmt}"] = (_pdf_text(data, tmp_path) if fmt == "pdf" else
                               _docx_text(data) if fmt == "docx" else data.decode("utf-8-sig"))
    for path in ("export.json", "export.csv"):
        out[f"open data {path}"] = client.get(f"/catalogs/{cid}/{path}").text
    fdp = client.get(f"/catalogs/{cid}/publish/fdp")
    assert fdp.status_code == 200
    with zipfile.ZipFile(io.BytesIO(fdp.content)) as archive:
        out["fdp"] = "\n".join(archive.read(name).decode("utf-8", "replace")
                               for name in archive.namelist())
    return out


def _world(ws: Workspace) -> int:
    cid = import_seed(ws, public=True)
    ws.set_stage(cid, "hearing", SYSTEM)
    ws.import_responses(cid, EXPORT.encode(), "export.csv", SYSTEM)
    return cid


def test_no_public_output_names_a_private_person(workspace: Workspace, tmp_path: Path) -> None:
    cid = _world(workspace)
    outputs = _public_outputs(workspace, cid, tmp_path)
    for where, text in outputs.items():
        _clean(text, where)
    assert "Privatperson" in outputs["pdf"] and "Privatperson" in outputs["docx"]
    assert "Privatperson" in outputs["csv"] and "Privatperson" in outputs["page hearing/responses"]
    assert "Ældresagen Aarhus" in outputs["pdf"] and "Ældresagen Aarhus" in outputs["csv"]
    assert "Jeg er imod BFF-3A" in outputs["twin hearing"]  # the lines are there, anonymized
    assert '"total":0' in outputs[f"twin hearing/responses?q={LAST}"].replace(" ", "")
    assert '"total":0' in outputs[f"api hearing/responses?q={FIRST}"].replace(" ", "")
    assert json.loads(outputs["api hearing?internal=true"])["public"] is True


def test_staff_see_names_until_the_purge(workspace: Workspace, tmp_path: Path) -> None:
    cid = _world(workspace)
    rid = workspace.hearing_responses(cid, SYSTEM)[0].id
    client, _ = session_client(workspace, "viewer")
    page = client.get(f"/catalogs/{cid}/hearing/responses/{rid}").text
    assert f"{FIRST} {LAST}" in page and EMAIL in page
    token = bearer(workspace.create_token("viewer"))
    api = make_client(workspace).get(f"/api/v1/catalogs/{cid}/hearing/responses/{rid}",
                                     headers=token).text
    assert LAST in api
    admin, admin_csrf = session_client(workspace, "admin")
    assert admin.post(f"/catalogs/{cid}/hearing/purge",
                      data={"csrf_token": admin_csrf, "confirm": "1"}).status_code == 303
    staff: dict[str, str] = {}
    for path in ("hearing", "hearing/responses", f"hearing/responses/{rid}",
                 f"hearing/responses?q={LAST}"):
        staff[f"page {path}"] = admin.get(f"/catalogs/{cid}/{path}").text
        staff[f"twin {path}"] = admin.get(f"/catalogs/{cid}/{path}",
                                          headers={"Accept": "application/json"}).text
    admin_token = bearer(workspace.create_token("admin"))
    for path in ("hearing?internal=true", "hearing/responses", f"hearing/responses/{rid}"):
        staff[f"api {path}"] = make_client(workspace).get(
            f"/api/v1/catalogs/{cid}/{path}", headers=admin_token).text
    for where, text in {**staff, **_public_outputs(workspace, cid, tmp_path)}.items():
        _clean(text, where)
    assert "Jeg er imod BFF-3A" in staff[f"page hearing/responses/{rid}"]
    assert "Ældresagen Aarhus" in staff["page hearing/responses"]


def test_the_cli_pdf_report_is_public(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'p.sqlite3'}"
    ws = Workspace(db)
    ws.ensure_schema()
    add_users(ws)
    cid = _world(ws)
    ws.engine.dispose()
    report = tmp_path / "h.pdf"
    done = run_omprio("hearing", "report", str(cid), "--format", "pdf", "-o", report, "--db", db)
    assert done.returncode == 0, done.stderr
    text = _pdf_text(report.read_bytes(), tmp_path)
    _clean(text, "cli pdf")
    for expected in ("P-1", "Privatperson", "BFF-3A", "2024-03-04", "2024-03-06", "Version"):
        assert expected in text, expected
    missing = run_omprio("hearing", "report", str(cid), "--format", "pdf", "--db", db)
    assert missing.returncode == 2 and "-o" in missing.stderr
    internal = tmp_path / "i.pdf"
    assert run_omprio("hearing", "report", str(cid), "--format", "pdf", "--internal", "-o",
                      internal, "--db", db).returncode == 0
    assert LAST in _pdf_text(internal.read_bytes(), tmp_path)
