"""CLI commands of publishing: ``omprio publish`` and ``omprio diff``.

``omprio publish CATALOG --format pdf|html|docx|xlsx|fdp|csv|excel-csv -o OUT`` writes the
catalog (a file, or the id of a catalog in the workspace) in one format; ``--measure CODE`` writes
one measure's page as a PDF. A catalog from the workspace is published with its stage, version
and date (:class:`~omprio.publish.edition.Edition`). A catalog with findings is published with
the findings in an appendix, unless ``--strict``: then nothing is written, the findings are
shown and the exit code is 1. ``omprio diff OLD NEW`` prints every amount and text that differs
between two catalogs (for example a workbook before and after someone edited it).

Exit codes: 0 done (diff: no differences), 1 refused by ``--strict`` (diff: differences), 2 the
input cannot be read, the format, language or scenario is unknown, or the output cannot be written.
"""

from __future__ import annotations

import json
import os
import sys
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from omprio import display
from omprio.cli.options import DEFAULT_LANGUAGE, LangOption, counted, note, warn
from omprio.display import Lang
from omprio.findings import Finding, Severity
from omprio.i18n import t
from omprio.model import Catalog
from omprio.publish.edition import Edition


class PublishFormat(StrEnum):
    """Formats of ``omprio publish``."""

    pdf = "pdf"
    html = "html"
    docx = "docx"
    xlsx = "xlsx"
    fdp = "fdp"
    csv = "csv"
    excel_csv = "excel-csv"


def _source(source: str, db: str | None) -> tuple[Catalog, list[Finding], Edition | None]:
    """The catalog, its findings, and the stored version it is (None for a file)."""
    from omprio.check import check_catalog
    from omprio.read import ReadError, load

    path = Path(source)
    if not path.exists() and source.isdecimal():
        from omprio.cli.workspace_commands import SYSTEM, workspace
        from omprio.store.errors import WorkspaceError

        with workspace(db) as ws:
            try:
                stored = ws.version(int(source), SYSTEM)
            except WorkspaceError as error:
                warn(error)
                raise typer.Exit(2) from None
        edition = Edition.of_version(stored.catalog.title, stored.info)
        return stored.catalog, list(stored.findings), edition
    try:
        loaded = load(path)
    except ReadError as error:
        warn("cli.err.file", path=error.path, reason=error)
        raise typer.Exit(2) from None
    return loaded.catalog, [*loaded.findings, *check_catalog(loaded.catalog)], None


def _write(output: Path, content: bytes | dict[str, bytes]) -> None:
    """Write a file (atomically) or, for a package, a folder of files."""
    if isinstance(content, dict):
        output.mkdir(parents=True, exist_ok=True)
        for name, data in content.items():
            _write(output / name, data)
        return
    write_file(output, content)


def write_file(output: Path, content: bytes) -> None:
    """Write a file atomically (``-``: standard output)."""
    if str(output) == "-":
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    partial = output.with_name(output.name + ".part")
    partial.write_bytes(content)
    os.replace(partial, output)


def publish_command(
    catalog: Annotated[
        str,
        typer.Argument(
            help="Katalog: PDF, tekst, omprio-JSON, omprio-regneark, eller id i arbejdsområdet.",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option(
            "-o", "--output", help="Fil (pdf/html/docx/xlsx/csv); mappe eller .zip (fdp)."
        ),
    ],
    output_format: Annotated[
        PublishFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="pdf, html, docx, xlsx, fdp, csv eller excel-csv (ellers efter -o).",
        ),
    ] = None,
    measure: Annotated[
        str | None,
        typer.Option("--measure", help="Udgiv kun dette tiltag (kode, fx BFF-1) som PDF."),
    ] = None,
    scenario: Annotated[
        str | None,
        typer.Option("--scenario", help="Udgiv et scenarie (omprio.scenario/1-fil) af kataloget."),
    ] = None,
    lang: LangOption = DEFAULT_LANGUAGE,
    strict: Annotated[
        bool, typer.Option("--strict", help="Udgiv ikke, hvis der er fejl eller advarsler.")
    ] = False,
    db: Annotated[str | None, typer.Option("--db", help="Database-URL for et katalog-id.")] = None,
) -> None:
    """Udgiv kataloget som PDF, HTML, Word, Excel, Fiscal Data Package eller CSV."""
    from omprio.publish.errors import PublishError
    from omprio.publish.formats import SUFFIXES, publish, publish_measure

    language: Lang = lang
    if output_format is None:
        guessed = SUFFIXES.get(output.suffix.lower())
        if guessed is None:
            warn("cli.err.publish_format", path=output, formats=", ".join(PublishFormat))
            raise typer.Exit(2)
        fmt = guessed
    else:
        fmt = output_format.value
    if measure is not None and fmt != "pdf":
        warn("cli.publish.measure_pdf_only")
        raise typer.Exit(2)
    read, findings, edition = _source(catalog, db)
    if scenario is not None:
        from omprio.publish.scenario import scenario_catalog

        try:
            read = scenario_catalog(read, scenario)
        except PublishError as error:
            warn(error)
            raise typer.Exit(2) from None
        from omprio.check import check_catalog

        findings = list(check_catalog(read))
        if edition is not None:
            edition = Edition(read.title, edition.stage, edition.version, edition.date,
                              edition.catalog_id)
    if measure is not None:
        if read.measure(measure) is None:
            warn("err.no_measure", code=measure)
            raise typer.Exit(2)
        findings = [f for f in findings if f.measure == measure]
    blocking = [f for f in findings if f.severity is not Severity.INFO]
    if strict and blocking:
        from omprio.cli.report import print_report

        print_report(Console(stderr=True, highlight=False), read, findings, language)
        warn("cli.err.strict", findings=counted("cli.count.finding", len(blocking)))
        raise typer.Exit(1)
    from omprio.cli.progress import phases

    try:
        content: bytes | dict[str, bytes]
        with phases() as step:
            step("render")
            if measure is not None:
                content = publish_measure(read, measure, language, edition)
            else:
                content = publish(read, findings, fmt, language, edition)
        if fmt == "fdp" and output.suffix.lower() == ".zip":
            from omprio.publish.fdp import package_zip

            assert isinstance(content, dict)
            content = package_zip(content)
        _write(output, content)
    except PublishError as error:
        warn(error)
        raise typer.Exit(2) from None
    except OSError as error:
        warn("cli.err.cannot_write", path=output, reason=error.strerror or error)
        raise typer.Exit(2) from None
    if str(output) != "-":
        shown = len(findings) if fmt in ("pdf", "html", "docx") else 0
        if shown:
            note("cli.publish.written_appendix", path=output,
                 findings=counted("cli.count.finding", shown))
        else:
            note("cli.publish.written", path=output)


def _shown(value: object, lang: Lang) -> str:
    if isinstance(value, Decimal):
        return display.number(value, lang)
    if value is None:
        return "–"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def diff_command(
    old: Annotated[Path, typer.Argument(help="Det oprindelige katalog.")],
    new: Annotated[Path, typer.Argument(help="Det ændrede katalog (fx et redigeret regneark).")],
    as_json: Annotated[bool, typer.Option("--json", help="Som JSON.")] = False,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Vis hvert beløb og hver tekst, der er ændret fra OLD til NEW. Exit 0: ens, 1: forskelle."""
    from omprio.read import ReadError, load
    from omprio.store.diff import diff_catalogs

    language: Lang = lang
    try:
        before, after = load(old).catalog, load(new).catalog
    except ReadError as error:
        warn("cli.err.file", path=error.path, reason=error)
        raise typer.Exit(2) from None
    result = diff_catalogs(before, after)
    if as_json:
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n")
        raise typer.Exit(0 if result.empty else 1)
    out = Console(highlight=False, soft_wrap=True)
    words = [t(f"cli.diff.{word}", language)
             for word in ("none", "added", "removed", "changed", "catalog")]
    if result.empty:
        out.print(words[0], markup=False)
        raise typer.Exit(0)
    for change in result.catalog:
        out.print(
            f"{words[4]}: {change.path}: {_shown(change.before, language)} → "
            f"{_shown(change.after, language)}",
            markup=False,
        )
    for code, title in result.added:
        out.print(f"{words[1]} {code} {title}", markup=False)
    for code, title in result.removed:
        out.print(f"{words[2]} {code} {title}", markup=False)
    for measure in result.changed:
        out.print(f"{words[3]} {measure.code} {measure.title}", markup=False)
        for change in measure.changes:
            out.print(
                f"  {change.path}: {_shown(change.before, language)} → "
                f"{_shown(change.after, language)}",
                markup=False,
            )
    raise typer.Exit(1)
