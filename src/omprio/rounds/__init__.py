"""The budget round: requirements on the whole municipality, split over departments by keys.

A :class:`~omprio.rounds.model.BudgetRound` (budgetrunde) holds departments, allocation keys
(fordelingsnøgler), requirements (sparekrav) and the catalogs that answer them.
:mod:`~omprio.rounds.allocate` splits each requirement exactly over the departments (largest
remainder, so the parts add up to the total every year); :mod:`~omprio.rounds.round_json` is
the ``omprio.round/1`` interchange format; :mod:`~omprio.rounds.prices` reads price levels and
imported price and wage indexes and moves amounts between price levels. Problems are values
(:class:`RoundProblem`: a code and parameters), said in the reader's language from the
catalog's ``round.<code>`` strings.
"""
