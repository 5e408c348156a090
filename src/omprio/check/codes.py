"""Codes: look-alike and invisible characters in measure codes.

``code-characters``: a code that shows the same as another one but is stored differently
(``BFF-1`` with a zero-width space beside ``BFF-1``, a Cyrillic ``В`` for the Latin ``B``, a
fullwidth letter), a code with a bidirectional control (``\u202eBFF-3A``) or another invisible
format character, and a code that mixes Latin letters with letters of another script
(``ВFF-9``). One finding per code, the most telling first: the code it looks like, else the
character. The characters and the folding are those of :mod:`omprio.fields`, which refuses such
codes when a catalog is imported into the workspace.
"""

from __future__ import annotations

from collections.abc import Iterator

from omprio.check.registry import rule
from omprio.fields import code_problem, look_alikes, show_code
from omprio.findings import Finding, Severity, finding
from omprio.model import Catalog

_KEYS = {"bidi": "code-characters.bidi", "invisible": "code-characters.invisible",
         "mixed-script": "code-characters.mixed-script"}


@rule("code-characters", Severity.ERROR)
def code_characters(catalog: Catalog) -> Iterator[Finding]:
    codes = [measure.code for measure in catalog.measures]
    like = dict(look_alikes(codes))
    for index, measure in enumerate(catalog.measures):
        if index in like:
            other = catalog.measures[codes.index(like[index])]
            yield finding(
                "code-characters",
                Severity.ERROR,
                measure.source,
                key="code-characters.look-alike",
                measure=measure.code,
                code=show_code(measure.code),
                other=other.code,
                at=str(other.source),
            )
            continue
        problem = code_problem("measure.code", measure.code)
        if problem is None or problem.key not in _KEYS:
            continue
        yield finding(
            "code-characters",
            Severity.ERROR,
            measure.source,
            key=_KEYS[problem.key],
            measure=measure.code,
            code=show_code(measure.code),
            char=str(dict(problem.params)["char"]),
        )
