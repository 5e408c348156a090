"""Decide: scenarios against the yearly targets, the optimal package of measures, and risk.

* :mod:`~omprio.decide.targets` - the catalog's own target and the candidate measures;
* :mod:`~omprio.decide.problem` - a checked, exact decision problem and the definitions used
  everywhere (package, positions lost, objectives);
* :mod:`~omprio.decide.optimize` - the optimal package with HiGHS (proven, or with its gap),
  next-best packages; :mod:`~omprio.decide.diagnose` - why a target cannot be reached;
* :mod:`~omprio.decide.enumerate` - the exhaustive reference the tests hold the optimizer to;
* :mod:`~omprio.decide.risk` - Monte Carlo of how sure a package's savings are;
  :mod:`~omprio.decide.chance` - optimizing for a probability of reaching the target;
* :mod:`~omprio.decide.scenario`, :mod:`~omprio.decide.scenario_json`,
  :mod:`~omprio.decide.compare` - named selections, their figures, JSON form and comparison;
* :mod:`~omprio.decide.csv_inputs` - harm scores and uncertainties from CSV files.

Amounts stay exact ``Decimal`` throughout; the solver works on exactly scaled integers and its
answers are checked again in Decimal. Only the Monte Carlo estimates are floating point.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from omprio.decide.constraints import Cap, Constraints
    from omprio.decide.errors import DecideError
    from omprio.decide.optimize import Options, Outcome
    from omprio.decide.problem import OBJECTIVES, Objective, Problem, Request, build_problem

# The names above, imported on first use: importing omprio.decide (or only decide.errors) must
# not load numpy and HiGHS, which a command line that never solves does not need. The function
# `optimize` is not among them: `omprio.decide.optimize` is its module.
_WHERE = {
    "Cap": "constraints",
    "Constraints": "constraints",
    "DecideError": "errors",
    "OBJECTIVES": "problem",
    "Objective": "problem",
    "Options": "optimize",
    "Outcome": "optimize",
    "Problem": "problem",
    "Request": "problem",
    "build_problem": "problem",
}

__all__ = [
    "OBJECTIVES",
    "Cap",
    "Constraints",
    "DecideError",
    "Objective",
    "Options",
    "Outcome",
    "Problem",
    "Request",
    "build_problem",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
