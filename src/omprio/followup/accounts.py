"""Realized amounts from an accounting system's export: a mapping from accounts and cost centres
to measures, and the export's rows summed per measure and year.

KMD Opus, Prisme and SAP export postings by account and cost centre, in CSV (``;`` or ``,``,
UTF-8 or cp1252) or XLSX: columns such as ``Konto``/``Kontonummer``, ``Omkostningssted``/
``Costcenter``, ``Beløb``/``Forbrug``, ``Periode``/``Dato`` and ``Tekst``. An
:class:`AccountRule` ties accounts, cost centres or both to a measure; a pattern is an exact
value (``4711``), a prefix (``47*``) or a range (``4700-4799`` or ``4700..4799``, inclusive,
numeric when both ends are digits). A row takes the first rule that matches it, the most
specific first: exact before range before prefix (the longer prefix first), a rule on both
account and cost centre before one on either, then the mapping's order.

Amounts: an export is in kroner; the sum is divided by the catalog's unit (``1.000 kr.``:
by 1.000) exactly, and taken with its sign as booked: an expense is positive, a reduction
negative, so a realized saving is negative as in the catalog (docs/followup.md). The year of a
row is its year column (``År``, ``Regnskabsår``) if the export has one, else the year written in
its date or period (``2024-03-15``, ``15.03.2024``, ``202403``). Rows that no rule matches, or
of a year outside the agreement's period, are listed, not counted. Anything unreadable (a
missing column, an amount that is no number, a row without a year) is a
:class:`~omprio.followup.model.FollowupProblem` naming the line, and nothing is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from omprio.followup.model import FollowupProblem
from omprio.followup.table import table_rows
from omprio.money import ZERO, NumberRefused, amount, typed_amount

ACCOUNT_HEADINGS = ("konto", "kontonummer", "kontonr", "kontonr.", "konto nr", "account",
                    "account number", "artskonto", "gl account", "g/l account", "finanskonto")
CENTRE_HEADINGS = ("omkostningssted", "omk.sted", "omk. sted", "omkostningsted", "costcenter",
                   "cost center", "cost centre", "omkostningssted nr", "ansvarssted")
AMOUNT_HEADINGS = ("beløb", "belob", "forbrug", "amount", "bogført beløb", "beløb i kr",
                   "beløb dkk", "amount in local currency", "faktisk")
DATE_HEADINGS = ("dato", "periode", "date", "period", "bogføringsdato", "posteringsdato",
                 "posting date", "bilagsdato")
YEAR_HEADINGS = ("år", "regnskabsår", "year", "fiscal year", "finansår")
TEXT_HEADINGS = ("tekst", "text", "posteringstekst", "beskrivelse", "description")
CODE_HEADINGS = ("tiltag", "measure", "kode", "code")
MOST_RULES = 10_000
MOST_PATTERN = 100
UNIT_FACTORS: Mapping[str, Decimal] = {"1.000 kr.": Decimal(1000), "mio. kr.": Decimal(1_000_000),
                                       "kr.": Decimal(1)}
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_COMPACT = re.compile(r"^(19\d\d|20\d\d)(0[1-9]|1[0-2])(\d\d)?$")


def _key(heading: str) -> str:
    return " ".join(heading.strip().lower().replace("_", " ").split())


@dataclass(frozen=True, slots=True)
class Pattern:
    """An exact value, a prefix (``47*``) or a range (``4700-4799``); empty matches anything."""

    text: str

    @property
    def kind(self) -> str:
        """``any``, ``exact``, ``prefix`` or ``range``."""
        if not self.text:
            return "any"
        if self.text.endswith("*"):
            return "prefix"
        if self._ends() is not None:
            return "range"
        return "exact"

    def _ends(self) -> tuple[str, str] | None:
        if ".." in self.text:
            low, _, high = self.text.partition("..")
        elif self.text.count("-") == 1:
            low, _, high = self.text.partition("-")
            if not (low.isdigit() and high.isdigit()):
                return None
        else:
            return None
        low, high = low.strip(), high.strip()
        return (low, high) if low and high else None

    def matches(self, value: str) -> bool:
        """Whether ``value`` (trimmed) is this pattern's."""
        kind = self.kind
        if kind == "any":
            return True
        if kind == "exact":
            return value == self.text
        if kind == "prefix":
            return value.startswith(self.text[:-1])
        ends = self._ends()
        assert ends is not None
        low, high = ends
        if low.isdigit() and high.isdigit():
            return value.isdigit() and int(low) <= int(value) <= int(high)
        return low <= value <= high

    @property
    def weight(self) -> int:
        """How specific: exact 3000, range 2000, prefix 1000 + its length, any 0."""
        return {"exact": 3000, "range": 2000, "prefix": 1000 + len(self.text), "any": 0}[self.kind]


@dataclass(frozen=True, slots=True)
class AccountRule:
    """Accounts and/or cost centres (patterns; empty: any) that belong to a measure."""

    account: str
    cost_centre: str
    code: str

    @property
    def weight(self) -> int:
        """How specific the rule is (see the module doc)."""
        return Pattern(self.account).weight + Pattern(self.cost_centre).weight


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One posting of an export: its line, account, cost centre, year, amount (kroner) and
    text, and the measure its rule gave (``""``: none) or why it is not counted
    (``no_rule``, ``year_outside``)."""

    line: int
    account: str
    cost_centre: str
    year: int
    amount: Decimal
    text: str
    code: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class AccountsResult:
    """An export read against a mapping: every row with what it matched, and the realized
    amounts per measure and year (in the catalog's unit)."""

    rows: tuple[ExportRow, ...]
    realized: dict[tuple[str, int], Decimal]
    unit: str

    @property
    def matched(self) -> tuple[ExportRow, ...]:
        """The rows a rule matched, in a year of the period."""
        return tuple(r for r in self.rows if r.code)

    @property
    def unmatched(self) -> tuple[ExportRow, ...]:
        """The rows not counted, with their reason."""
        return tuple(r for r in self.rows if not r.code)


def _column(names: list[str], headings: Sequence[str]) -> int | None:
    for heading in headings:
        if heading in names:
            return names.index(heading)
    return None


def read_mapping(data: bytes, name: str, codes: Iterable[str]) -> list[AccountRule]:
    """The rules of a mapping file: a header with ``konto`` (or ``omkostningssted``, or both)
    and ``tiltag``, then one rule a row. A measure not in ``codes``, a row without a measure or
    without any pattern, a pattern too long: a :class:`FollowupProblem`."""
    known = set(codes)
    rows = table_rows(data, name)
    if not rows:
        raise FollowupProblem("followup.empty")
    names = [_key(h) for h in rows[0]]
    account = _column(names, ACCOUNT_HEADINGS)
    centre = _column(names, CENTRE_HEADINGS)
    code = _column(names, CODE_HEADINGS)
    header = ", ".join(h.strip() for h in rows[0])[:200]
    if code is None:
        raise FollowupProblem("followup.missing_column", column="tiltag", header=header)
    if account is None and centre is None:
        raise FollowupProblem("followup.missing_column", column="konto", header=header)
    rules: list[AccountRule] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(at: int | None, row: list[str] = row) -> str:
            return "".join(row[at].split()) if at is not None and at < len(row) else ""

        rule = AccountRule(cell(account), cell(centre), cell(code).upper())
        if not rule.code:
            raise FollowupProblem("followup.no_code", line=line)
        if rule.code not in known:
            raise FollowupProblem("followup.unknown_code_line", code=rule.code, line=line)
        if not rule.account and not rule.cost_centre:
            raise FollowupProblem("followup.accounts_no_pattern", line=line)
        if max(len(rule.account), len(rule.cost_centre)) > MOST_PATTERN:
            raise FollowupProblem("followup.accounts_long_pattern", line=line, most=MOST_PATTERN)
        rules.append(rule)
        if len(rules) > MOST_RULES:
            raise FollowupProblem("followup.too_many_rows", most=MOST_RULES)
    return rules


def has_account_columns(header: Sequence[str]) -> bool:
    """Whether a table's header is an accounts export (an account or cost-centre column and an
    amount column) rather than a follow-up table."""
    names = [_key(h) for h in header]
    return ((_column(names, ACCOUNT_HEADINGS) is not None
             or _column(names, CENTRE_HEADINGS) is not None)
            and _column(names, AMOUNT_HEADINGS) is not None
            and "measure" not in names)


class _Matcher:
    """The rules ordered for a quick first match: exact account rules by dict, the rest in
    order of weight."""

    def __init__(self, rules: Sequence[AccountRule]) -> None:
        ordered = sorted(enumerate(rules), key=lambda p: (-p[1].weight, p[0]))
        # (weight: exact 3000 > range 2000 > prefix 1000 + length, summed over both patterns)
        self.exact: dict[str, str] = {}
        self.others: list[tuple[Pattern, Pattern, str]] = []
        self.before_exact: list[tuple[Pattern, Pattern, str]] = []
        for _, rule in ordered:
            a, c = Pattern(rule.account), Pattern(rule.cost_centre)
            if a.kind == "exact" and c.kind == "any":
                self.exact.setdefault(rule.account, rule.code)
            elif a.kind != "any" and c.kind != "any":  # on both: before one on either
                self.before_exact.append((a, c, rule.code))
            else:
                self.others.append((a, c, rule.code))

    def code(self, account: str, centre: str) -> str:
        for a, c, code in self.before_exact:
            if a.matches(account) and c.matches(centre):
                return code
        found = self.exact.get(account)
        if found is not None:
            return found
        for a, c, code in self.others:
            if a.matches(account) and c.matches(centre):
                return code
        return ""


def _year_of(text: str, line: int) -> int:
    token = text.strip()
    compact = _COMPACT.match(token)
    if compact:
        return int(compact.group(1))
    found = _YEAR.search(token)
    if found is None:
        raise FollowupProblem("followup.accounts_no_year", line=line, value=token[:40])
    return int(found.group(1))


_DANISH = re.compile(r"^-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?$")


def _amount(text: str, line: int) -> Decimal:
    token = text.strip()
    if _DANISH.match(token):  # the usual -1.234.567,89: read directly (100,000 rows)
        return Decimal(token.replace(".", "").replace(",", "."))
    token = token.replace("kr.", "").replace("kr", "").strip()
    if not token:
        raise FollowupProblem("followup.bad_number", line=line, column="beløb", value="")
    try:
        if "e" in token.lower():
            return amount(token)
        return typed_amount(token, "da")
    except (NumberRefused, ValueError):
        raise FollowupProblem("followup.bad_number", line=line, column="beløb",
                              value=token[:40]) from None


def match_export(
    data: bytes, name: str, rules: Sequence[AccountRule], years: Sequence[int], unit: str
) -> AccountsResult:
    """Read an accounts export and match its rows against ``rules`` (see the module doc)."""
    if not rules:
        raise FollowupProblem("followup.accounts_no_mapping")
    rows = table_rows(data, name)
    if not rows:
        raise FollowupProblem("followup.empty")
    names = [_key(h) for h in rows[0]]
    header = ", ".join(h.strip() for h in rows[0])[:200]
    account = _column(names, ACCOUNT_HEADINGS)
    centre = _column(names, CENTRE_HEADINGS)
    money = _column(names, AMOUNT_HEADINGS)
    year_at = _column(names, YEAR_HEADINGS)
    date_at = _column(names, DATE_HEADINGS)
    text_at = _column(names, TEXT_HEADINGS)
    if account is None and centre is None:
        raise FollowupProblem("followup.missing_column", column="konto", header=header)
    if money is None:
        raise FollowupProblem("followup.missing_column", column="beløb", header=header)
    if year_at is None and date_at is None:
        raise FollowupProblem("followup.missing_column", column="periode", header=header)
    needs_account = any(r.account for r in rules)
    needs_centre = any(r.cost_centre for r in rules)
    if (needs_account and account is None) or (needs_centre and centre is None):
        raise FollowupProblem("followup.missing_column",
                              column="konto" if needs_account and account is None
                              else "omkostningssted", header=header)
    factor = UNIT_FACTORS.get(unit, Decimal(1000))
    period = set(years)
    matcher = _Matcher(rules)
    read: list[ExportRow] = []
    sums: dict[tuple[str, int], Decimal] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(at: int | None, row: list[str] = row) -> str:
            return row[at] if at is not None and at < len(row) else ""

        acc = "".join(cell(account).split())
        cc = "".join(cell(centre).split())
        value = _amount(cell(money), line)
        year = _year_of(cell(year_at) if year_at is not None else cell(date_at), line)
        text = cell(text_at).strip()[:200]
        code = matcher.code(acc, cc)
        if not code:
            read.append(ExportRow(line, acc, cc, year, value, text, "", "no_rule"))
        elif year not in period:
            read.append(ExportRow(line, acc, cc, year, value, text, "", "year_outside"))
        else:
            read.append(ExportRow(line, acc, cc, year, value, text, code))
            sums[code, year] = sums.get((code, year), ZERO) + value
    return AccountsResult(tuple(read), {k: v / factor for k, v in sorted(sums.items())}, unit)
