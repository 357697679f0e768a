"""The command-line layer: parse arguments and options, then call the command's core function.

Each command hands its parsed options to a function of painguide/commands/
with the run's `Session` (global options and `Environment`); process.py
prepares the process and is the one place that turns errors into messages
and exit statuses.
"""

# No `from __future__ import annotations` here or in cli_options.py: Typer reads every command's
# annotations on every run, and as strings each would be compiled and evaluated again (about half
# the time a warm `show` spends after its imports); as objects they come from the .pyc.
import sys
from typing import Annotated

import typer

from painguide import __version__
from painguide.cli_options import (
    CheckFormat,
    CommandList,
    CoreFormat,
    DataOption,
    LangOption,
    ListFormat,
    LookupFormat,
    Paper,
    RefsFormat,
    SearchFormat,
    ShowFormat,
    code_system,
)
from painguide.commands import reading
from painguide.commands.session import Session, requested_languages
from painguide.environment import Environment
from painguide.errors import UsageError

app = typer.Typer(
    cls=CommandList,
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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"painguide {__version__}")
        raise typer.Exit()


def _env(ctx: typer.Context) -> Environment:
    """The run's environment: process.run passes it in; a Click test runner or shell completion gets the process's."""
    obj = ctx.find_root().obj
    if isinstance(obj, Session):
        return obj.env
    return obj if isinstance(obj, Environment) else Environment.from_process()


def _session(ctx: typer.Context) -> Session:
    session = ctx.find_root().obj
    if not isinstance(session, Session):
        session = Session(_env(ctx))
        ctx.find_root().obj = session
    return session


def _complete_topic(ctx: typer.Context, incomplete: str) -> list[str]:
    """Topic ids for shell completion; silent if the catalog cannot be read."""
    try:
        env = _env(ctx)
        data = ctx.find_root().params.get("data") or env.environ.get("PAINGUIDE_DATA") or None
        store = Session(env, data, True).store()
        return [topic.id for topic in store.topics() if topic.id.startswith(incomplete.lower())]
    except Exception:  # noqa: BLE001 - completion must never print a traceback into the shell
        return []


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
    languages = requested_languages(lang, _env(ctx).environ)
    if len(languages) > 1 and ctx.invoked_subcommand != "handout":
        raise UsageError(
            f"--lang {','.join(languages)}: only a handout is printed in two languages; "
            f"choose one: --lang {languages[0]}"
        )
    from painguide import i18n

    i18n.activate(languages[0])
    ctx.obj = Session(_env(ctx), data, no_color, languages, no_pager)
    if ctx.invoked_subcommand is None:
        reading.welcome(_session(ctx))


@app.command()
def info(ctx: typer.Context) -> None:
    """Show which catalog and clinic layers are in use: their files, versions and translations.

    Example: painguide --data my-clinic.yaml info
    """
    reading.info(_session(ctx))


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
    reading.list_topics(_session(ctx), category, fmt)


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
    reading.show(_session(ctx), topic, fmt)


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
    reading.refs(_session(ctx), topic, fmt)


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
    reading.search(_session(ctx), words, None if show_all else limit, fmt)


@app.command()
def core(ctx: typer.Context, fmt: CoreFormat = None) -> None:
    """Show the core elements of integrative pain care.

    Example: painguide core
    """
    reading.core(_session(ctx), fmt)


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
            callback=code_system,
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
    reading.lookup(_session(ctx), code, system, fmt)


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
    from painguide.commands.writing import handout as write_handout
    from painguide.render.handout import HandoutOptions

    options = HandoutOptions(large_print, plan or note is not None, note or "", logs, paper.value if paper else "")
    write_handout(_session(ctx), topics, output, force, options)


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
    from painguide.commands import writing

    if stamp_translations is not None:
        writing.stamp(_session(ctx), path, stamp_translations)
        return
    status = writing.check(
        _session(ctx),
        path,
        fmt,
        max_grade=max_grade,
        max_age=max_age,
        min_understandability=min_understandability,
        min_actionability=min_actionability,
        require_translations=require_translations,
        min_inflesz=min_inflesz,
        review_max_age=review_max_age,
        require_review=require_review,
    )
    if status:
        raise typer.Exit(status)


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
    from painguide.commands.writing import site as write_site

    write_site(_session(ctx), output, base_url, pdf, force)


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
    from painguide.commands.writing import serve as run_server

    run_server(_session(ctx), host, port, workers, access_log, timeout, base_url)


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
    from painguide.commands.writing import review as record

    status = record(_session(ctx), topic, reviewer, role, date, yes)
    if status:
        raise typer.Exit(status)


cache_app = typer.Typer(
    cls=CommandList,
    help="Look after the cache of catalog indexes.",
    no_args_is_help=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info(ctx: typer.Context) -> None:
    """Show where the cache is and which catalog indexes it holds.

    Example: painguide cache info
    """
    from painguide.commands.writing import cache_info as describe

    describe(_session(ctx))


@cache_app.command("clear")
def cache_clear(ctx: typer.Context) -> None:
    """Remove every catalog index; each is rebuilt the next time its catalog is used.

    Example: painguide cache clear
    """
    from painguide.commands.writing import cache_clear as clear

    clear(_session(ctx))


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and exit with its status."""
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    """Run the command line `argv` (default: the process's); its exit status (process.py maps errors to it)."""
    from painguide.process import run as run_process

    return run_process(app, argv)
