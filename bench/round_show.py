"""Benchmark: how long does ``omprio round show`` take on a round the size of a large municipality?

The issue's size: a round of 100 departments, three keys (typed shares, base figures and a mix
of the two), 10 requirements over 10 years (2024-2033; two of them frame cuts with designated
proposals for every department, one with a part kept central) and 100 linked catalogs of 200
measures each (:func:`generate.generate` with the round's years, one seed per catalog, imported
as omprio.catalog/1 JSON with ``Workspace.import_document``), one catalog per department, linked
for all 10 requirements (one requirement delivered by a named overview section). Goal:
``round show`` in at most 1 s.

It measures, on a fresh SQLite workspace in a temporary folder (or ``--db URL``: a fresh
PostgreSQL database made on that server and dropped afterwards, e.g.
``--db postgresql+psycopg://postgres@127.0.0.1:5432/test``):

* **in process**: ``service.view_round`` + ``service.round_json`` - *cold*, the first call on a
  newly opened ``Workspace`` (nothing kept in the process), and *warm*, the median of
  ``--repeat`` calls after it on the same workspace; and the memory Python allocates for the
  cold call at its peak (tracemalloc, in a separate run);
* **as a process**: ``omprio round show ID --db URL --format json`` as a user runs it, the
  median and fastest of ``--runs`` runs after one warm-up, and the process's peak resident
  memory (max RSS).

Beside each wall-clock figure is the CPU time (user + system) of the same work, which a busy
machine inflates less.

    PYTHONPATH=src:bench .venv/bin/python bench/round_show.py
    PYTHONPATH=src:bench .venv/bin/python bench/round_show.py --catalogs 20 --measures 50

Run it with another checkout's ``src`` first on ``PYTHONPATH`` to measure that code (the
``omprio round show`` processes run the same omprio as the benchmark).

Prints a table; asserts nothing (the exit code is 0 whatever the figures).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402
from omprio.interchange import catalog_to_json  # noqa: E402
from omprio.rounds.model import (  # noqa: E402
    BudgetRound,
    Department,
    Designated,
    Key,
    KeyKind,
    Link,
    Requirement,
)
from omprio.store.accounts import Actor  # noqa: E402
from omprio.store.workspace import Workspace  # noqa: E402

YEARS = tuple(range(2024, 2034))
REQUIREMENTS = 10
GOAL = 1.0
"""Seconds ``round show`` may take."""
ADMIN = Actor(0, "bench", "admin")
SECTION = "OMPRIORITERINGSTILTAG"


def budget_round(departments: int, links: Sequence[tuple[int, str]], seed: int = 0) -> BudgetRound:
    """The benchmark's round: ``departments`` departments, three keys, 10 requirements over
    10 years, designated proposals for the frame cuts, and ``links`` (catalog id, department)."""
    rng = random.Random(seed)
    codes = [f"A{number:03d}" for number in range(1, departments + 1)]
    # Typed shares in percent with two decimals that add up to 100.
    weights = [rng.randint(50, 500) for _ in codes]
    shares = [Decimal(w * 10000 // sum(weights)) / 100 for w in weights]
    shares[0] += Decimal(100) - sum(shares)
    base = {code: Decimal(rng.randint(20_000, 2_000_000)) for code in codes}
    keys = (
        Key("ADM", "Den administrative nøgle", KeyKind.SHARES,
            dict(zip(codes, shares, strict=True))),
        Key("SERV", "Serviceudgifter", KeyKind.BASE, base),
        Key("MIX", "50 % ADM + 50 % SERV", KeyKind.MIX, {"ADM": Decimal(50), "SERV": Decimal(50)}),
    )
    requirements = []
    for number in range(1, REQUIREMENTS + 1):
        amounts = {year: Decimal(-rng.randint(20_000, 150_000)) for year in YEARS}
        central = ({year: Decimal(-5_000) for year in YEARS} if number == 3 else {})
        requirements.append(Requirement(
            f"Krav {number:02d}", ("ADM", "SERV", "MIX")[number % 3], amounts, central,
            frame_cut=number <= 2, source="bench"))
    designated = tuple(
        Designated(code, f"Krav {number:02d}", "Direktørudpegede forslag",
                   {year: Decimal(-rng.randint(10, 200)) for year in YEARS})
        for code in codes for number in (1, 2))
    names = tuple(r.name for r in requirements)
    return BudgetRound(
        name="Budget 2024 (benchmark)", municipality="Benchmark Kommune", years=YEARS,
        price_level=YEARS[0],
        departments=tuple(Department(code, f"Afdeling {code}") for code in codes),
        keys=keys, requirements=tuple(requirements), designated=designated,
        links=tuple(Link(catalog_id, department, names, {names[3]: SECTION})
                    for catalog_id, department in links))


@contextmanager
def workspace_url(db: str | None, folder: Path) -> Iterator[str]:
    """A URL of an empty workspace: a SQLite file in ``folder``, or a fresh database on the
    PostgreSQL server of ``db`` (dropped afterwards)."""
    if db is None:
        yield f"sqlite:///{folder / 'round-bench.sqlite3'}"
        return
    from throwaway_db import throwaway_database

    with throwaway_database(db, "omprio_bench") as url:
        yield url


def build(url: str, catalogs: int, measures: int) -> int:
    """Import the catalogs and store the round; the round's id."""
    ws = Workspace(url)
    ws.ensure_schema()
    started = time.perf_counter()
    links = []
    departments = max(catalogs, 100)
    for number in range(catalogs):
        data = json.dumps(catalog_to_json(generate(measures, seed=number, years=YEARS)),
                          ensure_ascii=False).encode("utf-8")
        stored = ws.import_document(data, f"catalog-{number}.json", ADMIN)
        links.append((stored.info.catalog_id, f"A{number % departments + 1:03d}"))
    imported = time.perf_counter() - started
    round_id = ws.create_round(budget_round(departments, links), ADMIN).id
    print(f"{catalogs} catalogs of {measures} measures imported in {imported:.1f} s",
          file=sys.stderr)
    ws.engine.dispose()
    return round_id


def shown(url: str, round_id: int) -> tuple[str, float]:
    """``round show``'s JSON on a newly opened workspace, and the seconds it took."""
    from omprio.cli.workspace_commands import SYSTEM
    from omprio.service import rounds as service

    ws = Workspace(url)
    ws.ensure_schema()
    start = time.perf_counter()
    text = json.dumps(service.round_json(service.view_round(ws, round_id, SYSTEM)),
                      ensure_ascii=False, indent=2)
    took = time.perf_counter() - start
    ws.engine.dispose()
    return text, took


def in_process(url: str, round_id: int,
               repeat: int) -> tuple[float, float, float, float, float, int]:
    """Cold seconds (wall clock, CPU), warm seconds (median wall clock, CPU), the peak MiB
    traced of a cold call, the JSON's size."""
    from omprio.cli.workspace_commands import SYSTEM
    from omprio.service import rounds as service

    text, _ = shown(url, round_id)  # imports and the file cache warm
    ws = Workspace(url)
    ws.ensure_schema()
    start, start_cpu = time.perf_counter(), time.process_time()
    service.round_json(service.view_round(ws, round_id, SYSTEM))
    cold = time.perf_counter() - start
    cold_cpu = time.process_time() - start_cpu
    times, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        service.round_json(service.view_round(ws, round_id, SYSTEM))
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    ws.engine.dispose()
    ws = Workspace(url)
    ws.ensure_schema()
    tracemalloc.start()
    service.round_json(service.view_round(ws, round_id, SYSTEM))
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    ws.engine.dispose()
    return (cold, cold_cpu, statistics.median(times), statistics.median(cpu), peak,
            len(text.encode("utf-8")))


def omprio_command() -> list[str]:
    """The console script beside this Python, else ``python -m omprio``."""
    script = Path(sys.executable).parent / "omprio"
    return [str(script)] if script.exists() else [sys.executable, "-m", "omprio"]


def as_process(url: str, round_id: int, runs: int) -> tuple[list[float], list[float], float]:
    """Wall-clock and CPU (user + system) seconds of ``runs`` runs of ``omprio round show``
    (after a warm-up) and the largest peak RSS of them in MiB."""
    import omprio

    env = dict(os.environ)
    # The omprio this process runs (another checkout's src on PYTHONPATH compares with it).
    source = str(Path(omprio.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (source, env.get("PYTHONPATH", "")) if part)
    command = [*omprio_command(), "round", "show", str(round_id), "--db", url, "--format", "json"]
    times: list[float] = []
    cpu: list[float] = []
    rss = 0.0
    for run in range(runs + 1):
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        took = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        assert process.stderr is not None
        error = process.stderr.read().decode()
        process.stderr.close()
        if process.returncode != 0:
            raise SystemExit(f"round show failed ({process.returncode}): {error}")
        if run:
            times.append(took)
            cpu.append(usage.ru_utime + usage.ru_stime)
        rss = max(rss, usage.ru_maxrss / 1024)  # KiB on Linux
    return times, cpu, rss


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--catalogs", type=int, default=100, help="linked catalogs (100)")
    parser.add_argument("--measures", type=int, default=200, help="measures per catalog (200)")
    parser.add_argument("--repeat", type=int, default=5, help="warm calls in process (5)")
    parser.add_argument("--runs", type=int, default=5, help="process runs after a warm-up (5)")
    parser.add_argument("--db", default=None, help="PostgreSQL server URL (else SQLite)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="omprio-round-") as folder, \
            workspace_url(args.db, Path(folder)) as url:
        round_id = build(url, args.catalogs, args.measures)
        cold, cold_cpu, warm, warm_cpu, traced, size = in_process(url, round_id,
                                                                  max(1, args.repeat))
        times, cpu, rss = as_process(url, round_id, max(1, args.runs))
    engine = "PostgreSQL" if args.db else "SQLite"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    median = statistics.median(times)
    print(f"{engine}; {max(args.catalogs, 100)} departments, {REQUIREMENTS} requirements x "
          f"{len(YEARS)} years, {args.catalogs} catalogs x {args.measures} measures; JSON "
          f"{size / 1024:,.0f} KiB; load average {load:.1f}")
    print("| what | seconds | CPU s | memory MiB | goal ≤ 1 s |")
    print("|---|---:|---:|---:|---|")
    print(f"| in process, cold (first call) | {cold:.3f} | {cold_cpu:.3f} | {traced:,.0f} "
          f"traced | {'met' if cold <= GOAL else 'not met'} |")
    print(f"| in process, warm (median of {args.repeat}) | {warm:.3f} | {warm_cpu:.3f} | | "
          f"{'met' if warm <= GOAL else 'not met'} |")
    print(f"| `omprio round show --format json` (median of {len(times)}; fastest "
          f"{min(times):.3f}) | {median:.3f} | {statistics.median(cpu):.3f} | {rss:,.0f} "
          f"max RSS | {'met' if median <= GOAL else 'not met'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
