"""The database tables (SQLAlchemy 2 ORM), for SQLite and PostgreSQL alike.

A catalog has numbered versions; a version stores the catalog's own fields as JSON text and
refers to its measures, each stored once as JSON text under the hash of its content, so a new
version after an edit stores only the measure that changed. JSON text keeps every amount exact
on both engines (no NUMERIC column, which SQLite would turn into a float). Users, their roles and
operating areas, their open browser sessions, hashed API tokens (with expiry and revocation)
and the counts of failed logins live here too, and the scenarios made on each catalog. Alembic
migrations in ``omprio/store/migrations`` create and evolve these tables.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Base of every table."""


class User(Base):
    """A person who logs in: viewer, editor (optionally limited to operating areas) or admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    areas: Mapped[str] = mapped_column(String(400), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    """A token for scripts; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    last_used: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class WebSession(Base):
    """An open browser session: only the SHA-256 of its key (the cookie holds the key)."""

    __tablename__ = "web_sessions"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoginAttempts(Base):
    """Failed logins of one subject: an account (``scope`` ``account``, the name as typed, in
    lower case), a client address (``address``) or an account at one address (``pair``), and
    until when logins are refused; ``known_at`` (pairs only) is the last successful login of
    the account from that address."""

    __tablename__ = "login_attempts"

    scope: Mapped[str] = mapped_column(String(10), primary_key=True)
    subject: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_failure: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    blocked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    known_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class CatalogRow(Base):
    """A catalog kept in the workspace; its content lives in its versions. ``title`` follows
    the document of the latest version; ``name``, ``description`` and ``department`` are what
    people call the catalog (its identity): set from the document at import, changed by a
    rename (each rename kept in :class:`CatalogRename`), never by a new version."""

    __tablename__ = "catalogs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    name: Mapped[str] = mapped_column(String(300), default="", server_default="")
    description: Mapped[str] = mapped_column(String(2000), default="", server_default="")
    department: Mapped[str] = mapped_column(String(300), default="", server_default="")
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    latest: Mapped[int] = mapped_column(Integer, default=0)


class CatalogRename(Base):
    """A change of a catalog's name, description or department: who, when, and the values set."""

    __tablename__ = "catalog_renames"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    catalog_id: Mapped[int] = mapped_column(
        ForeignKey("catalogs.id", ondelete="CASCADE"), index=True
    )
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(String(2000))
    department: Mapped[str] = mapped_column(String(300))


class VersionRow(Base):
    """One version of a catalog: who made it, when, why, its stage and its findings."""

    __tablename__ = "catalog_versions"
    __table_args__ = (UniqueConstraint("catalog_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    catalog_id: Mapped[int] = mapped_column(
        ForeignKey("catalogs.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(100))
    message: Mapped[str] = mapped_column(Text)
    source_name: Mapped[str] = mapped_column(String(300))
    header_json: Mapped[str] = mapped_column(Text)
    findings_json: Mapped[str] = mapped_column(Text)
    errors: Mapped[int] = mapped_column(Integer)
    warnings: Mapped[int] = mapped_column(Integer)
    delivery_json: Mapped[str | None] = mapped_column(Text, nullable=True, default=None)
    """What the version's measures deliver per overview section and year (its
    :class:`omprio.rounds.status.Delivery`), kept so that a budget round reads 100 catalogs
    without their measures; empty for versions written before migration 0007."""


class MeasureBlob(Base):
    """A measure as interchange JSON, stored once under the SHA-256 of that text."""

    __tablename__ = "measure_blobs"

    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    json: Mapped[str] = mapped_column(Text)


class VersionMeasure(Base):
    """Which measures a version holds, in document order."""

    __tablename__ = "version_measures"

    version_id: Mapped[int] = mapped_column(
        ForeignKey("catalog_versions.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    blob_hash: Mapped[str] = mapped_column(ForeignKey("measure_blobs.hash"))


class ScenarioRow(Base):
    """A named scenario of a catalog as ``omprio.scenario/1`` JSON text, with the catalog
    version it was made on; ``author`` made it (and keeps it), ``saved_by`` saved it last;
    ``revision`` counts its saves (for conflict detection)."""

    __tablename__ = "scenarios"
    __table_args__ = (UniqueConstraint("catalog_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    catalog_id: Mapped[int] = mapped_column(
        ForeignKey("catalogs.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100))
    saved_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


class RoundRow(Base):
    """A budget round kept in the workspace; its content lives in its versions."""

    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    latest: Mapped[int] = mapped_column(Integer, default=0)


class RoundVersionRow(Base):
    """One version of a round: who made it, when, why, and the round as omprio.round/1 JSON
    text (amounts exact on both engines)."""

    __tablename__ = "round_versions"
    __table_args__ = (UniqueConstraint("round_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(100))
    message: Mapped[str] = mapped_column(Text)
    document_json: Mapped[str] = mapped_column(Text)


class AgreementRow(Base):
    """A budget agreement on a catalog: its name and date, who recorded it, the versions of the
    proposal and of the adopted plan it made, and what it decided of each measure (the
    proposed and the adopted amounts) as JSON text (:mod:`omprio.followup.agreement`)."""

    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    catalog_id: Mapped[int] = mapped_column(
        ForeignKey("catalogs.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(300))
    agreed_on: Mapped[str] = mapped_column(String(10))
    proposed_version: Mapped[int] = mapped_column(Integer)
    adopted_version: Mapped[int] = mapped_column(Integer)
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    document: Mapped[str] = mapped_column(Text)


class FollowupRow(Base):
    """One revision of the follow-up of an agreement at a date (``as_of``, ISO text): a re-entry
    for the same date is the next revision, the earlier ones kept. ``closed_at`` is set (on the
    latest revision) when the finance office closes the follow-up: then it is read-only; ``public``
when an administrator publishes it."""

    __tablename__ = "followups"
    __table_args__ = (UniqueConstraint("catalog_id", "as_of", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    catalog_id: Mapped[int] = mapped_column(
        ForeignKey("catalogs.id", ondelete="CASCADE"), index=True
    )
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"))
    as_of: Mapped[str] = mapped_column(String(10))
    revision: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(100))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    closed_by: Mapped[str] = mapped_column(String(100), default="", server_default="")
    public: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    """Published by an administrator (every revision of the date): anonymous visitors of a
    public catalog see its figures (migration 0013)."""


class FollowupEntryRow(Base):
    """One measure's figures for one year in a follow-up revision; amounts as decimal text
    (never NUMERIC, which SQLite keeps as a float), empty when not given."""

    __tablename__ = "followup_entries"

    followup_id: Mapped[int] = mapped_column(
        ForeignKey("followups.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    realized: Mapped[str | None] = mapped_column(String(64), nullable=True, default=None)
    forecast: Mapped[str | None] = mapped_column(String(64), nullable=True, default=None)
    status: Mapped[str] = mapped_column(String(20))
    explanation: Mapped[str] = mapped_column(Text, default="")
    responsible: Mapped[str] = mapped_column(String(200), default="")
    documentation: Mapped[str] = mapped_column(Text, default="")


class MappingProfileRow(Base):
    """A named column mapping for spreadsheets in a municipality's own columns (the import
    page saves it for the next upload), as the mapping's JSON text."""

    __tablename__ = "mapping_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    mapping_json: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class HearingResponseRow(Base):
    """A hearing response to a catalog (from the catalog version in hearing it was imported
    on): its text exactly as read, the sender and kind of sender, and the normalized text's
    hash (the same response is kept once). ``purged_at``: when the sender's details were
    deleted (and ``text`` replaced by its anonymized text)."""

    __tablename__ = "hearing_responses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    catalog_id: Mapped[int] = mapped_column(
        ForeignKey("catalogs.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    case_number: Mapped[str] = mapped_column(String(100), default="")
    hearing_ref: Mapped[str] = mapped_column(String(100), default="")  # the portal's hearing id
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    sender: Mapped[str] = mapped_column(String(300), default="")
    sender_type: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64), index=True)
    source_name: Mapped[str] = mapped_column(String(300), default="")
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(100))
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class HearingLinkRow(Base):
    """A link of a response to a measure: proposed by omprio (method, confidence, stance) or
    confirmed, added or removed by a person (who, when)."""

    __tablename__ = "hearing_links"

    response_id: Mapped[int] = mapped_column(
        ForeignKey("hearing_responses.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    method: Mapped[str] = mapped_column(String(20))
    confidence: Mapped[int] = mapped_column(Integer)  # per mille (SQLite NUMERIC is a float)
    stance: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20))
    decided_by: Mapped[str] = mapped_column(String(100), default="")
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class MeasureComment(Base):
    """A comment in a measure's thread (who, when, the text as written: shown escaped, never
    as HTML). The thread belongs to the catalog and the measure's code, across its versions."""

    __tablename__ = "measure_comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    catalog_id: Mapped[int] = mapped_column(
        ForeignKey("catalogs.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(40))
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    text: Mapped[str] = mapped_column(Text)


class Notification(Base):
    """Something a user is told of in the app (they were mentioned in a comment): unread until
    they look at their notifications."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    catalog_id: Mapped[int] = mapped_column(ForeignKey("catalogs.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("measure_comments.id", ondelete="CASCADE"), nullable=True, default=None
    )
    actor: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class AccountMappingRow(Base):
    """One rule of a catalog's saved account mapping (:mod:`omprio.followup.accounts`): the
    accounts and cost centres (patterns, empty: any) whose postings belong to a measure, in
    the mapping's order (``position``)."""

    __tablename__ = "account_mappings"

    catalog_id: Mapped[int] = mapped_column(
        ForeignKey("catalogs.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    account: Mapped[str] = mapped_column(String(100), default="")
    cost_centre: Mapped[str] = mapped_column(String(100), default="")
    code: Mapped[str] = mapped_column(String(40))
    author: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class BudgetGameRow(Base):
    """A catalog's public budget game (borgerbudget): open or closed (by whom, when), how many
    packages were refused, and the harm scores last set from its results (JSON, code -> text of
    the number; empty when none)."""

    __tablename__ = "budget_games"

    catalog_id: Mapped[int] = mapped_column(
        ForeignKey("catalogs.id", ondelete="CASCADE"), primary_key=True
    )
    open: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_by: Mapped[str] = mapped_column(String(100), default="")
    changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)
    refused: Mapped[int] = mapped_column(Integer, default=0)
    harm_json: Mapped[str] = mapped_column(Text, default="")
    harm_by: Mapped[str] = mapped_column(String(100), default="")
    harm_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class GamePackageRow(Base):
    """A package a citizen submitted in the budget game: the share of every measure (JSON,
    code -> text of the share), the version it was played on, the hash of the browser session
    (one package per session) and the hearing response it became."""

    __tablename__ = "game_packages"
    __table_args__ = (UniqueConstraint("catalog_id", "session_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    catalog_id: Mapped[int] = mapped_column(ForeignKey("catalogs.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    session_hash: Mapped[str] = mapped_column(String(64))
    selection_json: Mapped[str] = mapped_column(Text)
    sender_type: Mapped[str] = mapped_column(String(100), default="")
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("hearing_responses.id", ondelete="SET NULL"), nullable=True, default=None
    )
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
