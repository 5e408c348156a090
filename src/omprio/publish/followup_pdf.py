"""A follow-up report as a PDF for the committee, typeset with Typst (offline, bundled fonts).

The tables of :mod:`omprio.publish.followup_tables` on A4 landscape; the catalog, its stage and
version and the follow-up's date in the header of every page, the page of the pages in the
footer; the chart of plan and forecast by theme (:mod:`omprio.publish.charts`) drawn as a
tiling, so that it prints but adds nothing to the PDF's text. Text reaches Typst as JSON data,
never as markup.
"""

from __future__ import annotations

import json
from decimal import Decimal

from omprio.display import Lang
from omprio.followup.report import Report
from omprio.i18n import t
from omprio.publish.charts import WIDTH_MM, Chart, chart_body
from omprio.publish.followup_tables import ReportLayout
from omprio.publish.typst_support import FONT, compile_pages


def theme_chart(report: Report, lang: Lang) -> Chart:
    """Plan and forecast by theme, all years together (savings negative)."""
    return Chart(
        "followup-themes", t("report.chart_themes", lang), report.unit,
        tuple(r.key for r in report.themes),
        (t("report.col.plan", lang), t("report.col.forecast", lang)),
        tuple((r.total("plan"), r.total("forecast")) for r in report.themes),
        horizontal=True)


def report_pdf(layout: ReportLayout, report: Report, lang: Lang) -> bytes:
    """The report as a PDF."""
    charts = []
    if report.themes:
        chart = theme_chart(report, lang)
        code, height = chart_body(chart, lang)
        charts.append({"code": code, "height": float(height), "alt": chart.description(lang)})
    data = {
        "lang": lang,
        "title": layout.title,
        "header": layout.header,
        "intro": list(layout.intro),
        "page_of": t("report.page_of", lang),
        "width": float(WIDTH_MM),
        "charts": charts,
        "tables": [
            {"title": table.title, "headings": list(table.headings),
             "rows": [list(row) for row in table.rows], "bold": sorted(table.bold),
             "note": table.note,
             "numeric": [_numeric_column(table.rows, at) for at in range(len(table.headings))]}
            for table in layout.tables
        ],
    }
    return compile_pages(_MAIN, "pdf", {"data": json.dumps(data, ensure_ascii=False)})[0]


def _numeric_column(rows: tuple[tuple[str, ...], ...], at: int) -> bool:
    texts = [r[at] for r in rows if r[at] and r[at] != "–"]
    return bool(texts) and at > 0 and all(
        _is_number(text) for text in texts)


def _is_number(text: str) -> bool:
    try:
        Decimal(text.replace(".", "").replace(",", ".").replace("\u2212", "-"))
    except ArithmeticError:
        return False
    return True


_MAIN = (
    """#let d = json(bytes(sys.inputs.data))
#let ink = rgb("#1f2a44")
#let accent = rgb("#1d4e89")
#let muted = rgb("#5b6577")
#let band = rgb("#eef2f7")
#set document(title: d.title, date: none)
#set page(paper: "a4", flipped: true,
  margin: (left: 18mm, right: 18mm, top: 20mm, bottom: 18mm),
  header: align(center, text(size: 8pt, fill: muted, d.header)),
  footer: context {
    set text(size: 7pt, fill: muted)
    let n = str(here().page())
    let total = str(counter(page).final().first())
    align(center, d.header + " · " + d.page_of.replace("{page}", n).replace("{pages}", total))
  })
#set text(font: \""""
    + FONT
    + """\", size: 9.5pt, lang: d.lang, hyphenate: false, fill: ink,
  number-width: "tabular")
#set heading(outlined: true, bookmarked: true)
#show heading: set text(fill: accent)
= #d.title
#for line in d.intro [#line \\ ]
#for c in d.charts {
  v(4mm)
  figure(alt: c.alt, kind: "omprio-drawn", supplement: none,
    rect(width: d.width * 1mm, height: c.height * 1mm, stroke: none, inset: 0pt,
      fill: tiling(size: (d.width * 1mm + 10mm, c.height * 1mm + 10mm), relative: "self",
        block(width: d.width * 1mm, height: c.height * 1mm, clip: true,
          eval(c.code, mode: "markup")))))
}
#for tb in d.tables {
  heading(level: 1, tb.title)
  if tb.rows.len() > 0 {
    table(
      columns: tb.headings.len(),
      stroke: 0.4pt + rgb("#c9d2de"),
      inset: (x: 4pt, y: 3pt),
      align: (x, y) => if tb.numeric.at(x) { right } else { left },
      fill: (x, y) => if y == 0 { band } else { none },
      table.header(..tb.headings.map(h => text(weight: "bold", size: 8.5pt, h))),
      ..tb.rows.enumerate().map(((i, row)) => row.map(c => text(size: 8.5pt,
        weight: if tb.bold.contains(i) { "bold" } else { "regular" }, c))).flatten()
    )
  }
  if tb.note != "" { par(text(style: "italic", size: 8.5pt, tb.note)) }
}
""")
