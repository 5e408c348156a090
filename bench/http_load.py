"""Benchmark: how many page and API requests a second does the web app serve, and how fast does
a 10,000-measure catalog import?

**HTTP load.** For each database (SQLite file, PostgreSQL scratch database) the server is
started exactly as a user starts it: ``omprio serve --db URL --workers N`` (``N`` = 1 and 2 by
default) on 127.0.0.1 and a free port, on a fresh, empty database, which the first start sets up
(the bundled reference catalog imported as catalog 1, public; user ``admin``). For each URL,
anonymous:

* ``GET /catalogs/1``: the catalog's overview page (HTML);
* ``GET /api/v1/catalogs/1``: the catalog as ``omprio.catalog/1`` JSON;

it warms up (``--warmup`` seconds of the same load), then loads the server for ``--duration``
seconds at ``--connections`` concurrent keep-alive connections and reports requests/s, p50 and
p99 latency, errors and non-2xx answers, and the CPU the server and the load generator used
(in cores: CPU seconds / wall seconds). Each run is done as fast as the server answers
(``max``: with 50 connections, p99 <= 50 ms then needs well over 1,000 requests/s) and paced at
500 requests/s (``--rates``). The load generator is ``wrk`` (one thread, a Lua ``done`` hook
prints the exact percentiles; ``--timeout`` is long so that slow answers count in the latency
instead of vanishing as timeouts) and a Python asyncio/httpx client when ``wrk`` is missing or
``--client python`` is given; the table says which one was used. The goal compared against: at
least 500 requests/s with p99 at most 50 ms. Before each run it waits (``--idle-wait``) for the
machine to calm down: other people's tests skew a 2-core machine; ``othCPU`` shows how much.

**Import.** A catalog of ``--import-measures`` measures from :func:`generate.generate`, written
with ``catalog_text(catalog, TextStyle())``, is imported into a fresh database, on SQLite and on
PostgreSQL:

* in-process, ``Workspace.import_document`` in a fresh Python process (cold caches, like one
  ``omprio import``), timed by its progress callback: *read* (decode and parse the text, and the
  check that it can be stored exactly), *check* (the check rules) and *store* (one transaction);
  the schema migration of the fresh database is timed apart;
* ``omprio import FILE --db URL`` as a subprocess, wall time (interpreter start, imports,
  migration and import). The goal compared against: at most 10 s.

``--server-path`` puts a folder first on the server's ``PYTHONPATH``, e.g. to try other versions
of uvicorn's protocol implementations (omprio depends on httptools and uvloop, which uvicorn
picks when it finds them; the report names the pair in use); nothing in ``src/`` is changed.

    .venv/bin/python bench/http_load.py                       # everything (about 5 minutes)
    .venv/bin/python bench/http_load.py --skip-import --repeat 3
    .venv/bin/python bench/http_load.py --skip-import --backends sqlite --workers 1
    .venv/bin/python bench/http_load.py --skip-http --import-measures 10000

PostgreSQL is reached at ``--pg`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432``); a
scratch database ``omprio_bench_<pid>_<n>`` is created for each run and dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
# What is loaded: ``path`` anonymously, ``admin:path`` with the session of user ``admin``.
PATHS = "/catalogs/1,/api/v1/catalogs/1,/,admin:/,admin:/catalogs/1/scenarios/new"
GOAL_RPS = 500.0
GOAL_P99_MS = 50.0
GOAL_IMPORT_S = 10.0
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432"
ADMIN_PASSWORD = "bench-operator-passphrase"
SECRET_KEY = "omprio-bench-secret-key-0123456789"

# wrk's own summary in exact numbers: a JSON line printed by the Lua ``done`` hook.
WRK_SCRIPT = """\
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "OMPRIO_WRK {\\"requests\\":%d,\\"duration_us\\":%d,\\"bytes\\":%d,\\"connect\\":%d,"
    .. "\\"read\\":%d,\\"write\\":%d,\\"status\\":%d,\\"timeout\\":%d,\\"p50_us\\":%d,"
    .. "\\"p90_us\\":%d,\\"p99_us\\":%d,\\"max_us\\":%d,\\"mean_us\\":%.1f}\\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
"""


# Think times for a paced run (``--rates``): exponential, THINK_MS on average per connection.
WRK_PACING = """\
math.randomseed(os.time())
delay = function()
  return math.floor(-math.log(1 - math.random()) * THINK_MS)
end
"""


# --- databases ----------------------------------------------------------------------------------


class Databases:
    """Scratch databases: SQLite files in a temporary folder, PostgreSQL databases that are
    dropped on :meth:`close`."""

    def __init__(self, pg_base: str) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="omprio-bench-"))
        self.pg_base = pg_base.rstrip("/")
        self.created: list[str] = []
        self.count = 0

    def new(self, backend: str) -> str:
        """A URL of a new, empty database."""
        self.count += 1
        if backend == "sqlite":
            return f"sqlite:///{self.folder / f'bench-{self.count}.sqlite3'}"
        name = f"omprio_bench_{os.getpid()}_{self.count}"
        with self._admin() as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.created.append(name)
        return f"{self.pg_base}/{name}"

    def _admin(self) -> psycopg.Connection[Any]:

        url = make_url(f"{self.pg_base}/postgres")
        return psycopg.connect(
            host=url.host or HOST,
            port=url.port or 5432,
            user=url.username or "postgres",
            password=url.password,
            dbname="postgres",
            autocommit=True,
        )

    def close(self) -> None:
        """Drop the PostgreSQL databases and remove the SQLite files."""
        if self.created:
            with self._admin() as connection:
                for name in self.created:
                    connection.execute(
                        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                            sql.Identifier(name)
                        )
                    )
            self.created.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


# --- the server ---------------------------------------------------------------------------------


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class ServerSpec:
    """How the server is started: ``omprio serve --workers N``, with ``path`` first on its
    ``PYTHONPATH`` if given."""

    workers: int
    path: str = ""

    @property
    def label(self) -> str:
        """A short description for the table."""
        return f"w={self.workers}" + (" +path" if self.path else "")


class Server:
    """``omprio serve`` on 127.0.0.1, as a subprocess (with its workers)."""

    def __init__(self, url: str, spec: ServerSpec) -> None:
        self.port = free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.folder = Path(tempfile.mkdtemp(prefix="omprio-bench-server-"))
        env = dict(os.environ, OMPRIO_SECRET_KEY=SECRET_KEY, OMPRIO_ADMIN_PASSWORD=ADMIN_PASSWORD)
        paths = [p for p in (spec.path, env.get("PYTHONPATH", "")) if p]
        if paths:
            env["PYTHONPATH"] = os.pathsep.join(paths)
        command = [
            str(VENV_BIN / "omprio"), "serve", "--db", url, "--host", HOST,
            "--port", str(self.port), "--workers", str(spec.workers),
        ]  # fmt: skip
        with (self.folder / "server.log").open("wb") as log:
            self.process = subprocess.Popen(
                command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self._wait_ready()

    def _wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                raise SystemExit(f"omprio serve stopped at start:\n{self.output()}")
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"{self.base}/api/v1/catalogs/1", timeout=2) as answer,
            ):
                if answer.status == 200:
                    return
            time.sleep(0.2)
        output = self.output()
        self.stop()
        raise SystemExit(f"omprio serve did not answer within {timeout:.0f} s:\n{output}")

    def output(self) -> str:
        """What the server printed."""
        return (self.folder / "server.log").read_text("utf-8", "replace")[-4000:]

    def cpu_seconds(self) -> float:
        """User + system CPU of the server process and its workers so far."""
        return sum(_cpu_of(pid) for pid in _family(self.process.pid))

    def stop(self) -> None:
        """Stop the server: its process group (the workers too)."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def _family(root: int) -> list[int]:
    """``root`` and every process descended from it."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat[stat.rindex(")") + 2 :].split()[1])
    family, frontier = [root], [root]
    while frontier:
        children = [pid for pid, parent in parents.items() if parent in frontier]
        family += children
        frontier = children
    return family


def machine_busy_seconds() -> float:
    """CPU seconds all CPUs of the machine have been busy since boot (``/proc/stat``)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return (sum(values) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")


def wait_until_quiet(limit: float, most: float = 0.3) -> None:
    """Wait (at most ``limit`` seconds) until the machine is busy with less than ``most`` cores
    (other people's tests and benchmarks skew a 2-core machine)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before, start = machine_busy_seconds(), time.monotonic()
        time.sleep(1.0)
        if (machine_busy_seconds() - before) / (time.monotonic() - start) < most:
            return


def postgres_cpu_seconds() -> float:
    """User + system CPU of the PostgreSQL server processes on this machine so far."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    total += _cpu_of(int(entry.name))
    return total


def _cpu_of(pid: int) -> float:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- load generators ----------------------------------------------------------------------------


@dataclass
class Load:
    """What one load run measured."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    non_2xx: int
    client_cpu: float
    kib_per_request: float

    @property
    def rps(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0


def run_wrk(
    url: str, connections: int, seconds: float, rate: float = 0.0, cookie: str = ""
) -> Load:
    """Load ``url`` with wrk (one thread) and read its exact summary; with a ``rate``, each
    connection waits a random (exponential) time before each request, so that together they
    offer about ``rate`` requests/s."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
        if rate > 0:
            script.write(WRK_PACING.replace("THINK_MS", f"{connections / rate * 1000:.3f}"))
    command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s"]
    command += ["--timeout", "30s", "--latency", "-s", script.name, url]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    before = os.times()
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    finally:
        os.unlink(script.name)
    after = os.times()
    line = next(ln for ln in done.stdout.splitlines() if ln.startswith("OMPRIO_WRK "))
    data = json.loads(line.removeprefix("OMPRIO_WRK "))
    errors = data["connect"] + data["read"] + data["write"] + data["timeout"]
    duration = data["duration_us"] / 1e6
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return Load(
        requests=data["requests"],
        seconds=duration,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=errors,
        non_2xx=data["status"],
        client_cpu=cpu / duration if duration else 0.0,
        kib_per_request=data["bytes"] / max(1, data["requests"]) / 1024,
    )


def run_python(
    url: str, connections: int, seconds: float, rate: float = 0.0, cookie: str = ""
) -> Load:
    """Load ``url`` with ``connections`` asyncio tasks on one httpx client (the fallback); paced
    like :func:`run_wrk` with a ``rate``."""
    import random

    import httpx

    latencies: list[float] = []
    counts = {"errors": 0, "non_2xx": 0, "bytes": 0}

    async def worker(client: httpx.AsyncClient, deadline: float) -> None:
        while time.perf_counter() < deadline:
            if rate > 0:
                await asyncio.sleep(random.expovariate(rate / connections))
            start = time.perf_counter()
            try:
                answer = await client.get(url, headers={"Cookie": cookie} if cookie else None)
            except httpx.HTTPError:
                counts["errors"] += 1
                continue
            latencies.append(time.perf_counter() - start)
            counts["bytes"] += len(answer.content)
            if not 200 <= answer.status_code < 300:
                counts["non_2xx"] += 1

    async def main() -> float:
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        async with httpx.AsyncClient(limits=limits, timeout=30.0) as client:
            start = time.perf_counter()
            deadline = start + seconds
            await asyncio.gather(*(worker(client, deadline) for _ in range(connections)))
            return time.perf_counter() - start

    cpu_before = time.process_time()
    duration = asyncio.run(main())
    cpu = time.process_time() - cpu_before
    latencies.sort()
    return Load(
        requests=len(latencies),
        seconds=duration,
        p50_ms=_percentile(latencies, 50) * 1000,
        p99_ms=_percentile(latencies, 99) * 1000,
        errors=counts["errors"],
        non_2xx=counts["non_2xx"],
        client_cpu=cpu / duration if duration else 0.0,
        kib_per_request=counts["bytes"] / max(1, len(latencies)) / 1024,
    )


def _percentile(ordered: Sequence[float], pct: float) -> float:
    if not ordered:
        return math.nan
    index = min(len(ordered) - 1, max(0, math.ceil(pct / 100 * len(ordered)) - 1))
    return ordered[index]


@dataclass
class HttpRow:
    """One line of the HTTP table."""

    backend: str
    server: str
    path: str
    client: str
    load: Load
    server_cpu: float
    other_cpu: float
    rate: float = 0.0
    db_cpu: float = 0.0

    @property
    def cpu_ms(self) -> float:
        """Server CPU milliseconds per request: what it costs, whatever else runs."""
        return self.server_cpu * 1000 / self.load.rps if self.load.rps else math.nan

    @property
    def meets_goal(self) -> bool:
        """Without errors, p99 at most 50 ms and at least 500 requests/s; for a paced run at
        least 95 % of the offered rate (the think times make a little less than it)."""
        ok = self.load.errors == 0 and self.load.non_2xx == 0 and self.load.p99_ms <= GOAL_P99_MS
        least = 0.95 * self.rate if self.rate else GOAL_RPS
        return ok and self.load.rps >= least


def measure_http(
    databases: Databases,
    backend: str,
    spec: ServerSpec,
    client: str,
    connections: int,
    duration: float,
    warmup: float,
    idle_wait: float,
    repeat: int = 1,
    rates: Sequence[float] = (0.0,),
    paths: Sequence[str] = tuple(PATHS.split(",")),
    catalogs: int = 1,
) -> list[HttpRow]:
    """Load each of ``paths`` on a freshly seeded database (``catalogs`` public copies of the
    reference catalog) with one server, as fast as it answers (rate 0) and paced at each other
    rate; the best of ``repeat`` runs (by requests/s, for a paced run by p99) each."""
    url = databases.new(backend)
    server = Server(url, spec)
    rows = []
    try:
        add_catalogs(url, catalogs - 1)
        cookie = login_cookie(server.base) if any(":" in p for p in paths) else ""
        for path in paths:
            who, _, plain = path.rpartition(":")
            target = server.base + plain
            run = run_wrk if client == "wrk" else run_python
            sent = cookie if who else ""
            if warmup > 0:
                run(target, connections, warmup, 0.0, sent)
            for rate in rates:
                best: HttpRow | None = None
                for _ in range(repeat):
                    if idle_wait > 0:
                        wait_until_quiet(idle_wait)
                    cpu_before, busy_before = server.cpu_seconds(), machine_busy_seconds()
                    db_before, wall_before = postgres_cpu_seconds(), time.monotonic()
                    load = run(target, connections, duration, rate, sent)
                    wall = time.monotonic() - wall_before
                    cpu = (server.cpu_seconds() - cpu_before) / wall
                    db = (postgres_cpu_seconds() - db_before) / wall
                    busy = (machine_busy_seconds() - busy_before) / wall
                    other = max(0.0, busy - cpu - db - load.client_cpu)
                    row = HttpRow(backend, spec.label, path, client, load, cpu, other, rate, db)
                    if best is None or (
                        row.load.p99_ms < best.load.p99_ms if rate else row.load.rps > best.load.rps
                    ):
                        best = row
                assert best is not None
                rows.append(best)
                print(_http_table(rows[-1:], header=False)[0], file=sys.stderr, flush=True)
    finally:
        server.stop()
    return rows


def add_catalogs(url: str, count: int) -> None:
    """Import the reference catalog ``count`` more times, public, as user ``admin``."""
    if count <= 0:
        return
    from importlib import resources

    from omprio.store.workspace import Workspace

    workspace = Workspace(url)
    admin = workspace.authenticate("admin", ADMIN_PASSWORD)
    assert admin is not None
    name = "aarhus-msb-2024-2027.txt"
    data = resources.files("omprio.data").joinpath(name).read_bytes()
    start = time.perf_counter()
    for _ in range(count):
        workspace.import_document(data, name, admin, public=True)
    workspace.engine.dispose()
    print(f"{count} more catalogs imported in {time.perf_counter() - start:.1f} s",
          file=sys.stderr, flush=True)


def login_cookie(base: str) -> str:
    """The ``Cookie`` header of a session of user ``admin``, logged in through the login form."""
    import http.cookiejar
    import re
    import urllib.parse

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/login", timeout=10) as answer:
        page = answer.read().decode("utf-8")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token on the login page"
    form = {"csrf_token": found.group(1), "name": "admin", "password": ADMIN_PASSWORD, "next": "/"}
    data = urllib.parse.urlencode(form).encode()
    with opener.open(f"{base}/login", data=data, timeout=30) as answer:
        assert answer.status == 200, answer.status
    return "; ".join(f"{c.name}={c.value}" for c in jar)


# --- import ---------------------------------------------------------------------------------------


@dataclass
class ImportRow:
    """One import measurement (seconds)."""

    backend: str
    how: str
    measures: int
    total: float
    migrate: float = math.nan
    read: float = math.nan
    check: float = math.nan
    store: float = math.nan
    errors: int = 0
    warnings: int = 0
    stored_measures: int = 0
    peak_rss_mib: float = math.nan
    notes: list[str] = field(default_factory=list)

    @property
    def meets_goal(self) -> bool:
        """At most 10 s for the import."""
        return self.total <= GOAL_IMPORT_S


def import_child(url: str, path: Path) -> None:
    """In a fresh process: migrate the empty database, import ``path`` and print the times as
    JSON (the hidden ``--import-child`` mode)."""
    import resource

    from omprio.cli.workspace_commands import SYSTEM
    from omprio.store.workspace import Workspace

    data = path.read_bytes()
    ws = Workspace(url)
    start = time.perf_counter()
    ws.ensure_schema()
    migrated = time.perf_counter()
    marks: dict[str, float] = {}

    def progress(step: str) -> None:
        marks[step] = time.perf_counter()

    stored = ws.import_document(data, path.name, SYSTEM, progress=progress)
    end = time.perf_counter()
    result = {
        "migrate": migrated - start,
        "read": marks["check"] - marks["read"],
        "check": marks["store"] - marks["check"],
        "store": end - marks["store"],
        "total": end - marks["read"],
        "errors": stored.info.errors,
        "warnings": stored.info.warnings,
        "stored_measures": len(stored.catalog.measures),
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(result))


def write_catalog(n: int, folder: Path) -> Path:
    """The generated catalog of ``n`` measures as text (``TextStyle()``), in ``folder``."""
    from generate import generate
    from omprio.publish.template_text import TextStyle, catalog_text

    path = folder / f"catalog-{n}.txt"
    path.write_bytes(catalog_text(generate(n), TextStyle()).encode("utf-8"))
    return path


def measure_import(databases: Databases, backend: str, path: Path, n: int) -> list[ImportRow]:
    """Import ``path`` in-process (fresh process) and with ``omprio import``, each into a fresh
    database."""
    paths = [str(BENCH), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths))
    url = databases.new(backend)
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--import-child", url, str(path)],
        capture_output=True,
        text=True,
        env=env,
    )
    if done.returncode != 0:
        raise SystemExit(f"the import failed:\n{done.stderr[-4000:]}")
    data = json.loads(done.stdout.strip().splitlines()[-1])
    rows = [ImportRow(backend, "Workspace.import_document", n, **data)]
    print(_import_line(rows[-1]), file=sys.stderr, flush=True)

    url = databases.new(backend)
    start = time.perf_counter()
    done = subprocess.run(
        [str(VENV_BIN / "omprio"), "import", str(path), "--db", url],
        capture_output=True,
        text=True,
    )
    total = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"omprio import failed:\n{done.stderr[-4000:]}")
    row = ImportRow(backend, "omprio import (wall)", n, total)
    row.notes.append(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "")
    rows.append(row)
    print(_import_line(row), file=sys.stderr, flush=True)
    return rows


# --- report ---------------------------------------------------------------------------------------


_HTTP_COLUMNS = (
    ("database", "<10"), ("server", "<{server}"), ("path", "<19"), ("load", "<6"), ("req/s", ">6"),
    ("p50 ms", ">7"), ("p99 ms", ">7"), ("errs", ">4"), ("!2xx", ">4"), ("KiB", ">5"),
    ("cpu ms", ">6"), ("srvCPU", ">6"), ("pgCPU", ">5"), ("genCPU", ">6"), ("othCPU", ">6"),
    ("goal", "<4"),
)  # fmt: skip


def _http_table(rows: Sequence[HttpRow], header: bool = True) -> list[str]:
    width = max([len("server"), *(len(r.server) for r in rows)])
    formats = [spec.format(server=width) for _, spec in _HTTP_COLUMNS]
    lines = [" ".join(f"{name:{f}}" for (name, _), f in zip(_HTTP_COLUMNS, formats, strict=True))]
    for row in rows:
        load = row.load
        values = (
            row.backend, row.server, row.path, f"{row.rate:.0f}/s" if row.rate else "max",
            f"{load.rps:.0f}", f"{load.p50_ms:.1f}",
            f"{load.p99_ms:.1f}", load.errors, load.non_2xx, f"{load.kib_per_request:.1f}",
            f"{row.cpu_ms:.2f}", f"{row.server_cpu:.2f}", f"{row.db_cpu:.2f}",
            f"{load.client_cpu:.2f}", f"{row.other_cpu:.2f}", "yes" if row.meets_goal else "no",
        )  # fmt: skip
        lines.append(" ".join(f"{v:{f}}" for v, f in zip(values, formats, strict=True)))
    return lines if header else lines[1:]


def _import_line(row: ImportRow) -> str:
    def seconds(value: float) -> str:
        return "-" if math.isnan(value) else f"{value:.2f}"

    return (
        f"{row.backend:<10} {row.how:<26} {row.measures:>7} {seconds(row.total):>7} "
        f"{seconds(row.read):>6} {seconds(row.check):>6} {seconds(row.store):>6} "
        f"{seconds(row.migrate):>7} {seconds(row.peak_rss_mib):>8}  "
        f"{'yes' if row.meets_goal else 'no'}  {'; '.join(n for n in row.notes if n)}"
    )


IMPORT_HEADER = (
    f"{'database':<10} {'how':<26} {'measures':>7} {'total s':>7} {'read':>6} {'check':>6} "
    f"{'store':>6} {'migrate':>7} {'RSS MiB':>8}  goal"
)


def machine() -> str:
    """CPU count and model, for the report."""
    model = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{os.cpu_count()} CPUs ({model}), Python {sys.version.split()[0]}, {source()}, "
        f"uvicorn with {protocols()}"
    )


def protocols() -> str:
    """Which HTTP parser and event loop uvicorn picks (``auto``: httptools and uvloop when
    installed, as omprio's dependencies have them; else h11 and asyncio)."""
    import importlib.util

    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    return f"{http} + {loop}"


def source() -> str:
    """The commit measured, and whether src/ had changes not committed."""
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        return "source: not a git checkout"
    return f"source: {head}{' + uncommitted changes in src/' if dirty else ''}"


# --- command line ---------------------------------------------------------------------------------


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--backends", default="sqlite,postgresql", help="sqlite,postgresql")
    parser.add_argument(
        "--workers",
        default="1,2",
        help="servers: N = omprio serve --workers N",
    )
    parser.add_argument(
        "--idle-wait",
        type=float,
        default=60.0,
        help="before each run, wait at most this long for other processes to calm down",
    )
    parser.add_argument("--connections", type=int, default=50, help="concurrent connections")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load per URL")
    parser.add_argument(
        "--rates",
        default="max,500",
        help="max (as fast as the server answers) and/or paced rates in requests/s",
    )
    parser.add_argument("--repeat", type=int, default=1, help="runs per URL, the best kept")
    parser.add_argument(
        "--paths", default=PATHS, help="URLs to load; admin:PATH with a session of user admin"
    )
    parser.add_argument(
        "--catalogs", type=int, default=100, help="public catalogs (copies of the seed) to load"
    )
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up per URL")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--server-path", default="", help="extra PYTHONPATH of the server only")
    parser.add_argument("--import-measures", type=int, default=10_000)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--pg", default=DEFAULT_PG, help="PostgreSQL server URL (no database)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--import-child", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.import_child:
        import_child(args.import_child[0], Path(args.import_child[1]))
        return 0

    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
    elif client == "wrk" and not shutil.which("wrk"):
        parser.error("wrk is not installed (apt-get install wrk), use --client python")
    backends = _names(args.backends)
    rates = [0.0 if r == "max" else float(r) for r in _names(args.rates)]
    if unknown := set(backends) - {"sqlite", "postgresql"}:
        parser.error(f"unknown backends: {', '.join(sorted(unknown))}")

    http_rows: list[HttpRow] = []
    import_rows: list[ImportRow] = []
    databases = Databases(args.pg)
    try:
        if not args.skip_http:
            for backend in backends:
                for workers in _names(args.workers):
                    spec = ServerSpec(int(workers), args.server_path)
                    http_rows += measure_http(
                        databases, backend, spec, client, args.connections, args.duration,
                        args.warmup, args.idle_wait, args.repeat, rates,
                        _names(args.paths), args.catalogs,
                    )  # fmt: skip
        if not args.skip_import:
            start = time.perf_counter()
            path = write_catalog(args.import_measures, databases.folder)
            print(
                f"generated {path.name}: {path.stat().st_size / 2**20:.1f} MiB "
                f"in {time.perf_counter() - start:.1f} s",
                file=sys.stderr,
            )
            print(IMPORT_HEADER, file=sys.stderr)
            for backend in backends:
                import_rows += measure_import(databases, backend, path, args.import_measures)
    finally:
        databases.close()

    print(f"\nmachine: {machine()}")
    if http_rows:
        print(
            f"\nHTTP: {args.connections} connections, {args.duration:.0f} s per URL after "
            f"{args.warmup:.0f} s warm-up, best of {args.repeat}, load generator: {client}"
            + (" (1 thread)" if client == "wrk" else " (asyncio + httpx, in this process)")
        )
        print(
            f"goal: >= {GOAL_RPS:.0f} req/s and p99 <= {GOAL_P99_MS:.0f} ms (load max: as fast "
            "as the server answers; N/s: paced by random think times, goal = p99 and >= 95 % "
            "of N)\ncpu ms: server CPU per request; srvCPU/pgCPU/genCPU/othCPU: cores used by "
            "the server / all PostgreSQL processes / the load generator / everything else on the "
            "machine meanwhile"
        )
        print("\n".join(_http_table(http_rows)))
    if import_rows:
        print(
            f"\nImport: {args.import_measures} measures, fresh database each; read = decode, "
            "parse, exactness check; store = one transaction; goal <= "
            f"{GOAL_IMPORT_S:.0f} s"
        )
        print(IMPORT_HEADER)
        for item in import_rows:
            print(_import_line(item))
    if args.json:
        report = {
            "machine": machine(),
            "client": client,
            "http": [
                {**asdict(r), "rps": r.load.rps, "meets_goal": r.meets_goal} for r in http_rows
            ],
            "import": [{**asdict(r), "meets_goal": r.meets_goal} for r in import_rows],
        }
        args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
