"""The hearing in the workspace, on SQLite and PostgreSQL: responses imported from CSV, XLSX,
cp1252, text and PDF, kept once (re-import counts new / already there), bad input refused with
nothing stored, links proposed and a person's decision kept over a re-run, the summary's counts,
privacy (no private person's name in public outputs) and the purge."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook

from databases import database_url
from omprio.hearing.summary import summary_json
from omprio.publish.hearing_report import hearing_csv
from omprio.service.hearing import hearing_summary
from omprio.store.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from omprio.store.workspace import Workspace
from pdf_maker import render_pdf
from web_support import SYSTEM, actor, import_seed

HEADER = "Sagsnummer;Indsendt;Afsender;Afsendertype;Titel;Tekst;Høring\n"
ROWS = (
    "23-001;2023-09-14 10:00;Jens Hansen;Privatperson;Nej;Vi protesterer mod BFF-3A. "
    "Ring på 12 34 56 78 eller skriv til jens@example.dk;H-7\n"
    "23-002;2023-09-14 12:00;Handicaprådet;Bruger- og pårørenderåd;Om natten;"
    "Luk ikke nattilbuddet til hjemløse!\n"
    "23-003;2023-09-21 09:00;MED-udvalget VJH;MED-udvalg;Ok;Vi har ingen indvendinger mod "
    "BFF-2, men er imod forslag 12.\n"
    "23-004;2023-09-22 09:00;Karen Jensen;Privatperson;Generelt;Jeg er imod hele kataloget.\n"
)


def hearing_catalog(ws: Workspace, public: bool = True) -> int:
    cid = import_seed(ws, public=public)
    ws.set_stage(cid, "hearing", SYSTEM)
    return cid


def test_csv_import_links_and_reimport_counts(workspace: Workspace) -> None:
    cid = hearing_catalog(workspace)
    data = (HEADER + ROWS).encode("utf-8-sig")
    first = workspace.import_responses(cid, data, "export.csv", SYSTEM)
    assert (len(first.new), first.known) == (4, 0)
    again = workspace.import_responses(cid, data, "export.csv", SYSTEM)
    assert (len(again.new), again.known) == (0, 4)
    # The same text under another case number is the same response; a new one is new.
    more = (HEADER + "X-9;;;Privatperson;;vi protesterer  mod BFF-3A. ring på 12 34 56 78 eller "
            "skriv til jens@example.dk\nX-10;;;Forening;;Feriepuljen skal bevares.\n")
    third = workspace.import_responses(cid, more.encode(), "more.csv", SYSTEM)
    assert (len(third.new), third.known) == (1, 1)
    responses = workspace.hearing_responses(cid, SYSTEM)
    assert len(responses) == 5
    by_case = {r.case: r for r in responses}
    assert by_case["23-001"].text.startswith("Vi protesterer mod BFF-3A. Ring")
    assert by_case["23-001"].codes == ("BFF-3A",) and by_case["23-001"].hearing == "H-7"
    assert by_case["23-001"].text.endswith("jens@example.dk")
    assert by_case["23-002"].codes == ("JUS-1",) and by_case["23-002"].kind == "council"
    links = {link.code: link for link in by_case["23-003"].links}
    assert links["BFF-2"].stance == "support" and links["VJH-3"].stance == "object"
    assert by_case["23-004"].codes == ()
    assert by_case["X-10"].codes == ("VJH-5",)


def test_xlsx_cp1252_text_and_pdf(workspace: Workspace) -> None:
    cid = hearing_catalog(workspace)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["case", "submitted", "sender", "sender_type", "title", "text"])
    sheet.append(["A-1", "2023-09-15", "Red Barnet", "Forening", "t", "Vi er imod BFF-4."])
    buffer = io.BytesIO()
    book.save(buffer)
    assert len(workspace.import_responses(cid, buffer.getvalue(), "a.xlsx", SYSTEM).new) == 1
    cp = (HEADER + "C-1;;Søren Ærø;Privatperson;;Færre eksterne anbringelser er forkert\n")
    done = workspace.import_responses(cid, cp.encode("cp1252"), "c.csv", SYSTEM)
    assert len(done.new) == 1
    text = workspace.import_responses(cid, "Natcafeen må ikke lukke.\n".encode(), "brev.txt",
                                      SYSTEM)
    assert len(text.new) == 1
    pdf = render_pdf([["Høringssvar", "Sagsnummer: P-1", "Vi støtter JVS-3."],
                      ["Fortsat fra forrige side om digitalisering."],
                      ["Høringssvar", "Sagsnummer: P-2", "Tryghedsagenterne skal bevares."]])
    done = workspace.import_responses(cid, pdf.data, "samlet.pdf", SYSTEM)
    assert len(done.new) == 2
    by_case = {r.case: r for r in workspace.hearing_responses(cid, SYSTEM)}
    assert by_case["C-1"].sender == "Søren Ærø" and by_case["C-1"].codes == ("BFF-3A",)
    assert "Fortsat fra forrige side" in by_case["P-1"].text
    assert by_case["P-1"].codes == ("JVS-3",) and by_case["P-2"].codes == ("BFF-2",)
    assert by_case["A-1"].kind == "association"
    assert by_case["A-1"].submitted is not None and by_case["A-1"].submitted.day == 15


@pytest.mark.parametrize(("data", "name", "key"), [
    (b"Sagsnummer;Afsender;Svar\n1;A;tekst\n", "e.csv", "hearing.no_text_column"),
    (b"%PDF-1.4 " + b"0" * (50 * 1024 * 1024), "big.pdf", "hearing.too_large"),
    (b"   \n  ", "empty.txt", "read.empty"),
    (HEADER.encode() + b"1;;;;;\n2;;;;;  \n", "blank.csv", "hearing.none"),
    (b"%PDF-1.4 broken", "broken.pdf", "read.pdf.open"),
])
def test_bad_input_is_refused_and_nothing_stored(workspace: Workspace, data: bytes, name: str,
                                                 key: str) -> None:
    cid = hearing_catalog(workspace)
    with pytest.raises(InvalidInput) as refused:
        workspace.import_responses(cid, data, name, SYSTEM)
    assert refused.value.params["problem"].key == key  # type: ignore[attr-defined]
    assert workspace.hearing_responses(cid, SYSTEM) == []


def test_empty_rows_are_skipped_with_a_note_and_map(workspace: Workspace) -> None:
    cid = hearing_catalog(workspace)
    data = b"Nr;Svar\n1;\n2;Om BFF-1\n"
    with pytest.raises(InvalidInput):
        workspace.import_responses(cid, data, "x.csv", SYSTEM)
    done = workspace.import_responses(cid, data, "x.csv", SYSTEM,
                                      mapping={"text": "Svar", "case": "Nr"})
    assert len(done.new) == 1 and [n.key for n in done.notes] == ["hearing.note.empty_row"]
    with pytest.raises(InvalidInput):
        workspace.add_response(cid, "  ", "Privatperson", SYSTEM)


def test_only_a_catalog_in_hearing_and_editors(workspace: Workspace) -> None:
    cid = import_seed(workspace, public=True)
    with pytest.raises(InvalidInput) as refused:
        workspace.add_response(cid, "Om BFF-1", "Forening", SYSTEM)
    assert refused.value.key == "err.hearing.stage"
    workspace.set_stage(cid, "hearing", SYSTEM)
    with pytest.raises(Unauthorized):
        workspace.add_response(cid, "Om BFF-1", "Forening", None)
    with pytest.raises(Exception, match="editor"):
        workspace.add_response(cid, "Om BFF-1", "Forening", actor(workspace, "viewer"))


def test_a_persons_link_decision_survives_a_rerun(workspace: Workspace) -> None:
    cid = hearing_catalog(workspace)
    editor = actor(workspace, "editor")
    stored = workspace.add_response(cid, "Vi er imod BFF-1 og BFF-2.", "Forening", editor)
    assert stored.codes == ("BFF-1", "BFF-2")
    workspace.link_response(cid, stored.id, "bff-2", editor, remove=True)
    workspace.link_response(cid, stored.id, "VJH 5", editor)
    workspace.link_response(cid, stored.id, "BFF-1", editor)
    with pytest.raises(InvalidInput):
        workspace.link_response(cid, stored.id, "XYZ-9", editor)
    workspace.propose_hearing_links(cid, editor)
    after = workspace.hearing_response(cid, stored.id, editor)
    assert after.codes == ("BFF-1", "VJH-5")
    states = {link.code: (link.state, link.decided_by) for link in after.links}
    assert states == {"BFF-1": ("confirmed", "editor"), "BFF-2": ("removed", "editor"),
                      "VJH-5": ("added", "editor")}


def test_summary_counts_privacy_and_purge(workspace: Workspace) -> None:
    cid = hearing_catalog(workspace)
    workspace.import_responses(cid, (HEADER + ROWS).encode(), "export.csv", SYSTEM)
    summary = hearing_summary(workspace, cid, SYSTEM, public=True)
    document = summary_json(summary)
    assert document["responses"] == 4 and document["unlinked"] == 1
    measures = {m["code"]: m for m in document["measures"]}  # type: ignore[attr-defined]
    assert measures["BFF-3A"]["responses"] == 1
    assert measures["BFF-3A"]["by_sender_type"] == {"private": 1}
    assert measures["JUS-1"]["by_sender_type"] == {"council": 1}
    assert measures["BFF-2"]["by_stance"] == {"support": 1}
    assert measures["BFF-1"]["responses"] == 0
    assert document["by_sender_type"] == {"council": 1, "med": 1, "private": 2}
    assert document["by_day"] == {"2023-09-14": 2, "2023-09-21": 1, "2023-09-22": 1}
    assert document["by_week"] == {"2023-W37": 2, "2023-W38": 2}
    public = json.dumps(document, ensure_ascii=False) + hearing_csv(summary, "da")
    for secret in ("Jens", "Hansen", "Karen", "12 34 56 78", "jens@example.dk"):
        assert secret not in public
    assert "Privatperson" in hearing_csv(summary, "da") and "Handicaprådet" in public
    # Anonymous readers of a public catalog never see the name; logged-in users do.
    assert {r.sender for r in workspace.hearing_responses(cid, None)} >= {"", "Handicaprådet"}
    assert "Jens Hansen" not in {r.sender for r in workspace.hearing_responses(cid, None)}
    viewer = actor(workspace, "viewer")
    assert "Jens Hansen" in {r.sender for r in workspace.hearing_responses(cid, viewer)}
    internal = hearing_summary(workspace, cid, viewer, public=False)
    assert "Jens Hansen" in json.dumps(summary_json(internal), ensure_ascii=False)
    with pytest.raises(Exception, match="admin"):
        workspace.purge_hearing(cid, viewer)
    assert workspace.purge_hearing(cid, SYSTEM).responses == 4
    kept = {r.case: r for r in workspace.hearing_responses(cid, viewer)}
    assert kept["23-001"].sender == "" and kept["23-001"].purged
    assert "12 34 56 78" not in kept["23-001"].text and "jens@" not in kept["23-001"].text
    assert kept["23-002"].sender == "Handicaprådet"
    assert summary_json(hearing_summary(workspace, cid, viewer))["responses"] == 4
    assert kept["23-001"].codes == ("BFF-3A",)
    # A purged response is still known: importing it again adds nothing.
    again = workspace.import_responses(cid, (HEADER + ROWS).encode(), "export.csv", SYSTEM)
    assert again.known == 4


def test_area_editors_link_their_measures_only(workspace: Workspace) -> None:
    cid = hearing_catalog(workspace)
    stored = workspace.add_response(cid, "Om BFF-1 og VJH-5.", "Forening", SYSTEM)
    bff = actor(workspace, "bff")
    assert workspace.link_response(cid, stored.id, "BFF-1", bff).links[0].state == "confirmed"
    with pytest.raises(Forbidden):
        workspace.link_response(cid, stored.id, "VJH-5", bff, remove=True)
    with pytest.raises(NotFound):
        workspace.link_response(cid, stored.id + 99, "BFF-1", bff)


def test_hearing_goes_into_backups_and_with_its_catalog(workspace: Workspace,
                                                         tmp_path: Path) -> None:
    cid = hearing_catalog(workspace)
    workspace.import_responses(cid, (HEADER + ROWS).encode(), "export.csv", SYSTEM)
    stored = workspace.hearing_responses(cid, SYSTEM)
    workspace.link_response(cid, stored[0].id, "BFF-1", SYSTEM)
    stored = workspace.hearing_responses(cid, SYSTEM)
    lines = list(workspace.backup())
    for engine in ("sqlite", "postgresql"):
        with database_url(engine, tmp_path / engine) as url:
            copy = Workspace(url)
            try:
                copy.restore(iter(lines))
                assert copy.hearing_responses(cid, SYSTEM) == stored
                more = copy.add_response(cid, "Et nyt svar om BFF-4.", "Forening", SYSTEM)
                assert more.id > max(r.id for r in stored)
            finally:
                copy.engine.dispose()
    workspace.delete_catalog(cid, SYSTEM)
    other = hearing_catalog(workspace)
    assert workspace.hearing_responses(other, SYSTEM) == []


def test_purge_after_a_retention_date(workspace: Workspace) -> None:
    cid = hearing_catalog(workspace)
    workspace.import_responses(cid, (HEADER + ROWS).encode(), "export.csv", SYSTEM)
    imported = workspace.hearing_responses(cid, SYSTEM)[0].imported_at
    assert workspace.purge_hearing(cid, SYSTEM, imported_before=imported).responses == 0
    assert "Jens Hansen" in {r.sender for r in workspace.hearing_responses(cid, SYSTEM)}
    later = imported + timedelta(days=1)
    assert workspace.purge_hearing(cid, SYSTEM, imported_before=later).responses == 4
    assert workspace.purge_hearing(cid, SYSTEM).responses == 0  # each response once
    senders = {r.sender for r in workspace.hearing_responses(cid, SYSTEM)}
    assert senders == {"", "Handicaprådet", "MED-udvalget VJH"}
