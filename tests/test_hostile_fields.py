"""Hostile text fields: a stored catalog that cannot be written as Word or Excel gives a clear
422 (never a 500 and never a reset keep-alive connection), and CSV cells a spreadsheet would run
as a formula are escaped while amounts stay plain."""

from __future__ import annotations

from pathlib import Path

import httpx

from omprio.publish.csv_export import spreadsheet_text
from omprio.store.workspace import Workspace
from omprio.web.app import create_app
from web_support import SECRET_KEY, SEED_BYTES, SYSTEM, live_server


def test_an_unpublishable_catalog_is_422_and_the_connection_lives_on(tmp_path: Path) -> None:
    ws = Workspace(f"sqlite:///{tmp_path / 'fields.db'}")
    ws.ensure_schema()
    catalog_id = ws.import_document(SEED_BYTES, "seed.txt", SYSTEM, public=True).info.catalog_id
    base = ws.version(catalog_id, SYSTEM).info.number
    ws.edit_measure(catalog_id, "BFF-1", {"description": "a\x01b"}, SYSTEM, base_version=base)
    with live_server(create_app(ws, secret_key=SECRET_KEY)) as url, \
            httpx.Client(base_url=url, timeout=30) as client:
        for fmt in ("docx", "xlsx"):
            answer = client.get(f"/catalogs/{catalog_id}/publish/{fmt}")
            assert answer.status_code == 422, (fmt, answer.status_code)
            again = client.get("/healthz")  # the same keep-alive connection
            assert again.status_code == 200
    ws.engine.dispose()


def test_csv_formula_payloads_are_escaped_and_numbers_are_not() -> None:
    for payload in ("-1+cmd|' /C calc'!A0", "-2+3", "=1+1", "+1", "@SUM(A1)", "\t=1",
                    "  =1+1", " -2+3", "\r=1"):
        assert spreadsheet_text(payload) == "'" + payload, payload
    for plain in ("-1000", "-10,5", "-1.000", "BFF-1", "Drift"):
        assert spreadsheet_text(plain) == plain, plain
