"""Hypothesis fuzz of every number a request carries (issue 9): extreme numbers into the JSON
bodies of the API (measure PATCH, scenario POST, optimize POST) and into the numeric fields of
the pages (edit form, scenario builder and its hidden part, optimize page, risk page).

Each input must be answered within a bound, never with a 500, and either refused or stored
exactly (an accepted amount reads back as the very Decimal written). The count of inputs tried
is printed at the end of the module (``pytest -s``) for the README.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bounds import HANG
from omprio.decide.scenario import empty_scenario
from omprio.store.workspace import Workspace
from web_support import (
    SECRET_KEY,
    TestClient,
    actor,
    bearer,
    form_fields,
    import_seed,
    login,
    user_workspace,
)

TRIED: Counter[str] = Counter()
SETTINGS = settings(max_examples=40, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])

FIXED = ("1e999999999", "-1e999999999", "1e-999999", "NaN", "Infinity", "-Infinity", "-0",
         "1234567890123456789012345678901234567890", "-99999999999.999999",
         "-1234.5678901234567890123", "²", "١٢٣", "1e1000000", "0.000000000000001", "1E+14",
         "9" * 5000, "1" + "0" * 400, "-19730", "10.5", "0", "1e15", "-1e-16")


def number_texts() -> st.SearchStrategy[str]:
    """Numbers as a hostile client writes them: extreme exponents, long digit strings,
    non-ASCII digits, and some ordinary ones."""
    digits = st.text(alphabet="0123456789", min_size=1, max_size=60)
    return st.one_of(
        st.sampled_from(FIXED),
        st.builds(lambda s, m, e: f"{s}{m}e{e}", st.sampled_from(["", "-"]),
                  st.integers(1, 9), st.integers(-10**9, 10**9)),
        st.builds(lambda s, a, b: f"{s}{a}.{b}", st.sampled_from(["", "-"]), digits, digits),
        st.builds(lambda a: a, digits),
        st.decimals(allow_nan=False, allow_infinity=False).map(str),
        st.text(alphabet="0123456789²³¹٠١٢٣٤٥٦٧٨٩.,-+eE ", min_size=1, max_size=20),
    )


def as_json_number(text: str) -> str:
    """The text as a JSON token: itself when JSON reads it as a number (or NaN/Infinity,
    which Python's json takes), else a JSON string."""
    try:
        json.loads(text)
        return text if text.strip() and not text.strip().startswith('"') else json.dumps(text)
    except (ValueError, RecursionError):
        return json.dumps(text)


def exact_value(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from omprio.web.app import create_app

    with user_workspace("sqlite", tmp_path_factory.mktemp("fuzz-numbers")) as ws:
        cid = import_seed(ws, public=True)
        catalog = ws.version(cid, actor(ws, "viewer")).catalog
        base = empty_scenario(catalog, "Fuzz")
        scenario = ws.save_scenario(cid, base, actor(ws, "editor"))
        client = TestClient(create_app(ws, secret_key=SECRET_KEY), follow_redirects=False,
                            raise_server_exceptions=False)
        csrf = login(client, "editor")
        yield {"ws": ws, "cid": cid, "client": client, "csrf": csrf,
               "token": ws.create_token("editor"), "sid": scenario.id}
        client.close()
    print(f"\nnumber fuzz: {sum(TRIED.values())} inputs tried: "
          + ", ".join(f"{k} {v}" for k, v in sorted(TRIED.items())))


def send(site: dict[str, Any], kind: str, method: str, url: str, **kwargs: Any) -> Any:
    TRIED[kind] += 1
    start = time.monotonic()
    response = site["client"].request(method, url, **kwargs)
    seconds = time.monotonic() - start
    assert response.status_code < 500, (kind, response.status_code, response.text[:300])
    assert seconds < HANG, (kind, seconds)
    return response


def _api(site: dict[str, Any]) -> dict[str, str]:
    return {**bearer(site["token"]), "Content-Type": "application/json"}


# --- the API --------------------------------------------------------------------------------------


@SETTINGS
@given(number=number_texts(), field=st.sampled_from(["net", "fte", "lines", "area_budget"]))
def test_api_measure_patch(site: dict[str, Any], number: str, field: str) -> None:
    ws: Workspace = site["ws"]
    cid = site["cid"]
    version = ws.version(cid, None).info.number
    token = as_json_number(number)
    changes = {
        "net": f'{{"net": {{"2027": {token}}}}}',
        "fte": f'{{"fte": {{"2027": {token}}}}}',
        "lines": f'{{"lines": [{{"label": "Fuzz", "amounts": {{"2027": {token}}}}}]}}',
        "area_budget": f'{{"area_budget": {{"text": "x", "amounts_dkk": [{token}]}}}}',
    }[field]
    body = f'{{"base_version": {version}, "changes": {changes}}}'
    response = send(site, "api-patch", "PATCH", f"/api/v1/catalogs/{cid}/measures/BFF-1",
                    content=body, headers=_api(site))
    assert response.status_code in (200, 409, 422), response.text[:300]
    if response.status_code == 200:
        measure = next(m for m in ws.version(cid, None).catalog.measures if m.code == "BFF-1")
        written = exact_value(number)
        assert written is not None
        if field == "net":
            assert measure.net[2027] == written
        elif field == "fte":
            assert measure.fte[2027] == written
        elif field == "lines":
            assert measure.lines[0].amounts[2027] == written
        else:
            assert measure.area_budget is not None
            assert measure.area_budget.amounts_dkk == (written,)


@SETTINGS
@given(number=number_texts(),
       field=st.sampled_from(["targets", "harm", "selection", "theme_caps", "max_fte_cut"]))
def test_api_scenario_post(site: dict[str, Any], number: str, field: str) -> None:
    token = as_json_number(number)
    part = {
        "targets": f'"targets": {{"2024": {token}}}',
        "harm": f'"harm": {{"BFF-1": {token}}}',
        "selection": f'"selection": {{"BFF-1": {token}}}',
        "theme_caps": f'"constraints": {{"theme_caps": {{"1": {{"savings": {token}}}}}}}',
        "max_fte_cut": f'"constraints": {{"max_fte_cut": {token}}}',
    }[field]
    name = f"fuzz {TRIED['api-scenario']}"
    body = f'{{"format": "omprio.scenario/1", "name": "{name}", {part}}}'
    response = send(site, "api-scenario", "POST", f"/api/v1/catalogs/{site['cid']}/scenarios",
                    content=body, headers=_api(site))
    assert response.status_code in (201, 409, 422), response.text[:300]
    if response.status_code == 201 and field in ("targets", "harm"):
        written = exact_value(number)
        stored = site["ws"].scenario(site["cid"], response.json()["id"],
                                     actor(site["ws"], "editor")).scenario
        got = stored.targets[2024] if field == "targets" and stored.targets else (
            stored.harm.get("BFF-1"))
        assert got == written


@SETTINGS
@given(number=number_texts(),
       field=st.sampled_from(["targets", "harm", "margin", "max_fte_cut", "probability",
                              "time_limit"]))
def test_api_optimize_post(site: dict[str, Any], number: str, field: str) -> None:
    token = as_json_number(number)
    part = {
        "targets": f'"targets": {{"2024": {token}}}',
        "harm": f'"objective": "harm", "harm": {{"BFF-1": {token}}}',
        "margin": f'"margin": {token}',
        "max_fte_cut": f'"max_fte_cut": {token}',
        "probability": f'"probability": {token}, "risk": {{"BFF-1": {{"probability": 0.5}}}},'
                       ' "draws": 100',
        "time_limit": f'"time_limit": {token}',
    }[field]
    response = send(site, "api-optimize", "POST", f"/api/v1/catalogs/{site['cid']}/optimize",
                    content=f"{{{part}}}", headers=_api(site))
    assert response.status_code in (200, 422), response.text[:300]


# --- the pages ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def edit_fields(site: dict[str, Any]) -> dict[str, str]:
    page = site["client"].get(f"/catalogs/{site['cid']}/measures/BFF-1/edit").text
    return form_fields(page, "edit-form")


@SETTINGS
@given(number=number_texts(), field=st.sampled_from(["net-2027", "fte-2027"]))
def test_edit_form(site: dict[str, Any], edit_fields: dict[str, str], number: str,
                   field: str) -> None:
    ws: Workspace = site["ws"]
    cid = site["cid"]
    fields = dict(edit_fields)
    fields["base_version"] = str(ws.version(cid, None).info.number)
    if field not in fields:
        return
    fields[field] = number
    url = f"/catalogs/{cid}/measures/BFF-1/edit"
    response = send(site, "edit-form", "POST", url, data=fields)
    assert response.status_code in (200, 303, 409, 422), response.text[:300]


@SETTINGS
@given(number=number_texts(),
       field=st.sampled_from(["target-2024", "max_fte_cut", "pct-BFF-1", "extra-harm",
                              "extra-cap"]))
def test_scenario_builder(site: dict[str, Any], number: str, field: str) -> None:
    cid = site["cid"]
    fields: dict[str, Any] = {"csrf_token": site["csrf"], "code": ["BFF-1", "BFF-3A"],
                              "in-BFF-1": "1", "name": "Fuzz"}
    if field == "extra-harm":
        fields["extra"] = f'{{"harm": {{"BFF-1": {as_json_number(number)}}}}}'
    elif field == "extra-cap":
        fields["extra"] = (f'{{"constraints": {{"theme_caps": {{"1": '
                           f'{{"savings": {as_json_number(number)}}}}}}}}}')
    elif field == "pct-BFF-1":
        fields.update({"div-BFF-1": "1", "pct-BFF-1": number})
    else:
        fields[field] = number
    response = send(site, "builder", "POST", f"/catalogs/{cid}/scenarios/evaluate",
                    data=fields, headers={"HX-Request": "true"})
    assert response.status_code in (200, 422), response.text[:300]


@SETTINGS
@given(number=number_texts(),
       field=st.sampled_from(["target-all", "target-2024", "harm-BFF-1", "max_fte_cut",
                              "margin", "probability", "selection"]))
def test_optimize_page(site: dict[str, Any], number: str, field: str) -> None:
    cid = site["cid"]
    fields = {"csrf_token": site["csrf"], field: number}
    url = f"/catalogs/{cid}/optimize"
    if field == "selection":
        url, fields = f"{url}/save", {"csrf_token": site["csrf"], "name": "fuzz",
                                      "selection": f"BFF-1={number}"}
    response = send(site, "optimize-page", "POST", url, data=fields,
                    headers={"HX-Request": "true"})
    assert response.status_code in (200, 303, 409, 422), response.text[:300]


@SETTINGS
@given(number=number_texts(),
       field=st.sampled_from(["prob-BFF-1", "low-BFF-1", "likely-BFF-1", "high-BFF-1",
                              "draws", "seed"]))
def test_risk_page(site: dict[str, Any], number: str, field: str) -> None:
    cid, sid = site["cid"], site["sid"]
    fields = {"csrf_token": site["csrf"], "revision": "1", "action": "simulate", "draws": "100",
              field: number}
    response = send(site, "risk-page", "POST", f"/catalogs/{cid}/scenarios/{sid}/risk",
                    data=fields, headers={"HX-Request": "true"})
    assert response.status_code in (200, 303, 409, 422), response.text[:300]
