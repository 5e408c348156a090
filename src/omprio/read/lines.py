"""Text lines with their source, and joining wrapped lines back into running text.

Extractors wrap labels and paragraphs over several lines, break words with a hyphen
(``Brobyg-fraværsind-`` / ``sats``), add blank lines and runs of spaces. Every later stage works
on :class:`TextLine` values (non-blank, whitespace collapsed, with path, line and page) and joins
them with :func:`flow`, so that where a line was wrapped never changes the result.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple

from omprio.model import Source, TextSource

# Characters extractors use for a hyphen at a line break, or that carry no text.
_SOFT_BREAK = "\u00ad\x02"
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\u00ad\x02"), None)
# Characters that need the careful cleaner: invisible ones, soft breaks, and white space that
# str.split() would not treat the way the template needs.
_SPECIAL = frozenset("\u200b\u200c\u200d\ufeff\u00ad\x02\x0b\x1c\x1d\x1e\x1f\x85\u1680")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_NEWLINES = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85")
_HYPHEN_END = re.compile(r"(?<=[^\W\d_])[-\u2010\u2011]$")
_KEEP_HYPHEN_BEFORE = frozenset({"og", "eller", "samt", "and", "or"})


class TextLine(NamedTuple):
    """One non-blank line of a document: its text (white space collapsed) and where it is."""

    text: str
    number: int
    page: int | None
    path: str

    @property
    def source(self) -> Source:
        """The line's location as a model :class:`Source`."""
        return Source(self.path, self.number, self.page)

    @property
    def tokens(self) -> list[str]:
        """The line split on white space."""
        return self.text.split(" ")


def clean(raw: str) -> str:
    """A raw line with white space collapsed, invisible characters gone, soft breaks as ``-``."""
    text = raw.rstrip()
    if text.endswith(tuple(_SOFT_BREAK)):
        text = text.rstrip(_SOFT_BREAK) + "-"
    return _SPACES.sub(" ", text.translate(_INVISIBLE)).strip()


def _clean_plain(raw: str) -> str:
    """:func:`clean` for text known to hold no invisible or soft-break characters."""
    return " ".join(raw.split())


def split_lines(text: str, path: str, page: int | None = None) -> Iterator[TextLine]:
    """The non-blank lines of ``text`` (any line endings). A form feed starts a new page."""
    current_page = page
    pages_by_formfeed = "\f" in text and page is None
    if pages_by_formfeed:
        current_page = 1
    plain = not any(char in text for char in _SPECIAL)
    cleaner = _clean_plain if plain else clean
    for number, raw in enumerate(_NEWLINES.split(text), start=1):
        if "\f" in raw:
            parts = raw.split("\f")
        elif raw.isspace() or not raw:
            continue
        else:
            parts = [raw]
        for index, part in enumerate(parts):
            if index and pages_by_formfeed and current_page is not None:
                current_page += 1
            line = cleaner(part)
            if line:
                yield TextLine(line, number, current_page, path)


def flow(parts: Iterable[str]) -> str:
    """Join wrapped pieces of text into one line, undoing hyphenation at the breaks.

    ``Brobyg-fraværsind-`` + ``sats`` gives ``Brobyg-fraværsindsats``; ``MSB-`` + ``Råderum``
    keeps its hyphen; ``børne-`` + ``og unge`` keeps hyphen and space; ``i MSB –`` + ``'x'``
    joins with a space.
    """
    return _flow(parts, None)


def _flow(parts: Iterable[str], starts: list[int | None] | None) -> str:
    """:func:`flow`; with ``starts``, the offset where each part begins in the result is
    appended to it (``None`` for a part that is only white space)."""
    result = ""
    for part in parts:
        piece = part.strip()
        if not piece:
            if starts is not None:
                starts.append(None)
            continue
        if not result:
            start = 0
            result = piece
        elif _HYPHEN_END.search(result[-2:]):
            first_word = piece.split(" ", 1)[0].lower()
            if first_word in _KEEP_HYPHEN_BEFORE:
                start = len(result) + 1
                result += " " + piece
            elif piece[0].islower():
                start = len(result) - 1
                result = result[:-1] + piece
            else:
                start = len(result)
                result += piece
        else:
            start = len(result) + 1
            result += " " + piece
        if starts is not None:
            starts.append(start)
    return result


def flow_located(
    blocks: Sequence[Sequence[TextLine]], separator: str = "\n\n"
) -> tuple[str, TextSource]:
    """The blocks' lines flowed each (:func:`flow`) and joined by ``separator``, with the
    :class:`~omprio.model.TextSource` saying where each line begins in the result."""
    texts: list[str] = []
    starts: list[int] = []
    sources: list[Source] = []
    offset = 0
    for block in blocks:
        found: list[int | None] = []
        text = _flow((line.text for line in block), found)
        if not text:
            continue
        if texts:
            offset += len(separator)
        for line, start in zip(block, found, strict=True):
            if start is not None:
                starts.append(offset + start)
                sources.append(line.source)
        texts.append(text)
        offset += len(text)
    joined = separator.join(texts)
    return joined, TextSource.of(joined, tuple(starts), tuple(sources))


def flow_lines(lines: Sequence[TextLine]) -> str:
    """:func:`flow` over the text of several lines."""
    return flow(line.text for line in lines)
