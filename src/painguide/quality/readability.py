"""Reading grade of patient-facing text (Flesch-Kincaid), via textstat.

textstat is an authoring-only dependency (the `check` extra), imported only
here so that reading commands never pay for it. Versions 0.7.9 and later
download data at run time and fail offline, so the extra pins 0.7.8.
"""

from __future__ import annotations

from painguide.catalog.model import Topic
from painguide.errors import MissingExtra


def patient_text(topic: Topic) -> str:
    """The sentences a patient reads in a topic, each ending in punctuation."""
    items = [
        topic.summary,
        *topic.key_points,
        *(item.text for item in topic.evidence),
        *topic.what_to_expect,
        *topic.safety.careful,
        *topic.safety.tell,
        *topic.questions,
    ]
    return " ".join(item if item.endswith((".", "!", "?")) else item + "." for item in items)


def grade(text: str) -> float:
    """Flesch-Kincaid grade level, rounded to one decimal."""
    try:
        import textstat
    except ImportError:
        raise MissingExtra(
            "checking reading level needs textstat; install it with: pip install 'painguide[check]'"
        ) from None
    return round(float(textstat.flesch_kincaid_grade(text)), 1)
