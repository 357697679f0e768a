"""Bounds on what a person may ask for, so that no command costs more than it should.

(Bounds on what a catalog may hold live where it is read: the file size in
catalog.source, the number of values and the nesting depth in
catalog.yamltree, the length of a field and the number of problems listed in
catalog.validate.)
"""

from __future__ import annotations

from painguide.errors import UsageError

# A search is a few words; thousands of them cost seconds of full-text
# matching (20,000 words took 0.9 s) and fill the screen when echoed.
MAX_QUERY_WORDS = 32
MAX_QUERY_CHARS = 500


def check_query(words: list[str]) -> None:
    """Refuse a search that is longer than any real question."""
    count = sum(len(word.split()) for word in words)
    hint = "(a few words find the most)"
    if count > MAX_QUERY_WORDS:
        raise UsageError(f"The search has {count:,} words; use at most {MAX_QUERY_WORDS} {hint}.")
    length = len(" ".join(words))
    if length > MAX_QUERY_CHARS:
        raise UsageError(f"The search is {length:,} characters long; use at most {MAX_QUERY_CHARS} {hint}.")


# A topic's name is a few words too; `show` looks each up and echoes what was typed when none fits.
MAX_NAME_CHARS = 200


def check_name(words: list[str]) -> None:
    """Refuse a topic name longer than any name (thousands of words cost seconds of lookups)."""
    count = sum(len(word.split()) for word in words)
    if count > MAX_QUERY_WORDS:
        raise UsageError(f"The topic name has {count:,} words; use at most {MAX_QUERY_WORDS}.")
    length = len(" ".join(words))
    if length > MAX_NAME_CHARS:
        raise UsageError(f"The topic name is {length:,} characters long; use at most {MAX_NAME_CHARS}.")
