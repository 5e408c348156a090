"""``prose-year-list``: a list of amounts by year in a description or note that does not hold.

'reduktioner for 3,5 mio. kr. i 2024, 3,5 mio. kr. i 2024, 4,0 mio. kr. i 2026 og 4,0 mio. kr.
i 2027' (BFF-3A): a year named twice (with the year of the period then left out, and what the
table has in it), a year left out between two named ones, or an amount that matches no figure of
the table in its year although the list follows a row of the table (the referent row, named with
its figure). The referent is the row (net, gross reduction, a line, an adjustment) that the most
amounts of the list match at the precision written; at least half of them must match it, so a
list about something else (MSB-1's department-wide requirement) is compared with nothing. A list
naming a year outside the period is left alone. ``description-amount`` leaves the amounts of a
list with a referent to this rule (:func:`followed_spans`).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from omprio.check.prose.figures import rows, unit_scale, year_figures
from omprio.check.prose.quantities import Stated, YearList, accepts, year_lists
from omprio.check.prose.text import Sentence, catalog_sentences, quote
from omprio.check.registry import rule
from omprio.findings import Finding, Severity, finding
from omprio.model import Catalog, Measure
from omprio.money import Amounts

RULE = "prose-year-list"


def _referent(listed: YearList, measure: Measure, years: tuple[int, ...]
              ) -> tuple[str, Amounts] | None:
    """The row of the table the list follows, or ``None``."""
    best: tuple[int, str, Amounts] | None = None
    for what, amounts in rows(measure, years):
        matched = sum(
            1 for entry in listed.entries
            if entry.year is not None and entry.year in amounts
            and accepts(entry, abs(amounts[entry.year]))
        )
        if matched and (best is None or matched > best[0]):
            best = (matched, what, amounts)
    if best is None or 2 * best[0] < len(listed.entries):
        return None
    return best[1], best[2]


def _lists(catalog: Catalog, measure: Measure, sentences: tuple[Sentence, ...], scale: Decimal
           ) -> Iterator[tuple[Sentence, YearList, tuple[str, Amounts] | None]]:
    years = set(catalog.years)
    for sentence in sentences:
        if "kr" not in sentence.text and "mio" not in sentence.text:
            continue
        for listed in year_lists(sentence.text, scale):
            if all(entry.year in years for entry in listed.entries):
                yield sentence, listed, _referent(listed, measure, catalog.years)


def followed_spans(catalog: Catalog) -> dict[tuple[int, str], list[tuple[int, int]]]:
    """Spans of the measures' texts (by ``id`` of the measure and text) holding a year list
    that follows a row of the table: this rule checks their amounts."""
    scale = unit_scale(catalog)
    spans: dict[tuple[int, str], list[tuple[int, int]]] = {}
    if scale is None or not catalog.years:
        return spans
    for measure, sentences in catalog_sentences(catalog):
        for sentence, listed, referent in _lists(catalog, measure, sentences, scale):
            if referent is not None:
                spans.setdefault((id(measure), sentence.whole), []).append(
                    (sentence.start + listed.start, sentence.start + listed.end))
    return spans


@rule(RULE, Severity.WARNING)
def prose_year_list(catalog: Catalog) -> Iterator[Finding]:
    scale = unit_scale(catalog)
    if scale is None or not catalog.years:
        return
    for measure, sentences in catalog_sentences(catalog):
        for sentence, listed, referent in _lists(catalog, measure, sentences, scale):
            yield from _check(catalog, measure, sentence, listed, referent)


def _twice(catalog: Catalog, measure: Measure, sentence: Sentence, listed: YearList,
           referent: tuple[str, Amounts] | None, named: list[int], text: str, first: Stated,
           entry: Stated) -> Finding:
    """A year named twice; with the year of the period the list then leaves out, if one."""
    missing = [year for year in catalog.years if year not in named]
    where = sentence.source(entry.start)
    common = {"measure": measure.code, "year": entry.year, "text": text,
              "first": first.shown, "second": entry.shown}
    if len(listed.entries) >= len(catalog.years) and len(missing) == 1:
        gone = missing[0]
        if referent is not None and gone in referent[1]:
            return finding(RULE, Severity.WARNING, where, key=f"{RULE}.twice-missing",
                           missing=gone, what=referent[0], figure=referent[1][gone],
                           **common)  # type: ignore[arg-type]
        return finding(RULE, Severity.WARNING, where, key=f"{RULE}.twice-gap", missing=gone,
                       **common)  # type: ignore[arg-type]
    return finding(RULE, Severity.WARNING, where, key=f"{RULE}.twice",
                   **common)  # type: ignore[arg-type]


def _check(catalog: Catalog, measure: Measure, sentence: Sentence, listed: YearList,
           referent: tuple[str, Amounts] | None) -> Iterator[Finding]:
    text = quote(sentence, listed.start, listed.end)
    named = [entry.year for entry in listed.entries if entry.year is not None]
    seen: dict[int, int] = {}
    twice = False
    for index, entry in enumerate(listed.entries):
        assert entry.year is not None
        if entry.year in seen and not twice:
            twice = True
            yield _twice(catalog, measure, sentence, listed, referent, named, text,
                         listed.entries[seen[entry.year]], entry)
        seen.setdefault(entry.year, index)
    ordered = sorted(named)
    gaps = [year for year in catalog.years if ordered[0] < year < ordered[-1] and year not in named]
    if gaps and not twice:
        yield finding(RULE, Severity.WARNING, sentence.source(listed.start), key=f"{RULE}.gap",
                      measure=measure.code, year=gaps[0], text=text,
                      before=max(y for y in named if y < gaps[0]),
                      after=min(y for y in named if y > gaps[0]))
    if referent is None or listed.approximate:
        return
    what, amounts = referent
    for entry in listed.entries:
        assert entry.year is not None
        if entry.year not in amounts or accepts(entry, abs(amounts[entry.year])):
            continue
        if any(accepts(entry, figure) for figure in year_figures(measure, entry.year)):
            continue
        yield finding(RULE, Severity.WARNING, sentence.source(entry.start),
                      key=f"{RULE}.amount", measure=measure.code, year=entry.year, text=text,
                      stated=entry.shown, what=what, figure=amounts[entry.year])
