"""``omprio catalog``: what the catalog pages do, on the command line — list, show, new,
rename, add-measure, remove-measure, stage and public; a measure's status in the making of the
catalog and where the areas stand.

Each command opens the workspace (``--db``), calls one workspace method as the web app does, and
says what happened in the chosen language (``--lang``). The acting user is ``--user`` (else the
login name) with the administrator's rights, as for ``omprio import``: whoever may open the
database may change it. A refusal or an unknown catalog is one line on stderr and exit code 2,
never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, TypeVar
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from omprio.cli.options import DEFAULT_LANGUAGE, LangOption, console, fail, say
from omprio.i18n import t, tn

if TYPE_CHECKING:
    from omprio.display import Lang
    from omprio.store.accounts import Actor
    from omprio.store.workspace import Workspace

catalog_app = typer.Typer(
    help="Kataloger: vis, opret, omdøb, tilføj og fjern tiltag, skift stadie, gør offentligt, "
    "forslagenes status (catalogs: list, show, new, rename, add-measure, remove-measure, stage, "
    "public, status, submissions).",
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
TIMEZONE = ZoneInfo("Europe/Copenhagen")
STAGE_WORDS = {
    "udkast": "draft",
    "hoering": "hearing",
    "høring": "hearing",
    "horing": "hearing",
    "vedtaget": "adopted",
    "draft": "draft",
    "hearing": "hearing",
    "adopted": "adopted",
}
"""The stages as typed: the Danish words (``hoering`` without ``ø`` too) and the stored names."""

_COLUMNS: tuple[tuple[str, Literal["left", "right"]], ...] = (
    ("id", "right"),
    ("name", "left"),
    ("department", "left"),
    ("stage", "left"),
    ("public", "left"),
    ("versions", "right"),
    ("latest", "left"),
)
T = TypeVar("T")


@contextmanager
def _workspace(db: str | None, lang: Lang) -> Iterator[Workspace]:
    """The workspace for ``--db``; a failure in it is one line in ``lang`` and exit code 2."""
    from omprio.store.database import DatabaseUrlError, default_url
    from omprio.store.errors import WorkspaceError
    from omprio.store.workspace import Workspace

    try:
        ws = Workspace(db or default_url())
        try:
            yield ws
        finally:
            ws.engine.dispose()
    except DatabaseUrlError as error:
        fail(error)
    except WorkspaceError as error:
        fail(error)


def _call(db: str | None, lang: Lang, work: Callable[[Workspace], T]) -> T:
    with _workspace(db, lang) as ws:
        return work(ws)


def _actor(user: str | None) -> Actor:
    from omprio.cli.workspace_commands import _cli_actor

    return _cli_actor(user)


def _when(moment: datetime, lang: Lang) -> str:
    from babel.dates import format_datetime

    from omprio import display

    pattern = t("date.when", lang)
    return str(format_datetime(moment, pattern, tzinfo=TIMEZONE, locale=display.locale_of(lang)))


def _yes(value: bool, lang: Lang) -> str:
    return t("cli.catalogs.yes", lang) if value else t("cli.catalogs.no", lang)


@catalog_app.command("list")
def catalog_list(db: DbOption = None, lang: LangOption = DEFAULT_LANGUAGE) -> None:
    """Vis katalogerne: id, navn, magistratsafdeling, stadie, offentligt, versioner, seneste
    version (list)."""
    from omprio.cli.workspace_commands import SYSTEM

    items = _call(db, lang, lambda ws: ws.list_catalogs(SYSTEM))
    out = console()
    if not items:
        out.print(t("cli.catalogs.none", lang))
        return
    table = Table(title=t("cli.catalogs.caption", lang))
    for key, justify in _COLUMNS:
        table.add_column(t(f"cli.catalogs.col.{key}", lang), justify=justify)
    for item in items:
        table.add_row(
            str(item.id),
            item.name,
            item.department,
            t(f"stage.{item.latest.stage}", lang),
            _yes(item.public, lang),
            str(item.versions),
            _when(item.latest.created_at, lang),
        )
    out.print(table)


@catalog_app.command("show")
def catalog_show(
    catalog: CatalogArgument, db: DbOption = None, lang: LangOption = DEFAULT_LANGUAGE
) -> None:
    """Vis et katalog: navn, beskrivelse, magistratsafdeling, stadie, versioner og hvem der har
    omdøbt det (show)."""
    from omprio.cli.workspace_commands import SYSTEM

    details = _call(db, lang, lambda ws: ws.catalog_details(catalog, SYSTEM))
    item = details.summary
    latest = item.latest
    rows = [
        ("cli.catalogs.col.id", str(item.id)),
        ("cli.catalogs.col.name", item.name),
        ("cli.catalogs.col.department", item.department),
        ("identity.description", item.description),
        ("cli.catalogs.title", item.title),
        ("cli.catalogs.col.stage", t(f"stage.{latest.stage}", lang)),
        ("cli.catalogs.col.public", _yes(item.public, lang)),
        ("cli.catalogs.col.versions", str(item.versions)),
        ("cli.catalogs.col.latest", t("cli.catalogs.latest_by", lang, number=latest.number,
                                      when=_when(latest.created_at, lang), author=latest.author)),
        ("cli.catalogs.measures", str(item.measures)),
        ("cli.catalogs.findings", t("cli.catalogs.findings_counts", lang,
                                    errors=tn("count.error", latest.errors, lang),
                                    warnings=tn("count.warning", latest.warnings, lang))),
    ]
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    for key, value in rows:
        table.add_row(t(key, lang), value)
    out = console()
    out.print(table)
    for rename in details.renames:
        out.print(t("cli.catalogs.renamed", lang, when=_when(rename.changed_at, lang),
                    author=rename.author, name=rename.name), markup=False)


@catalog_app.command("rename")
def catalog_rename(
    catalog: CatalogArgument,
    name: Annotated[str | None, typer.Option("--name", help="Det nye navn.")] = None,
    description: Annotated[
        str | None, typer.Option("--description", help="En kort beskrivelse ('' fjerner den).")
    ] = None,
    department: Annotated[
        str | None, typer.Option("--department", help="Magistratsafdelingen.")
    ] = None,
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Giv et katalog navn, beskrivelse og magistratsafdeling; ingen ny version (rename)."""
    if name is None and description is None and department is None:
        fail("cli.catalogs.rename_nothing")
    actor = _actor(user)
    details = _call(db, lang, lambda ws: ws.rename_catalog(
        catalog, actor, name=name, description=description, department=department))
    key = "cli.catalogs.renamed_now" if details.changed else "cli.catalogs.rename_same"
    console().print(t(key, lang, id=catalog, name=details.summary.name), markup=False)


@catalog_app.command("stage")
def catalog_stage(
    catalog: CatalogArgument,
    stage: Annotated[str, typer.Argument(help="udkast, hoering eller vedtaget.")],
    message: Annotated[str, typer.Option("--message", "-m", help="Hvorfor.")] = "",
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Flyt kataloget til et stadie (udkast, hoering, vedtaget) som en ny version (stage)."""
    wanted = STAGE_WORDS.get(stage.strip().lower())
    if wanted is None:
        fail("cli.catalogs.stage_unknown", stage=stage)
    actor = _actor(user)

    def move(ws: Workspace) -> tuple[int, int]:
        before = ws.version_stamp(catalog, actor).latest
        after = ws.set_stage(catalog, wanted, actor, message)
        return before, after.info.number

    before, after = _call(db, lang, move)
    shown = t(f"stage.{wanted}", lang)
    if after == before:
        console().print(t("cli.catalogs.stage_same", lang, id=catalog, stage=shown))
    else:
        console().print(t("cli.catalogs.stage_now", lang, id=catalog, stage=shown, version=after))


@catalog_app.command("public")
def catalog_public(
    catalog: CatalogArgument,
    public: Annotated[
        bool | None, typer.Option("--on/--off", help="Offentligt (--on) eller internt (--off).")
    ] = None,
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Gør kataloget offentligt (--on) eller internt (--off) (public)."""
    if public is None:
        fail("cli.catalogs.public_choose")
    actor = _actor(user)
    _call(db, lang, lambda ws: ws.set_public(catalog, public, actor))
    key = "cli.catalogs.public_on" if public else "cli.catalogs.public_off"
    console().print(t(key, lang, id=catalog))


YearsOption = Annotated[str | None, typer.Option(
    "--years", help="Budgetperioden, fx 2025-2028 (eller 2025,2026,2027).")]


def _years(text: str) -> tuple[int, ...]:
    """``2025-2028`` or ``2025,2026,2027`` as years; a message and exit 2 otherwise."""
    first, dash, last = text.strip().partition("-")
    try:
        if dash:
            return tuple(range(int(first), int(last) + 1)) if int(last) - int(first) < 100 else ()
        return tuple(int(item) for item in text.replace(";", ",").split(",") if item.strip())
    except ValueError:
        fail("cli.catalogs.bad_years", years=text)


@catalog_app.command("new")
def catalog_new(
    title: Annotated[str, typer.Option("--title", help="Katalogets titel.")],
    department: Annotated[str, typer.Option(
        "--department", help="Magistratsafdelingen (med --round: afdelingens kode i runden).")
    ] = "",
    years: YearsOption = None,
    price_base: Annotated[str | None, typer.Option(
        "--price-base", help="Prisniveauet, fx 2025-PL.")] = None,
    unit: Annotated[str, typer.Option("--unit", help="Beløbenes enhed.")] = "1.000 kr.",
    target: Annotated[str | None, typer.Option(
        "--target", help="Måltallet pr. år, fx '-3.000;-3.000;-3.000;-3.000'.")] = None,
    organisation: Annotated[str | None, typer.Option(
        "--organisation", help="Kommunen.")] = None,
    round_id: Annotated[int | None, typer.Option(
        "--round", help="Budgetrundens id: år, prisniveau, enhed og måltal fra runden.")] = None,
    why: Annotated[str, typer.Option("--why", "-m", help="Hvorfor.")] = "",
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Opret et tomt katalog og udskriv dets id (new: create an empty catalog; prints its id)."""
    from omprio.rounds.problems import RoundProblem
    from omprio.service import rounds as round_service
    from omprio.store.workspace import NewCatalog

    actor = _actor(user)
    if round_id is not None:
        from omprio.service.authoring import create_for_round

        if not department.strip():
            fail("cli.catalogs.round_department")
        stored = _call(db, lang, lambda ws: create_for_round(
            ws, actor, round_id, department, title, reason=why))
        typer.echo(stored.info.catalog_id)
        return
    if years is None:
        fail("cli.catalogs.years_needed")
    period = _years(years)
    try:
        wanted = round_service.year_amounts(target, period, lang) if target else {}
    except RoundProblem as problem:
        fail(problem)
    new = NewCatalog(title=title, years=period, department=department,
                     organisation=organisation, price_base=price_base, unit=unit, target=wanted)
    stored = _call(db, lang, lambda ws: ws.create_catalog(actor, new, why))
    typer.echo(stored.info.catalog_id)


BaseOption = Annotated[int | None, typer.Option(
    "--base-version", help="Versionen, ændringen bygger på (standard: den seneste).")]
WhyOption = Annotated[str, typer.Option("--why", "-m", help="Hvorfor.")]


@catalog_app.command("add-measure")
def catalog_add_measure(
    catalog: CatalogArgument,
    file: Annotated[Path, typer.Argument(help="Tiltaget som omprio.catalog/1-JSON.")],
    base_version: BaseOption = None,
    why: WhyOption = "",
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Tilføj et tiltag (omprio.catalog/1-JSON) som en ny version (add-measure)."""
    import json

    from omprio.interchange import measure_from_json
    from omprio.money import NumberRefused, loads
    from omprio.read_error import ReadError

    try:
        measure = measure_from_json(loads(file.read_bytes()), file.name)
    except OSError as error:
        fail("cli.catalogs.unreadable", path=str(file), reason=error.strerror or str(error))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        fail("cli.catalogs.not_json", path=str(file), reason=str(error))
    except (ReadError, NumberRefused) as error:
        fail(error)
    actor = _actor(user)

    def add(ws: Workspace) -> int:
        base = base_version or ws.version_stamp(catalog, actor).latest
        return ws.add_measure(actor, catalog, measure, base_version=base,
                              reason=why).info.number

    version = _call(db, lang, add)
    say("cli.catalogs.measure_added", code=measure.code, id=catalog, version=version)


@catalog_app.command("remove-measure")
def catalog_remove_measure(
    catalog: CatalogArgument,
    code: Annotated[str, typer.Argument(help="Tiltagets kode, fx BFF-1.")],
    base_version: BaseOption = None,
    why: WhyOption = "",
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Fjern et tiltag som en ny version (remove-measure)."""
    actor = _actor(user)

    def remove(ws: Workspace) -> int:
        base = base_version or ws.version_stamp(catalog, actor).latest
        return ws.delete_measure(actor, catalog, code, base_version=base, reason=why).info.number

    version = _call(db, lang, remove)
    say("cli.catalogs.measure_removed", code=code, id=catalog, version=version)


STATUS_WORDS = {
    "udkast": "draft",
    "indsendt": "submitted",
    "godkendt": "accepted",
    "afvist": "rejected",
    "trukket": "withdrawn",
    "draft": "draft",
    "submitted": "submitted",
    "accepted": "accepted",
    "rejected": "rejected",
    "withdrawn": "withdrawn",
}
"""A measure's statuses as typed: the Danish words and the stored names."""


@catalog_app.command("status")
def catalog_status(
    catalog: CatalogArgument,
    code: Annotated[str, typer.Argument(help="Tiltagets kode, fx BFF-1.")],
    status: Annotated[
        str, typer.Argument(help="udkast, indsendt, godkendt, afvist eller trukket.")
    ],
    reason: Annotated[
        str | None, typer.Option("--reason", help="Begrundelse (kræves for afvist og udkast).")
    ] = None,
    comment: Annotated[
        str | None, typer.Option("--comment", help="En kommentar til tiltagets tråd.")
    ] = None,
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Sæt et tiltags status i katalogarbejdet som en ny version (status)."""
    wanted = STATUS_WORDS.get(status.strip().lower())
    if wanted is None:
        fail("cli.status.unknown", status=status)
    actor = _actor(user)

    def move(ws: Workspace) -> int:
        base = ws.version_stamp(catalog, actor).latest
        stored = ws.set_status(catalog, code, wanted, actor, base_version=base,
                               reason=reason, comment=comment)
        return stored.info.number

    version = _call(db, lang, move)
    console().print(t("cli.status.now", lang, id=catalog, code=code,
                      status=t(f"status.name.{wanted}", lang), version=version), markup=False)


@catalog_app.command("submissions")
def catalog_submissions(
    catalog: CatalogArgument,
    output: Annotated[str, typer.Option("--format", help="text eller json.")] = "text",
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Vis hvor driftsområderne står: forslag pr. status, godkendt netto, andel og mangler
    (submissions)."""
    import json

    from omprio.cli.workspace_commands import SYSTEM
    from omprio.service.submissions import areas_json, areas_overview

    if output not in ("text", "json"):
        fail("cli.status.format", format=output)
    view = _call(db, lang, lambda ws: areas_overview(ws, catalog, SYSTEM))
    if output == "json":
        typer.echo(json.dumps(areas_json(view), ensure_ascii=False, indent=2))
        return
    from omprio import display

    def amounts(values: dict[int, Decimal] | None) -> list[str]:
        return [display.number(values[year], lang) if values and year in values else "–"
                for year in view.years]

    table = Table(title=t("submissions.title", lang),
                  caption=f"{view.price_base or ''} {view.unit}".strip())
    table.add_column(t("submissions.area", lang))
    for status in ("submitted", "accepted", "draft", "rejected", "withdrawn"):
        table.add_column(t(f"status.{status}", lang), justify="right")
    table.add_column(t("submissions.what", lang))
    for year in view.years:
        table.add_column(str(year), justify="right")
    statuses = ("submitted", "accepted", "draft", "rejected", "withdrawn")
    for row in view.areas:
        counts = [str(row.counts[s]) for s in statuses]
        table.add_row(row.area, *counts, t("submissions.accepted", lang), *amounts(row.accepted))
        if row.share is not None:
            blank = [""] * (1 + len(statuses))
            table.add_row(*blank, t("submissions.share", lang), *amounts(row.share))
            table.add_row(*blank, t("submissions.missing", lang), *amounts(row.missing))
    totals = [str(view.totals[s]) for s in statuses]
    blank = [""] * (1 + len(statuses))
    table.add_row(t("submissions.total", lang), *totals, t("submissions.accepted", lang),
                  *amounts(view.accepted))
    table.add_row(*blank, t("submissions.target", lang), *amounts(view.target))
    table.add_row(*blank, t("submissions.missing", lang), *amounts(view.missing))
    console().print(table)
