"""The hearing as a service: the summary of a catalog's hearing that the CLI (and the pages and
the API) show, and its report as a document.

:func:`hearing_summary` reads the responses from the workspace (as the acting user may see
them) and the measures of the catalog's latest version; ``public`` (the default for anything
that leaves the municipality: the public report, open data) shows a private person as
"Privatperson" and their lines anonymized, whoever asks.
"""

from __future__ import annotations

from omprio.hearing.summary import Summary, summarize
from omprio.store.accounts import Actor
from omprio.store.workspace import Workspace


def hearing_summary(ws: Workspace, catalog_id: int, actor: Actor | None, *,
                    public: bool = True) -> Summary:
    """The summary of the catalog's hearing: per measure (in catalog order) the responses by
    kind of sender and stance, per kind of sender, per day and week, and the unlinked ones.
    An anonymous reader always gets the public summary."""
    catalog = ws.version(catalog_id, actor).catalog
    responses = ws.hearing_responses(catalog_id, actor)
    measures = [(m.code, m.title) for m in catalog.measures]
    return summarize(catalog_id, responses, measures, public=public or actor is None)
