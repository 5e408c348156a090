"""What the commands share: the options (language, format, codes, targets, caps, database, who
acts), turning an option's value into the library's terms, and the one way to fail or warn (one
line on stderr, never a traceback)."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

if TYPE_CHECKING:
    from omprio.display import Lang


DEFAULT_LANGUAGE = "da"
"""The language of messages and labels unless ``--lang`` or ``OMPRIO_LANG`` says otherwise."""


def _language(value: str) -> str:
    """``--lang`` checked against the languages of the translation catalog (omprio.i18n)."""
    from omprio.i18n import LANGS

    if value not in LANGS:
        raise typer.BadParameter(" / ".join(LANGS))
    return value


class Format(StrEnum):
    """Output formats of the decide commands."""

    text = "text"
    json = "json"


class Minimize(StrEnum):
    """What the optimizer minimizes."""

    fte = "fte"
    number = "count"  # not `count`: that would shadow str.count
    harm = "harm"
    amount = "amount"


LangOption = Annotated[
    str,
    typer.Option(
        "--lang",
        help="Sprog / language: da, en (the languages of the translation catalog).",
        envvar="OMPRIO_LANG",
        callback=_language,
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", help="text eller json.")]
Codes = Annotated[list[str] | None, typer.Option(help="Koder (gentag eller adskil med komma).")]
TargetOption = Annotated[
    list[str] | None,
    typer.Option("--target", help="Mål: -19730 (hvert år) eller 2024=-15000,2025=-16000."),
]
CapOption = Annotated[list[str] | None, typer.Option(help="KEY=BELØB, fx 3=-8000.")]
CountOption = Annotated[list[str] | None, typer.Option(help="KEY=ANTAL, fx 3=4.")]
CatalogOption = Annotated[
    Path | None, typer.Option("--catalog", help="Kataloget (når PATH er et scenarie).")
]
DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (default: OMPRIO_DATABASE_URL or the embedded SQLite file); "
        "catalogs and scenarios are then named by their id.",
    ),
]
AsOption = Annotated[
    str | None, typer.Option("--as", help="Brugeren, der gemmer (forfatter); ellers login-navnet.")
]
MinimizeOption = Annotated[
    Minimize, typer.Option("--minimize", "-m", help="fte, count, harm eller amount.")
]
HarmOption = Annotated[Path | None, typer.Option(help="CSV: code,harm.")]
FteCutOption = Annotated[
    str | None, typer.Option(help="Højst så mange tabte stillinger pr. år.")
]
AllMeasuresOption = Annotated[
    bool,
    typer.Option("--all-measures", help="Vælg blandt alle tiltag, ikke kun målets afsnit."),
]


def lang(value: str) -> Lang:
    """The library's language of a (checked) ``--lang`` value."""
    return value


def stderr() -> Console:
    """Where messages go."""
    return Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str) -> NoReturn:
    """Say ``message`` in one line on stderr and exit 2 (bad input)."""
    stderr().print(f"omprio: {message}", markup=False)
    raise typer.Exit(2)


def warn(message: str) -> None:
    """Say ``message`` in one line on stderr and go on."""
    stderr().print(f"omprio: {message}", markup=False)


def console() -> Console:
    """Standard output; a file or pipe gets room for the titles."""
    out = Console(highlight=False)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out = Console(highlight=False, width=140)
    return out
