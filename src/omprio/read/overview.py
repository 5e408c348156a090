"""The OVERBLIK table: sections, themes, one row per measure, and total rows.

Layout of the template::

    24-PL (1.000 KR.) 2024 2025 2026 2027
    ADMINISTRATIVE BESPARELSER                      <- section heading
    ADMINISTRATIVE BESPARELSER I SOCIALE FORHOLD OG  <- row label, wrapped
    BESKÆFTIGELSE – 'RESIDUAL'
    -9.094 -6.680 -6.310 -6.026                      <- its amounts
    I ALT                                            <- total of the section
    -9.094 -6.680 -6.310 -6.026
    OMPRIORITERINGSTILTAG
    TEMA 1: BØRN OG UNGE                             <- theme heading
    OMLÆGNING AF BROBYG-FRAVÆRSINDSATS -1.000 -1.000 -1.000 -1.000
    …
    OMPRIORITERINGSTILTAG, I ALT -19.730 -19.730 -19.730 -19.730

A heading is told from the first line of a wrapped label by what it is: a theme line, a known
section word, a name that a later ``X, I ALT`` total repeats, a line followed directly by a theme
heading, or a line whose removal makes the label name a measure's title. (Runs of spaces are not
a sign: some extractors pad every line.)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from omprio import titles
from omprio.findings import Finding, Severity, finding
from omprio.model import OverviewRow, OverviewTotal, Source, Theme
from omprio.read.lines import TextLine, flow, flow_lines
from omprio.read.rows import RawRow, RowAssembler
from omprio.vocabulary import patterns as p

THEME_HEADING = re.compile(
    r"^TEMA\s+(?P<code>\d{1,2})[A-Z]?\b\s*[:.–—-]?\s*(?P<title>.*)$", re.IGNORECASE
)
TOTAL = re.compile(r"\bI\s+ALT\b|\bTOTAL\b|\bSAMLET\b", re.IGNORECASE)
KNOWN_SECTIONS = frozenset(
    titles.normalized(name)
    for name in (
        "Administrative besparelser",
        "Omprioriteringstiltag",
        "Omprioriteringsforslag",
        "Besparelser",
        "Spareforslag",
        "Sparetiltag",
        "Investeringer",
        "Reduktioner",
        "Effektiviseringer",
        "Tiltag",
        "Forslag",
        "Udvidelser",
        "Driftsudvidelser",
        "Rammebesparelser",
        "Omprioriteringer",
        "Anlæg",
        "Drift",
    )
)


@dataclass(slots=True)
class Overview:
    """What the overview table holds."""

    years: list[int] = field(default_factory=list)
    price_base: str | None = None
    unit: str | None = None
    rows: list[OverviewRow] = field(default_factory=list)
    totals: list[OverviewTotal] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    source: Source | None = None


def parse_overview(
    heading: TextLine,
    lines: Sequence[TextLine],
    title_score: Callable[[str], float],
    fallback_years: Sequence[int],
) -> Overview:
    """Read the overview. ``title_score`` says how well a label names some measure's title."""
    result = Overview(source=heading.source)
    start = 0
    for index, line in enumerate(lines[:4]):
        found = p.year_header(line.text)
        if found is not None:
            before, result.years = found
            context = " ".join([heading.text, *(x.text for x in lines[:index]), before])
            result.price_base = p.price_base(context)
            result.unit = p.unit(context)
            start = index + 1
            break
    if not result.years:
        result.years = list(fallback_years)
        for line in lines[:2]:
            result.price_base = result.price_base or p.price_base(line.text)
            result.unit = result.unit or p.unit(line.text)
    years = result.years
    if not years:
        return result

    section_names = _total_prefixes(lines[start:])
    section: str | None = None
    theme: str | None = None
    sections_seen: list[str] = []
    rows_since_total = 0
    assembler = RowAssembler(len(years))

    def set_section(name: str) -> None:
        nonlocal section, theme
        section, theme = name, None
        sections_seen.append(name)

    for line in lines[start:]:
        theme_match = THEME_HEADING.match(line.text)
        if theme_match and not assembler.pending and not _has_amounts(line, len(years)):
            theme = theme_match["code"]
            result.themes.append(Theme(theme, theme_match["title"].strip(" :–-"), section))
            continue
        if theme_match and assembler.pending:
            for heading_line in assembler.take_pending():
                set_section(heading_line.text)
            theme = theme_match["code"]
            result.themes.append(Theme(theme, theme_match["title"].strip(" :–-"), section))
            continue
        repeats_heading = (
            section is not None
            and sections_seen[-1] == section
            and not any(r.section == section for r in result.rows[-1:])
            and titles.normalized(line.text) == titles.normalized(section)
        )
        if (
            not assembler.pending
            and not repeats_heading  # a label's first line may repeat the heading above it
            and _is_section(line, section_names, len(years))
        ):
            set_section(line.text.strip(" :"))
            continue
        row = assembler.feed(line)
        if row is None:
            continue
        _drop_headings(row, title_score, set_section)
        if not row.complete:
            result.findings.append(
                finding(
                    "table-row",
                    Severity.ERROR,
                    row.last.source,
                    label=row.label or "?",
                    found=row.found or 0,
                    expected=len(years),
                )
                if not row.bad_cells
                else finding(
                    "table-cell",
                    Severity.ERROR,
                    row.last.source,
                    label=row.label,
                    cell=row.bad_cells[0],
                )
            )
        amounts = row.amounts(years)
        if TOTAL.search(row.label):
            scope_section, scope_theme = _scope(
                row.label, section, theme, sections_seen, rows_since_total, result.rows
            )
            result.totals.append(
                OverviewTotal(row.label, scope_section, scope_theme, amounts, row.first.source)
            )
            rows_since_total = 0
        else:
            result.rows.append(
                OverviewRow(section, theme, row.label, None, amounts, row.first.source)
            )
            rows_since_total += 1
    lost = assembler.take_pending()
    if lost and not all(_is_section(x, section_names, len(years)) for x in lost):
        result.findings.append(
            finding(
                "table-row",
                Severity.ERROR,
                lost[-1].source,
                label=flow_lines(lost),
                found=0,
                expected=len(years),
            )
        )
    return result


def _has_amounts(line: TextLine, years: int) -> bool:
    from omprio.read.rows import split_row

    return split_row(line.text, years).has_amounts


def _total_prefixes(lines: Sequence[TextLine]) -> set[str]:
    """Names that total rows repeat ('OMPRIORITERINGSTILTAG, I ALT'): they are section names."""
    names: set[str] = set()
    for line in lines:
        match = TOTAL.search(line.text)
        if match:
            prefix = line.text[: match.start()].strip(" ,.:;–-")
            if prefix:
                names.add(titles.normalized(prefix))
    return names


def _is_section(line: TextLine, total_prefixes: set[str], years: int) -> bool:
    text = line.text
    if (
        TOTAL.search(text)
        or THEME_HEADING.match(text)
        or text.endswith((",", "-", "–"))
        or _has_amounts(line, years)
    ):
        return False
    name = titles.normalized(text)
    return name in KNOWN_SECTIONS or name in total_prefixes


def _drop_headings(
    row: RawRow,
    title_score: Callable[[str], float],
    set_section: Callable[[str], None],
) -> None:
    """If a wrapped label names a title better without its first line, that line was a heading."""
    parts = row.label
    if TOTAL.search(parts):
        return
    first_line = row.first.text
    if row.first is row.last or not parts.startswith(first_line):
        return
    rest = parts[len(first_line) :].strip()
    if len(titles.words(rest)) < 2:
        return
    whole = title_score(parts)
    if whole >= 1.0:
        return
    without = title_score(rest)
    if without >= titles.MATCH and without - whole >= 0.2:
        set_section(first_line)
        row.label = flow([rest])


def _scope(
    label: str,
    section: str | None,
    theme: str | None,
    sections_seen: Sequence[str],
    rows_since_total: int,
    rows: Sequence[OverviewRow],
) -> tuple[str | None, str | None]:
    """Which rows a total row sums: (section, theme); (None, None) for every row."""
    match = TOTAL.search(label)
    prefix = label[: match.start()].strip(" ,.:;–-") if match else ""
    if prefix:
        theme_match = THEME_HEADING.match(prefix)
        if theme_match:
            return section, theme_match["code"]
        for name in sections_seen:
            if titles.normalized(name) == titles.normalized(prefix):
                return name, None
        return None, None
    if rows_since_total == 0:
        return (None, None) if len(set(sections_seen)) > 1 else (section, None)
    recent = rows[-rows_since_total:]
    in_section = [r for r in rows if r.section == section]
    if (
        theme is not None
        and all(r.theme == theme for r in recent)
        and any(r.theme != theme for r in in_section)
    ):
        return section, theme
    return section, None
