"""The command-line layer: parse arguments, call the domain, print the result.

Every expected failure is a `PainguideError`; `main` is the one place that
turns errors into messages and exit codes.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from enum import Enum
from typing import Annotated, Any

import typer

from painguide import __version__
from painguide.errors import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    CatalogError,
    NoResults,
    OutputError,
    PainguideError,
    UsageError,
)

app = typer.Typer(
    name="painguide",
    help=(
        "Plain-language answers about integrative chronic pain care, offline.\n\nExample: painguide show acupuncture"
    ),
    add_completion=True,
    no_args_is_help=False,
    invoke_without_command=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class State:
    """Options given before the command, shared by every command."""

    def __init__(self, data: str | None, no_color: bool) -> None:
        self.data = data
        self.no_color = no_color
        self._store: Any = None

    @property
    def catalog_path(self) -> str:
        if self.data is not None:
            return self.data
        from painguide.catalog.bundled import bundled_catalog

        return bundled_catalog()

    def store(self) -> Any:
        if self._store is None:
            from painguide.index.store import open_store

            self._store = open_store(self.catalog_path, use_cache=not os.environ.get("PAINGUIDE_NO_CACHE"))
        return self._store


def _state(ctx: typer.Context) -> State:
    state = ctx.find_root().obj
    if not isinstance(state, State):
        state = State(None, False)
        ctx.find_root().obj = state
    return state


class Format(str, Enum):
    """Output formats; the default is text on a terminal and plain on a pipe."""

    text = "text"
    plain = "plain"
    markdown = "markdown"
    json = "json"
    html = "html"


FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help=(
            "Output format: text (styled, for terminals), plain, markdown, json or html. "
            "Default: text on a terminal, plain otherwise."
        ),
        case_sensitive=False,
        show_default=False,
    ),
]


def _emit(
    ctx: typer.Context,
    fmt: Format | None,
    build: Callable[[], Any],
    data: Callable[[], dict[str, Any]] | None = None,
) -> None:
    """Write the page `build` makes; for JSON, the record `data` makes instead."""
    if fmt is Format.json:
        if data is None:
            raise UsageError("JSON output is not available for this command.")
        from painguide.export.json_data import dumps

        sys.stdout.write(dumps(data()))
        return
    from painguide.render.dispatch import choose, write_document

    options = choose(sys.stdout, fmt.value if fmt else None, _state(ctx).no_color)
    write_document(sys.stdout, build(), options)


def _json() -> Any:
    """The JSON builders, imported only when JSON is asked for."""
    from painguide.export import json_data as json_output

    return json_output


CITATION_FORMATS = ("bibtex", "ris", "csl-json")


class RefsFormat(str, Enum):
    """Formats of `refs`: every page format, and three for reference managers."""

    text = "text"
    plain = "plain"
    markdown = "markdown"
    json = "json"
    html = "html"
    bibtex = "bibtex"
    ris = "ris"
    csl_json = "csl-json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"painguide {__version__}")
        raise typer.Exit()


def _complete_topic(ctx: typer.Context, incomplete: str) -> list[str]:
    """Topic ids for shell completion; silent if the catalog cannot be read."""
    try:
        data = ctx.find_root().params.get("data") or os.environ.get("PAINGUIDE_DATA") or None
        store = State(data, True).store()
        return [topic.id for topic in store.topics() if topic.id.startswith(incomplete.lower())]
    except Exception:  # noqa: BLE001 - completion must never print a traceback into the shell
        return []


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


@app.callback()
def root(
    ctx: typer.Context,
    data: DataOption = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Do not use colour (also: NO_COLOR=1).")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback for internal errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Plain-language answers about integrative chronic pain care, offline.

    Example: painguide show acupuncture
    """
    ctx.obj = State(data, no_color)
    if ctx.invoked_subcommand is None:
        from painguide.render.pages import welcome_page

        _emit(ctx, None, lambda: welcome_page(_state(ctx).store().info(), __version__))


@app.command("list")
def list_topics(
    ctx: typer.Context,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help="Only topics in this category (id or title).", metavar="NAME")
    ] = None,
    fmt: FormatOption = None,
) -> None:
    """List every topic, grouped by category.

    Each topic has its id and a one-line description.

    Example: painguide list --category therapies
    """
    from painguide.catalog.names import normalize
    from painguide.render.pages import list_page

    store = _state(ctx).store()
    categories = store.categories()
    if category is not None:
        wanted = normalize(category)
        chosen = [c for c in categories if wanted in (normalize(c.id), normalize(c.title))]
        if not chosen:
            known = ", ".join(c.id for c in categories)
            raise UsageError(f"No category named '{category}'. Categories: {known}.")
        categories = chosen
    _emit(
        ctx,
        fmt,
        lambda: list_page(categories, store.topics(), store.info()),
        lambda: _json().list_data(categories, store.topics(), store.info()),
    )


@app.command()
def show(
    ctx: typer.Context,
    topic: Annotated[
        list[str],
        typer.Argument(
            help="Topic id, title or other name; case, spaces and dashes do not matter.",
            autocompletion=_complete_topic,
            show_default=False,
            metavar="TOPIC",
        ),
    ],
    fmt: FormatOption = None,
) -> None:
    """Show one topic in full.

    Sections: summary, key points, research, what to expect, safety,
    questions for your care team, related topics and references.

    Example: painguide show tai chi
    """
    from painguide.index.lookup import resolve
    from painguide.render.pages import topic_page

    store = _state(ctx).store()
    # Several words are one name, so `painguide show tai chi` needs no quotes.
    found = resolve(store, " ".join(topic))
    references = store.references(found.cited_refs())
    related = store.titles(list(found.related)) if found.related else {}
    _emit(
        ctx,
        fmt,
        lambda: topic_page(found, references, related, store.info()),
        lambda: _json().show_data(found, references, related, store.info()),
    )


@app.command()
def refs(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Option("--topic", "-t", help="Only the references one topic cites.", autocompletion=_complete_topic),
    ] = None,
    fmt: Annotated[
        RefsFormat | None,
        typer.Option(
            "--format",
            "-f",
            help=(
                "Output format: text, plain, markdown, json or html, or for reference managers "
                "bibtex, ris or csl-json. Default: text on a terminal, plain otherwise."
            ),
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """List the references and which topics cite each one.

    With --format bibtex, ris or csl-json, writes a file for Zotero,
    EndNote, Mendeley, JabRef or a LaTeX bibliography.

    Example: painguide refs --topic acupuncture --format bibtex > refs.bib
    """
    from painguide.index.lookup import resolve
    from painguide.render.pages import refs_page

    store = _state(ctx).store()
    catalog = store.catalog()
    citing = catalog.citing_topics()
    references = catalog.references
    title = "References"
    topic_id: str | None = None
    if topic is not None:
        found = resolve(store, topic)
        references = {r: references[r] for r in found.cited_refs() if r in references}
        title = f"References: {found.title}"
        topic_id = found.id
    if fmt is not None and fmt.value in CITATION_FORMATS:
        from painguide.export.citations import export

        sys.stdout.write(export(fmt.value, references.values()))
        return
    _emit(
        ctx,
        Format(fmt.value) if fmt else None,
        lambda: refs_page(references, citing, catalog.info, title),
        lambda: _json().refs_data(references, citing, catalog.info, topic_id),
    )


@app.command()
def search(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(help="Words to look for.", show_default=False, metavar="WORDS...")],
    fmt: FormatOption = None,
) -> None:
    """Search topics for words; best matches first.

    Looks in titles, other names, summaries and key points.

    Example: painguide search back pain
    """
    from painguide.limits import check_query
    from painguide.render.pages import search_page
    from painguide.textsafe import shorten

    check_query(words)
    store = _state(ctx).store()
    hits = store.search(words)
    if not hits:
        shown = shorten(" ".join(words))
        raise NoResults(f"No topic mentions '{shown}'. Try fewer or simpler words, or run 'painguide list'.")
    _emit(
        ctx, fmt, lambda: search_page(words, hits, store.info()), lambda: _json().search_data(words, hits, store.info())
    )


@app.command()
def core(ctx: typer.Context, fmt: FormatOption = None) -> None:
    """Show the core elements of integrative pain care.

    Example: painguide core
    """
    from painguide.render.pages import core_page

    store = _state(ctx).store()
    overview = store.core()
    _emit(ctx, fmt, lambda: core_page(overview, store.info()), lambda: _json().core_data(overview, store.info()))


@app.command()
def handout(
    ctx: typer.Context,
    topics: Annotated[
        list[str],
        typer.Argument(
            help="Topics to include, one per argument: id, title or other name (quote names with spaces).",
            autocompletion=_complete_topic,
            show_default=False,
            metavar="TOPIC...",
        ),
    ],
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", help="HTML file to write; - (or /dev/stdout) writes to standard output.", metavar="FILE"
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it already exists.")] = False,
) -> None:
    """Write a printable handout: one HTML file with one or more topics.

    A cover page with the clinic's name and locations, then each topic on
    its own printed page with its references, the date and the disclaimer.
    The file is self-contained: open it in any browser and print it.

    Example: painguide handout acupuncture "tai chi" -o handout.html
    """
    from painguide.index.lookup import resolve
    from painguide.render.handout import HandoutTopic, made_on
    from painguide.render.handout import handout as build

    store = _state(ctx).store()
    chosen: dict[str, Any] = {}
    for name in topics:
        found = resolve(store, name)
        # The same topic named twice ("tai chi" and "taiji") is printed once.
        chosen.setdefault(found.id, found)
    items = [
        HandoutTopic(t, store.references(t.cited_refs()), store.titles(list(t.related)) if t.related else {})
        for t in chosen.values()
    ]
    text = build(items, store.info(), made_on())
    from painguide.atomicfile import is_stdout, shown, write_file

    if is_stdout(output):
        sys.stdout.write(text)
        return
    write_file(output, text, force)
    count = f"{len(items)} topic{'s' if len(items) != 1 else ''}"
    _stderr(f"Wrote {shown(output)} ({count}). Open it in a browser to print it.")


class CheckFormat(str, Enum):
    """Formats of the check report."""

    text = "text"
    plain = "plain"
    json = "json"


@app.command()
def check(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(help="Catalog to check (default: the active catalog).", show_default=False, metavar="[PATH]"),
    ] = None,
    max_grade: Annotated[
        float, typer.Option("--max-grade", help="Highest Flesch-Kincaid reading grade allowed.", min=0.0)
    ] = 8.0,
    max_age: Annotated[
        str, typer.Option("--max-age", help="Oldest review allowed: 2y, 18m, 90d (a bare number is years).")
    ] = "2y",
    fmt: Annotated[
        CheckFormat | None,
        typer.Option("--format", "-f", help="text, plain or json.", case_sensitive=False, show_default=False),
    ] = None,
) -> None:
    """Check a catalog: schema, citations, reading grade, review dates.

    For people who write catalogs. Reports every problem with its line.

    Exits 0 when the catalog is clean (warnings allowed) and 1 when it has errors.

    Example: painguide check my-clinic.yaml --max-grade 6
    """
    import datetime as dt

    from painguide.quality.check import check_catalog, parse_age

    days = parse_age(max_age)
    report = check_catalog(path or _state(ctx).catalog_path, max_grade, days, dt.date.today())
    if fmt is CheckFormat.json:
        from painguide.export.check_report import check_json

        sys.stdout.write(check_json(report))
    else:
        from painguide.render.pages import check_page

        _emit(ctx, Format(fmt.value) if fmt else None, lambda: check_page(report))
    if report.errors:
        raise typer.Exit(EXIT_FAILURE)


cache_app = typer.Typer(
    help="Look after the cache of catalog indexes.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info() -> None:
    """Show where the cache is and which catalog indexes it holds.

    Example: painguide cache info
    """
    from painguide.index.indexfile import describe_cache

    sys.stdout.write(describe_cache())


@cache_app.command("clear")
def cache_clear() -> None:
    """Remove every catalog index; each is rebuilt the next time its catalog is used.

    Example: painguide cache clear
    """
    from painguide.index.indexfile import clear_cache

    sys.stdout.write(clear_cache())


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and exit; the single place where errors become exit codes."""
    sys.exit(run(argv))


class _Terminated(BaseException):
    """SIGTERM or SIGHUP, raised like Ctrl-C's KeyboardInterrupt so that cleanup code runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def run(argv: list[str] | None = None) -> int:
    restore = _catch_termination()
    try:
        return _run(argv)
    except _Terminated as stop:
        # 128 + the signal number: what a shell reports for a process the
        # signal killed (143 for SIGTERM, 129 for SIGHUP; Ctrl-C gives 130).
        _silence_stdout()
        return 128 + stop.signum
    finally:
        restore()


def _catch_termination() -> Callable[[], None]:
    """Turn SIGTERM and SIGHUP into an exception, so temporary files are removed as for Ctrl-C."""
    import signal

    signals = [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s is not None]
    previous: dict[int, Any] = {}

    def stop(signum: int, frame: object) -> None:
        # One is enough: a second signal must not cut the cleanup short.
        for number in signals:
            signal.signal(number, signal.SIG_IGN)
        raise _Terminated(signum)

    with contextlib.suppress(ValueError):  # only the main thread may set handlers
        for number in signals:
            previous[number] = signal.signal(number, stop)

    def restore() -> None:
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore


def _run(argv: list[str] | None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            # Started with the descriptor closed (`painguide list >&-`): write
            # nowhere instead of crashing. Opening devnull also takes the free
            # descriptor number, so no file opened later can land on it.
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - lives until exit
    unusable = [encoding for encoding in map(_degrade_gracefully, (sys.stdout, sys.stderr)) if encoding]
    if unusable:
        _stderr(
            f"painguide: cannot write text in the encoding '{unusable[0]}' "
            "(from PYTHONIOENCODING or the locale); writing UTF-8 instead"
        )
    command = typer.main.get_command(app)
    try:
        result = command.main(args=args, prog_name="painguide", standalone_mode=False)
        if result == EXIT_INTERRUPTED:
            # Typer turns Ctrl-C into this status itself; stop writing, as for our own.
            return _interrupted()
        sys.stdout.flush()
        return result if isinstance(result, int) else EXIT_OK
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
        _report(error)
        return error.exit_code
    except OSError as error:
        return _os_error(error, debug)
    except Exception as error:  # noqa: BLE001 - the one boundary for unexpected failures
        return _click_or_internal(error, debug)


def _degrade_gracefully(stream: Any) -> str:
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
        reconfigure(errors="replace")
        return ""
    reconfigure(encoding="utf-8", errors="replace")
    return encoding


_CLICK_EXCEPTION = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def _click_or_internal(error: Exception, debug: bool) -> int:
    if isinstance(error, typer.Exit):
        return int(error.exit_code)
    if isinstance(error, typer.Abort):
        return _interrupted()
    if isinstance(error, _CLICK_EXCEPTION):
        error.show()  # type: ignore[attr-defined]
        code = getattr(error, "exit_code", EXIT_USAGE)
        return int(code)
    if debug:
        import traceback

        traceback.print_exc()
    else:
        _stderr("painguide: internal error - rerun with --debug to see details")
    return EXIT_FAILURE


def _report(error: PainguideError) -> None:
    if isinstance(error, CatalogError):
        _stderr(str(error))
        count = sum(1 for p in error.problems if p.severity == "error") + error.unlisted
        _stderr(f"painguide: the catalog has {count} error{'s' if count != 1 else ''}; nothing was shown.")
    else:
        _stderr(f"painguide: {error}")


def _os_error(error: OSError, debug: bool) -> int:
    import errno

    if error.errno == errno.EPIPE:
        return _broken_pipe()
    if error.errno == errno.ENOSPC:
        _silence_stdout()
        _report(OutputError("cannot write output: no space left on device"))
        return EXIT_FAILURE
    if debug:
        import traceback

        traceback.print_exc()
    _silence_stdout()
    _report(OutputError(f"cannot write output: {error.strerror or error}"))
    return EXIT_FAILURE


def _interrupted() -> int:
    _silence_stdout()
    return EXIT_INTERRUPTED


def _broken_pipe() -> int:
    # The reader went away (`painguide list | head -1`) having read what it
    # wanted: stop quietly with success. Point stdout at devnull so the
    # interpreter's final flush cannot raise again.
    _silence_stdout()
    return EXIT_OK


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _stderr(message: str) -> None:
    from painguide.textsafe import visible

    # Messages quote catalog text, file names and what was typed; none of it
    # may reach the terminal as a control sequence.
    with contextlib.suppress(OSError, ValueError):
        print(visible(message), file=sys.stderr)
