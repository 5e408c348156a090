"""The hearing's summary for the politicians as a PDF (Typst, like :mod:`omprio.publish.pdf`):
the catalog's version and stage, the hearing period (first and last response submitted), the
responses per measure and per kind of sender, and each response's case number, kind of sender
and first lines. A public summary shows a private person as "Privatperson" (the summary has
already removed names and contact details from the lines). Text reaches Typst as JSON data,
never as markup."""

from __future__ import annotations

import json

from omprio.hearing.summary import Item, Summary
from omprio.i18n import Lang, t
from omprio.publish.typst_support import FONT, compile_pages


def hearing_pdf(summary: Summary, title: str, version: int, stage: str, lang: Lang) -> bytes:
    """The summary of ``summary`` (of the catalog called ``title``, at ``version`` in
    ``stage``) as a PDF."""
    days = list(summary.by_day)
    period = (t("hearing.pdf.period", lang, first=days[0], last=days[-1]) if days
              else t("hearing.pdf.no_period", lang))

    def item(i: Item) -> dict[str, str]:
        sender = i.sender or (t("hearing.sender.private", lang) if summary.public else "")
        head = " · ".join(part for part in (
            i.case, t(f"hearing.sender.{i.kind}", lang), sender,
            i.submitted.isoformat() if i.submitted else "",
            t(f"hearing.stance.{i.stance}", lang)) if part)
        return {"head": head, "text": i.excerpt}

    data = {
        "lang": lang,
        "title": t("hearing.report.title", lang, catalog=title),
        "meta": t("hearing.pdf.meta", lang, version=version, stage=t(f"stage.{stage}", lang)),
        "period": period,
        "totals": t("hearing.report.totals", lang, n=summary.responses,
                    unlinked=summary.unlinked),
        "by_sender": t("hearing.report.by_sender", lang),
        "by_measure": t("hearing.report.by_measure", lang),
        "sender_head": [t("hearing.col.sender_type", lang), t("hearing.report.count", lang)],
        "senders": [[t(f"hearing.sender.{kind}", lang), str(n)]
                    for kind, n in sorted(summary.by_kind.items(), key=lambda p: -p[1])],
        "measure_head": [t(f"hearing.report.col.{key}", lang)
                         for key in ("code", "title", "count", "object", "support")],
        "measures": [[m.code, m.title, str(m.responses), str(m.by_stance.get("object", 0)),
                      str(m.by_stance.get("support", 0))] for m in summary.measures],
        "sections": [{"heading": f"{m.code} {m.title}".strip(),
                      "items": [item(i) for i in m.items]}
                     for m in summary.measures if m.items]
        + ([{"heading": t("hearing.whole_catalog", lang),
             "items": [item(i) for i in summary.unlinked_items]}]
           if summary.unlinked_items else []),
    }
    return compile_pages(_SOURCE, "pdf", {"data": json.dumps(data, ensure_ascii=False)})[0]


_SOURCE = ("""#let d = json(bytes(sys.inputs.data))
#set document(title: d.title)
#set page(paper: "a4", margin: (x: 22mm, y: 22mm), numbering: "1")
#set text(font: \"""" + FONT + """\", size: 10.5pt, lang: d.lang, hyphenate: false)
#set par(justify: false)
#heading(level: 1, d.title)
#d.meta \\
#d.period \\
#d.totals
#heading(level: 2, d.by_sender)
#table(columns: (1fr, auto), stroke: 0.3pt, align: (left, right),
  ..d.sender_head.map(x => strong(x)), ..d.senders.flatten())
#heading(level: 2, d.by_measure)
#table(columns: (auto, 1fr, auto, auto, auto), stroke: 0.3pt,
  align: (x, y) => if x < 2 { left } else { right },
  ..d.measure_head.map(x => strong(x)), ..d.measures.flatten())
#for s in d.sections {
  heading(level: 2, s.heading)
  for i in s.items {
    block(breakable: true, [#strong(i.head) \\ #i.text])
  }
}
""")
