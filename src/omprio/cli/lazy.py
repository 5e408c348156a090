"""Commands that are imported only when they run, so that ``omprio --help`` starts at once.

The workspace, publishing and deciding commands need SQLAlchemy, Typst, numpy and HiGHS; a
command line that imported them all to print its help or check a catalog would take a second to
start. :class:`LazyGroup` lists such a command by its name and the one line of help that
``omprio --help`` shows, and imports its module only when the command itself is invoked (or asked
for its own ``--help``). tests/test_cli_startup.py holds the listed line to the command's own
help, and keeps the heavy packages out of ``import omprio.cli`` and ``omprio --help``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, ClassVar

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup


@dataclass(frozen=True, slots=True)
class Lazy:
    """Where a command is defined, and the line that lists it in ``omprio --help``."""

    module: str
    """The module that defines it, e.g. ``omprio.cli.decide_commands``."""
    attribute: str
    """A command function (registered under the command's name) or a :class:`typer.Typer`."""
    help: str
    """The command's help as its definition gives it (checked by a test)."""


class _Listed(TyperCommand):
    """Stands for a lazy command in the list of commands; never run."""


class LazyGroup(TyperGroup):
    """A Typer group with, after its own commands, the commands of :attr:`lazy`, in that order."""

    lazy: ClassVar[dict[str, Lazy]] = {}

    def list_commands(self, ctx: Any) -> list[str]:
        own = super().list_commands(ctx)
        return [*own, *(name for name in self.lazy if name not in own)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in self.lazy:
            return _Listed(name=cmd_name, help=self.lazy[cmd_name].help)
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if name is not None and isinstance(command, _Listed):
            command = self.load(name)
        return name, command, rest

    def load(self, name: str) -> Any:
        """The real command ``name`` (its module imported now), kept for this group's lifetime."""
        entry = self.lazy[name]
        defined = getattr(importlib.import_module(entry.module), entry.attribute)
        command: Any
        if isinstance(defined, typer.Typer):
            command = typer.main.get_group(defined)
        else:
            single = typer.Typer(add_completion=False)
            single.command(name)(defined)
            command = typer.main.get_command(single)
        command.name = name
        self.commands[name] = command
        return command
