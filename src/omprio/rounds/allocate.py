"""Split a requirement over the departments by its key: exact, then whole units that add up.

A key's shares are exact fractions (:class:`fractions.Fraction`): a typed share is percent ÷
100, a base figure is its part of the figures' sum, a mix is the weighted sum of its keys'
shares. Each department's part of a year's amount is the amount times its share, exactly
(``unrounded``); it is rounded to whole units of the round's unit by the largest-remainder
method (Hamilton's): every part is first cut toward zero, and the units the cuts left over go
to the parts with the largest remainders (ties to the department listed first), so the
departments' whole amounts add up exactly to the amount split, rounded half away from zero,
every year. The same method spreads a frame cut over operating areas (:func:`split`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from omprio.rounds.model import HUNDRED, BudgetRound, Key, KeyKind, Requirement
from omprio.rounds.problems import RoundProblem


@dataclass(frozen=True, slots=True)
class Part:
    """A department's part of one year's amount: whole units and the exact amount before."""

    amount: int
    unrounded: Fraction

    @property
    def rounding(self) -> Fraction:
        """What rounding added (``amount − unrounded``)."""
        return self.amount - self.unrounded


def exact(value: Decimal | int) -> Fraction:
    """``value`` as an exact fraction."""
    return Fraction(value)


def as_decimal(value: Fraction, places: int = 6) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals, trailing zeros dropped
    (how an unrounded amount or a share is written)."""
    whole = _half_away_ratio(value.numerator * 10 ** places, value.denominator)
    text = Decimal(whole).scaleb(-places)
    if text == 0:
        return Decimal(0)
    # Trailing zeros dropped without exponent notation (``-14200``, never ``-1.42E+4``).
    return Decimal(format(text.normalize(), "f"))


def _half_away(value: Fraction) -> int:
    return _half_away_ratio(value.numerator, value.denominator)


def _half_away_ratio(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` (denominator > 0) rounded half away from zero."""
    whole, rest = divmod(abs(numerator), denominator)
    if 2 * rest >= denominator:
        whole += 1
    return whole if numerator >= 0 else -whole


def whole_units(value: Fraction | Decimal) -> int:
    """``value`` rounded half away from zero to whole units."""
    return _half_away(Fraction(value))


def key_shares(budget_round: BudgetRound, code: str) -> dict[str, Fraction]:
    """The shares (fractions of 1) of key ``code`` by department, every department of the round
    listed (0 where the key gives none)."""
    keys = {k.code: k for k in budget_round.keys}
    if code not in keys:
        raise RoundProblem("unknown-key", key=code)
    found = _shares(keys[code], keys, ())
    return {d.code: found.get(d.code, Fraction(0)) for d in budget_round.departments}


def _shares(key: Key, keys: Mapping[str, Key], path: tuple[str, ...]) -> dict[str, Fraction]:
    if key.code in path:
        raise RoundProblem("key-cycle", key=" → ".join((*path, key.code)))
    if key.kind is KeyKind.SHARES:
        return {code: exact(value) / 100 for code, value in key.values.items()}
    if key.kind is KeyKind.BASE:
        whole = sum((exact(v) for v in key.values.values()), Fraction(0))
        if whole == 0:
            raise RoundProblem("empty-key", key=key.code)
        return {code: exact(value) / whole for code, value in key.values.items()}
    mixed: dict[str, Fraction] = {}
    for code, weight in key.values.items():
        if code not in keys:
            raise RoundProblem("unknown-key", key=code)
        for department, share in _shares(keys[code], keys, (*path, key.code)).items():
            mixed[department] = mixed.get(department, Fraction(0)) + exact(weight) / 100 * share
    return mixed


def share_percent(share: Fraction) -> Decimal:
    """A share as percent, to 4 decimals (``28,4``)."""
    return as_decimal(share * exact(HUNDRED), 4)


def split(total: Fraction | Decimal, shares: Mapping[str, Fraction]) -> dict[str, Part]:
    """``total`` split by ``shares`` into whole units that add up to ``total`` rounded half
    away from zero (when the shares add up to 1; else to their exact sum rounded), by the
    largest-remainder method; the order of ``shares`` breaks ties."""
    whole = Fraction(total)
    # Every part over one common denominator, so that cuts and remainders are whole numbers.
    shares_over = math.lcm(*(share.denominator for share in shares.values()))
    common = whole.denominator * shares_over
    numerators = {code: whole.numerator * share.numerator * (shares_over // share.denominator)
                  for code, share in shares.items()}
    goal = _half_away_ratio(sum(numerators.values()), common)
    sign = -1 if goal < 0 or (goal == 0 and whole < 0) else 1
    floors = {code: (sign * value) // common for code, value in numerators.items()}
    left = sign * goal - sum(floors.values())
    order: Sequence[str] = sorted(
        numerators, key=lambda code: -(sign * numerators[code] - floors[code] * common))
    for code in order[:max(left, 0)]:
        floors[code] += 1
    return {code: Part(sign * floors[code], Fraction(numerators[code], common))
            for code in numerators}


def requirement_parts(budget_round: BudgetRound,
                      requirement: Requirement) -> dict[str, dict[int, Part]]:
    """Each department's part of ``requirement`` per year of the round."""
    shares = key_shares(budget_round, requirement.key)
    parts: dict[str, dict[int, Part]] = {d.code: {} for d in budget_round.departments}
    for year in budget_round.years:
        for code, part in split(requirement.to_split(year), shares).items():
            parts[code][year] = part
    return parts


def allocation(budget_round: BudgetRound) -> dict[str, dict[str, dict[int, Part]]]:
    """Every requirement's parts: requirement name → department → year → part."""
    return {r.name: requirement_parts(budget_round, r) for r in budget_round.requirements}
