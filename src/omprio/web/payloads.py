"""JSON data for the API and for the JSON twins of the pages, built from workspace values.

One function per kind of answer; the shapes are the models of :mod:`omprio.web.schemas`, and
the findings shape is the one ``omprio check --format json`` prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from omprio.display import Lang
from omprio.findings import Finding
from omprio.interchange import catalog_to_json
from omprio.model import Source
from omprio.publish.edition import file_name, public_catalog
from omprio.store.diff import CatalogDiff
from omprio.store.errors import NotFound
from omprio.store.workspace import CatalogDetails, CatalogSummary, StoredVersion, VersionInfo
from omprio.web.figures import count


def source(item: Source) -> dict[str, Any]:
    """A source location: the file's name, never its folders."""
    return {"path": file_name(item.path), "line": item.line, "page": item.page}


def summary(findings: Sequence[Finding]) -> dict[str, int]:
    """Findings counted by severity."""
    counts = count(findings)
    return {"errors": counts.errors, "warnings": counts.warnings, "info": counts.info}


def finding(item: Finding, lang: Lang) -> dict[str, Any]:
    """One finding with its message in ``lang``."""
    return {
        "severity": item.severity.value,
        "rule": item.rule,
        "measure": item.measure,
        "year": item.year,
        "message": item.message(lang),
        "source": source(item.source),
    }


def findings(items: Sequence[Finding], lang: Lang) -> dict[str, Any]:
    """The check report."""
    return {"findings": [finding(f, lang) for f in items], "summary": summary(items)}


def version(info: VersionInfo) -> dict[str, Any]:
    """One version."""
    return {
        "number": info.number,
        "stage": info.stage,
        "created_at": info.created_at,
        "author": info.author,
        "message": info.message,
        "source_name": info.source_name,
        "errors": info.errors,
        "warnings": info.warnings,
    }


def versions(infos: Sequence[VersionInfo]) -> list[dict[str, Any]]:
    """Every version of a catalog, newest first."""
    return [version(v) for v in infos]


def catalog_list(items: Sequence[CatalogSummary]) -> list[dict[str, Any]]:
    """The catalog list."""
    return [catalog_item(c) for c in items]


def catalog_item(item: CatalogSummary) -> dict[str, Any]:
    """One catalog of the list."""
    return {
        "id": item.id,
        "title": item.title,
        "name": item.name,
        "description": item.description,
        "department": item.department,
        "public": item.public,
        "stage": item.latest.stage,
        "measures": item.measures,
        "latest": version(item.latest),
    }


def catalog_details(details: CatalogDetails) -> dict[str, Any]:
    """A catalog of the list with every change of its name, description and department."""
    return {
        **catalog_item(details.summary),
        "versions": details.summary.versions,
        "renames": [
            {
                "changed_at": r.changed_at,
                "author": r.author,
                "name": r.name,
                "description": r.description,
                "department": r.department,
            }
            for r in details.renames
        ],
    }


def catalog(stored: StoredVersion) -> dict[str, Any]:
    """The catalog of a version as ``omprio.catalog/1``."""
    return catalog_to_json(public_catalog(stored.catalog))


def measure(stored: StoredVersion, code: str, lang: Lang) -> dict[str, Any]:
    """One measure of a version with its findings."""
    document = catalog_to_json(public_catalog(stored.catalog))
    found = next((m for m in document["measures"] if m["code"] == code), None)
    if found is None:
        raise NotFound("err.no_measure", code=code)
    return {
        "catalog_id": stored.info.catalog_id,
        "version": stored.info.number,
        "measure": found,
        "findings": [finding(f, lang) for f in stored.findings if f.measure == code],
    }


def diff(result: CatalogDiff, old: int, new: int) -> dict[str, Any]:
    """The difference between two versions."""
    return {"from": old, "to": new, **result.to_json()}


def stored(item: StoredVersion) -> dict[str, Any]:
    """What a write created."""
    return {
        "id": item.info.catalog_id,
        "version": item.info.number,
        "stage": item.info.stage,
        "public": item.public,
        "summary": summary(item.findings),
        "unchanged": item.unchanged,
    }
