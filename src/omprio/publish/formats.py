"""Every format omprio publishes a catalog in, behind one function.

:func:`publish` gives the bytes of one file (PDF, HTML, Word, Excel, CSV) or, for the Fiscal
Data Package, its files by name. The CLI (``omprio publish``) and, later, the web app's download
buttons call it; each format lives in its own module and is imported only when asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

from omprio.display import Lang
from omprio.findings import Finding
from omprio.model import Catalog

Format = Literal["pdf", "html", "docx", "xlsx", "fdp", "csv"]
FORMATS: tuple[Format, ...] = get_args(Format)
SUFFIXES: dict[str, Format] = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".zip": "fdp",
    ".csv": "csv",
}
MEDIA_TYPES: dict[Format, str] = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "fdp": "application/zip",
    "csv": "text/csv; charset=utf-8",
}


def publish(
    catalog: Catalog,
    findings: Sequence[Finding],
    fmt: Format,
    lang: Lang = "da",
    stage: str | None = None,
    version: str | None = None,
) -> bytes | dict[str, bytes]:
    """The catalog in ``fmt``; the documents (PDF, HTML, Word) list ``findings`` in an appendix.

    ``stage`` is the workspace stage (draft, hearing, adopted): it sets the budget phase of the
    Fiscal Data Package; ``version`` (a workspace version, ``catalog 3, version 7``) is recorded in
    the workbook. Raises :class:`~omprio.publish.errors.PublishError`.
    """
    if fmt == "pdf":
        from omprio.publish.pdf import catalog_pdf

        return catalog_pdf(catalog, findings, lang)
    if fmt == "html":
        from omprio.publish.html import catalog_html

        return catalog_html(catalog, findings, lang).encode("utf-8")
    if fmt == "docx":
        from omprio.publish.word import catalog_docx

        return catalog_docx(catalog, findings, lang)
    if fmt == "xlsx":
        from omprio.publish.excel import catalog_xlsx

        return catalog_xlsx(catalog, lang, version)
    if fmt == "fdp":
        from omprio.publish.fdp import catalog_fdp

        return catalog_fdp(catalog, stage)
    from omprio.publish.csv_export import catalog_to_csv

    return catalog_to_csv(catalog).encode("utf-8")
