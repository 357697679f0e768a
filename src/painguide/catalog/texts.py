"""The records of a translation file (catalog/translation.py), kept apart from `model` because
only building an index in another language, or `check`, needs them: `show` never pays for them."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from painguide.catalog.model import Faq, Log, Review, Safety

Fingerprints = tuple[tuple[str, str], ...]


class ClinicText(NamedTuple):
    """The clinic's words in another language: its hours (name, phone and places stay as written)."""

    hours: str = ""
    fingerprints: Fingerprints = ()


class CatalogText(NamedTuple):
    """The catalog's own text in another language (a translation file's `catalog`)."""

    title: str = ""
    disclaimer: str = ""
    status: str = ""
    reviewer: str = ""
    reviewed: dt.date | None = None
    clinic: ClinicText | None = None
    fingerprints: Fingerprints = ()


class CoreText(NamedTuple):
    title: str = ""
    summary: str = ""
    elements: tuple[str, ...] = ()
    fingerprints: Fingerprints = ()


class CategoryText(NamedTuple):
    id: str
    title: str = ""
    description: str = ""
    fingerprints: Fingerprints = ()


class ReferenceText(NamedTuple):
    id: str
    note: str = ""
    fingerprints: Fingerprints = ()


class AlertText(NamedTuple):
    id: str
    title: str = ""
    message: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    fingerprints: Fingerprints = ()


class TopicText(NamedTuple):
    """One topic's text in another language; a field left out is "" or () (or None)."""

    id: str
    status: str = ""
    line: int = 0
    reviewer: str = ""
    reviewed: dt.date | None = None
    title: str = ""
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    main_message: str = ""
    summary: str = ""
    key_points: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    log: Log | None = None
    evidence: tuple[str, ...] = ()
    what_to_expect: tuple[str, ...] = ()
    safety: Safety | None = None
    urgent: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    faq: tuple[Faq, ...] = ()
    links: tuple[str, ...] = ()
    fingerprints: Fingerprints = ()
    reviews: tuple[Review, ...] = ()


# The typed record for each translation record of the schema (catalog/schema.py).
TEXT_TYPES: dict[str, type[tuple[object, ...]]] = {
    "translation-catalog": CatalogText,
    "translation-clinic": ClinicText,
    "translation-core": CoreText,
    "translation-category": CategoryText,
    "translation-reference": ReferenceText,
    "translation-topic": TopicText,
    "translation-alert": AlertText,
}
