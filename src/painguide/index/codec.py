"""Model objects to and from plain JSON-ready dicts (for the index and --format json)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from painguide.catalog.model import (
    CatalogInfo,
    Category,
    Clinic,
    Core,
    CoreElement,
    Evidence,
    Link,
    Location,
    Reference,
    Safety,
    Topic,
)

Json = dict[str, Any]


def to_dict(obj: Any) -> Json:
    """A model record as a dict of JSON types (tuples become lists, dates ISO text)."""
    return {key: _plain(value) for key, value in obj._asdict().items()}


def _plain(value: Any) -> Any:
    if hasattr(value, "_asdict"):
        return to_dict(value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def topic_from_dict(data: Json) -> Topic:
    return Topic(
        id=data["id"],
        title=data["title"],
        category=data["category"],
        summary=data["summary"],
        key_points=tuple(data["key_points"]),
        evidence=tuple(Evidence(e["text"], tuple(e["refs"])) for e in data["evidence"]),
        what_to_expect=tuple(data["what_to_expect"]),
        safety=Safety(tuple(data["safety"]["careful"]), tuple(data["safety"]["tell"])),
        questions=tuple(data["questions"]),
        last_reviewed=dt.date.fromisoformat(data["last_reviewed"]),
        aliases=tuple(data["aliases"]),
        related=tuple(data["related"]),
        keywords=tuple(data.get("keywords", ())),
        links=tuple(Link(**link) for link in data.get("links", ())),
        line=data.get("line", 0),
    )


def reference_from_dict(data: Json) -> Reference:
    return Reference(**{**data, "authors": tuple(data["authors"])})


def category_from_dict(data: Json) -> Category:
    return Category(**data)


def info_from_dict(data: Json) -> CatalogInfo:
    clinic = data.get("clinic")
    return CatalogInfo(
        title=data["title"],
        version=data["version"],
        disclaimer=data["disclaimer"],
        clinic=_clinic(clinic) if clinic else None,
    )


def _clinic(data: Json) -> Clinic:
    locations = tuple(Location(**place) for place in data["locations"])
    return Clinic(data["name"], locations, data["phone"], data["website"], data["hours"])


def core_from_dict(data: Json) -> Core:
    elements = tuple(CoreElement(e["text"], tuple(e["topics"])) for e in data["elements"])
    return Core(data["title"], data["summary"], elements)
