"""Benchmark: how large and how fast are the pages of a large catalog in the browser?

For each size (``--sizes``, default 100, 1,000 and 5,000 measures) a catalog from
:func:`generate.generate` is written as text (``catalog_text(catalog, TextStyle())``) and
imported into a fresh SQLite workspace with one user, ``admin``. Then, logged in as ``admin``
through the login form, for each page:

* ``/catalogs/1/scenarios/new``: the scenario builder of a new scenario;
* ``/catalogs/1/optimize``: the optimize form;
* ``/catalogs/1``: the catalog's overview;

it reports the size of the HTML answer, the **server time** in-process (Starlette's test
client: the first request, which makes what the app keeps, and the median of ``--repeat``
requests after it), and over HTTP against a real uvicorn server on 127.0.0.1 (in a thread of
this process, as ``tests/web_support.live_server`` starts it) with httpx: the median **time to
the first byte** of the body and to the last. It also posts the builder's form once with every
measure ticked (``evaluate``, the whole page: what "Beregn" without JavaScript gets) and
reports that page's size and time.

    .venv/bin/python bench/large_pages.py                      # 100, 1,000, 5,000 (about 1 min)
    .venv/bin/python bench/large_pages.py --sizes 5000 --repeat 5

Run it with another ``PYTHONPATH`` (e.g. a checkout of an older commit's ``src``) to compare.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

PASSWORD = "bench-operator-passphrase"
SECRET_KEY = "omprio-bench-secret-key-0123456789"
PAGES = (
    ("builder", "/catalogs/1/scenarios/new"),
    ("optimize", "/catalogs/1/optimize"),
    ("overview", "/catalogs/1"),
)
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Row:
    """One page at one catalog size."""

    measures: int
    page: str
    kib: float
    first_ms: float
    server_ms: float
    ttfb_ms: float = float("nan")
    total_ms: float = float("nan")
    status: int = 200


def _catalog(n: int) -> bytes:
    from generate import generate
    from omprio.publish.template_text import TextStyle, catalog_text

    return catalog_text(generate(n), TextStyle()).encode("utf-8")


def _token(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def _login(client: httpx.Client) -> str:
    """Log in as admin through the form; the session's CSRF token."""
    token = _token(client.get("/login").text)
    answer = client.post(
        "/login", data={"csrf_token": token, "name": "admin", "password": PASSWORD, "next": "/"}
    )
    assert answer.status_code in (200, 303), answer.status_code
    return _token(client.get("/login").text)


@contextmanager
def _served(app: object) -> Iterator[str]:
    """``app`` served by uvicorn on a free port in a thread; its base URL."""
    import socket

    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")  # type: ignore[arg-type]
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _timed(client: httpx.Client, path: str) -> tuple[float, float, int]:
    """Seconds to the first byte of the body and to the last, and the body's size."""
    start = time.perf_counter()
    with client.stream("GET", path) as answer:
        assert answer.status_code == 200, (path, answer.status_code)
        chunks = answer.iter_raw()
        first = next(chunks, b"")
        ttfb = time.perf_counter() - start
        size = len(first) + sum(len(chunk) for chunk in chunks)
    return ttfb, time.perf_counter() - start, size


def measure(n: int, repeat: int) -> list[Row]:
    """The pages of a fresh workspace with a catalog of ``n`` measures."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from omprio.store.accounts import Actor
    from omprio.store.workspace import Workspace
    from omprio.web.app import create_app

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="omprio-large-") as folder:
        ws = Workspace(f"sqlite:///{folder}/bench.db")
        ws.ensure_schema()
        ws.add_user("admin", PASSWORD, "admin")
        started = time.perf_counter()
        stored = ws.import_document(_catalog(n), f"catalog-{n}.txt", Actor(0, "bench", "admin"))
        print(f"{n} measures imported in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        codes = [m.code for m in stored.catalog.measures]
        app = create_app(ws, secret_key=SECRET_KEY)
        client = TestClient(app, follow_redirects=False)
        _login(client)
        for name, path in PAGES:
            start = time.perf_counter()
            first = client.get(path)
            first_s = time.perf_counter() - start
            assert first.status_code == 200, (path, first.status_code)
            times = []
            for _ in range(repeat):
                start = time.perf_counter()
                client.get(path)
                times.append(time.perf_counter() - start)
            rows.append(Row(n, name, len(first.content) / 1024, first_s * 1000,
                            statistics.median(times) * 1000))  # fmt: skip
        # The builder with every measure ticked, posted without JavaScript (the whole page).
        page = client.get("/catalogs/1/scenarios/new").text
        data: dict[str, str | list[str]] = {"csrf_token": _token(page), "code": codes}
        data.update({f"in-{code}": "1" for code in codes})
        start = time.perf_counter()
        answer = client.post("/catalogs/1/scenarios/evaluate", data=data)
        posted_s = time.perf_counter() - start
        rows.append(Row(n, "builder, all ticked", len(answer.content) / 1024, posted_s * 1000,
                        posted_s * 1000, status=answer.status_code))  # fmt: skip
        with _served(app) as base, httpx.Client(base_url=base, timeout=120) as http:
            _login(http)
            for row, (_name, path) in zip(rows, PAGES, strict=False):
                measured = [_timed(http, path) for _ in range(repeat)]
                row.ttfb_ms = statistics.median(m[0] for m in measured) * 1000
                row.total_ms = statistics.median(m[1] for m in measured) * 1000
        ws.engine.dispose()
    return rows


def table(rows: Sequence[Row]) -> list[str]:
    """The figures as a Markdown table."""
    lines = [
        "| measures | page | KiB | first ms | server ms | TTFB ms | total ms | status |",
        "|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        http = ("–", "–") if r.ttfb_ms != r.ttfb_ms else (f"{r.ttfb_ms:.0f}", f"{r.total_ms:.0f}")
        lines.append(
            f"| {r.measures:,} | {r.page} | {r.kib:,.0f} | {r.first_ms:,.0f} | "
            f"{r.server_ms:,.0f} | {http[0]} | {http[1]} | {r.status} |"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="100,1000,5000", help="measures per catalog")
    parser.add_argument("--repeat", type=int, default=3, help="requests per page after the first")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        rows += measure(size, max(1, args.repeat))
    print("\n".join(table(rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
