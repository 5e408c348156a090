"""The catalog as one standalone HTML file: the same document as the PDF, for the web and email.

Everything is inside the file (styles, charts as SVG images in data URLs), so it can be opened
from a disk, mailed or archived. It has the PDF's parts in the same order: cover, contents with
links, introduction, OVERBLIK, charts (with their figures as text for screen readers), one
section per measure and the findings. The page prints on A4, a measure per page.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

from jinja2 import Environment, select_autoescape

from omprio.display import Lang
from omprio.findings import Finding
from omprio.model import Catalog
from omprio.publish.charts import Chart, catalog_charts, chart_svg
from omprio.publish.document import Document, build_document
from omprio.publish.edition import Edition
from omprio.publish.pdf import TocEntry, toc_entries


def catalog_html(
    catalog: Catalog,
    findings: Sequence[Finding] = (),
    lang: Lang = "da",
    edition: Edition | None = None,
) -> str:
    """The catalog as a standalone HTML document; ``findings`` (if any) in an appendix;
    ``edition`` (the stored version) named on the cover and at the foot of every page."""
    document = build_document(catalog, findings, lang, edition)
    charts = catalog_charts(catalog, document.labels)
    return render_html(document, charts, toc_entries(document, catalog, bool(charts)))


def render_html(document: Document, charts: Sequence[Chart], toc: Sequence[TocEntry]) -> str:
    """Lay ``document`` out as HTML."""
    images = [
        {
            "src": "data:image/svg+xml;base64,"
            + base64.b64encode(chart_svg(chart, document.lang)).decode("ascii"),
            "alt": chart.description(document.lang),
            "title": chart.title,
        }
        for chart in charts
    ]
    return _TEMPLATE.render(d=document, L=document.labels, charts=images, toc=toc)


_ENV = Environment(autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)

_TEMPLATE = _ENV.from_string(
    """<!DOCTYPE html>
<html lang="{{ d.lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{{ d.generator }}">
{% if d.author %}<meta name="author" content="{{ d.author }}">{% endif %}
<title>{{ d.title }}</title>
<style>
:root { --ink: #1f2a44; --accent: #1d4e89; --muted: #5b6577; --rule: #c9d2de; --band: #eef2f7;
        --error: #a4262c; --warn: #8a5a00; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #f6f7f9;
       font: 16px/1.5 "Libertinus Serif", Georgia, "Times New Roman", serif; }
main { max-width: 52rem; margin: 0 auto; background: #fff; padding: 2.5rem 3rem 4rem; }
h1, h2, h3 { color: var(--accent); line-height: 1.2; }
h2 { font-size: 1.6rem; margin: 0 0 1rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.4rem; }
section { padding-top: 1rem; }
section + section { border-top: 1px solid var(--rule); margin-top: 2.5rem; }
.cover { border-top: 1.2rem solid var(--accent); margin: -2.5rem -3rem 0; padding: 6rem 3rem 3rem; }
.cover .title { font-size: 2.6rem; font-weight: bold; color: var(--accent); margin: 0; }
.cover .period { font-size: 1.6rem; margin: 0.3rem 0 2.5rem; }
.cover .department { font-size: 1.2rem; font-weight: bold; margin: 0; }
.cover .organisation, .cover .date { color: var(--muted); margin: 0.2rem 0; }
.cover .date { margin-top: 3rem; }
nav ol { list-style: none; padding: 0; margin: 0; }
nav li.level-1 { font-weight: bold; margin-top: 0.5rem; }
nav li.level-2 { margin-left: 1.5rem; }
nav a { color: var(--ink); text-decoration: none; }
nav a:hover, nav a:focus { text-decoration: underline; }
.intro h3 { margin-top: 1.2rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem;
        font-variant-numeric: tabular-nums lining-nums; }
th, td { padding: 0.2rem 0.45rem; vertical-align: bottom; }
thead th { border-bottom: 1.5px solid var(--ink); text-align: right; white-space: nowrap; }
thead th:first-child { text-align: left; color: var(--muted); font-size: 0.85rem; }
td.num { text-align: right; white-space: nowrap; }
tr.row td, tr.line td, tr.adjustment td { border-top: 1px solid var(--band); }
tr.section td { background: var(--band); color: var(--accent); font-weight: bold;
                padding-top: 0.45rem; }
tr.theme td { font-weight: bold; font-size: 0.95rem; padding-top: 0.7rem; }
tr.total td, tr.net td { border-top: 1.5px solid var(--ink); font-weight: bold; }
tr.fte td { border-top: 1px solid var(--rule); font-style: italic; }
.measure .header { display: flex; justify-content: space-between; color: var(--muted);
                   font-size: 0.85rem; border-bottom: 1.5px solid var(--accent);
                   padding-bottom: 0.2rem; }
.measure h2 { margin-top: 1rem; }
.caption { font-weight: bold; margin: 1.5rem 0 0.3rem; }
.notes { color: var(--muted); font-size: 0.88rem; }
.fields p { margin: 0.25rem 0; }
.fields b { margin-right: 0.3rem; }
figure { margin: 0 0 2rem; }
figure img { width: 100%; height: auto; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
           white-space: nowrap; }
.findings td { vertical-align: top; border-top: 1px solid var(--rule); font-size: 0.92rem; }
.findings thead th { text-align: left; }
.severity-error { color: var(--error); font-weight: bold; }
.severity-warning { color: var(--warn); font-weight: bold; }
.severity-info { color: var(--muted); font-weight: bold; }
footer { color: var(--muted); font-size: 0.8rem; margin-top: 3rem; }
.running { position: sticky; top: 0; z-index: 1; background: #fff; color: var(--muted);
           font-size: 0.8rem; text-align: center; border-bottom: 1px solid var(--rule);
           padding: 0.2rem 0.5rem; }
.mark { color: var(--error); font-weight: bold; }
.cover .edition { margin: 0 0 3rem; color: var(--muted); }
.cover .edition .mark { display: inline-block; border: 2px solid var(--error);
                        padding: 0.1rem 0.6rem; margin-right: 0.6rem; font-size: 1.3rem; }
@page { size: A4; margin: 20mm 22mm 22mm; }
@media print {
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .cover { margin: 0; padding: 60mm 0 0; border-top-width: 10mm; }
  section { break-before: page; border-top: none !important; margin-top: 0 !important; }
  tr { break-inside: avoid; }
  nav a::after { content: none; }
  .running { position: fixed; top: auto; bottom: 0; left: 0; right: 0; border: none; }
}
</style>
</head>
<body>
<div class="running">{% if d.mark %}<span class="mark">{{ d.mark }}</span> · {% endif %}
{{- d.footer.removeprefix(d.mark).removeprefix(" · ") }}</div>
<main>
<header class="cover">
{% if d.mark or d.edition_line %}
  <p class="edition">{% if d.mark %}<span class="mark">{{ d.mark }}</span>{% endif %}
  {{ d.edition_line }}</p>
{% endif %}
{% for line in d.cover %}
  <p class="{{ line.kind }}">{{ line.text }}</p>
{% endfor %}
</header>

<section id="contents">
  <h2>{{ L.contents }}</h2>
  <nav aria-label="{{ L.contents }}">
    <ol>
    {% for entry in toc %}
      <li class="level-{{ entry.level }}">
      {%- if entry.key %}<a href="#{{ entry.key }}">{{ entry.text }}</a>
      {%- else %}{{ entry.text }}{% endif %}</li>
    {% endfor %}
    </ol>
  </nav>
</section>

{% if d.introduction %}
<section id="introduction" class="intro">
  <h2 class="sr-only">{{ L.introduction }}</h2>
{% for block in d.introduction %}
  {% if block.heading %}<h3>{{ block.text }}</h3>{% else %}<p>{{ block.text }}</p>{% endif %}
{% endfor %}
</section>
{% endif %}

<section id="overview">
  <h2>{{ d.overview_heading }}</h2>
  <table>
    <thead><tr><th scope="col">{{ d.overview_header }}</th>
    {% for year in d.overview_years %}<th scope="col">{{ year }}</th>{% endfor %}</tr></thead>
    <tbody>
    {% for row in d.overview %}
      {% if row.cells %}
      <tr class="{{ row.kind }}"><td>{{ row.label }}</td>
      {% for cell in row.cells %}<td class="num">{{ cell }}</td>{% endfor %}</tr>
      {% else %}
      <tr class="{{ row.kind }}">
        <td colspan="{{ d.overview_years | length + 1 }}">{{ row.label }}</td></tr>
      {% endif %}
    {% endfor %}
    </tbody>
  </table>
</section>

{% if charts %}
<section id="charts">
  <h2>{{ L.charts }}</h2>
{% for chart in charts %}
  <figure>
    <img src="{{ chart.src }}" alt="{{ chart.alt }}">
  </figure>
{% endfor %}
</section>
{% endif %}

{% for m in d.measures %}
<section id="{{ m.anchor }}" class="measure">
  <div class="header"><span>{{ m.header_left }}</span><span>{{ m.header_right }}</span></div>
  <h2>{{ m.title }}</h2>
  <h3>{{ m.description_heading }}</h3>
  <p>{{ m.description }}</p>
  <p class="caption">{{ m.caption }}</p>
  <table>
    <thead><tr><th scope="col"></th>
    {% for year in m.years %}<th scope="col">{{ year }}</th>{% endfor %}</tr></thead>
    <tbody>
    {% for row in m.rows %}
      <tr class="{{ row.kind }}"><td>{{ row.label }}</td>
      {% for cell in row.cells %}<td class="num">{{ cell }}</td>{% endfor %}</tr>
    {% endfor %}
    </tbody>
  </table>
{% for note in m.notes %}
  <p class="notes">{{ note }}</p>
{% endfor %}
  <div class="fields">
  {% for label, text in m.fields %}
    <p><b>{{ label }}</b>{{ text }}</p>
  {% endfor %}
  </div>
</section>
{% endfor %}

{% if d.findings %}
<section id="appendix">
  <h2>{{ L.appendix }}</h2>
  <p>{{ L.findings_intro }}</p>
  <table class="findings">
    <thead><tr><th scope="col">{{ L.severity }}</th><th scope="col">{{ L.rule }}</th>
    <th scope="col">{{ L.measure }}</th><th scope="col">{{ L.location }}</th>
    <th scope="col">{{ L.message }}</th></tr></thead>
    <tbody>
    {% for f in d.findings %}
      <tr><td class="severity-{{ f.severity }}">{{ f.severity_label }}</td><td>{{ f.rule }}</td>
      <td>{{ f.measure }}</td><td>{{ f.location }}</td><td>{{ f.message }}</td></tr>
    {% endfor %}
    </tbody>
  </table>
</section>
{% endif %}

<footer>{{ d.generator }}</footer>
</main>
</body>
</html>
"""
)
