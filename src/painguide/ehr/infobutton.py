"""An HL7 Infobutton that answers like MedlinePlus Connect, with the clinic's own topics.

An EHR already wired to MedlinePlus Connect switches by changing its base
URL: the same URL-based parameters (HL7 Context-Aware Knowledge Retrieval,
URL-Based Implementation Guide) and the same Atom and JSON shapes come back,
with entries that link to the clinic's topic pages. A code the catalog does
not know gives an empty feed, not an error.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

from painguide.catalog import codes
from painguide.ehr.common import (
    CatalogOpener,
    Links,
    Reply,
    is_callback_name,
    language_of,
    text_reply,
    topics_for_code,
    translator,
)
from painguide.i18n import N_
from painguide.languages import SOURCE
from painguide.textsafe import valid_unicode, visible

if TYPE_CHECKING:
    from painguide.catalog.model import Catalog, Topic

ATOM = "http://www.w3.org/2005/Atom"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"

CODE = "mainSearchCriteria.v.c"
SYSTEM = "mainSearchCriteria.v.cs"
NAME = "mainSearchCriteria.v.dn"
LANGUAGE = "informationRecipient.languageCode.c"
RESPONSE_TYPE = "knowledgeResponseType"
CALLBACK = "callback"

XML_TYPE, JSON_TYPE, JSONP_TYPE = "text/xml", "application/json", "application/javascript"
RESPONSE_TYPES = (XML_TYPE, JSON_TYPE, JSONP_TYPE)

RESULTS_FOR = N_("{clinic} results for {system} {code}")
ALSO_CALLED = N_("Also called: {names}")


def infobutton(params: Iterable[tuple[str, str]] | Mapping[str, str], catalogs: CatalogOpener, links: Links) -> Reply:
    """The knowledge response to one Infobutton request.

    400 for a request that cannot be answered as asked (no code, a malformed
    code, an unknown response type, a callback that is not an identifier);
    otherwise 200 with a feed, empty when no topic is for the code or the code
    system is not one painguide knows (LOINC, NDC).
    """
    args = _first_values(params)
    # Echoed in the feed only as escaped text, controls made visible (textsafe),
    # and cut short so a huge value costs nothing.
    code, oid = visible(args.get(CODE, "").strip()[:64]), visible(args.get(SYSTEM, "").strip()[:64])
    response_type = args.get(RESPONSE_TYPE, XML_TYPE).strip().lower() or XML_TYPE
    callback = args.get(CALLBACK, "")
    if response_type not in RESPONSE_TYPES:
        return text_reply(400, f"{RESPONSE_TYPE} must be one of {', '.join(RESPONSE_TYPES)}")
    if response_type == JSONP_TYPE and not is_callback_name(callback):
        return text_reply(400, f"{CALLBACK} must be a JavaScript name (letters, digits, _ and $, joined by dots)")
    if not code:
        return text_reply(400, f"{CODE} is required: the problem or medicine code")
    if not oid:
        return text_reply(400, f"{SYSTEM} is required: the code system's OID, e.g. {codes.SYSTEMS['icd10cm'].oid}")
    catalog = catalogs(language_of(args.get(LANGUAGE, SOURCE)))
    # The language the answer is in: the patient's, or the source language where that is not served.
    language = catalog.info.language
    system = codes.BY_OID.get(oid)
    found: list[Topic] = []
    if system is not None:
        written = codes.normalize(system.name, code)
        wrong = codes.problem(system.name, written)
        if wrong:
            return text_reply(400, f"{CODE}: '{codes.shown(code)}' is not a well-formed {system.label} code: {wrong}")
        found = [topic for topic, _ in topics_for_code(catalog.topics.values(), system.name, written)]
        code = written
    feed = _Feed(catalog, language, links, args, code, oid, found)
    if response_type == XML_TYPE:
        return Reply(200, "text/xml; charset=utf-8", feed.atom())
    body = json.dumps(valid_unicode(feed.json()), ensure_ascii=True, indent=1)
    if response_type == JSON_TYPE:
        return Reply(200, "application/json; charset=utf-8", body)
    # The comment keeps a callback name from being read as the start of a
    # file of another type (the Rosetta Flash attack on JSONP).
    return Reply(200, "application/javascript; charset=utf-8", f"/**/{callback}({body});")


def _first_values(params: Iterable[tuple[str, str]] | Mapping[str, str]) -> dict[str, str]:
    """Parameter name -> its first value (an Infobutton sends each once; a repeat is ignored)."""
    pairs = params.items() if isinstance(params, Mapping) else params
    out: dict[str, str] = {}
    for name, value in pairs:
        out.setdefault(name, value)
    return out


# What XML 1.0 cannot hold at all, even escaped: most C0 controls, lone
# surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_chars(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


class _Feed:
    """One response, built once and written as Atom or as MedlinePlus Connect's JSON."""

    def __init__(
        self,
        catalog: Catalog,
        language: str,
        links: Links,
        args: Mapping[str, str],
        code: str,
        oid: str,
        topics: list[Topic],
    ) -> None:
        self.catalog, self.language, self.links, self.topics = catalog, language, links, topics
        clinic = catalog.info.clinic.name if catalog.info.clinic else catalog.info.title
        system = codes.BY_OID.get(oid)
        tr = translator(language)
        self.title = catalog.info.title
        self.subtitle = tr(RESULTS_FOR).format(clinic=clinic, system=system.label if system else oid, code=code)
        self.author = clinic
        self.categories = [(CODE, code), (SYSTEM, oid), (NAME, visible(args.get(NAME, "")[:200])), (LANGUAGE, language)]
        # Not the time of the request: the newest review date, so that the same catalog gives the same feed.
        days = [t.last_reviewed for t in (topics or catalog.topics.values())]
        self.updated = _timestamp(max(days)) if days else "1970-01-01T00:00:00Z"
        query = urlencode({SYSTEM: oid, CODE: code, LANGUAGE: language})
        self.id = f"{links.base_url}/infobutton?{query}"

    def summary(self, topic: Topic) -> str:
        """The topic as MedlinePlus gives one: HTML paragraphs, every string escaped."""
        tr = translator(self.language)
        parts = [f"<p>{html.escape(topic.summary)}</p>"]
        if topic.main_message:
            parts.append(f"<p><strong>{html.escape(topic.main_message)}</strong></p>")
        if topic.aliases:
            names = html.escape(", ".join(topic.aliases))
            parts.append(f'<p class="alsoCalled">{html.escape(tr(ALSO_CALLED)).format(names=names)}</p>')
        return "".join(parts)

    def entries(self) -> list[dict[str, str]]:
        return [
            {
                "title": topic.title,
                "href": self.links.page_url(topic.id, self.language),
                "handout": self.links.handout_url(topic.id, self.language),
                "id": self.links.page_url(topic.id, self.language),
                "updated": _timestamp(topic.last_reviewed),
                "summary": self.summary(topic),
            }
            for topic in self.topics
        ]

    def json(self) -> dict[str, object]:
        """MedlinePlus Connect's JSON: the Atom feed with each text in `_value`."""
        return {
            "feed": {
                "xsi": XSI,
                "base": self.links.base_url + "/",
                "lang": self.language,
                "title": {"_value": self.title, "type": "text"},
                "subtitle": {"_value": self.subtitle, "type": "text"},
                "author": {"name": {"_value": self.author}, "uri": {"_value": self.links.base_url + "/"}},
                "updated": {"_value": self.updated},
                "category": [{"scheme": scheme, "term": term} for scheme, term in self.categories],
                "id": {"_value": self.id},
                "entry": [
                    {
                        "lang": self.language,
                        "title": {"_value": entry["title"], "type": "text"},
                        "link": [
                            {"title": entry["title"], "rel": "alternate", "type": "html", "href": entry["href"]},
                            {"title": entry["title"], "rel": "related", "type": "html", "href": entry["handout"]},
                        ],
                        "id": {"_value": entry["id"]},
                        "updated": {"_value": entry["updated"]},
                        "summary": {"_value": entry["summary"], "type": "html"},
                    }
                    for entry in self.entries()
                ],
            }
        }

    def atom(self) -> str:
        """An Atom 1.0 feed (RFC 4287), as MedlinePlus Connect's XML response."""
        ET.register_namespace("", ATOM)
        ET.register_namespace("xsi", XSI)
        feed = ET.Element(f"{{{ATOM}}}feed", {XML_BASE: self.links.base_url + "/", XML_LANG: self.language})

        def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
            safe = {name: _xml_chars(value) for name, value in attributes.items()}
            element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", safe)
            if text is not None:
                element.text = _xml_chars(text)
            return element

        add(feed, "title", self.title, type="text")
        add(feed, "subtitle", self.subtitle, type="text")
        author = add(feed, "author")
        add(author, "name", self.author)
        add(author, "uri", self.links.base_url + "/")
        add(feed, "updated", self.updated)
        for scheme, term in self.categories:
            add(feed, "category", scheme=scheme, term=term)
        add(feed, "id", self.id)
        for entry in self.entries():
            item = add(feed, "entry", **{XML_LANG: self.language})
            add(item, "title", entry["title"], type="text")
            add(item, "link", href=entry["href"], rel="alternate", type="text/html", title=entry["title"])
            add(item, "link", href=entry["handout"], rel="related", type="text/html", title=entry["title"])
            add(item, "id", entry["id"])
            add(item, "updated", entry["updated"])
            add(item, "summary", entry["summary"], type="html")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
