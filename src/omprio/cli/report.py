"""The check report: findings as readable text (grouped by measure) or as JSON.

Text lines read ``path:line: severity rule message`` so editors and CI can jump to them; with a
terminal attached, Rich colours the severities. The JSON shape is
``{"findings": [{"severity", "rule", "measure", "year", "message", "source"}], "summary": …,
"layout": {"id", "name"}}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape

from omprio.display import Lang
from omprio.findings import Finding, Severity
from omprio.i18n import t, tn
from omprio.model import Catalog

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
def location(finding: Finding) -> str:
    """``path:line`` (``path:pPAGE:line`` for a PDF)."""
    return str(finding.source)


def summary(findings: Sequence[Finding]) -> dict[str, int]:
    """Counts by severity."""
    return {
        "errors": sum(1 for f in findings if f.severity is Severity.ERROR),
        "warnings": sum(1 for f in findings if f.severity is Severity.WARNING),
        "info": sum(1 for f in findings if f.severity is Severity.INFO),
    }


def findings_json(
    findings: Sequence[Finding], lang: Lang = "da", layout: str | None = None
) -> dict[str, Any]:
    """The findings as the check JSON document (with the layout recognised, when given:
    ``{"id", "name"}``)."""
    document: dict[str, Any] = {
        "findings": [
            {
                "severity": f.severity.value,
                "rule": f.rule,
                "measure": f.measure,
                "year": f.year,
                "message": f.message(lang),
                "source": {"path": f.source.path, "line": f.source.line, "page": f.source.page},
            }
            for f in findings
        ],
        "summary": summary(findings),
    }
    if layout is not None:
        document["layout"] = {"id": layout, "name": t(f"layout.{layout}", lang)}
    return document


def print_report(
    console: Console, catalog: Catalog, findings: Sequence[Finding], lang: Lang,
    layout: str | None = None,
) -> None:
    """Print the layout recognised (when given), the findings grouped by measure
    (catalog-level first), then a summary line."""
    if layout is not None:
        console.print(escape(t("cli.check.layout", lang, layout=t(f"layout.{layout}", lang))),
                      soft_wrap=True, highlight=False)
    groups: dict[str | None, list[Finding]] = {}
    for item in findings:
        groups.setdefault(item.measure, []).append(item)
    titles = {m.code: m.title for m in catalog.measures}
    heading_catalog = t("cli.catalog", lang)
    for code in sorted(groups, key=lambda c: (c is not None, _order(catalog, c))):
        title = heading_catalog if code is None else f"{code} {titles.get(code, '')}".strip()
        console.print(f"[bold]{escape(title)}[/bold]", soft_wrap=True, highlight=False)
        for item in groups[code]:
            word = t(f"cli.severity.{item.severity.value}", lang)
            console.print(
                f"  {escape(location(item))}: [{_STYLE[item.severity]}]{word}[/] "
                f"{item.rule} {escape(item.message(lang))}",
                soft_wrap=True,
                highlight=False,
            )
    counts = summary(findings)
    line = t("cli.summary.counted", lang,
             measures=tn("cli.count.measure_checked", len(catalog.measures), lang),
             errors=tn("count.error", counts["errors"], lang),
             warnings=tn("count.warning", counts["warnings"], lang),
             info=tn("cli.count.note", counts["info"], lang))
    style = "bold red" if counts["errors"] else "bold green"
    console.print(f"[{style}]{line}[/]", highlight=False, soft_wrap=True)


def _order(catalog: Catalog, code: str | None) -> int:
    for index, measure in enumerate(catalog.measures):
        if measure.code == code:
            return index
    return -1
