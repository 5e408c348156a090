"""``omprio serve`` killed (SIGKILL) while it stores edits leaves no partial data.

The real server runs in a subprocess on a temporary database (an SQLite file, and a PostgreSQL
database). Three edits of different measures are sent at once through the API, the server is
killed after a tiny delay (0 to 40 ms: before, during or after the writes), and started again.
Every time, every stored version must be complete (19 measures, its catalog and findings read),
the version numbers must run 1, 2, 3 … without a gap, the catalog's latest version must be the
last one, and every edit the server acknowledged (200) before it died must be there.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from databases import ENGINES, database_url
from omprio.store.schema import CatalogRow, MeasureBlob, VersionMeasure, VersionRow
from omprio.store.workspace import Workspace
from web_support import bearer, free_port

# Seconds between sending the edits and the kill, per engine (each round restarts the server,
# which takes a couple of seconds of imports; PostgreSQL gets fewer rounds for time).
DELAYS = {"sqlite": (0.0, 0.005, 0.015, 0.04), "postgresql": (0.0, 0.01, 0.03)}
CODES = ("BFF-1", "VJH-1", "JUS-2")
ADMIN_PASSWORD = "crash-test-operator-passphrase"


def serve(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    """Start ``omprio serve`` on ``url`` and wait until it answers."""
    env = {**os.environ, "OMPRIO_ADMIN_PASSWORD": ADMIN_PASSWORD,
           "OMPRIO_SECRET_KEY": "crash-test-secret-key-0123456789"}
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "omprio", "serve", "--db", url, "--host", "127.0.0.1",
             "--port", str(port)], env=env, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"omprio serve did not start:\n{log.read_text()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        time.sleep(0.05)


@contextmanager
def servers() -> Iterator[list[subprocess.Popen[bytes]]]:
    """A list to put started servers in; each is killed (if still alive) afterwards."""
    started: list[subprocess.Popen[bytes]] = []
    try:
        yield started
    finally:
        for process in started:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=10)


def send_edit(port: int, token: str, code: str, base: int, amount: int) -> socket.socket:
    """Send a PATCH of ``code`` without waiting for the answer; the open socket."""
    body = json.dumps({"base_version": base, "message": f"crash test {amount}",
                       "changes": {"net": {"2024": amount}}}).encode()
    head = (f"PATCH /api/v1/catalogs/1/measures/{code} HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            "Connection: close\r\n\r\n")
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(head.encode() + body)
    return sock


def acknowledged(sock: socket.socket) -> int | None:
    """The version an answered edit created, if the server answered 200 before it died."""
    sock.settimeout(1)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except OSError:  # reset by the dying server, or nothing more to read
        pass
    finally:
        sock.close()
    if not data.startswith(b"HTTP/1.1 200"):
        return None
    version: int = json.loads(data.split(b"\r\n\r\n", 1)[1])["version"]
    return version


def check_complete(ws: Workspace, port: int, token: str) -> list[int]:
    """Every stored version is whole and the numbers have no gap; the version numbers."""
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", headers=bearer(token),
                          timeout=10)
    listed = client.get("/api/v1/catalogs/1/versions")
    assert listed.status_code == 200, listed.text
    numbers = [v["number"] for v in listed.json()]
    assert numbers == list(range(len(numbers), 0, -1)), numbers
    for number in numbers:
        catalog = client.get(f"/api/v1/catalogs/1?version={number}")
        assert catalog.status_code == 200, (number, catalog.text[:200])
        assert len(catalog.json()["measures"]) == 19, number
        assert client.get(f"/api/v1/catalogs/1/findings?version={number}").status_code == 200
    client.close()
    with ws.engine.connect() as connection:
        assert connection.scalar(select(CatalogRow.latest).where(CatalogRow.id == 1)) \
            == len(numbers)
        rows = connection.execute(
            select(VersionRow.number, func.count(VersionMeasure.code))
            .outerjoin(VersionMeasure, VersionMeasure.version_id == VersionRow.id)
            .group_by(VersionRow.id, VersionRow.number)).all()
        assert sorted(rows) == [(n, 19) for n in sorted(numbers)], rows
        orphans = connection.scalar(
            select(func.count()).select_from(VersionMeasure)
            .outerjoin(MeasureBlob, MeasureBlob.hash == VersionMeasure.blob_hash)
            .where(MeasureBlob.hash.is_(None)))
        assert orphans == 0
    return numbers


@pytest.mark.parametrize("engine", ENGINES)
def test_a_server_killed_during_edits_leaves_no_partial_data(engine: str,
                                                             tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with database_url(engine, tmp_path) as url, servers() as started:
        port = free_port()
        started.append(serve(url, port, log))  # first start: the reference catalog, the admin
        first_output = log.read_text()
        assert "OMPRIO_ADMIN_PASSWORD" in first_output  # says where the password came from …
        assert ADMIN_PASSWORD not in first_output  # … and never echoes a chosen one into logs
        ws = Workspace(url)
        token = ws.create_token("admin", "crash test")
        cut_off = 0
        for round_number, delay in enumerate(DELAYS[engine]):
            numbers = check_complete(ws, port, token)
            sockets = [send_edit(port, token, code, numbers[0], -1000 - 10 * round_number - i)
                       for i, code in enumerate(CODES)]
            time.sleep(delay)
            started[-1].send_signal(signal.SIGKILL)
            started[-1].wait(timeout=10)
            answered = [acknowledged(sock) for sock in sockets]
            cut_off += answered.count(None)
            port = free_port()
            started.append(serve(url, port, log))
            after = check_complete(ws, port, token)
            for version in answered:  # what the server acknowledged survived its death
                assert version is None or version in after, (version, after)
            assert len(numbers) <= len(after) <= len(numbers) + len(CODES)
        ws.engine.dispose()
    text = log.read_text()
    assert "Traceback" not in text, text
    assert cut_off > 0, "no edit was cut off: every kill came too late to test anything"
