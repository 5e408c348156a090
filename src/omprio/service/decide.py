"""Deciding as a service: the one place the CLI, the pages and the REST API solve, evaluate a
stored scenario and ask who may change one.

* :func:`solve` - optimize a problem, with a required probability of reaching the target
  (:func:`omprio.decide.chance.optimize_with_probability`) or else with a Monte Carlo report of
  the package found when there are uncertainties;
* :func:`evaluate_stored` - a stored scenario's figures on the catalog's latest version, or on
  the version it was made on when it no longer fits the latest (with why, and which of the
  measures it names the latest lacks);
* :func:`simulate_evaluation` - how sure a scenario's savings are;
* :func:`may_change` / :func:`require_change` - a scenario is its author's; others need the role
  editor (the store holds the rule: :meth:`omprio.store.accounts.Actor.may_change_scenario`);
* :func:`check_risk` and :func:`invalid` - uncertainties for measures the catalog has, and a
  :class:`~omprio.decide.errors.DecideError` as the 422 the workspace errors answer.

``omprio.decide`` brings numpy and HiGHS: it is imported inside the functions, so that what
imports this module (the catalog pages, the CLI's start) does not pay for it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from omprio.store.accounts import Actor
from omprio.store.errors import Forbidden, InvalidInput, NotFound

if TYPE_CHECKING:
    from omprio.decide.chance import ChanceOutcome
    from omprio.decide.errors import DecideError, Reason
    from omprio.decide.optimize import Options, Outcome
    from omprio.decide.problem import Problem
    from omprio.decide.risk import RiskReport, Uncertainty
    from omprio.decide.scenario import Evaluation, Scenario
    from omprio.model import Catalog
    from omprio.store.workspace import StoredScenario, StoredVersion, Workspace

DRAWS = 10_000
"""Monte Carlo draws unless asked for another number."""


@dataclass(frozen=True)
class Answer:
    """The optimizer's answer with its Monte Carlo report and chance iteration, if any."""

    outcome: Outcome
    risk: RiskReport | None
    chance: ChanceOutcome | None

    @property
    def found(self) -> bool:
        """A package reaches the target (and the required probability, if one was asked)."""
        return self.outcome.reached and (self.chance is None or self.chance.met)


def solve(
    problem: Problem,
    risk: Mapping[str, Uncertainty],
    probability: float | None,
    options: Options,
    *,
    draws: int = DRAWS,
    seed: int = 0,
) -> Answer:
    """Optimize ``problem``: for a required ``probability`` the chance-constrained iteration,
    else one solve and (with uncertainties and a package) its simulation."""
    from omprio.decide.chance import optimize_with_probability
    from omprio.decide.errors import DecideError
    from omprio.decide.optimize import optimize
    from omprio.decide.risk import simulate

    if probability is not None:
        if not risk:
            raise DecideError("probability-needs-risk")
        chance = optimize_with_probability(problem, risk, probability, options, draws, seed)
        return Answer(chance.outcome, chance.risk, chance)
    outcome = optimize(problem, options)
    report = None
    if risk and outcome.package is not None:
        report = simulate(
            problem.measures,
            problem.fractions(outcome.package.selection),
            problem.targets,
            risk,
            draws,
            seed,
        )
    return Answer(outcome, report, None)


def limited(time_limit: float, alternatives: int = 0) -> Options:
    """Solver options for one request: ``time_limit`` seconds for every solve of it together."""
    from omprio.decide.optimize import Options

    return Options(time_limit=time_limit, alternatives=alternatives, total_time_limit=time_limit)


def check_risk(risk: Iterable[str], catalog: Catalog) -> None:
    """Every measure with an uncertainty is one of the catalog's."""
    from omprio.decide.errors import DecideError
    from omprio.decide.targets import unique_measures

    known = {m.code for m in unique_measures(catalog)}
    for code in risk:
        if code not in known:
            raise DecideError("risk-unknown-measure", code=code)


def simulate_evaluation(
    evaluation: Evaluation,
    catalog: Catalog,
    risk: Mapping[str, Uncertainty],
    *,
    draws: int = DRAWS,
    seed: int = 0,
) -> RiskReport:
    """How sure the savings of a scenario's selected measures are (the measures ``catalog``
    has; uncertainties of others are left out)."""
    from omprio.decide.risk import simulate
    from omprio.decide.targets import unique_measures

    by_code = {m.code: m for m in unique_measures(catalog)}
    chosen = [s for s in evaluation.selected if s.code in by_code]
    return simulate(
        [by_code[s.code] for s in chosen],
        [s.fraction for s in chosen],
        evaluation.targets,
        {code: kind for code, kind in risk.items() if code in by_code},
        draws=draws,
        seed=seed,
    )


# --- stored scenarios ------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluated:
    """A stored scenario's figures and the version they are of: the latest, or the scenario's
    own when it no longer fits the latest (``refused`` says why); ``evaluation`` is None when
    it fits neither. ``missing`` are the measures it names that the latest version lacks."""

    item: StoredScenario
    version: StoredVersion
    latest: StoredVersion
    evaluation: Evaluation | None
    refused: Reason | None
    missing: tuple[str, ...]

    @property
    def on_latest(self) -> bool:
        return self.version.info.number == self.latest.info.number

    @property
    def outdated(self) -> bool:
        """The scenario was saved on an older version than the latest."""
        return self.item.version < self.latest.info.number

    def required(self) -> Evaluation:
        """The evaluation, or a 422 when the scenario fits no version."""
        from omprio.decide.errors import DecideError

        if self.evaluation is None:
            error = DecideError("fits-neither", name=self.item.name)
            raise invalid(error) from error
        return self.evaluation


def evaluate_stored(
    ws: Workspace, actor: Actor | None, item: StoredScenario, latest: StoredVersion | None = None
) -> Evaluated:
    """The scenario's figures on the latest version, else on the version it was made on."""
    from omprio.decide.errors import DecideError
    from omprio.decide.scenario import evaluate

    latest = latest if latest is not None else ws.version(item.catalog_id, actor)
    codes = {m.code for m in latest.catalog.measures}
    missing = tuple(sorted(code for code in named(item.scenario) if code not in codes))
    try:
        figures = evaluate(item.scenario, latest.catalog)
        return Evaluated(item, latest, latest, figures, None, missing)
    except DecideError as error:
        refused = error.reason
    if item.version != latest.info.number:
        try:
            own = ws.version(item.catalog_id, actor, item.version)
            figures = evaluate(item.scenario, own.catalog)
            return Evaluated(item, own, latest, figures, refused, missing)
        except (DecideError, NotFound):
            pass
    return Evaluated(item, latest, latest, None, refused, missing)


def named(scenario: Scenario) -> set[str]:
    """The measures a scenario names: selected (at any share above 0), divisible, must
    include or exclude, with a harm score or a risk (not those it merely leaves out)."""
    constraints = scenario.constraints
    return (
        {code for code, share in scenario.selection.items() if share > 0}
        | set(scenario.divisible)
        | set(constraints.include)
        | set(constraints.exclude)
        | set(scenario.harm)
        | set(scenario.risk)
    )


def without(scenario: Scenario, codes: Iterable[str]) -> Scenario:
    """The scenario without the measures ``codes`` (that a newer version no longer has),
    wherever it names them."""
    from dataclasses import replace

    gone = set(codes)
    if not gone:
        return scenario
    constraints = scenario.constraints
    return replace(
        scenario,
        selection={c: s for c, s in scenario.selection.items() if c not in gone},
        divisible=frozenset(scenario.divisible - gone),
        constraints=replace(
            constraints,
            include=frozenset(constraints.include - gone),
            exclude=frozenset(constraints.exclude - gone),
        ),
        harm={c: v for c, v in scenario.harm.items() if c not in gone},
        risk={c: v for c, v in scenario.risk.items() if c not in gone},
    )


def may_change(actor: Actor, item: StoredScenario) -> bool:
    """Whether ``actor`` may change or delete the stored scenario."""
    return actor.may_change_scenario(item.author)


def require_change(actor: Actor, item: StoredScenario) -> None:
    """:func:`may_change`, or 403."""
    if not may_change(actor, item):
        raise Forbidden("err.scenario_owner", name=item.name, author=item.author)


def refusal(error: BaseException) -> Reason | None:
    """Why deciding refused what caused ``error`` (a workspace error raised ``from`` a
    :class:`~omprio.decide.errors.DecideError`), as a value; None for any other cause."""
    errors = sys.modules.get("omprio.decide.errors")  # never imported: no DecideError either
    cause = error.__cause__
    if errors is None or not isinstance(cause, errors.DecideError):
        return None
    reason: Reason = cause.reason
    return reason


def invalid(error: DecideError) -> InvalidInput:
    """A refused decision as the workspace's 422 (raise it ``from error``: the reason's code and
    parameters travel as its cause)."""
    return InvalidInput("err.problem", problem=error)
