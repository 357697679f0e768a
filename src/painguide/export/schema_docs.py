"""Documents made from the schema: field tables and JSON Schema definitions.

Authoring tool, never on a reading command's path. Tests check that the
committed docs/catalog-format.md tables and the `$defs` of
schema/painguide-output.schema.json are what this module makes, so they
cannot drift from catalog/schema.py. After changing the schema, run:

    python -m painguide.export.schema_docs
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from painguide.catalog import schema

ROOT = Path(__file__).resolve().parents[3]
CATALOG_FORMAT = ROOT / "docs" / "catalog-format.md"
OUTPUT_SCHEMA = ROOT / "schema" / "painguide-output.schema.json"


def _nested(record: str) -> list[str]:
    """`record` and every record nested in it, depth first."""
    out = [record]
    for spec in schema.fields(record):
        if spec.record and spec.record not in out:
            out += [name for name in _nested(spec.record) if name not in out]
    return out


# The topic record and every record nested in it appear in JSON output as
# they are in the catalog; these `$defs` are generated.
JSON_RECORDS = tuple(_nested("topic"))

_MARKER = re.compile(r"<!-- fields:(?P<record>[a-z-]+) -->\n.*?<!-- end fields -->", re.DOTALL)


def markdown_table(record: str) -> str:
    lines = ["| key | type | required | meaning |", "|---|---|---|---|"]
    for spec in schema.fields(record):
        kind = schema.TYPE_NAMES[spec.type]
        if spec.type == schema.CHOICE:
            kind = " \\| ".join(f"`{choice}`" for choice in spec.choices)
        elif spec.record:
            kind = f"{kind} (`{spec.record}`)"
        lines.append(f"| `{spec.name}` | {kind} | {'yes' if spec.required else 'no'} | {spec.meaning} |")
    return "\n".join(lines)


def with_tables(text: str) -> str:
    """`text` with every `<!-- fields:RECORD -->` block replaced by the current table."""

    def table(match: re.Match[str]) -> str:
        record = match.group("record")
        return f"<!-- fields:{record} -->\n{markdown_table(record)}\n<!-- end fields -->"

    return _MARKER.sub(table, text)


def _json_type(spec: schema.Field) -> dict[str, object]:
    simple: dict[str, dict[str, object]] = {
        schema.TEXT: {"type": "string"},
        schema.TEXTS: {"$ref": "#/$defs/text_list"},
        schema.ID: {"$ref": "#/$defs/id"},
        schema.IDS: {"$ref": "#/$defs/id_list"},
        schema.DATE: {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"},
        schema.YEAR: {"type": "integer"},
        schema.FLAG: {"type": "boolean"},
        schema.WEB: {"type": "string", "pattern": "^https?://"},
    }
    if spec.type in simple:
        out = simple[spec.type]
    elif spec.type == schema.CHOICE:
        out = {"enum": list(spec.choices)}
    elif spec.type == schema.RATINGS:
        out = {
            "type": "object",
            "propertyNames": {"enum": list(spec.choices)},
            "additionalProperties": {"enum": list(schema.RATING_VALUES)},
        }
    elif spec.type in (schema.FINGERPRINTS, schema.SIGNED):
        out = {
            "type": "object",
            "propertyNames": {"enum": list(spec.choices)},
            "additionalProperties": {"type": "string", "pattern": "^[0-9a-f ]+$"},
        }
    elif spec.type == schema.RECORD:
        out = {"$ref": f"#/$defs/{spec.record}"}
    else:
        out = {"type": "array", "items": {"$ref": f"#/$defs/{spec.record}"}}
    if not spec.required and spec.type in (schema.TEXT, schema.CHOICE, schema.RECORD):
        # JSON output writes an absent optional text, choice or mapping as null.
        out = {"anyOf": [out, {"type": "null"}]}
    return out


def derived_properties(record: str) -> list[str]:
    from painguide.export.json_data import DERIVED

    return list(DERIVED.get(record, {}))


def json_defs() -> dict[str, object]:
    defs: dict[str, object] = {}
    for record in JSON_RECORDS:
        specs = schema.fields(record)
        keyed = record in schema.KEYED.values()
        properties: dict[str, object] = {"id": {"$ref": "#/$defs/id"}} if keyed else {}
        properties.update({spec.name: _json_type(spec) for spec in specs})
        # What JSON output adds beyond the catalog's fields (all text).
        properties.update({name: {"type": "string"} for name in derived_properties(record)})
        defs[record] = {
            "type": "object",
            "required": list(properties),
            "properties": properties,
            "additionalProperties": False,
        }
    return defs


def with_defs(document: dict[str, object]) -> dict[str, object]:
    """The output schema with its generated parts: the records' `$defs` and the language enum (languages.py)."""
    from painguide.languages import CODES

    defs = document["$defs"]
    properties = document["properties"]
    assert isinstance(defs, dict), "the JSON Schema's $defs is an object"
    assert isinstance(properties, dict), "the JSON Schema's properties is an object"
    language = properties["language"]
    assert isinstance(language, dict), "the JSON Schema's language property is an object"
    return {
        **document,
        "properties": {**properties, "language": {**language, "enum": list(CODES)}},
        "$defs": {**defs, **json_defs()},
    }


def main() -> int:
    CATALOG_FORMAT.write_text(with_tables(CATALOG_FORMAT.read_text(encoding="utf-8")), encoding="utf-8")
    document = json.loads(OUTPUT_SCHEMA.read_text(encoding="utf-8"))
    OUTPUT_SCHEMA.write_text(json.dumps(with_defs(document), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {CATALOG_FORMAT.relative_to(ROOT)} and {OUTPUT_SCHEMA.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
