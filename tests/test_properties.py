"""Property tests: layout never changes the model; catalogs survive text and JSON; numbers parse.

1. The reference catalog re-flowed as another extractor could give it (blank lines, runs of
   spaces, CRLF/CR, table labels and paragraphs wrapped elsewhere, see ``strategies``) reads as
   the same catalog; so does the seed written back by ``catalog_text`` in any ``TextStyle``.
2. Random, consistent catalogs written as template text read back as themselves and pass every
   error-level check; ``omprio.catalog/1`` export → import → export is the identity.
3. ``parse_danish`` inverts ``display.number``.

Catalogs are compared as their JSON export without ``source``/``*_source`` keys: where a
record stands (its line number) legitimately moves when the layout does.
"""

from __future__ import annotations

import difflib
import json
from decimal import Decimal
from functools import cache
from typing import Any

from hypothesis import HealthCheck, example, given, note, settings
from hypothesis import strategies as st

from conftest import SEED_PATH
from omprio import display
from omprio.check import check_catalog
from omprio.findings import Finding
from omprio.interchange import catalog_from_json, catalog_to_json
from omprio.model import Catalog
from omprio.money import parse_danish
from omprio.publish.template_text import TextStyle, catalog_text
from omprio.read import load, load_bytes
from strategies import (
    GEN_PATH,
    Edit,
    Layout,
    Prose,
    Row,
    SeedDocument,
    catalogs,
    join_wrapped,
    layouts,
    reflow_edits,
    reflowed,
    text_styles,
)


def examples(count: int) -> settings:
    """``count`` examples, no deadline (reading a catalog takes tens of milliseconds)."""
    return settings(max_examples=count, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def without_sources(document: Any) -> Any:
    """A JSON document without ``source``, ``net_source`` or any other ``*_source`` key."""
    if isinstance(document, dict):
        return {k: without_sources(v) for k, v in document.items()
                if k != "source" and not k.endswith("_source")}
    if isinstance(document, list):
        return [without_sources(item) for item in document]
    return document


def model(catalog: Catalog) -> Any:
    return without_sources(catalog_to_json(catalog))


def differences(left: Any, right: Any, path: str = "", limit: int = 4) -> list[str]:
    """Where two JSON documents differ (at most ``limit`` places), as ``path: left != right``."""
    found: list[str] = []

    def walk(a: Any, b: Any, where: str) -> None:
        if len(found) >= limit:
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for key in [*a, *(k for k in b if k not in a)]:
                walk(a.get(key), b.get(key), f"{where}.{key}")
        elif isinstance(a, list) and isinstance(b, list):
            for index, (x, y) in enumerate(zip(a, b, strict=False)):
                walk(x, y, f"{where}[{index}]")
            if len(a) != len(b):
                found.append(f"{where}: {len(a)} items != {len(b)} items")
        elif a != b:
            found.append(f"{where}: {a!r} != {b!r}")

    walk(left, right, path)
    return found[:limit]


def errors(findings: list[Finding] | tuple[Finding, ...]) -> list[str]:
    return [f"{f.rule} at {f.source}: {f.message('en')}" for f in findings if f.is_error]


@cache
def seed_text() -> str:
    return SEED_PATH.read_bytes().decode("utf-8")


@cache
def seed_catalog() -> Catalog:
    return load(SEED_PATH).catalog


@cache
def seed_model() -> Any:
    return model(seed_catalog())


# --- 1. layout never changes the model ----------------------------------------------------------


def test_seed_document_cuts_the_seed_where_expected() -> None:
    """The cut is right (else the property below would re-flow the wrong lines)."""
    document = SeedDocument.parse(seed_text())
    groups = document.groups()
    prose = [g for g in groups if isinstance(g, Prose)]
    rows = [g for g in groups if isinstance(g, Row)]
    measures = len(seed_catalog().measures)
    # Title and description of every page, and the introduction's two paragraphs.
    assert len(prose) == 2 * measures + 2
    assert sum(1 for p in prose if p.introduction) == 2
    assert sum(1 for r in rows if r.overview) == len(seed_catalog().overview) + len(
        seed_catalog().overview_totals)
    table_rows = sum(
        len(m.lines) + len(m.adjustments) + (m.net_source is not None) + m.fte_stated
        for m in seed_catalog().measures
    )
    assert sum(1 for r in rows if not r.overview) == table_rows
    unchanged = "\n".join(document.lines())
    assert model(load_bytes(unchanged.encode(), "seed.txt").catalog) == seed_model()


def test_join_wrapped_follows_danish_hyphenation() -> None:
    assert join_wrapped("Brobyg-fraværsind-", "sats") == "Brobyg-fraværsindsats"
    assert join_wrapped("Internt MSB-", "Råderum") == "Internt MSB-Råderum"
    assert join_wrapped("børne-", "og unge") == "børne- og unge"
    assert join_wrapped("i MSB –", "’residual’") == "i MSB – ’residual’"


@examples(200)
@given(edits=reflow_edits(), layout=layouts())
def test_reflowed_seed_reads_the_same(edits: list[Edit], layout: Layout) -> None:
    text = reflowed(seed_text(), edits, layout)
    original = seed_text().split("\n")
    changed = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    note("\n".join(difflib.unified_diff(original, changed, lineterm="", n=1)))
    loaded = load_bytes(text.encode("utf-8"), "reflowed.txt")
    found = differences(seed_model(), model(loaded.catalog))
    assert not found, "\n".join(found)
    assert errors(loaded.findings) == []


@examples(60)
@given(style=text_styles())
# The narrowest page: the introduction's heading 'OMPRIORITERING TIL VELFÆRDSPULJE' wraps.
@example(style=TextStyle(width=30, label_width=20))
# A label column that wraps 'ADMINISTRATIVE BESPARELSER I …' right after the first line, so the
# label's first line repeats the section heading standing directly above it.
@example(style=TextStyle(width=95, label_width=26))
def test_seed_in_any_text_style_reads_the_same(style: TextStyle) -> None:
    text = catalog_text(seed_catalog(), style)
    loaded = load_bytes(text.encode("utf-8"), "styled.txt")
    found = differences(seed_model(), model(loaded.catalog))
    assert not found, "\n".join([repr(style), *found])
    assert errors(loaded.findings) == [], style


# --- 2. generated catalogs round-trip -----------------------------------------------------------


@examples(120)
@given(catalog=catalogs(), style=text_styles())
def test_generated_catalog_round_trips_through_text(catalog: Catalog, style: TextStyle) -> None:
    assert errors(check_catalog(catalog)) == []
    text = catalog_text(catalog, style)
    note(text)
    loaded = load_bytes(text.encode("utf-8"), GEN_PATH)
    assert errors(loaded.findings) == []
    found = differences(model(catalog), model(loaded.catalog))
    assert not found, "\n".join(found)
    assert errors(check_catalog(loaded.catalog)) == []


@examples(60)
@given(catalog=catalogs(fractional=True))
def test_json_text_export_import_is_the_identity(catalog: Catalog) -> None:
    """Export, ``json.dumps``, ``json.loads(parse_float=Decimal)``, import, export: the same."""
    exported = catalog_to_json(catalog)
    text = json.dumps(exported, ensure_ascii=False)
    parsed = json.loads(text, parse_float=Decimal)
    again = catalog_to_json(catalog_from_json(parsed, GEN_PATH))
    found = differences(exported, again)
    assert not found, "\n".join(found)
    assert again == exported
    assert json.dumps(again, ensure_ascii=False) == text


@examples(40)
@given(catalog=catalogs(fractional=True))
def test_json_export_import_in_memory_is_the_identity(catalog: Catalog) -> None:
    """``catalog_from_json(catalog_to_json(c))`` exports as ``catalog_to_json(c)``.

    The export writes a fractional amount (staff changes of 1,5) as a float; the import must take
    back what the export gives, not only what ``json.loads(..., parse_float=Decimal)`` gives.
    """
    exported = catalog_to_json(catalog)
    assert catalog_to_json(catalog_from_json(exported, GEN_PATH)) == exported


def test_json_export_import_of_the_seed_is_the_identity() -> None:
    exported = catalog_to_json(seed_catalog())
    parsed = json.loads(json.dumps(exported), parse_float=Decimal)
    assert catalog_to_json(catalog_from_json(parsed, "seed.json")) == exported


# --- 3. numbers ---------------------------------------------------------------------------------


@examples(400)
@given(value=st.decimals(min_value=-10**9, max_value=10**9, places=2,
                         allow_nan=False, allow_infinity=False))
def test_parse_danish_inverts_display_number(value: Decimal) -> None:
    written = display.number(value, "da")
    assert parse_danish(written) == value, written


@examples(200)
@given(value=st.integers(-10**9, 10**9), places=st.integers(0, 2))
def test_parse_danish_inverts_display_number_at_every_scale(value: int, places: int) -> None:
    amount = Decimal(value).scaleb(-places)
    assert parse_danish(display.number(amount, "da")) == amount
