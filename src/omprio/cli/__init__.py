"""The ``omprio`` command line: check, export and show a catalog; the list of the other commands.

The other commands live in the modules beside this one (workspace_commands, account_commands,
publish_commands, decide_commands) and are imported only when they run (:mod:`omprio.cli.lazy`).

Exit codes of ``omprio check``: 0 when no finding is an error, 1 when some is, 2 when the input
cannot be read at all (one clear message on stderr). No command shows a traceback to a user:
an unexpected failure is reported in one line and exits 2 (``OMPRIO_DEBUG=1`` shows the details).
"""

from __future__ import annotations

import json
import os
import sys
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from omprio import __version__
from omprio.cli.lazy import Lazy, LazyGroup
from omprio.cli.options import (
    DEFAULT_LANGUAGE,
    DecimalsOption,
    LangOption,
    MapOption,
    PriceBaseOption,
    SheetOption,
    UnitOption,
    current_language,
    fail,
    forget_language,
    mapping_of,
)
from omprio.cli.options import lang as lang_of

if TYPE_CHECKING:
    from omprio.display import Lang
    from omprio.findings import Finding
    from omprio.model import Catalog
    from omprio.read import Loaded
    from omprio.read.mapping import Mapping

# What each command needs is imported when it runs (see omprio.cli.lazy): `omprio --help` and
# `omprio check` start without the web app, the database, the solver or Typst.
_WS = "omprio.cli.workspace_commands"
_PUB = "omprio.cli.publish_commands"
_DECIDE = "omprio.cli.decide_commands"
_ACCOUNTS = "omprio.cli.account_commands"
_CATALOGS = "omprio.cli.catalog_commands"
_ROUNDS = "omprio.cli.round_commands"
_FOLLOWUP = "omprio.cli.followup_commands"


class _Commands(LazyGroup):
    lazy = {  # noqa: RUF012 - a class-level table, read only
        "serve": Lazy(
            _WS,
            "serve_command",
            "Start webappen (start the web app); importerer referencekataloget ved første start.",
        ),
        "import": Lazy(
            _WS,
            "import_command",
            "Importér et katalog og udskriv dets id (import a catalog; prints its id).",
        ),
        "backup": Lazy(
            _WS,
            "backup_command",
            "Tag en sikkerhedskopi af hele databasen som JSON-linjer (back up).",
        ),
        "restore": Lazy(
            _WS, "restore_command", "Genskab en sikkerhedskopi i en tom database (restore)."
        ),
        "publish": Lazy(
            _PUB,
            "publish_command",
            "Udgiv kataloget som PDF, HTML, Word, Excel, Fiscal Data Package eller CSV.",
        ),
        "template": Lazy(
            "omprio.cli.form_commands",
            "template_command",
            "Skriv en tom tiltagsskabelon i Word til et katalog eller en budgetrunde.",
        ),
        "diff": Lazy(
            _PUB,
            "diff_command",
            "Vis hvert beløb og hver tekst, der er ændret fra OLD til NEW. "
            "Exit 0: ens, 1: forskelle.",
        ),
        "optimize": Lazy(
            _DECIDE,
            "optimize_command",
            "Find den bedste pakke tiltag, der når målet hvert år. "
            "Exit 0: fundet, 1: umuligt, 2: fejl.",
        ),
        "catalog": Lazy(
            _CATALOGS,
            "catalog_app",
            "Kataloger: vis, opret, omdøb, tilføj og fjern tiltag, skift stadie, gør offentligt, "
            "forslagenes status (catalogs: list, show, new, rename, add-measure, remove-measure, "
            "stage, public, status, submissions).",
        ),
        "round": Lazy(
            _ROUNDS,
            "round_app",
            "Budgetrunden: sparekrav, fordelingsnøgler og afdelingernes andele "
            "(budget round: requirements, allocation keys, departments' parts).",
        ),
        "agreement": Lazy(
            _FOLLOWUP,
            "agreement_command",
            "Registrér budgetforliget: en ny, vedtaget version af kataloget "
            "(record the agreement).",
        ),
        "followup": Lazy(
            _FOLLOWUP,
            "followup_app",
            "Opfølgning på budgetforliget: indlæs, vis, luk, historik "
            "(follow-up of the budget agreement: import, show, close, history).",
        ),
        "hearing": Lazy(
            "omprio.cli.hearing_commands",
            "hearing_app",
            "Høringen: høringssvar, deres tiltag og sammenfatningen "
            "(hearing: responses, links, summary).",
        ),
        "user": Lazy(_ACCOUNTS, "user_app", "Brugere og roller (users and roles)."),
        "token": Lazy(_ACCOUNTS, "token_app", "API-tokens til scripts (API tokens)."),
        "scenario": Lazy(
            _DECIDE,
            "scenario_app",
            "Scenarier: vis, sammenlign, opret, gem og eksportér "
            "(scenarios: show, compare, new, list, save, export).",
        ),
    }


app = typer.Typer(
    name="omprio",
    cls=_Commands,
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


PriceLevelOption = Annotated[int | None, typer.Option(
    "--price-level", help="Vis/eksportér i et andet prisniveau (år; kræver --index).")]
IndexOption = Annotated[Path | None, typer.Option(
    "--index", help="CSV med pris- og lønindeks (år;løn;øvrige).")]
WageShareOption = Annotated[str | None, typer.Option(
    "--wage-share", help="Lønandelen i procent ved omregning (standard 70).")]
PathArgument = Annotated[
    Path, typer.Argument(
        help="Katalog: PDF, udtrukket tekst, Word, omprio-JSON eller -regneark; med --map et "
        "regneark (CSV eller XLSX) i egne kolonner."
    )
]


def _stderr() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def _load(path: Path, mapping: Mapping | None = None) -> Loaded:
    from omprio.read import ReadError, load

    try:
        return load(path, mapping)
    except ReadError as error:
        fail("cli.err.file", path=error.path, reason=error)


def _lang(value: str) -> Lang:
    return lang_of(value)


def _dump(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@app.command()
def check(
    path: PathArgument,
    output_format: Annotated[
        CheckFormat, typer.Option("--format", help="text eller json.")
    ] = CheckFormat.text,
    maps: MapOption = None,
    unit: UnitOption = None,
    price_base: PriceBaseOption = None,
    decimals: DecimalsOption = None,
    sheet: SheetOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Kontrollér alle tal i et katalog. Exit 0: ingen fejl, 1: fejl fundet, 2: kan ikke læses."""
    from omprio.check import check_catalog
    from omprio.cli.progress import phases

    mapping = mapping_of(maps, unit, price_base, decimals, sheet)
    with phases() as step:
        step("read")
        loaded = _load(path, mapping)
        step("check")
        findings: list[Finding] = [*loaded.findings, *check_catalog(loaded.catalog)]
    if output_format is CheckFormat.json:
        from omprio.cli.report import findings_json

        sys.stdout.write(_dump(findings_json(findings, _lang(lang), loaded.layout)))
    else:
        from omprio.cli.report import print_report

        print_report(Console(highlight=False), loaded.catalog, findings, _lang(lang),
                     loaded.layout)
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
    price_level: PriceLevelOption = None,
    index: IndexOption = None,
    wage_share: WageShareOption = None,
    maps: MapOption = None,
    unit: UnitOption = None,
    price_base: PriceBaseOption = None,
    decimals: DecimalsOption = None,
    sheet: SheetOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Eksportér kataloget som omprio.catalog/1-JSON eller CSV (evt. i et andet prisniveau)."""
    mapping = mapping_of(maps, unit, price_base, decimals, sheet)
    catalog = _at_level(_load(path, mapping).catalog, price_level, index, wage_share, lang)
    if output_format is ExportFormat.json:
        from omprio.interchange import catalog_to_json

        text = _dump(catalog_to_json(catalog))
    else:
        from omprio.publish.csv_export import catalog_to_csv

        text = catalog_to_csv(catalog)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        fail("cli.err.cannot_write", path=output, reason=error.strerror or error)


@app.command()
def show(path: PathArgument, price_level: PriceLevelOption = None, index: IndexOption = None,
         wage_share: WageShareOption = None, lang: LangOption = DEFAULT_LANGUAGE) -> None:
    """Vis overblikket som en tabel: temaer, rækker, totaler pr. år og stillinger."""
    from omprio.cli.overview_table import overview_table

    catalog = _at_level(_load(path).catalog, price_level, index, wage_share, lang)
    console = Console(highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = Console(highlight=False, width=140)  # a file or pipe: room for the labels
    console.print(overview_table(catalog, _lang(lang)))


def _at_level(catalog: Catalog, price_level: int | None, index: Path | None,
              wage_share: str | None, lang: str) -> Catalog:
    """``catalog`` moved to ``price_level`` with the price and wage index of ``index`` (each
    amount rounded to whole units: totals may then differ from their rows by rounding), or as
    it is without ``--price-level``; a missing index or year is exit 2."""
    if price_level is None:
        if index is not None:
            fail("cli.price_level_needed")
        return catalog
    if index is None:
        fail("cli.index_needed", level=price_level)
    from omprio.money import NumberRefused, typed_amount
    from omprio.rounds import prices
    from omprio.rounds.problems import RoundProblem

    try:
        data = index.read_bytes()
    except OSError as error:
        fail("cli.round.unreadable", path=str(index), reason=error.strerror or str(error))
    try:
        share = (Decimal("0.7") if wage_share is None
                 else typed_amount(wage_share, lang) / 100)
        return prices.convert_catalog(catalog, price_level, prices.index_from_csv(
            data, index.name), share)
    except (RoundProblem, NumberRefused) as problem:
        fail(problem)


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
    forget_language()


def main() -> None:
    """Entry point of the ``omprio`` script; never shows a traceback unless OMPRIO_DEBUG is set."""
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        from omprio.i18n import t

        _stderr().print(f"omprio: {t('cli.err.interrupted', current_language())}", markup=False)
        sys.exit(130)
    except Exception as error:
        if os.environ.get("OMPRIO_DEBUG"):
            raise
        from omprio.i18n import t

        said = t("cli.err.unexpected", current_language(), kind=type(error).__name__, error=error)
        _stderr().print(f"omprio: {said}", markup=False)
        sys.exit(2)
