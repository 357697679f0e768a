"""Click's own words (usage, headings, errors, metavariables) in the active language.

Typer 0.28 vendors Click (`typer._click`) with its messages written as plain
English strings, not marked for gettext; `typer.core` marks its few words
with the standard library's gettext, which knows nothing of `--lang`. So
painguide translates them itself, in three places:

- `install` points `typer.core`'s `_` at painguide's and translates the
  usage prefix, the help option's text and the usage metavariables where
  Click builds them;
- `translate_params` gives every parameter a metavariable in the active
  language (cli.py calls it with the help texts);
- `translate_error` rebuilds an error's text from Click's templates below.

Only a run in another language than English calls any of this.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from painguide.i18n import N_, _

if TYPE_CHECKING:
    from typer._click.core import Command
    from typer.core import TyperOption

# Words typer.core marks with gettext; listed so that tools/messages.py extracts them.
TYPER_WORDS = (
    N_("Usage: "),
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("default: {default}"),
    N_("required"),
    N_("(dynamic)"),
    N_("env var: {var}"),
    N_("Aborted!"),
    N_("Missing command."),
    N_("Show this message and exit."),
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
)

# Metavariables: painguide's own (cli.py) and the ones Click makes from a type.
METAVARS = (
    N_("TOPIC"),
    N_("TOPIC..."),
    N_("WORDS..."),
    N_("FORMAT"),
    N_("LANG"),
    N_("PATH"),
    N_("[PATH]"),
    N_("FILE"),
    N_("NAME"),
    N_("ROLE"),
    N_("TEXT"),
    N_("YYYY-MM-DD"),
    N_("NUMBER"),
)
_NUMBER_TYPES = ("float", "integer", "float range", "integer range")

# Click's error messages, as Click writes them: a pattern, and the message
# (with the pattern's groups as placeholders) to say instead.
_ERRORS: tuple[tuple[str, str], ...] = (
    (r"^Error: ", N_("Error: ")),
    (r"Try '(?P<command>[^']*)' for help\.", N_("Try '{command}' for help.")),
    (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
    (r"\(Possible options: (?P<names>[^)]*)\)", N_("(Possible options: {names})")),
    (r"No such command (?P<name>'[^']*')\.", N_("No such command {name}.")),
    (r"Did you mean (?P<names>.*)\?", N_("Did you mean {names}?")),
    (r"Missing command\.", N_("Missing command.")),
    (r"Missing argument (?P<name>'[^']*')\.", N_("Missing argument {name}.")),
    (r"Missing option (?P<name>'[^']*'(?: / '[^']*')*)\.", N_("Missing option {name}.")),
    (r"Invalid value for (?P<name>'[^']*'(?: / '[^']*')*): ", N_("Invalid value for {name}: ")),
    (r"Invalid value: ", N_("Invalid value: ")),
    (r"(?P<value>'.*') is not a valid (?:float|float range)\.", N_("{value} is not a valid number.")),
    (r"(?P<value>'.*') is not a valid (?:integer|integer range)\.", N_("{value} is not a valid whole number.")),
    (r"(?P<value>\S+) is not in the range (?P<range>\S+)\.", N_("{value} is not in the range {range}.")),
    (r"Option (?P<name>'[^']*') requires an argument\.", N_("Option {name} requires a value.")),
    (r"Option (?P<name>'[^']*') requires (?P<count>\d+) arguments\.", N_("Option {name} requires {count} values.")),
    (r"Option (?P<name>'[^']*') does not take a value\.", N_("Option {name} does not take a value.")),
    (r"Got unexpected extra argument\(s\) \((?P<args>.*)\)", N_("Unexpected extra arguments: {args}")),
)
_COMPILED = [(re.compile(pattern, re.MULTILINE), message) for pattern, message in _ERRORS]

_installed = False


def install() -> None:
    """Make Typer's and Click's own words follow the active language (idempotent; English is unchanged)."""
    global _installed
    if _installed:
        return
    _installed = True
    import typer.core

    try:
        from typer._click import core as click_core
        from typer._click import formatting
    except ImportError:  # typer before 0.28 uses Click itself
        from click import core as click_core  # type: ignore[no-redef,import-not-found,unused-ignore]
        from click import formatting  # type: ignore[no-redef,import-not-found,unused-ignore]

    typer.core._ = _  # type: ignore[attr-defined]

    write_usage = formatting.HelpFormatter.write_usage

    def translated_usage(self: formatting.HelpFormatter, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, _("Usage: ") if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = translated_usage  # type: ignore[method-assign]

    get_help_option = click_core.Command.get_help_option

    def translated_help_option(self: click_core.Command, ctx: click_core.Context) -> TyperOption | None:
        option = get_help_option(self, ctx)
        if option is not None and option.help == "Show this message and exit.":
            option.help = _(option.help)
        return option

    click_core.Command.get_help_option = translated_help_option  # type: ignore[method-assign]


def translate_params(command: Command) -> None:
    """Every metavariable of a command tree (and its usage words) in the active language."""
    if getattr(command, "options_metavar", None) == "[OPTIONS]":
        command.options_metavar = _("[OPTIONS]")
    from typer.core import TyperGroup

    if isinstance(command, TyperGroup) and command.subcommand_metavar == "COMMAND [ARGS]...":
        command.subcommand_metavar = _("COMMAND [ARGS]...")
    for param in command.params:
        if param.metavar is not None:
            param.metavar = _(param.metavar)
        elif getattr(param, "param_type_name", "") == "option" and not getattr(param, "is_flag", False):
            param.metavar = _("NUMBER") if getattr(param.type, "name", "") in _NUMBER_TYPES else _("TEXT")
    for sub in getattr(command, "commands", {}).values():
        translate_params(sub)


def translate_error(text: str) -> str:
    """Click's error output (usage, hint, message) with each of its own messages in the active language."""
    for pattern, message in _COMPILED:
        text = pattern.sub(_in_language(message), text)
    return text


def _in_language(message: str) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        return _(message).format(**match.groupdict())

    return replace


def help_texts(command: Command) -> list[str]:
    """Every help text of a command tree, in order, each once (tools/messages.py extracts them)."""
    out: list[str] = []
    for text in (command.help, getattr(command, "short_help", None)):
        if text and text not in out:
            out.append(text)
    for param in command.params:
        text = getattr(param, "help", None)
        if text and text not in out:
            out.append(text)
    for sub in getattr(command, "commands", {}).values():
        out += [text for text in help_texts(sub) if text not in out]
    return out


def translate_help(command: Command) -> None:
    """Replace every help text of a command tree with its translation in the active language."""
    if command.help:
        command.help = _(command.help)
    if command.short_help:
        command.short_help = _(command.short_help)
    for param in command.params:
        # Options have help; arguments (the base Parameter) do not.
        option = cast("TyperOption", param)
        if getattr(param, "help", None) and option.help:
            option.help = _(option.help)
    for sub in getattr(command, "commands", {}).values():
        translate_help(sub)
