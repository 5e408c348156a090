"""What the workspace gives back of a hearing: a stored response with its links, each link with
who decided it and when (a person's decision is never overwritten by new proposals)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from omprio.hearing.linking import PROPOSED
from omprio.i18n import Phrase

LINK_STATES = ("proposed", "confirmed", "added", "removed")
"""A link as omprio proposed it, confirmed or added by a person, or removed by a person."""


@dataclass(frozen=True, slots=True)
class StoredLink:
    """A link of a response to a measure and its state."""

    code: str
    method: str
    confidence: float
    stance: str
    state: str
    decided_by: str = ""
    decided_at: datetime | None = None

    @property
    def counts(self) -> bool:
        """Whether the link counts in the summary: confirmed or added by a person, or proposed
        sure enough; a removed link never counts."""
        if self.state == "removed":
            return False
        return self.state != "proposed" or self.confidence >= PROPOSED

    @property
    def decided(self) -> bool:
        """Whether a person decided this link (a re-run of the proposals leaves it alone)."""
        return self.state != "proposed"


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """A response kept for a catalog's hearing; ``sender`` is empty when the reader may not see
    it (or after the purge), and ``text`` is then the anonymized text."""

    id: int
    catalog_id: int
    version: int
    case: str
    submitted: datetime | None
    sender: str
    sender_type: str
    kind: str
    title: str
    text: str
    source: str
    imported_at: datetime
    author: str
    purged: bool
    links: tuple[StoredLink, ...] = ()
    hearing: str = ""  # the portal's hearing id, if the export had one

    @property
    def codes(self) -> tuple[str, ...]:
        """The measures the response concerns (the links that count)."""
        return tuple(link.code for link in self.links if link.counts)


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import did: the responses new, those already there, and notes on what was
    skipped (each a phrase said in the reader's language)."""

    new: tuple[int, ...]
    known: int
    notes: tuple[Phrase, ...] = ()


@dataclass(frozen=True, slots=True)
class Purged:
    """What a purge did: how many responses lost their sender's details."""

    responses: int
