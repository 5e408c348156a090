"""How alike an overview label and a measure title are.

Overview labels are upper-case and sometimes shortened or worded differently from the measure
page's title (``INVESTERING I MESTRINGSVEJLEDNING`` for JUS-2's long title). Titles are compared
as sets of content words (case, punctuation and small words like ``i``, ``af``, ``og`` ignored):
a label whose words all stand in the title, or the other way round, is a match.
"""

from __future__ import annotations

import re
from functools import lru_cache

_NON_WORD = re.compile(r"[^\w]+")
STOP_WORDS = frozenset(
    {
        "i",
        "af",
        "og",
        "på",
        "til",
        "for",
        "med",
        "en",
        "et",
        "den",
        "det",
        "de",
        "om",
        "at",
        "ved",
        "fra",
        "samt",
        "the",
        "of",
        "and",
        "in",
    }
)


@lru_cache(maxsize=65536)
def words(text: str) -> frozenset[str]:
    """The content words of a title or label, case-folded."""
    return frozenset(w for w in _NON_WORD.sub(" ", text.casefold()).split() if w not in STOP_WORDS)


def normalized(text: str) -> str:
    """A title reduced to its words in order, for exact comparison."""
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def similarity(label: str, title: str) -> float:
    """0 to 1: 1 when one's content words all occur in the other (with at least two of them)."""
    a, b = words(label), words(title)
    if not a or not b:
        return 0.0
    shared = len(a & b)
    dice = 2 * shared / (len(a) + len(b))
    smaller = min(len(a), len(b))
    containment = shared / smaller if shared >= min(2, smaller) else 0.0
    return max(dice, containment)


MATCH = 0.8
"""Similarity from which a label is taken to name a title."""
