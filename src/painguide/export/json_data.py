"""`--format json`: the catalog's data for scripts, built from the model.

The shape is versioned (`schema_version`) and described by
schema/painguide-output.schema.json; docs/formats.md explains it. Fields are
listed here one by one rather than dumped from the model so that an internal
field added to a record never changes the published shape by accident.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from painguide.catalog import schema
from painguide.catalog.model import Alert, CatalogInfo, Category, Clinic, Core, Evidence, Reference, Topic
from painguide.catalog.schema import ALERT_NUMBERS
from painguide.i18n import _
from painguide.index.codec import plain
from painguide.index.hits import SearchResult
from painguide.languages import get as get_language
from painguide.render.citation_style import doi_url, format_citation, pubmed_url
from painguide.render.pages import certainty_label, snippet_spans

if TYPE_CHECKING:
    from painguide.queries import CodeLookup

SCHEMA_VERSION = 1
Json = dict[str, object]


def dumps(data: Json) -> str:
    """JSON text with every non-ASCII character escaped.

    ASCII output survives any locale or pipe, and escaping covers the C1
    and bidirectional controls that could reorder a terminal showing it.
    Lone surrogates (from bytes that are not UTF-8) become U+FFFD, so that
    the JSON is valid Unicode for the strictest parser.
    """
    from painguide.textsafe import valid_unicode

    return json.dumps(valid_unicode(data), indent=2, ensure_ascii=True) + "\n"


def _envelope(command: str, info: CatalogInfo) -> Json:
    from painguide.i18n import language

    return {
        "schema_version": SCHEMA_VERSION,
        "command": command,
        "language": language(),
        "catalog": catalog_info(info),
    }


def catalog_info(info: CatalogInfo) -> Json:
    data = _record_data("catalog", info)
    data["clinic"] = None if info.clinic is None else clinic_data(info.clinic)
    return data


def _record_data(record: str, obj: object) -> Json:
    """Every schema field of a record, in schema order; an empty optional text, choice or mapping is null."""
    out: Json = {"id": getattr(obj, "id")} if record in schema.KEYED.values() else {}  # noqa: B009 - any keyed record
    for spec in schema.fields(record):
        value = getattr(obj, spec.name)
        if spec.type == schema.RECORD:
            value = None if value is None else _record_data(spec.record, value)
        elif spec.type in (schema.RECORDS, schema.PLACES):
            value = [_record_data(spec.record, item) for item in value]
        elif spec.type in (schema.RATINGS, schema.FINGERPRINTS, schema.SIGNED):
            value = dict(value)
        elif spec.type in (schema.TEXT, schema.CHOICE) and not spec.required and not value:
            value = None
        else:
            value = plain(value)
        out[spec.name] = value
    for name, make in DERIVED.get(record, {}).items():
        out[name] = make(obj)
    return out


# Properties JSON output adds to a record beyond its catalog fields, each
# made from the record. All are text; export/schema_docs.py declares them
# in the JSON Schema from this table.
def _certainty_label(item: object) -> str:
    assert isinstance(item, Evidence)
    return certainty_label(item.certainty)


DERIVED: dict[str, dict[str, Callable[[object], str]]] = {
    # The words every format shows, so a JSON consumer need not map levels itself.
    "evidence": {"certainty_label": _certainty_label},
}


def clinic_data(clinic: Clinic) -> Json:
    """`locations` stays a list of names (as in the first version of this shape); the details are beside it."""
    return {
        "name": clinic.name,
        "locations": [place.name for place in clinic.locations],
        "phone": clinic.phone or None,
        "website": clinic.website or None,
        "hours": clinic.hours or None,
        "location_details": [
            {"name": place.name, "address": place.address or None, "phone": place.phone or None}
            for place in clinic.locations
        ],
    }


def topic_data(topic: Topic) -> Json:
    return _record_data("topic", topic)


def reference_data(ref: Reference) -> Json:
    """Every catalog field (absent ones as null), the formatted citation and resolved links."""
    return {
        **_record_data("reference", ref),
        "citation": format_citation(ref),
        "links": {
            "doi": doi_url(ref.doi) if ref.doi else None,
            "pubmed": pubmed_url(ref.pmid) if ref.pmid else None,
        },
    }


def translation_data(topic: Topic, info: CatalogInfo) -> Json | None:
    """The review status of a topic shown in another language; None in the catalog's own."""
    from painguide.render.pages import translation_notice

    if get_language(info.language).is_source and not topic.translation:
        return None
    return {
        "status": topic.translation,
        "reviewer": topic.reviewer or None,
        "reviewed": topic.reviewed or None,
        "notice": translation_notice(topic) or None,
    }


def review_data(topic: Topic) -> Json:
    """The topic's latest clinical sign-off and whether it still covers the text shown (`text` is what pages say)."""
    from painguide.catalog.signoff import state
    from painguide.render.pages import signoff_line

    signed = state(topic)
    review = signed.review
    return {
        "status": "none" if review is None else ("reviewed" if signed.valid else "changed"),
        "reviewer": review.reviewer if review else None,
        "role": review.role if review else None,
        "date": review.date.isoformat() if review else None,
        "changed": sorted({change.field for change in signed.changes}),
        "text": signoff_line(topic),
    }


def show_data(topic: Topic, references: dict[str, Reference], related: dict[str, str], info: CatalogInfo) -> Json:
    cited = [references[r] for r in topic.cited_refs() if r in references]
    return {
        **_envelope("show", info),
        "topic": topic_data(topic),
        "translation": translation_data(topic, info),
        "review": review_data(topic),
        "related": [{"id": r, "title": related.get(r, r)} for r in topic.related],
        "references": [{"number": n, **reference_data(ref)} for n, ref in enumerate(cited, start=1)],
    }


def list_data(categories: Iterable[Category], topics: Iterable[Topic], info: CatalogInfo) -> Json:
    by_category: dict[str, list[Topic]] = {}
    for topic in topics:
        by_category.setdefault(topic.category, []).append(topic)
    return {
        **_envelope("list", info),
        "categories": [
            {
                "id": category.id,
                "title": category.title,
                "description": category.description or None,
                "topics": [
                    {"id": t.id, "title": t.title, "aliases": list(t.aliases), "summary": t.summary}
                    for t in by_category.get(category.id, [])
                ],
            }
            for category in categories
        ],
    }


def refs_data(
    references: dict[str, Reference], citing: dict[str, list[str]], info: CatalogInfo, topic: str | None
) -> Json:
    return {
        **_envelope("refs", info),
        "topic": topic,
        "references": [
            {"number": n, **reference_data(ref), "cited_by": list(citing.get(ref.id, []))}
            for n, ref in enumerate(references.values(), start=1)
        ],
    }


def alerts_data(alerts: Iterable[Alert]) -> Json:
    """The safety net's part of a page: the alerts set off, crisis first (an empty list when none)."""
    return {
        "alerts": [
            {
                "id": alert.id,
                "kind": alert.kind,
                "call": ALERT_NUMBERS[alert.kind],
                "title": alert.title,
                "message": list(alert.message),
                "topics": list(alert.topics),
            }
            for alert in alerts
        ]
    }


def safety_net_data(alerts: Iterable[Alert], reminder: bool) -> Json:
    """A search's safety net: its alerts and the one-line 988/911 reminder ("" when not shown)."""
    from painguide.safety_net import reminder_text

    return {**alerts_data(alerts), "reminder": reminder_text() if reminder else ""}


def search_data(result: SearchResult, info: CatalogInfo) -> Json:
    from painguide.index.search import no_results_message

    return {
        **_envelope("search", info),
        # Ahead of everything else: a reader that stops early still sees it.
        "safety_net": safety_net_data(result.alerts, result.reminder),
        "query": result.query,
        "answered": bool(result.hits),
        "message": "" if result.hits else no_results_message(result),
        "suggestions": list(result.suggestions),
        "searched_for": result.searched_for or result.query,
        "corrections": [{"from": typed, "to": corrected} for typed, corrected in result.corrections],
        "also_searched": [{"word": word, "catalog_words": list(targets)} for word, targets in result.also],
        "unknown_words": list(result.unknown),
        "total": result.total,
        "results": [
            {
                "rank": rank,
                "id": hit.topic_id,
                "title": hit.title,
                "section": _(hit.section),
                "field": hit.field,
                **_snippet(hit.snippet),
                "missing": list(hit.missing),
            }
            for rank, hit in enumerate(result.hits, start=1)
        ],
    }


def core_data(core: Core, info: CatalogInfo) -> Json:
    return {
        **_envelope("core", info),
        "core": {
            "title": core.title,
            "summary": core.summary,
            "elements": [{"text": e.text, "topics": list(e.topics)} for e in core.elements],
        },
    }


def _snippet(snippet: str) -> Json:
    """The snippet as text, and as parts that say which words matched."""
    spans = snippet_spans(snippet)
    return {
        "snippet": "".join(span.text for span in spans),
        "snippet_parts": [{"text": span.text, "match": span.style == "match"} for span in spans],
    }


def lookup_data(lookup: CodeLookup, info: CatalogInfo) -> Json:
    """The topics a clinical code finds, each with its own codes that matched."""
    return {
        **_envelope("lookup", info),
        "code": lookup.code,
        "systems": list(lookup.systems),
        "topics": [
            {
                "id": topic.id,
                "title": topic.title,
                "summary": topic.summary,
                "matched": [_record_data("code", item) for item in matched],
            }
            for topic, matched in lookup.topics
        ],
    }
