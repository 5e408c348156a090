"""The application services: what the command line, the pages and the REST API all call.

A service sits above :mod:`omprio.decide` and :mod:`omprio.store` (which do not know each other)
and below :mod:`omprio.cli` and :mod:`omprio.web` (which only read input and show the answer):

* :mod:`omprio.service.decide` - solve (optimize, chance constraint, simulate), evaluate a stored
  scenario on the latest version or its own, who may change a scenario;
* :mod:`omprio.service.decide_json` - the one JSON encoder of evaluations, optimize answers,
  comparisons and stored scenarios, so that ``--format json``, the pages' JSON twins and the
  REST API agree key for key.
"""
