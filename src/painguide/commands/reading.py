"""The commands that show the catalog: welcome, info, list, show, refs, search, core, lookup.

Each asks `queries.py` or the index, builds a page (render/pages.py) or a
JSON record (export/json_data.py), and writes it through the `Session`.
Renderers and exporters are imported only when a command needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from painguide import __version__
from painguide.errors import CatalogError, CatalogFileError, NoResults, TopicNotFound, UsageError
from painguide.i18n import _

if TYPE_CHECKING:
    from types import ModuleType

    from painguide.catalog.model import Category
    from painguide.commands.session import Session
    from painguide.index.store import Store


def _json() -> ModuleType:
    """The JSON builders, imported only when JSON is asked for."""
    from painguide.export import json_data

    return json_data


def welcome(session: Session) -> None:
    from painguide.queries import catalog_sources
    from painguide.render.pages import welcome_page

    store = session.store()
    session.emit(
        None,
        lambda: welcome_page(store.info(), __version__, store.topics(), catalog_sources(store), session.language),
    )


def info(session: Session) -> None:
    from painguide.queries import catalog_sources
    from painguide.render.pages import info_page

    store = session.store()
    session.emit(None, lambda: info_page(store.info(), __version__, catalog_sources(store), session.language))


def list_topics(session: Session, category: str | None, fmt: str | None) -> None:
    from painguide.queries import categories_named
    from painguide.render.pages import list_page

    store = session.store()
    categories = categories_named(store, category)
    session.emit(
        fmt,
        lambda: list_page(categories, store.topics(), store.info()),
        lambda: _json().list_data(categories, store.topics(), store.info()),
    )


def show(session: Session, words: list[str], fmt: str | None) -> None:
    from painguide.limits import check_name
    from painguide.queries import topic_view
    from painguide.render.pages import topic_page

    text = " ".join(words)
    try:
        check_name(words)
        store = session.store()
    except (UsageError, CatalogError, CatalogFileError) as stopped:
        # Too long a name, or a catalog that cannot be read, must not switch the net off (ninth pass #2, #3).
        _builtin_safety_net(session, text, fmt, stopped)
        raise
    # Several words are one name, so `painguide show tai chi` needs no quotes.
    try:
        view = topic_view(store, text)
    except (TopicNotFound, UsageError):
        # No topic by that name, or only topics that mention it: what was typed may be a crisis.
        _safety_net(session, store, text, fmt)
        raise
    session.emit(
        fmt,
        lambda: topic_page(*view, store.info()),
        lambda: _json().show_data(*view, store.info()),
    )


def refs(session: Session, topic: str | None, fmt: str | None) -> None:
    from painguide.formats import BY_NAME
    from painguide.queries import refs_view
    from painguide.render.pages import refs_page

    view = refs_view(session.store(), topic)
    if fmt is not None and BY_NAME[fmt].kind == "citations":
        from painguide.export.citations import export

        session.write(fmt, export(fmt, view.references.values()))
        return
    session.emit(
        fmt,
        lambda: refs_page(view.references, view.citing, view.info, view.title),
        lambda: _json().refs_data(view.references, view.citing, view.info, view.topic_id),
    )


def search(session: Session, words: list[str], limit: int | None, fmt: str | None) -> None:
    from painguide.index.search import search as run_search
    from painguide.limits import check_query
    from painguide.render.pages import search_page

    try:
        check_query(words)
        store = session.store()
    except (UsageError, CatalogError, CatalogFileError) as stopped:
        # Too long a question (a person in crisis may write a paragraph), or a catalog that cannot be read,
        # must not switch the net off: the built-in alerts still come first (ninth pass #3).
        _builtin_safety_net(session, " ".join(words), fmt, stopped)
        raise
    result = run_search(store, words, limit)
    info = store.info()
    session.emit(
        fmt,
        lambda: search_page(result, info, () if result.hits else _covered(store)),
        lambda: _json().search_data(result, info),
    )
    if not result.hits:
        # The page already says so (and shows any crisis line); the status
        # still tells a script that no topic answered, as grep's does.
        raise NoResults("")


def _safety_net(session: Session, store: Store, text: str, fmt: str | None) -> None:
    """Crisis or emergency lines for what was typed, on standard output, before any other message."""
    from painguide import safety_net

    alerts = safety_net.triggered(text, safety_net.alerts(store.alerts(), store.language))
    if not alerts:
        return
    from painguide.render.document import Document
    from painguide.render.pages import alert_blocks

    session.emit(
        fmt,
        lambda: Document(alerts[0].title, tuple(alert_blocks(alerts))),
        lambda: _json().alerts_data(alerts),
    )


def _builtin_safety_net(session: Session, text: str, fmt: str | None, stopped: Exception) -> None:
    """The alerts and the reminder line for what was typed when the command cannot go on (`stopped`): the
    catalog's if it can be read, else the built-in ones (a catalog that just failed is not read again)."""
    from painguide import safety_net
    from painguide.i18n import language
    from painguide.render.document import Document
    from painguide.render.pages import alert_blocks, reminder_paragraph

    in_force = safety_net.alerts((), language())
    if isinstance(stopped, UsageError):
        try:
            store = session.store()
            in_force = safety_net.alerts(store.alerts(), store.language)
        except (CatalogError, CatalogFileError):
            pass
    alerts = safety_net.triggered(text, in_force)
    reminder = safety_net.reminds(text, alerts)
    if not alerts and not reminder:
        return
    blocks = [*alert_blocks(alerts), *([reminder_paragraph()] if reminder else [])]
    title = alerts[0].title if alerts else safety_net.reminder_text()
    session.emit(
        fmt,
        lambda: Document(title, tuple(blocks)),
        lambda: _json().safety_net_data(alerts, reminder),
    )


def _covered(store: Store) -> list[Category]:
    """The categories that have topics: what the catalog covers, for a search that found nothing."""
    used = store.used_categories()
    return [category for category in store.categories() if category.id in used]


def core(session: Session, fmt: str | None) -> None:
    from painguide.render.pages import core_page

    store = session.store()
    overview = store.core()
    session.emit(fmt, lambda: core_page(overview, store.info()), lambda: _json().core_data(overview, store.info()))


def lookup(session: Session, code: str, system: str | None, fmt: str | None) -> None:
    from painguide.queries import code_lookup
    from painguide.render.pages import lookup_page

    store = session.store()
    found = code_lookup(store, code, system)
    if not found.topics:
        raise NoResults(_("No topic is coded {code}.").format(code=found.code))
    session.emit(fmt, lambda: lookup_page(found, store.info()), lambda: _json().lookup_data(found, store.info()))
