"""Linking on the test set (bench/hearing_cases.py, ≥ 60 responses written against the reference
catalog): precision at least 0.9 and recall at least 0.8, a "not objecting" mention never read
as an objection, and the pieces (stemming, numbers, codes) on their own."""

from __future__ import annotations

from hearing_cases import CASES
from hearing_links import measure
from omprio.hearing.linking import build_index, propose_links, stem
from omprio.model import Catalog


def test_the_test_set_is_large_and_varied() -> None:
    assert len(CASES) >= 60
    assert sum(1 for _, codes, _ in CASES if not codes) >= 10


def test_precision_and_recall_on_the_test_set() -> None:
    right, wrong, missed, stance_right, stance_seen = measure()
    assert right / (right + wrong) >= 0.9
    assert right / (right + missed) >= 0.8
    assert stance_seen >= 8 and stance_right == stance_seen


def test_not_objecting_is_never_an_objection(seed: object) -> None:
    catalog = seed.catalog  # type: ignore[attr-defined]
    assert isinstance(catalog, Catalog)
    index = build_index(catalog)
    for text in ("Vi har ingen indvendinger mod BFF-2.", "Vi er ikke imod forslag 3.",
                 "Vi har ikke noget imod omlægningen af Tryghedsagenterne."):
        links = propose_links(text, index)
        assert [link.code for link in links] == ["BFF-2"]
        assert links[0].stance == "support"


def test_codes_numbers_and_stems(seed: object) -> None:
    index = build_index(seed.catalog)  # type: ignore[attr-defined]
    assert stem("Tryghedsagenterne") == stem("tryghedsagent")
    assert stem("nattilbuddet") == stem("nattilbud")
    found = propose_links("Om bff3a, BFF 4, forslag 15-17 og forslag 2024.", index)
    assert [(link.code, link.method) for link in found] == [
        ("BFF-3A", "code"), ("BFF-4", "code"), ("JSY-1", "number"), ("JSY-2", "number"),
        ("JVS-1", "number")]
    assert propose_links("Hjemløse i Københavns Kommune.", index)[0].confidence < 1
    assert propose_links("Kataloget er uretfærdigt.", index) == []
