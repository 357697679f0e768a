"""The commands that make or change something: handout, check (and stamping), review, site, serve, cache."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from painguide.errors import ExitStatus, UsageError
from painguide.i18n import _, ngettext

if TYPE_CHECKING:
    from painguide.commands.session import Session
    from painguide.render.handout import HandoutOptions


def handout(session: Session, topics: list[str], output: str, force: bool, options: HandoutOptions) -> None:
    """Write the handout of `topics` to `output` (FILE.pdf a PDF, - standard output)."""
    from painguide.queries import handout_topics
    from painguide.render.handout import handout as build

    pdf = output != "-" and output.lower().endswith(".pdf")
    if pdf:
        from painguide.render.handout_pdf import pdf_bytes, require_weasyprint

        # Before any work: without the extra, say so at once.
        require_weasyprint()

    store = session.store()
    items = handout_topics(store, topics)
    # A bilingual handout (--lang es,en): each topic again in the other language, right after it.
    for code in session.languages[1:]:
        other = session.store_in(code)
        items = [item._replace(also=(*item.also, (code, handout_topics(other, [item.topic.id])[0]))) for item in items]
    if not options.paper and pdf:
        options = options._replace(paper="letter")
    text = build(items, store.info(), session.env.today(), options)
    from painguide.atomicfile import is_stdout, shown, write_file

    if is_stdout(output):
        session.write("html", text)
        return
    count = ngettext("{count} topic", "{count} topics", len(items)).format(count=len(items))
    if pdf:
        write_file(output, pdf_bytes(text), force)
        session.env.tell(_("Wrote {file} ({count}).").format(file=shown(output), count=count))
        return
    write_file(output, text, force)
    session.env.tell(
        _("Wrote {file} ({count}). Open it in a browser to print it.").format(file=shown(output), count=count)
    )


def check(
    session: Session,
    path: str | None,
    fmt: str | None,
    *,
    max_grade: float,
    max_age: str,
    min_understandability: float,
    min_actionability: float,
    require_translations: str | None,
    min_inflesz: float,
    review_max_age: str,
    require_review: bool,
) -> int:
    """Check the catalog at `path` (default: the session's) and write the report; the exit status."""
    from painguide.quality.check import Age, check_catalog
    from painguide.render.handout import clinic_too_long, too_long

    report = check_catalog(
        path or session.catalog_path,
        max_grade,
        None,
        # The clock, not SOURCE_DATE_EPOCH: review ages are counted from the real today.
        session.env.clock(),
        max_age=Age.parse(max_age),
        min_understandability=min_understandability,
        min_actionability=min_actionability,
        require_translations=_required(require_translations),
        min_inflesz=min_inflesz,
        review_max_age=Age.parse(review_max_age, "--review-max-age"),
        require_review=require_review,
        too_long=too_long,
        clinic_too_long=clinic_too_long,
    )
    if fmt == "json":
        from painguide.export.check_report import check_json

        session.write(fmt, check_json(report))
    else:
        from painguide.render.pages import check_page

        session.emit(fmt, lambda: check_page(report))
    return ExitStatus.FAILURE if report.errors else ExitStatus.OK


def _required(value: str | None) -> tuple[str, ...]:
    from painguide.commands.session import translation_languages

    return () if value is None else translation_languages(value, "--require-translations")


def stamp(session: Session, path: str | None, language: str) -> None:
    """Record in the translation file that each translated field matches the current English."""
    from painguide.atomicfile import shown
    from painguide.catalog.load import load_catalog
    from painguide.catalog.translation import stamp_file
    from painguide.commands.session import translation_languages

    (code,) = translation_languages(language, "--stamp-translations", first_only=True)
    target, count = stamp_file(load_catalog(path or session.catalog_path), code)
    session.env.tell(
        f"Stamped {count} field{'s' if count != 1 else ''} in {shown(target)} as translated from the current English."
    )


def site(session: Session, output: str, base_url: str, pdf: bool | None, force: bool) -> None:
    from painguide.site.publish import open_site, pdf_available, write_site

    built = open_site(
        session.catalog_path, session.store_in, session.env, base_url, pdf_available() if pdf is None else pdf
    )
    written = write_site(built, output, force)
    from painguide.atomicfile import shown

    session.env.tell(_("Wrote {count} files to {folder}.").format(count=written.wrote, folder=shown(output)))
    if written.removed:
        removed = ngettext(
            "Removed {count} file an earlier run wrote that the site no longer has.",
            "Removed {count} files an earlier run wrote that the site no longer has.",
            written.removed,
        )
        session.env.tell(removed.format(count=written.removed))


def serve(
    session: Session, host: str, port: int, workers: int, access_log: bool, timeout: float, base_url: str
) -> None:
    from painguide.web.serve import serve as run_server

    shown_host = f"[{host}]" if ":" in host else host
    message = ngettext(
        "Serving on http://{host}:{port}/ with {count} worker; press Ctrl-C to stop.",
        "Serving on http://{host}:{port}/ with {count} workers; press Ctrl-C to stop.",
        workers,
    ).format(host=shown_host, port=port, count=workers)
    if base_url:
        from painguide.catalog.addresses import base_url_problem

        wrong = base_url_problem(base_url)
        if wrong:
            raise UsageError(f"--base-url: {wrong}")
    run_server(
        session.catalog_path,
        session.store_in,
        host,
        port,
        workers,
        access_log,
        timeout,
        lambda: session.env.tell(message),
        base_url,
    )


def review(session: Session, words: list[str], reviewer: str, role: str, date: str | None, yes: bool) -> int:
    """Show what changed since the last sign-off, ask, and record one; the exit status."""
    import datetime as dt

    from painguide.atomicfile import rewrite_file, shown
    from painguide.catalog.signoff import plan
    from painguide.i18n import long_date
    from painguide.index.lookup import resolve
    from painguide.render.pages import signoff_diff_page

    topic_id = resolve(session.store(), " ".join(words)).id
    today = session.env.clock()
    try:
        day = dt.date.fromisoformat(date) if date is not None else today
    except ValueError:
        raise UsageError(_("--date '{value}' is not a date; use YYYY-MM-DD").format(value=date)) from None
    prepared = plan(session.catalog_path, session.language, topic_id, reviewer, role, day, today)
    session.emit(None, lambda: signoff_diff_page(prepared.topic, prepared.previous, prepared.path))
    if not yes and not _confirmed(session, _("Record this sign-off? [y/N] ")):
        session.env.tell(_("Nothing recorded."))
        return ExitStatus.FAILURE
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
    session.env.tell(
        _("Recorded the sign-off of {topic} by {name} ({role}) on {date} in {file}.").format(
            topic=topic_id,
            name=prepared.review.reviewer,
            role=prepared.review.role,
            date=long_date(day),
            file=shown(prepared.path),
        )
    )
    return ExitStatus.OK


def _confirmed(session: Session, question: str) -> bool:
    """Ask on stderr; yes only for the active language's yes (Click's own prompt knows only English)."""
    env = session.env
    env.stderr.write(question)
    env.stderr.flush()
    answer = env.stdin.readline().strip().lower()
    return answer in {word.strip() for word in _("y,yes").split(",")}


def cache_info(session: Session) -> None:
    from painguide.index.indexfile import describe_cache

    session.env.stdout.write(describe_cache(session.env.environ))


def cache_clear(session: Session) -> None:
    from painguide.index.indexfile import clear_cache

    session.env.stdout.write(clear_cache(session.env.environ))
