"""A decision problem: candidates, targets, objective and constraints, checked and made exact.

:func:`build_problem` turns a catalog and a :class:`Request` into a :class:`Problem`, refusing
with one clear :class:`~omprio.decide.errors.DecideError` what cannot be posed: an unknown code, a
code both included and excluded, a cap on a theme no candidate has, a cap the must-include set
already breaks. A problem holds the candidates' numbers twice: as exact ``Decimal`` and as
integers scaled by the common number of decimals (see :mod:`omprio.decide.exact`), which is what
the solver and the enumeration work on.

Definitions used everywhere (optimizer, enumeration, scenarios):

* a package selects each candidate with a fraction: 0 or 1, or for a divisible measure a whole
  percentage 0.00-1.00; the package's total per year is the sum of fraction × net;
* the package reaches the target when its total is ``<=`` the required amount in every target
  year (savings are negative); the required amount is the target, made stricter by a safety
  margin (``margin`` 0.05: 5 % of the target's size) and by any ``extra`` saving per year;
* **positions lost** in a year is the sum over selected measures of fraction × the reduction in
  full-time positions, ``max(0, -fte)``. A measure that adds positions (JUS-2, +2) loses none and
  does not offset positions lost elsewhere: the people who lose their jobs are not the ones hired;
* the objectives: ``fte`` positions lost summed over the target years; ``count`` the number of
  measures used; ``harm`` the sum of fraction × harm score (default 1 per measure);
  ``amount`` the over-delivery, the sum over the target years of (target - total): how much more
  is saved than the target asks.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import Literal

import numpy as np
import numpy.typing as npt

from omprio.decide.constraints import Cap, Constraints, check_cap
from omprio.decide.errors import DecideError, Reason
from omprio.decide.exact import digits, scaled
from omprio.decide.targets import candidates, check_targets, default_targets, unique_measures
from omprio.model import Catalog, Measure
from omprio.money import ZERO, total

Objective = Literal["fte", "count", "harm", "amount"]
OBJECTIVES: tuple[Objective, ...] = ("fte", "count", "harm", "amount")
STEPS = 100
"""A divisible measure is scaled in whole percent: 0, 1, ..., 100 % of it."""

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Selection = Mapping[str, Decimal]
"""A package: code -> fraction (1 in full, 0 out); codes not named are out."""

ONE = Decimal(1)


@dataclass(frozen=True, slots=True)
class Request:
    """What to decide: the objective, targets (None: the catalog's own) and constraints."""

    objective: Objective = "fte"
    targets: Mapping[int, Decimal] | None = None
    constraints: Constraints = field(default_factory=Constraints)
    harm: Mapping[str, Decimal] = field(default_factory=dict)
    divisible: frozenset[str] = frozenset()
    all_measures: bool = False
    margin: Decimal = ZERO
    extra: Mapping[int, Decimal] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Group:
    """A capped group of candidates (theme or operating area) as indices into the candidates."""

    name: str
    members: tuple[int, ...]
    cap: Cap


@dataclass(frozen=True)
class Problem:
    """A checked decision problem over the candidates of one catalog (see the module doc)."""

    catalog: Catalog
    request: Request
    measures: tuple[Measure, ...]
    years: tuple[int, ...]
    targets: dict[int, Decimal]
    required: dict[int, Decimal]
    harm: tuple[Decimal, ...]
    divisible: tuple[bool, ...]
    groups: tuple[Group, ...]
    amount_digits: int
    fte_digits: int
    harm_digits: int
    net: IntArray
    loss: IntArray
    harm_int: IntArray
    forced_in: BoolArray
    forced_out: BoolArray

    @property
    def objective(self) -> Objective:
        return self.request.objective

    @property
    def constraints(self) -> Constraints:
        return self.request.constraints

    @cached_property
    def codes(self) -> tuple[str, ...]:
        return tuple(measure.code for measure in self.measures)

    @property
    def size(self) -> int:
        return len(self.measures)

    @property
    def any_divisible(self) -> bool:
        return any(self.divisible)

    def with_request(
        self,
        *,
        constraints: Constraints | None = None,
        margin: Decimal | None = None,
        extra: Mapping[int, Decimal] | None = None,
        all_measures: bool | None = None,
    ) -> Problem:
        """The same catalog and request with some of these fields changed (checked again)."""
        request = self.request
        return build_problem(
            self.catalog,
            replace(
                request,
                constraints=request.constraints if constraints is None else constraints,
                margin=request.margin if margin is None else margin,
                extra=request.extra if extra is None else extra,
                all_measures=request.all_measures if all_measures is None else all_measures,
            ),
        )

    # --- exact values of a package -------------------------------------------------------------

    def fractions(self, selection: Selection) -> list[Decimal]:
        """The fraction of each candidate in ``selection`` (codes not named are 0)."""
        return [selection.get(code, ZERO) for code in self.codes]

    def _chosen(self, selection: Selection) -> list[tuple[Decimal, Measure]]:
        """The selected candidates with their fractions, in candidate order."""
        shares = self.fractions(selection)
        return [(f, m) for f, m in zip(shares, self.measures, strict=True) if f]

    def totals(self, selection: Selection) -> dict[int, Decimal]:
        """The package's total net per target year."""
        chosen = self._chosen(selection)
        return {year: total(f * m.net.get(year, ZERO) for f, m in chosen) for year in self.years}

    def fte_change(self, selection: Selection) -> dict[int, Decimal]:
        """The package's net staff change per target year (signed, as the catalog writes it)."""
        chosen = self._chosen(selection)
        return {year: total(f * _fte(m, year) for f, m in chosen) for year in self.years}

    def positions_lost(self, selection: Selection) -> dict[int, Decimal]:
        """Positions lost per target year: only reductions count (see the module doc)."""
        chosen = self._chosen(selection)
        return {
            year: total(f * max(ZERO, -_fte(m, year)) for f, m in chosen) for year in self.years
        }

    def objective_value(self, selection: Selection, objective: Objective | None = None) -> Decimal:
        """The objective of a package, computed exactly from the catalog's Decimals."""
        objective = objective or self.objective
        shares = self.fractions(selection)
        if objective == "fte":
            return total(self.positions_lost(selection).values())
        if objective == "count":
            return Decimal(sum(1 for f in shares if f > 0))
        if objective == "harm":
            return total(f * h for f, h in zip(shares, self.harm, strict=True) if f)
        totals = self.totals(selection)
        return total(self.targets[year] - totals[year] for year in self.years)

    def violations(self, selection: Selection) -> list[Reason]:
        """What a package breaks, exactly (empty: it reaches the required amounts and respects
        every constraint)."""
        return self.misses(selection) + self.broken(selection)

    def misses(self, selection: Selection) -> list[Reason]:
        """The target years whose required amount the package does not reach."""
        totals = self.totals(selection)
        return [
            Reason("misses", {"year": year, "total": totals[year], "required": self.required[year]})
            for year in self.years
            if totals[year] > self.required[year]
        ]

    def broken(self, selection: Selection) -> list[Reason]:
        """The constraints (fractions, include, exclude, caps, FTE cap) a package breaks."""
        found: list[Reason] = []
        codes = set(self.codes)
        for code, fraction in selection.items():
            if code not in codes:
                found.append(Reason("broken.candidate", {"code": code}))
            elif fraction < 0 or fraction > 1:
                found.append(Reason("broken.fraction", {"code": code, "fraction": fraction}))
        shares = self.fractions(selection)
        for index, fraction in enumerate(shares):
            code = self.codes[index]
            if fraction not in (ZERO, ONE) and not self.divisible[index]:
                found.append(Reason("broken.divisible", {"code": code, "fraction": fraction}))
            if self.forced_in[index] and fraction != ONE:
                found.append(Reason("broken.include", {"code": code}))
            if self.forced_out[index] and fraction != ZERO:
                found.append(Reason("broken.exclude", {"code": code}))
        for group in self.groups:
            kind, _, key = group.name.partition(":")
            if group.cap.savings is not None:
                for year in self.years:
                    saved = total(
                        shares[i] * self.measures[i].net.get(year, ZERO) for i in group.members
                    )
                    if saved < group.cap.savings:
                        found.append(Reason("broken.savings", {
                            "kind": kind, "key": key, "saved": saved, "year": year,
                            "cap": group.cap.savings,
                        }))  # fmt: skip
            if group.cap.measures is not None:
                used = sum(1 for i in group.members if shares[i] > 0)
                if used > group.cap.measures:
                    found.append(Reason("broken.count", {
                        "kind": kind, "key": key, "used": used, "cap": group.cap.measures,
                    }))  # fmt: skip
        cut = self.constraints.max_fte_cut
        if cut is not None:
            for year, lost in self.positions_lost(selection).items():
                if lost > cut:
                    found.append(Reason("broken.fte", {"year": year, "lost": lost, "cap": cut}))
        return found


def _fte(measure: Measure, year: int) -> Decimal:
    return measure.fte.get(year, ZERO) if measure.fte_stated else ZERO


MARGIN_STEP = Decimal("0.000001")
MOST_MARGIN = Decimal(10)
"""The largest safety margin: ten times the target's size."""


def required_amounts(
    targets: Mapping[int, Decimal], margin: Decimal, extra: Mapping[int, Decimal]
) -> dict[int, Decimal]:
    """What each year must reach: the target, stricter by ``margin`` × its size and by ``extra``."""
    return {
        year: target - abs(target) * margin - extra.get(year, ZERO)
        for year, target in targets.items()
    }


def build_problem(catalog: Catalog, request: Request) -> Problem:
    """Check a request against a catalog and make the exact problem (see the module doc)."""
    pool = candidates(catalog, request.all_measures)
    if not pool:
        raise DecideError("no-measures")
    targets = dict(request.targets) if request.targets is not None else default_targets(catalog)
    check_targets(targets, catalog.years)
    years = tuple(year for year in catalog.years if year in targets)
    targets = {year: targets[year] for year in years}
    if request.margin < 0:
        raise DecideError("margin-negative")
    if not request.margin.is_finite() or request.margin > MOST_MARGIN:
        raise DecideError("margin-too-large", most=MOST_MARGIN * 100)
    if request.margin != request.margin.quantize(MARGIN_STEP):
        # Finer margins mean nothing for a budget and would make the required amounts
        # numbers no JSON reader keeps exactly.
        raise DecideError("margin-decimals")
    required = required_amounts(targets, request.margin, request.extra)

    codes = [m.code for m in pool]
    index = {code: i for i, code in enumerate(codes)}
    known = {m.code for m in unique_measures(catalog)}
    constraints = request.constraints
    _check_codes(constraints.include, "include", known, index, needs_candidate=True)
    _check_codes(constraints.exclude, "exclude", known, index, needs_candidate=False)
    _check_codes(request.harm.keys(), "harm", known, index, needs_candidate=False)
    _check_codes(request.divisible, "divisible", known, index, needs_candidate=False)
    both = sorted(constraints.include & constraints.exclude)
    if both:
        raise DecideError("include-and-exclude", codes=", ".join(both))
    for code, score in request.harm.items():
        if score < 0:
            raise DecideError("harm-negative", code=code, score=score)
    if constraints.max_fte_cut is not None and constraints.max_fte_cut < 0:
        raise DecideError("fte-cut-negative")

    harm = tuple(request.harm.get(code, ONE) for code in codes)
    divisible = tuple(code in request.divisible for code in codes)
    forced_in = np.array([code in constraints.include for code in codes], dtype=np.bool_)
    forced_out = np.array([code in constraints.exclude for code in codes], dtype=np.bool_)

    nets = [[m.net.get(year, ZERO) for year in years] for m in pool]
    losses = [[max(ZERO, -_fte(m, year)) for year in years] for m in pool]
    amount_digits = digits(value for row in nets for value in row)
    fte_digits = digits(value for row in losses for value in row)
    harm_digits = digits(harm)
    net = _int_matrix(nets, amount_digits, len(years))
    loss = _int_matrix(losses, fte_digits, len(years))
    harm_int = _int_matrix([[h] for h in harm], harm_digits, 1).reshape(len(harm))
    _check_magnitude(net, loss, harm_int)

    groups = [
        *_groups(pool, constraints.theme_caps, "theme", _in_theme),
        *_groups(pool, constraints.area_caps, "area", lambda m, key: m.operating_area == key),
    ]
    problem = Problem(
        catalog=catalog,
        request=request,
        measures=pool,
        years=years,
        targets=targets,
        required=required,
        harm=harm,
        divisible=divisible,
        groups=tuple(groups),
        amount_digits=amount_digits,
        fte_digits=fte_digits,
        harm_digits=harm_digits,
        net=net,
        loss=loss,
        harm_int=harm_int,
        forced_in=forced_in,
        forced_out=forced_out,
    )
    _check_forced(problem)
    return problem


def _in_theme(measure: Measure, key: str) -> bool:
    return key in (measure.theme_number, measure.theme)


def _groups(
    pool: Sequence[Measure],
    caps: Mapping[str, Cap],
    kind: str,
    member: Callable[[Measure, str], bool],
) -> list[Group]:
    groups: list[Group] = []
    for key, cap in caps.items():
        check_cap(key, cap, kind)
        members = tuple(i for i, m in enumerate(pool) if member(m, key))
        if not members:
            if kind == "theme":
                present = sorted({m.theme_number for m in pool}, key=_natural)
            else:
                present = sorted({m.operating_area for m in pool})
            raise DecideError("empty-group", kind=kind, key=key, present=", ".join(present))
        groups.append(Group(f"{kind}:{key}", members, cap))
    return groups


def _natural(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isdecimal() else (1 << 30, text)


def _check_codes(
    codes: Iterable[str],
    what: str,
    known: set[str],
    index: Mapping[str, int],
    needs_candidate: bool,
) -> None:
    for code in sorted(codes):
        if code not in known:
            close = difflib.get_close_matches(code, sorted(known), n=1)
            raise DecideError(
                "unknown-measure", field=what, code=code, close=close[0] if close else None
            )
        if needs_candidate and code not in index:
            raise DecideError("not-candidate", field=what, code=code)


def _check_forced(problem: Problem) -> None:
    """A cap or FTE cap the must-include measures break whatever else is chosen."""
    forced = np.flatnonzero(problem.forced_in)
    if forced.size == 0:
        return
    codes = [problem.codes[i] for i in forced]
    free = ~problem.forced_in & ~problem.forced_out
    for group in problem.groups:
        members = np.zeros(problem.size, dtype=np.bool_)
        members[list(group.members)] = True
        kind, _, key = group.name.partition(":")
        if group.cap.measures is not None:
            used = int((members & problem.forced_in).sum())
            if used > group.cap.measures:
                raise DecideError(
                    "forced-count", kind=kind, key=key, used=used, cap=group.cap.measures
                )
        if group.cap.savings is not None:
            # Best case for the cap: the forced measures plus every free measure that costs money.
            forced_sum = problem.net[members & problem.forced_in].sum(axis=0)
            relief = np.maximum(problem.net[members & free], 0).sum(axis=0)
            cap = group.cap.savings.scaleb(problem.amount_digits)
            for j, year in enumerate(problem.years):
                if Decimal(int(forced_sum[j] + relief[j])) < cap:
                    saved = Decimal(int(forced_sum[j])).scaleb(-problem.amount_digits)
                    raise DecideError(
                        "forced-savings", kind=kind, key=key, saved=saved, year=year,
                        cap=group.cap.savings,
                    )  # fmt: skip
    cut = problem.constraints.max_fte_cut
    if cut is not None:
        lost = problem.loss[problem.forced_in].sum(axis=0)
        for j, year in enumerate(problem.years):
            if Decimal(int(lost[j])).scaleb(-problem.fte_digits) > cut:
                value = Decimal(int(lost[j])).scaleb(-problem.fte_digits)
                raise DecideError(
                    "forced-fte", codes=", ".join(codes), lost=value, year=year, cap=cut
                )


def _int_matrix(rows: list[list[Decimal]], places: int, width: int) -> IntArray:
    data = [[scaled(value, places) for value in row] for row in rows]
    if any(abs(value) >= _LIMIT for row in data for value in row):
        raise DecideError("too-large")
    return np.array(data, dtype=np.int64).reshape(len(rows), width)


_LIMIT = 2**50
"""Integer sums must stay far inside float64's exact range (2**53), where HiGHS computes."""


def _check_magnitude(net: IntArray, loss: IntArray, harm: IntArray) -> None:
    for values in (net, loss, harm):
        if values.size and int(np.abs(values).sum()) * STEPS >= _LIMIT:
            raise DecideError("too-large")
