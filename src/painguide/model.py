"""The catalog as plain, immutable data. No I/O happens here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from painguide.errors import Problem


@dataclass(frozen=True, slots=True)
class Clinic:
    name: str
    locations: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CatalogInfo:
    title: str
    version: str
    disclaimer: str
    clinic: Clinic | None = None


@dataclass(frozen=True, slots=True)
class CoreElement:
    text: str
    topics: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Core:
    title: str
    summary: str
    elements: tuple[CoreElement, ...]


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Reference:
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


@dataclass(frozen=True, slots=True)
class Evidence:
    text: str
    refs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Safety:
    careful: tuple[str, ...]
    tell: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Topic:
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

    def cited_refs(self) -> list[str]:
        """Reference ids in order of first citation, each once."""
        seen: dict[str, None] = {}
        for item in self.evidence:
            for ref in item.refs:
                seen.setdefault(ref, None)
        return list(seen)


@dataclass(frozen=True, slots=True)
class Catalog:
    path: str
    info: CatalogInfo
    core: Core
    categories: dict[str, Category]
    references: dict[str, Reference]
    topics: dict[str, Topic]
    warnings: tuple[Problem, ...] = field(default=())

    def citing_topics(self) -> dict[str, list[str]]:
        """Map each reference id to the topic ids that cite it."""
        cited: dict[str, list[str]] = {ref: [] for ref in self.references}
        for topic in self.topics.values():
            for ref in topic.cited_refs():
                cited.setdefault(ref, []).append(topic.id)
        return cited
