"""How long the hearing's pages take on a hearing of Aarhus 2022's size (3,868 responses in
SQLite): the summary page, the first and the last page of the responses list, a search, and
the PDF report. Prints seconds; no assertions (speed goals live here, not in tests)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from hearing_import import RESPONSES, SYSTEM, export
from omprio.store.workspace import Workspace
from omprio.web.app import create_app

SEED = Path(__file__).resolve().parents[1] / "src" / "omprio" / "data" / "aarhus-msb-2024-2027.txt"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        ws = Workspace(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        ws.ensure_schema()
        cid = ws.import_document(SEED.read_bytes(), "seed.txt", SYSTEM,
                                 public=True).info.catalog_id
        ws.set_stage(cid, "hearing", SYSTEM)
        ws.import_responses(cid, export(RESPONSES), "export.csv", SYSTEM)
        client = TestClient(create_app(ws, secret_key="bench-signing-key-0123456789abcdef"))
        for label, url in (("summary page", f"/catalogs/{cid}/hearing"),
                           ("responses, page 1", f"/catalogs/{cid}/hearing/responses"),
                           ("responses, last page", f"/catalogs/{cid}/hearing/responses?page=78"),
                           ("search", f"/catalogs/{cid}/hearing/responses?q=feriepuljen"),
                           ("PDF report", f"/catalogs/{cid}/hearing/report.pdf")):
            start = time.perf_counter()
            answer = client.get(url)
            print(f"{label}: {time.perf_counter() - start:.2f} s ({answer.status_code}, "
                  f"{len(answer.content):,} bytes)")
        ws.engine.dispose()


if __name__ == "__main__":
    main()
