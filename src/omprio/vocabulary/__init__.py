"""The words and shapes that the reader and the writers share, below both of them.

* :mod:`~omprio.vocabulary.patterns` - the catalog template's words as patterns (measure
  headers, periods, price levels, units, field labels, Danish months): what
  :mod:`omprio.read` recognises, :mod:`omprio.check` looks for and
  :mod:`omprio.publish.template_text` writes;
* :mod:`~omprio.vocabulary.layouts` - the municipalities' layout profiles (how each is
  recognised, the words of its tables): what :mod:`omprio.read.layouts` follows;
* :mod:`~omprio.vocabulary.workbook_layout` - sheets, headings and kinds of row of omprio's
  Excel workbook: what :mod:`omprio.publish.excel` writes and :mod:`omprio.read.xlsx` reads back;
* :mod:`~omprio.vocabulary.word_form` - the fields, headings and rows of the measure form in
  Word: what :mod:`omprio.publish.word_form` writes and :mod:`omprio.read.word_form` reads back.

It imports nothing of omprio but :mod:`omprio.i18n` (``layouts`` only ``patterns``), so that
read/ and publish/ can both use it without importing each other (see docs/architecture.md for
the layers).
"""
