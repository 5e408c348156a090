"""The JSON of deciding, locked: snapshots of the one encoder (omprio.service.decide_json) for the
seed catalog - optimize answers, scenario evaluations with broken constraints, a comparison - and
the same document from the CLI, the pages' JSON twins and the REST API for the same call.

A changed shape fails here: update the files under tests/snapshots/decide/ on purpose with
``OMPRIO_UPDATE_SNAPSHOTS=1`` (and say so in docs/decide.md when a key changes)."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from omprio.cli import app
from omprio.decide import Cap, Constraints, Options, Request, build_problem
from omprio.decide.compare import compare
from omprio.decide.risk import Uncertainty
from omprio.decide.scenario import empty_scenario, evaluate
from omprio.decide.targets import unique_measures
from omprio.model import Catalog
from omprio.read import Loaded
from omprio.service.decide import limited, simulate_evaluation, solve
from omprio.service.decide_json import comparison_json, evaluation_json, outcome_json
from omprio.store.workspace import Workspace
from web_support import bearer, import_seed, make_client, session_client

SNAPSHOTS = Path(__file__).parent / "snapshots" / "decide"
D = Decimal


def _stable(document: Any) -> Any:
    """The document without what varies from run to run (the solver's seconds)."""
    if isinstance(document, dict):
        return {k: _stable(v) for k, v in document.items() if k != "seconds"}
    if isinstance(document, list):
        return [_stable(item) for item in document]
    return document


def matches_snapshot(name: str, document: Any) -> None:
    path = SNAPSHOTS / f"{name}.json"
    text = json.dumps(_stable(document), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    if os.environ.get("OMPRIO_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {path}; run with OMPRIO_UPDATE_SNAPSHOTS=1"
    assert json.loads(text) == json.loads(path.read_text(encoding="utf-8")), name


@pytest.fixture
def catalog(seed: Loaded) -> Catalog:
    return seed.catalog


@pytest.mark.parametrize(("name", "request_", "lang"), [
    ("optimize-count", Request(objective="count", targets={2024: D(-10000)},
                               constraints=Constraints(exclude=frozenset({"JUS-2"}))), "da"),
    ("optimize-fte-capped", Request(objective="fte", targets={2024: D(-9000), 2025: D(-9000)},
                                    constraints=Constraints(theme_caps={"4": Cap(measures=2)},
                                                            max_fte_cut=D(4))), "en"),
    ("optimize-impossible", Request(targets={2024: D(-30000)}), "en"),
])
def test_optimize_answers(catalog: Catalog, name: str, request_: Request, lang: str) -> None:
    answer = solve(build_problem(catalog, request_), {}, None, Options(alternatives=1))
    document = outcome_json(answer, "en" if lang == "en" else "da")
    matches_snapshot(name, document)


def test_optimize_with_a_required_probability(catalog: Catalog) -> None:
    risk = {"UJU-1": Uncertainty(probability=D("0.5")), "BFF-1": Uncertainty(probability=D("0.8"))}
    problem = build_problem(catalog, Request(objective="count", targets={2024: D(-8000)}))
    answer = solve(problem, risk, 0.9, limited(20.0), draws=2000, seed=1)
    assert answer.chance is not None
    matches_snapshot("optimize-probability", outcome_json(answer, "da"))


def test_scenario_evaluations(catalog: Catalog) -> None:
    empty = empty_scenario(catalog, "Tomt")
    matches_snapshot("scenario-empty", evaluation_json(evaluate(empty, catalog), "da"))
    codes = [m.code for m in unique_measures(catalog)]
    everything = replace(
        empty,
        name="Alt, med brud",
        selection=dict.fromkeys(codes, D(1)) | {"VJH-3": D("0.5")},
        divisible=frozenset({"VJH-3"}),
        constraints=Constraints(exclude=frozenset({"BFF-2"}),
                                theme_caps={"1": Cap(savings=D(-10), measures=1)},
                                max_fte_cut=D(1)),
    )
    broken = evaluate(everything, catalog)
    assert {reason.code for reason in broken.broken} == {
        "broken.exclude", "broken.savings", "broken.count", "broken.fte"}
    matches_snapshot("scenario-broken-da", evaluation_json(broken, "da"))
    matches_snapshot("scenario-broken-en", evaluation_json(broken, "en"))
    some = replace(empty, name="Få", selection={"UJU-1": D(1), "BFF-1": D(1)},
                   risk={"UJU-1": Uncertainty(probability=D("0.5"))})
    evaluation = evaluate(some, catalog)
    report = simulate_evaluation(evaluation, catalog, some.risk, draws=2000, seed=3)
    matches_snapshot("scenario-risk", evaluation_json(evaluation, "da", report))
    comparison = compare([evaluation, broken], codes)
    matches_snapshot("comparison", comparison_json(comparison))


# --- the same call, three ways -------------------------------------------------------------------


def _cli(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "160"})
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_cli_pages_and_api_answer_the_same_optimize(workspace: Workspace, database: str) -> None:
    cid = import_seed(workspace, public=True)
    cli = _cli("optimize", str(cid), "--db", database, "-m", "count", "--target", "2024=-10000",
               "--exclude", "JUS-2", "--alternatives", "1", "--format", "json", "--lang", "en")
    client, csrf = session_client(workspace, "viewer")
    years = workspace.version(cid, None).catalog.years
    form = {"csrf_token": csrf, "objective": "count", "target-2024": "-10,000",
            "m-JUS-2": "exclude", "alternatives": "1",
            **{f"target-{year}": "" for year in years if year != 2024}}
    page = client.post(f"/catalogs/{cid}/optimize?lang=en", data=form,
                       headers={"Accept": "application/json"})
    assert page.status_code == 200, page.text[:300]
    api = client.post(f"/api/v1/catalogs/{cid}/optimize",
                      json={"objective": "count", "targets": {"2024": -10000},
                            "exclude": ["JUS-2"], "alternatives": 1, "lang": "en"},
                      headers=bearer(workspace.create_token("viewer")))
    assert api.status_code == 200, api.text[:300]
    assert _stable(cli) == _stable(page.json()) == _stable(api.json())
    assert cli["status"] == "optimal" and cli["objective"] == 5


def test_cli_pages_and_api_answer_the_same_scenario(workspace: Workspace, database: str) -> None:
    cid = import_seed(workspace, public=True)
    who = workspace.authenticate("viewer", "secret-password")
    catalog = workspace.version(cid, who).catalog
    start = empty_scenario(catalog, "Brudt")
    stored = workspace.save_scenario(cid, replace(
        start, selection={**start.selection, "BFF-1": D(1), "BFF-2": D(1), "VJH-3": D("0.5")},
        divisible=frozenset({"VJH-3"}), constraints=Constraints(exclude=frozenset({"BFF-2"}))),
        who)
    for lang in ("da", "en"):
        cli = _cli("scenario", "show", str(stored.id), "--catalog", str(cid), "--db", database,
                   "--format", "json", "--lang", lang)
        client, _ = session_client(workspace, "viewer")
        page = client.get(f"/catalogs/{cid}/scenarios/{stored.id}?lang={lang}",
                          headers={"Accept": "application/json"}).json()
        api = make_client(workspace).get(f"/api/v1/catalogs/{cid}/scenarios/{stored.id}",
                                         params={"lang": lang},
                                         headers=bearer(workspace.create_token("viewer"))).json()
        assert cli == page["evaluation"] == api["evaluation"], lang
        assert page == api
        assert cli["broken"] == [{"code": "broken.exclude", "params": {"code": "BFF-2"},
                                  "message": {"da": "BFF-2 må ikke med",
                                              "en": "BFF-2 must stay out"}[lang]}]
