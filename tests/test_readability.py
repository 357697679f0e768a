"""`check`'s reading grades are textstat's, to the decimal `check` prints.

painguide counts syllables itself (one pass over the CMU dictionary, Pyphen
only for the words it lacks) instead of letting textstat parse the whole
dictionary on every run; these tests hold it to textstat's own results.
"""

from __future__ import annotations

import pytest

from conftest import CATALOG, ROOT, untraced
from painguide.catalog.load import load_catalog
from painguide.quality.readability import grade, grades, patient_text

BUNDLED = str(ROOT / "data" / "topics.yaml")


def textstat_grade(text: str) -> float:
    import textstat

    # textstat's own code (it parses the whole CMU dictionary): nothing of painguide to measure.
    with untraced():
        return round(float(textstat.flesch_kincaid_grade(text)), 1)


@pytest.mark.slow
@pytest.mark.parametrize("path", [BUNDLED, str(CATALOG)], ids=["bundled", "test-catalog"])
def test_every_topic_gets_textstats_grade(path: str) -> None:
    texts = [patient_text(topic) for topic in load_catalog(path).topics.values()]
    assert len(texts) >= 3
    assert grades(texts) == [textstat_grade(text) for text in texts]


@pytest.mark.parametrize(
    "text",
    [
        # Words the CMU dictionary lacks (Pyphen counts them), a second pronunciation
        # ("live"), contractions, hyphens, numbers, capitals and an entry with a comment.
        "Fibromyalgia and acupuncturists aren't rare. Live well; don't over-do it. Aalborg is 5 km away!",
        "Ask your care team. Walk daily.",
        "Supercalifragilisticexpialidocious zzzyx qwrtp.",
        "",
        "...",
    ],
)
def test_hard_words_get_textstats_grade(text: str) -> None:
    assert grade(text) == textstat_grade(text)


def test_one_pass_grades_texts_independently() -> None:
    first, second = (
        "Walk each day. Rest when you need to.",
        "Interdisciplinary rehabilitation considerations predominate.",
    )
    assert grades([first, second]) == [grade(first), grade(second)]
    assert grade(first) < grade(second)
