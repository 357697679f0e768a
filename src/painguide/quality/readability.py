"""Reading grade of patient-facing text (Flesch-Kincaid), via textstat.

textstat is a dependency imported only here, so reading commands never pay
for it (the start-up import guard test checks that). Versions 0.7.9 and
later download data at run time and fail offline, so it is pinned to 0.7.8.
"""

from __future__ import annotations

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
        *(text for item in topic.faq for text in (item.q, item.a)),
        *topic.safety.careful,
        *topic.safety.tell,
        *topic.urgent,
        *topic.questions,
    ]
    return " ".join(item if item.endswith((".", "!", "?")) else item + "." for item in items)


def grade(text: str) -> float:
    """Flesch-Kincaid grade level, rounded to one decimal."""
    import textstat

    return round(float(textstat.flesch_kincaid_grade(text)), 1)


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
