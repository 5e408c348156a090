"""CLI command of the measure form: ``omprio template``.

``omprio template CATALOG -o tiltag.docx`` writes the blank measure form in Word for a catalog
(a file, or the id of a stored catalog with ``--db``); ``omprio template ROUND --round -o …`` for
a budget round's period, price level and unit. A filled-in form reads back with ``omprio check
FORM.docx`` (as a catalog of its one measure). Exit codes: 0 written, 2 the catalog or round
cannot be read or found, or the file cannot be written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from omprio.cli.options import DEFAULT_LANGUAGE, LangOption, note, warn
from omprio.vocabulary.word_form import FormFrame


def _frame(source: str, is_round: bool, db: str | None) -> FormFrame:
    """The frame of a catalog file, a stored catalog or (``--round``) a budget round."""
    from omprio.read.word_form import catalog_frame

    path = Path(source)
    if is_round or (not path.exists() and source.isdecimal()):
        if not source.isdecimal():
            warn("cli.template.round_id", value=source)
            raise typer.Exit(2)
        from omprio.cli.workspace_commands import SYSTEM, workspace
        from omprio.publish.word_form import round_frame
        from omprio.store.errors import WorkspaceError

        with workspace(db) as ws:
            try:
                if is_round:
                    return round_frame(ws.stored_round(int(source), SYSTEM).budget_round)
                return catalog_frame(ws.version(int(source), SYSTEM).catalog)
            except WorkspaceError as error:
                warn(error)
                raise typer.Exit(2) from None
    from omprio.read import ReadError, load

    try:
        return catalog_frame(load(path).catalog)
    except ReadError as error:
        warn("cli.err.file", path=error.path, reason=error)
        raise typer.Exit(2) from None


def template_command(
    source: Annotated[
        str,
        typer.Argument(help="Katalog (fil eller id i arbejdsområdet) eller, med --round, en "
                       "budgetrundes id."),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Word-filen (.docx).")],
    is_round: Annotated[
        bool, typer.Option("--round", help="SOURCE er en budgetrundes id.")
    ] = False,
    lang: LangOption = DEFAULT_LANGUAGE,
    db: Annotated[str | None, typer.Option("--db", help="Database-URL for et id.")] = None,
) -> None:
    """Skriv en tom tiltagsskabelon i Word til et katalog eller en budgetrunde."""
    from omprio.cli.publish_commands import write_file
    from omprio.publish.word_form import measure_form

    content = measure_form(_frame(source, is_round, db), lang)
    try:
        write_file(output, content)
    except OSError as error:
        warn("cli.err.cannot_write", path=output, reason=error.strerror or error)
        raise typer.Exit(2) from None
    note("cli.publish.written", path=output)
