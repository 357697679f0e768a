"""What a search returns: plain records that renderers can use without the index."""

from __future__ import annotations

from typing import NamedTuple

# Private-use characters mark matched words in snippets; renderers style them.
MATCH_START, MATCH_END = "\ue000", "\ue001"


class Hit(NamedTuple):
    topic_id: str
    title: str
    snippet: str
