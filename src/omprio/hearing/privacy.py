"""Private persons' details out of a hearing response: their name, and e-mail addresses and
phone numbers anywhere in the text.

Associations', councils', companies' and authorities' names are public; a private person's name
(and that of a sender of unknown kind) is personal data: public outputs say ``Privatperson``
instead, and after the decision (or the retention date) the store keeps only the anonymized
text (:func:`anonymize`).
"""

from __future__ import annotations

import re

from omprio.hearing.senders import is_personal

REMOVED = "[…]"
"""What stands where a name, an e-mail address or a phone number was."""

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\d,.])(?:\+|00)?(?:45[ \-]?)?(?:\d[ \-]?){7}\d(?![\d,.])")
_ADDRESS = re.compile(
    r"\b[A-ZÆØÅ][a-zæøå]+(?:vej|gade|allé|alle|stræde|vænget|parken|torv|plads)\s+\d+[A-Za-z]?"
    r"(?:,\s*\d+\.?\s*(?:th|tv|mf)\.?)?(?:,?\s*\d{4}\s+[A-ZÆØÅ][a-zæøå]+)?"
)


def anonymize(text: str, names: tuple[str, ...] = ()) -> str:
    """``text`` without e-mail addresses, phone numbers, street addresses, and each of ``names``
    (the whole name and each of its words of three or more letters), case-insensitively."""
    out = _EMAIL.sub(REMOVED, text)
    out = _PHONE.sub(REMOVED, out)
    out = _ADDRESS.sub(REMOVED, out)
    parts: list[str] = []
    for name in names:
        name = name.strip()
        if name:
            parts.append(name)
            parts.extend(word for word in re.split(r"[\s,]+", name) if len(word) >= 3)
    for part in sorted(set(parts), key=len, reverse=True):
        out = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", REMOVED, out, flags=re.IGNORECASE)
    return out


def shown_sender(sender: str, kind: str, private_word: str) -> str:
    """The sender as a public output shows it: a person as ``private_word``, else the name."""
    return private_word if is_personal(kind) else sender
