"""One schema, and everything that must follow it: model, index, JSON, docs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import CATALOG
from painguide.catalog import schema
from painguide.catalog.load import load_catalog
from painguide.catalog.model import RECORD_TYPES, Topic
from painguide.catalog.texts import TEXT_TYPES, TOPIC_TEXT, TopicText
from painguide.export.json_data import catalog_info, reference_data, topic_data
from painguide.export.schema_docs import CATALOG_FORMAT, OUTPUT_SCHEMA, json_defs, with_tables
from painguide.index import indexfile as store_module
from painguide.index import tables
from painguide.index.codec import from_dict
from painguide.index.store import open_store

# Fields a record gets from outside its mapping: the entry's key and line, and
# what a translation file sets (its language, review status, reviewer and date).
OUTSIDE = {"id", "line", "language", "translation", "reviewer", "reviewed"}

# A value for every field type that is not its empty default, so that a
# field dropped anywhere on the way shows up as a difference.
SAMPLE: dict[str, str] = {
    schema.TEXT: "Sample text.",
    schema.TEXTS: "[First item., Second item.]",
    schema.ID: "sample",
    schema.IDS: "[sample]",
    schema.DATE: "2026-11-20",
    schema.YEAR: "2020",
    schema.FLAG: "true",
    schema.WEB: "https://example.org/sample",
    schema.PLACES: "[Sample Town]",
    schema.RATINGS: "{pemat-1: agree, cci-4: disagree}",
    schema.SIGNED: "{main_message: 0123abcd, safety: 0123abcd 4567ef01}",
}


# Fields with rules beyond their type.
SAMPLE_BY_NAME = {
    "doi": "10.1000/sample",
    "pmid": '"12345"',
    "url": "https://example.org/sample",
    # The first code system (icd10cm) is chosen; a code must have its shape.
    "code": '"M54.50"',
}


def _yaml_record(record: str, indent: str) -> str:
    """YAML for one record with every field filled in."""
    lines: list[str] = []
    for spec in schema.fields(record):
        if spec.type in (schema.RECORD, schema.RECORDS):
            nested = _yaml_record(spec.record, indent + "    ")
            if spec.type == schema.RECORDS:
                nested = indent + "  - " + nested.lstrip()
                lines.append(f"{indent}{spec.name}:\n{nested}")
            else:
                lines.append(f"{indent}{spec.name}:\n{nested}")
        elif spec.type == schema.CHOICE:
            lines.append(f"{indent}{spec.name}: {spec.choices[0]}")
        else:
            lines.append(f"{indent}{spec.name}: {SAMPLE_BY_NAME.get(spec.name, SAMPLE[spec.type])}")
    return "\n".join(lines)


def full_catalog(tmp_path: Path) -> Path:
    """A valid catalog whose one category, reference and topic fill every field."""
    text = f"""
catalog:
{_yaml_record("catalog", "  ")}
core:
{_yaml_record("core", "  ")}
categories:
  sample:
{_yaml_record("category", "    ")}
references:
  sample:
{_yaml_record("reference", "    ")}
topics:
  sample:
{_yaml_record("topic", "    ")}
"""
    # Ids and links must point at what exists: every id field names "sample".
    path = tmp_path / "full.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _non_empty(value: Any) -> bool:
    return value not in ("", (), None, False)


@pytest.mark.parametrize("record", [*schema.SCHEMA, *schema.TRANSLATION_SCHEMA])
def test_every_schema_record_has_a_model_with_the_same_fields(record: str) -> None:
    model: Any = RECORD_TYPES[record] if record in RECORD_TYPES else TEXT_TYPES[record]  # a NamedTuple class
    # Only a topic and the catalog's info get fields from a translation.
    # An alert shown in another language also carries whether its text is translated.
    outside = (
        OUTSIDE
        if record in ("topic", "catalog")
        else {"id", "line", "translation"}
        if record == "alert"
        else {"id", "line"}
    )
    assert set(model._fields) - outside == {spec.name for spec in schema.fields(record)}
    for spec in schema.fields(record):
        if not spec.required:
            # An index written before an optional field existed still decodes.
            assert spec.name in model._field_defaults, f"{record}.{spec.name} needs a default"


def test_the_full_sample_fills_every_field(tmp_path: Path) -> None:
    catalog = load_catalog(str(full_catalog(tmp_path)))
    topic = catalog.topics["sample"]
    for record, obj in [
        ("topic", topic),
        ("reference", catalog.references["sample"]),
        ("catalog", catalog.info),
        ("category", catalog.categories["sample"]),
        ("core", catalog.core),
    ]:
        empty = [spec.name for spec in schema.fields(record) if not _non_empty(getattr(obj, spec.name))]
        assert not empty, f"{record} fields left empty: {empty}"


def test_round_trip_catalog_index_model_json_keeps_every_field(tmp_path: Path) -> None:
    path = full_catalog(tmp_path)
    loaded = load_catalog(str(path))
    store = open_store(str(path))
    # catalog -> index -> model: every record comes back equal.
    assert store.topic("sample") == loaded.topics["sample"]
    assert store.references() == loaded.references
    assert store.info() == loaded.info
    assert store.core() == loaded.core
    assert store.categories() == list(loaded.categories.values())
    # model -> JSON: every schema field, with the model's value.
    topic = loaded.topics["sample"]
    data: Any = topic_data(topic)
    assert list(data) == ["id", *(spec.name for spec in schema.fields("topic"))]
    # JSON -> model again: nothing was lost on the way.
    for item in data["evidence"]:
        assert item.pop("certainty_label") == "Strong evidence"
    assert from_dict(Topic, {**data, "line": topic.line}) == topic
    assert set(reference_data(loaded.references["sample"])) >= {s.name for s in schema.fields("reference")}
    assert set(catalog_info(loaded.info)) == {s.name for s in schema.fields("catalog")}


def test_the_index_follows_the_schema_fingerprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = full_catalog(tmp_path)
    open_store(str(path)).close()
    built: list[str] = []
    real_fill = tables.fill

    def counting_fill(*args: Any) -> None:
        built.append("built")
        real_fill(*args)

    monkeypatch.setattr(tables, "fill", counting_fill)
    open_store(str(path)).close()
    assert built == [], "an unchanged catalog and schema reuse the index"
    monkeypatch.setattr(store_module, "SCHEMA_FINGERPRINT", "changed")
    open_store(str(path)).close()
    assert built == ["built"], "a changed schema rebuilds the index"


def test_fingerprint_is_derived_from_every_declaration() -> None:
    # Not a number someone bumps by hand: any change to a record, an optional
    # top-level section, the translation or the layer records changes the index key.
    import zlib

    declared = repr((schema.SCHEMA, schema.OPTIONAL_TOP, schema.TRANSLATION_SCHEMA, schema.LAYER_SCHEMA))
    assert f"{schema.LAYOUT}.{zlib.crc32(declared.encode()):08x}" == schema.SCHEMA_FINGERPRINT


def test_docs_field_tables_are_generated_from_the_schema() -> None:
    text = CATALOG_FORMAT.read_text(encoding="utf-8")
    assert text == with_tables(text), "run: python -m painguide.export.schema_docs"
    for record in schema.SCHEMA:
        assert f"<!-- fields:{record} -->" in text, f"docs/catalog-format.md has no table for {record}"


def test_json_schema_topic_definitions_are_generated_from_the_schema() -> None:
    document = json.loads(OUTPUT_SCHEMA.read_text(encoding="utf-8"))
    for name, definition in json_defs().items():
        assert document["$defs"][name] == definition, "run: python -m painguide.export.schema_docs"


def test_json_schema_reference_and_catalog_cover_every_field() -> None:
    document = json.loads(OUTPUT_SCHEMA.read_text(encoding="utf-8"))
    for record in ("reference", "catalog"):
        properties = set(document["$defs"][record]["properties"])
        assert {spec.name for spec in schema.fields(record)} <= properties


# Text a patient may read must not stay in English on a translated page by
# accident: each text field is translated, or says why it is not.

_TEXTUAL = (schema.TEXT, schema.TEXTS, schema.PLACES)


def untranslated_text(record: str, fields: Any = schema.fields, seen: set[str] | None = None) -> list[str]:
    """Text fields of `record` (and of the records it holds) that are neither translated nor untranslatable.

    A record held by a field that is translated, or untranslatable, as a
    whole (an evidence item, a sign-off) is covered by that field.
    """
    seen = set() if seen is None else seen
    out: list[str] = []
    for spec in fields(record):
        covered = spec.translated is not None or bool(spec.untranslatable)
        if spec.type in (schema.RECORD, schema.RECORDS) and not covered and spec.record not in seen:
            seen.add(spec.record)
            out += untranslated_text(spec.record, fields, seen)
        elif spec.type in _TEXTUAL and not covered:
            out.append(f"{record}.{spec.name}")
    return out


def _catalog_records() -> list[str]:
    held = [spec.record for spec in schema.OPTIONAL_TOP.values() if spec.record]
    return [*schema.TOP.values(), *held]


def test_every_text_field_is_translated_or_says_why_not() -> None:
    left = [name for record in _catalog_records() for name in untranslated_text(record)]
    assert left == [], "give each a `translated=Translated(...)` role or an `untranslatable=` reason"
    for record in schema.SCHEMA:
        for spec in schema.fields(record):
            assert not (spec.translated and spec.untranslatable), f"{record}.{spec.name} cannot be both"


def test_a_text_field_without_a_translation_role_is_caught() -> None:
    # The check above, on the topic record with one more text field that says nothing about translation.
    def with_new_field(record: str) -> tuple[schema.Field, ...]:
        extra = (schema.Field("tip", schema.TEXT, False, "A tip."),) if record == "topic" else ()
        return (*schema.fields(record), *extra)

    assert untranslated_text("topic", with_new_field) == ["topic.tip"]
    assert untranslated_text("topic") == []


def page_gaps(specs: tuple[schema.Field, ...]) -> list[str]:
    """Shown topic fields the page would not lay out: neither a section of its own nor a plain heading."""
    from painguide.render.pages import SECTIONS

    gaps = []
    for spec in specs:
        if not spec.shown:
            continue
        if spec.heading and (spec.name in SECTIONS or spec.type not in (schema.TEXT, schema.TEXTS)):
            gaps.append(f"{spec.name}: a heading is for a text or a list of text the page has no section for")
        elif not spec.heading and spec.name not in SECTIONS:
            gaps.append(f"{spec.name}: give it a `heading`, or a section in render/pages.py SECTIONS")
    return gaps


def test_every_shown_field_has_a_place_on_the_page() -> None:
    assert page_gaps(schema.fields("topic")) == []


def test_a_shown_field_the_page_cannot_lay_out_is_caught() -> None:
    tip = schema.Field("tip", schema.TEXT, False, "A tip.", shown=135)
    log = schema.field("topic", "log")._replace(heading="Log")
    assert page_gaps((tip, log, tip._replace(heading="Tip"))) == [
        "tip: give it a `heading`, or a section in render/pages.py SECTIONS",
        "log: a heading is for a text or a list of text the page has no section for",
    ]


def test_a_plain_section_is_shown_under_its_heading_where_the_schema_places_it() -> None:
    from painguide.render.document import Bullets, Heading, Paragraph, spans
    from painguide.render.pages import topic_page

    catalog = load_catalog(str(CATALOG))
    topic = catalog.topics["acupuncture"]
    blocks = topic_page(topic, {}, {}, catalog.info).blocks
    plain = [spec for spec in schema.shown("topic") if spec.heading and getattr(topic, spec.name)]
    assert {"key_points", "what_to_expect", "questions"} <= {spec.name for spec in plain}
    places = [blocks.index(Heading(spec.heading)) for spec in plain]
    # In `shown` order, each heading followed by the field: a text as a paragraph, a list as bullets.
    assert places == sorted(places)
    for spec, place in zip(plain, places):
        value = getattr(topic, spec.name)
        shown = Paragraph(spans(value)) if isinstance(value, str) else Bullets(tuple(spans(item) for item in value))
        assert blocks[place + 1] == shown


def test_translation_records_follow_the_translated_roles() -> None:
    for record, names in schema.TRANSLATED.items():
        given = {spec.name for spec in schema.TRANSLATION_SCHEMA[f"translation-{record}"]}
        assert set(names) <= given
        assert schema.field(f"translation-{record}", "fingerprints").choices == names
    # Other names and keywords are given, but never fingerprinted: they are not a translation of the English.
    topic = {spec.name for spec in schema.TRANSLATION_SCHEMA["translation-topic"]}
    assert {"aliases", "keywords"} <= topic
    assert not {"aliases", "keywords"} & set(schema.TRANSLATED["topic"])


def test_search_and_scores_read_the_fields_the_schema_marks(tmp_path: Path) -> None:
    from painguide.index.search import SECTIONS, WEIGHTS
    from painguide.index.tables import FTS_COLUMNS
    from painguide.quality.plain_language import pieces

    searched = [spec.name for spec in schema.fields("topic") if spec.searched and spec.searched.label]
    assert [name for name, _ in SECTIONS] == searched
    assert tuple(WEIGHTS) == FTS_COLUMNS
    # Every scored field of the full sample is read, in page order.
    catalog = load_catalog(str(full_catalog(tmp_path)))
    read = list(dict.fromkeys(str(piece.where[0]) for piece in pieces(catalog.topics["sample"])))
    shown = sorted((spec for spec in schema.fields("topic") if spec.scored), key=lambda spec: spec.shown)
    assert read == [spec.name for spec in shown]


def test_a_topic_translation_record_has_every_field_code_reads_by_name() -> None:
    # TopicText names what code reads; the record is made from the schema and must hold all of it.
    record: Any = TEXT_TYPES["translation-topic"]  # a namedtuple class, made at run time
    assert set(TopicText.__annotations__) <= set(record._fields)
    assert TOPIC_TEXT is record
    assert set(TopicText.__annotations__) - {"id", "line"} <= {
        spec.name for spec in schema.TRANSLATION_SCHEMA["translation-topic"]
    }
