"""Documents in the layouts of docs/layouts.md, written from parts (test helper).

:func:`business_case` writes proposals the way København does (head lines, numbered sections,
the economics table with groups, subtotals, net and staff rows); :func:`list_catalog` writes a
list catalog (a unit statement, a header, groups with subtotals, a grand total). Every figure is
given by the test, so a variant (another department, other years, mio. kr., a wrong subtotal, a
short row) is a few arguments, and the expected values are the arguments themselves.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

Cells = Sequence[str]


@dataclass(frozen=True)
class CaseRow:
    """A line of a business case's table: label, budget frame (or ''), one cell per year."""

    label: str
    frame: str
    cells: Cells


@dataclass(frozen=True)
class Proposal:
    """One business case."""

    code: str
    title: str
    department: str
    kind: str
    groups: Sequence[tuple[str, Sequence[CaseRow], tuple[str, Cells] | None]]
    net: tuple[str, Cells] | None
    fte: Cells | None
    sections: Sequence[tuple[str, str]] = field(
        default_factory=lambda: [("BAGGRUND OG FORMÅL", "Forslaget samler opgaverne."),
                                 ("KONSEKVENSER FOR BORGERNE", "Ingen.")]
    )
    table: bool = True


def business_case(
    proposals: Sequence[Proposal],
    years: Sequence[int],
    *,
    unit: str = "1.000 kr.",
    price: str | None = None,
    title: str = "EFFEKTIVISERINGSFORSLAG TIL BUDGET",
    department: str = "Socialforvaltningen",
    opening: bool = True,
) -> str:
    """The text of a document of business cases."""
    price = price or f"{years[0]} p/l"
    lines = [f"{title} {years[0]}", department, "Københavns Kommune", ""]
    for proposal in proposals:
        if opening:
            lines.append("BUSINESS CASE                                    KØBENHAVNS KOMMUNE")
        lines += [
            f"Forslag: {proposal.title}",
            f"Fremstillende forvaltning: {proposal.department}",
            f"Type: {proposal.kind}",
            f"Forslagsnummer: {proposal.code}",
            "",
            "1. FORSLAGETS SAMLEDE ØKONOMISKE KONSEKVENSER",
        ]
        if proposal.table:
            head = "  ".join(f"{year:>8}" for year in years)
            lines += [
                "Tabel 1. Forslagets samlede økonomi",
                f"{unit}, {price}                      Styringsområde  {head}",
            ]
            for group, rows, subtotal in proposal.groups:
                lines.append(group)
                for row in rows:
                    lines.append(f"{row.label:<40} {row.frame:<14} {_cells(row.cells)}")
                if subtotal is not None:
                    lines.append(f"{subtotal[0]:<55} {_cells(subtotal[1])}")
            if proposal.net is not None:
                lines.append(f"{proposal.net[0]:<55} {_cells(proposal.net[1])}")
            if proposal.fte is not None:
                lines.append(f"{'Personalemæssige konsekvenser (åv)':<55} {_cells(proposal.fte)}")
        else:
            lines.append("Forslaget har ingen økonomiske konsekvenser, der kan opgøres endnu.")
        lines.append("")
        for number, (heading, text) in enumerate(proposal.sections, start=2):
            lines += [f"{number}. {heading}", text, ""]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class ListRow:
    """A measure's row of a list catalog: code, title, cells (years, then Årsværk if any)."""

    code: str
    title: str
    cells: Cells


def list_catalog(
    groups: Sequence[tuple[str, Sequence[ListRow], Cells | None]],
    years: Sequence[int],
    *,
    total: Cells | None,
    unit: str = "1.000 kr.",
    fte: bool = True,
    department: str = "Familie- og Beskæftigelsesforvaltningen",
    statement: str | None = None,
    header_unit: str = "",
) -> str:
    """The text of a list catalog (``groups``: heading, rows, subtotal cells or None)."""
    head = "  ".join(f"{year:>8}" for year in years)
    statement = statement or (
        f"Alle beløb i {unit} ({years[0]}-priser). Negative beløb er mindreudgifter."
    )
    lines = [
        "Reduktionsforslag",
        department,
        f"Budget {years[0]}-{years[-1]}",
        "",
        statement,
        "",
        f"Nr.    Forslag {header_unit:<40} {head}" + ("   Årsværk" if fte else ""),
    ]
    for heading, rows, subtotal in groups:
        lines.append(heading)
        for row in rows:
            lines.append(f"{row.code:<6} {row.title:<48} {_cells(row.cells)}")
        if subtotal is not None:
            lines.append(f"I alt {heading.lower():<48} {_cells(subtotal)}")
    if total is not None:
        lines.append(f"{'I alt':<55} {_cells(total)}")
    return "\n".join(lines) + "\n"


def _cells(cells: Cells) -> str:
    return "  ".join(f"{cell:>8}" for cell in cells)


_AMOUNT = re.compile(r"[-–]?[\d.,]+|–")
_HEAD = re.compile(r"(?:19|20)\d\d|Årsværk")


def as_docx(text: str) -> bytes:
    """``text`` as a Word document: lines of a table (a label, cells written apart by two
    spaces or more, ending in an amount or a year) and the headings between them as rows of a
    real Word table, their amounts under the year columns; every other line a paragraph."""
    from docx import Document

    blocks: list[tuple[str, list[list[str]] | str]] = []
    for line in text.splitlines():
        cells = re.split(r"\s{2,}", line.strip())
        is_row = len(cells) > 1 and bool(_AMOUNT.fullmatch(cells[-1]) or _HEAD.fullmatch(cells[-1]))
        in_table = bool(blocks) and blocks[-1][0] == "table"
        heading = in_table and len(cells) == 1 and bool(line.strip()) and not re.match(
            r"^\d+\.\s", line)
        if is_row or heading:
            if not in_table:
                blocks.append(("table", []))
            rows = blocks[-1][1]
            assert isinstance(rows, list)
            rows.append(cells)
        elif line.strip():
            blocks.append(("paragraph", line.strip()))
    document = Document()
    for _kind, content in blocks:
        if isinstance(content, str):
            document.add_paragraph(content)
            continue
        header = content[0]
        width = max(len(cells) for cells in content)
        staff = header[-1] == "Årsværk"
        table = document.add_table(rows=0, cols=width)
        for cells in content:
            row = table.add_row().cells
            amounts = [c for c in cells if _AMOUNT.fullmatch(c) or _HEAD.fullmatch(c)]
            words = cells[: len(cells) - len(amounts)]
            for index, word in enumerate(words):
                row[index].text = word
            gap = 1 if staff and len(amounts) == len(header) - 3 else 0  # an empty staff cell
            for index, amount in enumerate(amounts):
                row[width - gap - len(amounts) + index].text = amount
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
