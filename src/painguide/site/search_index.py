"""The search index a static page carries: every item of every section, with the catalog's own stems.

A page opened from `file://` can fetch nothing, so the index is a small
JSON document placed inside the search page, read by `search.js`. It is
made from the same index the CLI searches (`index/store.py`): the same
sections and labels (`index/search.py`), the same stems (FTS5's Porter
stemmer for English, Snowball for Spanish), the same common words and
synonyms. The script only looks words up; it never stems, so the two
cannot disagree about a word's stem.

Shape (v1): topics [[id, title, href]], sections [label], docs [[topic,
section, text]], postings {stem: [doc...]}, names {stem: [topic...]},
vocab {stem: "word word"}, stop [word], asks {word: field}, prefer {field:
[[section, weight]]}, synonyms [[phrase, [[stem...]...]]], alerts [...].
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from painguide.i18n import _

if TYPE_CHECKING:
    from painguide.index.store import Store
    from painguide.site.safety import SafetyNet

INDEX_VERSION = 1
# How a preferred section counts for a kind of question ("is it safe": the safety lines first).
_PREFER = {"safety": {"safety": 2.5, "urgent": 1.5}, "distress": {"urgent": 3.0, "safety": 2.0}}


def build_index(store: Store, net: SafetyNet, href: str = "topics/{id}.html") -> dict[str, object]:
    """The index of every topic in the store's language, ready for `json.dumps`."""
    from painguide.index.search import rules, tokens, topic_sections
    from painguide.index.spanish import fold
    from painguide.site.safety import compiled

    rule = rules(store.language)
    topics = list(store.topics())
    labels: list[str] = []
    fields: list[str] = []
    docs: list[tuple[int, int, str]] = []
    words: set[str] = set()
    names_words: list[set[str]] = []
    for number, topic in enumerate(topics):
        names = {*tokens(topic.title), *(w for name in topic.aliases for w in tokens(name))}
        names.update(w for name in topic.keywords for w in tokens(name))
        names_words.append(names)
        words.update(names)
        for section in topic_sections(topic):
            if section.field not in fields:
                fields.append(section.field)
                labels.append(_(section.label))
            for item in section.items:
                docs.append((number, fields.index(section.field), item))
                words.update(tokens(item))
    synonyms = store.catalog().synonyms
    phrase_words = {w for phrase, targets in synonyms for text in (phrase, *targets) for w in tokens(text)}
    stems = store.stems(sorted(words | phrase_words))

    def stem(word: str) -> str:
        return fold(stems.get(word, word))

    postings: dict[str, list[int]] = {}
    for number, (_topic, _section, text) in enumerate(docs):
        for key in dict.fromkeys(stem(w) for w in tokens(text)):
            postings.setdefault(key, []).append(number)
    names_index: dict[str, list[int]] = {}
    for number, names in enumerate(names_words):
        for key in sorted({stem(w) for w in names}):
            names_index.setdefault(key, []).append(number)
    vocab: dict[str, list[str]] = {}
    for word in sorted(words):
        folded = fold(word)
        if folded != stem(word):
            vocab.setdefault(stem(word), [])
            if folded not in vocab[stem(word)]:
                vocab[stem(word)].append(folded)
    return {
        "v": INDEX_VERSION,
        "lang": store.language,
        "topics": [[t.id, t.title, href.format(id=t.id)] for t in topics],
        "sections": labels,
        "fields": fields,
        "docs": docs,
        "postings": dict(sorted(postings.items())),
        "names": dict(sorted(names_index.items())),
        "vocab": {key: " ".join(forms) for key, forms in sorted(vocab.items())},
        "stop": sorted({rule.fold(w) for w in rule.stop} | {fold(w) for w in rule.stop}),
        "asks": {fold(word): kind for word, kind in sorted(rule.asks.items())},
        "distress": sorted(fold(w) for w in rule.distress),
        "prefer": {
            kind: [[fields.index(f), w] for f, w in ways.items() if f in fields] for kind, ways in _PREFER.items()
        },
        "synonyms": [
            [" ".join(fold(w) for w in tokens(phrase)), [[stem(w) for w in tokens(t)] for t in targets]]
            for phrase, targets in synonyms
        ],
        "alerts": [
            {"kind": a.kind, "phrases": compiled(a), "title": a.title, "lines": list(a.message)} for a in net.alerts
        ],
    }


def index_json(index: Mapping[str, object]) -> str:
    """Compact JSON that is safe inside a <script type="application/json"> element.

    `<`, `>` and `&` are escaped as \\u003c and so on, so no catalog text
    can close the element or open a comment.
    """
    text = json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
