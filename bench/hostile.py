"""How long omprio takes to refuse hostile input: the figures behind the hardening tests' guards.

Run: ``.venv/bin/python bench/hostile.py [--runs N]``. Each case runs N times (default 5) in this
process; the figures are the median and the slowest wall-clock time in milliseconds. Cases: the
number check (``money.bounded``) on a number with an exponent of a billion, reading the seed's
JSON export carrying that number, uploading it through the web app (a real request through
FastAPI's test client, with login and CSRF), the 5-million-row workbook sheet, and a PDF of
10,001 pages. The tests (tests/bounds.py) only guard against a hang, 10 s; these are the real
times. Asserts nothing; the exit code is 0 whatever the figures.
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from hostile_inputs import HUGE, SEED, five_million_rows, hostile_export, pdf_of_pages
from omprio.money import NumberRefused, bounded
from omprio.publish.excel import catalog_xlsx
from omprio.read import ReadError, load_bytes
from omprio.read.limits import MAX_PDF_PAGES
from omprio.store.workspace import Workspace
from omprio.web.app import create_app

PASSWORD = "bench-hostile-password-1"


def _refuses(call: Callable[[], object], *errors: type[Exception]) -> Callable[[], None]:
    def run() -> None:
        try:
            call()
        except errors:
            return
        raise SystemExit(f"not refused: {call}")
    return run


def _upload(tmp: Path) -> Callable[[], None]:
    """One web upload of the hostile export by a logged-in editor; 422 expected."""
    import warnings

    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

    ws = Workspace(f"sqlite:///{tmp / 'bench.db'}")
    ws.ensure_schema()
    ws.add_user("editor", PASSWORD, "editor")
    client = TestClient(create_app(ws, secret_key="bench-hostile-secret-key-0123456789"))
    anonymous = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert anonymous is not None
    client.post("/login", data={"name": "editor", "password": PASSWORD, "next": "/",
                                "csrf_token": anonymous.group(1)})
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert csrf is not None
    data = hostile_export(HUGE[0])

    def run() -> None:
        response = client.post("/import", data={"csrf_token": csrf.group(1)},
                               files={"file": ("hostile.json", data, "application/json")})
        if response.status_code != 422:
            raise SystemExit(f"upload answered {response.status_code}")
    return run


def _time(run: Callable[[], None], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    seed = load_bytes(SEED.read_bytes(), "seed.txt").catalog
    export = hostile_export(HUGE[0])
    rows = five_million_rows(catalog_xlsx(seed))
    pages = pdf_of_pages(MAX_PDF_PAGES + 1)
    with tempfile.TemporaryDirectory() as tmp:
        cases: list[tuple[str, Callable[[], None]]] = [
            ("money.bounded(-1e999999999)",
             _refuses(lambda: bounded(Decimal(HUGE[0]), HUGE[0]), NumberRefused)),
            ("read the JSON export with -1e999999999",
             _refuses(lambda: load_bytes(export, "hostile.json"), ReadError)),
            ("web upload of that export (422)", _upload(Path(tmp))),
            (f"workbook with 5,000,000 more rows ({len(rows) // 1024:,} KiB)",
             _refuses(lambda: load_bytes(rows, "hostile.xlsx"), ReadError)),
            (f"PDF of {MAX_PDF_PAGES + 1:,} pages",
             _refuses(lambda: load_bytes(pages, "pages.pdf"), ReadError)),
        ]
        print(f"{'case':<52} {'median ms':>10} {'slowest ms':>11}   ({runs} runs)")
        for name, run in cases:
            run()  # warm-up: imports and caches
            median, slowest = _time(run, runs)
            print(f"{name:<52} {median:>10.2f} {slowest:>11.2f}")



if __name__ == "__main__":
    main()
