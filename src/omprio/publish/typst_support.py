"""Typst for omprio: compile offline with the bundled fonts, pass text safely, wrap it safely.

Typst (the ``typst`` package from PyPI) compiles without network or system fonts: omprio uses
only the fonts the compiler bundles (Libertinus Serif, New Computer Modern, DejaVu Sans Mono), so
a document looks the same on every machine. Text reaches Typst as data (JSON in ``sys.inputs``)
or as escaped string literals, never as markup, so ``-1.000`` stays a hyphen-minus and quotes
stay as written.

:func:`segments` splits running text into plain runs and unbreakable boxes, so that a line never
breaks inside ``Brobyg-fraværsindsats``, after a hyphen, or right before a word that would make
the line look like a field of the template (``Sektor``, ``Besparelse``, ``Netto`` …): a PDF of a
catalog must extract to the text the template reader reads.
"""

from __future__ import annotations

import re
from typing import Literal

import typst

from omprio.publish.errors import PublishError

FONT = "Libertinus Serif"
"""The body font: bundled with Typst, with æøå, tabular lining figures and small caps."""

# A line may break inside a word at any character but letters, digits and this punctuation.
_HAZARD = re.compile(r"[^\w.,:;'’‘\"“”«»()]")
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212")
# Words a line must not start with: they would make it a field, note or row of the template.
_LINE_START = re.compile(
    r"(?:Sektor|Budget|Besparelse|Anm\.|Note|Bemærk|\*|Netto|Personale|Overblik|Tema)",
    re.IGNORECASE,
)
_LINE_START_INITIALS = frozenset("SsBbAaNn*PpOoTt")

Segment = tuple[int, str]
"""``(0, "plain words")`` may break at its spaces; ``(1, "text")`` is one unbreakable box."""


def segments(text: str) -> list[Segment]:
    """The words of ``text`` as plain runs and unbreakable boxes, joined by single spaces."""
    result: list[Segment] = []
    plain: list[str] = []  # words of the plain run being built (when no box is)
    group: list[str] = []  # words of the box being built
    glue_next = False
    for token in text.split():
        if glue_next or (
            token[0] in _LINE_START_INITIALS
            and (group or plain)
            and _LINE_START.match(token) is not None
        ):
            if not group:  # the previous word and this one become a box
                last = plain.pop()
                if plain:
                    result.append((0, " ".join(plain)))
                    plain = []
                group = [last]
            group.append(token)
        elif _HAZARD.search(token) is not None:
            if group:
                result.append((1, " ".join(group)))
            elif plain:
                result.append((0, " ".join(plain)))
                plain = []
            group = [token]
        else:
            if group:
                result.append((1, " ".join(group)))
                group = []
            plain.append(token)
        glue_next = token[-1] in _DASHES
    if group:
        result.append((1, " ".join(group)))
    elif plain:
        result.append((0, " ".join(plain)))
    return result


def typst_string(text: str) -> str:
    """``text`` as a Typst string literal (``"…"`` with escapes)."""
    out = ['"']
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 32 or ord(char) == 127:
            out.append(f"\\u{{{ord(char):x}}}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def compile_pages(
    source: str,
    fmt: Literal["pdf", "svg", "png"],
    inputs: dict[str, str] | None = None,
    ppi: float | None = None,
) -> list[bytes]:
    """Compile a Typst document offline; the PDF as one item, SVG or PNG one item per page."""
    try:
        result = typst.compile(
            source.encode("utf-8"),
            format=fmt,
            ignore_system_fonts=True,
            sys_inputs=inputs or {},
            ppi=ppi,
        )
    except typst.TypstError as error:  # a bug of omprio's templates, or text Typst refuses
        raise PublishError("publish.err.typeset", error=error.message) from error
    if isinstance(result, list):
        return result
    assert result is not None
    return [result]
