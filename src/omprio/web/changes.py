"""How the changes between two versions are shown: field names in words, values formatted, and
long texts as a word diff with ``<del>``/``<ins>`` (every word escaped)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from omprio import display
from omprio.display import Lang
from omprio.store.diff import Change, Value
from omprio.web.i18n import t

_HEAD = re.compile(r"^([a-z_]+)(.*)$")
_PART = re.compile(r"^([a-z_]*)(?:\[(\d+)\])?$")
_SUB = {"amounts": "", "text": "", "amounts_dkk": "field.amounts_dkk", "label": "field.label"}
LONG_TEXT = 120


@dataclass(frozen=True, slots=True)
class ShownChange:
    """A change ready for the page: the field in words and the values (or a word diff)."""

    field: str
    before: str
    after: str
    words: Markup | None
    numeric: bool = False


def field_name(path: str, lang: Lang) -> str:
    """``net.2024`` → 'Netto 2024'; ``lines[Omlægning].2025`` → 'Linje [Omlægning] 2025'."""
    match = _HEAD.match(path)
    if match is None:
        return path
    head, rest = match.groups()
    key = f"field.{head}"
    name = t(key, lang) if t(key, lang) != key else head
    words = []
    for part in re.split(r"\.(?![^\[]*\])", rest):
        match = _PART.match(part)
        if match is None:
            words.append(part)
            continue
        word, index = match.groups()
        sub = _SUB.get(word)
        if sub is not None:
            word = t(sub, lang) if sub else ""
        words.extend(w for w in (word, str(int(index) + 1) if index else "") if w)
    return " ".join([name, *words])


def value_text(value: Value, lang: Lang) -> str:
    """A value as text in ``lang`` (amounts the Danish or English way)."""
    if value is None:
        return t("diff.empty_value", lang)
    if isinstance(value, bool):
        return t("yes", lang) if value else t("no", lang)
    if isinstance(value, Decimal):
        return display.number(value, lang)
    if value == "[]":
        return t("diff.empty_value", lang)
    return str(value)


def word_diff(before: str, after: str) -> Markup:
    """The words removed (``<del>``) and added (``<ins>``) from ``before`` to ``after``."""
    old, new = before.split(), after.split()
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(str(escape(" ".join(old[a1:a2]))))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(old[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(new[b1:b2]))}</ins>")
    return Markup(" ".join(parts))


def shown(change: Change, lang: Lang) -> ShownChange:
    """A change for the page."""
    before, after = value_text(change.before, lang), value_text(change.after, lang)
    words = None
    if (
        isinstance(change.before, str)
        and isinstance(change.after, str)
        and max(len(change.before), len(change.after)) > LONG_TEXT
    ):
        words = word_diff(change.before, change.after)
    numeric = isinstance(change.before, Decimal) or isinstance(change.after, Decimal)
    return ShownChange(field_name(change.path, lang), before, after, words, numeric)
