"""`check`'s reading scores are textstat's, to the decimal `check` prints.

painguide counts words, sentences and syllables itself (quality/syllables.py:
one pass over the CMU dictionary, Pyphen only for the words it lacks, counts
kept in the cache directory) instead of letting textstat load everything on
every run; these tests hold it to textstat's own results, and the cache to
what it promises.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CATALOG, ROOT, untraced
from painguide.catalog.load import load_catalog
from painguide.catalog.translation import translate
from painguide.index import cachedir
from painguide.quality import syllables
from painguide.quality.readability import grade, grades, patient_text, spanish_scores

BUNDLED = str(ROOT / "data" / "topics.yaml")


HARD_SPANISH = [
    "La acupuntura es segura. ¿Le duele? ¡Pregunte a su médico! Camine 10 minutos al día.",
    "Sí.",
    "",
    "Electroestimulación transcutánea, fibromialgia y lumbalgia crónica: consúltelo.",
]


@pytest.fixture(autouse=True)
def fresh_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with no counts in memory (the cache folder is already the test's own)."""
    monkeypatch.setattr(syllables, "_KNOWN", {})


def textstat_spanish(text: str) -> tuple[float, float]:
    import textstat

    with untraced():
        textstat.set_lang("es")
        try:
            return round(float(textstat.szigriszt_pazos(text)), 1), round(float(textstat.fernandez_huerta(text)), 1)
        finally:
            textstat.set_lang("en_US")


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


@pytest.mark.slow
def test_every_bundled_spanish_topic_gets_textstats_scores() -> None:
    translated = translate(load_catalog(BUNDLED), "es")
    texts = [patient_text(topic) for topic in translated.catalog.topics.values()]
    assert len(texts) >= 17
    assert [spanish_scores(text) for text in texts] == [textstat_spanish(text) for text in texts]


@pytest.mark.parametrize("text", HARD_SPANISH)
def test_hard_spanish_gets_textstats_scores(text: str) -> None:
    assert spanish_scores(text) == textstat_spanish(text)


def cache_file() -> Path:
    directory = cachedir.private_dir()
    assert directory is not None
    return directory / cachedir.SYLLABLES_NAME


def test_counts_are_kept_and_a_later_run_loads_no_dictionary(monkeypatch: pytest.MonkeyPatch) -> None:
    first = grades(["Acupuncture and fibromyalgia. Walk every day."]), spanish_scores(HARD_SPANISH[0])
    assert cache_file().stat().st_mode & 0o777 == 0o600
    # A later run: nothing in memory, and counting from the dictionaries would fail.
    monkeypatch.setattr(syllables, "_KNOWN", {})
    monkeypatch.setattr(syllables, "_count", lambda words, language: pytest.fail(f"counted {sorted(words)} again"))
    assert (grades(["Acupuncture and fibromyalgia. Walk every day."]), spanish_scores(HARD_SPANISH[0])) == first


@pytest.mark.parametrize(
    "content",
    ['{"key": [], "en": {"walk": 1}}', '{"key": [1], "en": {"walk": "x"', None],
    ids=["other-dictionaries", "damaged", "impossible-counts"],
)
def test_a_damaged_or_stale_cache_is_recounted_and_replaced(content: str | None) -> None:
    expected = grade("Walk every day. Rest when you need to.")
    path = cache_file()
    if content is None:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["en"] = {word: 0 for word in data["en"]}
        content = json.dumps(data)
    path.write_text(content, encoding="utf-8")
    syllables._KNOWN.clear()
    assert grade("Walk every day. Rest when you need to.") == expected
    assert json.loads(path.read_text(encoding="utf-8"))["en"]["walk"] == 1


@pytest.mark.parametrize("content", ["not json", "[1, 2]", '{"my": "hand-checked research data"}'])
def test_a_file_of_that_name_that_is_not_ours_is_never_replaced_or_cleared(content: str) -> None:
    """The cache folder may hold other things (adversarial pass F6)."""
    path = cache_file()
    path.write_text(content, encoding="utf-8")
    syllables._KNOWN.clear()
    assert grade("Walk every day. Rest when you need to.") == textstat_grade("Walk every day. Rest when you need to.")
    assert path.read_text(encoding="utf-8") == content
    cachedir.clear(path.parent)
    assert path.read_text(encoding="utf-8") == content
    path.unlink()


def test_a_cache_file_others_can_write_is_not_read() -> None:
    expected = grade("Walk every day.")
    path = cache_file()
    path.write_text(path.read_text(encoding="utf-8").replace('"walk":1', '"walk":7'), encoding="utf-8")
    path.chmod(0o666)
    syllables._KNOWN.clear()
    assert grade("Walk every day.") == expected


def test_cache_clear_removes_the_counts() -> None:
    grade("Walk every day.")
    assert cache_file().exists()
    cachedir.clear(cache_file().parent)
    assert not cache_file().exists()


def test_without_a_usable_cache_folder_counts_still_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAINGUIDE_CACHE_DIR", "")
    assert grade("Walk every day. Rest when you need to.") == textstat_grade("Walk every day. Rest when you need to.")


def test_a_temporary_file_of_counts_an_interrupted_write_left_is_pruned() -> None:
    """Pruning removes stale temporary files of ours, the syllable counts' too (adversarial pass, low)."""
    import os

    directory = cache_file().parent
    left = directory / f"{cachedir.TEMP_PREFIX}counts{cachedir.TEMP_SUFFIX}"
    left.write_text('{"key":[1],"en":{}}', encoding="utf-8")
    old = left.stat().st_mtime - 2 * cachedir.STALE_TEMP_SECONDS
    os.utime(left, (old, old))
    cachedir.prune(directory)
    assert not left.exists()
