"""The records of a translation file (catalog/translation.py), kept apart from `model` because
only building an index in another language, or `check`, needs them: `show` never pays for them."""

from __future__ import annotations

import datetime as dt
from collections import namedtuple
from typing import NamedTuple, Protocol, cast

from painguide.catalog import schema
from painguide.catalog.model import Review

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


class TopicText(Protocol):
    """One topic's text in another language, as code reads it by name; a field left out is "" or () (or None).

    The record itself is `TOPIC_TEXT`, made from the schema's `translation-topic`
    fields, so that a new translated topic field needs no edit here: its value
    is read with `getattr`, field by field, as the schema lists them.
    """

    id: str
    status: str
    line: int
    reviewer: str
    reviewed: dt.date | None
    title: str
    aliases: tuple[str, ...]
    keywords: tuple[str, ...]
    fingerprints: Fingerprints
    reviews: tuple[Review, ...]


def _from_schema(name: str, record: str) -> type[tuple[object, ...]]:
    """A record with an `id`, a `line` and every field of a translation record, each optional but the id.

    The reader fills every field it declares (an empty one with its type's
    empty value); the defaults are for `line`, which the reader sets apart.
    """
    names = ["id", "line", *(spec.name for spec in schema.TRANSLATION_SCHEMA[record])]
    return namedtuple(name, names, defaults=[0] + [None] * (len(names) - 2))


_TOPIC_RECORD = _from_schema("TopicText", "translation-topic")
# The class the reader builds (and checks each record against); code reads its
# fields by the names `TopicText` declares, which the schema holds (tests/test_schema.py).
TOPIC_TEXT = cast("type[TopicText]", _TOPIC_RECORD)


# The typed record for each translation record of the schema (catalog/schema.py).
TEXT_TYPES: dict[str, type[tuple[object, ...]]] = {
    "translation-catalog": CatalogText,
    "translation-clinic": ClinicText,
    "translation-core": CoreText,
    "translation-category": CategoryText,
    "translation-reference": ReferenceText,
    "translation-topic": _TOPIC_RECORD,
    "translation-alert": AlertText,
}
