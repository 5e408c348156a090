"""The summary of a hearing for the politicians: per measure the number of responses, by kind
of sender and stance, and the responses themselves (case number, kind, first lines); per kind
of sender; over time (per day and ISO week); and how many concern no measure (the catalog as a
whole). :func:`summarize` works on the stored responses; ``public`` shows a private person as
"Privatperson" and removes e-mail addresses and phone numbers (and the person's name) from the
lines shown, for public outputs and open data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from omprio.hearing.privacy import anonymize
from omprio.hearing.records import StoredResponse
from omprio.hearing.senders import is_personal

_EXCERPT = 300


@dataclass(frozen=True, slots=True)
class Item:
    """A response as the summary lists it."""

    id: int
    case: str
    kind: str
    sender: str  # empty for a private person in a public summary
    submitted: date | None
    excerpt: str
    stance: str = "neutral"


@dataclass(slots=True)
class MeasureSummary:
    """The responses concerning one measure."""

    code: str
    title: str
    responses: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    by_stance: Counter[str] = field(default_factory=Counter)
    items: list[Item] = field(default_factory=list)


@dataclass(slots=True)
class Summary:
    """The whole hearing of one catalog."""

    catalog_id: int
    responses: int
    measures: list[MeasureSummary]
    by_kind: Counter[str]
    by_day: dict[str, int]
    by_week: dict[str, int]
    unlinked: int
    unlinked_items: list[Item]
    public: bool


def excerpt(response: StoredResponse, public: bool, lines: int = 3) -> str:
    """The first lines of the response's text (anonymized when ``public``)."""
    text = response.text
    if public:
        names = (response.sender,) if is_personal(response.kind) and response.sender else ()
        text = anonymize(text, names)
    first = " ".join([line.strip() for line in text.splitlines() if line.strip()][:lines])
    return first if len(first) <= _EXCERPT else first[: _EXCERPT - 1].rstrip() + "…"


def summarize(catalog_id: int, responses: Sequence[StoredResponse],
              measures: Sequence[tuple[str, str]], *, public: bool) -> Summary:
    """The summary of ``responses`` over ``measures`` (code, title in catalog order); a link to
    a measure no longer in the catalog is listed after them."""
    by_code = {code: MeasureSummary(code, title) for code, title in measures}
    by_kind: Counter[str] = Counter()
    days: Counter[str] = Counter()
    weeks: Counter[str] = Counter()
    unlinked: list[Item] = []
    for response in responses:
        by_kind[response.kind] += 1
        if response.submitted is not None:
            day = response.submitted.date()
            days[day.isoformat()] += 1
            year, week, _ = day.isocalendar()
            weeks[f"{year}-W{week:02d}"] += 1
        sender = "" if public and is_personal(response.kind) else response.sender
        shown = excerpt(response, public)
        submitted = response.submitted.date() if response.submitted else None
        counted = [link for link in response.links if link.counts]
        if not counted:
            unlinked.append(Item(response.id, response.case, response.kind, sender, submitted,
                                 shown))
        for link in counted:
            entry = by_code.setdefault(link.code, MeasureSummary(link.code, ""))
            entry.responses += 1
            entry.by_kind[response.kind] += 1
            entry.by_stance[link.stance] += 1
            entry.items.append(Item(response.id, response.case, response.kind, sender,
                                    submitted, shown, link.stance))
    return Summary(catalog_id, len(responses), list(by_code.values()), by_kind,
                   dict(sorted(days.items())), dict(sorted(weeks.items())), len(unlinked),
                   unlinked, public)


def summary_json(summary: Summary) -> dict[str, object]:
    """The summary as JSON: ``{"responses", "measures": [{"code", "responses",
    "by_sender_type", …}], "unlinked", …}``; the one encoder the CLI, pages and API share."""

    def item(i: Item) -> dict[str, object]:
        return {"id": i.id, "case": i.case, "sender_type": i.kind, "sender": i.sender,
                "submitted": i.submitted.isoformat() if i.submitted else None,
                "excerpt": i.excerpt, "stance": i.stance}

    return {
        "catalog": summary.catalog_id,
        "public": summary.public,
        "responses": summary.responses,
        "measures": [
            {"code": m.code, "title": m.title, "responses": m.responses,
             "by_sender_type": dict(sorted(m.by_kind.items())),
             "by_stance": dict(sorted(m.by_stance.items())),
             "items": [item(i) for i in m.items]}
            for m in summary.measures
        ],
        "by_sender_type": dict(sorted(summary.by_kind.items())),
        "by_day": summary.by_day,
        "by_week": summary.by_week,
        "unlinked": summary.unlinked,
        "unlinked_items": [item(i) for i in summary.unlinked_items],
    }
