"""``python -m omprio``: the same command line as ``omprio``."""

from omprio.cli import main

main()
