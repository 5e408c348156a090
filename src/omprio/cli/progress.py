"""Progress on stderr for the commands that can take more than a second (``check``, ``import``,
``publish``): a Rich spinner with the phase in the command's language (reading, checking,
storing, writing the document) and the time so far.

Shown only when stderr is a terminal, and gone when the command ends (``transient``), so pipes,
scripts and the tests see exactly the output they saw before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console

from omprio.cli.options import words

Step = Callable[[str], None]
"""Say that a phase begins: ``read``, ``check``, ``store`` or ``render``."""


@contextmanager
def phases(console: Console | None = None) -> Iterator[Step]:
    """A :data:`Step` for the block; a no-op unless ``console`` (stderr) is a terminal."""
    err = console or Console(stderr=True)
    if not err.is_terminal:
        yield lambda phase: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as shown:
        task = shown.add_task("", total=None)

        def step(phase: str) -> None:
            shown.update(task, description=words(f"import.phase.{phase}"))

        yield step
