"""Model objects to and from plain JSON-ready dicts (for the index and --format json).

Decoding follows the schema (catalog/schema.py), so a new field needs no
code here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from painguide.catalog import schema
from painguide.catalog.model import RECORD_TYPES

Json = dict[str, Any]
T = TypeVar("T")


def to_dict(obj: Any) -> Json:
    """A model record as a dict of JSON types (tuples become lists, dates ISO text)."""
    return {key: plain(value) for key, value in obj._asdict().items()}


def plain(value: Any) -> Any:
    if hasattr(value, "_asdict"):
        return to_dict(value)
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


_RECORD_NAMES = {cls: name for name, cls in RECORD_TYPES.items()}


def from_dict(cls: type[T], data: Json) -> T:
    """A model record of type `cls` from what `to_dict` made of it."""
    values = dict(data)
    for spec in schema.fields(_RECORD_NAMES[cls]):
        if spec.name in values:
            values[spec.name] = _decode(spec, values[spec.name])
    return cls(**values)


def _decode(spec: schema.Field, raw: Any) -> Any:
    if raw is None:
        return None
    if spec.type in (schema.TEXTS, schema.IDS):
        return tuple(raw)
    if spec.type in (schema.FINGERPRINTS, schema.RATINGS, schema.SIGNED):
        # Pairs in the index; a mapping in JSON output.
        return tuple((str(key), str(value)) for key, value in (raw.items() if isinstance(raw, dict) else raw))
    if spec.type == schema.DATE:
        return dt.date.fromisoformat(raw)
    if spec.type == schema.RECORD:
        return from_dict(RECORD_TYPES[spec.record], raw)
    if spec.type == schema.PLACES:
        return tuple(from_dict(RECORD_TYPES[spec.record], item) for item in raw)
    if spec.type == schema.RECORDS:
        return tuple(from_dict(RECORD_TYPES[spec.record], item) for item in raw)
    return raw
