"""The REST API's shapes for submissions: a measure's status change, its comment thread, and
where every operating area stands (:mod:`omprio.service.submissions`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from omprio.store.comments import COMMENT_LIMIT
from omprio.store.submissions import REASON_LIMIT
from omprio.web.schemas import MAX_ID, NO_NUL, Amounts, MeasureStatus, _storable

CommentText = Annotated[str, Field(min_length=1, max_length=COMMENT_LIMIT, pattern=NO_NUL),
                        AfterValidator(_storable)]
ReasonText = Annotated[str, Field(max_length=REASON_LIMIT, pattern=NO_NUL),
                       AfterValidator(_storable)]


class StatusIn(BaseModel):
    """Move a measure to another status, based on the version the caller read (409 when the
    measure changed since). Rejecting and sending back (to draft) need a reason."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [
            {"status": "rejected", "reason": "Rammer ikke målet", "base_version": 3}]},
    )

    status: MeasureStatus
    base_version: int = Field(ge=1, le=MAX_ID)
    reason: ReasonText | None = None
    comment: CommentText | None = None


class CommentIn(BaseModel):
    """A comment on a measure; ``@name`` mentions notify those users."""

    model_config = ConfigDict(extra="forbid")

    text: CommentText


class CommentOut(BaseModel):
    """A comment of a measure's thread (plain text: never HTML)."""

    id: int
    code: str
    author: str
    created_at: datetime
    text: str


class AreaStandingOut(BaseModel):
    """One operating area: its measures per status, the accepted net per year, its share of
    the target (from a budget round, when one names the area) and accepted − share."""

    area: str
    counts: dict[str, int]
    accepted: Amounts
    share: Amounts | None
    missing: Amounts | None


class SubmissionsOut(BaseModel):
    """Where every operating area of a catalog stands, and the whole catalog against its
    target (missing: accepted − target per year; positive where it falls short)."""

    catalog: int
    version: int
    title: str
    years: list[int]
    unit: str
    price_base: str | None
    round: str | None
    round_price_level: int | None
    areas: list[AreaStandingOut]
    counts: dict[str, int]
    accepted: Amounts
    target: Amounts
    missing: Amounts
