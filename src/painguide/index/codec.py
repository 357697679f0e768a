"""Model objects to and from plain JSON-ready dicts (for the index and --format json).

Decoding follows the schema (catalog/schema.py), so a new field needs no
code here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Protocol, TypeVar

from painguide.catalog import schema
from painguide.catalog.model import RECORD_TYPES

Json = dict[str, object]
T = TypeVar("T")


class Record(Protocol):
    """A model record: a NamedTuple."""

    def _asdict(self) -> dict[str, object]: ...


def to_dict(obj: Record) -> Json:
    """A model record as a dict of JSON types (tuples become lists, dates ISO text)."""
    return {key: plain(value) for key, value in obj._asdict().items()}


def plain(value: object) -> object:
    if isinstance(value, tuple) and hasattr(value, "_asdict"):
        return {key: plain(item) for key, item in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


_RECORD_NAMES: dict[object, str] = {cls: name for name, cls in RECORD_TYPES.items()}


def from_dict(cls: type[T], data: Mapping[str, object]) -> T:
    """A model record of type `cls` from what `to_dict` made of it."""
    values = dict(data)
    for spec in schema.fields(_RECORD_NAMES[cls]):
        if spec.name in values:
            values[spec.name] = _decode(spec, values[spec.name])
    return cls(**values)


def _decode(spec: schema.Field, raw: object) -> object:
    # What does not have its field's shape is a damaged index: a TypeError, which the Store heals by rebuilding.
    if raw is None:
        return None
    if spec.type in (schema.TEXTS, schema.IDS):
        return tuple(_items(raw))
    if spec.type in (schema.FINGERPRINTS, schema.RATINGS, schema.SIGNED):
        # Pairs in the index; a mapping in JSON output.
        pairs = raw.items() if isinstance(raw, dict) else (_pair(item) for item in _items(raw))
        return tuple((str(key), str(value)) for key, value in pairs)
    if spec.type == schema.DATE:
        return dt.date.fromisoformat(str(raw))
    if spec.type == schema.RECORD:
        return from_dict(RECORD_TYPES[spec.record], _mapping(raw))
    if spec.type in (schema.PLACES, schema.RECORDS):
        return tuple(from_dict(RECORD_TYPES[spec.record], _mapping(item)) for item in _items(raw))
    return raw


def _items(raw: object) -> list[object]:
    if not isinstance(raw, (list, tuple)):
        raise TypeError(f"expected a list, found {type(raw).__name__}")
    return list(raw)


def _pair(raw: object) -> tuple[object, object]:
    key, value = _items(raw)
    return key, value


def _mapping(raw: object) -> Mapping[str, object]:
    if not isinstance(raw, dict):
        raise TypeError(f"expected an object, found {type(raw).__name__}")
    return raw
