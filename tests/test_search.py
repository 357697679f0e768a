"""Search ranking and snippets, and name lookup, on small purpose-built catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CATALOG
from painguide.catalog.names import edit_distance, normalize
from painguide.errors import TopicNotFound
from painguide.index.hits import MATCH_END, MATCH_START, SearchResult
from painguide.index.lookup import resolve
from painguide.index.search import no_results_message, search
from painguide.index.store import Store, open_store
from painguide.index.tables import FTS_COLUMNS

HEAD = (
    CATALOG.read_text(encoding="utf-8")
    .split("\ntopics:\n")[0]
    .replace("      topics: [tai-chi, massage-therapy]", "      topics: []")
    .replace("      topics: [acupuncture]", "      topics: []")
)


def topic(
    topic_id: str,
    title: str,
    summary: str,
    points: list[str],
    aliases: list[str] | None = None,
    careful: str = "Someone.",
    tell: str = "Something.",
    evidence: str = "Studied.",
    expect: str = "Something.",
    question: str = "Why?",
) -> str:
    return f"""  {topic_id}:
    title: {title}
    aliases: {aliases or []}
    category: therapies
    summary: {summary}
    key_points: {points}
    evidence:
      - text: {evidence}
        refs: [vickers2018, wang2018, crawford2016]
    what_to_expect: [{expect}]
    safety:
      careful: [{careful}]
      tell: [{tell}]
    questions: [{question}]
    last_reviewed: 2026-11-20
"""


def make_store(tmp_path: Path, *topics: str, synonyms: str = "") -> Store:
    path = tmp_path / "search.yaml"
    path.write_text(HEAD + "\ntopics:\n" + "".join(topics) + synonyms, encoding="utf-8")
    return open_store(str(path))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return make_store(
        tmp_path,
        topic("in-points", "Walking", "Moving on foot.", ["Good sleep follows a walk.", "Walk daily."]),
        topic("in-summary", "Rest", "Rest helps sleep and mood.", ["Take breaks."]),
        topic("in-title", "Sleep habits", "Habits for the night.", ["Keep a schedule."]),
        topic("in-alias", "Bedtime", "Getting ready for bed.", ["Dim the lights."], aliases=["sleep routine"]),
        topic("meditation", "Meditation", "Calm attention on breathing.", ["Breathe slowly."]),
    )


def ids(store: Store, *words: str) -> list[str]:
    return [hit.topic_id for hit in search(store, list(words)).hits]


def found(store: Store, *words: str) -> SearchResult:
    return search(store, list(words))


def test_title_beats_alias_beats_summary_beats_key_points(store: Store) -> None:
    assert ids(store, "sleep") == ["in-title", "in-alias", "in-summary", "in-points"]


def test_topics_with_every_word_come_first_and_the_rest_say_what_they_lack(store: Store) -> None:
    result = found(store, "sleep", "mood")
    assert [(hit.topic_id, hit.missing) for hit in result.hits] == [
        ("in-summary", ()),
        ("in-title", ("mood",)),
        ("in-alias", ("mood",)),
        ("in-points", ("mood",)),
    ]


def test_topics_with_any_word_are_found_when_none_has_all(store: Store) -> None:
    # "routine" names a topic ("sleep routine"), so the question is about something the catalog covers.
    assert set(ids(store, "mood", "routine")) == {"in-summary", "in-alias"}


def test_words_that_only_appear_in_passing_are_an_honest_nothing_here(store: Store) -> None:
    # Neither word names a topic and no line holds both: every match is incidental.
    result = found(store, "mood", "lights")
    assert (result.hits, result.total, result.nothing_here) == ((), 0, True)
    assert no_results_message(result) == "No topic here answers 'mood lights'."


def test_a_subject_no_topic_has_beside_a_word_mentioned_in_passing_finds_nothing(store: Store) -> None:
    result = found(store, "toddler", "breaks")
    assert (result.hits, result.unknown, result.nothing_here) == ((), ("toddler",), True)
    # An everyday word the catalog lacks ("class") names no subject: the rest of the question still counts.
    assert ids(store, "breaks", "in", "class") == ["in-summary"]


def test_a_question_about_other_health_care_finds_nothing_unless_a_topic_is_named_by_it(tmp_path: Path) -> None:
    """index/elsewhere.py: "fever" in a caution does not answer a question about a baby's fever."""
    yoga = topic("yoga", "Yoga", "Poses and breathing.", ["Go slowly."], careful="You have a fever.")
    store = make_store(tmp_path, yoga, topic("rest", "Rest", "Rest helps sleep.", ["Take breaks."]))
    result = found(store, "my", "baby", "has", "a", "fever")
    assert (result.hits, result.total, result.nothing_here) == ((), 0, True)
    # A topic the question names by what it is about still answers it.
    assert ids(store, "yoga", "with", "a", "fever") == ["yoga"]
    # A catalog with a topic named by the subject (a clinic's own, say) answers it with that topic.
    fevers = topic("fevers", "Fever in babies", "What to do when your baby has a fever.", ["Call us."])
    assert ids(make_store(tmp_path, yoga, fevers), "my", "baby", "has", "a", "fever")[0] == "fevers"


def test_word_forms_match(store: Store) -> None:
    assert ids(store, "medit") == ["meditation"]
    assert ids(store, "breathing") == ["meditation"]
    assert ids(store, "SLEEPING")[0] == "in-title"


def test_punctuation_and_search_syntax_are_plain_words(store: Store) -> None:
    # FTS5 operators and quotes in the input are searched as words, never
    # parsed as query syntax: no error, and "OR" is a common word.
    assert ids(store, 'sleep"', "OR", "*")[0] == "in-title"
    assert ids(store, "(sleep", "mood)")[0] == "in-summary"
    assert ids(store, "(sleep)")[0] == "in-title"
    assert ids(store, "-", "!!") == []


def test_snippet_marks_matched_words_in_the_section_that_has_them(store: Store) -> None:
    (hit,) = found(store, "mood").hits
    assert (hit.section, hit.field) == ("Summary", "summary")
    assert hit.snippet == f"Rest helps sleep and {MATCH_START}mood{MATCH_END}."
    points = found(store, "daily").hits[0]
    assert (points.section, points.snippet) == ("Key points", f"Walk {MATCH_START}daily{MATCH_END}.")


def test_a_title_match_shows_the_summary(store: Store) -> None:
    hit = found(store, "bedtime").hits[0]
    assert (hit.topic_id, hit.section, hit.snippet) == ("in-alias", "Summary", "Getting ready for bed.")


def test_every_patient_facing_section_is_searched(tmp_path: Path) -> None:
    store = make_store(
        tmp_path,
        topic(
            "massage",
            "Massage",
            "Rubbing muscles.",
            ["It relaxes you."],
            careful="Avoid deep pressure if you take a blood thinner.",
            tell="Tell the therapist if you are pregnant.",
            evidence="A review found it helped fibromyalgia.",
            expect="You lie on a padded table.",
            question="Is it safe with a pacemaker?",
        ),
        topic("walking", "Walking", "Moving on foot.", ["Walk daily."]),
    )
    answers = {
        "thinner": ("Safety", "Avoid deep pressure if you take a blood thinner."),
        "pregnant": ("Safety", "Tell the therapist if you are pregnant."),
        "fibromyalgia": ("Research", "A review found it helped fibromyalgia."),
        "padded": ("What to expect", "You lie on a padded table."),
        "pacemaker": ("Questions to ask", "Is it safe with a pacemaker?"),
    }
    for word, (section, text) in answers.items():
        (hit,) = found(store, word).hits
        assert (hit.topic_id, hit.section) == ("massage", section), word
        assert hit.snippet.replace(MATCH_START, "").replace(MATCH_END, "") == text


def test_the_section_with_the_rarer_words_answers(tmp_path: Path) -> None:
    # "massage" is in the title and everywhere; the safety line is the one
    # that also has "thinner", so it is the answer.
    store = make_store(
        tmp_path,
        topic(
            "massage",
            "Massage",
            "Massage means rubbing muscles.",
            ["Massage relaxes you."],
            careful="Avoid deep massage if you take a blood thinner.",
        ),
        topic("nutrition", "Food", "Eating well.", ["Fish is good."], tell="Tell us if you take a blood thinner."),
    )
    result = found(store, "is", "massage", "safe", "with", "a", "blood", "thinner")
    assert [hit.topic_id for hit in result.hits] == ["massage", "nutrition"]
    first = result.hits[0]
    assert (first.section, first.missing) == ("Safety", ())
    assert first.snippet == (
        f"Avoid deep {MATCH_START}massage{MATCH_END} if you take a {MATCH_START}blood{MATCH_END} "
        f"{MATCH_START}thinner{MATCH_END}."
    )
    assert result.hits[1].missing == ("massage",)


def test_common_words_never_decide_the_order(store: Store) -> None:
    # "is", "what", "can", "I", "do", "my", "at" and "the" are in no topic
    # here and would match everything if they were searched for.
    assert ids(store, "what", "can", "I", "do", "for", "my", "mood") == ["in-summary"]
    only_common = found(store, "what", "can", "I", "do")
    assert (only_common.hits, only_common.common_only) == ((), True)


def test_hyphenated_words_and_numbers_stay_one_phrase(tmp_path: Path) -> None:
    store = make_store(
        tmp_path,
        topic("fish", "Food", "Omega-3 fats are in fish.", ["Eat fish."]),
        topic("three", "Three", "Wait 3 days, then omega stretches.", ["Call 988 if in crisis."]),
    )
    assert ids(store, "omega-3") == ["fish"]
    assert ids(store, "988") == ["three"]


def test_words_no_topic_mentions_are_reported_and_left_out(store: Store) -> None:
    result = found(store, "sleep", "zebra")
    assert result.unknown == ("zebra",)
    assert [hit.topic_id for hit in result.hits][0] == "in-title"
    assert all(hit.missing == () for hit in result.hits)


def test_limit_caps_the_hits_but_counts_them_all(store: Store) -> None:
    result = search(store, ["sleep"], limit=2)
    assert ([hit.topic_id for hit in result.hits], result.total) == (["in-title", "in-alias"], 4)
    assert len(search(store, ["sleep"], limit=None).hits) == 4


def test_a_shorter_list_is_the_start_of_the_longer_one(tmp_path: Path) -> None:
    # With enough topics having every word, the rest are not scored; the
    # order must not change because of it.
    store = make_store(
        tmp_path,
        topic("a", "Rest", "Rest and sleep.", ["Sleep, rest, sleep."]),
        topic("b", "Sleep", "Rest well.", ["Walk."]),
        topic("c", "Walk", "Sleep and rest after a walk.", ["Walk daily."]),
        topic("d", "Nap", "A nap is sleep.", ["Nap daily."]),
        topic("e", "Bed", "Rest in bed.", ["Bed rest."]),
    )
    every = [(hit.topic_id, hit.missing) for hit in search(store, ["sleep", "rest"], limit=None).hits]
    # Both words first (those about one of them, by title, before "c"), then one word.
    assert every == [("a", ()), ("b", ()), ("c", ()), ("e", ("sleep",)), ("d", ("rest",))]
    for limit in range(1, 6):
        assert [(hit.topic_id, hit.missing) for hit in search(store, ["sleep", "rest"], limit=limit).hits] == every[
            :limit
        ]


def test_a_word_most_topics_have_counts_only_after_the_rarer_words(tmp_path: Path) -> None:
    # "stop" is in 6 of 8 topics: the topic about worry (its title) comes first even though it
    # lacks "stop", then the one that has both, then the topics that only say "stop".
    stops = [topic(f"s{n}", f"Topic {n}", "Stop if it hurts.", ["Rest."]) for n in range(5)]
    store = make_store(
        tmp_path,
        topic("worry", "Worry", "Worry can be treated.", ["Talk about it."]),
        topic("both", "Calm", "Stop and notice worry.", ["Breathe."]),
        *stops,
        topic("other", "Other", "Something else.", ["Nothing."]),
    )
    hits = found(store, "I", "cant", "stop", "worrying").hits
    assert [(hit.topic_id, hit.missing) for hit in hits[:3]] == [
        ("worry", ("stop",)),
        ("both", ()),
        ("s0", ("worrying",)),
    ]


def test_the_index_has_a_column_for_every_section() -> None:
    from painguide.index.search import SECTIONS, WEIGHTS

    assert ("title", "names", *(field for field, _ in SECTIONS)) == FTS_COLUMNS
    assert set(WEIGHTS) == set(FTS_COLUMNS)


def test_every_section_search_rules_name_is_a_searched_field() -> None:
    # The rules name sections by field; a field renamed in the schema must not leave a rule silently idle.
    from painguide.index import search, spanish
    from painguide.site import search_index

    sections = {field for field, _ in search.SECTIONS}
    kinds = {*search.ASK_WORDS.values(), *spanish.ASK_WORDS.values()}
    assert kinds - {"distress"} <= sections
    for prefer in (search._PREFER, search_index._PREFER):
        assert {field for ways in prefer.values() for field in ways} <= sections


SYNONYMS = """synonyms:
  warfarin: [blood thinner]
  fish oil: [omega-3]
  feeling down: [sadness]
  hurt: [pain]
"""


@pytest.fixture
def lay_store(tmp_path: Path) -> Store:
    return make_store(
        tmp_path,
        topic("massage", "Massage", "Rubbing muscles.", ["It relaxes you."], careful="Not with a blood thinner."),
        topic("food", "Food", "Omega-3 fats are in fish.", ["Sadness can change what you eat."]),
        topic("walking", "Walking", "Walking eases back pain.", ["Walk daily."]),
        synonyms=SYNONYMS,
    )


def test_a_patients_word_finds_the_catalogs_word(lay_store: Store) -> None:
    result = found(lay_store, "is", "massage", "safe", "with", "Warfarin")
    assert [hit.topic_id for hit in result.hits] == ["massage"]
    assert result.also == (("Warfarin", ("blood thinner",)),)
    assert result.hits[0].snippet == f"Not with a {MATCH_START}blood thinner{MATCH_END}."
    assert ids(lay_store, "fish", "oil") == ["food"]
    assert ids(lay_store, "my", "back", "hurts") == ["walking"]


def test_synonyms_work_one_way_only(lay_store: Store) -> None:
    # The catalog's own word does not also search for the patient's word.
    assert found(lay_store, "blood", "thinner").also == ()


def test_a_synonym_phrase_may_hold_common_words(lay_store: Store) -> None:
    # "feeling" and "down" are common words on their own.
    result = found(lay_store, "I", "am", "feeling", "down")
    assert [hit.topic_id for hit in result.hits] == ["food"]
    assert (result.hits[0].section, result.also) == ("Key points", (("feeling down", ("sadness",)),))


def test_the_word_typed_answers_better_than_its_synonym(tmp_path: Path) -> None:
    # "sore" also finds "pain"; the line that says "soreness" is the answer.
    store = make_store(
        tmp_path,
        topic("massage", "Massage", "Massage may ease pain.", ["Mild soreness afterward is common."]),
        topic("walking", "Walking", "Walking eases pain.", ["Walk daily."]),
        synonyms="synonyms:\n  sore: [pain]\n",
    )
    hit = found(store, "is", "it", "normal", "to", "be", "sore", "after", "massage").hits[0]
    assert (hit.topic_id, hit.section) == ("massage", "Key points")
    assert hit.snippet == f"Mild {MATCH_START}soreness{MATCH_END} afterward is common."


def test_a_safety_question_is_answered_from_the_safety_section(tmp_path: Path) -> None:
    store = make_store(
        tmp_path,
        topic(
            "yoga",
            "Yoga",
            "Yoga joins poses and breathing; it may help glaucoma patients relax.",
            ["Start with a gentle class."],
            careful="If you have glaucoma, avoid poses with your head down.",
        ),
    )
    assert found(store, "yoga", "and", "glaucoma").hits[0].section == "Summary"
    assert found(store, "is", "yoga", "safe", "with", "glaucoma").hits[0].section == "Safety"


def test_irregular_past_forms_find_their_word(tmp_path: Path) -> None:
    store = make_store(tmp_path, topic("tai-chi", "Tai chi", "Slow moves.", ["Tell the teacher about any falls."]))
    hit = found(store, "I", "fell", "in", "class").hits[0]
    assert hit.snippet == f"Tell the teacher about any {MATCH_START}falls{MATCH_END}."


def test_the_output_names_each_synonym_once_and_only_new_words(tmp_path: Path) -> None:
    store = make_store(
        tmp_path,
        topic("calm", "Calm", "Stress eases with a headache gone.", ["Breathe."]),
        synonyms="synonyms:\n  stressed: [stress]\n  migraine: [headache]\n",
    )
    result = found(store, "stressed", "migraine", "and", "Migraine")
    # "stress" is "stressed" in another form: it says nothing new.
    assert result.also == (("migraine", ("headache",)),)
    assert [hit.topic_id for hit in result.hits] == ["calm"]


def test_synonyms_survive_the_index(lay_store: Store) -> None:
    assert lay_store.catalog().synonyms == (
        ("warfarin", ("blood thinner",)),
        ("fish oil", ("omega-3",)),
        ("feeling down", ("sadness",)),
        ("hurt", ("pain",)),
    )


def test_a_misspelled_word_is_read_as_the_closest_catalog_word(store: Store) -> None:
    result = found(store, "medtation", "for", "my", "mood")
    assert (result.corrections, result.searched_for) == ((("medtation", "meditation"),), "meditation for my mood")
    # Meditation is about the corrected word (its title), so it comes first.
    assert [hit.topic_id for hit in result.hits] == ["meditation", "in-summary"]
    # A swap of two letters is one edit.
    assert found(store, "sleep", "hbaits").corrections == (("hbaits", "habits"),)


def test_real_words_are_never_corrected_and_misspellings_are(store: Store) -> None:
    result = found(store, "sleep", "lgihts")
    assert result.corrections == (("lgihts", "lights"),)
    # "slep" is in no dictionary: a slip, even though it is short.
    assert found(store, "slep").corrections == (("slep", "sleep"),)
    # "step" and "knots" are words: meant as typed, never turned into "sleep" or "notes".
    for word in ("step", "knots"):
        real = found(store, "sleep", word)
        assert (real.corrections, real.unknown) == ((), (word,))


def test_nothing_found_suggests_what_to_try(store: Store) -> None:
    result = found(store, "meditashun")
    assert (result.hits, result.unknown, result.suggestions) == ((), ("meditashun",), ("meditation",))


def test_a_name_written_another_way_finds_its_topic(tmp_path: Path) -> None:
    store = open_store(str(CATALOG))
    result = found(store, "taichi")
    assert [hit.topic_id for hit in result.hits] == ["tai-chi"]
    assert result.searched_for == "tai chi"


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("masage", "massage", 1), ("acupucnture", "acupuncture", 1), ("accupunture", "acupuncture", 2), ("abc", "xyz", 3)],
)
def test_edit_distance_counts_a_swap_as_one_edit(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b, 3) == distance
    # Past the limit the answer is only "more than the limit".
    assert edit_distance(a, b, distance - 1) == distance


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


# --- bounded cost -----------------------------------------------------------------
# Speed is measured by benchmarks/bench.py, which prints ratios; these tests
# count the work instead, so they hold on any machine.


def test_a_10_mb_summary_is_searched_with_bounded_work_and_no_fts5_snippets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import painguide.index.search as search_module

    examined: list[int] = []
    real_matches = search_module._Finder.matches

    def counting(self: object, text: str, limit: int = search_module.MAX_MATCHES) -> list[tuple[int, int, int]]:
        found = real_matches(self, text, limit)  # type: ignore[arg-type]
        examined.append(len(found))
        return found

    monkeypatch.setattr(search_module._Finder, "matches", counting)
    # A catalog may not hold such a field (validation caps one at 5,000
    # characters); the limits are lifted here to show that search itself
    # stays bounded whatever one section holds.
    import painguide.catalog.validate as validate_module
    import painguide.catalog.yamltree as yamltree_module

    monkeypatch.setattr(validate_module, "MAX_FIELD_CHARS", 20_000_000)
    monkeypatch.setattr(yamltree_module, "MAX_TOKEN_CHARS", 20_000_000)

    def work(megabytes: int) -> tuple[int, int, str]:
        summary = "Pain and poor sleep feed each other. " * (megabytes * 1_000_000 // 37)
        store = make_store(
            tmp_path / str(megabytes),
            topic("huge", "Huge", summary, ["Walk daily when pain allows."]),
            topic("walking", "Walking", "Walking eases pain.", ["Walk daily."]),
        )
        statements: list[str] = []
        store._db.set_trace_callback(statements.append)
        examined.clear()
        result = search(store, ["pain", "sleep"])
        assert not [s for s in statements if "snippet(" in s or "highlight(" in s], "FTS5 never cuts snippets"
        hit = next(h for h in result.hits if h.topic_id == "huge")
        return sum(examined), max(examined), hit.snippet

    (tmp_path / "1").mkdir()
    (tmp_path / "10").mkdir()
    small_total, small_most, small_snippet = work(1)
    total, most, snippet = work(10)
    # Ten times the text, the same work: each section stops after MAX_MATCHES.
    assert (total, most) == (small_total, small_most)
    assert most <= search_module.MAX_MATCHES
    assert snippet == small_snippet
    assert len(snippet.replace(MATCH_START, "").replace(MATCH_END, "")) <= search_module.SNIPPET_CHARS + 6


def test_cutting_a_snippet_copies_only_the_window() -> None:
    from painguide.index.search import SNIPPET_CHARS, cut

    text = "Rest. " * 2_000_000 + "Breathe slowly before bed. " + "Rest. " * 2_000_000
    start = text.index("Breathe")
    snippet = cut(text, [(start, start + 7, 0)], [1.0, 0.6])
    plain = snippet.replace(MATCH_START, "").replace(MATCH_END, "")
    assert f"{MATCH_START}Breathe{MATCH_END} slowly before bed." in snippet
    # It starts at the sentence of the match and ends at a sentence's end.
    assert plain.startswith("...Breathe slowly before bed. Rest.") and plain.endswith(". Rest.")
    assert len(plain) <= SNIPPET_CHARS + 3
