"""Expensive jobs are bounded per process: when every job slot is taken, an optimization is
refused at once with 503, ``Retry-After`` and a message in the page's language, rather than
queued without limit (omprio.web.jobs); and while a long optimization and a large publish run,
the server still answers ``/healthz`` within 1 s."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx

from bounds import RESPONSIVE
from omprio.store.workspace import Workspace
from omprio.web.jobs import Jobs
from web_support import import_seed, session_client


def test_a_full_job_semaphore_answers_503_at_once(workspace: Workspace) -> None:
    cid = import_seed(workspace, public=True)
    client, csrf = session_client(workspace, "viewer", max_jobs=1, job_wait=0.0)
    held: Jobs = client.app.state.jobs  # type: ignore[attr-defined]
    with held.slot():
        started = time.monotonic()
        page = client.post(f"/catalogs/{cid}/optimize?lang=da",
                           data={"csrf_token": csrf, "objective": "count"})
        assert time.monotonic() - started < RESPONSIVE
        assert page.status_code == 503
        assert page.headers["retry-after"] == "5"
        assert "Serveren er optaget" in page.text
        english = client.post(f"/catalogs/{cid}/optimize?lang=en",
                              data={"csrf_token": csrf, "objective": "count"})
        assert english.status_code == 503 and "The server is busy" in english.text
        assert "Serveren er optaget" not in english.text
    after = client.post(f"/catalogs/{cid}/optimize?lang=da",
                        data={"csrf_token": csrf, "objective": "count"})
    assert after.status_code == 200  # the slot is free again


def _healthz_while(url: str, work: list[Callable[[httpx.Client], httpx.Response]]
                   ) -> tuple[float, list[httpx.Response]]:
    """Run each of ``work`` in a thread of its own against the live server at ``url`` and poll
    ``/healthz`` meanwhile; the slowest health answer in seconds and the work's answers."""
    answers: list[httpx.Response] = []

    def run(job: Callable[[httpx.Client], httpx.Response]) -> None:
        with httpx.Client(base_url=url, timeout=120) as client:
            answers.append(job(client))

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    slowest, polls = 0.0, 0
    with httpx.Client(base_url=url, timeout=10) as client:
        while any(thread.is_alive() for thread in threads):
            started = time.monotonic()
            assert client.get("/healthz").status_code == 200
            slowest = max(slowest, time.monotonic() - started)
            polls += 1
            time.sleep(0.02)
    for thread in threads:
        thread.join()
    assert polls >= 5, "the work was too quick to show anything"
    print(f"/healthz: {polls} polls, slowest {slowest * 1000:.0f} ms")
    return slowest, answers


def test_healthz_answers_while_optimize_and_publish_run(tmp_path: Path) -> None:
    # The expensive jobs run off the event loop: a long optimization (the amount objective on
    # 600 generated measures, held to its time limit) and a PDF of the same catalog, at once.
    from generate import generate
    from omprio.interchange import catalog_to_json
    from omprio.web.app import create_app
    from web_support import PASSWORD, SECRET_KEY, bearer, live_server

    ws = Workspace(f"sqlite:///{tmp_path / 'busy.db'}")
    ws.ensure_schema()
    ws.add_user("admin", PASSWORD, "admin")
    token = ws.create_token("admin")
    data = json.dumps(catalog_to_json(generate(600, seed=5))).encode()
    cid = ws.import_document(data, "generated.json", ws.authenticate("admin", PASSWORD),
                             public=True).info.catalog_id
    started = time.monotonic()
    with live_server(create_app(ws, secret_key=SECRET_KEY)) as url:
        slowest, answers = _healthz_while(url, [
            lambda c: c.post(f"/api/v1/catalogs/{cid}/optimize", headers=bearer(token),
                             json={"objective": "amount", "time_limit": 4}),
            lambda c: c.get(f"/catalogs/{cid}/publish/pdf"),
        ])
    assert slowest < RESPONSIVE, f"/healthz took {slowest:.2f} s"
    by_kind = {a.headers["content-type"].split(";")[0]: a for a in answers}
    assert by_kind["application/pdf"].content.startswith(b"%PDF")
    assert by_kind["application/json"].status_code == 200
    assert by_kind["application/json"].json()["status"] in ("optimal", "feasible")
    assert time.monotonic() - started < 90
    ws.engine.dispose()
