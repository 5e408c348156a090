"""The optimize page on SQLite and PostgreSQL: the form, the result (the same as
omprio.decide.optimize for the same request), impossible targets and contradictory input
explained, saving a package as a scenario, both languages, hostile text escaped."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest

from omprio.decide import Cap, Constraints, Options, Request, build_problem
from omprio.decide.optimize import optimize
from omprio.service.decide import Answer
from omprio.service.decide_json import outcome_json
from omprio.store.workspace import Workspace
from web_support import TestClient, import_seed, session_client

FIELDS = {
    "objective": "harm", "target-2024": "-9.000", "target-2025": "-9.000", "target-2026": "",
    "target-2027": "", "m-VJH-5": "include", "m-JUS-2": "exclude", "m-VJH-3": "exclude",
    "harm-UJU-1": "5", "harm-BFF-3A": "4,5", "harm-JVS-3": "5", "cap-area-VJH": "-3.000",
    "count-theme-4": "2", "max_fte_cut": "4", "alternatives": "2",
}


@pytest.fixture
def cid(workspace: Workspace) -> int:
    return import_seed(workspace, public=True)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _post(client: TestClient, csrf: str, cid: int, fields: dict[str, str],
          **headers: str) -> Any:
    return client.post(f"/catalogs/{cid}/optimize", data={**fields, "csrf_token": csrf},
                       headers=headers)


def test_the_form_is_filled_with_the_catalogs_target(workspace: Workspace, cid: int) -> None:
    client, _ = session_client(workspace, "viewer")
    page = client.get(f"/catalogs/{cid}/optimize")
    assert page.status_code == 200
    assert page.text.count('value="-19.730"') == 4
    assert "Tabte stillinger" in page.text and 'name="m-BFF-1"' in page.text
    assert "uden for målets afsnit" in page.text  # MSB-1
    english = client.get(f"/catalogs/{cid}/optimize?lang=en")
    # The English page writes (and reads) amounts the English way.
    assert "Positions lost" in english.text and english.text.count('value="-19,730"') == 4
    twin = client.get(f"/catalogs/{cid}/optimize", headers={"Accept": "application/json"})
    assert twin.json()["targets"] == {str(y): -19730 for y in range(2024, 2028)}


def test_the_result_is_the_optimizers(workspace: Workspace, cid: int) -> None:
    client, csrf = session_client(workspace, "viewer")
    catalog = workspace.version(cid, None).catalog
    request = Request(
        objective="harm",
        targets={2024: Decimal(-9000), 2025: Decimal(-9000)},
        constraints=Constraints(
            include=frozenset({"VJH-5"}), exclude=frozenset({"JUS-2", "VJH-3"}),
            theme_caps={"4": Cap(measures=2)}, area_caps={"VJH": Cap(savings=Decimal(-3000))},
            max_fte_cut=Decimal(4)),
        harm={"UJU-1": Decimal(5), "BFF-3A": Decimal("4.5"), "JVS-3": Decimal(5)},
    )
    expected = outcome_json(Answer(optimize(build_problem(catalog, request),
                                            Options(alternatives=2)), None, None), lang="da")
    answer = _post(client, csrf, cid, FIELDS, Accept="application/json").json()
    for key in ("status", "selected", "totals", "fte", "objective", "gap", "shortfall",
                "targets", "positions_lost"):
        assert answer[key] == expected[key], key
    assert [a["selected"] for a in answer["alternatives"]] == [
        a["selected"] for a in expected["alternatives"]]
    page = _post(client, csrf, cid, FIELDS)
    assert page.status_code == 200
    text = _text(page.text)
    assert "Bevist optimal" in text
    for code in expected["selected"]:
        assert code in text
    assert "Næstbedste pakke nr. 2" in text
    fragment = _post(client, csrf, cid, FIELDS, **{"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "Bevist optimal" in fragment.text
    in_english = {key: value.replace(".", ",") if key.startswith(("target", "cap")) else
                  value.replace(",", ".") for key, value in FIELDS.items()}
    english = client.post(f"/catalogs/{cid}/optimize?lang=en",
                          data={**in_english, "csrf_token": csrf})
    assert "Proven optimal" in english.text


def test_an_impossible_target_says_by_how_much_and_why(workspace: Workspace, cid: int) -> None:
    client, csrf = session_client(workspace, "viewer")
    text = _text(_post(client, csrf, cid, {"target-all": "-25.000"}).text)
    assert "Umuligt" in text
    assert "5.270 5.270 5.270 5.270" in text
    assert "Kataloget rummer ikke besparelser nok" in text
    assert "Med alle katalogets tiltag" in text
    text = _text(_post(client, csrf, cid, {"target-all": "-15.000",
                                           "cap-theme-3": "-5.000"}).text)
    assert "Det er loftet over tema 3, der binder" in text
    english = client.post(f"/catalogs/{cid}/optimize?lang=en",
                          data={"target-all": "-15,000", "cap-theme-3": "-5,000",
                                "csrf_token": csrf})
    assert "It is the cap on theme 3 that binds" in _text(english.text)


@pytest.mark.parametrize(("fields", "message"), [
    ({"m-BFF-1": "include", "count-theme-1": "0"},
     "Modstridende betingelser: de tiltag, der skal med, er 1 i tema 1, men loftet er 0."),
    ({"m-VJH-3": "include", "max_fte_cut": "0,5"}, "koster 2 stillinger i 2024"),
    ({"m-MSB-1": "include"}, "MSB-1 hører ikke til målets afsnit"),
    ({"target-2024": "tyve", "target-all": ""}, "»tyve« er ikke et tal"),
    ({"cap-area-VJH": "3000"}, "et loft over besparelser er et negativt beløb"),
    ({"probability": "90"}, "kræver, at mindst ét tiltag har en sikkerhed"),
    ({"alternatives": "99"}, "ikke et helt tal"),
    ({"target-2024": "", "target-2025": "", "target-2026": "", "target-2027": ""},
     "Angiv et sparemål"),
])
def test_input_that_cannot_be_solved_is_a_message(workspace: Workspace, cid: int,
                                                  fields: dict[str, str], message: str) -> None:
    client, csrf = session_client(workspace, "viewer")
    response = _post(client, csrf, cid, fields)
    assert response.status_code == 422
    assert message in _text(response.text).replace("&#34;", '"')
    error = _post(client, csrf, cid, fields, Accept="application/json")
    assert error.status_code == 422 and error.json()["error"]["code"] == "invalid-input"


def test_margin_and_probability(workspace: Workspace, cid: int) -> None:
    client, csrf = session_client(workspace, "viewer")
    answer = _post(client, csrf, cid, {"target-all": "-10.000", "margin": "10",
                                       "objective": "count"},
                   Accept="application/json").json()
    assert answer["required"] == {str(y): -11000 for y in range(2024, 2028)}
    text = _text(_post(client, csrf, cid, {"target-all": "-10.000", "prob-UJU-1": "50",
                                           "probability": "90"}).text)
    assert "Krav: mindst 90" in text and "Risiko" in text


def _save(client: TestClient, csrf: str, cid: int, name: str, **headers: str) -> Any:
    fields = {"objective": "count", "target-all": "-10.000"}
    return client.post(f"/catalogs/{cid}/optimize/save", headers=headers, data={
        "csrf_token": csrf, "fields": json.dumps(fields), "name": name,
        "selection": "BFF-3A=1;JUS-2=1;UJU-1=1;VJH-3=1;JVS-3=1"})


def test_save_as_scenario(workspace: Workspace, cid: int) -> None:
    client, csrf = session_client(workspace, "viewer")
    page = _post(client, csrf, cid, {"objective": "count", "target-all": "-10.000"})
    assert "Gem som scenarie" in page.text
    assert 'action="/catalogs/' + str(cid) + '/optimize/save"' in page.text
    response = _save(client, csrf, cid, "Få tiltag")
    assert response.status_code == 303
    sid = int(response.headers["location"].rsplit("/", 1)[1])
    assert response.headers["location"] == f"/catalogs/{cid}/scenarios/{sid}"
    viewer = workspace.authenticate("viewer", "secret-password")
    stored = workspace.scenario(cid, sid, viewer)
    assert stored.author == "viewer" and stored.scenario.objective == "count"
    assert {c for c, f in stored.scenario.selection.items() if f} == {
        "BFF-3A", "JUS-2", "UJU-1", "VJH-3", "JVS-3"}
    assert stored.scenario.targets == {y: Decimal(-10000) for y in range(2024, 2028)}
    htmx = _save(client, csrf, cid, "Via htmx", **{"HX-Request": "true"})
    assert htmx.headers["HX-Redirect"].startswith(f"/catalogs/{cid}/scenarios/")
    again = _save(client, csrf, cid, "<script>alert(1)</script>")
    assert again.status_code == 303
    clash = _save(client, csrf, cid, "<script>alert(1)</script>")
    assert clash.status_code == 409
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in clash.text
    assert "<script>alert(1)</script>" not in clash.text
    bad = client.post(f"/catalogs/{cid}/optimize/save", data={
        "csrf_token": csrf, "fields": "{}", "name": "x", "selection": "BFF-1=1"})
    assert bad.status_code == 422  # BFF-1 alone does not reach the catalog's target
    anonymous, token = session_client(workspace, None)
    assert _save(anonymous, token, cid, "anon").status_code == 401
    refused = _post(anonymous, token, cid, {})
    assert refused.status_code == 401 and "Du skal logge ind" in refused.text


def test_hostile_text_is_escaped(workspace: Workspace, cid: int) -> None:
    client, csrf = session_client(workspace, "viewer")
    hostile = '"><img src=x onerror=alert(1)>'
    response = _post(client, csrf, cid, {"target-2024": hostile, "harm-BFF-1": hostile})
    assert response.status_code == 422
    assert "<img src=x" not in response.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in response.text


def test_anonymous_visitors_must_log_in_to_optimize(workspace: Workspace, cid: int) -> None:
    internal = import_seed(workspace, public=False)
    client, csrf = session_client(workspace, None)
    for catalog in (cid, internal):  # public or not: the same answer, nothing is solved
        form = client.get(f"/catalogs/{catalog}/optimize", follow_redirects=False)
        assert form.status_code == 303
        assert form.headers["location"] == f"/login?next=/catalogs/{catalog}/optimize"
        refused = client.post(f"/catalogs/{catalog}/optimize?lang=da",
                              data={"csrf_token": csrf})
        assert refused.status_code == 401 and "Du skal logge ind" in refused.text
        english = client.post(f"/catalogs/{catalog}/optimize?lang=en",
                              data={"csrf_token": csrf})
        assert english.status_code == 401 and "You must log in" in english.text
        api = client.post(f"/api/v1/catalogs/{catalog}/optimize", json={})
        assert api.status_code == 401 and api.json()["error"]["code"] == "unauthorized"
    viewer, token = session_client(workspace, "viewer")
    assert _post(viewer, token, internal, {}).status_code == 200


@pytest.mark.parametrize("field", ["alternatives", "count-theme-1", "version"])
def test_superscript_digits_are_a_message_not_a_crash(workspace: Workspace, cid: int,
                                                      field: str) -> None:
    # "²".isdigit() is true, but int("²") fails: counts and the version are ASCII digits only
    client, csrf = session_client(workspace, "viewer")
    response = _post(client, csrf, cid, {field: "²"})
    assert response.status_code in (200, 422), response.text[:300]
    if field != "version":
        assert response.status_code == 422
        assert "»²« er ikke et helt tal" in _text(response.text)


def test_an_unmet_probability_is_the_reason_not_a_margin_never_typed(
        workspace: Workspace, cid: int) -> None:
    # The chance iteration raises the safety margin itself: the reason names the probability
    client, csrf = session_client(workspace, "viewer")
    text = _text(_post(client, csrf, cid, {"prob-BFF-1": "50", "probability": "99"}).text)
    assert "Kravet kan ikke opfyldes" in text
    assert "Det er kravet om 99,0 % sandsynlighed, der binder" in text
    assert "sikkerhedsmarginen, der binder" not in text


@pytest.mark.parametrize("value", ["100", "0"])
def test_a_required_probability_of_0_or_100_says_the_open_range(
        workspace: Workspace, cid: int, value: str) -> None:
    # "»100« er ikke en procent mellem 0 og 100" contradicted itself
    client, csrf = session_client(workspace, "viewer")
    response = _post(client, csrf, cid, {"prob-BFF-1": "50", "probability": value})
    assert response.status_code == 422
    assert f"»{value}« skal være en procent over 0 og under 100" in _text(response.text)


def test_a_measures_error_is_tied_to_its_field(workspace: Workspace) -> None:
    """Per-measure and per-group fields name their error for screen readers
    (aria-describedby) and say they are invalid (aria-invalid) only when they are."""
    cid = import_seed(workspace, public=True)
    client, csrf = session_client(workspace, "editor")
    page = client.get(f"/catalogs/{cid}/optimize").text
    assert 'name="harm-BFF-1" ' in page and 'aria-describedby="err-harm-BFF-1"' in page
    assert 'id="err-harm-BFF-1"' in page and 'aria-invalid' not in page
    wrong = client.post(f"/catalogs/{cid}/optimize",
                        data={"csrf_token": csrf, "objective": "harm", "harm-BFF-1": "abc"})
    assert wrong.status_code == 422
    assert re.search(r'name="harm-BFF-1"[^>]*aria-describedby="err-harm-BFF-1" '
                     r'aria-invalid="true"', wrong.text)
    assert not re.search(r'name="harm-VJH-1"[^>]*aria-invalid', wrong.text)
    error = re.search(r'id="err-harm-BFF-1">([^<]+)<', wrong.text)
    assert error is not None and "BFF-1" in error.group(1)
