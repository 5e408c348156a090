"""CLI commands of the workspace: serve, import, backup and restore (people: account_commands).

They open the database given by ``--db`` (or ``OMPRIO_DATABASE_URL``, or the embedded SQLite
file) and call the same :class:`~omprio.store.workspace.Workspace` service as the web app.
Every failure is one clear line on stderr and exit code 2; never a traceback.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from omprio.cli.options import (
    DEFAULT_LANGUAGE,
    DecimalsOption,
    LangOption,
    MapOption,
    PriceBaseOption,
    SheetOption,
    UnitOption,
    counted,
    mapping_of,
    note,
    say,
    warn,
)
from omprio.store.accounts import Actor
from omprio.store.database import DatabaseUrlError, default_url
from omprio.store.errors import WorkspaceError
from omprio.store.workspace import Workspace

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database URL (default: OMPRIO_DATABASE_URL or the embedded SQLite file)."
    ),
]
SYSTEM = Actor(0, "omprio", "admin")
REFERENCE = "aarhus-msb-2024-2027.txt"


@contextmanager
def workspace(db: str | None) -> Iterator[Workspace]:
    """The workspace for ``--db``, with failures turned into one line and exit code 2."""
    url = db or default_url()
    try:
        ws = Workspace(url)
        ws.ensure_schema()
        yield ws
    except DatabaseUrlError as error:
        warn(error)
        raise typer.Exit(2) from None
    except WorkspaceError as error:
        warn(error)
        raise typer.Exit(2) from None


def _cli_actor(name: str | None) -> Actor:
    return Actor(0, name or os.environ.get("USER") or "omprio", "admin")


def ensure_reference(ws: Workspace) -> int | None:
    """Import the bundled reference catalog (public) into an empty workspace; its id."""
    if ws.list_catalogs(SYSTEM):
        return None
    data = resources.files("omprio.data").joinpath(REFERENCE).read_bytes()
    stored = ws.import_document(
        data, REFERENCE, SYSTEM, public=True, message="Referencekatalog importeret ved første start"
    )
    return stored.info.catalog_id


def import_command(
    path: Annotated[
        Path, typer.Argument(
            help="Katalog: PDF, tekst, omprio-JSON eller omprio-Excel (.xlsx); med --map et "
            "regneark (CSV eller XLSX) i egne kolonner."
        )
    ],
    db: DbOption = None,
    public: Annotated[bool, typer.Option("--public", help="Læsbar for alle.")] = False,
    catalog: Annotated[
        int | None, typer.Option("--catalog", help="Gem som ny version af dette katalog.")
    ] = None,
    message: Annotated[str, typer.Option("--message", "-m", help="Hvorfor.")] = "",
    user: Annotated[str | None, typer.Option("--user", help="Navn i historikken.")] = None,
    maps: MapOption = None,
    unit: UnitOption = None,
    price_base: PriceBaseOption = None,
    decimals: DecimalsOption = None,
    sheet: SheetOption = None,
    lang_option: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Importér et katalog og udskriv dets id (import a catalog; prints its id).

    Er dokumentet magen til katalogets seneste version, gemmes ingen ny version.
    """
    mapping = mapping_of(maps, unit, price_base, decimals, sheet)
    try:
        data = path.read_bytes()
    except OSError as error:
        warn("cli.err.file", path=path, reason=error.strerror or error)
        raise typer.Exit(2) from None
    from omprio.cli.progress import phases

    with workspace(db) as ws, phases() as step:
        stored = ws.import_document(
            data,
            path.name,
            _cli_actor(user),
            public=public,
            catalog_id=catalog,
            message=message,
            progress=step,
            mapping=mapping,
        )
    typer.echo(stored.info.catalog_id)
    info = stored.info
    if stored.unchanged:
        note("cli.import_unchanged", version=info.number, catalog=info.catalog_id)
        return
    note("cli.import.summary", version=info.number, errors=counted("count.error", info.errors),
         warnings=counted("count.warning", info.warnings))


def serve_command(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Adresse.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Antal arbejdsprocesser (uvicorn workers); fx én pr. CPU-kerne til mange læsere.",
        ),
    ] = 1,
    secure_cookies: Annotated[
        bool,
        typer.Option(
            "--secure-cookies",
            envvar="OMPRIO_SECURE_COOKIES",
            help="Bag HTTPS (reverse proxy): Secure-cookies og HSTS.",
        ),
    ] = False,
    lang_option: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Start webappen (start the web app); importerer referencekataloget ved første start."""
    import uvicorn

    from omprio.web.app import ENV_DATABASE, ENV_SECRET, ENV_SECURE

    # Migration, the reference catalog and the first user: once, here, before any worker starts.
    with workspace(db) as ws:
        created = ensure_reference(ws)
        if created is not None:
            say("cli.serve.reference", catalog=created)
        if not ws.has_users():
            given = os.environ.get("OMPRIO_ADMIN_PASSWORD")
            password = given or secrets.token_urlsafe(12)
            ws.add_user("admin", password, "admin")
            if given:  # the operator chose it: never echo it into logs
                say("cli.serve.admin_from_env", variable="OMPRIO_ADMIN_PASSWORD")
            else:
                say("cli.serve.admin_password", password=password)
        url = ws.url
        ws.engine.dispose()
    secret = os.environ.get(ENV_SECRET)
    if not secret:
        warn("cli.serve.no_secret", variable=ENV_SECRET)
        secret = secrets.token_urlsafe(32)
    # The workers (processes of their own) find the database and the one session key here.
    os.environ[ENV_DATABASE] = url
    os.environ[ENV_SECRET] = secret
    os.environ[ENV_SECURE] = "1" if secure_cookies else "0"
    config = uvicorn.Config(
        "omprio.web.app:serve_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
    )
    sockets: list[socket.socket] = []
    if workers > 1:
        try:
            sockets.append(_listen(host, port))
        except OSError as error:
            warn("cli.serve.cannot_listen", host=host, port=port, reason=error.strerror or error)
            raise typer.Exit(2) from None
    say("cli.serve.running", url=f"http://{host}:{port}/", database=_safe_url(url),
        workers=counted("cli.count.worker", workers))
    sys.stdout.flush()
    if sockets:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=sockets).run()
        return
    server = uvicorn.Server(config)
    server.run()
    if not server.started:  # uvicorn said why (e.g. the port is taken)
        raise typer.Exit(2)


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket the worker processes share. Made here rather than by uvicorn,
    whose socket does not say it is TCP (protocol 0), so that asyncio sets ``TCP_NODELAY`` on
    every connection as it does with one process (else small answers can wait for delayed
    ACKs: github.com/Kludex/uvicorn/issues/3149)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # only for display; a URL that cannot be shown is not an error
        return "?"


def backup_command(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Fil (ellers stdout).")
    ] = None,
    db: DbOption = None,
    lang_option: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Tag en sikkerhedskopi af hele databasen som JSON-linjer (back up)."""
    with workspace(db) as ws:
        lines = ws.backup()
        if output is None:
            for line in lines:
                sys.stdout.write(line + "\n")
            return
        tmp = output.with_name(output.name + ".part")
        try:
            with tmp.open("w", encoding="utf-8") as handle:
                for line in lines:
                    handle.write(line + "\n")
            tmp.replace(output)
        except OSError as error:
            warn("cli.err.cannot_write", path=output, reason=error.strerror or error)
            raise typer.Exit(2) from None
    say("cli.backup.written", path=output)


def restore_command(
    path: Annotated[Path, typer.Argument(help="En sikkerhedskopi fra omprio backup.")],
    db: DbOption = None,
    lang_option: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Genskab en sikkerhedskopi i en tom database (restore)."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        warn("cli.err.file", path=path, reason=error.strerror or error)
        raise typer.Exit(2) from None
    with handle, workspace(db) as ws:
        try:
            count = ws.restore(iter(handle))
        except UnicodeDecodeError:
            warn("cli.err.not_backup", path=path)
            raise typer.Exit(2) from None
    say("cli.restore.done", rows=counted("cli.count.row", count))
