"""The catalog as a printable A4 PDF, typeset with Typst (offline, bundled fonts).

The pages follow the reference catalog: cover, table of contents, introduction, the OVERBLIK
table, charts, one page per measure (header ``Omprioriteringstiltag 2024-2027  Tema 1A, BFF-1``,
title, description, economics table, notes, ``Sektor:``, ``Budget for området:``,
``Besparelse i %:``) and, when the checks found anything, the findings as an appendix.

The PDF is also a faithful carrier of the catalog: its text is exactly what the template reader
reads, so :func:`omprio.read.load_bytes` gives the same catalog back. What is not part of the
template (the table of contents, the charts, the appendix) is drawn as a tiling (a PDF pattern):
it prints and looks like any other text, but a PDF's text layer does not include it, so it adds
nothing to what is extracted. Those parts are tagged as figures with their text as alternative
description, and the PDF has bookmarks for every part and every measure.

One Typst compilation does it all: the contents find their page numbers by Typst's own
introspection, and the pages of contents and appendix are fixed before layout (contents: a
fixed number of lines per page; appendix: rows measured and split in Typst).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from omprio.display import Lang
from omprio.fields import xml_safe
from omprio.findings import Finding
from omprio.model import Catalog
from omprio.publish.charts import WIDTH_MM, Chart, catalog_charts, chart_body
from omprio.publish.document import Document, MeasurePage, Row, build_document
from omprio.publish.edition import Edition
from omprio.publish.errors import PublishError
from omprio.publish.typst_support import FONT, compile_pages, segments

_TOC_ROWS_FIRST = 38
_TOC_ROWS = 44
_TOC_TITLE_CHARS = 92


@dataclass(frozen=True, slots=True)
class TocEntry:
    """A line of the table of contents: level 1 (a part or theme) or 2 (a measure)."""

    level: int
    text: str
    key: str | None
    """The anchor whose page the line shows; ``None`` for a theme heading."""


def catalog_pdf(
    catalog: Catalog,
    findings: Sequence[Finding] = (),
    lang: Lang = "da",
    edition: Edition | None = None,
) -> bytes:
    """The catalog as a PDF; ``findings`` (if any) are listed in an appendix, ``edition``
    (the stored version) is named on the cover and in every page's footer."""
    catalog, findings = xml_safe(catalog), xml_safe(tuple(findings))  # as Word and Excel
    document = build_document(catalog, findings, lang, edition)
    charts = catalog_charts(catalog, document.labels)
    return render_pdf(document, charts, toc_entries(document, catalog, bool(charts)))


def measure_pdf(
    catalog: Catalog, code: str, lang: Lang = "da", edition: Edition | None = None
) -> bytes:
    """One measure's page (or pages) as a PDF: the page the catalog's PDF has for it, with the
    catalog's name, stage and version in the footer and the mark of a catalog not adopted."""
    catalog = xml_safe(catalog)
    measure = catalog.measure(code)
    if measure is None:
        raise PublishError("err.no_measure", code=code)
    if edition is None:
        edition = Edition(catalog.title)
    one = dataclasses.replace(catalog, measures=(measure,))
    return render_pdf(build_document(one, (), lang, edition), (), (), single=True)


def render_pdf(
    document: Document,
    charts: Sequence[Chart],
    toc: Sequence[TocEntry],
    *,
    single: bool = False,
) -> bytes:
    """Typeset ``document`` with its charts and table of contents; ``single``: only the
    measure pages (no cover, contents, introduction, overview or appendix)."""
    data = _data(document)
    data["single"] = single
    if single:
        data["intro"], data["findings"] = [], []
    drawn = []
    for chart in charts:
        code, height = chart_body(chart, document.lang)
        drawn.append(
            {"code": code, "height": float(height), "alt": chart.description(document.lang)}
        )
    data["charts"] = drawn
    data["width"] = float(WIDTH_MM)
    data["toc"] = [
        [[entry.level, _shorten(entry.text, _TOC_TITLE_CHARS), entry.key or ""] for entry in chunk]
        for chunk in _toc_chunks(toc)
    ]
    data["toc_alt"] = "; ".join(entry.text for entry in toc)
    return compile_pages(_MAIN, "pdf", {"data": json.dumps(data, ensure_ascii=False)})[0]


# --- the data Typst lays out --------------------------------------------------------------


def _rows(rows: Sequence[Row]) -> list[dict[str, Any]]:
    return [{"kind": r.kind, "label": segments(r.label), "cells": list(r.cells)} for r in rows]


def _measure(page: MeasurePage) -> dict[str, Any]:
    return {
        "key": page.anchor,
        "bookmark": page.bookmark,
        "header_left": segments(page.header_left),
        "header_right": segments(page.header_right),
        "title": segments(page.title),
        "description_heading": page.description_heading,
        "description": segments(page.description),
        "caption": segments(page.caption),
        "years": list(page.years),
        "rows": _rows(page.rows),
        "notes": [segments(note) for note in page.notes],
        "fields": [{"label": label, "text": segments(text)} for label, text in page.fields],
    }


def _data(document: Document) -> dict[str, Any]:
    words = document.labels
    return {
        "lang": document.lang,
        "labels": {
            "contents": words.contents,
            "introduction": words.introduction,
            "overview": words.overview,
            "charts": words.charts,
            "measures": words.measures,
            "appendix": words.appendix,
            "findings_intro": words.findings_intro,
            "columns": [words.severity, words.rule, words.measure, words.location, words.message],
        },
        "meta": {
            "title": document.title or "omprio",
            "author": document.author,
            "keywords": [part for part in (document.generator, document.mark) if part],
        },
        "edition": {
            "mark": document.mark,
            "line": document.edition_line,
            "footer": document.footer.removeprefix(document.mark).removeprefix(" · "),
            "page_of": words.page_of,
        },
        "cover": [{"kind": line.kind, "text": segments(line.text)} for line in document.cover],
        "intro": [
            {"heading": block.heading, "text": segments(block.text)}
            for block in document.introduction
        ],
        "overview": {
            "heading": document.overview_heading,
            "header": segments(document.overview_header),
            "years": list(document.overview_years),
            "rows": _rows(document.overview),
        },
        "measures": [_measure(page) for page in document.measures],
        "findings": [
            [f.severity, f.severity_label, f.rule, f.measure, f.location, f.message]
            for f in document.findings
        ],
        "findings_alt": " ".join(f"{f.severity_label}: {f.message}" for f in document.findings),
    }


def toc_entries(document: Document, catalog: Catalog, charts: bool) -> list[TocEntry]:
    """The table of contents: the parts, and the measures under their themes."""
    words = document.labels
    entries = []
    if document.introduction:
        entries.append(TocEntry(1, words.introduction, "introduction"))
    entries.append(TocEntry(1, words.overview, "overview"))
    if charts:
        entries.append(TocEntry(1, words.charts, "charts"))
    titles = {theme.code: theme.title for theme in catalog.themes}
    theme: str | None = None
    for measure, page in zip(catalog.measures, document.measures, strict=True):
        if measure.theme_number != theme:
            theme = measure.theme_number
            title = titles.get(theme, "")
            name = f"{words.theme} {theme}"
            entries.append(TocEntry(1, f"{name}: {title.capitalize()}" if title else name, None))
        entries.append(TocEntry(2, page.bookmark, page.anchor))
    if document.findings:
        entries.append(TocEntry(1, words.appendix, "appendix"))
    return entries


def _toc_chunks(entries: Sequence[TocEntry]) -> list[list[TocEntry]]:
    chunks: list[list[TocEntry]] = []
    rest = list(entries)
    size = _TOC_ROWS_FIRST
    while rest:
        chunks.append(rest[:size])
        rest = rest[size:]
        size = _TOC_ROWS
    return chunks


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_MAIN = (
    """#let d = json(bytes(sys.inputs.data))
#let L = d.labels
#let ink = rgb("#1f2a44")
#let accent = rgb("#1d4e89")
#let muted = rgb("#5b6577")
#let rule = rgb("#c9d2de")
#let band = rgb("#eef2f7")
#let error = rgb("#a4262c")
#let warn = rgb("#8a5a00")
#let body-w = d.width * 1mm
#let body-h = 250mm
#set document(title: d.meta.title, author: d.meta.author, keywords: d.meta.keywords, date: none)
#let E = d.edition
// Drawn without a figure (a page's background): shown and printed, not in the PDF's text.
#let tiled(w, h, body) = rect(width: w, height: h, stroke: none, inset: 0pt,
  fill: tiling(size: (w + 10mm, h + 10mm), relative: "self",
    block(width: w, height: h, clip: true, body)))
// What the file is, on every page: one line (the reader drops it as a running footer).
#set page(paper: "a4", margin: (left: 22mm, right: 22mm, top: 20mm, bottom: 22mm),
  background: if E.mark != "" {
    tiled(210mm, 297mm, align(center + horizon, rotate(-55deg,
      text(size: 64pt, weight: "bold", fill: rgb(164, 38, 44, 28), E.mark))))
  },
  footer: context {
    set text(size: 7pt, fill: muted)
    let n = str(here().page())
    let total = str(counter(page).final().first())
    align(center, {
      if E.mark != "" { text(weight: "bold", fill: error, E.mark); [ · ] }
      E.footer
      [ · ]
      box(E.page_of.replace("{page}", n).replace("{pages}", total))
    })
  })
#set text(font: \""""
    + FONT
    + """\", size: 10.5pt, lang: d.lang, hyphenate: false, fill: ink,
  number-width: "tabular")
#set par(justify: false, leading: 0.62em, spacing: 0.9em)
#set heading(outlined: true, bookmarked: true)
#set figure(gap: 0pt)

// Text as plain runs and unbreakable boxes (see typst_support.segments).
#let seg(s) = if s.len() == 0 { [] } else {
  s.map(x => if x.at(0) == 1 { box(x.at(1)) } else { x.at(1) }).join(" ")
}
// Where a part starts (for the contents), and its bookmark (a heading no one sees).
#let anchor(key) = [#metadata(key) <omprio-page>]
#let bookmark(level, key, title) = {
  anchor(key)
  place(hide(heading(level: level, title)))
}
// Drawn content: shown and printed, but not part of the PDF's text (a tiling).
#let drawn(w, h, alt, body) = figure(alt: alt, kind: "omprio-drawn", supplement: none,
  rect(width: w, height: h, stroke: none, inset: 0pt,
    fill: tiling(size: (w + 10mm, h + 10mm), relative: "self",
      block(width: w, height: h, clip: true, body))))

#let data-table(header, years, rows) = {
  let n = years.len()
  let cells = ()
  cells.push(text(size: 9pt, weight: "bold", fill: muted, seg(header)))
  for y in years { cells.push(text(weight: "bold", y)) }
  cells.push(table.hline(stroke: 0.6pt + ink))
  for r in rows {
    if r.kind == "section" {
      cells.push(table.cell(colspan: n + 1, fill: band, inset: (x: 5pt, top: 6pt, bottom: 4pt),
        text(weight: "bold", fill: accent, seg(r.label))))
    } else if r.kind == "theme" {
      cells.push(table.cell(colspan: n + 1, inset: (x: 5pt, top: 8pt, bottom: 3pt),
        text(weight: "bold", size: 9.5pt, seg(r.label))))
    } else if r.kind == "total" or r.kind == "net" {
      cells.push(table.hline(stroke: 0.6pt + ink))
      cells.push(text(weight: "bold", seg(r.label)))
      for c in r.cells { cells.push(text(weight: "bold", c)) }
    } else if r.kind == "fte" {
      cells.push(table.hline(stroke: 0.4pt + rule))
      cells.push(emph(seg(r.label)))
      for c in r.cells { cells.push(emph(c)) }
    } else {
      cells.push(table.hline(stroke: 0.3pt + band))
      cells.push(seg(r.label))
      for c in r.cells { cells.push(c) }
    }
  }
  table(
    columns: (1fr,) + (auto,) * n,
    stroke: none,
    inset: (x: 5pt, y: 3.4pt),
    align: (x, y) => if x == 0 { left + bottom } else { right + bottom },
    ..cells,
  )
}

// Cover
#if not d.single [#page(margin: (left: 26mm, right: 26mm, top: 0mm, bottom: 28mm))[
  #place(top + left, dx: -26mm, rect(width: 210mm, height: 16mm, fill: accent))
  #if E.mark != "" or E.line != "" {
    place(top + right, dy: 30mm, drawn(100mm, 24mm, E.mark + " " + E.line,
      align(right, {
        if E.mark != "" {
          box(stroke: 1.6pt + error, inset: (x: 3mm, y: 2mm),
            text(size: 18pt, weight: "bold", fill: error, E.mark))
          linebreak()
        }
        v(1mm)
        text(size: 11pt, fill: muted, E.line)
      })))
  }
  #v(72mm)
  #for line in d.cover {
    if line.kind == "title" {
      block(below: 6mm, text(size: 30pt, weight: "bold", fill: accent, seg(line.text)))
    } else if line.kind == "period" {
      block(below: 18mm, text(size: 20pt, seg(line.text)))
    } else if line.kind == "department" {
      block(below: 3mm, text(size: 14pt, weight: "bold", seg(line.text)))
    } else if line.kind == "organisation" {
      block(below: 3mm, text(size: 12pt, fill: muted, seg(line.text)))
    } else {
      v(1fr)
      block(text(size: 11pt, fill: muted, seg(line.text)))
    }
  }
]]

// Contents, drawn: a fixed number of lines per page, page numbers found by introspection.
#let leader = box(width: 1fr, inset: (x: 2mm),
  line(length: 100%, stroke: (paint: rule, thickness: 0.7pt, dash: "dotted")))
#let toc-row(level, title, page) = block(height: 5.6mm, width: 100%, clip: true, above: 0pt,
  below: 0pt, {
  if level == 1 {
    v(1.4mm)
    text(weight: "bold", fill: accent, title)
    if page != "" { leader; text(weight: "bold", page) }
  } else {
    h(6mm)
    text(title)
    leader
    text(page)
  }
})
#context {
  let pages = (:)
  for a in query(<omprio-page>) { pages.insert(a.value, str(a.location().page())) }
  for (i, chunk) in d.toc.enumerate() {
    pagebreak(weak: true)
    if i == 0 { bookmark(1, "contents", L.contents) }
    let body = {
      if i == 0 { block(below: 8mm, text(size: 17pt, weight: "bold", fill: accent, L.contents)) }
      for e in chunk { toc-row(e.at(0), e.at(1), pages.at(e.at(2), default: "")) }
    }
    drawn(body-w, body-h, if i == 0 { d.toc_alt } else { "" }, body)
  }
}

// Introduction
#if d.intro.len() > 0 {
  pagebreak(weak: true)
  bookmark(1, "introduction", L.introduction)
  for b in d.intro {
    if b.heading {
      block(above: 1.2em, below: 0.8em,
        text(size: 12.5pt, weight: "bold", fill: accent, seg(b.text)))
    } else {
      par(seg(b.text))
    }
  }
}

// OVERBLIK
#if not d.single {
  pagebreak(weak: true)
  bookmark(1, "overview", L.overview)
  block(below: 4mm, text(size: 17pt, weight: "bold", fill: accent, d.overview.heading))
  data-table(d.overview.header, d.overview.years, d.overview.rows)
}

// Charts, drawn
#if d.charts.len() > 0 {
  pagebreak(weak: true)
  bookmark(1, "charts", L.charts)
  for c in d.charts {
    block(below: 12mm, drawn(body-w, c.height * 1mm, c.alt, eval(c.code, mode: "markup")))
  }
}

// One page per measure
#for (i, m) in d.measures.enumerate() {
  pagebreak(weak: true)
  if i == 0 { place(hide(heading(level: 1, L.measures))) }
  bookmark(2, m.key, m.bookmark)
  block(below: 1.6mm,
    text(size: 9pt, fill: muted, [#seg(m.header_left) #h(1fr) #seg(m.header_right)]))
  line(length: 100%, stroke: 0.6pt + accent)
  block(above: 5mm, below: 5mm, text(size: 16pt, weight: "bold", fill: accent, seg(m.title)))
  block(below: 2.2mm, text(weight: "bold", m.description_heading))
  par(seg(m.description))
  block(above: 6mm, below: 2.5mm, text(size: 10pt, weight: "bold", seg(m.caption)))
  data-table((), m.years, m.rows)
  for n in m.notes { block(above: 2.5mm, text(size: 9pt, fill: muted, seg(n))) }
  v(2mm)
  for f in m.fields { block(above: 1.8mm, [#text(weight: "bold", f.label) #seg(f.text)]) }
}

// Appendix: the findings, drawn; rows measured and split into pages.
#if d.findings.len() > 0 {
  let widths = (18mm, 26mm, 16mm, 16mm)
  let row(f, head: false) = {
    set text(size: 9pt)
    let colour = if head { ink } else if f.at(0) == "error" { error }
      else if f.at(0) == "warning" { warn } else { muted }
    block(width: body-w, inset: (y: 1.6mm), above: 0pt, below: 0pt,
      stroke: (bottom: if head { 0.6pt + ink } else { 0.3pt + rule }),
      grid(columns: widths + (1fr,), column-gutter: 2mm,
        text(weight: "bold", fill: colour, f.at(1)), f.at(2), f.at(3), f.at(4), f.at(5)))
  }
  let head = row(("", ..L.columns), head: true)
  let title = {
    block(below: 3mm, text(size: 17pt, weight: "bold", fill: accent, L.appendix))
    block(below: 5mm, text(size: 10pt, L.findings_intro))
  }
  context {
    let pages = ()
    let current = ()
    let room = body-h - measure(block(width: body-w, title)).height - measure(head).height - 4mm
    let used = 0pt
    for f in d.findings {
      let r = row(f)
      let h = measure(r).height
      if used + h > room and current.len() > 0 {
        pages.push(current)
        current = ()
        used = 0pt
        room = body-h - measure(head).height - 4mm
      }
      current.push(r)
      used += h
    }
    pages.push(current)
    for (i, rows) in pages.enumerate() {
      pagebreak(weak: true)
      if i == 0 { bookmark(1, "appendix", L.appendix) }
      let body = { if i == 0 { title }; head; rows.join() }
      drawn(body-w, body-h, if i == 0 { d.findings_alt } else { "" }, body)
    }
  }
}
"""
)
