"""Every check rule: one edit of the reference catalog that trips it, one that does not.

Each case is a small, targeted edit of the seed text on a named physical line (see
``conftest.edit_line``); the expected findings are the *whole* output of ``check_catalog``, so a
case also proves that the edit trips nothing else. The seed itself has one finding, the
savings warning for JUS-1 (line 530), which therefore appears in most expectations.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest

from conftest import SEED_PATH, blank_lines, edit_line
from omprio.check import RULES, check_catalog
from omprio.findings import Finding, Severity
from omprio.interchange import catalog_to_json
from omprio.model import Source
from omprio.read import load_bytes

# (rule, severity, measure, year, source line)
Row = tuple[str, str, str | None, int | None, int | None]

JUS_1 = ("savings-pct", "warning", "JUS-1", None, 530)
MSB_1 = ("prose-number-format", "warning", "MSB-1", None, 208)  # '13.59 mio. kr.'
BFF_3A = ("prose-year-list", "warning", "BFF-3A", 2024, 430)  # 2024 twice, 2025 left out
VJH_5 = ("prose-approximate", "info", "VJH-5", None, 1218)  # 'ca. 200 t.kr. lavere'; 250
SEED_FINDINGS = (MSB_1, BFF_3A, JUS_1, VJH_5)



def seeded(*rows: Row, without: tuple[Row, ...] = ()) -> list[Row]:
    """``rows`` among the seed's own findings (less ``without``), in document order (line, then
    rule, as ``check_catalog`` sorts them)."""
    kept = [row for row in SEED_FINDINGS if row not in without]
    return sorted([*kept, *rows], key=lambda row: (row[4] or 0, row[0]))


def seeded_json(*rows: Row, renamed: tuple[str, str] | None = None) -> list[Row]:
    """:func:`seeded` for the seed stored as omprio JSON (which keeps no line of a sentence:
    a finding on the prose is at its measure's header), with measure ``renamed`` (old, new)."""
    headers = {"MSB-1": 190, "BFF-3A": 378, "VJH-5": 1188}
    kept = []
    for rule, severity, measure, year, line in SEED_FINDINGS:
        if measure in headers:
            line = headers[measure]
        if renamed is not None and measure == renamed[0]:
            measure = renamed[1]
        kept.append((rule, severity, measure, year, line))
    return sorted([*kept, *rows], key=lambda row: (row[4] or 0, row[0]))


SEED_LINES = 1566  # physical lines of the seed; it ends with a newline


@dataclass(frozen=True, eq=False)  # hashed by identity, for the cache
class Case:
    """An edit of the seed text and the complete findings expected from checking it."""

    name: str
    edit: Callable[[str], str]
    expected: list[Row]
    key: str | None = None  # message variant expected for the case's own rule, if not the rule


def _unchanged(text: str) -> str:
    return text


def _append_copy_of_bff_1(text: str) -> str:
    page = text.split("\n")[238 - 1:303]  # BFF-1's page: header (238) up to BFF-2's header
    return text + "\n".join(page) + "\n"


def _renamed(old: str, new: str) -> Callable[[str], str]:
    """The seed as omprio JSON with measure ``old`` (and its overview row) coded ``new``: the
    text reader only reads codes of Latin letters and digits, JSON holds any code."""

    def edit(text: str) -> str:
        document = catalog_to_json(load_bytes(text.encode("utf-8"), "catalog.txt").catalog)
        for measure in document["measures"]:
            if measure["code"] == old:
                measure["code"] = new
        for row in document["overview"]:
            if row.get("measure") == old:
                row["measure"] = new
        return json.dumps(document, ensure_ascii=False)

    return edit


def _with_subtotal(code: str, change: int = 0) -> Callable[[str], str]:
    """The seed as omprio JSON with a subtotal row of all of ``code``'s lines on its net's line
    (as a business case states one), its 2025 amount off by ``change``."""

    def edit(text: str) -> str:
        document = catalog_to_json(load_bytes(text.encode("utf-8"), "catalog.txt").catalog)
        for measure in document["measures"]:
            if measure["code"] == code:
                sums = {year: sum((Decimal(str(line["amounts"][year]))
                                   for line in measure["lines"]), Decimal(0))
                        for year in measure["net"]}
                sums["2025"] += Decimal(change)
                measure["subtotals"] = [{"label": "I alt", "group": None,
                                         "amounts": {y: int(v) for y, v in sums.items()},
                                         "source": measure["net_source"]}]
        return json.dumps(document, ensure_ascii=False)

    return edit


TRIPS: dict[str, list[Case]] = {
    "line-sum": [
        Case("bff-1-line-changed",
             lambda t: edit_line(t, 288, "-1.000 -1.000 -1.000 -1.000",
                                 "-1.000 -1.100 -1.000 -1.000"),
             seeded(("line-sum", "error", "BFF-1", 2025, 290))),
        Case("bff-3a-without-internal-room",
             lambda t: blank_lines(t, 426, 426),
             seeded(("line-sum", "error", "BFF-3A", 2024, 424),
              ("line-sum", "error", "BFF-3A", 2025, 424),
              ("line-sum", "error", "BFF-3A", 2026, 424),
              ("line-sum", "error", "BFF-3A", 2027, 424))),
    ],
    "overview-mismatch": [
        Case("overview-row-amount",
             lambda t: edit_line(t, 100, "-1.000 -1.000 -1.000 -1.000",
                                 "-1.000 -1.000 -1.100 -1.000"),
             seeded(("overview-mismatch", "error", "BFF-1", 2026, 100),
              ("section-total", "error", None, 2026, 182))),
        Case("no-measure-page",
             lambda t: blank_lines(t, 458, 529),  # BFF-4's page
             seeded(("overview-mismatch", "error", None, None, 106)),
             key="overview-mismatch.no-measure"),
        Case("no-overview-row",
             lambda t: blank_lines(t, 106, 106),  # BFF-4's overview row
             seeded(("section-total", "error", None, 2024, 182),
              ("section-total", "error", None, 2025, 182),
              ("section-total", "error", None, 2026, 182),
              ("section-total", "error", None, 2027, 182),
              ("overview-mismatch", "error", "BFF-4", None, 458)),
             key="overview-mismatch.no-row"),
    ],
    "overview-title": [
        Case("label-names-another-thing",
             lambda t: edit_line(t, 144, "TILPASNING AF FERIEPULJEN",
                                 "NEDSKALERING AF RESPITTILBUD"),
             seeded(("overview-title", "warning", "VJH-5", None, 144))),
    ],
    "theme-mismatch": [
        Case("page-says-theme-2",
             lambda t: edit_line(t, 458, "Tema 1A, BFF-4", "Tema 2A, BFF-4"),
             seeded(("theme-mismatch", "warning", "BFF-4", None, 106))),
    ],
    "section-total": [
        Case("grand-total-2026",
             lambda t: edit_line(t, 182, "-19.730 -19.730 -19.730 -19.730",
                                 "-19.730 -19.730 -19.703 -19.730"),
             seeded(("section-total", "error", None, 2026, 182))),
        Case("administrative-total-2027",
             lambda t: edit_line(t, 94, "-6.026", "-6.062"),
             seeded(("section-total", "error", None, 2027, 90))),
    ],
    "subtotal": [
        Case("bff-3a-subtotal-off-in-2025", _with_subtotal("BFF-3A", -1),
             seeded_json(("subtotal", "error", "BFF-3A", 2025, 424))),
    ],
    "savings-pct": [
        Case("bff-1-digits-swapped",
             lambda t: edit_line(t, 298, "22,9%", "29,2%"),
             seeded(("savings-pct", "warning", "BFF-1", None, 238))),
        Case("seed-jus-1", _unchanged, seeded()),
    ],
    "duplicate-code": [
        Case("bff-1-page-twice", _append_copy_of_bff_1,
             seeded(("duplicate-code", "error", "BFF-1", None, SEED_LINES + 1))),
    ],
    "code-characters": [
        Case("zero-width-space-beside-bff-1", _renamed("BFF-2", "BFF-1\u200b"),
             seeded_json(("code-characters", "error", "BFF-1\u200b", None, 304)),
             key="code-characters.look-alike"),
        Case("fullwidth-letter-beside-bff-1", _renamed("BFF-2", "\uff22FF-1"),
             seeded_json(("code-characters", "error", "\uff22FF-1", None, 304)),
             key="code-characters.look-alike"),
        Case("non-breaking-hyphen-beside-bff-1", _renamed("BFF-2", "BFF\u20111"),
             seeded_json(("code-characters", "error", "BFF\u20111", None, 304)),
             key="code-characters.look-alike"),
        Case("right-to-left-override", _renamed("BFF-3A", "\u202eBFF-3A"),
             seeded_json(("code-characters", "error", "\u202eBFF-3A", None, 378),
                         renamed=("BFF-3A", "\u202eBFF-3A")),
             key="code-characters.bidi"),
        Case("soft-hyphen", _renamed("BFF-3A", "BFF\u00ad-3A"),
             seeded_json(("code-characters", "error", "BFF\u00ad-3A", None, 378),
                         renamed=("BFF-3A", "BFF\u00ad-3A")),
             key="code-characters.invisible"),
        Case("cyrillic-ve", _renamed("BFF-4", "\u0412FF-9"),
             seeded_json(("code-characters", "error", "\u0412FF-9", None, 458)),
             key="code-characters.mixed-script"),
    ],
    "period-mismatch": [
        Case("measure-header-period",
             lambda t: edit_line(t, 238, "Omprioriteringstiltag 2024-2027",
                                 "Omprioriteringstiltag 2025-2028"),
             seeded(("period-mismatch", "error", "BFF-1", None, 238))),
        Case("table-year-columns",
             lambda t: edit_line(t, 282, "2024 2025 2026 2027", "2025 2026 2027 2028"),
             seeded(("period-mismatch", "error", "BFF-1", None, 290))),
        Case("caption-price-base",
             lambda t: edit_line(t, 280, "(2024-PL i 1.000 kr.)", "(2023-PL i 1.000 kr.)"),
             seeded(("period-mismatch", "error", "BFF-1", None, 238))),
        Case("cover-period",
             lambda t: edit_line(t, 10, "2024 – 2027", "2025 – 2028"),
             seeded(("period-mismatch", "error", None, None, 1))),
    ],
    "unit-mismatch": [
        Case("caption-in-millions",
             lambda t: edit_line(t, 280, "(2024-PL i 1.000 kr.)", "(2024-PL i mio. kr.)"),
             seeded(("unit-mismatch", "error", "BFF-1", None, 238))),
    ],
    "fte-missing": [
        Case("bff-1-without-staff-row",
             lambda t: blank_lines(t, 292, 292),
             seeded(("fte-missing", "warning", "BFF-1", None, 290))),
    ],
    "description-amount": [
        Case("vjh-4-385-from-2024",
             lambda t: edit_line(t, 1160, "på 375", "på 385"),
             seeded(("description-amount", "warning", "VJH-4", 2024, 1138))),
    ],
    "prose-year-list": [
        Case("seed-bff-3a-2024-twice", _unchanged, seeded(),
             key="prose-year-list.twice-missing"),
        Case("bff-3a-note-2026",
             lambda t: edit_line(t, 430, "4,0 mio. kr. i 2026", "4,2 mio. kr. i 2026"),
             seeded(("prose-year-list", "warning", "BFF-3A", 2026, 430))),
        Case("bff-3a-table-2026",
             lambda t: edit_line(edit_line(t, 420, "-3.500 -3.500 -4.000 -4.000",
                                           "-3.500 -3.500 -4.500 -4.000"),
                                 426, "-1.335", "-1.835"),
             seeded(("prose-year-list", "warning", "BFF-3A", 2026, 430))),
        Case("bff-3a-2025-left-out",
             lambda t: edit_line(t, 430, "3,5 mio. kr. i 2024, 3,5 mio. kr. i 2024,",
                                 "3,5 mio. kr. i 2024,"),
             seeded(("prose-year-list", "warning", "BFF-3A", 2025, 430), without=(BFF_3A,)),
             key="prose-year-list.gap"),
    ],
    "prose-approximate": [
        Case("seed-vjh-5-about-200-lower", _unchanged, seeded()),
        Case("jvs-1-about-150-000",
             lambda t: edit_line(t, 1388, "cirka 120.000 kr.", "cirka 150.000 kr."),
             seeded(("prose-approximate", "info", "JVS-1", None, 1388))),
    ],
    "prose-amount": [
        Case("vjh-5-spares-1-375",
             lambda t: edit_line(t, 1210, "spares 1,275 mio. kr.", "spares 1,375 mio. kr."),
             seeded(("prose-amount", "warning", "VJH-5", None, 1210))),
        Case("vjh-5-table-1-375",
             lambda t: edit_line(edit_line(t, 1234, "-1.275 -1.275 -1.275 -1.275",
                                           "-1.375 -1.375 -1.375 -1.375"),
                                 1236, "250 250 250 250", "350 350 350 350"),
             seeded(("prose-amount", "warning", "VJH-5", None, 1210))),
    ],
    "prose-staff": [
        Case("vjh-5-1-5-staff",
             lambda t: edit_line(t, 1214, "personalereduktion på 0,5", "personalereduktion på 1,5"),
             seeded(("prose-staff", "warning", "VJH-5", None, 1214))),
        Case("vjh-5-staff-row-1",
             lambda t: edit_line(t, 1240, "-0,5 -0,5 -0,5 -0,5", "-1 -1 -1 -1"),
             seeded(("prose-staff", "warning", "VJH-5", None, 1214))),
    ],
    "prose-percent": [
        Case("vjh-5-saving-of-30-percent",
             lambda t: edit_line(t, 1210, "mio. kr., som fordeler",
                                 "mio. kr., en besparelse på 30 %, som fordeler"),
             seeded(("prose-percent", "warning", "VJH-5", None, 1210)),
             key="prose-percent.field"),
    ],
    "prose-number-format": [
        Case("seed-msb-1-13-59", _unchanged, seeded(), key="prose-number-format.mixed"),
        Case("jus-2-13-2-with-a-point",
             lambda t: edit_line(t, 720, "ca. 13,2 mio. kr.", "ca. 13.2 mio. kr."),
             seeded(("prose-number-format", "warning", "JUS-2", None, 720))),
    ],
    "intro-total": [
        Case("introduction-18-7",
             lambda t: edit_line(t, 64, "alt 19,7 mio. kr.", "alt 18,7 mio. kr."),
             seeded(("intro-total", "warning", None, None, 64))),
    ],
}

CLEAN: dict[str, list[Case]] = {
    "line-sum": [
        # BFF-3A's line (-3.500) is its net (-3.115) plus the internal room (-385).
        Case("seed", _unchanged, seeded()),
        Case("line-and-net-changed-together",
             lambda t: edit_line(
                 edit_line(t, 288, "-1.000 -1.000 -1.000 -1.000", "-1.000 -1.100 -1.000 -1.000"),
                 290, "-1.000 -1.000 -1.000 -1.000", "-1.000 -1.100 -1.000 -1.000"),
             seeded(("overview-mismatch", "error", "BFF-1", 2025, 100))),
    ],
    "overview-mismatch": [
        Case("seed", _unchanged, seeded()),
        Case("code-in-label",
             lambda t: edit_line(t, 144, "TILPASNING AF FERIEPULJEN",
                                 "VJH-5 TILPASNING AF FERIEPULJEN"),
             seeded()),
    ],
    "overview-title": [
        # 'INVESTERING I MESTRINGSVEJLEDNING' names JUS-2's long title well enough.
        Case("seed", _unchanged, seeded()),
        Case("label-with-code",
             lambda t: edit_line(t, 144, "TILPASNING AF FERIEPULJEN",
                                 "VJH-5 NEDSKALERING AF RESPITTILBUD"),
             seeded()),
    ],
    "theme-mismatch": [
        Case("seed", _unchanged, seeded()),
        Case("sub-theme-3b-is-theme-3",
             lambda t: edit_line(t, 1188, "Tema 3A, VJH-5", "Tema 3B, VJH-5"),
             seeded()),
    ],
    "section-total": [
        Case("seed", _unchanged, seeded()),
    ],
    "subtotal": [
        Case("seed", _unchanged, seeded()),
        Case("bff-3a-subtotal-of-all-lines", _with_subtotal("BFF-3A"), seeded_json()),
    ],
    "savings-pct": [
        Case("jus-1-stated-as-2-3",
             lambda t: edit_line(t, 596, "2,1 %", "2,3 %"),  # 550 of 23.800 is 2,31 %
             seeded(without=(JUS_1,))),
    ],
    "duplicate-code": [
        Case("seed", _unchanged, seeded()),
        Case("bff-3-beside-bff-3a",
             lambda t: edit_line(t, 458, "Tema 1A, BFF-4", "Tema 1A, BFF-3"),
             seeded()),
    ],
    "code-characters": [
        Case("seed", _unchanged, seeded()),
        Case("danish-letters", _renamed("BFF-4", "ØKO-1"), seeded_json()),
        Case("case-is-not-folded", _renamed("BFF-3A", "BFF-3a"),
             seeded_json(renamed=("BFF-3A", "BFF-3a"))),
        Case("all-cyrillic-code", _renamed("BFF-4", "\u0411\u0424\u0424-4"), seeded_json()),
    ],
    "period-mismatch": [
        Case("seed", _unchanged, seeded()),
        Case("short-price-base",
             lambda t: edit_line(t, 280, "(2024-PL i 1.000 kr.)", "(24-PL i 1.000 kr.)"),
             seeded()),
        Case("period-with-spaced-dash",
             lambda t: edit_line(t, 238, "Omprioriteringstiltag 2024-2027",
                                 "Omprioriteringstiltag 2024 – 2027"),
             seeded()),
    ],
    "unit-mismatch": [
        Case("seed", _unchanged, seeded()),
        Case("thousand-without-dot",
             lambda t: edit_line(t, 280, "(2024-PL i 1.000 kr.)", "(2024-PL i 1000 kr.)"),
             seeded()),
    ],
    "fte-missing": [
        # JUS-1 and UJU-1 label the staff row just 'Personaleændringer'.
        Case("seed", _unchanged, seeded()),
        Case("staff-row-in-person-years",
             lambda t: edit_line(t, 292, "(fuldtidsstillinger)", "(årsværk)"),
             seeded()),
    ],
    "description-amount": [
        # VJH-4: '375 t.kr. fra 2024'; BFF-3A: '3,5 mio. kr. i 2024', '4,0 mio. kr. i 2026'.
        Case("seed", _unchanged, seeded()),
        Case("approximate-amount",
             lambda t: edit_line(t, 430, "4,0 mio. kr. i 2026", "ca. 4,2 mio. kr. i 2026"),
             seeded()),
    ],
    "prose-year-list": [
        Case("bff-3a-2025-named",
             lambda t: edit_line(t, 430, "3,5 mio. kr. i 2024, 3,5 mio. kr. i 2024,",
                                 "3,5 mio. kr. i 2024, 3,5 mio. kr. i 2025,"),
             seeded(without=(BFF_3A,))),
        # MSB-1's list (13,75 mio. kr. i 2024 …) is the department's requirement: no row has it.
        Case("msb-1-list-of-context",
             lambda t: edit_line(
                 edit_line(t, 208, "13.59 mio. kr. 2027", "13,59 mio. kr. i 2027"), 430,
                 "3,5 mio. kr. i 2024, 3,5 mio. kr. i 2024,", "3,5 mio. kr. i 2024,"
                 " 3,5 mio. kr. i 2025,"),
             seeded(without=(MSB_1, BFF_3A))),
    ],
    "prose-approximate": [
        Case("vjh-5-about-250-lower",
             lambda t: edit_line(t, 1218, "ca. 200 t.kr.", "ca. 250 t.kr."),
             seeded(without=(VJH_5,))),
        Case("vjh-5-just-under-260-lower",
             lambda t: edit_line(t, 1218, "ca. 200 t.kr.", "knap 260 t.kr."),
             seeded(without=(VJH_5,))),
    ],
    "prose-amount": [
        # VJH-5: 'Dermed kan der spares 1,275 mio. kr.' is the gross reduction.
        Case("seed", _unchanged, seeded()),
        Case("vjh-5-in-kroner",
             lambda t: edit_line(t, 1210, "1,275 mio. kr.", "1.275.000 kr."), seeded()),
        Case("vjh-5-negated",
             lambda t: edit_line(t, 1210, "kan der spares 1,275", "kan der ikke spares 1,375"),
             seeded()),
    ],
    "prose-staff": [
        # VJH-5: 'en personalereduktion på 0,5 medarbejdere' is the staff row's -0,5.
        Case("seed", _unchanged, seeded()),
        Case("vjh-5-in-full-time-positions",
             lambda t: edit_line(t, 1214, "0,5 medar-", "0,5 fuldtidsstil-"), seeded()),
    ],
    "prose-percent": [
        Case("vjh-5-saving-of-25-percent",
             lambda t: edit_line(t, 1210, "mio. kr., som fordeler",
                                 "mio. kr., en besparelse på 25 %, som fordeler"),
             seeded()),
        # VJH-5: 'knap 20% af puljen' is a share of the pool, not the saving.
        Case("seed", _unchanged, seeded()),
    ],
    "prose-number-format": [
        Case("msb-1-13-59-with-a-comma",
             lambda t: edit_line(t, 208, "13.59 mio. kr.", "13,59 mio. kr."),
             seeded(without=(MSB_1,))),
    ],
    "intro-total": [
        # '19,7 mio. kr.' is the overview's -19.730; 'ca. 13,7 mio. kr.' and '75 mio. kr.' are
        # further than 15 % from every total: about something else.
        Case("seed", _unchanged, seeded()),
        Case("introduction-about-20",
             lambda t: edit_line(t, 64, "alt 19,7 mio. kr.", "alt ca. 20 mio. kr."), seeded()),
    ],
}


RULE_IDS = [registered.id for registered in RULES]
SEVERITY = {registered.id: registered.severity for registered in RULES}


def _cases(table: dict[str, list[Case]]) -> list[object]:
    return [pytest.param(rule, case, id=f"{rule}:{case.name}")
            for rule, cases in table.items() for case in cases]


@functools.cache
def _checked(case: Case) -> tuple[Finding, ...]:
    """Reading findings and check findings of the edited seed (each case is read once)."""
    text = case.edit(SEED_PATH.read_text(encoding="utf-8"))
    loaded = load_bytes(text.encode("utf-8"), "catalog.txt")
    return (*loaded.findings, *check_catalog(loaded.catalog))


def _findings(case: Case) -> list[Finding]:
    findings = list(_checked(case))
    reading = [f.message("en") for f in findings if f.rule not in SEVERITY]
    assert reading == [], "the edit made the text unreadable"
    return findings


def _rows(findings: list[Finding]) -> list[Row]:
    return [(f.rule, f.severity.value, f.measure, f.year, f.source.line) for f in findings]


@pytest.mark.parametrize(("rule", "case"), _cases(TRIPS))
def test_edit_trips_rule(rule: str, case: Case) -> None:
    findings = _findings(case)
    assert _rows(findings) == case.expected
    own = [f for f in findings if f.rule == rule]
    assert own
    assert all(f.severity is SEVERITY[rule] for f in own)
    if case.key is not None:
        assert {f.key for f in own} == {case.key}


@pytest.mark.parametrize(("rule", "case"), _cases(CLEAN))
def test_edit_does_not_trip_rule(rule: str, case: Case) -> None:
    findings = _findings(case)
    assert _rows(findings) == case.expected
    assert rule not in {f.rule for f in findings}


@pytest.mark.parametrize("rule", RULE_IDS)
def test_every_registered_rule_is_tested(rule: str) -> None:
    assert TRIPS.get(rule), f"no input that trips {rule}"
    assert CLEAN.get(rule), f"no input that passes {rule}"
    for case in TRIPS[rule]:
        assert rule in {row[0] for row in case.expected}, case.name


def test_no_case_for_an_unregistered_rule() -> None:
    assert set(TRIPS) == set(RULE_IDS)
    assert set(CLEAN) == set(RULE_IDS)


def test_rule_ids_are_unique_and_titled() -> None:
    assert len(RULE_IDS) == len(set(RULE_IDS))
    for registered in RULES:
        assert registered.title_da
        assert registered.title_en
        assert registered.title_da != registered.title_en


# --- messages ------------------------------------------------------------------------------


def _case(rule: str, name: str) -> Case:
    return next(case for case in TRIPS[rule] if case.name == name)


@pytest.mark.parametrize(("rule", "case"), _cases(TRIPS))
def test_messages_render_in_danish_and_english(rule: str, case: Case) -> None:
    for found in _findings(case):
        danish, english = found.message("da"), found.message("en")
        assert danish
        assert english
        assert danish != english
        assert "{" not in danish + english
        assert found.message() == danish  # Danish is the default


MESSAGE_CASES: list[tuple[str, str, str, str]] = [
    ("line-sum", "bff-1-line-changed",
     "Linjerne summer til -1.100, men netto + korrektioner er -1.000 (-1.000 + 0)",
     "The lines sum to -1,100, but net + adjustments is -1,000 (-1,000 + 0)"),
    ("overview-mismatch", "overview-row-amount",
     "Overblikket viser -1.100 for BFF-1, men tiltagets netto er -1.000",
     "The overview shows -1,100 for BFF-1, but the measure's net is -1,000"),
    ("section-total", "grand-total-2026",
     "'OMPRIORITERINGSTILTAG, I ALT' er -19.703, men rækkerne, den summerer, giver -19.730",
     "'OMPRIORITERINGSTILTAG, I ALT' is -19,703, but the rows it totals add up to -19,730"),
    ("period-mismatch", "measure-header-period",
     "Perioden 2025-2028 passer ikke med katalogets 2024-2027",
     "The period 2025-2028 does not match the catalog's 2024-2027"),
    ("period-mismatch", "caption-price-base",
     "Prisniveauet 2023-PL passer ikke med katalogets 2024-PL",
     "The price level 2023-PL does not match the catalog's 2024-PL"),
    ("unit-mismatch", "caption-in-millions",
     "Tabellen er i mio. kr., men kataloget er i 1.000 kr.",
     "The table is in mio. kr., but the catalog is in 1.000 kr."),
    ("description-amount", "vjh-4-385-from-2024",
     "Teksten nævner 385 t.kr. i 2024, men tabellen har intet beløb på 385 (1.000 kr.) det år",
     "The text states 385 t.kr. in 2024, but the table has no amount of 385 (1,000 DKK) that"
     " year"),
    ("theme-mismatch", "page-says-theme-2",
     "BFF-4 har tema 2A på sin side, men står under tema 1 i overblikket",
     "BFF-4 has theme 2A on its page but is listed under theme 1 in the overview"),
    ("code-characters", "zero-width-space-beside-bff-1",
     "Koden BFF-1<U+200B> ligner BFF-1 (på catalog.txt:238) til forveksling, men er skrevet"
     " med andre tegn",
     "Code BFF-1<U+200B> looks the same as BFF-1 (at catalog.txt:238) but is written with"
     " other characters"),
    ("code-characters", "cyrillic-ve",
     "Koden \u0412FF-9 blander latinske bogstaver med \u0412 U+0412 (CYRILLIC CAPITAL LETTER VE)"
     " fra et andet alfabet",
     "Code \u0412FF-9 mixes Latin letters with \u0412 U+0412 (CYRILLIC CAPITAL LETTER VE)"
     " from another script"),
    ("fte-missing", "bff-1-without-staff-row",
     "Tabellen har ingen række med personaleændringer (fuldtidsstillinger)",
     "The table has no row of staff changes (full-time positions)"),
    ("prose-year-list", "seed-bff-3a-2024-twice",
     "'…der reduktioner for 3,5 mio. kr. i 2024, 3,5 mio. kr. i 2024, 4,0 mio. kr. i 2026 og"
     " 4,0 mio. kr. i 2027.' nævner 2024 to gange (3,5 mio. kr. og 3,5 mio. kr.) og udelader"
     " 2025; i tabellen er 'Færre eksterne anbringelser' -3.500 i 2025",
     "'…der reduktioner for 3,5 mio. kr. i 2024, 3,5 mio. kr. i 2024, 4,0 mio. kr. i 2026 og"
     " 4,0 mio. kr. i 2027.' names 2024 twice (3,5 mio. kr. and 3,5 mio. kr.) and leaves out"
     " 2025; in the table 'Færre eksterne anbringelser' is -3,500 in 2025"),
    ("prose-year-list", "bff-3a-2025-left-out",
     "'…i tiltaget realiseres der reduktioner for 3,5 mio. kr. i 2024, 4,0 mio. kr. i 2026 og"
     " 4,0 mio. kr. i 2027.' springer 2025 over mellem 2024 og 2026",
     "'…i tiltaget realiseres der reduktioner for 3,5 mio. kr. i 2024, 4,0 mio. kr. i 2026 og"
     " 4,0 mio. kr. i 2027.' skips 2025 between 2024 and 2026"),
    ("prose-approximate", "seed-vjh-5-about-200-lower",
     "'På grund af salg af pladser til andre kommuner, vil nettoeffekten af besparelsen være"
     " ca. 200 t.kr. lavere.' siger ca. 200 t.kr., men det nærmeste i tabellen er forskellen"
     " mellem bruttoreduktion og netto med 250 hvert år",
     "'På grund af salg af pladser til andre kommuner, vil nettoeffekten af besparelsen være"
     " ca. 200 t.kr. lavere.' says ca. 200 t.kr., but the closest in the table is the"
     " difference between gross reduction and net at 250 every year"),
    ("prose-amount", "vjh-5-spares-1-375",
     "'Dermed kan der spares 1,375 mio. kr., som fordeler sig på VJHs fire udførercentre samt"
     " den selvejende…' siger 1,375 mio. kr., men tabellen har intet sådant beløb; nærmest er"
     " bruttoreduktionen med -1.275 hvert år",
     "'Dermed kan der spares 1,375 mio. kr., som fordeler sig på VJHs fire udførercentre samt"
     " den selvejende…' says 1,375 mio. kr., but the table has no such amount; the closest is"
     " the gross reduction at -1,275 every year"),
    ("prose-staff", "vjh-5-1-5-staff",
     "'Tiltaget indebærer således en personalereduktion på 1,5 medarbejdere.' siger 1,5"
     " medarbejdere, men personaleændringerne i tabellen er -0,5 hvert år",
     "'Tiltaget indebærer således en personalereduktion på 1,5 medarbejdere.' says 1,5"
     " medarbejdere, but the table's staff changes are -0.5 every year"),
    ("prose-percent", "vjh-5-saving-of-30-percent",
     "'…kan der spares 1,275 mio. kr., en besparelse på 30 %, som fordeler sig på VJHs fire"
     " udførercentre samt…' siger 30 %, men 'Besparelse i %' siger 25%",
     "'…kan der spares 1,275 mio. kr., en besparelse på 30 %, som fordeler sig på VJHs fire"
     " udførercentre samt…' says 30 %, but 'Besparelse i %' says 25%"),
    ("prose-number-format", "seed-msb-1-13-59",
     "'13.59' i '…13,59 mio. kr. i 2026 og 13.59 mio. kr. 2027.' er ikke et dansk tal (på"
     " dansk: 13,59), mens samme sætning skriver 13,75",
     "'13.59' in '…13,59 mio. kr. i 2026 og 13.59 mio. kr. 2027.' is not a Danish number (in"
     " Danish: 13,59), while the same sentence writes 13,75"),
    ("intro-total", "introduction-18-7",
     "Indledningen siger 18,7 mio. kr. ('…de tiltag, som skal tilvejebringe finansiering til"
     " MSB’s del af puljen på i alt 18,7 mio. kr. i 2024-2027.'), men i overblikket er"
     " 'OMPRIORITERINGSTILTAG, I ALT' -19.730 hvert år",
     "The introduction says 18,7 mio. kr. ('…de tiltag, som skal tilvejebringe finansiering"
     " til MSB’s del af puljen på i alt 18,7 mio. kr. i 2024-2027.'), but in the overview"
     " 'OMPRIORITERINGSTILTAG, I ALT' is -19,730 every year"),
    ("overview-mismatch", "no-measure-page",
     "Overbliksrækken 'ÆNDRING AF SAMARBEJDSAFTALE MED BARNETS VEN' har ingen side med tiltag",
     "Overview row 'ÆNDRING AF SAMARBEJDSAFTALE MED BARNETS VEN' has no measure page"),
]


@pytest.mark.parametrize(("rule", "name", "danish", "english"), MESSAGE_CASES,
                         ids=[f"{rule}:{name}" for rule, name, _da, _en in MESSAGE_CASES])
def test_message_text(rule: str, name: str, danish: str, english: str) -> None:
    found = [f for f in _findings(_case(rule, name)) if f.rule == rule]
    assert [f.message("da") for f in found] == [danish]
    assert [f.message("en") for f in found] == [english]


def test_message_formats_decimals_and_thousands_per_language() -> None:
    from omprio.findings import finding

    found = finding("line-sum", Severity.ERROR, Source("x.txt", 3), measure="MSB-1", year=2026,
                    lines=Decimal("-10.5"), expected=Decimal("-1000"), net=Decimal("-12345.5"),
                    adjustments=Decimal("0"))
    assert found.message("da") == (
        "Linjerne summer til -10,5, men netto + korrektioner er -1.000 (-12.345,5 + 0)")
    assert found.message("en") == (
        "The lines sum to -10.5, but net + adjustments is -1,000 (-12,345.5 + 0)")


def test_savings_message_in_both_languages() -> None:
    found = [f for f in _findings(_case("savings-pct", "seed-jus-1")) if f.rule == "savings-pct"]
    assert [f.message("en") for f in found] == [
        "The stated saving '2,1 %' cannot be reproduced from the amounts and the area budget;"
        " the closest is 2.31 % (550 of 23,800 in 1,000 DKK)"]
