"""Find a topic from what a person typed: id, title or alias, forgiving of case and dashes."""

from __future__ import annotations

import difflib

from painguide.catalog.model import Topic
from painguide.catalog.names import normalize
from painguide.errors import TopicNotFound
from painguide.index.store import Store

# A name that fits many topics is offered at most this many of them; the rest are counted.
_SHOWN = 8


def resolve(store: Store, name: str) -> Topic:
    """The one topic `name` means, or TopicNotFound with the closest names."""
    key = normalize(name)
    if key:
        for candidates in (store.exact_names(key), store.prefix_names(key)):
            if len(candidates) == 1:
                topic = store.topic(candidates[0])
                if topic is not None:
                    return topic
            if len(candidates) > 1:
                raise not_found(name, candidates[:_SHOWN], ambiguous=True, more=len(candidates) - _SHOWN)
    raise not_found(name, suggest(store, key))


def not_found(name: str, suggestions: list[str], ambiguous: bool = False, more: int = 0) -> TopicNotFound:
    """The failure for a name that is no one topic, with the closest names as hints."""
    from painguide.i18n import _, ngettext
    from painguide.textsafe import shorten

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
    return TopicNotFound(message, name, suggestions)


def suggest(store: Store, key: str, limit: int = 5) -> list[str]:
    """Topic ids whose names look like `key`, closest first."""
    if not key:
        return []
    names = store.all_names()
    by_norm: dict[str, str] = {}
    for norm, topic_id, _ in names:
        by_norm.setdefault(norm, topic_id)
    close = difflib.get_close_matches(key, list(by_norm), n=limit * 3, cutoff=0.6)
    # A word inside a longer name ("chi" in "tai chi") is also a good hint.
    inside = [norm for norm in by_norm if len(key) >= 3 and key in norm]
    return list(dict.fromkeys(by_norm[norm] for norm in [*close, *inside]))[:limit]
