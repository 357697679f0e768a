"""The plain-language rules `check` scores, one by one, on small topics."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conftest import ROOT
from painguide.catalog.load import load_catalog
from painguide.catalog.model import Evidence, Log, Safety, Topic
from painguide.quality import plain_language as pl

BUNDLED = str(ROOT / "data" / "topics.yaml")


def topic(**fields: Any) -> Topic:
    """A complete, plain topic that meets every item; tests change one field at a time."""
    base: dict[str, Any] = {
        "id": "walking",
        "title": "Walking",
        "category": "lifestyle",
        "main_message": "Walking may ease pain. Start slowly.",
        "summary": "Walking is a gentle way to move.",
        "key_points": ("You can walk anywhere.",),
        "steps": ("Walk for 5 minutes a day.", "Add a minute each week."),
        "evidence": (Evidence("In one study, walking may have eased back pain.", ("smith2020",), "low"),),
        "what_to_expect": ("You may feel a little sore at first.",),
        "safety": Safety(("Ask your doctor first if you have heart disease.",), ("Tell your doctor if it hurts.",)),
        "questions": ("How far should I walk?",),
        "last_reviewed": dt.date(2026, 11, 27),
    }
    base.update(fields)
    return Topic(**base)


def score(t: Topic, grade: float = 5.0, logs: tuple[str, ...] = ()) -> pl.Score:
    return pl.score(t, grade=grade, max_grade=8.0, log_titles=logs)


def missed(t: Topic, logs: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(f.item, f.message) for f in score(t, logs=logs).findings]


def test_a_plain_topic_meets_every_item() -> None:
    result = score(topic())
    assert (result.understandability, result.actionability) == (100, 100)
    assert result.findings == ()
    assert result.items["log-explained"] is None  # no log: not applicable
    assert (result.average_words, result.passive_share) == (5.9, 0.0)


def test_scores_are_the_share_of_applicable_items_met() -> None:
    result = score(topic(main_message="", steps=()), grade=9.0)
    # 2 of 8 understandability items missed; actionability: steps missed,
    # "direct" and "active-calls" not applicable (nothing to judge), 2 of 3 met.
    assert (result.understandability, result.actionability) == (75, 67)
    assert [item for item, met in result.items.items() if met is False] == ["main-message", "reading-grade", "steps"]
    assert [item for item, met in result.items.items() if met is None] == ["direct", "log-explained", "active-calls"]


def test_main_message_must_be_set_and_short() -> None:
    assert missed(topic(main_message="")) == [("main-message", "no main_message")]
    three = "Walking helps. It is free. Start slowly."
    assert missed(topic(main_message=three)) == [
        ("main-message", "main_message has 3 sentences; keep it to one or two")
    ]


# --- everyday words -------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "It may help fibromyalgia (pain all over the body).",
        "It may help chronic pain, which is pain that lasts three months or more.",
        "It may help long-lasting (chronic) pain.",
        "Fibromyalgia is a kind of pain all over the body.",
        "Fibromyalgia means pain all over the body.",
        "MBSR stands for mindfulness-based stress reduction.",
        "It works as well as CBT, a kind of talk therapy.",
        "Opioids are strong pain medicines, like oxycodone.",
        "Biofeedback uses small sensors on your skin.",
        "An interventional procedure is a treatment like a shot.",
        "Talk therapy, or CBT, can help.",
        "It is a pain called fibromyalgia.",
    ],
)
def test_medical_terms_explained_in_the_same_sentence(sentence: str) -> None:
    assert missed(topic(key_points=(sentence,))) == []


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("It may help fibromyalgia.", "fibromyalgia"),
        ("Biofeedback is safe for most people.", "Biofeedback"),
        ("Ask first if you have heart disease, epilepsy, a lung problem or diabetes.", "epilepsy"),
        ("It may help as much as aerobic exercise, or more.", "aerobic"),
        ("Do not take NSAIDs with it.", "NSAIDs"),
    ],
)
def test_medical_terms_left_unexplained(sentence: str, word: str) -> None:
    assert missed(topic(key_points=(sentence,))) == [
        (
            "everyday-words",
            f'"{word}" is not explained in this topic; say what it means where it first appears, '
            f'e.g. "{word} (plain words)" or "{word}, which is ..."',
        )
    ]


def test_a_term_explained_once_anywhere_in_the_topic_is_explained() -> None:
    later = ("It may help fibromyalgia.", "Fibromyalgia (pain all over the body) is common.")
    assert missed(topic(key_points=later)) == []


def test_a_term_in_the_title_or_aliases_is_explained_by_the_page() -> None:
    assert missed(topic(title="Biofeedback", key_points=("Biofeedback is safe.",))) == []
    assert missed(topic(aliases=("EMG biofeedback",), key_points=("EMG is safe.",))) == []


def test_a_finding_points_at_the_first_use() -> None:
    result = score(topic(key_points=("Walk daily.", "It may help fibromyalgia.")))
    assert [(f.where, f.needle) for f in result.findings] == [(("key_points", 1), "fibromyalgia")]


def test_hard_everyday_words_have_a_plain_swap() -> None:
    assert missed(topic(key_points=("Utilize a cane.", "See your physician."))) == [
        ("everyday-words", '"physician" is a hard word; say "doctor"'),
        ("everyday-words", '"Utilize" is a hard word; say "use"'),
    ]


# --- numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "message"),
    [
        ("About 15% of people felt better.", '"15%" is a percentage; say "15 in 100"'),
        ("About 30 percent of people felt better.", '"30 percent" is a percentage; say "30 in 100"'),
        ("Pain fell by 0.5 points.", '"0.5" is a decimal; use a whole number or words'),
        ("Pain fell for 1/3 of people.", '"1/3" is a fraction; say "1 in 3" or "a third"'),
        ("The number to know is 911.", '"911" needs what to do, e.g. "call 911"'),
        ("In a crisis, call or text 988.", '"988" needs its name: "the Suicide and Crisis Lifeline: call or text 988"'),
    ],
)
def test_numbers_that_need_plain_words(sentence: str, message: str) -> None:
    assert missed(topic(key_points=(sentence,))) == [("numbers", message)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Call 911 for chest pain.",
        "If you are in danger right now, call 911.",
        "Get help from the Suicide and Crisis Lifeline: call or text 988.",
        "A review of 1,062 people found about 61 in 100 did better.",
        "Rate your pain from 0 (no pain) to 10 (the worst pain).",
        "In 2022, a guideline said so.",
    ],
)
def test_numbers_that_are_plain(sentence: str) -> None:
    assert missed(topic(key_points=(sentence,))) == []


# --- sentences and voice -----------------------------------------------------------------


def test_long_sentences_on_average_are_missed() -> None:
    long = " ".join(["word"] * 30) + "."
    result = score(topic(key_points=(long,) * 7))
    assert [(f.item, f.message) for f in result.findings] == [
        ("short-sentences", "sentences average 15.9 words; aim for 15 or fewer")
    ]


@pytest.mark.parametrize(
    ("sentence", "phrase"),
    [
        ("These feelings can be treated.", "can be treated"),
        ("The needles are thrown away.", "are thrown"),
        ("Acupuncture has been studied for back pain.", "has been studied"),
        ("It is not proven.", "is not proven"),
        ("You move slowly.", ""),
        ("Tai chi is gentle on your joints.", ""),
        ("It is often safe.", ""),
        ("Massage is red and warm.", ""),
    ],
)
def test_passive_voice_heuristic(sentence: str, phrase: str) -> None:
    assert pl.passive(sentence) == phrase


def test_passive_share_over_a_fifth_is_missed() -> None:
    points = ("It is used often.", "It was made for you.", "You walk.", "You rest.")
    result = score(topic(key_points=points))
    # 2 passive of 14 sentences is under a fifth; 2 more make 4 of 16.
    assert result.passive_share == 0.14 and result.items["active-voice"] is True
    result = score(topic(key_points=(*points, "It is needed.", "It is done.")))
    assert result.passive_share == 0.25
    assert [(f.item, f.message) for f in result.findings] == [
        ("active-voice", '4 of 16 sentences are passive (25%, e.g. "is used"); at most 20% may be')
    ]


def test_calls_to_action_in_active_voice_ignore_describing_clauses() -> None:
    assert missed(topic(steps=("Find a therapist who is licensed.", "Ask if the class is offered near you."))) == []
    assert missed(topic(main_message="Pain can be treated. Ask your doctor.")) == [
        ("active-calls", 'passive voice ("can be treated"); say who does what')
    ]


# --- actions -----------------------------------------------------------------------


def test_self_care_is_a_lifestyle_or_movement_topic_or_one_with_steps() -> None:
    assert pl.is_self_care(topic(category="lifestyle", steps=()))
    assert pl.is_self_care(topic(category="movement", steps=()))
    assert pl.is_self_care(topic(category="therapies"))
    assert not pl.is_self_care(topic(category="therapies", steps=()))


def test_steps_are_needed_for_self_care_only() -> None:
    assert missed(topic(category="movement", steps=())) == [
        ("steps", "a self-care topic (movement) with no steps; add numbered steps to follow")
    ]
    assert score(topic(category="therapies", steps=())).items["steps"] is None
    assert missed(topic(steps=("Walk.",))) == [("steps", "only one step; break the action into steps")]


def test_bundled_self_care_topics_get_credit_for_their_steps() -> None:
    catalog = load_catalog(BUNDLED)
    for topic_id in ("physical-activity", "nutrition", "sleep", "stress-management", "mindfulness-meditation"):
        found = catalog.topics[topic_id]
        assert pl.is_self_care(found), topic_id
        assert score(found).items["steps"] is True, topic_id


def test_actions_must_speak_to_the_reader() -> None:
    steps = ("Patients should walk daily.", "Each day, rate your pain.", "Check that the class is near.")
    assert missed(topic(steps=steps)) == [
        ("direct", '"Patients should walk daily." does not speak to the reader; start with a verb')
    ]


def test_a_log_the_text_asks_for_must_be_offered() -> None:
    asks = topic(steps=("Walk daily.", "Write it in your activity log."))
    assert missed(asks) == [("tool", "asks for a log but the topic has no log and names no other topic's log")]
    assert missed(asks, logs=("Activity log",)) == []
    with_log = asks._replace(log=Log("Activity log", ("Day", "Minutes", "Pain")))
    assert missed(with_log) == []
    assert missed(with_log._replace(steps=("Walk daily.", "Rest."))) == [
        ("log-explained", 'no step says when to fill in the "Activity log"')
    ]


def test_certainty_must_be_stated() -> None:
    assert missed(topic(evidence=(Evidence("Walking may help.", ("smith2020",)),))) == [("certainty", "no certainty")]


# --- overstated claims -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Walking is proven to ease pain.", ["proven"]),
        ("Walking cures back pain.", ["cures"]),
        ("Walking will help your pain.", ["will help"]),
        ("Walking will surely ease pain.", ["will surely ease"]),
        ("It is guaranteed, and definitely safe.", ["guaranteed", "definitely"]),
        ("Walking always works.", ["always works"]),
        ("It works for everyone.", ["works for everyone"]),
        ("Walking may help some people.", []),
        ("This is not proven.", []),
        ("We do not know if it will help.", []),
        ("It did not cure anyone, but it may help.", []),
    ],
)
def test_overstated_wording_in_weak_evidence(text: str, words: list[str]) -> None:
    for certainty in ("low", "very-low", "not-graded"):
        item = Evidence(text, ("smith2020",), certainty)
        assert [f.message for f in pl.overstatements(topic(evidence=(item,)))] == words


def test_strong_wording_is_allowed_for_strong_evidence() -> None:
    for certainty in ("high", "moderate", ""):
        item = Evidence("Walking is proven to ease pain.", ("smith2020",), certainty)
        assert list(pl.overstatements(topic(evidence=(item,)))) == []


def test_overstatement_points_at_the_evidence_text() -> None:
    items = (Evidence("It may help.", (), "low"), Evidence("It cures pain.", (), "very-low"))
    assert list(pl.overstatements(topic(evidence=items))) == [
        pl.Finding("overstated", "cures", ("evidence", 1, "text"), "cures")
    ]


def test_docs_list_every_item_term_and_swap() -> None:
    docs = (ROOT / "docs" / "plain-language.md").read_text(encoding="utf-8")
    flat = " ".join(docs.split())
    for item in pl.ITEMS:
        assert f"`{item.id}`" in docs, item.id
    for forms in pl.MEDICAL_TERMS:
        assert forms[0] in flat, forms[0]
    for word, plain in pl.HARD_WORDS.items():
        assert f"{word} ({plain})" in flat, word
    for judged in pl.TO_JUDGE:
        assert judged.split(" (")[0] in flat, judged
    for category in pl.SELF_CARE_CATEGORIES:
        assert f"`{category}`" in docs, category


def test_a_number_repeated_in_one_field_is_reported_once() -> None:
    assert missed(topic(key_points=("About 5% said yes, and 5% said no.",))) == [
        ("numbers", '"5%" is a percentage; say "5 in 100"')
    ]


# --- evidence wording: "no evidence" under a grade, a difference stated as a change ----------


@pytest.mark.parametrize(
    ("text", "certainty", "words"),
    [
        ("It does not show that omega-3 helps back pain.", "very-low", ["does not show"]),
        ("There is no good evidence that it helps.", "low", ["no good evidence"]),
        ("We do not yet know if it eases chronic pain.", "moderate", ["We do not yet know"]),
        ("It does not show that omega-3 helps back pain.", "not-graded", []),
        ("It eased pain more than sham in one trial.", "low", []),
    ],
)
def test_no_evidence_under_a_graded_label(text: str, certainty: str, words: list[str]) -> None:
    item = Evidence(text, ("smith2020",), certainty)
    assert [f.message for f in pl.evidence_wording(topic(evidence=(item,)))] == words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Some studies compared exercise with usual care. In those, pain went down about 15 points.",
            ["pain went down about 15 points"],
        ),
        ("Compared with sham, pain fell by 10 points.", ["pain fell by 10 points"]),
        # No comparison in the item: a fall in pain may be exactly what was measured.
        ("In one small study, pain went down about 15 points.", []),
        ("Pain was 15 points lower than in the usual care group.", []),
    ],
)
def test_a_difference_between_groups_stated_as_a_change(text: str, words: list[str]) -> None:
    item = Evidence(text, ("smith2020",), "moderate")
    assert [f.message for f in pl.evidence_wording(topic(evidence=(item,)))] == words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Esta revisión no muestra que el omega-3 alivie el dolor de espalda.", ["no muestra"]),
        ("Todavía no sabemos si alivia el dolor crónico.", ["Todavía no sabemos"]),
        (
            "Compararon el ejercicio con un placebo. En esos estudios, el dolor bajó unos 15 puntos.",
            ["el dolor bajó unos 15 puntos"],
        ),
        ("En un estudio, el dolor bajó unos 15 puntos.", []),
    ],
)
def test_spanish_evidence_wording(text: str, words: list[str]) -> None:
    item = Evidence(text, ("smith2020",), "low")
    assert [f.message for f in pl.evidence_wording(topic(evidence=(item,)), "es")] == words


def test_evidence_wording_points_at_each_phrase_in_text_order() -> None:
    items = (
        Evidence("It helps.", ("smith2020",), "low"),
        Evidence("Versus sham, pain went down 9 points. It does not show more.", ("smith2020",), "low"),
    )
    assert list(pl.evidence_wording(topic(evidence=items))) == [
        pl.Finding("effect-as-change", "pain went down 9 points", ("evidence", 1, "text"), "pain went down 9 points"),
        pl.Finding("no-evidence-graded", "does not show", ("evidence", 1, "text"), "does not show"),
    ]
