"""CLI commands of deciding: ``omprio optimize`` and ``omprio scenario
show|compare|new|list|save|export``.

A catalog is a file, or a catalog stored in the workspace named by its id (``--db URL``, else
``OMPRIO_DATABASE_URL`` or the embedded SQLite file, as the workspace commands resolve it);
scenarios are files, or stored scenarios of that catalog named by their id. ``omprio optimize
ID --save NAME`` and ``omprio scenario save FILE --catalog ID`` store a scenario; the CLI acts as
an administrator named by ``--as`` (default: the login name), which is what the scenario's author
becomes.

``omprio optimize`` exits 0 when it found a package that reaches the target (and the required
probability), 1 when there is none (infeasible, or no package within the time limit), and 2 for
bad input: one line on stderr, never a traceback. ``omprio scenario show|compare`` exit 0 unless
the input is bad (2). See docs/decide.md.
"""

from __future__ import annotations

import os
import sys
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from omprio.cli.workspace_commands import workspace
from omprio.decide.chance import ChanceOutcome, optimize_with_probability
from omprio.decide.compare import compare
from omprio.decide.constraints import Constraints, parse_caps
from omprio.decide.csv_inputs import read_harm, read_risk
from omprio.decide.errors import DecideError
from omprio.decide.exact import parse_amount, parse_share
from omprio.decide.optimize import Options, optimize
from omprio.decide.problem import Objective, Request, build_problem
from omprio.decide.risk import RiskReport, Uncertainty, simulate
from omprio.decide.scenario import (
    Scenario,
    empty_scenario,
    evaluate,
    scenario_from_package,
)
from omprio.decide.scenario_json import dumps, is_scenario_document, read_scenario
from omprio.decide.targets import merge_targets, unique_measures
from omprio.display import Lang
from omprio.model import Catalog
from omprio.read import ReadError, load
from omprio.store.accounts import Actor

scenario_app = typer.Typer(
    help="Scenarier: vis, sammenlign, opret, gem og eksportér "
    "(scenarios: show, compare, new, list, save, export).",
    no_args_is_help=True,
)


class Minimize(StrEnum):
    """What the optimizer minimizes."""

    fte = "fte"
    number = "count"  # not `count`: that would shadow str.count
    harm = "harm"
    amount = "amount"


class Format(StrEnum):
    """Output formats."""

    text = "text"
    json = "json"


class Language(StrEnum):
    """Languages of labels."""

    da = "da"
    en = "en"


LangOption = Annotated[
    Language, typer.Option("--lang", help="Sprog / language.", envvar="OMPRIO_LANG")
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


def _fail(message: str) -> NoReturn:
    Console(stderr=True, highlight=False, soft_wrap=True).print(f"omprio: {message}", markup=False)
    raise typer.Exit(2)


def _warn(message: str) -> None:
    Console(stderr=True, highlight=False, soft_wrap=True).print(f"omprio: {message}", markup=False)


def _lang(value: Language) -> Lang:
    return "en" if value is Language.en else "da"


def _console() -> Console:
    console = Console(highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console = Console(highlight=False, width=140)  # a file or pipe: room for the titles
    return console


def _load_catalog(path: Path) -> Catalog:
    try:
        return load(path).catalog
    except ReadError as error:
        _fail(str(error))


def _inputs(path: Path, catalog: Path | None) -> tuple[Catalog, Scenario | None]:
    """The catalog, and the scenario when ``path`` is one (then ``--catalog`` names the catalog)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        _fail(f"{path}: no such file")
    except OSError as error:
        _fail(f"{path}: cannot be read ({error.strerror or error})")
    if is_scenario_document(data):
        scenario = read_scenario(path)
        if catalog is None:
            _fail(f"{path} is a scenario; name its catalog with --catalog PATH")
        loaded = _load_catalog(catalog)
        _check_title(scenario, loaded)
        return loaded, scenario
    return _load_catalog(path), None


def _check_title(scenario: Scenario, catalog: Catalog) -> None:
    if scenario.catalog_title and scenario.catalog_title != catalog.title:
        _warn(
            f"scenario {scenario.name!r} was made for {scenario.catalog_title!r}, "
            f"not {catalog.title!r}"
        )


def _codes(values: list[str] | None, catalog: Catalog) -> frozenset[str]:
    """Codes from repeated or comma-separated options, matched to the catalog's spelling."""
    known = {m.code.casefold(): m.code for m in unique_measures(catalog)}
    codes: set[str] = set()
    for value in values or []:
        for part in value.split(","):
            code = part.strip()
            if code:
                codes.add(known.get(code.casefold(), code))
    return frozenset(codes)


def _margin(text: str | None) -> Decimal:
    """``--margin 1.05`` (reach target × 1.05) or ``--margin 5%``: the margin as a share."""
    if text is None:
        return Decimal(0)
    token = text.strip()
    if token.endswith("%"):
        return parse_share(token, "margin")
    factor = parse_share(token, "margin")
    if factor < 1:
        raise DecideError(
            f"margin {text!r}: write a factor such as 1.05, or a percentage such as 5%"
        )
    return factor - 1


def _check_risk(risk: dict[str, Uncertainty], catalog: Catalog) -> None:
    known = {m.code for m in unique_measures(catalog)}
    for code in risk:
        if code not in known:
            raise DecideError(f"risk: no measure {code} in the catalog")


def _request(
    catalog: Catalog,
    scenario: Scenario | None,
    objective: Objective,
    target: list[str] | None,
    include: list[str] | None,
    exclude: list[str] | None,
    harm: Path | None,
    cap_theme: list[str] | None,
    cap_theme_count: list[str] | None,
    cap_area: list[str] | None,
    cap_area_count: list[str] | None,
    max_fte_cut: str | None,
    divisible: list[str] | None,
    all_measures: bool,
    margin: str | None,
) -> Request:
    base = scenario.request(objective) if scenario is not None else Request(objective=objective)
    given = Constraints(
        include=_codes(include, catalog),
        exclude=_codes(exclude, catalog),
        theme_caps=parse_caps(cap_theme or [], cap_theme_count or [], "theme"),
        area_caps=parse_caps(cap_area or [], cap_area_count or [], "operating area"),
        max_fte_cut=None
        if max_fte_cut is None
        else parse_amount(max_fte_cut, "cap on positions lost"),
    )
    return Request(
        objective=objective,
        targets=merge_targets(target or [], catalog.years, base.targets),
        constraints=base.constraints.merged(given),
        harm=read_harm(harm) if harm is not None else base.harm,
        divisible=base.divisible | _codes(divisible, catalog),
        all_measures=all_measures or base.all_measures,
        margin=_margin(margin),
    )


def optimize_command(
    path: Annotated[
        Path, typer.Argument(help="Katalog (PDF, tekst, omprio-JSON) eller et scenarie (JSON).")
    ],
    minimize: Annotated[
        Minimize, typer.Option("--minimize", "-m", help="fte, count, harm eller amount.")
    ] = Minimize.fte,
    target: TargetOption = None,
    include: Codes = None,
    exclude: Codes = None,
    harm: Annotated[Path | None, typer.Option(help="CSV: code,harm.")] = None,
    risk: Annotated[
        Path | None, typer.Option(help="CSV: code,probability og/eller code,low,likely,high.")
    ] = None,
    probability: Annotated[
        float | None, typer.Option(help="Krævet sandsynlighed for at nå målet hvert år.")
    ] = None,
    margin: Annotated[
        str | None, typer.Option(help="Sikkerhedsmargin: 1.05 (mål × 1,05) eller 5%.")
    ] = None,
    cap_theme: CapOption = None,
    cap_theme_count: CountOption = None,
    cap_area: CapOption = None,
    cap_area_count: CountOption = None,
    max_fte_cut: Annotated[
        str | None, typer.Option(help="Højst så mange tabte stillinger pr. år.")
    ] = None,
    divisible: Codes = None,
    all_measures: Annotated[
        bool,
        typer.Option("--all-measures", help="Vælg blandt alle tiltag, ikke kun målets afsnit."),
    ] = False,
    alternatives: Annotated[int, typer.Option(help="Vis også de K næstbedste pakker.")] = 0,
    time_limit: Annotated[float, typer.Option(help="Sekunder pr. løsning.")] = 60.0,
    gap: Annotated[
        float, typer.Option(help="Tilladt relativ afstand til optimum (0: bevis).")
    ] = 0.0,
    draws: Annotated[int, typer.Option(help="Monte Carlo-træk.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Monte Carlo-seed.")] = 0,
    catalog: CatalogOption = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Skriv pakken som scenarie-fil (JSON).")
    ] = None,
    name: Annotated[str | None, typer.Option(help="Scenariets navn (med -o).")] = None,
    save: Annotated[
        str | None,
        typer.Option("--save", help="Gem pakken som scenarie med dette navn i arbejdsområdet."),
    ] = None,
    db: DbOption = None,
    as_user: AsOption = None,
    output_format: FormatOption = Format.text,
    lang: LangOption = Language.da,
) -> None:
    """Find den bedste pakke tiltag, der når målet hvert år. Exit 0: fundet, 1: umuligt, 2: fejl."""
    if probability is not None and not 0 < probability <= 1:
        _fail(f"--probability {probability} is not between 0 and 1")
    if alternatives < 0 or time_limit <= 0 or gap < 0 or draws < 1:
        _fail(
            "--alternatives and --gap cannot be negative; --time-limit and --draws must be positive"
        )
    stored_id: int | None = None
    stored_version: int | None = None
    if _is_stored(str(path), db):
        stored_id = _catalog_id(str(path))
        with workspace(db) as ws:
            version = ws.version(stored_id, _cli_actor(as_user))
        loaded, scenario, stored_version = version.catalog, None, version.info.number
    else:
        if save is not None:
            _fail("--save stores in the workspace: name a stored catalog by its id (and --db)")
        loaded, scenario = _inputs(path, catalog)
    try:
        request = _request(
            loaded, scenario, minimize.value, target, include, exclude, harm, cap_theme,
            cap_theme_count, cap_area, cap_area_count, max_fte_cut, divisible, all_measures,
            margin,
        )  # fmt: skip
        risk_map = read_risk(risk) if risk is not None else dict(scenario.risk if scenario else {})
        _check_risk(risk_map, loaded)
        problem = build_problem(loaded, request)
        if probability is not None and not risk_map:
            raise DecideError("--probability needs --risk FILE.csv (how sure each saving is)")
    except DecideError as error:
        _fail(error.message)
    options = Options(time_limit=time_limit, mip_rel_gap=gap, alternatives=alternatives)
    chance: ChanceOutcome | None = None
    report: RiskReport | None = None
    if probability is not None:
        chance = optimize_with_probability(problem, risk_map, probability, options, draws, seed)
        outcome, report = chance.outcome, chance.risk
    else:
        outcome = optimize(problem, options)
        if risk_map and outcome.package is not None:
            report = simulate(
                problem.measures,
                problem.fractions(outcome.package.selection),
                problem.targets,
                risk_map,
                draws,
                seed,
            )
    language = _lang(lang)
    if output_format is Format.json:
        import json

        from omprio.cli.decide_output import outcome_json

        document = outcome_json(outcome, report, chance, language)
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    else:
        from omprio.cli.decide_output import print_outcome

        print_outcome(_console(), outcome, report, chance, language)
    label = name or f"{'Minimér' if language == 'da' else 'Minimize'} {minimize.value}"
    if output is not None:
        if outcome.package is None:
            _warn(f"nothing saved to {output}: no package reaches the target")
        else:
            _write(
                output,
                dumps(scenario_from_package(problem, outcome.package.selection, label, risk_map)),
            )
    if save is not None and stored_id is not None:
        if outcome.package is None:
            _warn(f"nothing stored as {save!r}: no package reaches the target")
        else:
            made = scenario_from_package(problem, outcome.package.selection, save, risk_map)
            with workspace(db) as ws:
                kept = ws.save_scenario(
                    stored_id, made, _cli_actor(as_user), version=stored_version
                )
            _warn(f"stored as scenario {kept.id} ({kept.name!r}) of catalog {stored_id}")
    found = outcome.reached and (chance is None or chance.met)
    raise typer.Exit(0 if found else 1)


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        _fail(f"cannot write {path}: {error.strerror or error}")


ScenarioFiles = Annotated[
    list[str], typer.Argument(help="Scenarie-filer (JSON) eller id'er på gemte scenarier.")
]
RequiredCatalog = Annotated[
    str,
    typer.Option("--catalog", help="Kataloget: en fil eller et gemt katalogs id."),
]


def _cli_actor(name: str | None) -> Actor:
    """Who acts for the command line: an administrator named by ``--as`` or the login name."""
    return Actor(0, name or os.environ.get("USER") or "omprio", "admin")


def _is_stored(value: str, db: str | None) -> bool:
    """Whether a catalog argument names a stored catalog: with ``--db`` always, else when it is
    a number and no such file exists."""
    return db is not None or (value.strip().isdecimal() and not Path(value).exists())


def _catalog_id(value: str) -> int:
    text = value.strip()
    if not text.isdecimal() or not 0 < int(text) < 2**31:
        _fail(f"{value!r} is not a catalog id (a stored catalog is named by its number)")
    return int(text)


def _scenario_id(value: str) -> int:
    text = value.strip()
    if not text.isdecimal() or not 0 < int(text) < 2**31:
        _fail(f"{value}: no such file, and not a stored scenario's id")
    return int(text)


def _sources(
    names: list[str], catalog: str, db: str | None, as_user: str | None
) -> tuple[Catalog, list[Scenario]]:
    """The catalog and the scenarios: files, or (with a stored catalog) stored scenarios by id."""
    if not _is_stored(catalog, db):
        loaded = _load_catalog(Path(catalog))
        found: list[Scenario] = []
        for name in names:
            if not Path(name).exists() and name.strip().isdecimal():
                _fail(f"{name}: a stored scenario needs its catalog's id (--catalog ID [--db URL])")
            try:
                found.append(read_scenario(Path(name)))
            except DecideError as error:
                _fail(error.message)
        return loaded, found
    catalog_id = _catalog_id(catalog)
    actor = _cli_actor(as_user)
    with workspace(db) as ws:
        loaded = ws.version(catalog_id, actor).catalog
        found = []
        for name in names:
            if Path(name).exists():
                try:
                    found.append(read_scenario(Path(name)))
                except DecideError as error:
                    _fail(error.message)
            else:
                found.append(ws.scenario(catalog_id, _scenario_id(name), actor).scenario)
    return loaded, found


@scenario_app.command("show")
def show_command(
    scenarios: ScenarioFiles,
    catalog: RequiredCatalog,
    risk: Annotated[
        Path | None, typer.Option(help="CSV med usikkerhed (ellers scenariets).")
    ] = None,
    draws: Annotated[int, typer.Option(help="Monte Carlo-træk.")] = 10_000,
    seed: Annotated[int, typer.Option(help="Monte Carlo-seed.")] = 0,
    consequences: Annotated[
        bool, typer.Option(help="Vis tiltagenes beskrivelser (konsekvenser for borgerne).")
    ] = True,
    output_format: FormatOption = Format.text,
    lang: LangOption = Language.da,
    db: DbOption = None,
) -> None:
    """Vis et scenaries tal: i alt, mål, mangel, stillinger, temaer, driftsområder, konsekvenser."""
    import json

    from omprio.cli.decide_output import evaluation_json, print_evaluation

    if draws < 1:
        _fail("--draws must be positive")
    loaded, found = _sources(scenarios, catalog, db, None)
    documents = []
    console = _console()
    try:
        given_risk = read_risk(risk) if risk is not None else None
        for scenario in found:
            _check_title(scenario, loaded)
            evaluation = evaluate(scenario, loaded)
            risk_map = given_risk if given_risk is not None else dict(scenario.risk)
            _check_risk(risk_map, loaded)
            report = None
            if risk_map:
                by_code = {m.code: m for m in unique_measures(loaded)}
                chosen = [(by_code[s.code], s.fraction) for s in evaluation.selected]
                report = simulate(
                    [m for m, _ in chosen],
                    [f for _, f in chosen],
                    evaluation.targets,
                    risk_map,
                    draws,
                    seed,
                )
            if output_format is Format.json:
                documents.append(evaluation_json(evaluation, report))
            else:
                print_evaluation(console, evaluation, _lang(lang), consequences)
                if report is not None:
                    from omprio.cli.decide_output import risk_table

                    console.print(risk_table(report, _lang(lang)))
    except DecideError as error:
        _fail(error.message)
    if output_format is Format.json:
        document = documents[0] if len(documents) == 1 else {"scenarios": documents}
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


@scenario_app.command("compare")
def compare_command(
    scenarios: ScenarioFiles,
    catalog: RequiredCatalog,
    output_format: FormatOption = Format.text,
    lang: LangOption = Language.da,
    db: DbOption = None,
) -> None:
    """Sammenlign to eller flere scenarier side om side."""
    import json

    from omprio.cli.decide_output import comparison_json, print_comparison

    loaded, found = _sources(scenarios, catalog, db, None)
    try:
        evaluations = []
        for scenario in found:
            _check_title(scenario, loaded)
            evaluations.append(evaluate(scenario, loaded))
        comparison = compare(evaluations, [m.code for m in unique_measures(loaded)])
    except DecideError as error:
        _fail(error.message)
    if output_format is Format.json:
        text = json.dumps(comparison_json(comparison), ensure_ascii=False, indent=2) + "\n"
        sys.stdout.write(text)
    else:
        print_comparison(_console(), comparison, _lang(lang))


@scenario_app.command("new")
def new_command(
    path: Annotated[Path, typer.Argument(help="Katalog (PDF, tekst eller omprio-JSON).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Scenarie-fil at skrive.")],
    name: Annotated[str | None, typer.Option(help="Scenariets navn.")] = None,
    minimize: Annotated[
        Minimize | None,
        typer.Option(
            "--minimize", "-m", help="Skriv optimeringens pakke (ellers et tomt scenarie)."
        ),
    ] = None,
    target: TargetOption = None,
    include: Codes = None,
    exclude: Codes = None,
    harm: Annotated[Path | None, typer.Option(help="CSV: code,harm.")] = None,
    cap_theme: CapOption = None,
    cap_theme_count: CountOption = None,
    cap_area: CapOption = None,
    cap_area_count: CountOption = None,
    max_fte_cut: Annotated[str | None, typer.Option(help="Højst tabte stillinger pr. år.")] = None,
    divisible: Codes = None,
    all_measures: Annotated[
        bool, typer.Option("--all-measures", help="Alle tiltag, ikke kun målets afsnit.")
    ] = False,
    time_limit: Annotated[float, typer.Option(help="Sekunder.")] = 60.0,
) -> None:
    """Skriv et tomt scenarie, eller optimeringens pakke med --minimize."""
    loaded = _load_catalog(path)
    try:
        if minimize is None:
            base = empty_scenario(loaded, name or "Nyt scenarie", all_measures)
            request = _request(
                loaded, base, "fte", target, include, exclude, harm, cap_theme, cap_theme_count,
                cap_area, cap_area_count, max_fte_cut, divisible, all_measures, None,
            )  # fmt: skip
            build_problem(loaded, request)  # the constraints must make sense
            scenario = Scenario(
                name=base.name,
                catalog_title=base.catalog_title,
                selection=base.selection,
                targets=request.targets,
                constraints=request.constraints,
                harm=request.harm,
                divisible=request.divisible,
                all_measures=request.all_measures,
            )
        else:
            request = _request(
                loaded, None, minimize.value, target, include, exclude, harm, cap_theme,
                cap_theme_count, cap_area, cap_area_count, max_fte_cut, divisible, all_measures,
                None,
            )  # fmt: skip
            problem = build_problem(loaded, request)
            outcome = optimize(problem, Options(time_limit=time_limit, diagnose=False))
            if outcome.package is None:
                _warn(f"no package reaches the target ({outcome.status}); nothing written")
                raise typer.Exit(1)
            scenario = scenario_from_package(
                problem, outcome.package.selection, name or f"Minimér {minimize.value}"
            )
    except DecideError as error:
        _fail(error.message)
    _write(output, dumps(scenario))


@scenario_app.command("list")
def list_command(
    catalog: Annotated[str, typer.Argument(help="Det gemte katalogs id.")],
    db: DbOption = None,
    output_format: FormatOption = Format.text,
    lang: LangOption = Language.da,
) -> None:
    """Vis de gemte scenarier for et katalog (list the stored scenarios of a catalog)."""
    import json

    from rich.table import Table

    catalog_id = _catalog_id(catalog)
    with workspace(db) as ws:
        items = ws.scenarios(catalog_id, _cli_actor(None))
    if output_format is Format.json:
        document = [
            {
                "id": item.id,
                "name": item.name,
                "version": item.version,
                "author": item.author,
                "saved_by": item.saved_by,
                "created_at": item.created_at.isoformat(),
                "updated_at": item.updated_at.isoformat(),
                "revision": item.revision,
            }
            for item in items
        ]
        sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        return
    da = _lang(lang) == "da"
    title = "Scenarier i katalog " if da else "Scenarios of catalog "
    table = Table(title=title + str(catalog_id))
    for heading in (
        ("Id", "Id"), ("Navn", "Name"), ("Version", "Version"), ("Forfatter", "Author"),
        ("Gemt", "Saved"), ("Revision", "Revision"),
    ):  # fmt: skip
        table.add_column(heading[0] if da else heading[1])
    for item in items:
        table.add_row(
            str(item.id), item.name, str(item.version), item.author,
            item.updated_at.strftime("%Y-%m-%d %H:%M"), str(item.revision),
        )  # fmt: skip
    _console().print(table)


@scenario_app.command("save")
def save_command(
    file: Annotated[Path, typer.Argument(help="Scenarie-fil (JSON).")],
    catalog: Annotated[str, typer.Option("--catalog", help="Det gemte katalogs id.")],
    db: DbOption = None,
    as_user: AsOption = None,
    replace: Annotated[
        int | None, typer.Option("--replace", help="Erstat dette gemte scenarie (id).")
    ] = None,
) -> None:
    """Gem en scenarie-fil hos et katalog og udskriv dens id (store a scenario; prints its id)."""
    try:
        scenario = read_scenario(file)
    except DecideError as error:
        _fail(error.message)
    catalog_id = _catalog_id(catalog)
    with workspace(db) as ws:
        kept = ws.save_scenario(catalog_id, scenario, _cli_actor(as_user), scenario_id=replace)
    typer.echo(kept.id)


@scenario_app.command("export")
def export_command(
    scenario: Annotated[str, typer.Argument(help="Det gemte scenaries id.")],
    catalog: Annotated[str, typer.Option("--catalog", help="Det gemte katalogs id.")],
    db: DbOption = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Fil at skrive (ellers stdout).")
    ] = None,
) -> None:
    """Skriv et gemt scenarie som omprio.scenario/1-JSON (export a stored scenario)."""
    catalog_id = _catalog_id(catalog)
    with workspace(db) as ws:
        kept = ws.scenario(catalog_id, _scenario_id(scenario), _cli_actor(None))
    text = dumps(kept.scenario)
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text)
