"""Search ranking and snippets, and name lookup, on small purpose-built catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CATALOG
from painguide.catalog.names import normalize
from painguide.errors import TopicNotFound
from painguide.index.hits import MATCH_END, MATCH_START
from painguide.index.lookup import resolve
from painguide.index.store import Store, open_store

HEAD = (
    CATALOG.read_text(encoding="utf-8")
    .split("\ntopics:\n")[0]
    .replace("      topics: [tai-chi, massage-therapy]", "      topics: []")
    .replace("      topics: [acupuncture]", "      topics: []")
)


def topic(topic_id: str, title: str, summary: str, points: list[str], aliases: list[str] | None = None) -> str:
    return f"""  {topic_id}:
    title: {title}
    aliases: {aliases or []}
    category: therapies
    summary: {summary}
    key_points: {points}
    evidence:
      - text: Studied.
        refs: [vickers2018, wang2018, crawford2016]
    what_to_expect: [Something.]
    safety:
      careful: [Someone.]
      tell: [Something.]
    questions: [Why?]
    last_reviewed: 2026-11-20
"""


@pytest.fixture
def store(tmp_path: Path) -> Store:
    topics = [
        topic("in-points", "Walking", "Moving on foot.", ["Good sleep follows a walk.", "Walk daily."]),
        topic("in-summary", "Rest", "Rest helps sleep and mood.", ["Take breaks."]),
        topic("in-title", "Sleep habits", "Habits for the night.", ["Keep a schedule."]),
        topic("in-alias", "Bedtime", "Getting ready for bed.", ["Dim the lights."], aliases=["sleep routine"]),
        topic("meditation", "Meditation", "Calm attention on breathing.", ["Breathe slowly."]),
    ]
    path = tmp_path / "search.yaml"
    path.write_text(HEAD + "\ntopics:\n" + "".join(topics), encoding="utf-8")
    return open_store(str(path))


def ids(store: Store, *words: str) -> list[str]:
    return [hit.topic_id for hit in store.search(list(words))]


def test_title_beats_alias_beats_summary_beats_key_points(store: Store) -> None:
    assert ids(store, "sleep") == ["in-title", "in-alias", "in-summary", "in-points"]


def test_every_word_must_match_when_some_topic_has_them_all(store: Store) -> None:
    assert ids(store, "sleep", "mood") == ["in-summary"]


def test_falls_back_to_any_word_when_no_topic_has_all(store: Store) -> None:
    assert set(ids(store, "mood", "lights")) == {"in-summary", "in-alias"}


def test_prefixes_and_word_forms_match(store: Store) -> None:
    assert ids(store, "medit") == ["meditation"]
    assert ids(store, "breathing") == ["meditation"]
    assert ids(store, "SLEEPING")[0] == "in-title"


def test_punctuation_and_search_syntax_are_plain_words(store: Store) -> None:
    # FTS5 operators and quotes in the input are searched as words, never
    # parsed as query syntax: no error, and "OR" only widens as any word does.
    assert ids(store, 'sleep"', "OR", "*")[0] == "in-title"
    assert ids(store, "(sleep", "mood)") == ["in-summary"]
    assert ids(store, "(sleep)")[0] == "in-title"
    assert ids(store, "-", "!!") == []


def test_snippet_marks_matched_words_in_the_text_not_the_title(store: Store) -> None:
    (hit,) = store.search(["mood"])
    assert hit.snippet == f"Rest helps sleep and {MATCH_START}mood{MATCH_END}."
    points = store.search(["daily"])[0]
    assert f"{MATCH_START}daily{MATCH_END}" in points.snippet


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Tai-Chi", "taichi"), ("tai chi", "taichi"), ("TAI_CHI", "taichi"), ("Omega-3", "omega3"), ("  ", "")],
)
def test_normalize(name: str, expected: str) -> None:
    assert normalize(name) == expected


def test_exact_name_wins_over_longer_names_with_that_prefix(store: Store) -> None:
    # "rest" is a topic's title and also the start of no other name; "walk"
    # is only a prefix of "walking".
    assert resolve(store, "REST").id == "in-summary"
    assert resolve(store, "walk").id == "in-points"
    assert resolve(store, "sleep routine").id == "in-alias"


def test_ambiguous_prefix_lists_every_candidate_in_catalog_order(store: Store) -> None:
    with pytest.raises(TopicNotFound) as caught:
        resolve(store, "in")
    assert caught.value.suggestions == ["in-points", "in-summary", "in-title", "in-alias"]


def test_misspelling_gets_suggestions_and_nonsense_gets_none(store: Store) -> None:
    with pytest.raises(TopicNotFound) as caught:
        resolve(store, "medtation")
    assert caught.value.suggestions == ["meditation"]
    with pytest.raises(TopicNotFound) as nothing:
        resolve(store, "xylophone")
    assert nothing.value.suggestions == []
