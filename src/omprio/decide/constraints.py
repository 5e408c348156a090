"""Constraints on a package of measures: must include, must exclude, caps per group, FTE cap.

A :class:`Cap` limits a group of measures (a theme such as ``3``, or an operating area such as
``VJH``): ``savings`` is the largest saving the group may deliver in any year (a negative amount:
``-8000`` means the group's selected nets add up to no less than -8.000 in every year), and
``measures`` the largest number of its measures in the package. ``max_fte_cut`` is the most
positions lost in any year (see :mod:`omprio.decide.problem` for what 'positions lost' counts).
Constraint groups have stable names (``include``, ``exclude``, ``theme:3``, ``area:VJH``,
``fte``) so a diagnosis can say which of them binds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from omprio.decide.errors import DecideError
from omprio.decide.exact import parse_amount


@dataclass(frozen=True, slots=True)
class Cap:
    """A limit on one group: most saving per year (negative amount), most measures, or both."""

    savings: Decimal | None = None
    measures: int | None = None

    def merged(self, other: Cap) -> Cap:
        """This cap with the limits ``other`` sets replacing its own."""
        return Cap(
            other.savings if other.savings is not None else self.savings,
            other.measures if other.measures is not None else self.measures,
        )


@dataclass(frozen=True, slots=True)
class Constraints:
    """Everything a package must respect besides the targets."""

    include: frozenset[str] = frozenset()
    exclude: frozenset[str] = frozenset()
    theme_caps: Mapping[str, Cap] = field(default_factory=dict)
    area_caps: Mapping[str, Cap] = field(default_factory=dict)
    max_fte_cut: Decimal | None = None

    def groups(self) -> list[str]:
        """The names of the constraint groups present, in a stable order."""
        names: list[str] = []
        if self.include:
            names.append("include")
        if self.exclude:
            names.append("exclude")
        names += [f"theme:{key}" for key in self.theme_caps]
        names += [f"area:{key}" for key in self.area_caps]
        if self.max_fte_cut is not None:
            names.append("fte")
        return names

    def without(self, group: str) -> Constraints:
        """These constraints with one group (as named by :meth:`groups`) left out."""
        if group == "include":
            return replace(self, include=frozenset())
        if group == "exclude":
            return replace(self, exclude=frozenset())
        if group == "fte":
            return replace(self, max_fte_cut=None)
        kind, _, key = group.partition(":")
        if kind == "theme":
            return replace(self, theme_caps={k: v for k, v in self.theme_caps.items() if k != key})
        if kind == "area":
            return replace(self, area_caps={k: v for k, v in self.area_caps.items() if k != key})
        raise ValueError(f"no constraint group {group!r}")

    def merged(self, other: Constraints) -> Constraints:
        """These constraints with ``other``'s added (its caps and FTE cap win)."""
        return Constraints(
            include=self.include | other.include,
            exclude=self.exclude | other.exclude,
            theme_caps=_merge_caps(self.theme_caps, other.theme_caps),
            area_caps=_merge_caps(self.area_caps, other.area_caps),
            max_fte_cut=other.max_fte_cut if other.max_fte_cut is not None else self.max_fte_cut,
        )


def _merge_caps(first: Mapping[str, Cap], second: Mapping[str, Cap]) -> dict[str, Cap]:
    merged = dict(first)
    for key, cap in second.items():
        merged[key] = merged[key].merged(cap) if key in merged else cap
    return merged


def parse_caps(savings: Iterable[str], counts: Iterable[str], kind: str) -> dict[str, Cap]:
    """Caps from the command line: ``3=-8000`` (most saving a year), ``3=4`` (most measures);
    ``kind`` is ``theme`` or ``area``."""
    caps: dict[str, Cap] = {}
    for text in savings:
        key, value = _key_value(text, kind)
        amount = parse_amount(value, f"cap-{kind}")
        caps[key] = caps.get(key, Cap()).merged(Cap(savings=amount))
    for text in counts:
        key, value = _key_value(text, kind)
        try:
            count = int(value.strip())
        except ValueError:
            raise DecideError("cap-count-whole", kind=kind, key=key, text=value.strip()) from None
        caps[key] = caps.get(key, Cap()).merged(Cap(measures=count))
    return caps


def check_cap(key: str, cap: Cap, kind: str) -> None:
    """A cap must limit savings (a negative or zero amount) and a count must not be negative
    (``kind``: ``theme`` or ``area``)."""
    if cap.savings is not None and cap.savings > 0:
        raise DecideError("cap-positive", kind=kind, key=key, cap=cap.savings, example=-cap.savings)
    if cap.measures is not None and cap.measures < 0:
        raise DecideError("cap-count-negative", kind=kind, key=key)


def _key_value(text: str, kind: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise DecideError("cap-syntax", kind=kind, text=text)
    return key.strip(), value
