"""Expensive jobs are bounded per process: when every job slot is taken, an optimization is
refused at once with 503, ``Retry-After`` and a message in the page's language, rather than
queued without limit (omprio.web.jobs)."""

from __future__ import annotations

import time

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
        assert time.monotonic() - started < 1.0
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
