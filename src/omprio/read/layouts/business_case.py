"""The business-case shape: proposals one after another, each with its own economics table.

A proposal opens with labelled head lines (``Forslag: …``, ``Fremstillende forvaltning: …``,
``Type: …``, ``Forslagsnummer: SOF-E01``; a ``BUSINESS CASE`` line above them may be there or
not), then numbered sections (``1. FORSLAGETS SAMLEDE ØKONOMISKE KONSEKVENSER``, ``2. BAGGRUND
OG FORMÅL`` …). The economics section holds the table: an amount header (``1.000 kr., 2025 p/l
Styringsområde 2025 2026 …``), group headings (``Varige ændringer``) with their rows and a
subtotal (``Samlet varig ændring``), the net (``Samlet pengestrøm i forslaget``) and staff
(``Personalemæssige konsekvenses (åv)``). Which words mean what is the layout's
:class:`~omprio.vocabulary.layouts.Profile`; this module knows only the shape.

A proposal is never given up: a missing table, a short row or a cell that is not a number is a
finding on the proposal, which is kept with what could be read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from omprio.findings import Finding, Severity, finding
from omprio.model import Catalog, Line, Measure, Source, Subtotal
from omprio.money import sum_by_year
from omprio.read.layouts.front import front_of
from omprio.read.layouts.table import (
    Header,
    read_header,
    row_finding,
    scaled,
    split_cells,
    unit_findings,
    with_unit_from,
)
from omprio.read.lines import TextLine, flow, flow_lines
from omprio.read_error import ReadError
from omprio.vocabulary import layouts as v

_MOST_LABEL_LINES = 3  # lines without amounts inside a table before it counts as ended


@dataclass(slots=True)
class _Table:
    header: Header | None = None
    lines: list[Line] = field(default_factory=list)
    subtotals: list[Subtotal] = field(default_factory=list)
    net: dict[int, Decimal] | None = None
    net_source: Source | None = None
    fte: dict[int, Decimal] = field(default_factory=dict)
    fte_source: Source | None = None
    after: list[TextLine] = field(default_factory=list)


def read_business_cases(
    lines: Sequence[TextLine], path: str, profile: v.Profile
) -> tuple[Catalog, list[Finding]]:
    """A catalog of the proposals in ``lines`` (each found by its code line)."""
    starts = _proposal_starts(lines, profile)
    if not starts:
        raise ReadError(path, "read.not_catalog")
    findings: list[Finding] = []
    measures: list[_Read] = []
    headers: list[Header] = []
    codes: dict[int, str | None] = {}
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        measure, table, measure_findings = _proposal(lines[start:end], profile)
        measures.append(measure)
        findings.extend(measure_findings)
        if table.header is not None:
            headers.append(table.header)
            codes[table.header.line.number] = measure.code
    findings.extend(unit_findings(headers, None, codes))
    front = front_of(lines[: starts[0]])
    departments = Counter(m.department for m in measures if m.department)
    years = Counter(m.years for m in measures if m.years)
    prices = Counter(m.price_base for m in measures if m.price_base)
    catalog = Catalog(
        title=front.title,
        organisation=front.organisation,
        department=front.department or (
            departments.most_common(1)[0][0] if departments else None
        ),
        date=front.date,
        years=years.most_common(1)[0][0] if years else (),
        price_base=prices.most_common(1)[0][0] if prices else None,
        unit=v.CATALOG_UNIT,
        introduction=front.introduction,
        themes=(),
        measures=tuple(m.measure for m in measures),
        overview=(),
        overview_totals=(),
        source=Source(path, lines[0].number, lines[0].page),
        stated_period=front.period,
    )
    return catalog, findings


@dataclass(frozen=True, slots=True)
class _Read:
    measure: Measure
    department: str | None
    years: tuple[int, ...]
    price_base: str | None

    @property
    def code(self) -> str:
        return self.measure.code


def _proposal_starts(lines: Sequence[TextLine], profile: v.Profile) -> list[int]:
    """Where each proposal starts: its head of labelled lines around the code line, and the
    opening line (``BUSINESS CASE``) just above it when there is one."""
    starts: list[int] = []
    for index, line in enumerate(lines):
        found = profile.field(line.text)
        if found is None or found[0] != "code":
            continue
        start = index
        floor = starts[-1] + 1 if starts else 0
        while start - 1 >= floor:
            above = lines[start - 1]
            if _head_line(above, profile):
                start -= 1
            elif (  # a head line wrapped onto the next line
                above.text[:1].islower()
                and start - 2 >= floor
                and _head_line(lines[start - 2], profile)
            ):
                start -= 2
            else:
                break
        if start - 1 >= floor and _opens(lines[start - 1], profile):
            start -= 1
        elif (  # the opening line wrapped ('BUSINESS CASE KØBENHAVNS' / 'KOMMUNE')
            start - 2 >= floor
            and _opens(lines[start - 2], profile)
            and lines[start - 1].text.isupper()
        ):
            start -= 2
        starts.append(start)
    return starts


def _head_line(line: TextLine, profile: v.Profile) -> bool:
    found = profile.field(line.text)
    return found is not None and found[0] != "other"


def _opens(line: TextLine, profile: v.Profile) -> bool:
    return profile.start is not None and bool(profile.start.match(line.text))


def _is_section(line: TextLine, profile: v.Profile) -> bool:
    return profile.section is not None and bool(profile.section.match(line.text))


def _proposal(
    body: Sequence[TextLine], profile: v.Profile
) -> tuple[_Read, _Table, list[Finding]]:
    findings: list[Finding] = []
    head: dict[str, list[str]] = {}
    notes: list[list[str]] = []
    index = 0
    if body and _opens(body[0], profile):
        index = 2 if len(body) > 1 and body[1].text.isupper() and not _head_line(
            body[1], profile) else 1
    current: list[str] | None = None
    while index < len(body):
        line = body[index]
        if _is_section(line, profile) or _table_line(line, profile):
            break
        found = profile.field(line.text)
        if found is not None:
            role, value = found
            if role in ("other", "kind"):
                current = [line.text]
                notes.append(current)
            else:
                current = head.setdefault(role, [])
                current.append(value)
        elif current is not None:
            current.append(line.text)
        index += 1
    code = flow(head.get("code", [])).split(" ")[0] or "?"
    sections = _sections(body[index:], profile)
    table = _Table()
    description: list[str] = []
    for heading, content in sections:
        is_economics = profile.economics is not None and bool(
            profile.economics.search(heading.text)
        )
        if table.header is None and (is_economics or _has_header(content, profile)):
            table = _read_table(content, profile, code, findings)
            if table.header is None:
                findings.append(finding(
                    "table-unreadable", Severity.ERROR, heading.source, measure=code,
                    key="table-unreadable.no-table",
                ))
            notes.extend([text] for text in _paragraphs(table.after))
            continue
        text = flow_lines(content)
        title = _heading_title(heading, profile)
        if text:
            description.append(f"{title}: {text}" if title else text)
    if table.header is None and not any(
        profile.economics is not None and profile.economics.search(h.text) for h, _ in sections
    ):
        findings.append(finding(
            "table-unreadable", Severity.ERROR, body[0].source, measure=code,
            key="table-unreadable.no-table",
        ))
    header = table.header
    years = header.years if header is not None else ()
    net = table.net
    if net is None:
        net = sum_by_year((line.amounts for line in table.lines), years) if table.lines else {}
    measure = Measure(
        code=code,
        theme="",
        title=flow(head.get("title", [])),
        description="\n\n".join(description),
        lines=tuple(table.lines),
        adjustments=(),
        net=net,
        fte=table.fte,
        sector=None,
        area_budget=None,
        stated_savings_pct=None,
        notes=tuple(flow(note) for note in notes),
        source=body[0].source,
        caption=header.before if header is not None else "",
        years=years,
        price_base=header.price_base if header is not None else None,
        unit=v.CATALOG_UNIT if header is not None else None,
        net_source=table.net_source,
        fte_source=table.fte_source,
        fte_stated=table.fte_source is not None,
        subtotals=tuple(table.subtotals),
    )
    department = flow(head.get("department", [])) or None
    return _Read(measure, department, years, measure.price_base), table, findings


def _table_line(line: TextLine, profile: v.Profile) -> bool:
    return (profile.caption is not None and bool(profile.caption.match(line.text))) or (
        profile.table is not None and read_header(line, profile.table) is not None
    )


def _has_header(content: Sequence[TextLine], profile: v.Profile) -> bool:
    assert profile.table is not None
    return any(read_header(line, profile.table) is not None for line in content)


def _sections(
    lines: Sequence[TextLine], profile: v.Profile
) -> list[tuple[TextLine, list[TextLine]]]:
    """The numbered sections (heading, lines), counting up from 1; lines before the first
    heading (a table without one) are a section of their own under the first line."""
    sections: list[tuple[TextLine, list[TextLine]]] = []
    expected = 1
    for line in lines:
        match = profile.section.match(line.text) if profile.section is not None else None
        if match is not None and int(match["number"]) in (expected, 1):
            sections.append((line, []))
            expected = int(match["number"]) + 1
        elif sections:
            sections[-1][1].append(line)
        else:
            sections.append((line, [line]))
    return sections


def _heading_title(heading: TextLine, profile: v.Profile) -> str:
    match = profile.section.match(heading.text) if profile.section is not None else None
    if match is None:
        return ""
    title = match["title"].strip()
    return title[:1] + title[1:].lower() if title.isupper() else title


def _is_group(text: str, words: v.TableWords, after_total: bool, following: str,
              years: int) -> bool:
    """A line without amounts in a table heads a group when the profile says it is one
    ('Varige ændringer'), or when it stands right after the header or a subtotal and starts
    with a capital; never when the next line goes on with its label (it starts in lower case,
    or is only a budget frame and amounts: a label written in its own cell)."""
    rest = split_cells(following, years).label
    if rest[:1].islower() or (
        words.frames is not None
        and (not rest or words.frames.fullmatch(" " + rest) is not None)
        and following != rest
    ):
        return False
    if words.group is not None and words.group.match(text):
        return True
    return after_total and text[:1].isupper()


def _frame(label: str, frames: re.Pattern[str]) -> str | None:
    """The budget frame at the end of a row's label: one the profile knows ('Service'), else a
    last word written with a capital and lower case letters after a label of several words
    ('Kvalitetsfonden'; not an abbreviation such as 'KMD')."""
    match = frames.search(" " + label)
    if match is not None:
        return match["frame"]
    words = label.split(" ")
    last = words[-1]
    if len(words) >= 2 and last[:1].isupper() and last[1:].islower() and last.isalpha():
        return last
    return None


def _paragraphs(lines: Sequence[TextLine]) -> list[str]:
    text = flow_lines(lines)
    return [text] if text else []


def _read_table(
    content: Sequence[TextLine], profile: v.Profile, code: str, findings: list[Finding]
) -> _Table:
    words = profile.table
    assert words is not None
    table = _Table()
    index = 0
    while index < len(content):
        header = read_header(content[index], words)
        index += 1
        if header is not None:
            table.header = header
            break
    header = table.header
    if header is None:
        return table
    header = table.header = with_unit_from(header, content[: index - 1])
    factor = header.factor if len(header.units_named) <= 1 else None
    unreadable = len(header.units_named) > 1
    years = header.years
    with_frames = words.frame_column is not None and words.frames is not None and any(
        words.frame_column.search(x.text) for x in (*content[: index - 1], header.line)
    )
    group: str | None = None
    pending: list[TextLine] = []
    after_total = True  # the header, or a subtotal: a heading may follow
    while index < len(content):
        line = content[index]
        again = read_header(line, words)
        if again is not None and again.years == years:  # repeated on the next page
            index += 1
            continue
        split = split_cells(line.text, header.columns, fewer=len(years))
        if not split.has_amounts:
            if len(pending) >= _MOST_LABEL_LINES:
                break
            following = content[index + 1].text if index + 1 < len(content) else ""
            if not pending and _is_group(line.text, words, after_total, following, len(years)):
                group = line.text
                after_total = False  # rows follow a heading
            else:
                pending.append(line)
            index += 1
            continue
        label = flow([*(x.text for x in pending), split.label])
        first = pending[0] if pending else line
        pending = []
        index += 1
        if not split.cells or any(cell is None for cell in split.cells):
            findings.append(row_finding(split, label, line, code, header))
        amounts = {
            year: cell for year, cell in zip(years, split.cells, strict=False) if cell is not None
        }
        if unreadable:
            amounts = {}
        if words.fte is not None and words.fte.search(label):
            table.fte, table.fte_source = amounts, first.source
            if table.net is not None:
                break
            continue
        amounts = scaled(amounts, factor)
        if table.fte_source is not None and not words.total.match(label):
            index -= 1  # after the staff row only the net belongs to the table
            break
        if table.net is None and words.total.match(label):
            table.net, table.net_source = amounts, first.source
        elif words.subtotal.match(label):
            table.subtotals.append(Subtotal(label, group, amounts, first.source))
            after_total = True
            continue
        else:
            frame = None
            if with_frames and words.frames is not None:
                frame = _frame(label, words.frames)
                if frame is not None:
                    label = label[: len(label) - len(frame)].rstrip()
            table.lines.append(Line(label, amounts, first.source, group, frame))
        after_total = False
    table.after = [*pending, *content[index:]]
    return table
