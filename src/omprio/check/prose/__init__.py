"""Checks that read the prose: the sentences of descriptions, notes and the introduction.

A catalog states its figures twice, in the tables and in the sentences around them. These rules
read the sentences (:mod:`.text` cuts them and knows where each is, :mod:`.quantities` reads the
amounts, years, staff and percentages they state, :mod:`.figures` holds the table's figures a
statement may describe) and compare what they can tell the referent of:

* ``prose-year-list`` (:mod:`.year_lists`): lists of amounts by year;
* ``prose-approximate``, ``prose-amount``, ``prose-staff``, ``prose-percent``
  (:mod:`.claims`): approximate and exact amounts without a year, staff, percentages;
* ``prose-number-format`` (:mod:`.notation`): numbers that are not Danish notation;
* ``intro-total`` (:mod:`.introduction`): the introduction's totals against the overview.

A sentence whose referent cannot be told (another year, a rate, a range, a negation, an amount
far from every figure) gives nothing. Every text read is bounded (:data:`.text.MOST_TEXT`) and
every pattern is linear, since the rules run as a measure is typed in the edit form.
"""
