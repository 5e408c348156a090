"""The web in the reader's language (issue 11 items 9 and 11).

Typed amounts are read the way of the page's language, and text that means different amounts
in Danish and English (``-1,000``, ``1.250``) is echoed back as it was read, never taken silently:
on the English page ``-1,000`` is minus one thousand (it used to become -1, and a scenario
"reached" a target of -1); on the Danish page it is -1 and the page says so. Also: harm scores
given for another objective are said not used, the objective's value says what it adds up, and
a refusal page gives its reason in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import pytest

from omprio.money import NumberRefused, reads_differently, typed_amount
from omprio.store.workspace import Workspace
from web_support import import_seed, session_client, user_workspace


@pytest.mark.parametrize(
    ("text", "danish", "english", "ambiguous"),
    [
        ("-1,000", "-1", "-1000", True),
        ("1.250", "1250", "1.25", True),
        ("-19.730", "-19730", "-19.73", True),
        ("-19,730", "-19.73", "-19730", True),
        ("-10,5", "-10.5", "-10.5", False),
        ("-10.5", "-10.5", "-10.5", False),
        ("-1.234,5", "-1234.5", None, False),
        ("-1,234.5", None, "-1234.5", False),
        ("-19730", "-19730", "-19730", False),
    ],
)
def test_both_conventions(text: str, danish: str | None, english: str | None,
                          ambiguous: bool) -> None:
    for lang, expected in (("da", danish), ("en", english)):
        if expected is None:
            with pytest.raises(NumberRefused):
                typed_amount(text, lang)
        else:
            assert typed_amount(text, lang) == Decimal(expected), (text, lang)
    assert reads_differently(text) is ambiguous


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, int]]:
    with user_workspace("sqlite", tmp_path_factory.mktemp("numbers")) as ws:
        yield ws, import_seed(ws, public=True)


def _optimize(world: tuple[Workspace, int], lang: str, target: str, objective: str = "count"
              ) -> str:
    ws, cid = world
    client, csrf = session_client(ws, "editor")
    fields = {"objective": objective, "target-all": target, "csrf_token": csrf}
    answer = client.post(f"/catalogs/{cid}/optimize?lang={lang}", data=fields)
    assert answer.status_code == 200, answer.text[:500]
    return str(answer.text)


def _target_row(html: str, label: str) -> list[str]:
    row = re.search(rf"<th[^>]*>{label}</th>.*?</tr>", html, re.S)
    assert row is not None, label
    return re.findall(r'<td class="num[^"]*">([^<]*)</td>', row.group(0))


def test_the_english_optimize_page_reads_numbers_the_english_way(world: tuple[Workspace, int]
                                                             ) -> None:
    html = _optimize(world, "en", "-1,000")
    assert _target_row(html, "Target")[0] == "-1,000"
    assert "was read as" not in html  # the page's own form of a thousand
    html = _optimize(world, "en", "-1.000")
    assert "“-1.000” was read as -1" in html


def test_the_danish_optimize_page_says_how_it_read_a_comma(world: tuple[Workspace, int]
                                                          ) -> None:
    html = _optimize(world, "da", "-1,000")
    assert "»-1,000« er læst som -1" in html
    assert _target_row(html, "Mål")[0] == "-1"


def test_an_unambiguous_amount_gets_no_echo(world: tuple[Workspace, int]) -> None:
    html = _optimize(world, "da", "-10.000")
    assert "læst som" not in html


def test_the_builder_echoes_an_ambiguous_target(world: tuple[Workspace, int]) -> None:
    ws, cid = world
    client, csrf = session_client(ws, "editor")
    page = client.get(f"/catalogs/{cid}/scenarios/new?lang=en").text
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))
    fields.update({"target-2024": "1.250", "csrf_token": csrf})
    answer = client.post(f"/catalogs/{cid}/scenarios/evaluate?lang=en", data=fields,
                         headers={"HX-Request": "true"})
    assert answer.status_code in (200, 422), answer.text[:300]
    assert "2024: “1.250” was read as 1.25" in answer.text


def test_harm_scores_given_for_another_objective_are_said_not_used(
    world: tuple[Workspace, int]
) -> None:
    ws, cid = world
    client, csrf = session_client(ws, "editor")
    fields = {"objective": "fte", "target-all": "-10.000", "harm-UJU-1": "5", "csrf_token": csrf}
    html = client.post(f"/catalogs/{cid}/optimize", data=fields).text
    assert "Skadesscorerne er ikke brugt" in html
    fields["objective"] = "harm"
    assert "Skadesscorerne er ikke brugt" not in client.post(
        f"/catalogs/{cid}/optimize", data=fields).text


def test_positions_lost_over_the_years_do_not_read_as_a_headcount(
    world: tuple[Workspace, int]
) -> None:
    html = _optimize(world, "da", "-10.000", "fte").replace("\n", " ")
    objective = re.search(r"<p>([^<:]*): <strong>", html)
    assert objective is not None
    assert objective.group(1) == (
        "Tabte stillinger lagt sammen over årene (stillingsår, ikke personer)")


@pytest.mark.parametrize(("lang", "said"), [
    ("da", "Detaljer: du må rette tiltag under BFF, ikke VJH-1"),
    ("en", "you may edit measures of BFF, not VJH-1"),
])
def test_the_refusal_page_says_why_in_the_readers_language(
    world: tuple[Workspace, int], lang: str, said: str
) -> None:
    ws, cid = world
    client, _ = session_client(ws, "bff")
    page = client.get(f"/catalogs/{cid}/measures/VJH-1/edit?lang={lang}")
    assert page.status_code == 403
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text))
    assert said in text
    assert ("you may edit" in text) is (lang == "en")
