"""Load on the public budget game's page (``/catalogs/{id}/borgerbudget``), the page a city's
citizens open when the game is announced: ``omprio serve`` (uvicorn) as a subprocess on a
SQLite (or ``--db`` PostgreSQL) workspace with the reference catalog in hearing and the game
open, loaded with ``wrk`` (one thread) as ``bench/http_load.py`` loads the overview.

Goal: at least 500 requests/s with p99 at most 50 ms on this machine. The page is kept per
version and language (every request makes the two small queries: the version stamp and the
game's state, and puts the session's CSRF token in). Prints the figures::

    PYTHONPATH=src .venv/bin/python bench/game_load.py [--workers 2] [--connections 16]
        [--seconds 10] [--db postgresql+psycopg://127.0.0.1/test]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from http_load import Server, ServerSpec, run_wrk
from omprio.store.accounts import Actor
from omprio.store.workspace import Workspace

SEED = Path(__file__).resolve().parent.parent / "src" / "omprio" / "data" / (
    "aarhus-msb-2024-2027.txt")
SYSTEM = Actor(0, "bench", "admin")


def prepare(url: str) -> int:
    """The reference catalog in hearing with its game open; its id (1 in a fresh database)."""
    ws = Workspace(url)
    ws.ensure_schema()
    cid = ws.import_document(SEED.read_bytes(), SEED.name, SYSTEM, public=True).info.catalog_id
    ws.set_stage(cid, "hearing", SYSTEM)
    ws.set_game(cid, True, SYSTEM)
    ws.engine.dispose()
    return cid


def main(argv: Sequence[str] | None = None) -> int:
    """Run the load and print the figures; 1 when the goal is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--db", default="", help="an empty database (default: a new SQLite file)")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        parser.error("wrk is not installed (apt-get install wrk)")
    folder = Path(tempfile.mkdtemp(prefix="omprio-game-bench-"))
    url = args.db or f"sqlite:///{folder / 'game.db'}"
    try:
        cid = prepare(url)
        server = Server(url, ServerSpec(args.workers))
        try:
            page = f"{server.base}/catalogs/{cid}/borgerbudget"
            run_wrk(page, args.connections, 2.0)  # warm: the page is made and kept
            load = run_wrk(page, args.connections, args.seconds)
            overview = f"{server.base}/catalogs/{cid}"
            run_wrk(overview, args.connections, 2.0)
            reference = run_wrk(overview, args.connections, args.seconds)
        finally:
            server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    ok = load.rps >= 500 and load.p99_ms <= 50 and not load.errors and not load.non_2xx
    print(f"budget game page, {args.workers} workers, {args.connections} connections, "
          f"{load.seconds:.1f} s, {'SQLite' if not args.db else 'PostgreSQL'}")
    print(f"  {load.requests} requests, {load.rps:.0f} requests/s, p50 {load.p50_ms:.1f} ms, "
          f"p99 {load.p99_ms:.1f} ms, errors {load.errors}, non-2xx {load.non_2xx}, "
          f"{load.kib_per_request:.1f} KiB/request")
    print(f"  the overview on the same server, for reference: {reference.rps:.0f} requests/s, "
          f"p50 {reference.p50_ms:.1f} ms, p99 {reference.p99_ms:.1f} ms")
    print(f"  goal >= 500 requests/s and p99 <= 50 ms: {'met' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
