"""Sentences of a catalog's running texts, each with where it is.

:func:`catalog_sentences` and :func:`introduction_sentences` cut the description, the notes and
the introduction into sentences (a full stop, question or exclamation mark before a capital
letter ends one, unless it ends a Danish abbreviation such as ``ca.``, ``bl.a.``, ``jf.``). A
:class:`Sentence` knows its offset in its text, so :meth:`Sentence.source` gives the physical
line (and page) of any character through the text's :class:`~omprio.model.TextSource`, or the
measure's own source when the text has none (JSON, an edited text). Only sentences with a digit
are given: a sentence without one states no figure. :func:`quote` gives a short
excerpt for a message; :func:`is_danish` tells whether a catalog is written in Danish.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from omprio.model import Catalog, Measure, Source, TextSource

MOST_TEXT = 20_000
"""Characters read of one text (a description, a note, the introduction): the field limit."""
MOST_SENTENCE = 1_500
"""Characters read of one sentence; a longer run without a full stop is cut."""
MOST_QUOTE = 110
"""Characters at most of an excerpt in a message."""

_END = re.compile(r"[.!?](?=\s+[\"'’”(]?[A-ZÆØÅ])|\n\n")
_ABBREVIATIONS = frozenset({
    "ca", "bl.a", "jf", "fx", "f.eks", "nr", "kl", "hhv", "mv", "m.v", "m.fl", "mfl", "dvs",
    "ift", "ifm", "inkl", "ekskl", "evt", "vedr", "st", "ref", "pkt", "stk", "gl", "tlf", "mht",
    "pga", "iht", "jan", "feb", "aug", "sep", "sept", "okt", "nov", "dec"})
_YEAR = re.compile(r"(?<![\d.,])(?:19|20)\d{2}(?![\d,])")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a text: its characters, its offset in the text, and where the text is."""

    text: str
    start: int
    whole: str
    located: TextSource | None
    fallback: Source
    years: frozenset[int] = frozenset()
    """The years (four digits) the sentence names."""

    def source(self, offset: int = 0) -> Source:
        """The line (and page) of character ``offset`` of the sentence."""
        if self.located is not None:
            found = self.located.at(self.whole, self.start + offset)
            if found is not None:
                return found
        return self.fallback


def split(text: str) -> tuple[tuple[int, str, frozenset[int]], ...]:
    """(offset, sentence, the years it names) of each sentence of ``text`` (its first
    :data:`MOST_TEXT` characters) that holds a digit, white space at the ends stripped (kept for
    the texts last read: every prose rule reads the same texts)."""
    return _split(text) if _DIGIT.search(text, 0, MOST_TEXT) else ()


_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=4096)
def _split(text: str) -> tuple[tuple[int, str, frozenset[int]], ...]:
    text = text[:MOST_TEXT]
    found: list[tuple[int, str]] = []
    begin = 0
    for match in _END.finditer(text):
        end = match.end()
        if match.group() != "\n\n":
            space = text.rfind(" ", max(begin, end - 8), end - 1)
            word = text[space + 1 : end - 1]
            if len(word) <= 5 and word.lower() in _ABBREVIATIONS:
                continue
        found.extend(_piece(text, begin, end))
        begin = end
    found.extend(_piece(text, begin, len(text)))
    return tuple((offset, piece, frozenset(int(y) for y in _YEAR.findall(piece)))
                 for offset, piece in found if _DIGIT.search(piece))


def _piece(text: str, begin: int, end: int) -> Iterator[tuple[int, str]]:
    piece = text[begin:end]
    stripped = piece.lstrip()
    offset = begin + len(piece) - len(stripped)
    stripped = stripped.rstrip()[:MOST_SENTENCE]
    if stripped:
        yield offset, stripped


def sentences_of(text: str, located: TextSource | None, fallback: Source) -> Iterator[Sentence]:
    """The sentences of one text."""
    for offset, piece, years in split(text):
        yield Sentence(piece, offset, text, located, fallback, years)


def _measure_sentences(measure: Measure) -> Iterator[Sentence]:
    for index, text in enumerate(measure.texts()):
        yield from sentences_of(text, measure.text_source(index), measure.source)


_LAST: list[tuple[Catalog, dict[int, tuple[Sentence, ...]]]] = []


def catalog_sentences(catalog: Catalog) -> Iterator[tuple[Measure, tuple[Sentence, ...]]]:
    """Each measure with the sentences (with a digit) of its description and notes, in order.
    Cut once per catalog: the rules of one check read the same catalog one after the other, so
    the last catalog's sentences are kept (by identity: the catalog is held while kept)."""
    last = _LAST[0] if _LAST else None
    if last is None or last[0] is not catalog:
        last = (catalog, {id(m): tuple(_measure_sentences(m)) for m in catalog.measures})
        _LAST[:] = [last]
    by_measure = last[1]
    for measure in catalog.measures:
        yield measure, by_measure[id(measure)]


def introduction_sentences(catalog: Catalog) -> Iterator[Sentence]:
    """The sentences of the catalog's introduction."""
    yield from sentences_of(catalog.introduction, catalog.introduction_source, catalog.source)


def quote(sentence: Sentence, start: int, end: int) -> str:
    """An excerpt of ``sentence`` around characters ``start:end``, at most :data:`MOST_QUOTE`
    characters, cut at words and marked with '…' where cut."""
    text = sentence.text
    if len(text) <= MOST_QUOTE:
        return text
    room = max(0, MOST_QUOTE - (end - start))
    left = max(0, start - room // 2)
    right = min(len(text), end + room - (start - left))
    left = max(0, min(left, right - MOST_QUOTE))
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space >= 0 else right
    excerpt = text[left:right].strip()
    if len(excerpt) > MOST_QUOTE:  # the statement itself is longer than an excerpt
        excerpt, right = excerpt[:MOST_QUOTE], 0
    return ("…" if left > 0 else "") + excerpt + ("…" if right < len(text) else "")


_DANISH = frozenset({"og", "at", "er", "til", "af", "med", "på", "der", "det", "som", "ikke",
                     "en", "et", "vil", "kan", "skal", "fra", "de", "den", "har", "i"})
_ENGLISH = frozenset({"the", "and", "of", "to", "is", "with", "will", "be", "are", "this",
                      "that", "from", "by", "on", "in", "an", "it", "as", "can", "has"})
_WORD = re.compile(r"[a-zæøå]+")
_SAMPLE = 6_000


def is_danish(catalog: Catalog) -> bool:
    """Whether the catalog's prose is Danish (more Danish than English small words in the
    introduction and the first descriptions; a catalog without prose counts as Danish)."""
    sample = catalog.introduction[:_SAMPLE]
    for measure in catalog.measures:
        if len(sample) >= 2 * _SAMPLE:
            break
        sample += " " + measure.description[:_SAMPLE]
    words = _WORD.findall(sample.lower())
    danish = sum(word in _DANISH for word in words)
    english = sum(word in _ENGLISH for word in words)
    return danish >= english
