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
from typing import TYPE_CHECKING, Annotated, Any

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
    TopicNotFound,
    UsageError,
)
from painguide.i18n import _, ngettext

if TYPE_CHECKING:
    from types import ModuleType
    from typing import TextIO

    from painguide.catalog.model import Category
    from painguide.index.store import Store
    from painguide.render.document import Document


class _Commands(typer.core.TyperGroup):
    """A command group whose help lists each command's first sentence whole.

    Click cuts it to fit the line with "..." ("Write a printable handout: one
    HTML or PDF file with one or..."); here the line wraps instead.
    """

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=_NO_LIMIT)))
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)


# Longer than any help text may be, so that Click never shortens one.
_NO_LIMIT = 100_000


app = typer.Typer(
    cls=_Commands,
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
    """The global options, shared by every command."""

    def __init__(
        self, data: str | None, no_color: bool, languages: tuple[str, ...] = ("en",), no_pager: bool = False
    ) -> None:
        self.data = data
        self.no_color = no_color
        self.no_pager = no_pager
        # The first is the language of every page; a handout may add a second.
        self.languages = languages
        self._store: Store | None = None

    @property
    def language(self) -> str:
        return self.languages[0]

    @property
    def catalog_path(self) -> str:
        if self.data is not None:
            return self.data
        from painguide.catalog.bundled import bundled_catalog

        return bundled_catalog()

    def store(self) -> Store:
        if self._store is None:
            self._store = self.store_in(self.language)
        return self._store

    def store_in(self, language: str) -> Any:
        """The index of the catalog in `language` (a bilingual handout opens two)."""
        from painguide.index.store import open_store

        if self._store is not None and language == self.language:
            return self._store
        return open_store(self.catalog_path, use_cache=not os.environ.get("PAINGUIDE_NO_CACHE"), language=language)


def _state(ctx: typer.Context) -> State:
    state = ctx.find_root().obj
    if not isinstance(state, State):
        state = State(None, False)
        ctx.find_root().obj = state
    return state


def _format_option(command: str) -> Any:
    """The --format option of `command`, its choices read from the format registry."""
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


ListFormat = Annotated[str | None, _format_option("list")]
ShowFormat = Annotated[str | None, _format_option("show")]
RefsFormat = Annotated[str | None, _format_option("refs")]
SearchFormat = Annotated[str | None, _format_option("search")]
CoreFormat = Annotated[str | None, _format_option("core")]
CheckFormat = Annotated[str | None, _format_option("check")]
LookupFormat = Annotated[str | None, _format_option("lookup")]


def _emit(
    ctx: typer.Context,
    fmt: str | None,
    build: Callable[[], Document],
    data: Callable[[], dict[str, object]] | None = None,
) -> None:
    """Write the page `build` makes; for JSON, the record `data` makes instead."""
    _encoding_for(fmt)
    if fmt == "json":
        if data is None:
            raise UsageError("JSON output is not available for this command.")
        from painguide.export.json_data import dumps

        sys.stdout.write(dumps(data()))
        return
    from painguide.render.dispatch import choose, use_pager, write_document

    state = _state(ctx)
    options = choose(sys.stdout, fmt, state.no_color)
    if not use_pager(sys.stdout, state.no_pager):
        write_document(sys.stdout, build(), options)
        return
    import io

    from painguide.render import pager

    # On a terminal the page is made first, to know whether it fits on the screen.
    buffer = io.StringIO()
    write_document(buffer, build(), options)
    if not pager.page(buffer.getvalue(), sys.stdout):
        sys.stdout.write(buffer.getvalue())


def _encoding_for(fmt: str | None) -> None:
    """Standard output in UTF-8 for a format that declares it (HTML, JSON), whatever the locale says."""
    from painguide.formats import BY_NAME

    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if fmt in BY_NAME and BY_NAME[fmt].utf8 and reconfigure is not None:
        sys.stdout.flush()
        reconfigure(encoding="utf-8", errors="replace")


def _json() -> ModuleType:
    """The JSON builders, imported only when JSON is asked for."""
    from painguide.export import json_data as json_output

    return json_output


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


LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language: es (español) or en (English). Default: PAINGUIDE_LANG, else the locale "
        "(LC_ALL, LC_MESSAGES, LANG), else English. A handout takes two: --lang es,en.",
        metavar="LANG",
        show_default=False,
    ),
]


@app.callback()
def root(
    ctx: typer.Context,
    data: DataOption = None,
    lang: LangOption = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Do not use colour (also: NO_COLOR=1).")] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager", help="Print long pages straight to the terminal, without a pager (PAGER, else less -R)."
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback for internal errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Plain-language answers about integrative chronic pain care, offline.

    Example: painguide show acupuncture
    """
    from painguide import i18n

    languages = i18n.parse(lang) if lang is not None else i18n.from_environment()
    if len(languages) > 1 and ctx.invoked_subcommand != "handout":
        raise UsageError(
            f"--lang {','.join(languages)}: only a handout is printed in two languages; "
            f"choose one: --lang {languages[0]}"
        )
    i18n.activate(languages[0])
    ctx.obj = State(data, no_color, languages, no_pager)
    if ctx.invoked_subcommand is None:
        from painguide.queries import catalog_sources
        from painguide.render.pages import welcome_page

        state = _state(ctx)
        store = state.store()
        _emit(
            ctx,
            None,
            lambda: welcome_page(store.info(), __version__, store.topics(), catalog_sources(store), state.language),
        )


@app.command()
def info(ctx: typer.Context) -> None:
    """Show which catalog and clinic layers are in use: their files, versions and translations.

    Example: painguide --data my-clinic.yaml info
    """
    from painguide.queries import catalog_sources
    from painguide.render.pages import info_page

    state = _state(ctx)
    store = state.store()
    _emit(ctx, None, lambda: info_page(store.info(), __version__, catalog_sources(store), state.language))


@app.command("list")
def list_topics(
    ctx: typer.Context,
    category: Annotated[
        str | None, typer.Option("--category", "-c", help="Only topics in this category (id or title).", metavar="NAME")
    ] = None,
    fmt: ListFormat = None,
) -> None:
    """List every topic, grouped by category.

    Each topic has its id and a one-line description.

    Example: painguide list --category therapies
    """
    from painguide.queries import categories_named
    from painguide.render.pages import list_page

    store = _state(ctx).store()
    categories = categories_named(store, category)
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
    fmt: ShowFormat = None,
) -> None:
    """Show one topic in full.

    Sections: summary, key points, research, what to expect, safety,
    questions for your care team, related topics and references.

    Example: painguide show tai chi
    """
    from painguide.limits import check_name
    from painguide.queries import topic_view
    from painguide.render.pages import topic_page

    check_name(topic)
    store = _state(ctx).store()
    # Several words are one name, so `painguide show tai chi` needs no quotes.
    try:
        view = topic_view(store, " ".join(topic))
    except TopicNotFound:
        _safety_net(ctx, store, " ".join(topic), fmt)
        raise
    _emit(
        ctx,
        fmt,
        lambda: topic_page(*view, store.info()),
        lambda: _json().show_data(*view, store.info()),
    )


@app.command()
def refs(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Option("--topic", "-t", help="Only the references one topic cites.", autocompletion=_complete_topic),
    ] = None,
    fmt: RefsFormat = None,
) -> None:
    """List the references and which topics cite each one.

    In order of first author, then year; with --topic, in the order the
    topic first cites them (as its page numbers them).

    With --format bibtex, ris or csl-json, writes a file for Zotero,
    EndNote, Mendeley, JabRef or a LaTeX bibliography.

    Example: painguide refs --topic acupuncture --format bibtex > refs.bib
    """
    from painguide.formats import BY_NAME
    from painguide.queries import refs_view
    from painguide.render.pages import refs_page

    view = refs_view(_state(ctx).store(), topic)
    if fmt is not None and BY_NAME[fmt].kind == "citations":
        from painguide.export.citations import export

        _encoding_for(fmt)
        sys.stdout.write(export(fmt, view.references.values()))
        return
    _emit(
        ctx,
        fmt,
        lambda: refs_page(view.references, view.citing, view.info, view.title),
        lambda: _json().refs_data(view.references, view.citing, view.info, view.topic_id),
    )


@app.command()
def search(
    ctx: typer.Context,
    words: Annotated[
        list[str], typer.Argument(help="Words or a question to look for.", show_default=False, metavar="WORDS...")
    ],
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many topics.", min=1)] = 10,
    show_all: Annotated[bool, typer.Option("--all", help="Show every topic that matches.")] = False,
    fmt: SearchFormat = None,
) -> None:
    """Search every section of every topic; best answers first.

    Plain questions work: common words are left out, word forms and
    misspellings are matched, and each hit shows the section that answers.

    Example: painguide search is massage safe if I take a blood thinner
    """
    from painguide.index.search import search as run_search
    from painguide.limits import check_query
    from painguide.render.pages import search_page

    check_query(words)
    store = _state(ctx).store()
    result = run_search(store, words, None if show_all else limit)
    info = store.info()
    _emit(
        ctx,
        fmt,
        lambda: search_page(result, info, _covered(store)),
        lambda: _json().search_data(result, info),
    )
    if not result.hits:
        # The page already says so (and shows any crisis line); the status
        # still tells a script that no topic answered, as grep's does.
        raise NoResults("")


def _safety_net(ctx: typer.Context, store: Store, text: str, fmt: str | None) -> None:
    """Crisis or emergency lines for what was typed, on standard output, before any other message."""
    from painguide import safety_net

    alerts = safety_net.triggered(text, safety_net.alerts(store.alerts(), store.language))
    if not alerts:
        return
    from painguide.render.document import Document
    from painguide.render.pages import alert_blocks

    _emit(
        ctx,
        fmt,
        lambda: Document(alerts[0].title, tuple(alert_blocks(alerts))),
        lambda: _json().alerts_data(alerts),
    )


def _covered(store: Store) -> list[Category]:
    """The categories that have topics: what the catalog covers, for a search that found nothing."""
    used = {topic.category for topic in store.topics()}
    return [category for category in store.categories() if category.id in used]


@app.command()
def core(ctx: typer.Context, fmt: CoreFormat = None) -> None:
    """Show the core elements of integrative pain care.

    Example: painguide core
    """
    from painguide.render.pages import core_page

    store = _state(ctx).store()
    overview = store.core()
    _emit(ctx, fmt, lambda: core_page(overview, store.info()), lambda: _json().core_data(overview, store.info()))


def _code_system(value: str | None) -> str | None:
    from painguide.catalog.codes import SYSTEMS

    if value is not None and value.lower() not in SYSTEMS:
        raise typer.BadParameter(f"'{value}' is not one of {', '.join(SYSTEMS)}.")
    return None if value is None else value.lower()


@app.command()
def lookup(
    ctx: typer.Context,
    code: Annotated[
        str, typer.Argument(help="An ICD-10-CM, SNOMED CT or RxNorm code.", show_default=False, metavar="CODE")
    ],
    system: Annotated[
        str | None,
        typer.Option(
            "--system",
            "-s",
            help="The code's system: icd10cm, snomed or rxnorm. Default: ICD-10-CM for a code that starts with a "
            "letter, SNOMED CT and RxNorm for digits.",
            callback=_code_system,
            metavar="SYSTEM",
            show_default=False,
        ),
    ] = None,
    fmt: LookupFormat = None,
) -> None:
    """List the topics for a clinical code: a problem (ICD-10-CM, SNOMED CT) or a medicine (RxNorm).

    ICD-10-CM follows its hierarchy: M54.50 finds topics coded M54.5 or M54.

    Example: painguide lookup M79.7
    """
    from painguide.queries import code_lookup
    from painguide.render.pages import lookup_page

    store = _state(ctx).store()
    found = code_lookup(store, code, system)
    if not found.topics:
        raise NoResults(_("No topic is coded {code}.").format(code=found.code))
    _emit(ctx, fmt, lambda: lookup_page(found, store.info()), lambda: _json().lookup_data(found, store.info()))


class Paper(str, Enum):
    """Paper sizes a handout can be laid out for."""

    letter = "letter"
    a4 = "a4"


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
            "--output",
            "-o",
            help="File to write: FILE.pdf writes a PDF (needs painguide[pdf]), any other name HTML; - (or /dev/stdout) "
            "writes HTML to standard output.",
            metavar="FILE",
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it already exists.")] = False,
    large_print: Annotated[
        bool, typer.Option("--large-print", help="Large print: 16 pt text, larger headings, highest contrast.")
    ] = False,
    plan: Annotated[
        bool,
        typer.Option(
            "--plan", help="Add a plan page: what to try, teach-back questions, when to get help, who to call."
        ),
    ] = False,
    note: Annotated[
        str | None,
        typer.Option(
            "--note", help="A note from the clinician, printed on the plan page (implies --plan).", metavar="TEXT"
        ),
    ] = None,
    logs: Annotated[
        bool, typer.Option("--logs", help="Add each topic's printable log (such as a sleep diary), if it has one.")
    ] = False,
    paper: Annotated[
        Paper | None,
        typer.Option(
            "--paper",
            help="Paper size. Default: the printer's for HTML, letter for a PDF.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a printable handout: one HTML or PDF file with one or more topics.

    Every printed page shows the clinic's name, phone and website, the
    disclaimer and the page number at its foot. Several topics get a short
    cover with the list of topics; each further topic starts on a new page.
    The HTML file is self-contained: open it in any browser and print it.

    Example: painguide handout acupuncture "tai chi" --plan -o handout.pdf
    """
    from painguide.queries import handout_topics
    from painguide.render.handout import HandoutOptions, made_on
    from painguide.render.handout import handout as build

    pdf = output != "-" and output.lower().endswith(".pdf")
    if pdf:
        from painguide.render.handout_pdf import pdf_bytes, require_weasyprint

        # Before any work: without the extra, say so at once.
        require_weasyprint()

    store = _state(ctx).store()
    items = handout_topics(store, topics)
    # A bilingual handout (--lang es,en): each topic again in the other language, right after it.
    for code in _state(ctx).languages[1:]:
        other = _state(ctx).store_in(code)
        items = [item._replace(also=(*item.also, (code, handout_topics(other, [item.topic.id])[0]))) for item in items]
    size = paper.value if paper else ("letter" if pdf else "")
    options = HandoutOptions(large_print, plan or note is not None, note or "", logs, size)
    text = build(items, store.info(), made_on(), options)
    from painguide.atomicfile import is_stdout, shown, write_file

    if is_stdout(output):
        _encoding_for("html")
        sys.stdout.write(text)
        return
    count = ngettext("{count} topic", "{count} topics", len(items)).format(count=len(items))
    if pdf:
        write_file(output, pdf_bytes(text), force)
        _stderr(_("Wrote {file} ({count}).").format(file=shown(output), count=count))
        return
    write_file(output, text, force)
    _stderr(_("Wrote {file} ({count}). Open it in a browser to print it.").format(file=shown(output), count=count))


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
        str,
        typer.Option(
            "--max-age", help="Oldest review allowed: 2y, 18m, 90d (a bare number is years), counted by the calendar."
        ),
    ] = "2y",
    min_understandability: Annotated[
        float,
        typer.Option(
            "--min-understandability",
            help="Lowest plain-language understandability allowed, 0-100 (PEMAT-P items a program can score).",
            min=0.0,
            max=100.0,
        ),
    ] = 70.0,
    min_actionability: Annotated[
        float,
        typer.Option(
            "--min-actionability",
            help="Lowest plain-language actionability allowed, 0-100 (PEMAT-P items a program can score).",
            min=0.0,
            max=100.0,
        ),
    ] = 70.0,
    require_translations: Annotated[
        str | None,
        typer.Option(
            "--require-translations",
            help="Make missing and stale translations into this language errors (for CI), e.g. es.",
            metavar="LANG",
        ),
    ] = None,
    min_inflesz: Annotated[
        float,
        typer.Option(
            "--min-inflesz",
            help="Lowest Spanish readability allowed (Szigriszt-Pazos INFLESZ, 0-100; 65 is 'fairly easy').",
            min=0.0,
            max=100.0,
        ),
    ] = 65.0,
    review_max_age: Annotated[
        str,
        typer.Option(
            "--review-max-age",
            help="Oldest clinical sign-off that still counts: 24m, 2y, 365d (a bare number is years).",
        ),
    ] = "24m",
    require_review: Annotated[
        bool,
        typer.Option(
            "--require-review",
            help="Make a topic without a valid clinical sign-off (none, changed since, or too old) an error.",
        ),
    ] = False,
    stamp_translations: Annotated[
        str | None,
        typer.Option(
            "--stamp-translations",
            help="Record in the translation file that each translated field matches the current English "
            "(after checking it), then stop.",
            metavar="LANG",
        ),
    ] = None,
    fmt: CheckFormat = None,
) -> None:
    """Check a catalog: schema, citations, reading grade, plain language, review dates, translations.

    For people who write catalogs. Reports every problem with its line, and
    each topic's plain-language scores with the items it missed.

    Exits 0 when the catalog is clean (warnings allowed) and 1 when it has errors.

    A translation beside the catalog (my-clinic.es.yaml) is checked too:
    missing and stale fields, drafts, and Spanish readability.

    Clinical sign-offs (painguide review) are listed; one that a later edit
    or its age has voided is a warning, or an error with --require-review.

    Example: painguide check my-clinic.yaml --max-grade 6 --min-actionability 80
    """
    import datetime as dt

    from painguide.quality.check import Age, check_catalog

    catalog_path = path or _state(ctx).catalog_path
    if stamp_translations is not None:
        _stamp(catalog_path, stamp_translations)
        return

    report = check_catalog(
        catalog_path,
        max_grade,
        None,
        dt.date.today(),
        max_age=Age.parse(max_age),
        min_understandability=min_understandability,
        min_actionability=min_actionability,
        require_translations=_translation_languages(require_translations),
        min_inflesz=min_inflesz,
        review_max_age=Age.parse(review_max_age, "--review-max-age"),
        require_review=require_review,
    )
    if fmt == "json":
        from painguide.export.check_report import check_json

        _encoding_for(fmt)
        sys.stdout.write(check_json(report))
    else:
        from painguide.render.pages import check_page

        _emit(ctx, fmt, lambda: check_page(report))
    if report.errors:
        raise typer.Exit(EXIT_FAILURE)


def _translation_languages(value: str | None) -> tuple[str, ...]:
    from painguide import i18n

    if value is None:
        return ()
    codes = i18n.parse(value, "--require-translations")
    if i18n.ENGLISH in codes:
        raise UsageError(
            "--require-translations en: English is the catalog's own language; name a translation, e.g. es"
        )
    return codes


def _stamp(catalog_path: str, language: str) -> None:
    from painguide import i18n
    from painguide.atomicfile import shown
    from painguide.catalog.load import load_catalog
    from painguide.catalog.translation import stamp_file

    (code,) = i18n.parse(language, "--stamp-translations")[:1]
    if code == "en":
        raise UsageError("--stamp-translations en: English is the catalog's own language; name a translation, e.g. es")
    target, count = stamp_file(load_catalog(catalog_path), code)
    _stderr(
        f"Stamped {count} field{'s' if count != 1 else ''} in {shown(target)} as translated from the current English."
    )


@app.command()
def site(
    ctx: typer.Context,
    output: Annotated[str, typer.Option("--output", "-o", help="Folder to write the site into.", metavar="DIR")],
    base_url: Annotated[
        str,
        typer.Option(
            "--base-url", help="Where the site will be published, for canonical links and a sitemap.", metavar="URL"
        ),
    ] = "",
    pdf: Annotated[
        bool | None,
        typer.Option("--pdf/--no-pdf", help="Add each handout as a PDF. Default: yes if painguide[pdf] is installed."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Write into a folder that holds other files.")] = False,
) -> None:
    """Write the catalog as a static website, in every language it has.

    Open DIR/index.html in a browser, or copy DIR to any web host. Search
    works in the page, with no server; nothing is loaded from elsewhere.

    Example: painguide site -o clinic-site --base-url https://clinic.example/guide/
    """
    from painguide.site.publish import open_site, pdf_available, write_site

    state = _state(ctx)
    built = open_site(state.catalog_path, state.store_in, base_url, pdf_available() if pdf is None else pdf)
    written = write_site(built, output, force)
    from painguide.atomicfile import shown

    _stderr(_("Wrote {count} files to {folder}.").format(count=written.wrote, folder=shown(output)))
    if written.removed:
        removed = ngettext(
            "Removed {count} file an earlier run wrote that the site no longer has.",
            "Removed {count} files an earlier run wrote that the site no longer has.",
            written.removed,
        )
        _stderr(removed.format(count=written.removed))


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes.", min=1, max=64)] = 1,
    access_log: Annotated[
        bool, typer.Option("--access-log", help="Log every request, with its query (off: questions are private).")
    ] = False,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds an answer may take before a 503.", min=1.0, max=600.0)
    ] = 30.0,
    base_url: Annotated[
        str,
        typer.Option(
            "--base-url",
            help="The server's public address (https://...): turns on the EHR services, whose links need it.",
        ),
    ] = "",
) -> None:
    """Serve the site and a JSON API over HTTP (needs painguide[web]).

    Endpoints: the site's pages, /api/search?q=...&lang=..., /api/topics/ID,
    /handout?topics=a,b, /healthz and /openapi.json; with --base-url, the
    EHR services /infobutton and /cds-services (docs/ehr.md). Read-only and
    stateless: run as many replicas as needed behind a load balancer.

    Example: painguide serve --port 8000 --workers 2
    """
    from painguide.web.serve import serve as run_server

    state = _state(ctx)
    shown_host = f"[{host}]" if ":" in host else host
    message = ngettext(
        "Serving on http://{host}:{port}/ with {count} worker; press Ctrl-C to stop.",
        "Serving on http://{host}:{port}/ with {count} workers; press Ctrl-C to stop.",
        workers,
    ).format(host=shown_host, port=port, count=workers)
    if base_url:
        from painguide.ehr.common import check_base_url

        try:
            check_base_url(base_url)
        except ValueError as error:
            raise UsageError(str(error)) from None
    run_server(
        state.catalog_path,
        state.store_in,
        host,
        port,
        workers,
        access_log,
        timeout,
        lambda: _stderr(message),
        base_url,
    )


@app.command()
def review(
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
    reviewer: Annotated[str, typer.Option("--reviewer", help="Your name, as you sign.", metavar="NAME")],
    role: Annotated[
        str, typer.Option("--role", help="Your role or licence, e.g. 'physician, pain medicine'.", metavar="ROLE")
    ],
    date: Annotated[
        str | None, typer.Option("--date", help="The day you reviewed it (default: today).", metavar="YYYY-MM-DD")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Record it without asking.")] = False,
) -> None:
    """Record a clinical sign-off of a topic, after showing what changed since the last one.

    Shows each field a sign-off covers (main message, key points, steps,
    evidence, what to expect, safety, urgent signs) that is new or changed
    since the last sign-off, asks, then adds the sign-off to the topic in
    the catalog file (or, with --lang es, to the translation file). Only the
    topic's reviews change; the rest of the file stays as written.

    Example: painguide review acupuncture --reviewer "Ana Ruiz" --role "physician, pain medicine"
    """
    import datetime as dt

    from painguide.atomicfile import rewrite_file, shown
    from painguide.catalog.signoff import plan
    from painguide.i18n import long_date
    from painguide.index.lookup import resolve
    from painguide.render.pages import signoff_diff_page

    state = _state(ctx)
    topic_id = resolve(state.store(), " ".join(topic)).id
    try:
        day = dt.date.fromisoformat(date) if date is not None else dt.date.today()
    except ValueError:
        raise UsageError(_("--date '{value}' is not a date; use YYYY-MM-DD").format(value=date)) from None
    prepared = plan(state.catalog_path, state.language, topic_id, reviewer, role, day)
    _emit(ctx, None, lambda: signoff_diff_page(prepared.topic, prepared.previous, prepared.path))
    if not yes and not _confirmed(_("Record this sign-off? [y/N] ")):
        _stderr(_("Nothing recorded."))
        raise typer.Exit(EXIT_FAILURE)
    from painguide.catalog.bundled import in_package

    if in_package(prepared.path):
        raise UsageError(
            _(
                "{file} is part of the installed painguide package; copy the catalog and its translation "
                "elsewhere and record sign-offs in the copies"
            ).format(file=shown(prepared.path))
        )
    # As stamping does: where a symlink leads, keeping the file's owner and mode, so that one
    # reviewer's sign-off never takes a shared catalog away from its team.
    rewrite_file(os.path.realpath(prepared.path), prepared.text.encode("utf-8"))
    _stderr(
        _("Recorded the sign-off of {topic} by {name} ({role}) on {date} in {file}.").format(
            topic=topic_id,
            name=prepared.review.reviewer,
            role=prepared.review.role,
            date=long_date(day),
            file=shown(prepared.path),
        )
    )


def _confirmed(question: str) -> bool:
    """Ask on stderr; yes only for the active language's yes (Click's own prompt knows only English)."""
    sys.stderr.write(question)
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().lower()
    return answer in {word.strip() for word in _("y,yes").split(",")}


cache_app = typer.Typer(
    cls=_Commands,
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


# Global options work after the command too (`painguide show yoga --no-color`).
# Moving them in front of it here, in one place, costs less than declaring
# them again on every command. Up to a literal `--`, any word that is exactly
# one of them is taken as that option, even where a command expects free words
# or a value: `painguide search -- --debug` searches for the word "--debug".
_GLOBAL_FLAGS = ("--no-color", "--no-pager", "--debug", "--version")
_GLOBAL_VALUES = ("--data", "--lang")


def _globals_first(args: list[str]) -> tuple[list[str], list[str]]:
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


def _run(argv: list[str] | None) -> int:
    from painguide import i18n

    # Each run chooses its language afresh (in the root callback); until then, and
    # for a run that stops before it, English.
    i18n.activate(i18n.ENGLISH)
    front, rest = _globals_first(list(sys.argv[1:] if argv is None else argv))
    args = front + rest
    debug = "--debug" in front
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
    spoken = _early_language(front)
    if spoken != i18n.ENGLISH:
        # --help and Click's errors come while the arguments are parsed, before
        # the root callback chooses the language: the help, the metavariables
        # and Click's own words are translated here instead, and the language
        # stays active while the arguments are parsed.
        from painguide import clickwords

        i18n.activate(spoken)
        clickwords.install()
        translate_help(command)
        clickwords.translate_params(command)
    try:
        result = command.main(args=args, prog_name="painguide", standalone_mode=False)
        if result == EXIT_INTERRUPTED:
            # Typer turns Ctrl-C into this status itself; stop writing, as for our own.
            return _interrupted()
        sys.stdout.flush()
        _note_replaced()
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


def _early_language(front: list[str]) -> str:
    """The language the root callback will choose, or English if it will refuse the choice."""
    from painguide import i18n

    value = next(
        (front[n + 1] for n in range(len(front) - 1) if front[n] == "--lang"),
        next((arg.partition("=")[2] for arg in front if arg.startswith("--lang=")), None),
    )
    try:
        return (i18n.parse(value) if value is not None else i18n.from_environment())[0]
    except UsageError:
        return i18n.ENGLISH


def help_texts(command: Any) -> list[str]:
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


def translate_help(command: Any) -> None:
    """Replace every help text of a command tree with its translation in the active language."""
    if command.help:
        command.help = _(command.help)
    if getattr(command, "short_help", None):
        command.short_help = _(command.short_help)
    for param in command.params:
        if getattr(param, "help", None):
            param.help = _(param.help)
    for sub in getattr(command, "commands", {}).values():
        translate_help(sub)


def _note_replaced() -> None:
    from painguide.textsafe import take_replaced

    encoding = take_replaced()
    if encoding:
        message = _(
            "painguide: some characters cannot be written in the encoding '{encoding}' and were written as '?'; "
            "use a UTF-8 locale (for example LC_ALL=C.UTF-8) to see them"
        )
        _stderr(message.format(encoding=encoding))


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


def _click_or_internal(error: Exception, debug: bool) -> int:
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
            sys.stderr.write(translate_error(shown.getvalue()))
        code = getattr(error, "exit_code", EXIT_USAGE)
        return int(code)
    if debug:
        import traceback

        traceback.print_exc()
    else:
        _stderr(_("painguide: internal error - rerun with --debug to see details"))
    return EXIT_FAILURE


def _report(error: PainguideError) -> None:
    if isinstance(error, CatalogError):
        _stderr(str(error))
        count = sum(1 for p in error.problems if p.severity == "error") + error.unlisted
        _stderr(
            ngettext(
                "painguide: the catalog has {count} error; nothing was shown.",
                "painguide: the catalog has {count} errors; nothing was shown.",
                count,
            ).format(count=count)
        )
    elif str(error):
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
