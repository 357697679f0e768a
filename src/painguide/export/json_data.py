"""`--format json`: the catalog's data for scripts, built from the model.

The shape is versioned (`schema_version`) and described by
schema/painguide-output.schema.json; docs/formats.md explains it. Fields are
listed here one by one rather than dumped from the model so that an internal
field added to a record never changes the published shape by accident.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from painguide.catalog.model import CatalogInfo, Category, Core, Reference, Topic
from painguide.index.hits import Hit
from painguide.render.citation_style import doi_url, format_citation, pubmed_url
from painguide.render.pages import snippet_spans

SCHEMA_VERSION = 1
Json = dict[str, Any]


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
    return {"schema_version": SCHEMA_VERSION, "command": command, "catalog": catalog_info(info)}


def catalog_info(info: CatalogInfo) -> Json:
    clinic = None if info.clinic is None else {"name": info.clinic.name, "locations": list(info.clinic.locations)}
    return {"title": info.title, "version": info.version, "disclaimer": info.disclaimer, "clinic": clinic}


def topic_data(topic: Topic) -> Json:
    return {
        "id": topic.id,
        "title": topic.title,
        "aliases": list(topic.aliases),
        "category": topic.category,
        "summary": topic.summary,
        "key_points": list(topic.key_points),
        "evidence": [{"text": item.text, "refs": list(item.refs)} for item in topic.evidence],
        "what_to_expect": list(topic.what_to_expect),
        "safety": {"careful": list(topic.safety.careful), "tell": list(topic.safety.tell)},
        "questions": list(topic.questions),
        "related": list(topic.related),
        "last_reviewed": topic.last_reviewed.isoformat(),
    }


def reference_data(ref: Reference) -> Json:
    """Every catalog field (absent ones as null), the formatted citation and resolved links."""
    return {
        "id": ref.id,
        "authors": list(ref.authors),
        "et_al": ref.et_al,
        "year": ref.year,
        "title": ref.title,
        "journal": ref.journal,
        "volume": ref.volume or None,
        "issue": ref.issue or None,
        "pages": ref.pages or None,
        "doi": ref.doi or None,
        "pmid": ref.pmid or None,
        "url": ref.url or None,
        "note": ref.note or None,
        "citation": format_citation(ref),
        "links": {
            "doi": doi_url(ref.doi) if ref.doi else None,
            "pubmed": pubmed_url(ref.pmid) if ref.pmid else None,
        },
    }


def show_data(topic: Topic, references: dict[str, Reference], related: dict[str, str], info: CatalogInfo) -> Json:
    cited = [references[r] for r in topic.cited_refs() if r in references]
    return {
        **_envelope("show", info),
        "topic": topic_data(topic),
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


def search_data(words: list[str], hits: list[Hit], info: CatalogInfo) -> Json:
    return {
        **_envelope("search", info),
        "query": " ".join(words),
        "results": [
            {"rank": rank, "id": hit.topic_id, "title": hit.title, **_snippet(hit.snippet)}
            for rank, hit in enumerate(hits, start=1)
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
