"""Read: turn a document (PDF, extracted text, Word, omprio JSON or omprio's own Excel workbook)
into a catalog and its findings.

:func:`load` is the entry point. It sniffs what the bytes are (never trusting the file name),
decodes text, extracts PDF text with page numbers, and hands the lines to the template reader;
a workbook that ``omprio publish --format xlsx`` wrote is read by :mod:`omprio.read.xlsx`; a Word
document's paragraphs and table rows (:mod:`omprio.read.word`) go to the template reader like
text, and a measure form (:mod:`omprio.read.word_form`) reads as a catalog of its one measure.
With a column mapping (:mod:`omprio.read.mapping`), a CSV or XLSX in a municipality's own
columns is read by :mod:`omprio.read.mapped`.
Input that yields no catalog raises :class:`ReadError`; everything else comes back as a
:class:`Loaded` with the reader's findings, ready for the checks.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from omprio.findings import Finding, Severity, finding
from omprio.model import Catalog, Source
from omprio.read import limits
from omprio.read.cells import join_cell_lines, join_label_blocks
from omprio.read.decode import decode
from omprio.read.lines import TextLine, split_lines
from omprio.read.pages import drop_text_furniture
from omprio.read.template import parse_catalog
from omprio.read_error import ReadError
from omprio.vocabulary.layouts import AARHUS_TEMPLATE

if TYPE_CHECKING:
    from omprio.read.mapping import Mapping

__all__ = ["Loaded", "ReadError", "load", "load_bytes"]

MAX_BYTES = limits.MAX_BYTES


@dataclass(frozen=True, slots=True)
class Loaded:
    """A catalog as read, the findings of reading it, what kind of document it was (``pdf``,
    ``text``, ``json``, ``xlsx``) and the layout recognised in it (a profile id of
    :mod:`omprio.vocabulary.layouts`, or ``omprio-json`` / ``omprio-workbook``; its name for
    people is the catalog's ``layout.<id>``)."""

    catalog: Catalog
    findings: tuple[Finding, ...]
    kind: str
    layout: str = AARHUS_TEMPLATE.id


def load(path: str | Path, mapping: Mapping | None = None) -> Loaded:
    """Read the catalog at ``path`` (a spreadsheet in its own columns by ``mapping``)."""
    name = str(path)
    file = Path(path)
    try:
        if file.is_dir():
            raise ReadError(name, "read.folder")
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(name, "read.file_size", size=size // (1024 * 1024),
                            limit=MAX_BYTES // (1024 * 1024))
        data = file.read_bytes()
    except FileNotFoundError as exc:
        raise ReadError(name, "read.no_file") from exc
    except PermissionError as exc:
        raise ReadError(name, "read.permission") from exc
    except OSError as exc:
        raise ReadError(name, "read.os_error", reason=exc.strerror or exc) from exc
    return load_bytes(data, name, mapping)


def load_bytes(data: bytes, name: str, mapping: Mapping | None = None) -> Loaded:
    """Read a catalog from the bytes of a document; ``name`` is used in messages and sources.
    With ``mapping``, the document is a CSV or XLSX in its own columns."""
    with _collector_paused():
        if mapping is not None:
            from omprio.read.mapped import read_mapped

            catalog, findings = read_mapped(data, name, mapping)
            return Loaded(catalog, tuple(findings), "mapped")
        return _load_bytes(data, name)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while reading: reading makes hundreds of thousands of
    small acyclic objects, and collections over the growing heap cost 15-20 % of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load_bytes(data: bytes, name: str) -> Loaded:
    head = data.lstrip()[:8]
    if head.startswith(b"%PDF"):
        from omprio.read.pdf import pdf_lines  # pypdfium2, only for a PDF

        lines = pdf_lines(data, name)
        catalog, findings, layout = _parse(lines, name)
        return Loaded(catalog, tuple(findings), "pdf", layout)
    if head.startswith(b"PK\x03\x04"):
        from omprio.read.xlsx import is_workbook, read_workbook

        if is_workbook(data):
            return Loaded(read_workbook(data, name), (), "xlsx", "omprio-workbook")
        from omprio.read.word import is_word

        if is_word(data):
            return _load_word(data, name)
        raise ReadError(name, "read.office")
    text, encoding = decode(data, name)
    if text.lstrip().startswith("{"):
        from omprio.interchange import catalog_from_json
        from omprio.money import NumberRefused, loads

        try:
            document = loads(text)
        except NumberRefused as exc:
            raise ReadError(name, "read.problem", problem=exc) from None
        except json.JSONDecodeError as exc:
            raise ReadError(
                name, "read.json", line=exc.lineno, column=exc.colno, reason=exc.msg
            ) from exc
        return Loaded(catalog_from_json(document, name), (), "json", "omprio-json")
    lines = _joined(list(split_lines(text, name)))
    catalog, findings, layout = _parse(lines, name)
    if encoding is not None:
        findings.insert(0, finding("encoding", Severity.INFO, Source(name, 1), encoding=encoding))
    return Loaded(catalog, tuple(findings), "text", layout)


def _joined(lines: list[TextLine]) -> list[TextLine]:
    """Text lines as the readers read them: page furniture dropped, table cells written one
    per line joined into rows."""
    return join_label_blocks(join_cell_lines(drop_text_furniture(lines)))


def _parse(lines: list[TextLine], name: str) -> tuple[Catalog, list[Finding], str]:
    """The catalog in ``lines``, read by the layout that recognises them (else the template)."""
    if lines:
        from omprio.read.layouts import read_layout

        other = read_layout(lines, name)
        if other is not None:
            catalog, findings, profile = other
            return catalog, findings, profile.id
    catalog, findings = parse_catalog(lines, name)
    return catalog, findings, AARHUS_TEMPLATE.id


def _load_word(data: bytes, name: str) -> Loaded:
    """A Word document: a measure form (``omprio template``) as a catalog of its one measure,
    else a whole catalog, read from its paragraphs and table rows like text (in the layout that
    recognises them, else the template's)."""
    from omprio.read.word import word_blocks, word_lines
    from omprio.read.word_form import form_catalog, is_form

    document = word_blocks(data, name)
    if is_form(document):
        catalog, form_findings = form_catalog(document, name)
        return Loaded(catalog, tuple(form_findings), "docx-form", "omprio-word-form")
    catalog, findings, layout = _parse(_joined(word_lines(document, name)), name)
    return Loaded(catalog, tuple(findings), "docx", layout)
