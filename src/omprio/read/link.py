"""Link each overview row to its measure page.

Overview rows carry no code, so the link is made from the best evidence first: a code written in
the label; the same title; a title that shares its content words (``INVESTERING I
MESTRINGSVEJLEDNING`` is JUS-2); and last, for a label that names no title, a measure of the same
theme with exactly the row's amounts. Every row and measure is linked at most once. Candidate
pairs come from an index of title words, so linking stays linear in the size of the catalog.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from omprio import titles
from omprio.model import Measure, OverviewRow
from omprio.vocabulary.patterns import CODE

_CODE_IN_LABEL = re.compile(rf"(?<![\w-])({CODE})(?![\w-])")
_COMMON = 64  # a word in more titles than this does not propose candidates


def _theme_of(measure: Measure) -> str:
    return measure.theme_number


def link_overview(rows: Sequence[OverviewRow], measures: Sequence[Measure]) -> list[OverviewRow]:
    """The rows with ``measure`` set to the code of the page each describes, where found."""
    linked: dict[int, str] = {}
    taken: set[str] = set()
    by_code = {m.code: m for m in reversed(measures)}

    def take(row_index: int, code: str) -> None:
        linked[row_index] = code
        taken.add(code)

    for index, row in enumerate(rows):
        match = _CODE_IN_LABEL.search(row.label.upper())
        if match and match.group(1) in by_code and match.group(1) not in taken:
            take(index, match.group(1))

    by_title: dict[str, list[str]] = defaultdict(list)
    for measure in measures:
        by_title[titles.normalized(measure.title)].append(measure.code)
    for index, row in enumerate(rows):
        if index in linked:
            continue
        for code in by_title.get(titles.normalized(row.label), ()):
            if code not in taken:
                take(index, code)
                break

    index_by_word: dict[str, list[Measure]] = defaultdict(list)
    for measure in measures:
        if measure.code not in taken:
            for word in titles.words(measure.title):
                index_by_word[word].append(measure)
    pairs: list[tuple[float, int, str]] = []
    for index, row in enumerate(rows):
        if index in linked:
            continue
        candidates: dict[str, Measure] = {}
        for word in titles.words(row.label):
            bucket = index_by_word.get(word, [])
            if len(bucket) <= _COMMON:
                candidates.update((m.code, m) for m in bucket)
        for code, measure in candidates.items():
            score = titles.similarity(row.label, measure.title)
            if score < titles.MATCH:
                continue
            if dict(row.amounts) == dict(measure.net):
                score += 0.1
            if row.theme is not None and row.theme == _theme_of(measure):
                score += 0.05
            pairs.append((score, index, code))
    for _score, index, code in sorted(pairs, key=lambda pair: (-pair[0], pair[1])):
        if index not in linked and code not in taken:
            take(index, code)

    # Last: a label that names no title, but a measure of its theme has exactly its amounts.
    open_by_key: dict[tuple[str | None, tuple[tuple[int, Decimal], ...]], list[str]] = defaultdict(
        list
    )
    for measure in measures:
        if measure.code not in taken and measure.net:
            open_by_key[(_theme_of(measure), tuple(sorted(measure.net.items())))].append(
                measure.code
            )
    for index, row in enumerate(rows):
        if index in linked or not row.amounts:
            continue
        for code in open_by_key.get((row.theme, tuple(sorted(row.amounts.items()))), ()):
            if code not in taken:
                take(index, code)
                break

    return [replace(row, measure=linked.get(index)) for index, row in enumerate(rows)]
