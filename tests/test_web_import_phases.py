"""The import page says which phase the server is in: the upload posts with ``X-Omprio-Phases``
and the answer streams one line per phase (reading, checking, storing) and then where to go, or
why the document was refused, in the reader's language (:mod:`omprio.web.phases`)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from omprio.store.workspace import Workspace
from web_support import SEED_BYTES, session_client, user_workspace


@pytest.fixture(scope="module")
def ws(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    with user_workspace("sqlite", tmp_path_factory.mktemp("phases")) as workspace:
        yield workspace


def _lines(text: str) -> list[tuple[str, object]]:
    return [(kind, json.loads(value))
            for kind, _, value in (line.partition("\t") for line in text.splitlines())]


def _post(ws: Workspace, data: bytes, name: str, lang: str = "da") -> list[tuple[str, object]]:
    client, csrf = session_client(ws, "editor")
    answer = client.post(f"/import?lang={lang}", data={"csrf_token": csrf},
                         files={"file": (name, data, "text/plain")},
                         headers={"X-Omprio-Phases": "1"})
    assert answer.headers["content-type"].startswith("text/plain")
    return _lines(answer.text)


def test_the_phases_stream_then_the_catalog(ws: Workspace) -> None:
    lines = _post(ws, SEED_BYTES, "katalog.txt")
    assert lines[:3] == [("phase", "Læser dokumentet …"), ("phase", "Kontrollerer alle tal …"),
                         ("phase", "Gemmer kataloget …")]
    kind, where = lines[3]
    assert kind == "done" and isinstance(where, str)
    assert where.startswith("/catalogs/") and where.endswith("?imported=1")
    assert len(lines) == 4


def test_the_phases_in_english(ws: Workspace) -> None:
    lines = _post(ws, SEED_BYTES, "catalog.txt", "en")
    assert [value for kind, value in lines if kind == "phase"] == [
        "Reading the document …", "Checking every figure …", "Storing the catalog …"]


def test_a_document_that_cannot_be_read_is_said_in_one_line(ws: Workspace) -> None:
    before = len(ws.list_catalogs(None))
    lines = _post(ws, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "billede.png")
    kind, said = lines[-1]
    assert kind == "error" and isinstance(said, dict)
    assert said["error"] == "Filen kunne ikke læses som et omprioriteringskatalog. Intet er gemt."
    assert said["reason"]
    assert len(ws.list_catalogs(None)) == before


def test_a_refusal_before_the_work_is_one_error_line(ws: Workspace) -> None:
    client, csrf = session_client(ws, "editor")
    answer = client.post("/import", data={"csrf_token": csrf}, headers={"X-Omprio-Phases": "1"})
    assert answer.status_code == 422
    [(kind, said)] = _lines(answer.text)
    assert kind == "error" and isinstance(said, dict) and said["error"]
