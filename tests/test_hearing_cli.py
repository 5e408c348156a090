"""``omprio hearing`` end to end via ``run_omprio``: import (with --map), show as text and
JSON, add, link, report CSV without private names, purge; a bad file is one line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document

from conftest import run_omprio

EXPORT = ("Sagsnummer;Indsendt;Afsender;Afsendertype;Titel;Svar\n"
          "1;2023-09-14;Jens Hansen;Privatperson;a;Vi er imod BFF-3A.\n"
          "2;2023-09-15;Ældrerådet;Bruger- og pårørenderåd;b;Bevar feriepuljen.\n")


def test_hearing_commands(tmp_path: Path, seed_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    done = run_omprio("import", seed_path, "--db", db)
    assert done.returncode == 0, done.stderr
    cid = done.stdout.strip()
    export = tmp_path / "export.csv"
    export.write_text(EXPORT, encoding="cp1252")
    refused = run_omprio("hearing", "import", cid, export, "--map", "text=Svar", "--db", db)
    assert refused.returncode == 2 and "katalog" in refused.stderr and "høring" in refused.stderr
    assert run_omprio("catalog", "stage", cid, "hoering", "--db", db).returncode == 0
    missing = run_omprio("hearing", "import", cid, export, "--db", db)
    assert missing.returncode == 2 and "--map text=" in missing.stderr
    assert "Traceback" not in missing.stderr
    done = run_omprio("hearing", "import", cid, export, "--map", "text=Svar", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "2 nye høringssvar, 0 var der allerede" in done.stdout
    again = run_omprio("hearing", "import", cid, export, "--map", "text=Svar", "--db", db)
    assert "0 nye høringssvar, 2 var der allerede" in again.stdout
    letter = tmp_path / "brev.txt"
    letter.write_text("Jeg er bekymret for det hele.", encoding="utf-8")
    added = run_omprio("hearing", "add", cid, "--text", letter, "--sender-type", "Privatperson",
                       "--sender", "Karen Jensen", "--db", db)
    assert added.returncode == 0, added.stderr
    shown = run_omprio("hearing", "show", cid, "--db", db, "--format", "json")
    document = json.loads(shown.stdout)
    assert document["responses"] == 3 and document["unlinked"] == 1
    measures = {m["code"]: m for m in document["measures"]}
    assert measures["BFF-3A"]["by_sender_type"] == {"private": 1}
    assert measures["VJH-5"]["by_sender_type"] == {"council": 1}
    assert "Jens" not in shown.stdout and "Karen" not in shown.stdout
    response = measures["BFF-3A"]["items"][0]["id"]
    linked = run_omprio("hearing", "link", cid, str(response), "jus-1", "--db", db)
    assert linked.returncode == 0 and "JUS-1" in linked.stdout
    text = run_omprio("hearing", "show", cid, "--db", db)
    assert "JUS-1" in text.stdout and "Privatperson 1" in text.stdout
    assert "2023-W37 2" in text.stdout
    report = tmp_path / "report.csv"
    written = run_omprio("hearing", "report", cid, "--format", "csv", "-o", report, "--db", db)
    assert written.returncode == 0, written.stderr
    csv_text = report.read_text(encoding="utf-8-sig")
    assert "Privatperson" in csv_text and "Ældrerådet" in csv_text
    assert "Jens" not in csv_text and "Karen" not in csv_text
    word = tmp_path / "report.docx"
    done = run_omprio("hearing", "report", cid, "--format", "docx", "-o", word, "--db", db)
    assert done.returncode == 0, done.stderr
    body = "\n".join(p.text for p in Document(str(word)).paragraphs)
    assert "Høringen om" in body and "BFF-3A" in body and "Privatperson" in body
    assert "Jens" not in body and "Karen" not in body
    assert run_omprio("hearing", "report", cid, "--format", "docx", "--db", db).returncode == 2
    purged = run_omprio("hearing", "purge", cid, "--db", db)
    assert purged.returncode == 0 and "3 høringssvar" in purged.stdout
    internal = run_omprio("hearing", "show", cid, "--db", db, "--format", "json", "--internal")
    assert "Jens" not in internal.stdout and "Ældrerådet" in internal.stdout
