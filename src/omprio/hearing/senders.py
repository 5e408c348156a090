"""The kinds of sender of a hearing response, from the words a portal export uses.

A kind is a stable key (``private``, ``association``, ``council``, ``med``, ``company``,
``authority``, ``other``) shown in the reader's language from ``hearing.sender.<kind>``. Only
the names of private persons (and of senders of an unknown kind, to be safe) are personal data.
"""

from __future__ import annotations

import re

KINDS = ("private", "association", "council", "med", "company", "authority", "other")
PUBLIC_KINDS = frozenset({"association", "council", "med", "company", "authority"})
"""Kinds whose names are public (organisations); every other sender is a person."""

_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("med", re.compile(r"\bmed\b|med-|medudvalg|arbejdsmiljø|tillids|personalegruppe|"
                       r"medarbejderrepr|\bstaff|works council")),
    ("council", re.compile(r"råd\b|råd\s|rådet|bestyrelse|council|board")),
    ("authority", re.compile(r"myndighed|kommune|region|styrelse|ministeri|authorit|"
                             r"municipal|offentlig")),
    ("company", re.compile(r"virksomhed|firma|\ba/s\b|\baps\b|\bi/s\b|company|business|"
                           r"erhverv")),
    ("association", re.compile(r"forening|organisation|forbund|\bfagforening|interesse|"
                               r"association|organi[sz]ation|\bngo\b|klub|frivillig")),
    ("private", re.compile(r"privat|borger|person|citizen|individual|pårørende\b")),
)


def sender_kind(text: str | None) -> str:
    """The kind of sender a portal's word names (``Privatperson`` → ``private``); empty or
    unknown → ``other`` (treated as a person)."""
    words = (text or "").strip().casefold()
    if not words:
        return "other"
    if words in KINDS:
        return words
    for kind, pattern in _WORDS:
        if pattern.search(words):
            return kind
    return "other"


def is_personal(kind: str) -> bool:
    """Whether a sender of this kind is a person whose name is personal data."""
    return kind not in PUBLIC_KINDS
