"""Wall-clock guards the tests share: they catch a hang, never measure speed.

The defects these tests guard against took minutes or never ended (a ``Decimal`` with an
exponent of a billion, a 5-million-row sheet read in full, a blocked event loop), so a guard
far above the real time still fails on them and never on a busy CI machine. The real times are
figures, printed by ``bench/hostile.py`` and written in the README.
"""

HANG = 10.0
"""Seconds after which a refusal, a request or a computation counts as hung."""

RESPONSIVE = 2.0
"""Seconds ``/healthz`` or a refusal "at once" may take while the server is busy: below the
4 s of the jobs that run beside it, so a blocked event loop still fails."""

CLI_HANG = 20.0
"""As :data:`HANG` for a whole ``omprio`` process, which also starts Python."""
