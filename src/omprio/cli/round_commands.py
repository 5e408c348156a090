"""``omprio round``: the budget round on the command line — create, departments, keys,
requirements, designated proposals, links, show, export and import.

Each command opens the workspace (``--db``), reads what was typed in the chosen language
(``--lang``: ``MSB=28,4`` or ``MSB=28.4``), calls one function of :mod:`omprio.service.rounds`
or one workspace method, and says what happened. The acting user is ``--user`` (else the login
name) with the administrator's rights, as for ``omprio catalog``. Bad input is one line on
stderr and exit code 2, nothing stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from omprio.cli.catalog_commands import DbOption, UserOption, _actor, _call
from omprio.cli.options import (
    DEFAULT_LANGUAGE,
    Format,
    FormatOption,
    LangOption,
    console,
    fail,
    say,
)
from omprio.i18n import t

if TYPE_CHECKING:

    from omprio.display import Lang
    from omprio.store.rounds import Change, StoredRound
    from omprio.store.workspace import Workspace

round_app = typer.Typer(
    help="Budgetrunden: sparekrav, fordelingsnøgler og afdelingernes andele "
    "(budget round: requirements, allocation keys, departments' parts).",
    no_args_is_help=True,
)

RoundArgument = Annotated[int, typer.Argument(help="Budgetrundens id (fra 'omprio round list').")]
MessageOption = Annotated[str, typer.Option("--message", "-m", help="Hvorfor (i historikken).")]
BaseVersionOption = Annotated[
    int | None, typer.Option("--base-version", help="Versionen, ændringen bygger på.")
]


def _problem(work: Callable[[], Change]) -> Change:
    """``work()``; a RoundProblem (bad input found before the workspace) is exit 2."""
    from omprio.rounds.problems import RoundProblem

    try:
        return work()
    except RoundProblem as problem:
        fail(problem)


def _apply(db: str | None, lang: Lang, round_id: int, make: Callable[[Workspace], Change],
           user: str | None, message: str, base_version: int | None = None) -> StoredRound:
    from omprio.rounds.problems import RoundProblem
    from omprio.service import rounds as service

    actor = _actor(user)

    def work(ws: Workspace) -> StoredRound:
        try:
            change = make(ws)
        except RoundProblem as problem:
            fail(problem)
        return service.change(ws, round_id, change, actor, base_version=base_version,
                              message=message)

    return _call(db, lang, work)


def _saved(stored: StoredRound) -> None:
    if stored.unchanged:
        say("cli.round.unchanged", id=stored.id, version=stored.version.number)
    else:
        say("cli.round.saved", id=stored.id, version=stored.version.number)


@round_app.command("create")
def round_create(
    name: Annotated[str, typer.Argument(help="Rundens navn, fx 'Budget 2024'.")],
    period: Annotated[str, typer.Option("--period", help="Perioden, fx 2024-2027.")],
    price_level: Annotated[int, typer.Option("--price-level", help="Prisniveau (år), fx 2024.")],
    unit: Annotated[str, typer.Option("--unit", help="Enheden for alle beløb.")] = "1.000 kr.",
    municipality: Annotated[str, typer.Option("--municipality", help="Kommunen.")] = "",
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Opret en budgetrunde og udskriv dens id (create)."""
    from omprio.rounds.model import BudgetRound

    first, sep, last = period.strip().partition("-")
    if not (first.isdigit() and (not sep or last.isdigit())):
        fail("cli.round.bad_period", period=period)
    years = tuple(range(int(first), int(last or first) + 1))
    if not years or len(years) > 30:
        fail("cli.round.bad_period", period=period)
    budget_round = BudgetRound(name=name.strip(), municipality=municipality.strip(), years=years,
                               price_level=price_level, unit=unit.strip() or "1.000 kr.")
    actor = _actor(user)
    stored = _call(db, lang, lambda ws: ws.create_round(budget_round, actor))
    typer.echo(stored.id)


@round_app.command("department")
def round_department(
    round_id: RoundArgument,
    code: Annotated[str, typer.Argument(help="Afdelingens kode, fx MSB.")],
    name: Annotated[str, typer.Argument(help="Afdelingens navn.")] = "",
    message: MessageOption = "",
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Tilføj (eller omdøb) en afdeling (department)."""
    from omprio.service import rounds as service

    _saved(_apply(db, lang, round_id, lambda ws: service.department(code, name), user, message))


@round_app.command("key")
def round_key(
    round_id: RoundArgument,
    key: Annotated[str, typer.Argument(help="Nøglens kode, fx ADM.")],
    share: Annotated[list[str] | None, typer.Option(
        "--share", help="AFDELING=PROCENT, fx MSB=28,4 (gentag).")] = None,
    mix: Annotated[list[str] | None, typer.Option(
        "--mix", help="NØGLE=VÆGT i procent, fx ADM=50 (gentag; i alt 100).")] = None,
    base: Annotated[Path | None, typer.Option(
        "--base", help="CSV med afdeling;beløb (fx serviceudgifter).")] = None,
    name: Annotated[str, typer.Option("--name", help="Nøglens navn.")] = "",
    message: MessageOption = "",
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Angiv en fordelingsnøgle: andele, en blanding af nøgler eller grundtal (key)."""
    from omprio.service import rounds as service

    given = [option for option in (share, mix, base) if option]
    if len(given) != 1:
        fail("cli.round.key_one_of")
    label = name.strip() or key
    if share:
        values = share
        change = _problem(lambda: service.shares_key(key, label, service.pairs(
            _items(values), lang), "cli"))
    elif mix:
        weights = mix
        change = _problem(lambda: service.mix_key(key, label, service.pairs(
            _items(weights), lang, "weight"), "cli"))
    else:
        assert base is not None
        try:
            data = base.read_bytes()
        except OSError as error:
            fail("cli.round.unreadable", path=str(base), reason=error.strerror or str(error))
        change = _problem(lambda: service.base_key(key, label, service.base_figures(
            data, base.name, lang), base.name))
    _saved(_apply(db, lang, round_id, lambda ws: change, user, message))


def _items(values: list[str]) -> list[str]:
    """Options given once each or several in one (``MSB=28,4 MBU=30,1``)."""
    return [item for value in values for item in value.split()]


@round_app.command("requirement")
def round_requirement(
    round_id: RoundArgument,
    name: Annotated[str, typer.Argument(help="Kravets navn, fx 'Administrative besparelser'.")],
    key: Annotated[str, typer.Option("--key", help="Fordelingsnøglen.")],
    amounts: Annotated[str, typer.Option(
        "--amounts", help="Beløb for hele kommunen pr. år (negativ = besparelse), "
        "fx -50000,-60000,-80000,-100000.")],
    central: Annotated[str, typer.Option(
        "--central", help="Den del, der holdes centralt, pr. år.")] = "",
    frame_cut: Annotated[bool, typer.Option(
        "--frame-cut", help="Restbeløbet udmøntes som rammebesparelse.")] = False,
    message: MessageOption = "",
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Angiv et sparekrav på hele kommunen (requirement)."""
    from omprio.service import rounds as service

    change = service.on_latest(lambda r: service.requirement(
        name.strip(), key.strip(), service.year_amounts(amounts, r.years, lang),
        service.year_amounts(central, r.years, lang), frame_cut=frame_cut, source="cli"))
    _saved(_apply(db, lang, round_id, lambda ws: change, user, message))


@round_app.command("designated")
def round_designated(
    round_id: RoundArgument,
    department: Annotated[str, typer.Argument(help="Afdelingen, fx MSB.")],
    requirement: Annotated[str, typer.Argument(help="Rammebesparelsens sparekrav.")],
    amounts: Annotated[str, typer.Option("--amounts", help="Beløb pr. år.")],
    label: Annotated[str, typer.Option("--label", help="Hvad forslagene er.")] = "",
    message: MessageOption = "",
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Angiv direktørudpegede forslag mod et rammebesparelseskrav (designated)."""
    from omprio.service import rounds as service

    text = label.strip() or t("round.designated_default", lang)
    change = service.on_latest(lambda r: service.designated(
        department.strip(), requirement.strip(), text,
        service.year_amounts(amounts, r.years, lang)))
    _saved(_apply(db, lang, round_id, lambda ws: change, user, message))


@round_app.command("link")
def round_link(
    round_id: RoundArgument,
    catalog: Annotated[int, typer.Argument(help="Katalogets id.")],
    department: Annotated[str, typer.Option("--department", help="Afdelingen, fx MSB.")],
    requirement: Annotated[list[str], typer.Option(
        "--requirement", help="Et sparekrav, kataloget svarer på (gentag).")],
    section: Annotated[list[str] | None, typer.Option(
        "--section", help="KRAV=AFSNIT: overblikkets afsnit, der leverer kravet.")] = None,
    message: MessageOption = "",
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Knyt et gemt katalog til en afdeling og de sparekrav, det svarer på (link)."""
    from omprio.rounds.problems import RoundProblem
    from omprio.service import rounds as service

    sections: dict[str, str] = {}
    for item in section or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            fail(RoundProblem("bad-pair", item=item[:60]))
        sections[name.strip()] = value.strip()
    actor = _actor(user)
    _saved(_apply(db, lang, round_id, lambda ws: service.link(
        ws, actor, catalog, department.strip(), [r.strip() for r in requirement], sections),
        user, message))


@round_app.command("list")
def round_list(db: DbOption = None, lang: LangOption = DEFAULT_LANGUAGE) -> None:
    """Vis budgetrunderne (list)."""
    from omprio.cli.workspace_commands import SYSTEM

    items = _call(db, lang, lambda ws: ws.rounds(SYSTEM))
    if not items:
        say("cli.round.none")
        return
    table = Table(title=t("cli.round.caption", lang))
    for key in ("id", "name", "period", "price_level", "versions"):
        table.add_column(t(f"cli.round.col.{key}", lang))
    for item in items:
        table.add_row(str(item.id), escape(item.name), item.period, f"{item.price_level}-PL",
                      str(item.latest))
    console().print(table)


@round_app.command("show")
def round_show(
    round_id: RoundArgument,
    version: Annotated[int | None, typer.Option("--version", help="En ældre version.")] = None,
    price_level: Annotated[int | None, typer.Option(
        "--price-level", help="Vis i et andet prisniveau (kræver --index).")] = None,
    index: Annotated[Path | None, typer.Option(
        "--index", help="CSV med pris- og lønindeks (år;løn;øvrige).")] = None,
    output: FormatOption = Format.text,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Vis afdelingernes andele af kravene, hvad deres kataloger leverer, og afvigelsen (show)."""
    from omprio.cli.round_show import print_round
    from omprio.cli.workspace_commands import SYSTEM
    from omprio.service import rounds as service

    index_data = None
    if index is not None:
        try:
            index_data = (index.read_bytes(), index.name)
        except OSError as error:
            fail("cli.round.unreadable", path=str(index), reason=error.strerror or str(error))
    view = _call(db, lang, lambda ws: service.view_round(
        ws, round_id, SYSTEM, version, price_level=price_level, index=index_data, lang=lang))
    if output is Format.json:
        typer.echo(json.dumps(service.round_json(view, lang), ensure_ascii=False, indent=2))
    else:
        print_round(view, lang)


@round_app.command("history")
def round_history(round_id: RoundArgument, db: DbOption = None,
                  lang: LangOption = DEFAULT_LANGUAGE) -> None:
    """Vis rundens versioner: hvem, hvornår og hvorfor (history)."""
    from omprio.cli.catalog_commands import _when
    from omprio.cli.workspace_commands import SYSTEM

    for item in _call(db, lang, lambda ws: ws.round_history(round_id, SYSTEM)):
        say("cli.round.version_line", number=item.number, when=_when(item.created_at, lang),
            author=item.author, message=item.message)


@round_app.command("export")
def round_export(
    round_id: RoundArgument,
    out: Annotated[Path, typer.Option("--output", "-o", help="Filen, der skrives.")],
    kind: Annotated[str, typer.Option("--format", help="json eller xlsx.")] = "json",
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Eksportér runden som omprio.round/1-JSON eller som regneark (export)."""
    from omprio.cli.workspace_commands import SYSTEM
    from omprio.service import rounds as service

    if kind not in ("json", "xlsx"):
        fail("cli.round.export_format", format=kind)
    stored = _call(db, lang, lambda ws: ws.stored_round(round_id, SYSTEM))
    data = service.round_file(stored.budget_round, kind, lang)
    try:
        out.write_bytes(data)
    except OSError as error:
        fail("cli.round.unwritable", path=str(out), reason=error.strerror or str(error))
    say("cli.round.exported", path=str(out))


@round_app.command("import")
def round_import(
    path: Annotated[Path, typer.Argument(help="omprio.round/1-JSON eller rundens regneark.")],
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Importér en runde (JSON eller regneark) som en ny runde og udskriv dens id (import)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        fail("cli.round.unreadable", path=str(path), reason=error.strerror or str(error))
    actor = _actor(user)
    stored = _call(db, lang, lambda ws: ws.import_round(data, path.name, actor))
    typer.echo(stored.id)


@round_app.command("target")
def round_target(
    round_id: RoundArgument,
    catalog: Annotated[int, typer.Argument(help="Det tilknyttede katalogs id.")],
    message: MessageOption = "",
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Sæt katalogets måltal til afdelingens andel af de krav, det svarer på (target)."""
    from omprio import display
    from omprio.service import rounds as service

    actor = _actor(user)
    stored, target = _call(db, lang, lambda ws: service.set_catalog_target(
        ws, round_id, catalog, actor, message))
    amounts = " / ".join(display.number(target[y], lang) for y in sorted(target))
    key = "cli.round.target_same" if stored.unchanged else "cli.round.target_set"
    say(key, catalog=catalog, target=amounts, version=stored.info.number)


@round_app.command("index")
def round_index(
    round_id: RoundArgument,
    path: Annotated[Path, typer.Argument(help="CSV med pris- og lønindeks (år;løn;øvrige).")],
    wage_share: Annotated[str | None, typer.Option(
        "--wage-share", help="Lønandelen i procent, fx 70.")] = None,
    message: MessageOption = "",
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Gem et pris- og lønindeks med runden, så den kan vises i andre prisniveauer (index)."""
    from omprio.service import rounds as service

    try:
        data = path.read_bytes()
    except OSError as error:
        fail("cli.round.unreadable", path=str(path), reason=error.strerror or str(error))
    change = _problem(lambda: service.price_index(
        data, path.name,
        None if wage_share is None else service.number(wage_share, lang, "--wage-share")))
    _saved(_apply(db, lang, round_id, lambda ws: change, user, message))


@round_app.command("residual")
def round_residual(
    round_id: RoundArgument,
    department: Annotated[str, typer.Option("--department", help="Afdelingen, fx MSB.")],
    requirement: Annotated[str, typer.Option(
        "--requirement", help="Rammebesparelsens sparekrav.")],
    code: Annotated[str, typer.Option("--code", help="Forslagets kode, fx MSB-1.")],
    title: Annotated[str, typer.Option("--title", help="Forslagets titel.")],
    out: Annotated[Path, typer.Option("--output", "-o", help="Filen, der skrives.")],
    theme: Annotated[str, typer.Option("--theme", help="Temaet, fx 0A.")] = "0A",
    area: Annotated[list[str] | None, typer.Option(
        "--area", help="DRIFTSOMRÅDE=ANDEL (procent eller grundtal), fx BFF=40 (gentag).")] = None,
    cost_per_fte: Annotated[str | None, typer.Option(
        "--cost-per-fte", help="Gennemsnitlig udgift pr. årsværk (1.000 kr.), fx 606.")] = None,
    fte: Annotated[str | None, typer.Option(
        "--fte", help="Personaleændringer pr. år, fx -15,-11,-10.5,-10.")] = None,
    sector: Annotated[str, typer.Option("--sector", help="Sektoren.")] = "1.20 Drift",
    description: Annotated[str, typer.Option("--description", help="Beskrivelsen.")] = "",
    kind: Annotated[str, typer.Option("--format", help="json.")] = "json",
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Skriv restbeløbets rammebesparelse som et forslag (omprio.catalog/1-JSON) (residual)."""
    from omprio.cli.workspace_commands import SYSTEM
    from omprio.interchange import measure_to_json
    from omprio.rounds.problems import RoundProblem
    from omprio.rounds.residual import residual_measure
    from omprio.rounds.status import round_status
    from omprio.service import rounds as service

    if kind != "json":
        fail("cli.round.residual_format", format=kind)
    if fte is not None and cost_per_fte is not None:
        fail(RoundProblem("fte-or-cost"))
    stored = _call(db, lang, lambda ws: ws.stored_round(round_id, SYSTEM))
    budget_round = stored.budget_round
    try:
        found = next((d for d in round_status(budget_round, {}).departments
                      if d.code == department.strip()), None)
        if found is None:
            raise RoundProblem("unknown-department", department=department.strip())
        line = next((x for x in found.lines if x.name == requirement.strip()), None)
        if line is None:
            raise RoundProblem("unknown-requirement", name=requirement.strip())
        measure = residual_measure(
            line, code=code, title=title, theme=theme,
            areas=service.pairs(_items(area or []), lang, "area") if area else None,
            fte=service.year_amounts(fte, budget_round.years, lang) if fte is not None else None,
            cost_per_fte=(service.number(cost_per_fte, lang, "--cost-per-fte")
                          if cost_per_fte is not None else None),
            price_base=f"{budget_round.price_level}-PL", unit=budget_round.unit, sector=sector,
            description=description, round_name=budget_round.name)
    except RoundProblem as problem:
        fail(problem)
    data = json.dumps(measure_to_json(measure), ensure_ascii=False, indent=2) + "\n"
    try:
        out.write_text(data, encoding="utf-8")
    except OSError as error:
        fail("cli.round.unwritable", path=str(out), reason=error.strerror or str(error))
    say("cli.round.residual_written", path=str(out), code=measure.code)


@round_app.command("remove")
def round_remove(
    round_id: RoundArgument,
    department: Annotated[str | None, typer.Option(
        "--department", help="En afdeling (med dens andele, forslag og kataloger).")] = None,
    key: Annotated[str | None, typer.Option(
        "--key", help="En fordelingsnøgle, som intet krav bruger.")] = None,
    requirement: Annotated[str | None, typer.Option(
        "--requirement", help="Et sparekrav (med dets forslag).")] = None,
    link: Annotated[int | None, typer.Option(
        "--link", help="Et tilknyttet katalogs id.")] = None,
    message: MessageOption = "",
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Fjern én ting fra runden: en afdeling, en nøgle, et krav eller et katalog (remove)."""
    from omprio.service import rounds as service

    if sum(x is not None for x in (department, key, requirement, link)) != 1:
        fail("cli.round.remove_one_of")
    change = service.remove(department=department, key=key, requirement=requirement, link=link)
    _saved(_apply(db, lang, round_id, lambda ws: change, user, message))
