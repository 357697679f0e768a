"""The catalog as plain, immutable data. No I/O happens here."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

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


class Faq(NamedTuple):
    """A question patients ask, with its short answer."""

    q: str
    a: str
    refs: tuple[str, ...] = ()


class Alert(NamedTuple):
    """One alert of the safety net (painguide/safety_net.py): crisis (988) or emergency (911)."""

    id: str
    kind: str
    title: str
    message: tuple[str, ...]
    phrases: tuple[str, ...]
    topics: tuple[str, ...] = ()
    line: int = 0
    # "untranslated" when shown in another language whose translation of its
    # text is missing or stale: the built-in text of that language stands in.
    translation: str = ""


class Link(NamedTuple):
    """A web page a topic points patients to (a clinic video, a class schedule)."""

    label: str
    url: str


class Code(NamedTuple):
    """A clinical code a topic is for: a condition (ICD-10-CM, SNOMED CT) or a medicine (RxNorm)."""

    system: str
    code: str
    display: str


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
    faq: tuple[Faq, ...] = ()
    codes: tuple[Code, ...] = ()
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
        for refs in (*(item.refs for item in self.evidence), *(item.refs for item in self.faq)):
            for ref in refs:
                seen.setdefault(ref, None)
        return list(seen)


# The typed record for each schema record (catalog/schema.py); a test checks
# that their fields agree.
RECORD_TYPES: dict[str, type[tuple[object, ...]]] = {
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
    "faq": Faq,
    "code": Code,
    "safety": Safety,
    "alert": Alert,
    "rating": Rating,
    "review": Review,
}


class LayerCatalog(NamedTuple):
    """A layer's `catalog` record: its own version and the clinic it sets."""

    version: str = ""
    clinic: Clinic | None = None


# The typed record of each layer record (catalog/schema.py LAYER_SCHEMA).
LAYER_TYPES: dict[str, type[tuple[object, ...]]] = {"layer-catalog": LayerCatalog}


class Layer(NamedTuple):
    """One file of a catalog's chain (catalog/layers.py): the full catalog, or a layer over it."""

    path: str
    version: str = ""
    # What the file sets, as `topics.ID`, `categories.ID`, `references.ID`
    # and `catalog.clinic`; the full catalog at the bottom lists nothing.
    defines: tuple[str, ...] = ()


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
    # The catalog's own safety-net alerts (the built-in minimum is added where they are used).
    safety_net: tuple[Alert, ...] = ()
    # The files it is made of, the full catalog first; a catalog without layers has one.
    layers: tuple[Layer, ...] = ()

    def owner(self, place: str) -> int:
        """Which file of `layers` last set a record (`topics.ID`, `catalog.clinic`): 0 for the full catalog."""
        for index in range(len(self.layers) - 1, 0, -1):
            if place in self.layers[index].defines:
                return index
        return 0

    def citing_topics(self) -> dict[str, list[str]]:
        """Map each reference id to the topic ids that cite it."""
        cited: dict[str, list[str]] = {ref: [] for ref in self.references}
        for topic in self.topics.values():
            for ref in topic.cited_refs():
                cited.setdefault(ref, []).append(topic.id)
        return cited
