"""Every failure painguide expects, and the exit status each one maps to.

The process edge catches `PainguideError` in one place (`process.run`) and
prints `str(error)` to stderr; nothing else catches broad exceptions.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple


class ExitStatus(IntEnum):
    """Every status painguide exits with; docs/cli.md lists them from here (tools/cli_reference.py)."""

    meaning: str

    def __new__(cls, value: int, meaning: str) -> ExitStatus:
        member = int.__new__(cls, value)
        member._value_ = value
        member.meaning = meaning
        return member

    OK = 0, "Done; also when the reader of a pipe went away early (`painguide list | head -1`)."
    FAILURE = 1, "Something failed: catalog errors, nothing found, a sign-off declined, a file not written, a bug."
    USAGE = 2, "The command line asks for something that cannot be done: an unknown topic, option or value."
    HANGUP = 129, "Stopped by SIGHUP (128 + 1, as a shell reports it); temporary files were removed."
    INTERRUPTED = 130, "Stopped by Ctrl-C (SIGINT); temporary files were removed."
    TERMINATED = 143, "Stopped by SIGTERM (128 + 15); temporary files were removed."


class Problem(NamedTuple):
    """One thing wrong with a catalog, at a place in its file when known."""

    file: str
    line: int | None
    column: int | None
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        from painguide.textsafe import file_name

        where = file_name(self.file)
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        label = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {label}{self.message}"


class PainguideError(Exception):
    """Base of every expected failure; `exit_code` says how the CLI exits."""

    exit_code: int = ExitStatus.FAILURE


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

    exit_code = ExitStatus.USAGE


class TopicNotFound(UsageError):
    """No topic matches the name given, with the closest names as hints (the message names them)."""

    def __init__(self, message: str, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
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
