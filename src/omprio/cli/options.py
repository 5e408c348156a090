"""What the commands share: the options (language, format, codes, targets, caps, database, who
acts), turning an option's value into the library's terms, and the one way to speak: every
message is a key of the translation catalog (omprio.i18n) said in the command's language, a
failure or warning in one line on stderr, never a traceback.

The language is ``--lang``; without it ``OMPRIO_LANG``; without that the environment's locale
(the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set: ``en_US.UTF-8`` → English,
``da_DK.UTF-8`` → Danish); else Danish (:func:`environment_language`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console

if TYPE_CHECKING:
    from omprio.display import Lang
    from omprio.i18n import Said
    from omprio.read.mapping import Mapping as ColumnMapping


DEFAULT_LANGUAGE = "da"
"""The language of messages and labels unless ``--lang``, ``OMPRIO_LANG`` or the locale says
otherwise (:func:`environment_language`)."""

LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
"""The environment's locale, strongest first (POSIX: the first one set decides)."""

_chosen: list[str] = []
"""The language of the running command once its ``--lang`` is parsed (emptied by the root
command's callback, :func:`forget_language`, at the start of every run)."""


def environment_language(environ: Mapping[str, str] | None = None) -> Lang:
    """The language without ``--lang``: ``OMPRIO_LANG`` if it is a language of the catalog,
    else the locale's (``en_US.UTF-8`` → ``en``, ``da_DK`` → ``da``; ``C``, ``POSIX`` or a
    language omprio does not speak → the default), else :data:`DEFAULT_LANGUAGE`."""
    from omprio.i18n import valid_lang

    env = os.environ if environ is None else environ
    chosen = valid_lang(env.get("OMPRIO_LANG", "").strip().lower())
    if chosen is not None:
        return chosen
    for name in LOCALE_VARIABLES:
        value = env.get(name, "").strip()
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
            return valid_lang(code) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def _language(ctx: typer.Context, param: typer.CallbackParam, value: str) -> str:
    """``--lang`` checked against the languages of the translation catalog (omprio.i18n); not
    given (nor ``OMPRIO_LANG``), the locale's language. Kept as the command's language for
    its messages (:func:`current_language`)."""
    from omprio.i18n import LANGS

    source = ctx.get_parameter_source(param.name) if param.name else None
    if getattr(source, "name", None) == "DEFAULT":  # (Typer's own click: compare by name)
        value = environment_language()
    if value not in LANGS:
        raise typer.BadParameter(" / ".join(LANGS))
    _chosen[:] = [value]
    return value


def forget_language() -> None:
    """Start a run: no ``--lang`` parsed yet (the root command's callback calls this)."""
    _chosen.clear()


def current_language() -> Lang:
    """The language of the running command: its ``--lang``, or :func:`environment_language`
    before that is parsed."""
    return _chosen[0] if _chosen else environment_language()


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
        help="Sprog / language: da, en. Ellers OMPRIO_LANG, ellers sproget i LC_ALL, "
        "LC_MESSAGES eller LANG (en_US… → en), ellers da.",
        envvar="OMPRIO_LANG",
        callback=_language,
        show_default=False,
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


def words(message: str | Said, /, **params: object) -> str:
    """A message in the command's language: a key of the catalog with its parameters (each
    said in that language if it can say itself), or a value that says itself (an error of a
    lower layer: ReadError, DecideError, WorkspaceError …)."""
    from omprio.i18n import said, t

    language = current_language()
    if isinstance(message, str):
        return t(message, language, **{name: said(v, language) for name, v in params.items()})
    return message.text(language)


def counted(key: str, n: int, /, **params: object) -> str:
    """``{n} …`` in the plural form of ``n`` in the command's language (omprio.i18n.tn)."""
    from omprio.i18n import tn

    return tn(key, n, current_language(), **params)


def say(message: str | Said, /, **params: object) -> None:
    """Print a message (:func:`words`) on standard output."""
    typer.echo(words(message, **params))


def note(message: str | Said, /, **params: object) -> None:
    """Print a message (:func:`words`) on stderr, as it is (a summary beside the output)."""
    stderr().print(words(message, **params), markup=False)


def warn(message: str | Said, /, **params: object) -> None:
    """Say a message (:func:`words`) in one line on stderr, ``omprio: `` first, and go on."""
    stderr().print(f"omprio: {words(message, **params)}", markup=False)


def fail(message: str | Said, /, **params: object) -> NoReturn:
    """Say a message (:func:`words`) in one line on stderr and exit 2 (bad input)."""
    warn(message, **params)
    raise typer.Exit(2)


def console() -> Console:
    """Standard output; a file or pipe gets room for the titles."""
    out = Console(highlight=False)
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out = Console(highlight=False, width=140)
    return out


MapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        help="Regneark i egne kolonner: FELT=KOLONNE, gentag (code=Nr, title=Forslag, "
        "theme=Tema, amount.2025=2025, fte.2025=Årsværk …).",
    ),
]
UnitOption = Annotated[
    str | None, typer.Option("--unit", help="Med --map: beløbenes enhed, 1.000 kr. eller mio. kr.")
]
PriceBaseOption = Annotated[
    str | None,
    typer.Option(
        "--price-base", help="Med --map: prisniveauet (fx 2025); ellers første årskolonne."
    ),
]
DecimalsOption = Annotated[
    str | None,
    typer.Option("--decimals", help="Med --map: da (1.234,5) eller en (1,234.5); ellers filens."),
]
SheetOption = Annotated[
    str | None, typer.Option("--sheet", help="Med --map: arket i en XLSX-fil.")
]


def mapping_of(
    maps: list[str] | None,
    unit: str | None = None,
    price_base: str | None = None,
    decimals: str | None = None,
    sheet: str | None = None,
) -> ColumnMapping | None:
    """The column mapping of ``--map`` and its options (``None`` without ``--map``); what is
    wrong with it is one line and exit 2."""
    if not maps:
        if any(value is not None for value in (unit, price_base, decimals, sheet)):
            fail("cli.map.without_map")
        return None
    from omprio.read.mapping import MappingProblem, parse_mapping

    try:
        return parse_mapping(maps, unit=unit, price_base=price_base, decimals=decimals,
                             sheet=sheet)
    except MappingProblem as problem:
        fail(problem)
