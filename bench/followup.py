"""Benchmark: the follow-up of a large agreement - twelve follow-ups, an accounts export of
100,000 rows, the report page and its documents.

A catalog of ``--measures`` measures (default 1,000; :func:`generate.generate`, four years) is
imported into a fresh SQLite workspace and adopted as it stands; then:

* twelve monthly follow-ups of 2024 (``import_followup``), each a table with every measure and
  year (4,000 rows for 1,000 measures): the median and the slowest import;
* an account mapping (one exact account per measure, and a prefix per operating area) and an
  accounts export of ``--rows`` rows (default 100,000; CSV, cp1252, Danish numbers) imported at
  the last follow-up's date (``import_accounts``: read, match, sum, store). Goal: at most 5 s;
* the report page ``/catalogs/1/followups/2024-12-31/rapport`` and its JSON twin through the
  app (Starlette's test client, logged in): the median of ``--repeat`` requests. Goal: at most
  0.5 s;
* for information, the report as PDF, Word and Excel.

    .venv/bin/python bench/followup.py                 # about a minute
    .venv/bin/python bench/followup.py --measures 200 --rows 20000
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import TypeVar

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

T = TypeVar("T")
PASSWORD = "bench-operator-passphrase"
SECRET_KEY = "omprio-bench-secret-key-0123456789"
MONTH_ENDS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # 2024


def _timed(work: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def _table(codes: Sequence[str], years: Sequence[int], month: int, rng: random.Random) -> bytes:
    lines = ["measure;year;realized;forecast;status;explanation"]
    for code in codes:
        for year in years:
            realized = -rng.randint(0, 900) * month if year == 2024 else 0
            status = "i risiko" if rng.random() < 0.05 else "på sporet"
            why = "Forsinket udbud" if status == "i risiko" else ""
            lines.append(f"{code};{year};{realized};{-rng.randint(500, 2000)};{status};{why}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _export(codes: Sequence[str], rows: int, rng: random.Random) -> bytes:
    lines = ["Konto;Omkostningssted;Periode;Beløb;Tekst"]
    for index in range(rows):
        if index % 50 == 49:
            account = f"9{rng.randint(0, 99999):05d}"  # matches nothing
        else:
            account = str(100000 + rng.randrange(len(codes)))
        amount = f"-{rng.randint(1, 99999):,}".replace(",", ".") + f",{rng.randint(0, 99):02d}"
        lines.append(f"{account};{rng.randint(10000, 99999)};2024-{rng.randint(1, 12):02d};"
                     f"{amount};Postering {index}")
    return ("\n".join(lines) + "\n").encode("cp1252")


def run(measures: int, rows: int, repeat: int) -> None:
    from fastapi.testclient import TestClient

    from generate import generate
    from omprio.publish.template_text import TextStyle, catalog_text
    from omprio.service.followup import import_followup, record_agreement
    from omprio.service.followup_accounts import import_accounts, save_mapping
    from omprio.service.followup_report import DOCUMENT_FORMATS, followup_report, report_file
    from omprio.store.accounts import Actor
    from omprio.store.workspace import Workspace
    from omprio.web.app import create_app

    rng = random.Random(7)
    admin = Actor(0, "bench", "admin")
    with tempfile.TemporaryDirectory() as folder:
        ws = Workspace(f"sqlite:///{Path(folder) / 'bench.db'}")
        ws.ensure_schema()
        ws.add_user("admin", PASSWORD, "admin")
        text = catalog_text(generate(measures), TextStyle()).encode("utf-8")
        stored, took = _timed(lambda: ws.import_document(text, "bench.txt", admin))
        cid = stored.info.catalog_id
        print(f"catalog: {measures} measures imported in {took:.1f} s")
        _, took = _timed(lambda: record_agreement(
            ws, cid, admin, name="Budgetforlig", agreed_on=date(2023, 10, 5),
            document={"measures": {}}))
        print(f"agreement: {took:.2f} s")
        codes = [m.code for m in stored.catalog.measures]
        years = stored.catalog.years
        times = []
        for month in range(1, 13):
            data = _table(codes, years, month, rng)
            day = date(2024, month, MONTH_ENDS[month - 1])
            _, took = _timed(partial(import_followup, ws, cid, admin, data, "f.csv", day))
            times.append(took)
        print(f"12 follow-ups of {len(codes) * len(years):,} rows: median "
              f"{statistics.median(times):.2f} s, slowest {max(times):.2f} s")
        areas = sorted({c.split("-")[0] for c in codes})
        mapping = ["Konto;Tiltag", *(f"{100000 + i};{c}" for i, c in enumerate(codes)),
                   *(f"8{i}*;{next(c for c in codes if c.startswith(a))}"
                     for i, a in enumerate(areas))]
        save_mapping(ws, cid, admin, ("\n".join(mapping) + "\n").encode("utf-8"), "map.csv")
        export = _export(codes, rows, rng)
        done, took = _timed(lambda: import_accounts(
            ws, cid, admin, export, "opus.csv", date(2024, 12, 31)))
        print(f"accounts export of {rows:,} rows ({len(export) / 1e6:.1f} MB): {took:.2f} s "
              f"(goal 5 s); {len(done.result.matched):,} matched, "
              f"{len(done.result.unmatched):,} not, {len(done.result.realized):,} measure-years")

        app = create_app(ws, secret_key=SECRET_KEY)
        client = TestClient(app, follow_redirects=False)
        page = client.get("/login")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        client.post("/login", data={"csrf_token": token, "name": "admin", "password": PASSWORD,
                                    "next": "/"})
        for label, url in (("page", f"/catalogs/{cid}/followups/2024-12-31/rapport"),
                           ("JSON twin", f"/catalogs/{cid}/followups/2024-12-31/rapport.json")):
            first, took_first = _timed(partial(client.get, url))
            assert first.status_code == 200, first.text[:300]
            laps = [_timed(partial(client.get, url))[1] for _ in range(repeat)]
            print(f"report {label}: {len(first.content) / 1e6:.2f} MB, first "
                  f"{took_first:.2f} s, median {statistics.median(laps):.3f} s (goal 0.5 s)")
        report, took = _timed(lambda: followup_report(ws, cid, admin, date(2024, 12, 31)))
        print(f"report values: {took:.3f} s")
        for fmt in DOCUMENT_FORMATS:
            data, took = _timed(partial(report_file, report, fmt, "da"))
            print(f"report as {fmt}: {len(data) / 1e6:.2f} MB in {took:.2f} s")
        ws.engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--measures", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    run(args.measures, args.rows, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
