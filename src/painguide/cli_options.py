"""The parts of the command line that are declarations, not commands: shared options and the help's layout.

cli.py lists the commands; the options several commands share (the
registry-driven --format, the global --data and --lang), the choices of a
few options and how the help lists the commands are declared here, so that
cli.py reads as one entry per command. Nothing here runs a command.
"""

# No `from __future__ import annotations`: Typer reads the callbacks' annotations on every run (see cli.py).
from enum import Enum
from typing import Annotated, Any

import typer

from painguide.i18n import _, lang_help


class CommandList(typer.core.TyperGroup):
    """A command group whose help lists each command's first sentence whole.

    Click cuts it to fit the line with "..." ("Write a printable handout: one
    HTML or PDF file with one or..."); here the line wraps instead.
    """

    # Any: Typer vendors Click under a private name and exports neither the context nor the formatter type.
    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=NO_LIMIT)))
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)


# Longer than any help text may be, so that Click never shortens one.
NO_LIMIT = 100_000


def format_option(command: str) -> Any:
    """The --format option of `command`, its choices read from the format registry.

    Any: typer.Option is declared to return Any, so that it can stand as any parameter's default.
    """
    from painguide.formats import for_command, help_text

    choices = for_command(command)

    def valid(value: str | None) -> str | None:
        if value is None:
            return None
        if value.lower() not in choices:
            raise typer.BadParameter(
                _("'{value}' is not one of {choices}.").format(value=value, choices=", ".join(choices))
            )
        return value.lower()

    return typer.Option(
        "--format",
        "-f",
        help=help_text(command),
        callback=valid,
        autocompletion=lambda: choices,
        show_default=False,
        metavar="FORMAT",
    )


ListFormat = Annotated[str | None, format_option("list")]
ShowFormat = Annotated[str | None, format_option("show")]
RefsFormat = Annotated[str | None, format_option("refs")]
SearchFormat = Annotated[str | None, format_option("search")]
CoreFormat = Annotated[str | None, format_option("core")]
CheckFormat = Annotated[str | None, format_option("check")]
LookupFormat = Annotated[str | None, format_option("lookup")]


DataOption = Annotated[
    str | None,
    typer.Option(
        "--data",
        envvar="PAINGUIDE_DATA",
        help="Catalog file to read instead of the bundled one (also: PAINGUIDE_DATA).",
        metavar="PATH",
        show_envvar=False,
    ),
]


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help=lang_help(),
        metavar="LANG",
        show_default=False,
    ),
]


def code_system(value: str | None) -> str | None:
    from painguide.catalog.codes import SYSTEMS

    if value is not None and value.lower() not in SYSTEMS:
        raise typer.BadParameter(f"'{value}' is not one of {', '.join(SYSTEMS)}.")
    return None if value is None else value.lower()


class Paper(str, Enum):
    """Paper sizes a handout can be laid out for."""

    letter = "letter"
    a4 = "a4"
