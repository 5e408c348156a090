"""The REST API fuzzed from its own OpenAPI schema with Schemathesis: every operation, with
valid (positive) and invalid (negative) requests, sent with an administrator's bearer token,
must never answer 5xx, and must answer with a documented status, content type and body.

Besides random path parameters, every operation is also fuzzed on the catalog that exists (and
BFF-1) and on a budget round that exists, so requests reach the workspace instead of stopping at
404; valid edits there are based on the latest version, and must be stored (2xx), not just
refused.
SQLite gets the full pass, PostgreSQL a smaller one (the file runs in well under a minute).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CheckFunction
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from databases import ENGINES
from omprio.store.workspace import Workspace
from omprio.web.app import create_app
from web_support import SECRET_KEY, SYSTEM, bearer, import_seed, latest, user_workspace

# Examples per operation and choice of path parameters (random, existing), for valid and for
# invalid requests (generating invalid bodies of PATCH is what takes time).
EXAMPLES = {("sqlite", GenerationMode.POSITIVE): 12, ("sqlite", GenerationMode.NEGATIVE): 6,
            ("postgresql", GenerationMode.POSITIVE): 4, ("postgresql", GenerationMode.NEGATIVE): 2}
CHECKS: list[CheckFunction] = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def operation_labels() -> list[str]:
    """Every operation of the app's OpenAPI schema ("PATCH /api/v1/…")."""
    app = create_app(Workspace("sqlite://"), secret_key=SECRET_KEY)
    schema = schemathesis.openapi.from_dict(app.openapi())
    labels = []
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result
        labels.append(result.ok().label)
    return labels


LABELS = operation_labels()


@dataclass
class Target:
    engine: str
    ws: Workspace
    catalog_id: int
    round_id: int
    token: str
    schema: Any


@pytest.fixture(scope="module", params=ENGINES)
def target(request: pytest.FixtureRequest,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    engine: str = request.param
    with user_workspace(engine, tmp_path_factory.mktemp(f"fuzz-{engine}")) as ws:
        catalog_id = import_seed(ws, public=False)
        import_seed(ws, public=True)
        app = create_app(ws, secret_key=SECRET_KEY)
        schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
        yield Target(engine, ws, catalog_id, fuzz_round(ws, catalog_id),
                     ws.create_token("admin"), schema)


def fuzz_round(ws: Workspace, catalog_id: int) -> int:
    """A budget round with departments, a key, a requirement and the catalog linked; its id."""
    from omprio.rounds.model import BudgetRound, Department, Key, KeyKind, Link, Requirement

    made = BudgetRound("Fuzz", "Aarhus Kommune", (2024, 2025, 2026, 2027), 2024,
                       departments=(Department("MSB", "Sociale Forhold"),
                                    Department("BFF-1", "BFF")),
                       keys=(Key("ADM", "Adm", KeyKind.SHARES,
                                 {"MSB": Decimal(60), "BFF-1": Decimal(40)}),),
                       requirements=(Requirement("R", "ADM", {2024: Decimal(-500)},
                                                 frame_cut=True),),
                       links=(Link(catalog_id, "MSB", ("R",)),))
    return ws.create_round(made, SYSTEM).id


def test_the_schema_documents_the_api_and_only_the_api() -> None:
    assert LABELS, "the schema has no operations"
    assert all(label.split(" ", 1)[1].startswith("/api/v1/") for label in LABELS), LABELS
    app = create_app(Workspace("sqlite://"), secret_key=SECRET_KEY)
    document = app.openapi()
    assert document["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert "security" in operation, (method, path)
            if method == "get":  # reads of public catalogs need no token
                assert {} in operation["security"], (method, path)
            else:
                assert {} not in operation["security"], (method, path)


@pytest.mark.parametrize("label", LABELS)
def test_no_operation_answers_5xx_or_off_schema(target: Target, label: str) -> None:
    operation = target.schema.find_operation_by_label(label)
    assert operation is not None, label
    names = {parameter.name for parameter in operation.path_parameters}
    known = {"catalog_id": target.catalog_id, "code": "BFF-1", "round_id": target.round_id}
    existing = {k: v for k, v in known.items() if k in names}
    passes: list[tuple[GenerationMode, dict[str, Any] | None]] = [
        (GenerationMode.POSITIVE, None), (GenerationMode.NEGATIVE, None)]
    if existing:
        passes += [(GenerationMode.POSITIVE, existing), (GenerationMode.NEGATIVE, existing)]
    for mode, fixed in passes:
        try:
            statuses = fuzz(target, operation, mode, fixed)
        except Unsatisfiable:  # nothing to make invalid (GET /catalogs has no parameters)
            assert mode is GenerationMode.NEGATIVE, label
            continue
        assert statuses, (label, mode)
        json_write = (operation.method.upper() == "PATCH" or label.endswith(("/stage", "/public"))
                      or label == "PUT /api/v1/rounds/{round_id}/departments/{code}")
        if fixed and mode is GenerationMode.POSITIVE and json_write:
            # Valid writes on the catalog that exists are stored, not just refused.
            assert any(200 <= status < 300 for status in statuses), (label, statuses)


def fuzz(target: Target, operation: Any, mode: GenerationMode,
         fixed: dict[str, Any] | None) -> list[int]:
    """Send generated requests of one operation and mode (with the path parameters ``fixed``,
    if given); the statuses of the answers."""
    if fixed:
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed)
    else:
        strategy = operation.as_strategy(generation_mode=mode)
    headers = bearer(target.token)
    statuses: list[int] = []

    @given(case=strategy)
    @settings(max_examples=EXAMPLES[target.engine, mode], deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        body = case.body
        if fixed and mode is GenerationMode.POSITIVE and isinstance(body, dict) \
                and "base_version" in body:
            body["base_version"] = (
                target.ws.stored_round(target.round_id, SYSTEM).latest
                if "round_id" in fixed else latest(target.ws, target.catalog_id))
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        statuses.append(response.status_code)

    run()
    return statuses
