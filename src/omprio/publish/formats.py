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
from omprio.model import Catalog, in_catalog
from omprio.publish.edition import Edition, public_catalog

Format = Literal["pdf", "html", "docx", "xlsx", "fdp", "csv", "excel-csv"]
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
    "excel-csv": "text/csv; charset=utf-8",
}


def publish(
    catalog: Catalog,
    findings: Sequence[Finding],
    fmt: Format,
    lang: Lang = "da",
    edition: Edition | None = None,
) -> bytes | dict[str, bytes]:
    """The catalog in ``fmt``; the documents (PDF, HTML, Word) list ``findings`` in an appendix.

    ``edition`` is the stored version published (see :mod:`omprio.publish.edition`): the
    documents and the workbook say its stage, version and date, and mark a catalog not
    adopted; its stage sets the budget phase of the Fiscal Data Package. ``None`` for a plain
    file: the files then name only the catalog. Source locations keep only the file's name.
    Raises :class:`~omprio.publish.errors.PublishError`.
    """
    catalog = public_catalog(in_catalog(catalog))  # only accepted measures are published
    codes = {measure.code for measure in catalog.measures}
    findings = public_catalog(tuple(f for f in findings if f.measure is None or f.measure in codes))
    if fmt == "pdf":
        from omprio.publish.pdf import catalog_pdf

        return catalog_pdf(catalog, findings, lang, edition)
    if fmt == "html":
        from omprio.publish.html import catalog_html

        return catalog_html(catalog, findings, lang, edition).encode("utf-8")
    if fmt == "docx":
        from omprio.publish.word import catalog_docx

        return catalog_docx(catalog, findings, lang, edition)
    if fmt == "xlsx":
        from omprio.publish.excel import catalog_xlsx

        return catalog_xlsx(catalog, lang, edition)
    if fmt == "fdp":
        from omprio.publish.fdp import catalog_fdp

        return catalog_fdp(catalog, edition.stage if edition else None)
    if fmt == "excel-csv":
        from omprio.publish.csv_export import catalog_to_sheet_csv

        return catalog_to_sheet_csv(catalog, lang)
    from omprio.publish.csv_export import catalog_to_csv

    return catalog_to_csv(catalog).encode("utf-8")


def publish_measure(
    catalog: Catalog,
    code: str,
    lang: Lang = "da",
    edition: Edition | None = None,
) -> bytes:
    """One measure's page as a PDF, in the layout of the catalog's measure pages, with the
    catalog's name, stage and version. Raises :class:`~omprio.publish.errors.PublishError`
    when the catalog has no measure ``code``."""
    from omprio.publish.pdf import measure_pdf

    return measure_pdf(public_catalog(catalog), code, lang, edition)
