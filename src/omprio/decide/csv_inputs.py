"""The CSV files a user writes for deciding: harm scores and how sure each saving is.

* harm: ``code,harm`` - a score per measure (e.g. 1-5); measures not listed score 1;
* risk: ``code,probability`` (realized in full with this probability, else not at all),
  ``code,low,likely,high`` (a triangular range, as fractions of the net), or all four columns.

The first line names the columns (any order; extra columns are ignored). Fields are separated
by commas, or by semicolons as Danish spreadsheets write them (then ``0,85`` is a decimal comma).
Fractions may be written ``0.85``, ``0,85`` or ``85 %``. Blank lines and lines starting with
``#`` are skipped. Every problem is a :class:`~omprio.decide.errors.DecideError` naming the line.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from omprio.decide.errors import DecideError
from omprio.decide.exact import parse_amount, parse_fraction, parse_share
from omprio.decide.risk import Uncertainty


def read_harm(path: Path) -> dict[str, Decimal]:
    """Harm scores by code from a ``code,harm`` CSV file."""
    scores: dict[str, Decimal] = {}
    for line, row in _rows(path, required=("harm",)):
        code = row["code"]
        if code in scores:
            raise DecideError("csv-twice", where=f"{path}:{line}", code=code)
        value = parse_amount(row["harm"], f"{path}:{line}: harm score of {code}")
        if value < 0:
            raise DecideError("csv-harm-negative", where=f"{path}:{line}", code=code)
        scores[code] = value
    return scores


def read_risk(path: Path) -> dict[str, Uncertainty]:
    """Uncertainty by code from a ``code,probability`` and/or ``code,low,likely,high`` CSV."""
    found: dict[str, Uncertainty] = {}
    rows = _rows(path, required=())
    for line, row in rows:
        code = row["code"]
        if code in found:
            raise DecideError("csv-twice", where=f"{path}:{line}", code=code)
        where = f"{path}:{line}: {code}"
        probability = Decimal(1)
        if row.get("probability", "").strip():
            probability = parse_fraction(row["probability"], f"{where}: probability")
        span = [row.get(key, "").strip() for key in ("low", "likely", "high")]
        low = likely = high = Decimal(1)
        if any(span):
            if not all(span):
                raise DecideError("risk-span", where=where)
            low, likely, high = (
                parse_share(text, f"{where}: {key}")
                for text, key in zip(span, ("low", "likely", "high"), strict=True)
            )
            if not low <= likely <= high:
                raise DecideError("risk-order", where=where)
        found[code] = Uncertainty(probability, low, likely, high)
    return found


def _rows(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DecideError("no-file", path=str(path)) from None
    except UnicodeDecodeError:
        raise DecideError("not-utf8", path=str(path)) from None
    except OSError as error:
        cause = str(error.strerror or error)
        raise DecideError("unreadable", path=str(path), cause=cause) from None
    lines = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not lines:
        raise DecideError("csv-empty", path=str(path))
    delimiter = ";" if ";" in lines[0][1] else ","
    header = [name.strip().lower() for name in next(csv.reader([lines[0][1]], delimiter=delimiter))]
    if "code" not in header:
        raise DecideError("csv-no-code-column", where=f"{path}:{lines[0][0]}")
    for name in required:
        if name not in header:
            raise DecideError("csv-no-column", where=f"{path}:{lines[0][0]}", column=name)
    if not required and not {"probability", "low", "likely", "high"} & set(header):
        raise DecideError("csv-risk-columns", where=f"{path}:{lines[0][0]}")
    rows: list[tuple[int, dict[str, str]]] = []
    for number, line in lines[1:]:
        fields = next(csv.reader([line], delimiter=delimiter))
        if len(fields) != len(header):
            many = len(fields) > len(header)
            raise DecideError(
                "csv-fields-comma" if many else "csv-fields",
                where=f"{path}:{number}", expected=len(header), found=len(fields),
            )  # fmt: skip
        row = {name: value.strip() for name, value in zip(header, fields, strict=False)}
        if not row["code"]:
            raise DecideError("csv-no-code", where=f"{path}:{number}")
        rows.append((number, row))
    return rows
