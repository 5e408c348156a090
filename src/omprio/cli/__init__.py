"""The ``omprio`` command line: check, export and show a catalog.

Exit codes of ``omprio check``: 0 when no finding is an error, 1 when some is, 2 when the input
cannot be read at all (one clear message on stderr). No command shows a traceback to a user:
an unexpected failure is reported in one line and exits 2 (``OMPRIO_DEBUG=1`` shows the details).
"""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from omprio import __version__
from omprio.check import check_catalog
from omprio.cli.options import LangOption, Language
from omprio.cli.options import lang as lang_of
from omprio.display import Lang
from omprio.findings import Finding
from omprio.read import Loaded, ReadError, load

app = typer.Typer(
    name="omprio",
    help="Omprioriteringskataloger som præcise, kontrollerede data. "
    "(Municipal reprioritization catalogs as exact, checked data.)",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class CheckFormat(StrEnum):
    """Output formats of ``omprio check``."""

    text = "text"
    json = "json"


class ExportFormat(StrEnum):
    """Output formats of ``omprio export``."""

    json = "json"
    csv = "csv"


PathArgument = Annotated[
    Path, typer.Argument(help="Katalog: PDF, udtrukket tekst eller omprio-JSON.")
]


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _load(path: Path) -> Loaded:
    try:
        return load(path)
    except ReadError as error:
        _stderr().print(f"omprio: {error}", markup=False)
        raise typer.Exit(2) from None


def _lang(value: Language) -> Lang:
    return lang_of(value)


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@app.command()
def check(
    path: PathArgument,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", help="text eller json.")
    ] = CheckFormat.text,
    lang: LangOption = Language.da,
) -> None:
    """Kontrollér alle tal i et katalog. Exit 0: ingen fejl, 1: fejl fundet, 2: kan ikke læses."""
    loaded = _load(path)
    findings: list[Finding] = [*loaded.findings, *check_catalog(loaded.catalog)]
    if output_format is CheckFormat.json:
        from omprio.cli.report import findings_json

        sys.stdout.write(_dump(findings_json(findings, _lang(lang))))
    else:
        from omprio.cli.report import print_report

        print_report(Console(highlight=False), loaded.catalog, findings, _lang(lang))
    raise typer.Exit(1 if any(f.is_error for f in findings) else 0)


@app.command()
def export(
    path: PathArgument,
    output_format: Annotated[
        ExportFormat, typer.Option("--format", help="json eller csv.")
    ] = ExportFormat.json,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Fil at skrive til (ellers stdout).")
    ] = None,
) -> None:
    """Eksportér kataloget som omprio.catalog/1-JSON eller CSV."""
    loaded = _load(path)
    if output_format is ExportFormat.json:
        from omprio.interchange import catalog_to_json

        text = _dump(catalog_to_json(loaded.catalog))
    else:
        from omprio.publish.csv_export import catalog_to_csv

        text = catalog_to_csv(loaded.catalog)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        _stderr().print(f"omprio: cannot write {output}: {error.strerror or error}", markup=False)
        raise typer.Exit(2) from None


@app.command()
def show(path: PathArgument, lang: LangOption = Language.da) -> None:
    """Vis overblikket som en tabel: temaer, rækker, totaler pr. år og stillinger."""
    from omprio.cli.overview_table import overview_table

    loaded = _load(path)
    console = Console(highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = Console(highlight=False, width=140)  # a file or pipe: room for the labels
    console.print(overview_table(loaded.catalog, _lang(lang)))


from omprio.cli import account_commands as _accounts  # noqa: E402 - users and tokens
from omprio.cli import workspace_commands as _ws  # noqa: E402 - commands of the workspace

app.command("serve")(_ws.serve_command)
app.command("import")(_ws.import_command)
app.command("backup")(_ws.backup_command)
app.command("restore")(_ws.restore_command)
app.add_typer(_accounts.user_app, name="user")
app.add_typer(_accounts.token_app, name="token")

from omprio.cli import publish_commands as _pub  # noqa: E402 - publishing

app.command("publish")(_pub.publish_command)
app.command("diff")(_pub.diff_command)

from omprio.cli import decide_commands as _decide  # noqa: E402 - commands of deciding

app.command("optimize")(_decide.optimize_command)
app.add_typer(_decide.scenario_app, name="scenario")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"omprio {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Vis version.")
    ] = False,
) -> None:
    """omprio: omprioriteringskataloger som præcise, kontrollerede data."""


def main() -> None:
    """Entry point of the ``omprio`` script; never shows a traceback unless OMPRIO_DEBUG is set."""
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        _stderr().print("omprio: interrupted")
        sys.exit(130)
    except Exception as error:
        if os.environ.get("OMPRIO_DEBUG"):
            raise
        _stderr().print(
            f"omprio: unexpected error: {type(error).__name__}: {error} "
            "(set OMPRIO_DEBUG=1 for details)",
            markup=False,
        )
        sys.exit(2)
