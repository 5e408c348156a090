"""Parallel edits through the REST API of a real server, on SQLite and PostgreSQL alike.

Edits of different measures from the same base version all merge (200, one version each);
edits of the same measure give exactly one 200 and 409 for the rest; never a 500, and no
update is lost. On SQLite this holds because writers take the write lock when they begin
(``BEGIN IMMEDIATE``), as ``SELECT … FOR UPDATE`` serializes them on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections import Counter
from decimal import Decimal

import httpx
import pytest

from omprio.publish.template_text import TextStyle, catalog_text
from omprio.store.workspace import Workspace
from web_support import actor, bearer, import_seed, live_server, make_client

PARALLEL = 20


def _fire(base: str, token: str, bodies: list[tuple[str, dict[str, object]]],
          cid: int) -> list[httpx.Response]:
    """Send every PATCH at once (each from its own thread, released together)."""
    answers: list[httpx.Response | None] = [None] * len(bodies)
    start = threading.Barrier(len(bodies))

    def send(index: int, code: str, body: dict[str, object]) -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            start.wait()
            answers[index] = client.patch(f"/api/v1/catalogs/{cid}/measures/{code}",
                                          json=body, headers=bearer(token))

    threads = [threading.Thread(target=send, args=(i, code, body))
               for i, (code, body) in enumerate(bodies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(answer is not None for answer in answers), "a request did not finish"
    return [answer for answer in answers if answer is not None]


def _generated(measures: int) -> bytes:
    """A generated catalog in the reference template (bench/generate.py)."""
    from generate import generate

    return catalog_text(generate(measures), TextStyle()).encode("utf-8")


@pytest.fixture
def served(workspace: Workspace) -> tuple[Workspace, str, int]:
    cid = import_seed(workspace, public=False, data=_generated(PARALLEL + 4))
    token = workspace.create_token("editor", "parallel")
    return workspace, token, cid


def test_parallel_edits_of_different_measures_all_merge(
    served: tuple[Workspace, str, int],
) -> None:
    ws, token, cid = served
    codes = [m.code for m in ws.version(cid, actor(ws, "editor")).catalog.measures][:PARALLEL]
    assert len(codes) == PARALLEL
    bodies: list[tuple[str, dict[str, object]]] = [
        (code, {"base_version": 1, "message": f"parallel {code}",
                "changes": {"sector": f"parallel {code}", "net": {"2025": -7000 - i}}})
        for i, code in enumerate(codes)
    ]
    app = make_client(ws).app
    with live_server(app) as base:  # type: ignore[arg-type]
        answers = _fire(base, token, bodies, cid)
    statuses = Counter(a.status_code for a in answers)
    assert statuses == Counter({200: PARALLEL}), [a.text[:200] for a in answers]
    stored = ws.version(cid, actor(ws, "editor"))
    assert stored.info.number == 1 + PARALLEL
    for i, code in enumerate(codes):  # no update was lost
        measure = stored.catalog.measure(code)
        assert measure is not None
        assert measure.sector == f"parallel {code}"
        assert measure.net[2025] == Decimal(-7000 - i)
    assert sorted(v.number for v in ws.versions(cid, actor(ws, "editor"))) == list(
        range(1, PARALLEL + 2))


def test_parallel_edits_of_the_same_measure_one_wins(served: tuple[Workspace, str, int]) -> None:
    ws, token, cid = served
    bodies: list[tuple[str, dict[str, object]]] = [
        ("BFF-1", {"base_version": 1, "message": f"try {i}",
                   "changes": {"net": {"2024": -1000 - i}}})
        for i in range(PARALLEL)
    ]
    app = make_client(ws).app
    with live_server(app) as base:  # type: ignore[arg-type]
        answers = _fire(base, token, bodies, cid)
    statuses = Counter(a.status_code for a in answers)
    assert statuses == Counter({200: 1, 409: PARALLEL - 1}), [a.text[:200] for a in answers]
    winner = next(i for i, a in enumerate(answers) if a.status_code == 200)
    stored = ws.version(cid, actor(ws, "editor"))
    assert stored.info.number == 2
    measure = stored.catalog.measure("BFF-1")
    assert measure is not None
    assert measure.net[2024] == Decimal(-1000 - winner)
