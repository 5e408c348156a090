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

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from omprio.cli.decide_inputs import (
    catalog_id,
    check_title,
    cli_actor,
    inputs,
    is_stored,
    load_catalog,
    request,
    scenario_id,
    sources,
)
from omprio.cli.options import (
    DEFAULT_LANGUAGE,
    AllMeasuresOption,
    AsOption,
    CapOption,
    CatalogOption,
    Codes,
    CountOption,
    DbOption,
    Format,
    FormatOption,
    FteCutOption,
    HarmOption,
    LangOption,
    Minimize,
    MinimizeOption,
    TargetOption,
    console,
    fail,
    lang,
    warn,
)
from omprio.cli.workspace_commands import workspace
from omprio.decide.csv_inputs import read_risk
from omprio.decide.errors import DecideError
from omprio.decide.optimize import Options
from omprio.decide.problem import build_problem
from omprio.decide.scenario import Scenario, empty_scenario, evaluate, scenario_from_package
from omprio.decide.scenario_json import dumps, read_scenario
from omprio.i18n import Phrase, t
from omprio.service.decide import check_risk, simulate_evaluation, solve

scenario_app = typer.Typer(
    help="Scenarier: vis, sammenlign, opret, gem og eksportér "
    "(scenarios: show, compare, new, list, save, export).",
    no_args_is_help=True,
)


def _dump(document: object) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def optimize_command(
    path: Annotated[
        Path, typer.Argument(help="Katalog (PDF, tekst, omprio-JSON) eller et scenarie (JSON).")
    ],
    minimize: MinimizeOption = Minimize.fte,
    target: TargetOption = None,
    include: Codes = None,
    exclude: Codes = None,
    harm: HarmOption = None,
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
    max_fte_cut: FteCutOption = None,
    divisible: Codes = None,
    all_measures: AllMeasuresOption = False,
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
    lang_option: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Find den bedste pakke tiltag, der når målet hvert år. Exit 0: fundet, 1: umuligt, 2: fejl."""
    if probability is not None and not 0 < probability <= 1:
        fail("cli.err.probability", value=probability)
    if alternatives < 0 or time_limit <= 0 or gap < 0 or draws < 1:
        fail("cli.err.optimize_limits")
    stored_id: int | None = None
    stored_version: int | None = None
    if is_stored(str(path), db):
        stored_id = catalog_id(str(path))
        with workspace(db) as ws:
            version = ws.version(stored_id, cli_actor(as_user))
        loaded, scenario, stored_version = version.catalog, None, version.info.number
    else:
        if save is not None:
            fail("cli.err.save_needs_stored")
        loaded, scenario = inputs(path, catalog)
    options = Options(time_limit=time_limit, mip_rel_gap=gap, alternatives=alternatives)
    try:
        asked = request(
            loaded, scenario, minimize.value, target, include, exclude, harm, cap_theme,
            cap_theme_count, cap_area, cap_area_count, max_fte_cut, divisible, all_measures,
            margin,
        )  # fmt: skip
        risk_map = read_risk(risk) if risk is not None else dict(scenario.risk if scenario else {})
        check_risk(risk_map, loaded)
        problem = build_problem(loaded, asked)
        if probability is not None and not risk_map:
            raise DecideError("probability-needs-risk")
        answer = solve(problem, risk_map, probability, options, draws=draws, seed=seed)
    except DecideError as error:
        fail(error)
    outcome = answer.outcome
    language = lang(lang_option)
    if output_format is Format.json:
        from omprio.service.decide_json import outcome_json

        _dump(outcome_json(answer, language))
    else:
        from omprio.cli.decide_output import print_outcome

        print_outcome(console(), answer, language)
    label = name or t("decide.cli.default_name", language, objective=minimize.value)
    if output is not None:
        if outcome.package is None:
            warn("cli.warn.nothing_saved", path=output)
        else:
            _write(
                output,
                dumps(scenario_from_package(problem, outcome.package.selection, label, risk_map)),
            )
    if save is not None and stored_id is not None:
        if outcome.package is None:
            warn("cli.warn.nothing_stored", name=save)
        else:
            made = scenario_from_package(problem, outcome.package.selection, save, risk_map)
            with workspace(db) as ws:
                kept = ws.save_scenario(stored_id, made, cli_actor(as_user), version=stored_version)
            warn("cli.warn.stored", id=kept.id, name=kept.name, catalog=stored_id)
    raise typer.Exit(0 if answer.found else 1)


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        fail("cli.err.cannot_write", path=path, reason=error.strerror or error)


ScenarioFiles = Annotated[
    list[str], typer.Argument(help="Scenarie-filer (JSON) eller id'er på gemte scenarier.")
]
RequiredCatalog = Annotated[
    str,
    typer.Option("--catalog", help="Kataloget: en fil eller et gemt katalogs id."),
]


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
    lang_option: LangOption = DEFAULT_LANGUAGE,
    db: DbOption = None,
) -> None:
    """Vis et scenaries tal: i alt, mål, mangel, stillinger, temaer, driftsområder, konsekvenser."""
    from omprio.cli.decide_output import print_evaluation, risk_table
    from omprio.service.decide_json import evaluation_json

    if draws < 1:
        fail("cli.err.draws")
    language = lang(lang_option)
    loaded, found = sources(scenarios, catalog, db, None)
    documents = []
    out = console()
    try:
        given_risk = read_risk(risk) if risk is not None else None
        for scenario in found:
            check_title(scenario, loaded)
            evaluation = evaluate(scenario, loaded)
            risk_map = given_risk if given_risk is not None else dict(scenario.risk)
            check_risk(risk_map, loaded)
            report = None
            if risk_map:
                report = simulate_evaluation(evaluation, loaded, risk_map, draws=draws, seed=seed)
            if output_format is Format.json:
                documents.append(evaluation_json(evaluation, language, report))
            else:
                print_evaluation(out, evaluation, language, consequences)
                if report is not None:
                    out.print(risk_table(report, language))
    except DecideError as error:
        fail(error)
    if output_format is Format.json:
        _dump(documents[0] if len(documents) == 1 else {"scenarios": documents})


@scenario_app.command("compare")
def compare_command(
    scenarios: ScenarioFiles,
    catalog: RequiredCatalog,
    output_format: FormatOption = Format.text,
    lang_option: LangOption = DEFAULT_LANGUAGE,
    db: DbOption = None,
) -> None:
    """Sammenlign to eller flere scenarier side om side."""
    from omprio.cli.decide_output import print_comparison
    from omprio.decide.compare import compare
    from omprio.decide.targets import unique_measures
    from omprio.service.decide_json import comparison_json

    loaded, found = sources(scenarios, catalog, db, None)
    try:
        evaluations = []
        for scenario in found:
            check_title(scenario, loaded)
            evaluations.append(evaluate(scenario, loaded))
        comparison = compare(evaluations, [m.code for m in unique_measures(loaded)])
    except DecideError as error:
        fail(error)
    if output_format is Format.json:
        _dump(comparison_json(comparison))
    else:
        print_comparison(console(), comparison, lang(lang_option))


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
    harm: HarmOption = None,
    cap_theme: CapOption = None,
    cap_theme_count: CountOption = None,
    cap_area: CapOption = None,
    cap_area_count: CountOption = None,
    max_fte_cut: FteCutOption = None,
    divisible: Codes = None,
    all_measures: AllMeasuresOption = False,
    time_limit: Annotated[float, typer.Option(help="Sekunder.")] = 60.0,
    lang_option: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Skriv et tomt scenarie, eller optimeringens pakke med --minimize."""
    from omprio.decide.optimize import optimize

    language = lang(lang_option)
    loaded = load_catalog(path)
    try:
        if minimize is None:
            base = empty_scenario(loaded, name or t("scenario.new", language), all_measures)
            asked = request(
                loaded, base, "fte", target, include, exclude, harm, cap_theme, cap_theme_count,
                cap_area, cap_area_count, max_fte_cut, divisible, all_measures, None,
            )  # fmt: skip
            build_problem(loaded, asked)  # the constraints must make sense
            scenario = Scenario(
                name=base.name,
                catalog_title=base.catalog_title,
                selection=base.selection,
                targets=asked.targets,
                constraints=asked.constraints,
                harm=asked.harm,
                divisible=asked.divisible,
                all_measures=asked.all_measures,
            )
        else:
            asked = request(
                loaded, None, minimize.value, target, include, exclude, harm, cap_theme,
                cap_theme_count, cap_area, cap_area_count, max_fte_cut, divisible, all_measures,
                None,
            )  # fmt: skip
            problem = build_problem(loaded, asked)
            outcome = optimize(problem, Options(time_limit=time_limit, diagnose=False))
            if outcome.package is None:
                warn("cli.warn.nothing_written",
                     status=Phrase(f"decide.out.status.{outcome.status}"))
                raise typer.Exit(1)
            scenario = scenario_from_package(
                problem,
                outcome.package.selection,
                name or t("decide.cli.default_name", language, objective=minimize.value),
            )
    except DecideError as error:
        fail(error)
    _write(output, dumps(scenario))


@scenario_app.command("list")
def list_command(
    catalog: Annotated[str, typer.Argument(help="Det gemte katalogs id.")],
    db: DbOption = None,
    output_format: FormatOption = Format.text,
    lang_option: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Vis de gemte scenarier for et katalog (list the stored scenarios of a catalog)."""
    from rich.table import Table

    from omprio.service.decide_json import summary_json

    number = catalog_id(catalog)
    with workspace(db) as ws:
        items = ws.scenarios(number, cli_actor(None))
    if output_format is Format.json:
        documents = [summary_json(item) for item in items]
        _dump([{k: v for k, v in d.items() if k != "catalog_id"} for d in documents])
        return
    language = lang(lang_option)
    table = Table(title=t("decide.cli.list_title", language, id=number))
    for key in ("id", "name", "version", "author", "saved", "revision"):
        table.add_column(t(f"decide.cli.col.{key}", language))
    for item in items:
        table.add_row(
            str(item.id), item.name, str(item.version), item.author,
            item.updated_at.strftime("%Y-%m-%d %H:%M"), str(item.revision),
        )  # fmt: skip
    console().print(table)


@scenario_app.command("save")
def save_command(
    file: Annotated[Path, typer.Argument(help="Scenarie-fil (JSON).")],
    catalog: Annotated[str, typer.Option("--catalog", help="Det gemte katalogs id.")],
    db: DbOption = None,
    as_user: AsOption = None,
    replace: Annotated[
        int | None, typer.Option("--replace", help="Erstat dette gemte scenarie (id).")
    ] = None,
    lang_option: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Gem en scenarie-fil hos et katalog og udskriv dens id (store a scenario; prints its id)."""
    try:
        scenario = read_scenario(file)
    except DecideError as error:
        fail(error)
    number = catalog_id(catalog)
    with workspace(db) as ws:
        kept = ws.save_scenario(number, scenario, cli_actor(as_user), scenario_id=replace)
    typer.echo(kept.id)


@scenario_app.command("export")
def export_command(
    scenario: Annotated[str, typer.Argument(help="Det gemte scenaries id.")],
    catalog: Annotated[str, typer.Option("--catalog", help="Det gemte katalogs id.")],
    db: DbOption = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Fil at skrive (ellers stdout).")
    ] = None,
    lang_option: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Skriv et gemt scenarie som omprio.scenario/1-JSON (export a stored scenario)."""
    number = catalog_id(catalog)
    with workspace(db) as ws:
        kept = ws.scenario(number, scenario_id(scenario), cli_actor(None))
    text = dumps(kept.scenario)
    if output is None:
        sys.stdout.write(text)
    else:
        _write(output, text)
