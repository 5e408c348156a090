"""The comment thread of each measure, and the notifications a mention (``@name``) brings.

A comment is text (at most :data:`COMMENT_LIMIT` characters), kept with who and when; pages
show it escaped, never as HTML. Whoever sees a measure (:mod:`omprio.store.visibility`) and is
logged in reads and writes its thread. A mention of a user by name (``@jens``, ``@ANNE.B``,
case as you like) notifies that user in the app, if they are active and see the measure; a
user's notifications are marked read when they look at them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from omprio.model import Measure
from omprio.store.accounts import Actor, split_areas
from omprio.store.errors import InvalidInput, NotFound, Unauthorized
from omprio.store.schema import MeasureComment, Notification, User
from omprio.store.versions import Versions, _clean, _now, aware
from omprio.store.visibility import may_see

COMMENT_LIMIT = 4000
"""The most characters of one comment."""
NOTIFICATIONS_SHOWN = 200
"""The most notifications a user's list shows (the newest)."""
_MENTION = re.compile(r"(?<![\w@])@([^\s@]{1,100})")
_TRAILING = ".,;:!?)]}»\"'"


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment of a measure's thread."""

    id: int
    catalog_id: int
    code: str
    author: str
    created_at: datetime
    text: str


@dataclass(frozen=True, slots=True)
class Notice:
    """A notification: ``actor`` mentioned the user in a comment of ``code`` (``kind``
    ``mention``); ``read`` once the user has seen it."""

    id: int
    kind: str
    catalog_id: int
    code: str
    actor: str
    created_at: datetime
    read: bool
    comment: str


def mentions(text: str) -> list[str]:
    """The names ``text`` mentions (``@name``), as written, each once, in order."""
    found = (match.group(1).rstrip(_TRAILING) for match in _MENTION.finditer(text))
    return list(dict.fromkeys(name for name in found if name))


class Comments(Versions):
    """The comment and notification methods of the workspace (mixed into ``Workspace``)."""

    def comments(self, catalog_id: int, code: str, actor: Actor | None) -> list[Comment]:
        """The measure's thread, oldest first."""
        self._commenter(actor)
        self._seen_measure(catalog_id, code, actor)
        with self._session() as session:
            rows = session.scalars(
                select(MeasureComment)
                .where(MeasureComment.catalog_id == catalog_id, MeasureComment.code == code)
                .order_by(MeasureComment.id)
            )
            return [_comment(row) for row in rows]

    def add_comment(self, catalog_id: int, code: str, text: str, actor: Actor | None) -> Comment:
        """Add a comment to the measure's thread; the users it mentions are notified."""
        actor = self._commenter(actor)
        measure = self._seen_measure(catalog_id, code, actor)
        with self._session() as session:
            return self._comment(session, catalog_id, measure, text, actor)

    def notifications(self, actor: Actor | None, *, mark_read: bool = True) -> list[Notice]:
        """The actor's notifications, newest first (at most :data:`NOTIFICATIONS_SHOWN`);
        with ``mark_read`` they are read from now on."""
        actor = self._commenter(actor)
        with self._session() as session:
            rows = session.execute(
                select(Notification, MeasureComment.text)
                .outerjoin(MeasureComment, MeasureComment.id == Notification.comment_id)
                .where(Notification.user_id == actor.user_id)
                .order_by(Notification.id.desc())
                .limit(NOTIFICATIONS_SHOWN)
            ).all()
            notices = [
                Notice(row.id, row.kind, row.catalog_id, row.code, row.actor,
                       aware(row.created_at), row.read_at is not None, text or "")
                for row, text in rows
            ]
            if mark_read and any(not notice.read for notice in notices):
                session.execute(
                    update(Notification)
                    .where(Notification.user_id == actor.user_id, Notification.read_at.is_(None))
                    .values(read_at=_now())
                )
            return notices

    def unread_notifications(self, actor: Actor | None) -> int:
        """How many notifications the actor has not seen (0 for an anonymous reader)."""
        if actor is None:
            return 0
        with self._reading() as conn:
            count = conn.execute(
                select(func.count(Notification.id)).where(
                    Notification.user_id == actor.user_id, Notification.read_at.is_(None)
                )
            ).scalar()
        return int(count or 0)

    @staticmethod
    def _commenter(actor: Actor | None) -> Actor:
        if actor is None:
            raise Unauthorized("err.login")
        return actor

    @staticmethod
    def _sees(actor: Actor | None, measure: Measure) -> bool:
        return may_see(actor, measure)

    def _seen_measure(self, catalog_id: int, code: str, actor: Actor | None) -> Measure:
        measure = self.version(catalog_id, actor).catalog.measure(code)
        if measure is None:
            raise NotFound("err.no_measure", code=code)
        return measure

    def _comment(
        self, session: Session, catalog_id: int, measure: Measure, text: str, actor: Actor
    ) -> Comment:
        """Store a comment in ``session`` and notify the users it mentions."""
        cleaned = _clean(text).strip()
        if not cleaned:
            raise InvalidInput("err.comment_empty")
        if len(cleaned) > COMMENT_LIMIT:
            raise InvalidInput("err.comment_long", most=COMMENT_LIMIT, length=len(cleaned))
        row = MeasureComment(catalog_id=catalog_id, code=measure.code, author=actor.name,
                             created_at=_now(), text=cleaned)
        session.add(row)
        session.flush()
        names = {name.lower() for name in mentions(cleaned)}
        if names:
            users = session.scalars(
                select(User).where(func.lower(User.name).in_(sorted(names)),
                                   User.active.is_(True))
            )
            for user in users:
                if user.id == actor.user_id:
                    continue
                them = Actor(user.id, user.name, user.role, split_areas(user.areas))
                if not may_see(them, measure):
                    continue  # a draft stays its area's: a mention does not show it
                session.add(Notification(user_id=user.id, kind="mention",
                                         catalog_id=catalog_id, code=measure.code,
                                         comment_id=row.id, actor=actor.name,
                                         created_at=row.created_at))
            session.flush()
        return _comment(row)


def _comment(row: MeasureComment) -> Comment:
    return Comment(row.id, row.catalog_id, row.code, row.author, aware(row.created_at), row.text)
