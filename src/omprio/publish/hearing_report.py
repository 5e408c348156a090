"""The hearing's report as CSV: one row per response and measure it concerns (a response about
no measure in one row without a code), with the case number, the kind of sender, the sender
(a private person as "Privatperson" in a public summary), the stance and the first lines.
UTF-8 with BOM and ``;`` as Danish spreadsheets open it."""

from __future__ import annotations

import csv
import io

from omprio.hearing.summary import Item, Summary
from omprio.i18n import Lang, t


def hearing_csv(summary: Summary, lang: Lang) -> str:
    """The report of ``summary`` as CSV text (with a BOM) in ``lang``'s headings."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    keys = ("code", "title", "case", "submitted", "sender_type", "sender", "stance", "excerpt")
    writer.writerow([t(f"hearing.col.{key}", lang) for key in keys])

    def row(code: str, title: str, item: Item) -> list[str]:
        sender = item.sender or (t("hearing.sender.private", lang) if summary.public else "")
        return [code, title, item.case, item.submitted.isoformat() if item.submitted else "",
                t(f"hearing.sender.{item.kind}", lang), sender,
                t(f"hearing.stance.{item.stance}", lang), item.excerpt]

    for measure in summary.measures:
        for item in measure.items:
            writer.writerow(row(measure.code, measure.title, item))
    for item in summary.unlinked_items:
        writer.writerow(row("", t("hearing.whole_catalog", lang), item))
    return "\ufeff" + out.getvalue()
