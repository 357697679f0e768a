"""The process edge: streams, signals, the language of Click's words, and the one place errors become exit statuses.

`run` prepares the standard streams, builds the `Environment` every command
receives, lets the Typer app parse and run the command line, and turns what
comes out (a status, a `PainguideError`, a signal, a broken pipe, a
surprise) into a message and an `ExitStatus`.
"""

from __future__ import annotations

import contextlib
import copy
import os
import sys
from collections.abc import Callable, Mapping
from types import FrameType
from typing import TextIO

import typer

from painguide.environment import Environment
from painguide.errors import CatalogError, ExitStatus, OutputError, PainguideError, UsageError
from painguide.i18n import _, ngettext

# What signal.signal returns and takes: a function, SIG_DFL or SIG_IGN, or None (set outside Python).
_Handler = Callable[[int, FrameType | None], object] | int | None


class _Terminated(BaseException):
    """SIGTERM or SIGHUP, raised like Ctrl-C's KeyboardInterrupt so that cleanup code runs."""

    def __init__(self, status: ExitStatus) -> None:
        super().__init__(status)
        self.status = status


def run(app: typer.Typer, argv: list[str] | None = None) -> int:
    """Run the command line `argv` (default: the process's) through `app`; the exit status."""
    restore = _catch_termination()
    try:
        return _run(app, argv)
    except _Terminated as stop:
        # 128 + the signal number: what a shell reports for a process the
        # signal killed (143 for SIGTERM, 129 for SIGHUP; Ctrl-C gives 130).
        _silence_stdout()
        return stop.status
    finally:
        restore()


def _catch_termination() -> Callable[[], None]:
    """Turn SIGTERM and SIGHUP into an exception, so temporary files are removed as for Ctrl-C."""
    import signal

    statuses = {
        number: status
        for name, status in (("SIGTERM", ExitStatus.TERMINATED), ("SIGHUP", ExitStatus.HANGUP))
        if (number := getattr(signal, name, None)) is not None
    }
    previous: dict[int, _Handler] = {}

    def stop(signum: int, frame: FrameType | None) -> None:
        # One is enough: a second signal must not cut the cleanup short.
        for number in statuses:
            signal.signal(number, signal.SIG_IGN)
        raise _Terminated(statuses[signum])

    with contextlib.suppress(ValueError):  # only the main thread may set handlers
        for number in statuses:
            previous[number] = signal.signal(number, stop)

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore


# Global options work after the command too (`painguide show yoga --no-color`).
# Moving them in front of it here, in one place, costs less than declaring
# them again on every command. Up to a literal `--`, any word that is exactly
# one of them is taken as that option, even where a command expects free words
# or a value: `painguide search -- --debug` searches for the word "--debug".
_GLOBAL_FLAGS = ("--no-color", "--no-pager", "--debug", "--version")
_GLOBAL_VALUES = ("--data", "--lang")


def globals_first(args: list[str]) -> tuple[list[str], list[str]]:
    """Split `args` into the global options and everything else, in order."""
    front: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            rest += args[index:]
            break
        if arg in _GLOBAL_VALUES and index + 1 == len(args):
            # With no PATH after it, `--data` in front would take the command
            # as its value; alone, it gets the parser's own "requires an
            # argument" error.
            return [*front, arg], []
        if arg in _GLOBAL_VALUES:
            front += args[index : index + 2]
            index += 1
        elif arg in _GLOBAL_FLAGS or arg.startswith(tuple(f"{name}=" for name in _GLOBAL_VALUES)):
            front.append(arg)
        else:
            rest.append(arg)
        index += 1
    return front, rest


def _run(app: typer.Typer, argv: list[str] | None) -> int:
    from painguide import i18n

    # Each run chooses its language afresh (in the root callback); until then, and
    # for a run that stops before it, English.
    i18n.activate(i18n.ENGLISH)
    front, rest = globals_first(list(sys.argv[1:] if argv is None else argv))
    args = front + rest
    debug = "--debug" in front
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            # Started with the descriptor closed (`painguide list >&-`): write
            # nowhere instead of crashing. Opening devnull also takes the free
            # descriptor number, so no file opened later can land on it.
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives until exit
    unusable = [encoding for encoding in map(_degrade_gracefully, (sys.stdout, sys.stderr)) if encoding]
    env = Environment.from_process()
    if unusable:
        env.tell(
            f"painguide: cannot write text in the encoding '{unusable[0]}' "
            "(from PYTHONIOENCODING or the locale); writing UTF-8 instead"
        )
    command = parser_for(app, rest, env.environ)
    spoken = _early_language(front, env)
    if spoken != i18n.ENGLISH:
        # --help and Click's errors come while the arguments are parsed, before
        # the root callback chooses the language: the help, the metavariables
        # and Click's own words are translated here instead, and the language
        # stays active while the arguments are parsed.
        from painguide import clickwords

        i18n.activate(spoken)
        clickwords.install()
        clickwords.translate_help(command)
        clickwords.translate_params(command)
    try:
        result = command.main(args=args, prog_name="painguide", standalone_mode=False, obj=env)
        if result == ExitStatus.INTERRUPTED:
            # Typer turns Ctrl-C into this status itself; stop writing, as for our own.
            return _interrupted()
        env.stdout.flush()
        _note_replaced(env)
        return result if isinstance(result, int) else ExitStatus.OK
    except KeyboardInterrupt:
        return _interrupted()
    except BrokenPipeError:
        return _broken_pipe()
    except SystemExit as error:
        # Typer turns a broken pipe into exit status 1 (and Rich into its own
        # exit); a reader that went away is not a failure of ours.
        if isinstance(error.__context__, BrokenPipeError):
            return _broken_pipe()
        raise
    except PainguideError as error:
        _report(env, error)
        return error.exit_code
    except OSError as error:
        return _os_error(env, error, debug)
    except Exception as error:  # noqa: BLE001 - the one boundary for unexpected failures
        return _click_or_internal(env, error, debug)


def parser_for(app: typer.Typer, rest: list[str], environ: Mapping[str, str]) -> typer.core.TyperGroup:
    """The Click group of `app` with only the command `rest` names, or with every command.

    Typer builds a parser for each command it has (their options, help and
    choices) before it reads the first word: about 4 ms of every run for
    commands that will not run. When the first word names one command (or
    group), only that one is built; anything else (none, an option such as
    --help, a name that is not a command, shell completion) gets them all,
    so the group's help, "No such command" and its suggestions see every
    command as before.
    """
    name = rest[0] if rest else ""
    if f"_{app.info.name or ''}_COMPLETE".upper() in environ:
        return typer.main.get_command(app)  # type: ignore[return-value]
    commands = [c for c in app.registered_commands if _command_name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if len(commands) + len(groups) != 1:
        return typer.main.get_command(app)  # type: ignore[return-value]
    one = copy.copy(app)
    one.registered_commands, one.registered_groups = commands, groups
    return typer.main.get_command(one)  # type: ignore[return-value]


def _command_name(info: typer.models.CommandInfo) -> str:
    """A command's name as Typer gives it: its own, else its function's (`list_topics` is `list-topics`)."""
    if info.name:
        return info.name
    return typer.main.get_command_name(info.callback.__name__) if info.callback else ""


def _early_language(front: list[str], env: Environment) -> str:
    """The language the root callback will choose, or English if it will refuse the choice."""
    from painguide import i18n
    from painguide.commands.session import requested_languages

    value = next(
        (front[n + 1] for n in range(len(front) - 1) if front[n] == "--lang"),
        next((arg.partition("=")[2] for arg in front if arg.startswith("--lang=")), None),
    )
    try:
        return requested_languages(value, env.environ)[0]
    except UsageError:
        return i18n.ENGLISH


def _note_replaced(env: Environment) -> None:
    from painguide.textsafe import take_replaced

    if take_replaced():
        # As the stream names it (PYTHONIOENCODING=latin-1 is "iso8859-1"): cp1252's codec calls itself "charmap".
        encoding = str(getattr(env.stdout, "encoding", "") or "")
        message = _(
            "painguide: some characters cannot be written in the encoding '{encoding}' and were written as '?'; "
            "use a UTF-8 locale (for example LC_ALL=C.UTF-8) to see them"
        )
        env.tell(message.format(encoding=encoding))


def _degrade_gracefully(stream: TextIO) -> str:
    """Replace what the stream's encoding cannot show; return the encoding's name if it can show nothing.

    PYTHONIOENCODING=undefined (or idna, which has no "replace") would make
    every write fail, error messages included: such a stream writes UTF-8.
    """
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None:
        return ""
    encoding = str(getattr(stream, "encoding", "") or "")
    try:
        sample = "painguide: text, 123.\n"
        usable = sample.encode(encoding, "replace").decode(encoding, "replace") == sample
    except (LookupError, UnicodeError, ValueError, TypeError):
        usable = False
    if usable:
        from painguide.textsafe import REPLACE_NOTED

        reconfigure(errors=REPLACE_NOTED)
        return ""
    reconfigure(encoding="utf-8", errors="replace")
    return encoding


_CLICK_EXCEPTION = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def _click_or_internal(env: Environment, error: Exception, debug: bool) -> int:
    if isinstance(error, typer.Exit):
        return int(error.exit_code)
    if isinstance(error, typer.Abort):
        return _interrupted()
    if isinstance(error, _CLICK_EXCEPTION):
        from painguide import i18n

        if i18n.language() == i18n.ENGLISH:
            error.show()  # type: ignore[attr-defined]
        else:
            import io

            from painguide.clickwords import translate_error

            shown = io.StringIO()
            error.show(shown)  # type: ignore[attr-defined]
            env.stderr.write(translate_error(shown.getvalue()))
        code = getattr(error, "exit_code", ExitStatus.USAGE)
        return int(code)
    if debug:
        import traceback

        traceback.print_exc()
    else:
        env.tell(_("painguide: internal error - rerun with --debug to see details"))
    return ExitStatus.FAILURE


def _report(env: Environment, error: PainguideError) -> None:
    if isinstance(error, CatalogError):
        env.tell(str(error))
        count = sum(1 for p in error.problems if p.severity == "error") + error.unlisted
        env.tell(
            ngettext(
                "painguide: the catalog has {count} error; nothing was shown.",
                "painguide: the catalog has {count} errors; nothing was shown.",
                count,
            ).format(count=count)
        )
    elif str(error):
        env.tell(f"painguide: {error}")


def _os_error(env: Environment, error: OSError, debug: bool) -> int:
    import errno

    if error.errno == errno.EPIPE:
        return _broken_pipe()
    if error.errno == errno.ENOSPC:
        _silence_stdout()
        _report(env, OutputError("cannot write output: no space left on device"))
        return ExitStatus.FAILURE
    if debug:
        import traceback

        traceback.print_exc()
    _silence_stdout()
    _report(env, OutputError(f"cannot write output: {error.strerror or error}"))
    return ExitStatus.FAILURE


def _interrupted() -> int:
    _silence_stdout()
    return ExitStatus.INTERRUPTED


def _broken_pipe() -> int:
    # The reader went away (`painguide list | head -1`) having read what it
    # wanted: stop quietly with success. Point stdout at devnull so the
    # interpreter's final flush cannot raise again.
    _silence_stdout()
    return ExitStatus.OK


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
