"""``omprio agreement`` and ``omprio followup``: the budget agreement on a stored catalog and its
dated follow-ups — import, show, close, history.

Each command opens the workspace (``--db``), calls one function of
:mod:`omprio.service.followup` (or the workspace) and prints the answer as text (Rich tables,
Danish numbers) or JSON (:mod:`omprio.service.followup_json`). The acting user is ``--user``
(else the login name) with the administrator's rights, as for ``omprio import``. Bad input is
one line on stderr and exit code 2, nothing stored, never a traceback.
"""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from omprio.cli.catalog_commands import CatalogArgument, DbOption, UserOption, _actor, _call
from omprio.cli.options import DEFAULT_LANGUAGE, Format, FormatOption, LangOption, fail, say

if TYPE_CHECKING:
    from omprio.display import Lang
    from omprio.findings import Finding

followup_app = typer.Typer(
    help="Opfølgning på budgetforliget: indlæs, vis, luk, historik "
    "(follow-up of the budget agreement: import, show, close, history).",
    no_args_is_help=True,
)

DateOption = Annotated[str, typer.Option("--date", help="Datoen, fx 2024-06-30.")]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        fail("cli.followup.bad_date", value=text[:40])


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _findings(findings: list[Finding]) -> None:
    from omprio.cli.options import current_language, note

    for item in findings:
        note("cli.followup.finding", severity=_severity(item), rule=item.rule,
             message=item.message(current_language()))


def _severity(item: Finding) -> object:
    from omprio.i18n import Phrase

    return Phrase(f"severity.{item.severity.value}")


def agreement_command(
    catalog_id: CatalogArgument,
    name: Annotated[str, typer.Option("--name", help="Forligets navn, fx 'Budgetforlig 2024'.")],
    agreed: Annotated[str, typer.Option("--date", help="Forligets dato, fx 2023-10-05.")],
    from_scenario: Annotated[int | None, typer.Option(
        "--from-scenario", help="Et gemt scenarie: de valgte tiltag vedtages, de øvrige udgår.")
    ] = None,
    file: Annotated[Path | None, typer.Option(
        "--file", help="Forliget som JSON: {\"measures\": {KODE: {\"decision\": …}}, "
        "\"added\": […]}.")] = None,
    output: FormatOption = Format.text,
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Registrér budgetforliget: en ny, vedtaget version af kataloget (record the agreement)."""
    from omprio import money
    from omprio.cli.followup_show import print_comparison
    from omprio.service import followup as service
    from omprio.service.followup_json import comparison_json

    if (from_scenario is None) == (file is None):
        fail("cli.followup.one_source")
    agreed_on = _date(agreed)
    document = None
    if file is not None:
        try:
            document = money.loads(file.read_bytes())
        except OSError:
            fail("cli.followup.no_file", file=str(file))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            fail("cli.followup.bad_json", file=str(file), reason=str(exc)[:200])
        except money.NumberRefused as exc:
            fail("cli.followup.bad_json", file=str(file), reason=exc)
    actor = _actor(user)

    def work(ws: object) -> service.AgreementComparison:
        from omprio.store.workspace import Workspace

        assert isinstance(ws, Workspace)
        service.record_agreement(ws, catalog_id, actor, name=name, agreed_on=agreed_on,
                                 document=document, scenario_id=from_scenario)
        return service.agreement_comparison(ws, catalog_id, actor)

    compared = _call(db, lang, work)
    if output is Format.json:
        _print_json(comparison_json(compared))
    else:
        print_comparison(compared, lang)


def _mapping(items: list[str] | None) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for item in items or []:
        column, sep, heading = item.partition("=")
        if not sep or not column.strip() or not heading.strip():
            fail("cli.followup.bad_map", value=item[:60])
        mapping[column.strip().lower()] = heading.strip()
    return mapping


@followup_app.command("import")
def followup_import(
    catalog_id: CatalogArgument,
    file: Annotated[Path, typer.Argument(help="CSV (; eller ,) eller XLSX: "
                                              "measure;year;realized;forecast;status;explanation, "
                                              "eller et kontoudtræk (--accounts).")],
    day: DateOption,
    mapping: Annotated[list[str] | None, typer.Option(
        "--map", help="Kolonne=overskrift, fx realized=Forbrug (gentag).")] = None,
    accounts: Annotated[bool, typer.Option(
        "--accounts", help="Filen er et udtræk fra økonomisystemet (konto, omkostningssted, "
        "beløb, periode): realiseret pr. tiltag efter den gemte kontotilknytning.")] = False,
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Indlæs en opfølgning på en dato som en ny revision (import a follow-up)."""
    from omprio.service.followup_accounts import AccountsImport, import_table

    as_of = _date(day)
    columns = _mapping(mapping)
    try:
        data = file.read_bytes()
    except OSError:
        fail("cli.followup.no_file", file=str(file))
    actor = _actor(user)
    done = _call(db, lang, lambda ws: import_table(
        ws, catalog_id, actor, data, file.name, as_of, columns, accounts=accounts))
    _findings(done.findings)
    if isinstance(done, AccountsImport):
        _accounts_result(done, lang)
    assert done.stored is not None
    say("cli.followup.stored", revision=done.stored.info.revision, date=as_of.isoformat(),
        entries=len(done.stored.entries))


def _accounts_result(done: object, lang: Lang) -> None:
    from omprio import display
    from omprio.cli.options import counted
    from omprio.i18n import Phrase
    from omprio.service.followup_accounts import AccountsImport

    assert isinstance(done, AccountsImport)
    result = done.result
    say("cli.followup.accounts_counts",
        matched=counted("cli.count.row", len(result.matched)),
        unmatched=counted("cli.count.row", len(result.unmatched)),
        measures=counted("cli.count.measure_year", len(result.realized)))
    for row in result.unmatched:
        say("cli.followup.accounts_unmatched", line=row.line, account=row.account or "-",
            centre=row.cost_centre or "-", year=row.year,
            amount=display.number(row.amount, lang),
            text=row.text, reason=Phrase(f"followup.accounts_reason.{row.reason}"))


@followup_app.command("accounts")
def followup_accounts(
    catalog_id: CatalogArgument,
    map_file: Annotated[Path | None, typer.Option(
        "--map-file", help="CSV eller XLSX: konto;tiltag (eller omkostningssted;tiltag) pr. "
        "linje; 4711 præcis, 47* begynder med, 4700-4799 interval.")] = None,
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Gem katalogets kontotilknytning til tiltag, eller vis den (save the account mapping)."""
    from omprio.service import followup_accounts as service

    actor = _actor(user)
    if map_file is None:
        rules = _call(db, lang, lambda ws: ws.account_mapping(catalog_id, actor))
        for rule in rules:
            say("cli.followup.mapping_rule", account=rule.account or "*",
                centre=rule.cost_centre or "*", code=rule.code)
        return
    try:
        data = map_file.read_bytes()
    except OSError:
        fail("cli.followup.no_file", file=str(map_file))
    saved = _call(db, lang, lambda ws: service.save_mapping(
        ws, catalog_id, actor, data, map_file.name))
    say("cli.followup.mapping_saved", rules=len(saved), catalog=catalog_id)


class ReportFormat(StrEnum):
    """The formats of ``omprio followup report``."""

    pdf = "pdf"
    docx = "docx"
    xlsx = "xlsx"
    fdp = "fdp"


@followup_app.command("report")
def followup_report(
    catalog_id: CatalogArgument,
    day: DateOption,
    output: Annotated[Path, typer.Option("-o", "--output", help="Filen der skrives.")],
    fmt: Annotated[ReportFormat, typer.Option(
        "--format", help="pdf, docx, xlsx (udvalgets rapport) eller fdp (åbne data med "
        "realiseret, fase executed).")] = ReportFormat.pdf,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Skriv opfølgningens rapport til udvalget som PDF, Word eller Excel (the report)."""
    from omprio.service import followup_report as service

    as_of = _date(day)
    actor = _actor(None)
    if fmt is ReportFormat.fdp:
        data = _call(db, lang, lambda ws: service.report_fdp(ws, catalog_id, actor, as_of))
    else:
        done = _call(db, lang, lambda ws: service.followup_report(ws, catalog_id, actor, as_of))
        kind = next(f for f in service.DOCUMENT_FORMATS if f == fmt.value)
        data = service.report_file(done, kind, lang)
    try:
        output.write_bytes(data)
    except OSError:
        fail("cli.followup.no_write", file=str(output))
    say("cli.followup.report_written", file=str(output), bytes=len(data))


@followup_app.command("show")
def followup_show(
    catalog_id: CatalogArgument,
    day: Annotated[str | None, typer.Option(
        "--date", help="Opfølgningen på eller før denne dato (ellers den seneste).")] = None,
    output: FormatOption = Format.text,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Vis plan, realiseret, prognose og afvigelse pr. tiltag og år (show a follow-up)."""
    from omprio.cli.followup_show import print_figures
    from omprio.service import followup as service
    from omprio.service.followup_json import figures_json

    as_of = _date(day) if day is not None else None
    actor = _actor(None)
    shown, findings = _call(db, lang, lambda ws: service.followup_figures(
        ws, catalog_id, actor, as_of))
    if output is Format.json:
        _print_json(figures_json(catalog_id, shown, findings, lang))
    else:
        print_figures(shown, findings, lang)


@followup_app.command("close")
def followup_close(
    catalog_id: CatalogArgument,
    day: DateOption,
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Luk opfølgningen på en dato: derefter kan den kun læses (close a follow-up)."""
    as_of = _date(day)
    actor = _actor(user)
    info = _call(db, lang, lambda ws: ws.close_followup(catalog_id, as_of, actor))
    say("cli.followup.closed", date=as_of.isoformat(), revision=info.revision,
        by=info.closed_by)


@followup_app.command("history")
def followup_history(
    catalog_id: CatalogArgument,
    code: Annotated[str, typer.Argument(help="Tiltagets kode, fx BFF-1.")],
    output: FormatOption = Format.text,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Vis et tiltags tal og status i hver opfølgning over tid (a measure's history)."""
    from omprio.cli.followup_show import print_history
    from omprio.service import followup as service
    from omprio.service.followup_json import history_json

    actor = _actor(None)
    history = _call(db, lang, lambda ws: service.measure_history(ws, catalog_id, code, actor))
    if output is Format.json:
        _print_json(history_json(catalog_id, code, history))
    else:
        print_history(code, history, lang)


@followup_app.command("carry")
def followup_carry(
    catalog_id: CatalogArgument,
    day: DateOption,
    round_id: Annotated[int | None, typer.Option(
        "--round", help="Budgetrunden, der får et nyt krav.")] = None,
    target_catalog: Annotated[int | None, typer.Option(
        "--catalog", help="Kataloget, hvis måltal rettes.")] = None,
    measures: Annotated[list[str] | None, typer.Option(
        "--measure", help="Kun dette tiltag (gentag); ellers alle, der ikke realiseres.")] = None,
    key: Annotated[str | None, typer.Option(
        "--key", help="Rundens fordelingsnøgle til kravet (ellers rundens første).")] = None,
    output: FormatOption = Format.text,
    user: UserOption = None,
    db: DbOption = None,
    lang: LangOption = DEFAULT_LANGUAGE,
) -> None:
    """Overfør det, der ikke realiseres, til en budgetrunde eller et katalogs måltal (carry
    over what will not be realized)."""
    from omprio.service.followup_carry import carry_over
    from omprio.service.followup_json import carried_json

    if (round_id is None) == (target_catalog is None):
        fail("cli.followup.carry_where")
    as_of = _date(day)
    actor = _actor(user)
    done = _call(db, lang, lambda ws: carry_over(
        ws, catalog_id, actor, as_of, round_id=round_id, target_catalog_id=target_catalog,
        codes=tuple(measures or ()), key=key, lang=lang))
    if output is Format.json:
        _print_json(carried_json(done))
        return
    from omprio.display import number

    amounts = ", ".join(f"{year}: {number(value, lang)}" for year, value in done.amounts.items())
    key_name = "cli.followup.carried_round" if done.into == "round" else \
        "cli.followup.carried_target"
    say(key_name, id=done.id, version=done.version, amounts=amounts,
        measures=", ".join(s.code for s in done.measures))
