"""Every failure painguide expects, and the exit code each one maps to.

The command-line layer catches `PainguideError` in one place (`cli.main`) and
prints `str(error)` to stderr; nothing else catches broad exceptions.
"""

from __future__ import annotations

from typing import NamedTuple

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class Problem(NamedTuple):
    """One thing wrong with a catalog, at a place in its file when known."""

    file: str
    line: int | None
    column: int | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {label}{self.message}"


class PainguideError(Exception):
    """Base of every expected failure; `exit_code` says how the CLI exits."""

    exit_code = EXIT_FAILURE


class CatalogFileError(PainguideError):
    """The catalog file cannot be read at all (missing, not a file, too big)."""


class CatalogError(PainguideError):
    """The catalog was read but is not valid; carries every problem found."""

    def __init__(self, problems: list[Problem], unlisted: int = 0) -> None:
        self.problems = problems
        # Errors counted but not kept in `problems` (past validate.MAX_PROBLEMS).
        self.unlisted = unlisted
        super().__init__("\n".join(str(p) for p in problems))


class UsageError(PainguideError):
    """The command line asks for something that cannot be done."""

    exit_code = EXIT_USAGE


class TopicNotFound(UsageError):
    """No topic matches the name given, with the closest names as hints."""

    def __init__(self, name: str, suggestions: list[str], ambiguous: bool = False, more: int = 0) -> None:
        from painguide.i18n import _, ngettext
        from painguide.textsafe import shorten

        self.name = name
        self.suggestions = suggestions
        shown = shorten(name)
        if ambiguous:
            message = _("'{name}' matches more than one topic.").format(name=shown)
        else:
            message = _("No topic named '{name}'.").format(name=shown)
        if suggestions:
            message += "\n" + _("Did you mean: {names}?").format(names=", ".join(suggestions))
            if more > 0:
                message += " " + ngettext("(and {count} more)", "(and {count} more)", more).format(count=more)
        else:
            message += "\n" + _("Run 'painguide list' to see all topics.")
        super().__init__(message)


class HandoutTooLarge(UsageError):
    """A handout would print more text than one handout may hold (render/handout.py)."""


class NoResults(PainguideError):
    """A search found nothing."""


class OutputError(PainguideError):
    """Writing the output failed (for example, the disk is full)."""


class CacheError(PainguideError):
    """The cache folder could not be tidied as asked (a file of ours could not be removed)."""


class MissingExtra(PainguideError):
    """An optional dependency for one command is not installed."""
