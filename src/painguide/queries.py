"""What each command asks of the catalog, as data: cli.py parses, this answers.

No printing and no formatting here; every failure is a PainguideError.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from painguide.errors import TopicNotFound, UsageError
from painguide.i18n import _, ngettext

if TYPE_CHECKING:
    from painguide.catalog.model import CatalogInfo, Category, Code, Reference, Topic
    from painguide.index.store import Store


class HandoutTopic(NamedTuple):
    """One topic of a handout, with what it prints beside it."""

    topic: Topic
    references: dict[str, Reference]
    related: dict[str, str]
    # The topic in other languages, printed after it in this order (a bilingual handout).
    also: tuple[tuple[str, HandoutTopic], ...] = ()


class TopicView(NamedTuple):
    """One topic with what its page shows beside it."""

    topic: Topic
    references: dict[str, Reference]
    related: dict[str, str]


class RefsView(NamedTuple):
    references: dict[str, Reference]
    citing: dict[str, list[str]]
    info: CatalogInfo
    title: str
    topic_id: str | None


class Source(NamedTuple):
    """One file of the catalog in use: the full catalog or a clinic layer over it."""

    path: str
    version: str
    bundled: bool
    # Languages with a translation file beside it that may speak for the catalog (English, its own, is not listed).
    translations: tuple[str, ...]
    # Languages whose translation file beside it is there but not trusted (catalog/beside.py): never used.
    untrusted: tuple[str, ...] = ()


def catalog_sources(store: Store) -> list[Source]:
    """The files the catalog in use is made of, the full catalog first, and the translations beside each."""
    import os

    from painguide.catalog.beside import translation_path, untrusted
    from painguide.catalog.bundled import bundled_catalog
    from painguide.languages import translations

    layers = store.layers() or ()
    bundled = os.path.realpath(bundled_catalog())
    paths = [layer.path for layer in layers] or [store.path]
    versions = [layer.version for layer in layers] or [store.info().version]

    def present(path: str, trusted: bool) -> tuple[str, ...]:
        # Trusted on the terms reading it applies: the top catalog's owner (catalog/translation.py).
        files = [(row.code, translation_path(path, row.code)) for row in translations()]
        return tuple(
            code for code, file in files if os.path.isfile(file) and bool(untrusted(store.path, file)) != trusted
        )

    return [
        Source(path, version, os.path.realpath(path) == bundled, present(path, True), present(path, False))
        for path, version in zip(paths, versions)
    ]


def categories_named(store: Store, name: str | None) -> list[Category]:
    """Every category, or the one `name` means (its id or title, forgiving of case and dashes)."""
    from painguide.catalog.names import normalize

    categories = store.categories()
    if name is None:
        return categories
    wanted = normalize(name)
    chosen = [c for c in categories if wanted in (normalize(c.id), normalize(c.title))]
    if not chosen:
        known = ", ".join(c.id for c in categories)
        message = _("No category named '{name}'. Categories: {known}.").format(name=name, known=known)
        close = _close_categories(categories, wanted)
        if close:
            message += "\n" + _("Did you mean: {names}?").format(names=", ".join(close))
        raise UsageError(message)
    return chosen


def _close_categories(categories: list[Category], wanted: str) -> list[str]:
    """Category ids whose id or title looks like `wanted` (`therapy`: therapies), closest first."""
    import difflib

    from painguide.catalog.names import normalize

    by_name: dict[str, str] = {}
    for category in categories:
        for name in (category.id, category.title):
            by_name.setdefault(normalize(name), category.id)
    close = difflib.get_close_matches(wanted, list(by_name), n=5, cutoff=0.6)
    # The start of a name ("therap") is a good hint too.
    starts = [name for name in by_name if len(wanted) >= 3 and name.startswith(wanted)]
    return list(dict.fromkeys(by_name[name] for name in [*close, *starts]))[:3]


def topic_view(store: Store, name: str) -> TopicView:
    """The topic `name` means, with its references and related titles.

    A name that is no topic's and looks like none gets the topics a search
    for it finds, so `show "back pain"` leads somewhere.
    """
    from painguide.index.lookup import resolve

    try:
        found = resolve(store, name)
    except TopicNotFound as error:
        raise _with_topics_that_mention(store, error) from None
    return _view(store, found)


def _view(store: Store, topic: Topic) -> TopicView:
    related = store.titles(list(topic.related)) if topic.related else {}
    return TopicView(topic, store.references(topic.cited_refs()), related)


def _with_topics_that_mention(store: Store, error: TopicNotFound) -> UsageError:
    if error.suggestions:
        return error
    from painguide.index.search import search

    result = search(store, error.name.split(), limit=5)
    hits = result.hits
    if not hits:
        return error
    listed = "\n".join(f"  {hit.topic_id} - {hit.title}" for hit in hits)
    more = result.total - len(hits)
    if more > 0:
        listed += "\n  " + ngettext(
            "and {count} more: painguide search {words}", "and {count} more: painguide search {words}", more
        ).format(count=more, words=error.name)
    return UsageError(
        _("No topic named '{name}'. Topics that mention it:").format(name=error.name)
        + f"\n{listed}\n"
        + _("Read one with: painguide show TOPIC")
    )


def refs_view(store: Store, topic_name: str | None) -> RefsView:
    """The bibliography, or the part of it one topic cites."""
    from painguide.index.lookup import resolve

    catalog = store.catalog()
    if topic_name is None:
        ordered = dict(sorted(catalog.references.items(), key=lambda item: _bibliography_order(item[1])))
        return RefsView(ordered, catalog.citing_topics(), catalog.info, _("References"), None)
    found = resolve(store, topic_name)
    cited = {r: catalog.references[r] for r in found.cited_refs() if r in catalog.references}
    title = _("References: {title}").format(title=found.title)
    return RefsView(cited, catalog.citing_topics(), catalog.info, title, found.id)


def _bibliography_order(ref: Reference) -> tuple[str, int, str, str]:
    """A bibliography's order: first author, then year, then title (the id settles a tie)."""
    from painguide.catalog.names import normalize

    return (normalize(ref.authors[0]) if ref.authors else "", ref.year, normalize(ref.title), ref.id)


def handout_topics(store: Store, names: list[str]) -> list[HandoutTopic]:
    """The topics to print, in the order named; a topic named twice ("tai chi", "taiji") once."""
    from painguide.index.lookup import resolve

    chosen: dict[str, Topic] = {}
    for name in names:
        found = resolve(store, name)
        chosen.setdefault(found.id, found)
    return [HandoutTopic(*_view(store, topic)) for topic in chosen.values()]


class CodeLookup(NamedTuple):
    """The topics a clinical code finds, each with the codes of its own that matched."""

    code: str
    systems: tuple[str, ...]
    topics: list[tuple[Topic, tuple[Code, ...]]]


def code_lookup(store: Store, typed: str, system: str | None) -> CodeLookup:
    """The topics for `typed` in `system` (or in every system its shape fits); UsageError for a malformed code."""
    from painguide.catalog import codes

    candidates = [system] if system else codes.systems_for(typed)
    written = {name: codes.normalize(name, typed) for name in candidates}
    problems = {name: codes.problem(name, written[name]) for name in candidates}
    systems = tuple(name for name in candidates if not problems[name])
    if not systems:
        why = "; ".join(
            _("not a well-formed {system} code: {problem}").format(
                system=codes.SYSTEMS[name].label, problem=problems[name]
            )
            for name in candidates
        )
        raise UsageError(_("'{code}' is {why}.").format(code=codes.shown(typed.strip()), why=why))
    found: list[tuple[Topic, tuple[Code, ...]]] = []
    for topic in store.topics():
        matched = tuple(
            item
            for item in topic.codes
            for name in systems
            if codes.matches(name, written[name], item.system, item.code)
        )
        if matched:
            found.append((topic, matched))
    return CodeLookup(written[systems[0]], systems, found)
