"""The REST API's shapes for a catalog's hearing: the summary (key for key the JSON of ``omprio
hearing show --format json``, :func:`omprio.hearing.summary.summary_json`), a response with
its links (:func:`omprio.service.hearing.response_json`), a page of responses, and what a
client sends: a response typed in, a link, a purge."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from omprio.hearing.senders import KINDS
from omprio.web.schemas import NO_NUL, _storable

SenderType = Literal["private", "association", "council", "med", "company", "authority",
                     "other"]
assert tuple(SenderType.__args__) == KINDS  # type: ignore[attr-defined]
Stance = Literal["support", "object", "neutral"]
_Line = Annotated[str, Field(max_length=300, pattern=r"^[^\x00-\x1f\x7f]*$"),
                  AfterValidator(_storable)]


class ItemOut(BaseModel):
    """A response as the summary lists it (the first lines; anonymized when public)."""

    id: int
    case: str
    sender_type: SenderType
    sender: str
    submitted: date | None
    excerpt: str
    stance: Stance


class MeasureHearingOut(BaseModel):
    """The responses concerning one measure."""

    code: str
    title: str
    responses: int
    by_sender_type: dict[str, int]
    by_stance: dict[str, int]
    items: list[ItemOut]


class HearingSummaryOut(BaseModel):
    """The hearing of a catalog: per measure, per kind of sender, per day and ISO week, and
    the responses about no measure (the catalog as a whole)."""

    catalog: int
    public: bool
    responses: int
    measures: list[MeasureHearingOut]
    by_sender_type: dict[str, int]
    by_day: dict[str, int]
    by_week: dict[str, int]
    unlinked: int
    unlinked_items: list[ItemOut]


class LinkOut(BaseModel):
    """A link of a response to a measure: how it was found, how sure, the stance, and its
    state (proposed; confirmed, added or removed by a person, who and when)."""

    code: str
    method: str
    confidence: float
    stance: Stance
    state: Literal["proposed", "confirmed", "added", "removed"]
    counts: bool
    decided_by: str
    decided_at: datetime | None


class ResponseOut(BaseModel):
    """A hearing response with its exact text (anonymized for a caller without a token) and
    links; the file it came from and who imported it only for a caller with a token."""

    id: int
    catalog: int
    version: int
    case: str
    submitted: datetime | None
    sender: str
    sender_type: SenderType
    title: str
    text: str
    purged: bool
    links: list[LinkOut]
    source: str | None = None
    author: str | None = None
    imported_at: datetime | None = None
    portal_sender_type: str | None = None


class ResponsePageOut(BaseModel):
    """One page of the responses that match the filters."""

    total: int
    page: int
    pages: int
    responses: list[ResponseOut]


class ImportedOut(BaseModel):
    """What an import did: the new responses' ids, how many were already there, and notes on
    what was skipped (in the request's language)."""

    new: list[int]
    known: int
    notes: list[str]


class ResponseIn(BaseModel):
    """A response typed in by hand (a letter by post)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [
            {"text": "Vi er imod BFF-3A.", "sender_type": "association",
             "sender": "Ældresagen Aarhus", "case": "24/1234", "submitted": "2024-03-01"}]},
    )

    text: Annotated[str, Field(min_length=1, max_length=200_000, pattern=NO_NUL),
                    AfterValidator(_storable)]
    sender_type: SenderType = "private"
    sender: _Line = ""
    case: Annotated[str, Field(max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$"),
                    AfterValidator(_storable)] = ""
    submitted: datetime | None = None
    title: _Line = ""


class LinkIn(BaseModel):
    """Confirm or add the link of a response to a measure (any spelling of its code)."""

    model_config = ConfigDict(extra="forbid")

    code: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")]


class PurgeIn(BaseModel):
    """Purge private persons' details; ``before``: only responses imported before that day."""

    model_config = ConfigDict(extra="forbid")

    before: date | None = None


class ProposedOut(BaseModel):
    """How many links the proposals made (what a person decided stays)."""

    proposed: int


class PurgedOut(BaseModel):
    """How many responses lost their private sender's details."""

    responses: int
