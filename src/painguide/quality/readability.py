"""Reading scores of patient-facing text: Flesch-Kincaid grade (English),
INFLESZ and Fernández-Huerta (Spanish), as textstat computes them.

textstat is the reference (tests/test_readability.py) and brings the data
(the CMU Pronouncing Dictionary and Pyphen); quality/syllables.py counts
with them at a fraction of the cost. Versions 0.7.9 and later download data
at run time and fail offline, so it is pinned to 0.7.8. Only `check`
imports this module (the start-up import guard test checks that).
"""

from __future__ import annotations

from collections.abc import Sequence

from painguide.catalog.model import Topic
from painguide.languages import SOURCE
from painguide.quality.syllables import counts, sentence_count, words

# The formulas a language's row may name (languages.py `readability`): the
# source language's reading grade, and a translation's reading ease.
FLESCH_KINCAID = "flesch-kincaid"
INFLESZ = "inflesz"
FORMULAS = (FLESCH_KINCAID, INFLESZ)


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
        *(text for item in topic.faq for text in (item.q, item.a)),
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

    Words, sentences and syllables are counted by quality/syllables.py, with
    textstat's rules and data but without its cost: all texts' words are
    looked up at once.
    """
    lowered = [words(text) for text in texts]
    # The grade is the source language's score (languages.py): its words, its syllables.
    syllables = counts({word for text_words in lowered for word in text_words}, SOURCE)
    result = []
    for text, text_words in zip(texts, lowered):
        total, sentences = len(text_words), sentence_count(text)
        sentence_length = total / sentences if sentences else 0.0
        per_word = sum(syllables[word] for word in text_words) / total if total else 0.0
        score = 0.0 if sentence_length == 0 or per_word == 0 else 0.39 * sentence_length + 11.8 * per_word - 15.59
        result.append(round(score, 1))
    return result


def spanish_scores(text: str) -> tuple[float, float]:
    """Szigriszt-Pazos (INFLESZ) and Fernández-Huerta readability of Spanish text, 0-100, higher is easier.

    As textstat 0.7.8 computes them with its language set to "es" (syllables
    from Pyphen's Spanish hyphenation), each rounded to one decimal.
    """
    text_words = words(text)
    syllables = counts(set(text_words), "es")
    total, sentences = len(text_words), sentence_count(text)
    count = sum(syllables[word] for word in text_words)
    inflesz = 206.84 - 62.3 * (count / total) - total / sentences if total and sentences else 0.0
    sentence_length = total / sentences if sentences else 0.0
    per_word = count / total if total else 0.0
    huerta = 0.0 if sentence_length == 0 or per_word == 0 else 206.84 - 60 * per_word - 1.02 * sentence_length
    return round(inflesz, 1), round(huerta, 1)


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
