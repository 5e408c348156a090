"""The command line starts without the heavy packages, and its lazy command list tells the truth.

``omprio --help`` and ``omprio check`` must not load the web app, the database, the solver or
Typst (bench/startup.py measures what that saves; nothing here is timed). Each probe runs in a
fresh interpreter and reports which of the heavy packages ended up in ``sys.modules``.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from omprio.cli import app
from omprio.cli.lazy import LazyGroup

SEED = Path(__file__).parent / "data" / "aarhus-msb-2024-2027.txt"
HEAVY = ("fastapi", "starlette", "sqlalchemy", "alembic", "numpy", "highspy", "typst",
         "openpyxl", "docx", "pypdfium2", "uvicorn")

PROBE = """
import json, sys
heavy = {heavy!r}
{body}
print(json.dumps(sorted(name for name in heavy if name in sys.modules)))
"""
RUN = """
from omprio.cli import main
sys.argv = ["omprio", *{args!r}]
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
"""


def _loaded(body: str) -> list[str]:
    """The heavy packages loaded after running ``body`` in a fresh Python."""
    env = {key: value for key, value in os.environ.items() if key != "OMPRIO_DEBUG"}
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY, body=body)],
                          capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=60, check=True)
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_importing_the_cli_loads_no_heavy_package() -> None:
    assert _loaded("import omprio.cli") == []


@pytest.mark.parametrize("args", [["--help"], ["check", str(SEED)], ["show", str(SEED)],
                                  ["check", str(SEED), "--format", "json"]])
def test_help_and_check_load_no_heavy_package(args: list[str]) -> None:
    assert _loaded(RUN.format(args=args)) == []


def test_the_probe_sees_a_heavy_import() -> None:
    """The probe itself works: a command that needs the database does load SQLAlchemy."""
    assert "sqlalchemy" in _loaded(RUN.format(args=["backup", "--help"]))


def test_decide_errors_does_not_load_the_solver() -> None:
    assert _loaded("import omprio.decide.errors") == []


def _help(group: typer.core.TyperGroup) -> str:
    """What ``omprio --help`` prints (Typer's Rich help writes to stdout; it is caught here)."""
    out = io.StringIO()
    with redirect_stdout(out), typer.Context(group, info_name="omprio") as ctx:
        text = group.get_help(ctx)
    return text + out.getvalue()


def test_the_lazy_list_shows_each_command_as_its_own_help_does() -> None:
    """``omprio --help`` (lazy) is the same text as with every command imported."""
    group = typer.main.get_command(app)
    assert isinstance(group, LazyGroup)
    listed = _help(group)
    assert "Brugere og roller" in listed
    for name in group.lazy:
        group.load(name)
    assert _help(group) == listed
    assert set(group.lazy) <= set(group.list_commands(typer.Context(group)))


def test_a_lazy_command_runs() -> None:
    result = CliRunner().invoke(app, ["scenario", "--help"])
    assert result.exit_code == 0
    assert "compare" in result.output
