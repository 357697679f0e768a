"""What a search returns: plain records that renderers can use without the index."""

from __future__ import annotations

from typing import NamedTuple

from painguide.catalog.model import Alert

# Private-use characters mark matched words in snippets; renderers style them.
MATCH_START, MATCH_END = "\ue000", "\ue001"


class Hit(NamedTuple):
    topic_id: str
    title: str
    snippet: str
    # The section the snippet comes from: its label ("Safety") and its
    # catalog field ("safety").
    section: str = ""
    field: str = ""
    # Words of the question this topic does not mention at all.
    missing: tuple[str, ...] = ()


class SearchResult(NamedTuple):
    query: str
    hits: tuple[Hit, ...]
    # Topics that matched, of which `hits` are the best ones.
    total: int = 0
    # The query with misspelled words replaced; "" when nothing was corrected.
    searched_for: str = ""
    corrections: tuple[tuple[str, str], ...] = ()
    # Catalog words also searched for, for a word the patient used (synonyms).
    also: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Words no topic mentions, which were left out of the search.
    unknown: tuple[str, ...] = ()
    # True when every word was a common word such as "what" or "can".
    common_only: bool = False
    # Words to try when nothing matched.
    suggestions: tuple[str, ...] = ()
    # Safety-net alerts the words set off (crisis first): shown before anything else.
    alerts: tuple[Alert, ...] = ()
    # No crisis alert, but a sentence was typed or the words come near danger (safety_net.reminded):
    # 988 and 911 are named in one line.
    reminder: bool = False
    # True when words matched, but only incidental ones: no topic is about the question.
    nothing_here: bool = False
