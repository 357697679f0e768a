"""The catalog as plain, immutable data. No I/O happens here."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from painguide.errors import Problem


class Location(NamedTuple):
    """A place the clinic sees patients; a plain-text entry has only a name."""

    name: str
    address: str = ""
    phone: str = ""


class Clinic(NamedTuple):
    name: str
    locations: tuple[Location, ...] = ()
    phone: str = ""
    website: str = ""
    hours: str = ""

    @property
    def contact(self) -> bool:
        """Whether there is any way to reach the clinic, not just its name."""
        return bool(self.phone or self.website or self.hours)


class CatalogInfo(NamedTuple):
    title: str
    version: str
    disclaimer: str
    clinic: Clinic | None = None
    # The language of the catalog's text, and for a translation its review
    # status ("draft" or "reviewed") covering the title, disclaimer,
    # categories and core; "" for the catalog's own language.
    language: str = "en"
    translation: str = ""


class CoreElement(NamedTuple):
    text: str
    topics: tuple[str, ...] = ()


class Core(NamedTuple):
    title: str
    summary: str
    elements: tuple[CoreElement, ...]


class Category(NamedTuple):
    id: str
    title: str
    description: str = ""


class Reference(NamedTuple):
    id: str
    authors: tuple[str, ...]
    year: int
    title: str
    journal: str
    et_al: bool = False
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    url: str = ""
    note: str = ""


class Evidence(NamedTuple):
    text: str
    refs: tuple[str, ...]
    certainty: str = ""


class Log(NamedTuple):
    title: str
    columns: tuple[str, ...]


class Safety(NamedTuple):
    careful: tuple[str, ...]
    tell: tuple[str, ...]


class Link(NamedTuple):
    """A web page a topic points patients to (a clinic video, a class schedule)."""

    label: str
    url: str


class Rating(NamedTuple):
    """A person's ratings of a topic on PEMAT-P and the CDC CCI: item id -> agree, disagree or na."""

    by: str
    role: str
    date: dt.date
    items: tuple[tuple[str, str], ...]


class Review(NamedTuple):
    """A clinical sign-off: who, when, and the fingerprints of the covered fields they read (catalog/signoff.py)."""

    reviewer: str
    role: str
    date: dt.date
    fingerprints: tuple[tuple[str, str], ...]
    note: str = ""


class Topic(NamedTuple):
    id: str
    title: str
    category: str
    summary: str
    key_points: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    what_to_expect: tuple[str, ...]
    safety: Safety
    questions: tuple[str, ...]
    last_reviewed: dt.date
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    line: int = 0
    # Words that also find this topic but are not other names for it
    # ("omega-3" finds nutrition); never shown as "also called".
    keywords: tuple[str, ...] = ()
    main_message: str = ""
    steps: tuple[str, ...] = ()
    log: Log | None = None
    urgent: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    # Shown in another language: the translation's review status ("draft" or
    # "reviewed"), the reviewer's role and the review date; "" in the catalog's own.
    translation: str = ""
    reviewer: str = ""
    reviewed: str = ""
    ratings: tuple[Rating, ...] = ()
    reviews: tuple[Review, ...] = ()

    def cited_refs(self) -> list[str]:
        """Reference ids in order of first citation, each once."""
        seen: dict[str, None] = {}
        for item in self.evidence:
            for ref in item.refs:
                seen.setdefault(ref, None)
        return list(seen)


# The typed record for each schema record (catalog/schema.py); a test checks
# that their fields agree.
RECORD_TYPES: dict[str, type[Any]] = {
    "catalog": CatalogInfo,
    "clinic": Clinic,
    "location": Location,
    "core": Core,
    "core-element": CoreElement,
    "category": Category,
    "reference": Reference,
    "topic": Topic,
    "evidence": Evidence,
    "log": Log,
    "link": Link,
    "safety": Safety,
    "rating": Rating,
    "review": Review,
}


class Catalog(NamedTuple):
    path: str
    info: CatalogInfo
    core: Core
    categories: dict[str, Category]
    references: dict[str, Reference]
    topics: dict[str, Topic]
    warnings: tuple[Problem, ...] = ()
    # The search synonyms: (what a patient may type, the catalog's words for it).
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def citing_topics(self) -> dict[str, list[str]]:
        """Map each reference id to the topic ids that cite it."""
        cited: dict[str, list[str]] = {ref: [] for ref in self.references}
        for topic in self.topics.values():
            for ref in topic.cited_refs():
                cited.setdefault(ref, []).append(topic.id)
        return cited
