"""Login throttling, kept in the database so that it holds across worker processes and restarts.

Three counts of failed logins are kept (table ``login_attempts``):

- per **client address** (an IPv6 address counts by its /64 network): 20 free failures, then
  every further failure refuses logins from that address for 2 s, 4 s, 8 s … at most 15 minutes;
- per **account** (the name as typed, so unknown names are throttled alike and reveal nothing):
  5 free failures, then the same growing delay;
- per **account at one address** (``pair``): the same as per account.

A login that is refused is answered 429 with ``Retry-After`` and costs no password check; it
does not count as a failure (so waiting is always enough). Failures are forgotten an hour after
the last one. A successful login clears the account's and the pair's counts and makes the
address *known* to the account for 90 days. From a known address only the pair's and the
address's counts apply, not the account's: an attacker elsewhere who keeps failing on an
account (even one guess every 15 minutes, forever) cannot lock its owner out of the places the
owner logs in from. From a new address the owner waits out the delay (at most 15 minutes after
the attacker's last failure) or an administrator resets the password, which clears the counts.
"""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, case, delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from omprio.store.schema import LoginAttempts


@dataclass(frozen=True, slots=True)
class Policy:
    """How many failures are free, and the delays after them (doubling from ``base``)."""

    free: int
    base: timedelta
    cap: timedelta

    def delay(self, failures: int) -> timedelta | None:
        """The delay after the ``failures``-th failure in a row, None while still free."""
        beyond = failures - self.free
        if beyond <= 0:
            return None
        delay: timedelta = self.base * 2 ** min(beyond - 1, 30)
        return min(delay, self.cap)


ACCOUNT = Policy(5, timedelta(seconds=2), timedelta(minutes=15))
ADDRESS = Policy(20, timedelta(seconds=2), timedelta(minutes=15))
POLICIES = {"account": ACCOUNT, "address": ADDRESS, "pair": ACCOUNT}
FORGET = timedelta(hours=1)
"""Failures are forgotten this long after the last one."""
KNOWN = timedelta(days=90)
"""An address stays known to an account this long after a successful login from it."""


def address_subject(host: str | None) -> str:
    """The client address as counted: an IPv6 address by its /64 network."""
    text = (host or "unknown").strip()[:100]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return text
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False))
    return str(address)


def account_subject(name: str) -> str:
    """The account as counted: the typed name, trimmed and in lower case."""
    return name.strip().casefold()[:100]


def _subjects(name: str, host: str | None) -> dict[str, str]:
    account, address = account_subject(name), address_subject(host)
    return {"account": account, "address": address, "pair": f"{account}\n{address}"[:200]}


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def retry_after(session: Session, name: str, host: str | None, now: datetime) -> int | None:
    """Seconds until a login of ``name`` from ``host`` may be tried, or None if it may now."""
    subjects = _subjects(name, host)
    rows = {
        row.scope: row
        for row in session.scalars(
            select(LoginAttempts).where(
                or_(*(and_(LoginAttempts.scope == s, LoginAttempts.subject == v)
                      for s, v in subjects.items()))
            )
        )
    }
    pair = rows.get("pair")
    known_at = _aware(pair.known_at) if pair is not None else None
    known = known_at is not None and known_at > now - KNOWN
    waits = []
    for scope in ("address", "pair" if known else "account"):
        row = rows.get(scope)
        until = _aware(row.blocked_until) if row is not None else None
        if until is not None and until > now:
            waits.append(until - now)
    if not waits:
        return None
    return max(1, int(max(waits).total_seconds() + 0.999))


def record_failure(session: Session, name: str, host: str | None, now: datetime) -> None:
    """Count a failed login of ``name`` from ``host`` (each of the three counts)."""
    for scope, subject in _subjects(name, host).items():
        failures = _count(session, scope, subject, now)
        delay = POLICIES[scope].delay(failures)
        if delay is not None:
            session.execute(
                update(LoginAttempts)
                .where(LoginAttempts.scope == scope, LoginAttempts.subject == subject)
                .values(blocked_until=now + delay)
            )
    if random.random() < 0.05:  # now and then, drop what is forgotten
        forget(session, now)


def _count(session: Session, scope: str, subject: str, now: datetime) -> int:
    """Add one failure to a count (atomically: concurrent failures all count); the new count."""
    where = (LoginAttempts.scope == scope, LoginAttempts.subject == subject)
    stale = or_(LoginAttempts.last_failure.is_(None), LoginAttempts.last_failure < now - FORGET)
    for _ in range(3):
        updated = session.execute(
            update(LoginAttempts)
            .where(*where)
            .values(
                failures=case((stale, 1), else_=LoginAttempts.failures + 1),
                last_failure=now,
            )
        )
        if updated.rowcount:  # type: ignore[attr-defined]
            count = session.scalar(select(LoginAttempts.failures).where(*where))
            return int(count or 1)
        try:
            with session.begin_nested():
                session.add(LoginAttempts(scope=scope, subject=subject, failures=1,
                                          last_failure=now))
            return 1
        except IntegrityError:  # another process made the row just now: count on it
            continue
    return 1  # pragma: no cover - the row kept vanishing


def record_success(session: Session, name: str, host: str | None, now: datetime) -> None:
    """A successful login: clear the account's and the pair's counts; the address is known."""
    subjects = _subjects(name, host)
    session.execute(
        update(LoginAttempts)
        .where(LoginAttempts.scope == "account", LoginAttempts.subject == subjects["account"])
        .values(failures=0, blocked_until=None)
    )
    where = (LoginAttempts.scope == "pair", LoginAttempts.subject == subjects["pair"])
    updated = session.execute(
        update(LoginAttempts).where(*where).values(failures=0, blocked_until=None, known_at=now)
    )
    if not updated.rowcount:  # type: ignore[attr-defined]
        try:
            with session.begin_nested():
                session.add(LoginAttempts(scope="pair", subject=subjects["pair"], failures=0,
                                          known_at=now))
        except IntegrityError:  # pragma: no cover - made by a parallel login of the same user
            pass


def clear_account(session: Session, name: str) -> None:
    """Forget the failures of an account (everywhere): after an administrator set its password."""
    account = account_subject(name)
    session.execute(
        update(LoginAttempts)
        .where(
            or_(
                and_(LoginAttempts.scope == "account", LoginAttempts.subject == account),
                and_(LoginAttempts.scope == "pair",
                     LoginAttempts.subject.startswith(account + "\n", autoescape=True)),
            )
        )
        .values(failures=0, blocked_until=None)
    )


def forget(session: Session, now: datetime) -> None:
    """Drop counts whose failures are forgotten and addresses no longer known."""
    quiet = or_(LoginAttempts.last_failure.is_(None), LoginAttempts.last_failure < now - FORGET)
    unknown = or_(LoginAttempts.known_at.is_(None), LoginAttempts.known_at < now - KNOWN)
    session.execute(delete(LoginAttempts).where(quiet, unknown))
