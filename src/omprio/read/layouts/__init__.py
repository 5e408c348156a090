"""Layouts other than the template: recognised by their profile, read by their shape's module.

:func:`read_layout` looks at the first lines of a document (after page furniture is gone and
cells are joined into rows) and, when a profile of :data:`omprio.vocabulary.layouts.PROFILES`
recognises it, reads it with the module of the profile's shape: :mod:`.business_case` or
:mod:`.listing`. ``None`` means the document is the template's (:mod:`omprio.read.template`).
Both work on :class:`~omprio.read.lines.TextLine` values, so text, PDF (and any reader that hands
over a table as one line per row) read the same.
"""

from __future__ import annotations

from collections.abc import Sequence

from omprio.findings import Finding
from omprio.model import Catalog
from omprio.read.lines import TextLine
from omprio.vocabulary import layouts as v


def read_layout(
    lines: Sequence[TextLine], path: str, profiles: tuple[v.Profile, ...] = v.PROFILES
) -> tuple[Catalog, list[Finding], v.Profile] | None:
    """The catalog, the findings and the profile of a document in another layout, or ``None``
    when none of ``profiles`` recognises it."""
    profile = v.recognise([line.text for line in lines[: v.SCAN_LINES]], profiles)
    if profile is None:
        return None
    from omprio.read.layouts.table import unwrap

    assert profile.table is not None
    lines = unwrap(lines, profile.table)
    if profile.shape == "business-case":
        from omprio.read.layouts.business_case import read_business_cases

        catalog, findings = read_business_cases(lines, path, profile)
    else:
        from omprio.read.layouts.listing import read_list

        catalog, findings = read_list(lines, path, profile)
    return catalog, findings, profile
