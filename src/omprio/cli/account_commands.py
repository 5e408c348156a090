"""CLI commands for people: users (add, list, role, deactivate, activate, password) and API tokens
(add with an expiry, list, revoke).

They call the workspace's account service (:mod:`omprio.store.users`), as the web app does;
every failure is one line on stderr and exit code 2. A password is taken from ``--password``,
``OMPRIO_PASSWORD`` or a prompt (never echoed), or generated and shown once.
"""

from __future__ import annotations

import getpass
import os
import re
import secrets
import sys
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated

import typer

from omprio.cli.options import DEFAULT_LANGUAGE, LangOption, fail, say, words
from omprio.cli.workspace_commands import DbOption, workspace

user_app = typer.Typer(help="Brugere og roller (users and roles).", no_args_is_help=True)
token_app = typer.Typer(help="API-tokens til scripts (API tokens).", no_args_is_help=True)

PasswordOption = Annotated[
    str | None,
    typer.Option("--password", help="Adgangskode (ellers OMPRIO_PASSWORD, spørges eller dannes)."),
]
_DAYS = re.compile(r"^(\d{1,5})d$")


def _password(given: str | None) -> tuple[str, bool]:
    """The password to set, and whether it was generated (then it is shown once)."""
    secret = given or os.environ.get("OMPRIO_PASSWORD")
    if not secret and sys.stdin.isatty():
        secret = getpass.getpass(words("cli.user.password_prompt") + " ")
    if not secret:
        return secrets.token_urlsafe(16), True
    return secret, False


def _when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M") if moment else "-"


class ExpiryError(ValueError):
    """An ``--expires`` value that is not 90d, YYYY-MM-DD or never: a key of the catalog and
    its parameters (said by :meth:`text` in the command's language)."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        """Why, in ``lang``."""
        from omprio.i18n import t

        return t(self.key, lang, **self.params)


def parse_expiry(text: str) -> datetime | None:
    """``90d`` (days from now), ``2027-06-30`` (the end of that day, UTC) or ``never``."""
    value = text.strip().lower()
    if value in {"never", "aldrig"}:
        return None
    days = _DAYS.match(value)
    if days:
        count = int(days.group(1))
        if not 1 <= count <= 3650:
            raise ExpiryError("cli.err.expires_range")
        return datetime.now(UTC) + timedelta(days=count)
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ExpiryError("cli.err.expires", value=text) from None
    return datetime.combine(day, time(23, 59, 59), UTC)


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="Brugernavn.")],
    role: Annotated[str, typer.Option("--role", help="viewer, editor eller admin.")] = "viewer",
    areas: Annotated[
        str, typer.Option("--areas", help="Driftsområder for en editor, fx 'BFF,VJH'.")
    ] = "",
    password: PasswordOption = None,
    db: DbOption = None,
    lang_option: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Opret en bruger (add a user)."""
    secret, generated = _password(password)
    with workspace(db) as ws:
        info = ws.add_user(name, secret, role, areas)
    if info.areas:  # the role as --role and `user list` name it
        say("cli.user.added_areas", name=info.name, role=info.role, areas=", ".join(info.areas))
    else:
        say("cli.user.added", name=info.name, role=info.role)
    if generated:
        say("cli.user.password", password=secret)


@user_app.command("list")
def user_list(db: DbOption = None, lang_option: LangOption = DEFAULT_LANGUAGE) -> None:
    """Vis brugerne (list users)."""
    with workspace(db) as ws:
        for info in ws.users():
            areas = ",".join(info.areas) or "-"
            state = words("cli.user.active") if info.active else words("cli.user.inactive")
            typer.echo(f"{info.name}\t{info.role}\t{areas}\t{state}")


@user_app.command("role")
def user_role(
    name: Annotated[str, typer.Argument(help="Brugernavn.")],
    role: Annotated[str, typer.Option("--role", help="viewer, editor eller admin.")],
    areas: Annotated[
        str, typer.Option("--areas", help="Driftsområder for en editor, fx 'BFF,VJH'.")
    ] = "",
    db: DbOption = None,
    lang_option: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Sæt rolle og driftsområder; gælder fra brugerens næste klik (set role and areas)."""
    with workspace(db) as ws:
        info = ws.set_role(name, role, areas)
    if info.areas:
        say("cli.user.role_areas", name=info.name, role=info.role, areas=", ".join(info.areas))
    else:
        say("cli.user.role", name=info.name, role=info.role)


@user_app.command("deactivate")
def user_deactivate(
    name: Annotated[str, typer.Argument(help="Brugernavn.")],
    db: DbOption = None,
    lang_option: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Deaktivér en bruger: sessioner slutter, tokens holder op med at virke (deactivate)."""
    with workspace(db) as ws:
        ws.set_active(name, False)
    say("cli.user.deactivated", name=name)


@user_app.command("activate")
def user_activate(
    name: Annotated[str, typer.Argument(help="Brugernavn.")],
    db: DbOption = None,
    lang_option: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Aktivér en deaktiveret bruger igen (activate)."""
    with workspace(db) as ws:
        ws.set_active(name, True)
    say("cli.user.activated", name=name)


@user_app.command("password")
def user_password(
    name: Annotated[str, typer.Argument(help="Brugernavn.")],
    password: PasswordOption = None,
    db: DbOption = None,
    lang_option: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Sæt en ny adgangskode; brugerens sessioner slutter (set or reset a password)."""
    secret, generated = _password(password)
    with workspace(db) as ws:
        ws.set_password(name, secret)
    say("cli.user.password_set", name=name)
    if generated:
        say("cli.user.password", password=secret)


@token_app.command("add")
def token_add(
    user: Annotated[str, typer.Argument(help="Brugeren, tokenet handler på vegne af.")],
    name: Annotated[str, typer.Option("--name", help="Hvad tokenet bruges til.")] = "script",
    expires: Annotated[
        str, typer.Option("--expires", help="Udløb: 90d (dage), ÅÅÅÅ-MM-DD eller never.")
    ] = "90d",
    db: DbOption = None,
    lang_option: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Opret et API-token; det vises kun én gang (create an API token)."""
    try:
        until = parse_expiry(expires)
    except ExpiryError as error:
        fail(error)
    with workspace(db) as ws:
        token = ws.create_token(user, name, until)
    typer.echo(token)


@token_app.command("list")
def token_list(
    user: Annotated[str | None, typer.Argument(help="Kun denne brugers tokens.")] = None,
    db: DbOption = None,
    lang_option: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Vis API-tokens: id, bruger, navn, oprettet, udløber, sidst brugt, status (list)."""
    with workspace(db) as ws:
        items = ws.tokens(user)
    now = datetime.now(UTC)
    for item in items:
        if item.revoked_at:
            status = words("cli.token.revoked")
        elif not item.works(now):
            status = words("cli.token.expired")
        else:
            status = words("cli.token.valid")
        typer.echo(f"{item.id}\t{item.user}\t{item.name}\t{_when(item.created_at)}\t"
                   f"{_when(item.expires_at)}\t{_when(item.last_used)}\t{status}")


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(help="Tokenets id (fra 'omprio token list').")],
    db: DbOption = None,
    lang_option: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Tilbagekald et API-token; det virker ikke længere (revoke)."""
    with workspace(db) as ws:
        info = ws.revoke_token(token_id)
    say("cli.token.revoked_one", id=info.id, user=info.user, name=info.name)
