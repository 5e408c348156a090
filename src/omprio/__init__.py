"""omprio: municipal budget reprioritization catalogs (omprioriteringskataloger) as exact data.

The pipeline is read → check → store → decide → publish, one sub-package each, with the cli
(and later the web app) on top. :func:`omprio.read.load` and :func:`omprio.check.check_catalog`
are the entry points for Python users.
"""

__version__ = "0.1.0"
