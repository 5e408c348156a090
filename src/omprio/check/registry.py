"""The registry of checks: each rule is a plain function from a catalog to findings.

A rule has a stable id (used in reports, JSON and docs), a default severity and a one-line
title in Danish and English. Modules register their rules with :func:`rule`; :mod:`omprio.check`
imports them all and runs every registered rule in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from omprio.findings import Finding, Severity
from omprio.model import Catalog

CheckFunction = Callable[[Catalog], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered check."""

    id: str
    severity: Severity
    title_da: str
    title_en: str
    run: CheckFunction


RULES: list[Rule] = []


def rule(
    id: str, severity: Severity, title_da: str, title_en: str
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under a stable rule id."""

    def register(function: CheckFunction) -> CheckFunction:
        if any(existing.id == id for existing in RULES):
            raise ValueError(f"rule {id!r} registered twice")
        RULES.append(Rule(id, severity, title_da, title_en, function))
        return function

    return register
