"""The optimizer as a web server calls it: silent on standard output, correct when solves run
in several threads at once, bounded by a total time limit; and the pieces that make it fast
(pruning, a start point) give the same answers as exhaustive enumeration."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np
import pytest

from decide_helpers import Spec, catalog
from omprio.decide import highs, residue, swap
from omprio.decide.clock import Clock, OutOfTime
from omprio.decide.constraints import Cap, Constraints
from omprio.decide.enumerate import enumerate_all
from omprio.decide.formulation import formulate
from omprio.decide.optimize import Options, optimize
from omprio.decide.problem import OBJECTIVES, Problem, Request, build_problem
from omprio.model import Catalog
from omprio.read import Loaded

if TYPE_CHECKING:
    from omprio.decide.errors import Reason

YEARS = (2024, 2025, 2026, 2027)
D = Decimal


def every_year(amount: int) -> dict[int, Decimal]:
    return dict.fromkeys(YEARS, D(amount))


def random_catalog(n: int, seed: int) -> Catalog:
    """``n`` measures with savings of 100-4,000 a year (some varying by year), 6 themes."""
    rng = random.Random(seed)
    specs = []
    for i in range(n):
        base = rng.randint(100, 4000)
        later = base if rng.random() < 0.4 else rng.randint(100, 4000)
        net = (-base, -base, -later, -later)
        fte = tuple(D(-rng.randint(0, 30)) / 10 for _ in YEARS)
        specs.append(Spec(f"BFF-{i + 1}", str(1 + i % 6), tuple(map(D, net)), fte))
    return catalog(specs, YEARS)


def hard_amount_problem(n: int = 150, seed: int = 3) -> Problem:
    """Smallest over-delivery for 40 % of the savings with every theme capped at 60 %: a
    multi-year subset sum that HiGHS does not prove optimal in a second."""
    cat = random_catalog(n, seed)
    total = {y: sum((m.net[y] for m in cat.measures), D(0)) for y in YEARS}
    targets = {y: (total[y] * D("0.4")).quantize(D(1)) for y in YEARS}
    caps = {}
    for theme in sorted({m.theme_number for m in cat.measures}):
        own = min(
            sum((m.net[y] for m in cat.measures if m.theme_number == theme), D(0)) for y in YEARS
        )
        caps[theme] = Cap(savings=(own * D("0.6")).quantize(D(1)))
    request = Request("amount", targets, Constraints(theme_caps=caps))
    return build_problem(cat, request)


@pytest.fixture(scope="module")
def seed_catalog(seed: Loaded) -> Catalog:
    return seed.catalog


def seed_problems(seed_catalog: Catalog) -> list[Problem]:
    varying = dict(zip(YEARS, map(D, (-12000, -8000, -15000, -5000)), strict=True))
    targets = [None, every_year(-10000), varying, every_year(-19000)]
    return [
        build_problem(seed_catalog, Request(objective, target))
        for target in targets
        for objective in OBJECTIVES
    ]


def test_a_solve_writes_nothing_to_standard_output(capfd: pytest.CaptureFixture[str]) -> None:
    """HiGHS logs nothing (output_flag off before the model is passed), and the repair of a
    sub-MIP's solution, which HiGHS 1.12 announced with printf, prints nothing either."""
    capfd.readouterr()
    outcome = optimize(hard_amount_problem(), Options(time_limit=1.0))
    infeasible = optimize(hard_amount_problem(40, 5).with_request(margin=D(2)))
    out, err = capfd.readouterr()
    assert outcome.reached and infeasible.status == "infeasible"
    assert out == "" and err == ""


def test_no_output_in_a_real_process() -> None:
    """The same in a fresh process (C-level writes to file descriptor 1 included)."""
    script = (
        "from test_decide_solver import hard_amount_problem\n"
        "from omprio.decide.optimize import Options, optimize\n"
        "print('before', flush=True)\n"
        "outcome = optimize(hard_amount_problem(), Options(time_limit=1.0))\n"
        "print('after', outcome.reached)\n"
    )
    tests = str(__import__("pathlib").Path(__file__).parent)
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**__import__("os").environ, "PYTHONPATH": tests},
    )
    assert result.stdout.split() == ["before", "after", "True"]
    assert result.stderr == ""


def test_concurrent_solves_from_threads_give_the_enumerated_optimum(
    seed_catalog: Catalog,
) -> None:
    problems = seed_problems(seed_catalog)
    reference = [enumerate_all(p).objective for p in problems]
    work = list(range(len(problems))) * 3
    random.Random(0).shuffle(work)

    def run(index: int) -> tuple[int, Decimal | None, list[Reason]]:
        outcome = optimize(problems[index])
        package = outcome.package
        assert outcome.status == "optimal" and package is not None
        return index, package.objective, problems[index].violations(package.selection)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, work))
    for index, objective, broken in results:
        assert objective == reference[index]
        assert broken == []


def test_concurrent_diagnoses_agree_with_a_single_thread(seed_catalog: Catalog) -> None:
    problem = build_problem(seed_catalog, Request("fte", every_year(-25000)))
    alone = optimize(problem).diagnosis
    with ThreadPoolExecutor(max_workers=3) as pool:
        together = list(pool.map(lambda _: optimize(problem).diagnosis, range(6)))
    assert alone is not None
    assert all(d == alone for d in together)


def test_total_time_limit_leaves_out_the_diagnosis_rather_than_cut_it_short(
    seed_catalog: Catalog,
) -> None:
    problem = build_problem(seed_catalog, Request("fte", every_year(-25000)))
    assert optimize(problem, Options(total_time_limit=60)).diagnosis is not None
    outcome = optimize(problem, Options(total_time_limit=1e-9))
    assert outcome.status in ("infeasible", "unknown")
    assert outcome.diagnosis is None


def test_total_time_limit_bounds_the_alternatives(seed_catalog: Catalog) -> None:
    problem = build_problem(seed_catalog, Request("count", every_year(-10000)))
    assert len(optimize(problem, Options(alternatives=3)).alternatives) == 3
    outcome = optimize(problem, Options(alternatives=3, total_time_limit=1e-9))
    assert outcome.package is not None or outcome.status == "unknown"
    assert outcome.alternatives == ()


def test_clock() -> None:
    assert Clock(5.0).limit() == 5.0 and Clock(5.0).left()
    clock = Clock.start(5.0, 1.0)
    assert 0.9 < clock.limit() <= 1.0
    spent = Clock.start(5.0, 0.0)
    assert not spent.left() and spent.first() > 0
    with pytest.raises(OutOfTime):
        spent.limit()


def test_a_start_point_is_used_and_checked(seed_catalog: Catalog) -> None:
    """A valid start is HiGHS's first incumbent; an invalid one is ignored, never trusted."""
    problem = build_problem(seed_catalog, Request("amount", every_year(-10000)))
    model = formulate(problem, "amount").model
    best = enumerate_all(problem).objective
    everything = model.upper.copy()
    nothing = np.zeros_like(model.upper)
    for begin in (everything, nothing, None):
        answer = highs.solve(model, 60.0, start=begin)
        assert answer.status == "optimal" and answer.x is not None
        assert Decimal(model.value(answer.x)) == best


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_random_medium_catalogs_match_enumeration(objective: str) -> None:
    """20 measures, 4 years, capped themes: every objective equals enumeration's."""
    for seed in range(3):
        cat = random_catalog(20, seed)
        total = {y: sum((m.net[y] for m in cat.measures), D(0)) for y in YEARS}
        targets = {y: (total[y] * D("0.45")).quantize(D(1)) for y in YEARS}
        caps = {"1": Cap(savings=(total[2024] * D("0.1")).quantize(D(1)), measures=3)}
        request = Request(objective, targets, Constraints(theme_caps=caps))  # type: ignore[arg-type]
        problem = build_problem(cat, request)
        reference = enumerate_all(problem)
        outcome = optimize(problem)
        if not reference.feasible:
            assert outcome.status == "infeasible"
            continue
        assert outcome.status == "optimal" and outcome.package is not None
        assert outcome.package.objective == reference.objective
        assert problem.violations(outcome.package.selection) == []


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_the_swap_search_keeps_every_row_and_never_worsens(objective: str) -> None:
    """From an arbitrary package that reaches the target, drops and swaps keep every target and
    cap, never worsen the objective and never pass below the enumerated optimum."""
    for seed in range(4):
        cat = random_catalog(14, seed)
        total = {y: sum((m.net[y] for m in cat.measures), D(0)) for y in YEARS}
        targets = {y: (total[y] * D("0.45")).quantize(D(1)) for y in YEARS}
        caps = {"1": Cap(savings=(total[2024] * D("0.1")).quantize(D(1)), measures=2)}
        request = Request(objective, targets, Constraints(theme_caps=caps))  # type: ignore[arg-type]
        problem = build_problem(cat, request)
        reference = enumerate_all(problem)
        if not reference.feasible:
            continue
        start = highs.solve(formulate(problem, "none").model, 10.0).x
        assert start is not None
        form = formulate(problem, problem.objective)
        better = swap.improve(form.model, start, time.perf_counter() + 10.0)
        assert form.model.check(better)
        assert form.model.value(better) <= form.model.value(start)
        assert problem.violations(form.fractions(better)) == []
        assert reference.objective is not None
        assert Decimal(form.model.value(better)) / form.denominator >= reference.objective


def test_the_swap_search_leaves_an_infeasible_start_and_divisible_models_alone(
    seed_catalog: Catalog,
) -> None:
    problem = build_problem(seed_catalog, Request("amount", every_year(-10000)))
    model = formulate(problem, "amount").model
    nothing = np.zeros_like(model.upper)  # reaches no target
    assert swap.improve(model, nothing, time.perf_counter() + 10.0) is nothing
    divisible = build_problem(
        seed_catalog, Request("amount", every_year(-10000), divisible=frozenset({"BFF-3A"}))
    )
    form = formulate(divisible, "amount")
    everything = form.model.upper.copy()
    assert swap.improve(form.model, everything, time.perf_counter() + 10.0) is everything


def test_an_unproven_package_is_polished_and_still_reaches_the_target() -> None:
    """Stopped by its time limit, the optimizer returns a package that reaches every target and
    that no single drop or swap improves."""
    problem = hard_amount_problem()
    outcome = optimize(problem, Options(time_limit=0.3))
    assert outcome.package is not None
    assert problem.violations(outcome.package.selection) == []
    form = formulate(problem, "amount")
    x = np.zeros(problem.size, dtype=np.int64)
    x[[problem.codes.index(code) for code in outcome.package.selection]] = 1
    assert np.array_equal(swap.improve(form.model, x, time.perf_counter() + 10.0), x)


@pytest.mark.parametrize("seed", range(6))
def test_the_exchange_search_keeps_every_row_and_never_worsens(seed: int) -> None:
    """Exchanges of up to two measures for two keep every target and cap, never worsen the
    over-delivery and never pass below the enumerated optimum, nor does the residue bound
    pass above it."""
    cat = random_catalog(14, seed)
    total = {y: sum((m.net[y] for m in cat.measures), D(0)) for y in YEARS}
    targets = {y: (total[y] * D("0.45")).quantize(D(1)) for y in YEARS}
    caps = {"1": Cap(savings=(total[2024] * D("0.1")).quantize(D(1)), measures=2)}
    problem = build_problem(cat, Request("amount", targets, Constraints(theme_caps=caps)))
    reference = enumerate_all(problem)
    if not reference.feasible:
        return
    assert reference.objective is not None
    form = formulate(problem, "amount")
    keys, target_sums, required = form.year_sums()
    floor = residue.bound(keys, target_sums, required, form.model.lower, form.model.upper)
    assert Decimal(floor) / form.denominator <= reference.objective
    start = highs.solve(formulate(problem, "none").model, 10.0).x
    assert start is not None
    better = swap.exchange(
        form.model, start, time.perf_counter() + 10.0, keys, np.array(required), floor
    )
    assert form.model.check(better)
    assert form.model.value(better) <= form.model.value(start)
    assert problem.violations(form.fractions(better)) == []
    assert Decimal(form.model.value(better)) / form.denominator >= reference.objective


def test_the_exchange_search_finds_a_planted_exact_hit() -> None:
    """Two measures out and two in land every year's total on its target: found, and proven
    by the floor (the search stops there)."""
    keys = np.array(
        [[100, 200, 300, 400, 250, 450], [100, 250, 300, 450, 300, 500], [1, 0, 0, 5, 3, 9]],
        dtype=np.int64,
    )
    # Package {0, 1}; the exact hit is {2, 3} ({4, 5} overshoots year 3), target = its totals.
    target = keys[:, 2] + keys[:, 3]
    rows = keys.copy()
    model = highs.IntegerModel(
        -keys.sum(axis=0),
        int(target.sum()),
        np.zeros(6, dtype=np.int64),
        np.ones(6, dtype=np.int64),
        rows,
        [None, None, None],
        [int(t) for t in target],
    )
    start = np.array([1, 1, 0, 0, 0, 0], dtype=np.int64)
    assert model.check(start) and model.value(start) > 0
    found = swap.exchange(model, start, time.perf_counter() + 10.0, keys, target, 0)
    assert model.value(found) == 0
    assert found.tolist() == [0, 0, 1, 1, 0, 0]


def test_the_residue_bound_sees_totals_that_cannot_land() -> None:
    """Every amount a multiple of 5 and the target not: at least 3 + 4 above it, whatever the
    package; with one measure of 1 in each year alone (once each) at least 2 + 3."""
    keys = np.array([[5, 10, 25], [5, 10, 25]], dtype=np.int64)
    lower, upper = np.zeros(3, dtype=np.int64), np.ones(3, dtype=np.int64)
    assert residue.bound(keys, [13, 14], [13, 14], lower, upper) == 3 + 4
    ones = np.hstack([keys, np.eye(2, dtype=np.int64)])
    assert (
        residue.bound(ones, [13, 14], [13, 14], np.zeros(5, np.int64), np.ones(5, np.int64))
        == 2 + 3
    )
