"""Deciding on the reference catalog: targets, the optimizer against exhaustive enumeration,
infeasibility and its diagnosis, contradictory constraints, alternatives, divisible measures,
risk and the chance constraint. The enumeration (all 2**18 subsets, vectorized) is the
reference every objective value is held to."""

from __future__ import annotations

import itertools
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bounds import HANG
from decide_helpers import Spec, catalog, d
from omprio.decide.constraints import Cap, Constraints
from omprio.decide.enumerate import enumerate_all
from omprio.decide.errors import DecideError
from omprio.decide.exact import ceil_scaled, digits, floor_scaled, parse_amount, scaled
from omprio.decide.optimize import Options, Outcome, optimize
from omprio.decide.problem import OBJECTIVES, Objective, Problem, Request, build_problem
from omprio.decide.risk import Uncertainty, simulate
from omprio.decide.targets import candidates, default_targets, parse_targets
from omprio.model import Catalog
from omprio.read import Loaded

YEARS = (2024, 2025, 2026, 2027)
D = Decimal


def every_year(amount: int | Decimal) -> dict[int, Decimal]:
    return dict.fromkeys(YEARS, D(amount))


@pytest.fixture(scope="module")
def seed_catalog(seed: Loaded) -> Catalog:
    return seed.catalog


def check_against_enumeration(problem: Problem, outcome: Outcome | None = None) -> Outcome:
    """The optimizer's answer equals exhaustive enumeration's, and is exactly valid."""
    outcome = outcome or optimize(problem)
    reference = enumerate_all(problem)
    if reference.feasible:
        assert outcome.status == "optimal", outcome.message
        assert outcome.package is not None
        assert outcome.package.objective == reference.objective
        assert problem.violations(outcome.package.selection) == []
        assert problem.objective_value(outcome.package.selection) == outcome.package.objective
    else:
        assert outcome.status == "infeasible"
        assert outcome.package is None
        diagnosis = outcome.diagnosis
        assert diagnosis is not None
        if reference.least_shortfall is not None:
            assert diagnosis.best is not None and diagnosis.best_proven
            assert sum(diagnosis.shortfall.values(), D(0)) == reference.least_shortfall
    return outcome


# --- targets and candidates ----------------------------------------------------------------------


def test_the_catalogs_own_target_and_candidates(seed_catalog: Catalog) -> None:
    assert default_targets(seed_catalog) == every_year(-19730)
    codes = [m.code for m in candidates(seed_catalog)]
    assert len(codes) == 18 and "MSB-1" not in codes
    assert len(candidates(seed_catalog, all_measures=True)) == 19
    # The 18 candidates add up to exactly the target: the only package is all of them.
    problem = build_problem(seed_catalog, Request())
    assert problem.totals(dict.fromkeys(problem.codes, D(1))) == every_year(-19730)


def test_without_a_stated_target_the_target_is_the_sum_of_all_measures(
    seed_catalog: Catalog,
) -> None:
    bare = replace(seed_catalog, overview_totals=(), target={})
    expected = {year: sum((m.net[year] for m in seed_catalog.measures), D(0)) for year in YEARS}
    assert default_targets(bare) == expected
    # A target the catalog states (or a person set) is kept without any total in the overview.
    assert default_targets(replace(seed_catalog, overview_totals=())) == every_year(-19730)
    assert expected[2024] == D(-19730 - 9094)
    assert len(candidates(bare)) == 19


def test_targets_from_the_command_line() -> None:
    assert parse_targets("-19730", YEARS) == every_year(-19730)
    assert parse_targets("-19.730", YEARS) == every_year(-19730)
    assert parse_targets("2024=-15000,2025=-16.000", YEARS) == {2024: D(-15000), 2025: D(-16000)}
    assert parse_targets("2024=-10,5,2025=-3;2026=-1.000", YEARS) == {
        2024: D("-10.5"),
        2025: D(-3),
        2026: D(-1000),
    }
    with pytest.raises(DecideError, match="2030"):
        parse_targets("2030=-1", YEARS)
    with pytest.raises(DecideError, match="not a number"):
        parse_targets("abc", YEARS)


def test_exact_scaling() -> None:
    values = [D("-10.5"), D("2"), D("-1.25"), D("1E+3")]
    assert digits(values) == 2
    assert [scaled(v, 2) for v in values] == [-1050, 200, -125, 100000]
    with pytest.raises(DecideError):
        scaled(D("0.125"), 2)
    assert floor_scaled(D("-9999.5"), 0) == -10000
    assert ceil_scaled(D("-9999.5"), 0) == -9999
    assert parse_amount("-10,5") == D("-10.5")
    assert parse_amount("−1.000") == D(-1000)
    assert parse_amount("-10.5") == D("-10.5")


# --- the optimizer equals exhaustive enumeration -------------------------------------------------

TARGETS: dict[str, dict[int, Decimal] | None] = {
    "own": None,
    "easy": every_year(-10000),
    "varying": {2024: D(-12000), 2025: D(-8000), 2026: D(-15000), 2027: D(-5000)},
    "hard": every_year(-19000),
    "one-year": {2026: D(-14321)},
    "decimals": every_year(-9999) | {2027: D("-9999.5")},
    "impossible": every_year(-25000),
}


@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("name", list(TARGETS))
def test_optimizer_equals_enumeration_on_the_seed(
    seed_catalog: Catalog, objective: Objective, name: str
) -> None:
    problem = build_problem(seed_catalog, Request(objective=objective, targets=TARGETS[name]))
    outcome = check_against_enumeration(problem)
    assert outcome.reached == (name != "impossible")


CONSTRAINTS = {
    "include-exclude": Constraints(include=frozenset({"JVS-3"}), exclude=frozenset({"UJU-1"})),
    "theme-cap": Constraints(theme_caps={"3": Cap(savings=D(-5000))}),
    "theme-count": Constraints(theme_caps={"3": Cap(measures=2), "4": Cap(measures=1)}),
    "area-cap": Constraints(area_caps={"BFF": Cap(savings=D(-2000), measures=2)}),
    "fte-cap": Constraints(max_fte_cut=D("3.5")),
    "all": Constraints(
        include=frozenset({"VJH-5"}),
        exclude=frozenset({"BFF-3A"}),
        theme_caps={"1": Cap(savings=D(-2500))},
        area_caps={"VJH": Cap(measures=3)},
        max_fte_cut=D(6),
    ),
}


@pytest.mark.parametrize("objective", OBJECTIVES)
@pytest.mark.parametrize("name", list(CONSTRAINTS))
def test_optimizer_equals_enumeration_under_constraints(
    seed_catalog: Catalog, objective: Objective, name: str
) -> None:
    for target in (every_year(-10000), every_year(-14000)):
        request = Request(objective=objective, targets=target, constraints=CONSTRAINTS[name])
        check_against_enumeration(build_problem(seed_catalog, request))


def test_harm_scores_and_all_measures(seed_catalog: Catalog) -> None:
    harm = {m.code: D(1 + i % 5) for i, m in enumerate(seed_catalog.measures)}
    harm["UJU-1"] = D("4.5")
    for target in (every_year(-10000), every_year(-25000)):
        request = Request(objective="harm", targets=target, harm=harm, all_measures=True)
        problem = build_problem(seed_catalog, request)
        assert problem.size == 19
        outcome = check_against_enumeration(problem)
        assert outcome.reached  # with the frame cut MSB-1, -25.000 a year is within reach


def test_enumeration_counts_every_package(seed_catalog: Catalog) -> None:
    problem = build_problem(seed_catalog, Request(objective="amount", targets=every_year(-12000)))
    started = time.perf_counter()
    result = enumerate_all(problem)
    assert time.perf_counter() - started < HANG
    assert result.subsets == 2**18 and result.feasible


def test_fte_counts_only_reductions(seed_catalog: Catalog) -> None:
    """JUS-2 adds two positions: it loses none, and does not offset losses elsewhere."""
    problem = build_problem(seed_catalog, Request(objective="fte"))
    assert problem.positions_lost({"JUS-2": D(1)}) == every_year(0)
    assert problem.fte_change({"JUS-2": D(1)}) == every_year(2)
    both = {"JUS-2": D(1), "JVS-3": D(1)}
    assert problem.positions_lost(both) == every_year(D("3.5"))
    assert problem.fte_change(both) == every_year(D("-1.5"))
    # The catalog's own target needs every candidate: 13,3 + 13,3 + 13,7 + 13,7 positions lost.
    outcome = optimize(problem)
    assert outcome.package is not None and outcome.package.objective == D("54.0")


# --- infeasible targets and what binds ----------------------------------------------------------


def test_an_impossible_target_is_reported_with_its_shortfall(seed_catalog: Catalog) -> None:
    outcome = optimize(build_problem(seed_catalog, Request(targets=every_year(-25000))))
    assert outcome.status == "infeasible" and outcome.package is None
    diagnosis = outcome.diagnosis
    assert diagnosis is not None
    assert diagnosis.shortfall == every_year(5270)
    assert diagnosis.catalog_short == every_year(5270)  # the catalog simply lacks the savings
    assert diagnosis.binding == ()
    assert diagnosis.all_measures_would_reach  # MSB-1 would close the gap


def test_a_binding_cap_is_named(seed_catalog: Catalog) -> None:
    constraints = Constraints(theme_caps={"3": Cap(savings=D(-5000))}, exclude=frozenset({"BFF-1"}))
    problem = build_problem(
        seed_catalog, Request(targets=every_year(-15000), constraints=constraints)
    )
    outcome = check_against_enumeration(problem)
    assert outcome.diagnosis is not None
    assert outcome.diagnosis.binding == ("theme:3",)
    assert outcome.diagnosis.catalog_short is None


def test_constraints_that_bind_only_together(seed_catalog: Catalog) -> None:
    constraints = Constraints(theme_caps={"3": Cap(savings=D(-7500)), "1": Cap(savings=D(-3000))})
    problem = build_problem(
        seed_catalog, Request(targets=every_year(-17000), constraints=constraints)
    )
    outcome = check_against_enumeration(problem)
    assert outcome.diagnosis is not None
    assert outcome.diagnosis.binding == () and outcome.diagnosis.together


def test_the_safety_margin_can_bind(seed_catalog: Catalog) -> None:
    problem = build_problem(seed_catalog, Request(targets=every_year(-19000), margin=D("0.05")))
    assert problem.required == every_year(-19950)
    outcome = check_against_enumeration(problem)
    assert outcome.diagnosis is not None and outcome.diagnosis.binding == ("margin",)


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (
            Request(
                constraints=Constraints(include=frozenset({"BFF-1"}), exclude=frozenset({"BFF-1"}))
            ),
            "BFF-1 cannot be both included and excluded",
        ),
        (Request(constraints=Constraints(include=frozenset({"BFF-9"}))), "did you mean BFF-"),
        (Request(constraints=Constraints(exclude=frozenset({"NOPE"}))), "no measure NOPE"),
        (Request(constraints=Constraints(include=frozenset({"MSB-1"}))), "--all-measures"),
        (
            Request(constraints=Constraints(theme_caps={"9": Cap(measures=1)})),
            "no candidate measure is in theme 9",
        ),
        (
            Request(constraints=Constraints(area_caps={"XYZ": Cap(measures=1)})),
            "operating area XYZ",
        ),
        (
            Request(constraints=Constraints(theme_caps={"3": Cap(savings=D(800))})),
            "negative amount",
        ),
        (
            Request(
                constraints=Constraints(
                    include=frozenset({"UJU-1", "VJH-3"}), theme_caps={"3": Cap(savings=D(-4000))}
                )
            ),
            "already save -4415 in theme 3",
        ),
        (
            Request(
                constraints=Constraints(
                    include=frozenset({"VJH-1", "VJH-2"}), area_caps={"VJH": Cap(measures=1)}
                )
            ),
            "put 2 measures in area VJH",
        ),
        (
            Request(constraints=Constraints(include=frozenset({"JVS-3"}), max_fte_cut=D(3))),
            "lose 3.5 positions",
        ),
        (Request(constraints=Constraints(max_fte_cut=D(-1))), "cannot be negative"),
        (Request(targets={2030: D(-1)}), "target year 2030"),
        (Request(harm={"BFF-1": D(-1)}), "cannot be negative"),
        (Request(margin=D("-0.1")), "margin cannot be negative"),
    ],
)
def test_contradictory_constraints_get_a_clear_message(
    seed_catalog: Catalog, request_: Request, message: str
) -> None:
    with pytest.raises(DecideError, match=message.replace("(", r"\(")):
        build_problem(seed_catalog, request_)


# --- alternatives, pruning, divisible measures ---------------------------------------------------


def test_next_best_packages_are_distinct_and_not_supersets(seed_catalog: Catalog) -> None:
    problem = build_problem(seed_catalog, Request(objective="count", targets=every_year(-12000)))
    outcome = optimize(problem, Options(alternatives=4))
    assert outcome.package is not None and len(outcome.alternatives) == 4
    packages = [outcome.package, *(a.package for a in outcome.alternatives)]
    values = [p.objective for p in packages]
    assert values == sorted(values) and values[0] == enumerate_all(problem).objective
    for i, later in enumerate(packages):
        assert problem.violations(later.selection) == []
        for earlier in packages[:i]:
            assert not set(earlier.codes) <= set(later.codes)


def test_second_best_equals_enumeration_without_the_best(seed_catalog: Catalog) -> None:
    problem = build_problem(seed_catalog, Request(objective="amount", targets=every_year(-9000)))
    outcome = optimize(problem, Options(alternatives=1))
    assert outcome.package is not None
    best = set(outcome.package.codes)
    # Enumerate again without the best package and its supersets: drop each of its measures.
    second = min(
        enumerate_all(
            problem.with_request(constraints=Constraints(exclude=frozenset({code})))
        ).objective
        or D(10**9)
        for code in best
    )
    assert outcome.alternatives[0].package.objective == second


def test_packages_have_no_superfluous_measure(seed_catalog: Catalog) -> None:
    problem = build_problem(seed_catalog, Request(objective="fte", targets=every_year(-8000)))
    outcome = optimize(problem)
    assert outcome.package is not None and outcome.package.objective == 0
    selection = outcome.package.selection
    for code in selection:
        smaller = {c: f for c, f in selection.items() if c != code}
        assert problem.misses(smaller), f"{code} could be dropped"


def test_divisible_measures_are_scaled_in_whole_percent() -> None:
    specs = [
        Spec("AAA-1", "1", d(-1000, -1000), d(-2, -2)),
        Spec("AAA-2", "1", d(-700, -700), d(0, 0)),
        Spec("BBB-1", "2", d(-400, -500), d(-1, -1)),
    ]
    cat = catalog(specs, target={2024: D(-1250), 2025: D(-1250)})
    for objective in OBJECTIVES:
        request = Request(objective=objective, divisible=frozenset({"AAA-1"}))
        problem = build_problem(cat, request)
        outcome = optimize(problem)
        assert outcome.package is not None
        # Brute force over 0..100 % of AAA-1 and in/out of the others.
        best = None
        for pct, a2, b1 in itertools.product(range(101), (0, 1), (0, 1)):
            selection = {"AAA-1": D(pct) / 100, "AAA-2": D(a2), "BBB-1": D(b1)}
            selection = {c: f for c, f in selection.items() if f}
            if problem.violations(selection):
                continue
            value = problem.objective_value(selection)
            best = value if best is None else min(best, value)
        assert outcome.package.objective == best, objective
    fte = optimize(build_problem(cat, Request(objective="fte", divisible=frozenset({"AAA-1"}))))
    assert fte.package is not None and fte.package.selection == {"AAA-1": D("0.55"), "AAA-2": D(1)}


# --- risk ----------------------------------------------------------------------------------------


def test_monte_carlo_with_certainty_equals_the_deterministic_result(seed_catalog: Catalog) -> None:
    problem = build_problem(seed_catalog, Request(targets=every_year(-12000)))
    outcome = optimize(problem)
    assert outcome.package is not None
    shares = problem.fractions(outcome.package.selection)
    certain = {code: Uncertainty(probability=D(1)) for code in problem.codes}
    report = simulate(problem.measures, shares, problem.targets, certain, draws=1000, seed=7)
    for year in problem.years:
        item = report.years[year]
        assert item.probability == 1.0
        assert item.p10 == item.p50 == item.p90 == 0
        assert item.mean_total == outcome.package.totals[year]
        assert np.all(
            report.totals[:, problem.years.index(year)] == float(outcome.package.totals[year])
        )
    # Short of the target for sure: probability 0 and every quantile the exact shortfall.
    short = simulate(problem.measures, shares, every_year(-20000), {}, draws=100)
    assert short.years[2024].probability == 0.0
    assert short.years[2024].p90 == D(-20000) * -1 + outcome.package.totals[2024]


def test_monte_carlo_matches_the_distributions() -> None:
    specs = [Spec(f"AAA-{i}", "1", d(-100, -100), d(0, 0)) for i in range(1, 5)]
    cat = catalog(specs, target={2024: D(-300), 2025: D(-100)})
    problem = build_problem(cat, Request())
    shares = [D(1)] * 4
    risk = {spec.code: Uncertainty(probability=D("0.7")) for spec in specs}
    report = simulate(problem.measures, shares, problem.targets, risk, draws=200_000, seed=1)
    # 2024: at least 3 of 4 realized; 2025: at least 1 of 4.
    p3 = 4 * 0.7**3 * 0.3 + 0.7**4
    p1 = 1 - 0.3**4
    assert abs(report.years[2024].probability - p3) < 0.005
    assert abs(report.years[2025].probability - p1) < 0.005
    assert report.years[2024].p90 == 100  # 90 % of draws miss by at most one measure
    again = simulate(problem.measures, shares, problem.targets, risk, draws=200_000, seed=1)
    assert again.years == report.years  # seeded
    ranged = {spec.code: Uncertainty(low=D("0.5"), likely=D("0.8"), high=D(1)) for spec in specs}
    report = simulate(problem.measures, shares, problem.targets, ranged, draws=200_000, seed=2)
    mean = report.totals[:, 0].mean()
    assert abs(mean - (-400 * (0.5 + 0.8 + 1) / 3)) < 0.5
    variance = (0.25 + 0.64 + 1 - 0.4 - 0.5 - 0.8) / 18
    assert abs(report.totals[:, 0].std() - 100 * np.sqrt(4 * variance)) < 0.5
    # Both: realized with probability 0.7, then a fraction from the range.
    both = {spec.code: Uncertainty(D("0.7"), D("0.5"), D("0.8"), D(1)) for spec in specs}
    report = simulate(problem.measures, shares, problem.targets, both, draws=200_000, seed=3)
    first, second = 0.7 * 2.3 / 3, 0.7 * (variance + (2.3 / 3) ** 2)
    assert abs(report.totals[:, 0].mean() - (-400 * first)) < 0.7
    assert abs(report.totals[:, 0].std() - 100 * np.sqrt(4 * (second - first**2))) < 0.7


def test_chance_constraint_raises_the_margin_until_the_probability_is_met(
    seed_catalog: Catalog,
) -> None:
    from omprio.decide.chance import optimize_with_probability

    problem = build_problem(seed_catalog, Request(objective="count", targets=every_year(-10000)))
    risk = {code: Uncertainty(probability=D("0.9")) for code in problem.codes}
    result = optimize_with_probability(problem, risk, 0.9, draws=20_000, seed=3)
    assert result.met and result.risk is not None
    assert all(item.probability >= 0.9 for item in result.risk.years.values())
    assert len(result.steps) >= 2  # the nominal optimum alone is not sure enough
    first, last = result.steps[0], result.steps[-1]
    assert min(first.probability.values()) < 0.9 <= min(last.probability.values())
    assert all(last.extra[y] >= first.extra[y] for y in YEARS)
    package = result.outcome.package
    assert package is not None and problem.violations(package.selection) == []
    # Asking for more than the catalog can give is reported, not answered.
    impossible = optimize_with_probability(problem, risk, 0.9999, draws=5_000, seed=3)
    assert not impossible.met


# --- random small catalogs: optimizer = enumeration ----------------------------------------------


@st.composite
def small_problems(draw: st.DrawFn) -> tuple[Catalog, Request]:
    n = draw(st.integers(1, 12))
    areas = ("AAA", "BBB", "CCC")
    specs = []
    for i in range(n):
        net = draw(st.lists(st.integers(-60, 15).map(lambda v: D(v * 25)), min_size=2, max_size=2))
        fte = draw(
            st.lists(
                st.sampled_from(d("0", "-0.5", "-1", "-2", "1", "-1.3")), min_size=2, max_size=2
            )
        )
        specs.append(Spec(f"{areas[i % 3]}-{i + 1}", str(1 + i % 2), tuple(net), tuple(fte)))
    cat = catalog(specs)
    total = [sum((s.net[j] for s in specs if s.net[j] < 0), D(0)) for j in range(2)]
    share = draw(st.sampled_from([D("0.2"), D("0.5"), D("0.8"), D(1), D("1.1")]))
    targets = {2024: (total[0] * share).quantize(D(1)), 2025: (total[1] * share).quantize(D(1))}
    codes = [s.code for s in specs]
    include = frozenset(draw(st.lists(st.sampled_from(codes), max_size=1)))
    exclude = frozenset(draw(st.lists(st.sampled_from(codes), max_size=2))) - include
    caps: dict[str, Cap] = {}
    if draw(st.booleans()):
        caps["1"] = Cap(
            savings=draw(st.sampled_from([None, D(-500), D(-1000)])),
            measures=draw(st.sampled_from([None, 1, 3])),
        )
    constraints = Constraints(
        include=include,
        exclude=exclude,
        theme_caps=caps,
        max_fte_cut=draw(st.sampled_from([None, D("1.5"), D(4)])),
    )
    harm = {code: D(draw(st.integers(0, 5))) for code in codes}
    objective = draw(st.sampled_from(OBJECTIVES))
    return cat, Request(objective=objective, targets=targets, constraints=constraints, harm=harm)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_problems())
def test_optimizer_equals_enumeration_on_random_catalogs(case: tuple[Catalog, Request]) -> None:
    cat, request = case
    try:
        problem = build_problem(cat, request)
    except DecideError:
        return  # a contradictory draw (e.g. the included measure breaks a cap)
    check_against_enumeration(problem, optimize(problem, Options(time_limit=20)))


def test_scenario_files_dir_is_untouched(tmp_path: Path) -> None:
    """Deciding writes nothing by itself."""
    assert list(tmp_path.iterdir()) == []


def test_a_safety_margin_is_a_plain_share(seed: Loaded) -> None:
    """A margin finer than 6 decimals (a float's binary digits, say) or beyond 10 times the
    target is refused with a message: the required amounts stay numbers JSON keeps exactly."""
    from omprio.decide import DecideError, Request, build_problem

    fine = build_problem(seed.catalog, Request(objective="fte", margin=Decimal("0.123456")))
    assert fine.request.margin == Decimal("0.123456")
    for margin, message in ((Decimal("1.076412723548871"), "at most 6 decimals"),
                            (Decimal(11), "at most 1000 %")):
        with pytest.raises(DecideError, match=message):
            build_problem(seed.catalog, Request(objective="fte", margin=margin))


def test_a_tiny_share_is_written_so_it_reads_back(seed: Loaded) -> None:
    """A share below 1e-6 is written in plain digits ("0.000000000000001"), not as "1E-15",
    which the reader would refuse (1e-15 is the smallest digit a number may have)."""
    from omprio.decide.scenario import empty_scenario
    from omprio.decide.scenario_json import scenario_from_json, scenario_to_json

    base = empty_scenario(seed.catalog, "tiny")
    code = next(iter(base.selection))
    tiny = replace(base, selection={**base.selection, code: Decimal("1E-15")},
                   divisible=frozenset({code}))
    document = scenario_to_json(tiny)
    assert document["selection"][code] == "0.000000000000001"
    assert scenario_from_json(document).selection[code] == Decimal("1E-15")
