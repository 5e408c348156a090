"""Backup and restore: every row of every table as JSON lines, whatever the database engine.

Open browser sessions are not backed up: a restored workspace starts with everyone logged out.
A restore loads into an empty database in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import DateTime, func, select, text

from omprio.store.errors import Conflict, InvalidInput
from omprio.store.schema import (
    AccountMappingRow,
    AgreementRow,
    ApiToken,
    CatalogRename,
    CatalogRow,
    FollowupEntryRow,
    FollowupRow,
    HearingLinkRow,
    HearingResponseRow,
    MappingProfileRow,
    MeasureBlob,
    MeasureComment,
    Notification,
    RoundRow,
    RoundVersionRow,
    ScenarioRow,
    User,
    VersionMeasure,
    VersionRow,
)
from omprio.store.versions import Versions, _dumps, _now

_BACKUP_TABLES = (
    User,
    ApiToken,
    CatalogRow,
    VersionRow,
    MeasureBlob,
    VersionMeasure,
    ScenarioRow,
    CatalogRename,
    RoundRow,
    RoundVersionRow,
    AgreementRow,
    FollowupRow,
    FollowupEntryRow,
    MappingProfileRow,
    HearingResponseRow,
    HearingLinkRow,
    MeasureComment,
    Notification,
    AccountMappingRow,
)


class Backup(Versions):
    """The backup methods of the workspace (mixed into ``Workspace``)."""

    def backup(self) -> Iterator[str]:
        """Every row of every table as JSON lines (engine-independent)."""
        with self._session() as session:
            yield _dumps({"format": "omprio.backup/1", "created_at": _now().isoformat()})
            for table in _BACKUP_TABLES:
                for item in session.scalars(select(table)):
                    values = {c.name: getattr(item, c.key) for c in table.__mapper__.columns}
                    for key, value in values.items():
                        if isinstance(value, datetime):
                            values[key] = value.isoformat()
                    yield _dumps({"table": table.__tablename__, "row": values})

    def restore(self, lines: Iterator[str]) -> int:
        """Load a backup into an empty workspace, in one transaction; the number of rows."""
        tables = {t.__tablename__: t for t in _BACKUP_TABLES}
        count = 0
        with self._session() as session:
            if session.scalar(select(func.count()).select_from(CatalogRow)) or session.scalar(
                select(func.count()).select_from(User)
            ):
                raise Conflict("err.restore_not_empty")
            first = True
            for line in lines:
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InvalidInput("err.backup_line", line=count + 1, reason=exc.msg) from exc
                if first:
                    if record.get("format") != "omprio.backup/1":
                        raise InvalidInput("err.backup_format")
                    first = False
                    continue
                table = tables.get(record.get("table"))
                if table is None or not isinstance(record.get("row"), dict):
                    raise InvalidInput("err.backup_record", line=count + 2)
                values = dict(record["row"])
                for column in table.__mapper__.columns:
                    if isinstance(column.type, DateTime) and isinstance(
                        values.get(column.key), str
                    ):
                        values[column.key] = datetime.fromisoformat(values[column.key])
                session.add(table(**values))
                session.flush()
                count += 1
            if first:
                raise InvalidInput("err.backup_empty")
            if self.engine.dialect.name == "postgresql":
                for table in (User, ApiToken, CatalogRow, VersionRow, ScenarioRow, CatalogRename,
                              RoundRow, RoundVersionRow, AgreementRow, FollowupRow,
                              MappingProfileRow, HearingResponseRow, MeasureComment,
                              Notification):
                    name = table.__tablename__
                    session.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                            f"COALESCE((SELECT MAX(id) FROM {name}), 1))"
                        )
                    )
        return count
