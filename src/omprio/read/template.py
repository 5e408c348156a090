"""The catalog template, from text lines to a :class:`~omprio.model.Catalog`.

The document is cut into front matter (cover and introduction), the OVERBLIK table and one
run of lines per measure page, each read by its own module; then overview rows are linked to
measure pages and the catalog's period, price base and themes are settled. Years and price base
always come from the document itself (overview header, else the measure tables, else the cover).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from omprio import titles
from omprio.findings import Finding, Severity, finding
from omprio.model import Catalog, Measure, Source, Theme, target_total
from omprio.read.contents import drop_contents
from omprio.read.front import parse_front
from omprio.read.lines import TextLine
from omprio.read.link import link_overview
from omprio.read.measure import parse_measure
from omprio.read.overview import Overview, parse_overview
from omprio.read_error import ReadError
from omprio.vocabulary import patterns as p


def parse_catalog(lines: Sequence[TextLine], path: str) -> tuple[Catalog, list[Finding]]:
    """Read a whole catalog from its non-blank lines."""
    lines = drop_contents(lines)
    if not lines:
        raise ReadError(path, "read.not_catalog")
    headers: list[tuple[int, int]] = []  # (index of header line, index where its page starts)
    for index, line in enumerate(lines):
        if p.measure_header(line.text):
            start = index
            if index and p.HEADER_PREFIX.match(lines[index - 1].text):
                start = index - 1
            headers.append((index, start))
    overview_at = next(
        (
            i
            for i, line in enumerate(lines[: headers[0][1] if headers else len(lines)])
            if p.OVERVIEW_HEADING.match(line.text)
        ),
        None,
    )
    if not headers and overview_at is None:
        raise ReadError(path, "read.not_catalog")
    front_end = headers[0][1] if headers else len(lines)
    front = parse_front(lines[: overview_at if overview_at is not None else front_end])
    findings: list[Finding] = []

    # Years: a first guess from the measure tables, for an overview without a year header.
    measures: list[Measure] = []
    for number, (index, _start) in enumerate(headers):
        end = headers[number + 1][1] if number + 1 < len(headers) else len(lines)
        header = lines[index]
        match = p.measure_header(header.text)
        assert match is not None
        prefix = " ".join(x.text for x in lines[_start:index]) + " " + (match["prefix"] or "")
        measure, measure_findings = parse_measure(
            header, match, p.period_text(prefix), lines[index + 1 : end]
        )
        measures.append(measure)
        findings.extend(measure_findings)

    table_years = Counter(m.years for m in measures if m.years)
    guessed_years = list(table_years.most_common(1)[0][0]) if table_years else []
    if not guessed_years and front.period:
        guessed_years = list(range(front.period[0], front.period[1] + 1))

    overview = Overview()
    if overview_at is not None:
        title_words = _TitleScorer(measures)
        overview = parse_overview(
            lines[overview_at], lines[overview_at + 1 : front_end], title_words.best, guessed_years
        )
        findings.extend(overview.findings)
    else:
        first = lines[0]
        findings.append(finding("overview-missing", Severity.ERROR, first.source))
    if not measures:
        at = lines[overview_at] if overview_at is not None else lines[0]
        findings.append(finding("no-measures", Severity.ERROR, at.source))

    years = tuple(overview.years or guessed_years)
    price_bases = Counter(m.price_base for m in measures if m.price_base)
    price_base = overview.price_base or (price_bases.most_common(1)[0][0] if price_bases else None)
    units = Counter(m.unit for m in measures if m.unit)
    unit = overview.unit or (units.most_common(1)[0][0] if units else "1.000 kr.")

    rows = link_overview(overview.rows, measures)
    themes = _themes(overview.themes, measures, rows)
    catalog = Catalog(
        title=front.title,
        organisation=front.organisation,
        department=front.department,
        date=front.date,
        years=years,
        price_base=price_base,
        unit=unit,
        introduction=front.introduction,
        introduction_source=front.introduction_source,
        themes=tuple(themes),
        measures=tuple(measures),
        overview=tuple(rows),
        overview_totals=tuple(overview.totals),
        source=Source(path, 1, lines[0].page),
        stated_period=f"{front.period[0]}-{front.period[1]}" if front.period else None,
        target=dict(stated.amounts) if (stated := target_total(overview.totals)) else {},
    )
    return catalog, findings


class _TitleScorer:
    """How well a label names the best-matching measure title (via an index of title words)."""

    def __init__(self, measures: Sequence[Measure]) -> None:
        self._exact = {titles.normalized(measure.title) for measure in measures}
        self._by_word: dict[str, list[str]] = {}
        for measure in measures:
            for word in titles.words(measure.title):
                self._by_word.setdefault(word, []).append(measure.title)

    def best(self, label: str) -> float:
        if titles.normalized(label) in self._exact:
            return 1.0
        candidates: set[str] = set()
        for word in titles.words(label):
            bucket = self._by_word.get(word, [])
            if len(bucket) <= 64:
                candidates.update(bucket)
        return max((titles.similarity(label, title) for title in candidates), default=0.0)


def _themes(
    headings: Sequence[Theme],
    measures: Sequence[Measure],
    rows: Sequence[object],
) -> list[Theme]:
    """The overview's themes, plus a theme for measure pages whose theme has no heading."""
    themes = list(headings)
    known = {theme.code for theme in themes}
    section_of: dict[str, str | None] = {}
    for row in rows:
        code = getattr(row, "measure", None)
        if code is not None:
            section_of[code] = getattr(row, "section", None)
    for measure in measures:
        number = measure.theme_number
        if number not in known:
            known.add(number)
            section = section_of.get(measure.code)
            themes.append(Theme(number, section or "", section))
    return themes
