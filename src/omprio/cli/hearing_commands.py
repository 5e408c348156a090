"""``omprio hearing``: the public hearing of a catalog on the command line — import responses,
type one in, link one to a measure, show the summary, write the report, purge personal data.

Each command opens the workspace (``--db``) and calls one workspace or service function, as the
web app will. The acting user is ``--user`` (else the login name) with the administrator's
rights, as for ``omprio import``. ``show`` and ``report`` give the public summary (a private
person as "Privatperson") unless ``--internal``. A refusal is one line on stderr and exit 2.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from omprio.cli.options import DEFAULT_LANGUAGE, LangOption, fail, say, warn

hearing_app = typer.Typer(
    help="Høringen: høringssvar, deres tiltag og sammenfatningen "
    "(hearing: responses, links, summary).",
    no_args_is_help=True,
)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database URL (default: OMPRIO_DATABASE_URL or the embedded SQLite file)."
    ),
]
UserOption = Annotated[str | None, typer.Option("--user", help="Navn i historikken.")]
CatalogArgument = Annotated[int, typer.Argument(help="Katalogets id (fra 'omprio catalog list').")]
InternalOption = Annotated[bool, typer.Option(
    "--internal", help="Med privatpersoners navne (kun til internt brug).")]


class ShowFormat(StrEnum):
    """Output formats of ``omprio hearing show``."""

    text = "text"
    json = "json"


class ReportFormat(StrEnum):
    """Output formats of ``omprio hearing report``."""

    csv = "csv"
    docx = "docx"
    pdf = "pdf"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        fail("cli.hearing.unreadable", path=str(path), reason=error.strerror or str(error))


def _mapping(items: list[str] | None) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in items or []:
        field, sep, column = item.partition("=")
        if not sep or not field.strip() or not column.strip():
            fail("cli.hearing.map", value=item)
        mapping[field.strip()] = column.strip()
    return mapping


def _date(value: str, option: str) -> datetime:
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        fail("cli.hearing.bad_date", option=option, value=value)


@hearing_app.command("import")
def hearing_import(
    catalog: CatalogArgument,
    path: Annotated[Path, typer.Argument(help="Høringssvar: CSV, XLSX, tekst eller PDF.")],
    map_: Annotated[list[str] | None, typer.Option(
        "--map", help="Felt=kolonne, når eksportens kolonner hedder noget andet (text=Svar).")]
    = None,
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Importér høringssvar fra portalens eksport, en tekstfil eller en PDF (import)."""
    from omprio.cli.catalog_commands import _actor, _call

    data = _read(path)
    mapping = _mapping(map_)
    actor = _actor(user)
    done = _call(db, lang, lambda ws: ws.import_responses(catalog, data, path.name, actor,
                                                          mapping=mapping or None))
    for note in done.notes:
        warn(note)
    say("cli.hearing.imported", new=len(done.new), known=done.known, catalog=catalog)


@hearing_app.command("add")
def hearing_add(
    catalog: CatalogArgument,
    text: Annotated[Path, typer.Option("--text", help="Fil med svarets tekst.")],
    sender_type: Annotated[str, typer.Option(
        "--sender-type", help="Privatperson, Forening, MED-udvalg, Myndighed …")],
    sender: Annotated[str, typer.Option("--sender", help="Afsenderens navn.")] = "",
    case: Annotated[str, typer.Option("--case", help="Sagsnummer.")] = "",
    submitted: Annotated[str | None, typer.Option(
        "--submitted", help="Modtaget (ÅÅÅÅ-MM-DD).")] = None,
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Skriv et høringssvar ind, fx et brev med posten (add)."""
    from omprio.cli.catalog_commands import _actor, _call
    from omprio.read.decode import decode
    from omprio.read_error import ReadError

    try:
        body, _ = decode(_read(text), text.name)
    except ReadError as error:
        fail("cli.hearing.unreadable", path=str(text), reason=error)
    when = None if submitted is None else _date(submitted, "--submitted")
    actor = _actor(user)
    stored = _call(db, lang, lambda ws: ws.add_response(
        catalog, body, sender_type, actor, sender=sender, case=case, submitted=when))
    say("cli.hearing.added", id=stored.id, catalog=catalog)


@hearing_app.command("link")
def hearing_link(
    catalog: CatalogArgument,
    response: Annotated[int, typer.Argument(help="Høringssvarets id.")],
    code: Annotated[str, typer.Argument(help="Tiltagets kode, fx BFF-3A.")],
    remove: Annotated[bool, typer.Option("--remove", help="Fjern linket.")] = False,
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Knyt et høringssvar til et tiltag, eller fjern linket (--remove) (link)."""
    from omprio.cli.catalog_commands import _actor, _call

    actor = _actor(user)
    _call(db, lang, lambda ws: ws.link_response(catalog, response, code, actor, remove=remove))
    say("cli.hearing.unlinked" if remove else "cli.hearing.linked", id=response,
        code=code.upper())


@hearing_app.command("show")
def hearing_show(
    catalog: CatalogArgument,
    output_format: Annotated[ShowFormat, typer.Option("--format", help="text eller json.")]
    = ShowFormat.text,
    internal: InternalOption = False,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Vis sammenfatningen: svar pr. tiltag og afsendertype, over tid, uden tiltag (show)."""
    from omprio.cli.catalog_commands import _call
    from omprio.cli.workspace_commands import SYSTEM
    from omprio.hearing.summary import summary_json
    from omprio.i18n import t
    from omprio.service.hearing import hearing_summary

    summary = _call(db, lang, lambda ws: hearing_summary(ws, catalog, SYSTEM,
                                                         public=not internal))
    if output_format is ShowFormat.json:
        sys.stdout.write(json.dumps(summary_json(summary), ensure_ascii=False, indent=2) + "\n")
        return
    say("cli.hearing.total", n=summary.responses, catalog=catalog)
    for measure in summary.measures:
        kinds = ", ".join(f"{t(f'hearing.sender.{kind}', lang)} {n}"
                          for kind, n in sorted(measure.by_kind.items()))
        say("cli.hearing.measure", code=measure.code, title=measure.title, n=measure.responses,
            kinds=kinds or "-")
    say("cli.hearing.unlinked_count", n=summary.unlinked)
    kinds = ", ".join(f"{t(f'hearing.sender.{kind}', lang)} {n}"
                      for kind, n in sorted(summary.by_kind.items()))
    say("cli.hearing.kinds", kinds=kinds or "-")
    weeks = ", ".join(f"{week} {n}" for week, n in summary.by_week.items())
    say("cli.hearing.weeks", weeks=weeks or "-")


@hearing_app.command("report")
def hearing_report(
    catalog: CatalogArgument,
    output_format: Annotated[ReportFormat, typer.Option(
        "--format", help="csv, docx eller pdf.")] = ReportFormat.csv,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Fil at skrive til.")]
    = None,
    internal: InternalOption = False,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Skriv høringens rapport: CSV (ét svar og tiltag pr. række), Word eller PDF (report)."""
    from omprio.cli.catalog_commands import _call
    from omprio.cli.workspace_commands import SYSTEM
    from omprio.service.hearing import hearing_report as report

    fmt = output_format.value
    if fmt != "csv" and output is None:
        fail("cli.hearing.docx_output")
    data = _call(db, lang, lambda ws: report(ws, catalog, SYSTEM, fmt, lang,
                                             public=not internal))
    if output is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    assert output is not None
    try:
        output.write_bytes(data)
    except OSError as error:
        fail("cli.err.cannot_write", path=output, reason=error.strerror or error)
    say("cli.hearing.written", path=str(output))


@hearing_app.command("purge")
def hearing_purge(
    catalog: CatalogArgument,
    before: Annotated[str | None, typer.Option(
        "--before", help="Kun svar importeret før denne dato (ÅÅÅÅ-MM-DD).")] = None,
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Slet privatpersoners navne og kontaktoplysninger; tal og anonymiserede tekster bliver
    (purge)."""
    from omprio.cli.catalog_commands import _actor, _call

    moment = None if before is None else _date(before, "--before")
    actor = _actor(user)
    done = _call(db, lang, lambda ws: ws.purge_hearing(catalog, actor, imported_before=moment))
    say("cli.hearing.purged", n=done.responses, catalog=catalog)


@hearing_app.command("game")
def hearing_game(
    catalog: CatalogArgument,
    open_: Annotated[bool, typer.Option(
        "--open/--close", help="Åbn eller luk borgerbudgettet (the public budget game).")],
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Åbn eller luk katalogets borgerbudget (game)."""
    from omprio.cli.catalog_commands import _actor, _call

    actor = _actor(user)
    _call(db, lang, lambda ws: ws.set_game(catalog, open_, actor))
    say("cli.game.opened" if open_ else "cli.game.closed", catalog=catalog)
