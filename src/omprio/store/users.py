"""Users, logins, browser sessions and API tokens of a workspace, and how access ends.

:class:`Accounts` is the part of :class:`~omprio.store.workspace.Workspace` that knows people:
creating a user under the password policy (:mod:`omprio.store.passwords`), their role and
operating areas (known ones, once the workspace holds catalogs), logging in with
throttling (:mod:`omprio.store.throttle`) and a bound on concurrent Argon2 checks, sessions,
tokens with an expiry, and ending access: deactivating a user (their sessions end at once, their
tokens stop working), setting a new password (sessions end, throttling cleared), revoking a
token, ending one session (listed by a short id that says nothing of its key) or all others.
The last active administrator can neither be deactivated nor lose the role.

Argon2id uses 64 MiB per check: at most :data:`PASSWORD_CHECKS` run at once in a process, and a
login that cannot start one within :data:`PASSWORD_CHECK_WAIT` seconds is refused as busy
(503), so a flood of logins neither exhausts memory nor starves the other requests.
"""

from __future__ import annotations

import functools
import secrets
import threading
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, DateTime, String, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from omprio.store import accounts, throttle
from omprio.store.accounts import Actor
from omprio.store.errors import Busy, Conflict, InvalidInput, NotFound
from omprio.store.passwords import MAX_LENGTH, password_problem
from omprio.store.schema import ApiToken, User, VersionMeasure, WebSession

SESSION_HOURS = 12
"""How long a browser session lasts (the session cookie's lifetime too)."""
TOKEN_DAYS = 90
"""How long a new API token works unless told otherwise."""
PASSWORD_CHECKS = 2
"""Argon2 checks at most at once in one process."""
PASSWORD_CHECK_WAIT = 10.0
"""Seconds a login waits for a free password check before it is refused as busy."""
_LAST_USED_EVERY = timedelta(hours=1)

_CHECKS = threading.BoundedSemaphore(PASSWORD_CHECKS)


@functools.cache
def dummy_hash() -> str:
    """What a login of an unknown name checks its password against, so that it takes as long
    as a wrong password. Made on first use, not at import: hashing takes a fifth of a second
    and 64 MiB, which no command that logs nobody in should pay; the web app makes it when it
    starts, so that the first unknown name takes no longer than the next."""
    return accounts.hash_password(secrets.token_hex(8))


@dataclass(frozen=True, slots=True)
class UserInfo:
    """A user as listed (never with the password hash)."""

    id: int
    name: str
    role: str
    areas: tuple[str, ...]
    active: bool


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """An API token as listed (never the token itself)."""

    id: int
    user: str
    name: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    last_used: datetime | None

    def works(self, now: datetime) -> bool:
        """True when the token is neither revoked nor expired."""
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """An open browser session as listed: its short id (never the key), whose, and when it
    started and ends."""

    id: str
    user: str
    started: datetime
    ends: datetime


@dataclass(frozen=True, slots=True)
class LoginOutcome:
    """A login: the actor when it succeeded; ``retry_after`` seconds when it was refused
    unchecked because of earlier failures (then ``actor`` is None)."""

    actor: Actor | None
    retry_after: int | None = None


def now() -> datetime:
    """The current moment, timezone-aware."""
    return datetime.now(UTC)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _areas(text: str) -> tuple[str, ...]:
    return tuple(a for a in text.split(",") if a)


def user_info(user: User) -> UserInfo:
    """The listed facts of a user row."""
    return UserInfo(user.id, user.name, user.role, _areas(user.areas), user.active)


# The query of Accounts.session_actor, built once.
_SESSION_USER = (
    select(User.id, User.name, User.role, User.areas, User.active)
    .join(WebSession, WebSession.user_id == User.id)
    .where(
        WebSession.key_hash == bindparam("key", type_=String),
        WebSession.created_at >= bindparam("since", type_=DateTime(timezone=True)),
    )
)


def actor_of(user: User) -> Actor:
    """The actor a user row acts as."""
    return Actor(user.id, user.name, user.role, _areas(user.areas))


def _token_info(row: ApiToken, user: str) -> TokenInfo:
    return TokenInfo(row.id, user, row.name, _aware(row.created_at) or now(),
                     _aware(row.expires_at), _aware(row.revoked_at), _aware(row.last_used))


def _session_info(digest: str, started: datetime, user: str) -> SessionInfo:
    begun = _aware(started) or now()
    return SessionInfo(digest[:accounts.SESSION_ID_LENGTH], user, begun,
                       begun + timedelta(hours=SESSION_HOURS))


def _known_areas(session: Session) -> tuple[str, ...]:
    codes = session.scalars(select(VersionMeasure.code).distinct())
    return tuple(sorted({a for a in map(accounts.area_of, codes) if a is not None}))


def _checked_areas(session: Session, areas: str | tuple[str, ...]) -> tuple[str, ...]:
    """Operating areas as given, each of the form of one and, when the workspace holds
    catalogs, one their measures name (a typo such as BBF for BFF is refused)."""
    parsed = accounts.split_areas(areas)
    for area in parsed:
        if not accounts.is_area(area):
            raise InvalidInput("err.area", area=area)
    if len(",".join(parsed)) > 400:
        raise InvalidInput("err.areas_too_many")
    known = _known_areas(session) if parsed else ()
    for area in parsed:
        if known and area not in known:
            raise InvalidInput("err.unknown_area", area=area, known=", ".join(known))
    return parsed


def _check_password(password: str, name: str) -> None:
    problem = password_problem(password, name)
    if problem is not None:
        raise InvalidInput("err.password", problem=problem)


def _verify(password_hash: str, password: str) -> bool:
    """Argon2 check, at most :data:`PASSWORD_CHECKS` at once in this process."""
    if not _CHECKS.acquire(timeout=PASSWORD_CHECK_WAIT):
        raise Busy("err.busy_logins")
    try:
        return accounts.verify_password(password_hash, password)
    finally:
        _CHECKS.release()


class Accounts:
    """The user, session and token methods of the workspace (mixed into ``Workspace``)."""

    def _session(self) -> AbstractContextManager[Session]:  # pragma: no cover - Workspace's
        raise NotImplementedError

    def _write_session(self) -> AbstractContextManager[Session]:  # pragma: no cover
        raise NotImplementedError

    def _reading(self) -> AbstractContextManager[Connection]:  # pragma: no cover - Workspace's
        raise NotImplementedError

    # --- users ----------------------------------------------------------------------------

    def add_user(
        self, name: str, password: str, role: str, areas: str | tuple[str, ...] = ()
    ) -> UserInfo:
        """Create a user; the name must be new and the password follow the policy."""
        name = name.strip()
        if not name or len(name) > 100:
            raise InvalidInput("err.user_name")
        if role not in accounts.ROLES:
            raise InvalidInput("err.role", roles=", ".join(accounts.ROLES))
        _check_password(password, name)
        with self._session() as session:
            if session.scalar(select(User).where(User.name == name)) is not None:
                raise Conflict("err.user_exists", name=name)
            parsed = _checked_areas(session, areas)
            user = User(name=name, password_hash=accounts.hash_password(password), role=role,
                        areas=",".join(parsed), active=True, created_at=now())
            session.add(user)
            session.flush()
            return user_info(user)

    def users(self) -> list[UserInfo]:
        """Every user."""
        with self._session() as session:
            return [user_info(u) for u in session.scalars(select(User).order_by(User.name))]

    def has_users(self) -> bool:
        """True when at least one user exists."""
        with self._session() as session:
            return (session.scalar(select(func.count()).select_from(User)) or 0) > 0

    def set_active(self, name: str, active: bool) -> UserInfo:
        """Activate or deactivate a user. A deactivated user's sessions end at once and their
        tokens stop working; the last active administrator cannot be deactivated."""
        with self._write_session() as session:
            user = self._user_row(session, name)
            if not active and user.active and user.role == "admin":
                admins = session.scalar(select(func.count()).select_from(User).where(
                    User.role == "admin", User.active.is_(True))) or 0
                if admins <= 1:
                    raise InvalidInput("err.last_admin")
            user.active = active
            if not active:
                session.execute(delete(WebSession).where(WebSession.user_id == user.id))
            session.flush()
            return user_info(user)

    def set_role(self, name: str, role: str, areas: str | tuple[str, ...] = ()) -> UserInfo:
        """Give a user a role and operating areas (known ones, when the workspace holds
        catalogs); the last active administrator keeps the role admin. It applies from the
        user's next request, in every session and to every token."""
        if role not in accounts.ROLES:
            raise InvalidInput("err.role", roles=", ".join(accounts.ROLES))
        with self._write_session() as session:
            user = self._user_row(session, name)
            parsed = _checked_areas(session, areas)
            if user.role == "admin" and role != "admin" and user.active:
                admins = session.scalar(select(func.count()).select_from(User).where(
                    User.role == "admin", User.active.is_(True))) or 0
                if admins <= 1:
                    raise InvalidInput("err.last_admin_role")
            user.role = role
            user.areas = ",".join(parsed)
            session.flush()
            return user_info(user)

    def known_areas(self) -> tuple[str, ...]:
        """The operating areas (code prefixes) of the measures the workspace holds, sorted."""
        with self._session() as session:
            return _known_areas(session)

    def set_password(self, name: str, password: str) -> None:
        """Give a user a new password (the policy applies): their browser sessions end and
        failed-login counts of the account are cleared."""
        _check_password(password, name.strip())
        digest = accounts.hash_password(password)
        with self._write_session() as session:
            user = self._user_row(session, name)
            user.password_hash = digest
            session.execute(delete(WebSession).where(WebSession.user_id == user.id))
            throttle.clear_account(session, user.name)

    @staticmethod
    def _user_row(session: Session, name: str) -> User:
        user = session.scalar(select(User).where(User.name == name.strip()))
        if user is None:
            raise NotFound("err.no_user", name=name)
        return user

    # --- logging in -----------------------------------------------------------------------

    def login(self, name: str, password: str, host: str | None,
              moment: datetime | None = None) -> LoginOutcome:
        """Log in with a name and password from a client address, throttled: after too many
        failures the login is refused unchecked with the seconds to wait."""
        moment = moment or now()
        with self._session() as session:
            wait = throttle.retry_after(session, name, host, moment)
            if wait is not None:
                return LoginOutcome(None, wait)
            user = session.scalar(select(User).where(User.name == name.strip()))
            known = user is not None and user.active and len(password) <= MAX_LENGTH
            password_hash = user.password_hash if known and user is not None else dummy_hash()
            actor = actor_of(user) if known and user is not None else None
        correct = _verify(password_hash, password[:MAX_LENGTH + 1]) and actor is not None
        with self._session() as session:
            if correct:
                throttle.record_success(session, name, host, moment)
            else:
                throttle.record_failure(session, name, host, moment)
        return LoginOutcome(actor if correct else None)

    def authenticate(self, name: str, password: str) -> Actor | None:
        """The actor for a correct name and password, else ``None`` (throttled like a login
        from an unknown address)."""
        return self.login(name, password, None).actor

    def actor(self, user_id: int) -> Actor | None:
        """The actor for a logged-in user id, if the user still exists and is active."""
        with self._session() as session:
            user = session.get(User, user_id)
            return actor_of(user) if user is not None and user.active else None

    # --- sessions -------------------------------------------------------------------------

    def start_session(self, user_id: int) -> str:
        """Open a browser session for a user; the key goes in the (signed) cookie, only its
        hash is kept. Sessions older than :data:`SESSION_HOURS` are cleared on the way."""
        key, digest = accounts.new_token()
        with self._session() as session:
            session.execute(delete(WebSession).where(
                WebSession.created_at < now() - timedelta(hours=SESSION_HOURS)))
            session.add(WebSession(key_hash=digest, user_id=user_id, created_at=now()))
        return key

    def session_actor(self, key: str) -> Actor | None:
        """The user of an open, unexpired session, if the user is still active."""
        since = now() - timedelta(hours=SESSION_HOURS)
        with self._reading() as conn:  # on every page a logged-in user opens: one statement
            user = conn.execute(_SESSION_USER, {"key": accounts.token_hash(key), "since": since})
            found = user.first()
        if found is None or not found.active:
            return None
        return Actor(found.id, found.name, found.role, _areas(found.areas))

    def end_session(self, key: str) -> None:
        """Close a session (logout): its cookie, and any copy of it, no longer logs in."""
        with self._session() as session:
            session.execute(
                delete(WebSession).where(WebSession.key_hash == accounts.token_hash(key)))

    def sessions(self, user_name: str | None = None) -> list[SessionInfo]:
        """The open (unexpired) browser sessions, of one user or of all, newest first."""
        since = now() - timedelta(hours=SESSION_HOURS)
        with self._session() as session:
            query = (select(WebSession.key_hash, WebSession.created_at, User.name)
                     .join(User, User.id == WebSession.user_id)
                     .where(WebSession.created_at >= since))
            if user_name is not None:
                query = query.where(User.id == self._user_row(session, user_name).id)
            rows = session.execute(query.order_by(WebSession.created_at.desc())).tuples()
            return [_session_info(digest, started, user) for digest, started, user in rows]

    def end_session_by_id(self, session_id: str, owner: str | None = None) -> SessionInfo:
        """End an open session by its listed id (only one of ``owner``'s, when given): its
        cookie no longer logs in. A session that is not there (or not the owner's) is
        :class:`NotFound`."""
        if len(session_id) != accounts.SESSION_ID_LENGTH:
            raise NotFound("err.no_session")
        with self._session() as session:
            query = (select(WebSession, User.name).join(User, User.id == WebSession.user_id)
                     .where(WebSession.key_hash.startswith(session_id, autoescape=True)))
            if owner is not None:
                query = query.where(User.name == owner)
            found = session.execute(query).tuples().first()
            if found is None:
                raise NotFound("err.no_session")
            row, user = found
            info = _session_info(row.key_hash, row.created_at, user)
            session.delete(row)
            return info

    def end_other_sessions(self, key: str) -> int:
        """End every session of the user of session ``key`` but that one; how many ended."""
        digest = accounts.token_hash(key)
        with self._session() as session:
            row = session.get(WebSession, digest)
            if row is None:
                raise NotFound("err.no_session")
            ended = session.execute(delete(WebSession).where(
                WebSession.user_id == row.user_id, WebSession.key_hash != digest))
            return int(getattr(ended, "rowcount", 0) or 0)

    # --- API tokens -----------------------------------------------------------------------

    def create_token(self, user_name: str, name: str = "script",
                     expires: datetime | bool | None = True) -> str:
        """A new API token for a user; only its hash is kept, so show it now. It works for
        :data:`TOKEN_DAYS` days (``expires=True``), until a given moment, or (``None``)
        until it is revoked."""
        if expires is True:
            expires_at: datetime | None = now() + timedelta(days=TOKEN_DAYS)
        elif expires is False or expires is None:
            expires_at = None
        else:
            expires_at = _aware(expires)
            if expires_at is not None and expires_at <= now():
                raise InvalidInput("err.token_expiry")
        token, digest = accounts.new_token()
        with self._session() as session:
            user = self._user_row(session, user_name)
            session.add(ApiToken(user_id=user.id, name=name[:100], token_hash=digest,
                                 created_at=now(), expires_at=expires_at))
        return token

    def tokens(self, user_name: str | None = None) -> list[TokenInfo]:
        """The API tokens (of one user, or of all), oldest first."""
        with self._session() as session:
            query = select(ApiToken, User.name).join(User, User.id == ApiToken.user_id)
            if user_name is not None:
                query = query.where(User.id == self._user_row(session, user_name).id)
            return [_token_info(row, user) for row, user in
                    session.execute(query.order_by(ApiToken.id)).tuples()]

    def revoke_token(self, token_id: int, owner: str | None = None) -> TokenInfo:
        """Revoke a token (only one of ``owner``'s, when given): it no longer works, at once,
        and stays listed as revoked."""
        with self._session() as session:
            row = session.get(ApiToken, token_id)
            user = session.get(User, row.user_id) if row is not None else None
            if row is None or (owner is not None and (user is None or user.name != owner)):
                raise NotFound("err.no_token", token=token_id)
            if row.revoked_at is None:
                row.revoked_at = now()
            session.flush()
            return _token_info(row, user.name if user is not None else "")

    def actor_for_token(self, token: str) -> Actor | None:
        """The actor an API token belongs to, or ``None`` (unknown, revoked or expired
        token, or an inactive user). The token's last use is kept to the hour."""
        moment = now()
        with self._session() as session:
            row = session.scalar(
                select(ApiToken).where(ApiToken.token_hash == accounts.token_hash(token)))
            if row is None or row.revoked_at is not None:
                return None
            expires_at = _aware(row.expires_at)
            if expires_at is not None and expires_at <= moment:
                return None
            user = session.get(User, row.user_id)
            if user is None or not user.active:
                return None
            last = _aware(row.last_used)
            if last is None or moment - last >= _LAST_USED_EVERY:
                session.execute(update(ApiToken).where(ApiToken.id == row.id)
                                .values(last_used=moment))
            return actor_of(user)

