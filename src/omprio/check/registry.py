"""The registry of checks: each rule is a plain function from a catalog to findings.

A rule has a stable id (used in reports, JSON and docs), a default severity and a one-line
title in each language (the catalog's ``rule.<id>``). Modules register their rules with
:func:`rule`; :mod:`omprio.check` imports them all and runs every registered rule in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from omprio.findings import Finding, Severity
from omprio.i18n import Lang, t
from omprio.model import Catalog

CheckFunction = Callable[[Catalog], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered check."""

    id: str
    severity: Severity
    run: CheckFunction

    def title(self, lang: Lang) -> str:
        """What the rule checks, in ``lang`` (the catalog's ``rule.<id>``)."""
        return t(f"rule.{self.id}", lang)

    @property
    def title_da(self) -> str:
        """The title in Danish."""
        return self.title("da")

    @property
    def title_en(self) -> str:
        """The title in English."""
        return self.title("en")


RULES: list[Rule] = []


def rule(id: str, severity: Severity) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check function under a stable rule id (titled by the catalog's
    ``rule.<id>``)."""

    def register(function: CheckFunction) -> CheckFunction:
        if any(existing.id == id for existing in RULES):
            raise ValueError(f"rule {id!r} registered twice")
        RULES.append(Rule(id, severity, function))
        return function

    return register
