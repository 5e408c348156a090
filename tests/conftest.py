"""Shared fixtures: the reference catalog (seed) and a writer for test inputs."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from databases import ENGINES, database_url
from omprio.read import Loaded, load
from omprio.store.workspace import Workspace

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SEED_PATH = Path(__file__).parent / "data" / "aarhus-msb-2024-2027.txt"
SRC = Path(__file__).resolve().parents[1] / "src"

LOCALE_VARIABLES = ("OMPRIO_LANG", "LC_ALL", "LC_MESSAGES", "LANG")
"""What chooses the CLI's language when ``--lang`` is not given (omprio.cli.options)."""


@pytest.fixture(autouse=True)
def _no_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts without a language of its own: the CLI speaks Danish (its default)
    whatever the locale of the machine running the tests; a test sets the variables it needs."""
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # a locale, but no language (UTF-8 for subprocesses)


WriteCatalog = Callable[..., Path]
"""``write_catalog(content, name="catalog.txt") -> Path``: text is written as UTF-8 unchanged."""


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The reference catalog: Aarhus, Sociale Forhold og Beskæftigelse, 2024–2027."""
    return SEED_PATH


@pytest.fixture(scope="session")
def seed(seed_path: Path) -> Loaded:
    """The reference catalog as read (read once per test session)."""
    return load(seed_path)


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    """The text of the reference catalog, line endings untouched."""
    return seed_path.read_bytes().decode("utf-8")


@pytest.fixture
def write_catalog(tmp_path: Path) -> WriteCatalog:
    """A function that writes text or bytes to a file in ``tmp_path`` and returns its path."""

    def write(content: str | bytes, name: str = "catalog.txt") -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
        return path

    return write


def edit_line(text: str, number: int, old: str, new: str) -> str:
    """``text`` with ``old`` replaced by ``new`` on physical line ``number`` (1-based) only.

    Fails when ``old`` is not on that line, so an edit never silently misses its target.
    """
    lines = text.split("\n")
    assert old in lines[number - 1], f"{old!r} is not on line {number}: {lines[number - 1]!r}"
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    return "\n".join(lines)


def blank_lines(text: str, first: int, last: int) -> str:
    """``text`` with physical lines ``first``..``last`` emptied, so later line numbers stay put."""
    lines = text.split("\n")
    lines[first - 1:last] = [""] * (last - first + 1)
    return "\n".join(lines)


def run_omprio(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m omprio ARGS`` as a user would: no debug, language or colour settings
    (the locale says no language either: the CLI speaks Danish)."""
    unset = {"OMPRIO_DEBUG", "FORCE_COLOR", "COLUMNS", "LINES", *LOCALE_VARIABLES}
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env["LANG"] = "C.UTF-8"
    env["PYTHONIOENCODING"] = "utf-8"  # the tests decode the output as UTF-8
    # The code of this checkout, whichever checkout the virtualenv was installed from.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(SRC), env.get("PYTHONPATH"))))
    return subprocess.run([sys.executable, "-m", "omprio", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=60, check=False)


@pytest.fixture(params=ENGINES)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database, once for SQLite and once for PostgreSQL."""
    with database_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def workspace(database: str) -> Iterator[Workspace]:
    """A workspace on an empty database of each engine, with an admin, an editor limited to
    BFF, an unlimited editor and a viewer (all with password 'secret-password')."""
    ws = Workspace(database)
    ws.ensure_schema()
    ws.add_user("admin", "secret-password", "admin")
    ws.add_user("bff", "secret-password", "editor", "BFF")
    ws.add_user("editor", "secret-password", "editor")
    ws.add_user("viewer", "secret-password", "viewer")
    yield ws
    ws.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium per module of browser tests: the Debian package at ``/usr/bin/chromium``,
    never a downloaded browser (skipped without it; in CI a failure)."""
    from playwright.sync_api import expect, sync_playwright

    from web_support import CHROMIUM, TIMEOUT, require_chromium

    require_chromium()
    expect.set_options(timeout=TIMEOUT)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
