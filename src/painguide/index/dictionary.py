"""Whether a word is a real word of a language, so that spelling correction leaves it alone.

"knots", "seniors" and "medicare" are not in this catalog, but they are
words: a patient who typed them meant them, and "correcting" them to
"knows", "sensors" and "medicine" answers a question nobody asked. Only a
word that is in no dictionary ("slep", "yogo") is a misspelling.

The word lists are pyspellchecker's (word frequency lists for English and
Spanish, shipped inside the package, read offline). They are read when an
index is built, which keeps them in pieces by the first letters of each word
(`word_list_pieces`); a search that meets a word the catalog lacks reads the
one piece that word would be in (`Store.is_word`), not the whole list (about a
quarter of a second for English).
"""

from __future__ import annotations

import unicodedata
import zlib
from collections.abc import Callable
from functools import lru_cache


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# A word used more often than this (per word of running text) is an everyday
# word such as "class" or "husband": beside a subject it names no subject of
# its own. "toddler", "mole" and "strep" are rarer, and are subjects.
COMMON = 5e-5


@lru_cache(maxsize=4)
def _words(language: str) -> dict[str, float]:
    """Each word of the language's list (its `word_list` in languages.py), accents folded, with how often
    it is used; none for a language without a list: every word it lacks might then be a misspelling."""
    from painguide.languages import get

    word_list = get(language).word_list
    if word_list is None:
        return {}
    from spellchecker import SpellChecker

    checker = SpellChecker(language=word_list, distance=1)
    counts = checker.word_frequency.dictionary
    total = max(checker.word_frequency.total_words, 1)
    out: dict[str, float] = {}
    # Accents folded: patients often type "sesion" for "sesión".
    for word, count in counts.items():
        # Most words need no folding; checking first keeps loading the Spanish list cheap.
        key = word if word.isascii() else _fold(word)
        out[key] = out.get(key, 0.0) + count / total
    return out


def is_word(word: str, language: str) -> bool:
    """Whether `word` is in the dictionary of `language` (case and accents ignored)."""
    return _fold(word) in _words(language)


def is_everyday(word: str, language: str) -> bool:
    """Whether `word` is among the most used words of `language`, which name no subject of their own."""
    return _words(language).get(_fold(word), 0.0) >= COMMON


# A piece holds the folded words that begin with the same PIECE_CHARS characters, one a line; an
# everyday word ends in EVERYDAY. About 500 pieces for English, the largest under 200 KB, kept
# compressed (zlib's fastest level: 1.3 MB in all for English instead of 5.2).
PIECE_CHARS = 2
EVERYDAY = "\t+"


def piece_key(word: str) -> str:
    """The key of the piece in which `word` (folded) would be."""
    return word[:PIECE_CHARS]


def word_list_pieces(language: str) -> list[tuple[str, bytes]]:
    """The word list of `language` as (key, compressed piece) pairs, for the index."""
    groups: dict[str, list[str]] = {}
    for word, share in _words(language).items():
        groups.setdefault(piece_key(word), []).append(word + EVERYDAY if share >= COMMON else word)
    return [(key, zlib.compress("\n".join(lines).encode("utf-8"), 1)) for key, lines in groups.items()]


def look_up(word: str, piece: Callable[[str], bytes | None]) -> tuple[bool, bool]:
    """(is a word, is an everyday word) for `word`, reading only the piece it would be in.

    The same answers as `is_word` and `is_everyday`; `piece` gives the piece for a key (None if none).
    """
    folded = _fold(word)
    if not folded or "\n" in folded or "\t" in folded:
        return False, False
    stored = piece(piece_key(folded))
    if stored is None:
        return False, False
    text = "\n" + zlib.decompress(stored).decode("utf-8") + "\n"
    everyday = f"\n{folded}{EVERYDAY}\n" in text
    return everyday or f"\n{folded}\n" in text, everyday
