"""CDS Hooks 2.0 services: patient education cards from the clinic's own catalog.

`discovery()` answers `GET /cds-services`; `call()` answers
`POST /cds-services/{id}`. Two services:

- patient-view: a card for each coded condition of the patient that the
  catalog has topics for, and one for each medicine whose safety lines
  apply to the catalog's therapies (a blood thinner and massage);
- order-select: a card when the order being chosen is for a therapy the
  catalog covers (an acupuncture referral), with the safety lines that apply
  to the patient's medicines.

Everything comes from `prefetch` and `context`: the service never asks the
EHR's FHIR server for more, keeps nothing and logs nothing about a patient.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from painguide import languages
from painguide.catalog import codes
from painguide.ehr.common import (
    CatalogOpener,
    Links,
    language_of,
    medicine_terms,
    safety_lines,
    topics_for_code,
    translator,
)
from painguide.i18n import N_
from painguide.textsafe import valid_unicode

if TYPE_CHECKING:
    from painguide.catalog.model import Catalog, Code, Topic

Json = dict[str, object]

PATIENT_VIEW = "painguide-patient-view"
ORDER_SELECT = "painguide-order-select"

# The most topics one card links to (each with its page and its handout).
TOPICS_PER_CARD = 3
SUMMARY_LIMIT = 139  # the spec: "<140-character summary"

_MEDICINES = {
    "medications": "MedicationRequest?patient={{context.patientId}}&status=active",
    "statements": "MedicationStatement?patient={{context.patientId}}&status=active",
}
PREFETCH = {
    PATIENT_VIEW: {
        "patient": "Patient/{{context.patientId}}",
        "conditions": "Condition?patient={{context.patientId}}",
        **_MEDICINES,
    },
    ORDER_SELECT: {"patient": "Patient/{{context.patientId}}", **_MEDICINES},
}
HOOKS = {PATIENT_VIEW: "patient-view", ORDER_SELECT: "order-select"}

CONDITION_SUMMARY = N_("Patient education for {condition}: {topics}")
MEDICINE_SUMMARY = N_("{medicine}: safety notes in {topics}")
ORDER_SUMMARY = N_("{therapy}: patient education and safety notes")
SAFETY_HEADING = N_("Safety with this patient's medicines ({medicines})")
PAGE_LINK = N_("{title}: patient page")
HANDOUT_LINK = N_("{title}: printable handout")
SOURCE_LABEL = N_("{clinic} patient education")


def discovery(catalog: Catalog) -> Json:
    """The `GET /cds-services` response: the two services and the prefetch each asks for."""
    clinic = _clinic(catalog)
    return {
        "services": [
            {
                "hook": "patient-view",
                "id": PATIENT_VIEW,
                "title": f"{clinic}: patient education",
                "description": (
                    f"Links to {clinic}'s own patient education (pages and printable handouts, English or Spanish) "
                    "for the patient's coded conditions (ICD-10-CM, SNOMED CT) and the safety notes that apply "
                    "to their medicines (RxNorm)."
                ),
                "prefetch": PREFETCH[PATIENT_VIEW],
            },
            {
                "hook": "order-select",
                "id": ORDER_SELECT,
                "title": f"{clinic}: therapy education",
                "description": (
                    f"When an order or referral for a therapy {clinic} teaches about is selected (acupuncture, "
                    "massage, yoga...), its patient education, with the safety notes that apply to the "
                    "patient's medicines."
                ),
                "prefetch": PREFETCH[ORDER_SELECT],
            },
        ]
    }


class Failure(Exception):
    """A request the service cannot answer: an HTTP status and a one-line reason."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def call(service_id: str, request: object, catalogs: CatalogOpener, links: Links) -> Json:
    """The cards for one hook call; Failure(404) for an unknown service, Failure(400) for a malformed request."""
    if service_id not in HOOKS:
        raise Failure(404, f"no CDS service '{service_id[:64]}'")
    if not isinstance(request, dict):
        raise Failure(400, "the request must be a JSON object")
    hook = request.get("hook")
    if hook != HOOKS[service_id]:
        raise Failure(400, f"service {service_id} answers the {HOOKS[service_id]} hook")
    if not isinstance(request.get("hookInstance"), str) or not isinstance(request.get("context"), dict):
        raise Failure(400, "hookInstance (a string) and context (an object) are required")
    prefetch = request.get("prefetch") or {}
    if not isinstance(prefetch, dict):
        raise Failure(400, "prefetch must be an object")
    patient = _Patient(prefetch, catalogs)
    if service_id == PATIENT_VIEW:
        cards = patient.condition_cards(links) + patient.medicine_cards(links)
    else:
        cards = patient.order_cards(request["context"], links)
    # A request's JSON may hold lone surrogates ("\\udc80"), which no UTF-8 answer can carry.
    answer: Json = valid_unicode({"cards": cards})
    return answer


class _Medicine(NamedTuple):
    code: Code  # the catalog's RxNorm code it matched
    terms: tuple[str, ...]  # the catalog's words for it


def _clinic(catalog: Catalog) -> str:
    return catalog.info.clinic.name if catalog.info.clinic else catalog.info.title


def _resources(value: object, kinds: Iterable[str]) -> list[Json]:
    """The resources of the given types in a prefetched Bundle (or a single resource)."""
    kinds = tuple(kinds)
    if not isinstance(value, dict):
        return []
    if value.get("resourceType") in kinds:
        return [value]
    entries = value.get("entry") if value.get("resourceType") == "Bundle" else None
    out = []
    for entry in entries if isinstance(entries, list) else []:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if isinstance(resource, dict) and resource.get("resourceType") in kinds:
            out.append(resource)
    return out


def _codings(concept: object) -> list[tuple[str, str, str]]:
    """(system URI, code, display) of a CodeableConcept, and ("", "", text) for its text."""
    if not isinstance(concept, dict):
        return []
    out = []
    codings = concept.get("coding")
    for coding in codings if isinstance(codings, list) else []:
        if isinstance(coding, dict) and isinstance(coding.get("code"), str):
            out.append((str(coding.get("system", "")), coding["code"], str(coding.get("display", ""))))
    if isinstance(concept.get("text"), str):
        out.append(("", "", concept["text"]))
    return out


def _status_code(value: object) -> str:
    """The code of a status CodeableConcept (Condition.clinicalStatus), or a plain status string."""
    if isinstance(value, str):
        return value
    codings = _codings(value)
    return codings[0][1] if codings else ""


_INACTIVE = {"inactive", "resolved", "remission", "entered-in-error", "refuted", "cancelled", "stopped", "completed"}


def _current(resource: Json) -> bool:
    statuses = (resource.get("clinicalStatus"), resource.get("verificationStatus"), resource.get("status"))
    return not any(_status_code(status) in _INACTIVE for status in statuses)


def _words(text: str) -> str:
    """Text as lower-case words without accents, one space apart: "Tai-Chi" is "tai chi"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(" " if not char.isalnum() else char for char in decomposed if not unicodedata.combining(char))
    return " ".join(kept.split())


def _word_in(name: str, text: str) -> bool:
    """Whether `name` appears in `text` as whole words ("warfarin" in "Warfarin Sodium 5 MG Oral Tablet")."""
    return f" {_words(name)} " in f" {_words(text)} " and bool(_words(name))


class _Patient:
    """What the prefetch says about one patient, read once; nothing of it outlives the call."""

    def __init__(self, prefetch: Mapping[str, object], catalogs: CatalogOpener) -> None:
        asked = _language(prefetch.get("patient"))
        self.english = catalogs(languages.SOURCE)
        self.shown = self.english if languages.get(asked).is_source else catalogs(asked)
        # The language the cards are in: the patient's, or the source language where that is not served.
        self.language = self.shown.info.language
        self.tr = translator(self.language)
        self.clinic = _clinic(self.shown)
        self.conditions = [
            resource for resource in _resources(prefetch.get("conditions"), ["Condition"]) if _current(resource)
        ]
        medicine_resources = _resources(prefetch.get("medications"), ["MedicationRequest", "MedicationStatement"])
        medicine_resources += _resources(prefetch.get("statements"), ["MedicationStatement", "MedicationRequest"])
        self.medicines = self._medicines([r for r in medicine_resources if _current(r)])

    def _medicines(self, resources: list[Json]) -> list[_Medicine]:
        """The catalog's RxNorm codes the patient's medicines match: by RxCUI, or by ingredient name in the text.

        An EHR often codes the product ("warfarin sodium 5 MG Oral Tablet",
        a clinical drug RxCUI) where the catalog lists the ingredient, so the
        ingredient's name inside the product's name counts too.
        """
        catalog_codes = {c.code: c for t in self.english.topics.values() for c in t.codes if c.system == "rxnorm"}
        found: dict[str, _Medicine] = {}
        for resource in resources:
            medication = resource.get("medication")
            concept = resource.get("medicationCodeableConcept") or (
                medication.get("concept") if isinstance(medication, dict) else None
            )
            for system, code, display in _codings(concept):
                for listed in catalog_codes.values():
                    by_code = codes.BY_URI.get(system) == codes.SYSTEMS["rxnorm"] and code == listed.code
                    if by_code or (display and _word_in(listed.display, display)):
                        found.setdefault(listed.code, _Medicine(listed, medicine_terms(self.english, listed.display)))
        return list(found.values())

    def topic(self, english: Topic) -> Topic:
        return self.shown.topics.get(english.id, english)

    def applicable(self, topic: Topic) -> list[tuple[_Medicine, list[str]]]:
        """The safety lines of `topic` that apply to each of the patient's medicines (in the patient's language)."""
        out = []
        for medicine in self.medicines:
            lines = safety_lines(topic, self.topic(topic), medicine.terms)
            if lines:
                out.append((medicine, lines))
        return out

    def card(self, summary: str, topics: list[Topic], detail: list[str], warning: bool, links: Links) -> Json:
        card_links = []
        for english in topics:
            title = self.topic(english).title
            card_links += [
                {
                    "label": self.tr(PAGE_LINK).format(title=title),
                    "url": links.page_url(english.id, self.language),
                    "type": "absolute",
                },
                {
                    "label": self.tr(HANDOUT_LINK).format(title=title),
                    "url": links.handout_url(english.id, self.language),
                    "type": "absolute",
                },
            ]
        card: Json = {
            "uuid": str(uuid.uuid4()),
            "summary": _shorten(summary, SUMMARY_LIMIT),
            "indicator": "warning" if warning else "info",
            "source": {"label": self.tr(SOURCE_LABEL).format(clinic=self.clinic), "url": links.base_url + "/"},
            "links": card_links,
        }
        if detail:
            card["detail"] = "\n\n".join(detail)
        return card

    def detail(self, topics: list[Topic]) -> tuple[list[str], bool]:
        """Markdown blocks: each topic's main message, then the safety lines that apply to the patient's medicines."""
        blocks: list[str] = []
        warning = False
        for english in topics:
            shown = self.topic(english)
            blocks.append(f"**{_md(shown.title)}**: {_md(shown.main_message or shown.summary)}")
            for medicine, safety in self.applicable(english):
                warning = True
                heading = self.tr(SAFETY_HEADING).format(medicines=medicine.code.display)
                blocks.append(f"{_md(heading)}:\n\n" + "\n".join(f"- {_md(line)}" for line in safety))
        return blocks, warning

    def condition_cards(self, links: Links) -> list[Json]:
        cards: list[Json] = []
        seen: set[tuple[str, ...]] = set()
        for condition in self.conditions:
            for system_uri, code, display in _codings(condition.get("code")):
                system = codes.BY_URI.get(system_uri)
                if system is None:
                    continue
                written = codes.normalize(system.name, code)
                if codes.problem(system.name, written):
                    continue
                found = topics_for_code(self.english.topics.values(), system.name, written)[:TOPICS_PER_CARD]
                key = tuple(t.id for t, _ in found)
                if not found or key in seen:
                    continue
                seen.add(key)
                topics = [topic for topic, _ in found]
                name = display or found[0][1][0].display
                titles = ", ".join(self.topic(t).title for t in topics)
                summary = self.tr(CONDITION_SUMMARY).format(condition=name, topics=titles)
                detail, warning = self.detail(topics)
                cards.append(self.card(summary, topics, detail, warning, links))
        return cards

    def medicine_cards(self, links: Links) -> list[Json]:
        cards = []
        for medicine in self.medicines:
            coded = [
                (len(safety_lines(topic, topic, medicine.terms)), topic)
                for topic in self.english.topics.values()
                if any(c.system == "rxnorm" and c.code == medicine.code.code for c in topic.codes)
            ]
            # The topics with the most to say about this medicine first; ties keep catalog order.
            ranked = sorted((item for item in coded if item[0]), key=lambda item: -item[0])
            topics = [topic for _, topic in ranked][:TOPICS_PER_CARD]
            if not topics:
                continue
            titles = ", ".join(self.topic(t).title for t in topics)
            summary = self.tr(MEDICINE_SUMMARY).format(medicine=medicine.code.display, topics=titles)
            detail, warning = self.detail(topics)
            cards.append(self.card(summary, topics, detail, warning, links))
        return cards

    def order_cards(self, context: Mapping[str, object], links: Links) -> list[Json]:
        """A card for each selected order whose text names a therapy topic (its title, an alias or its id)."""
        selections = context.get("selections")
        chosen = {s for s in selections if isinstance(s, str)} if isinstance(selections, list) else set()
        orders = _resources(context.get("draftOrders"), ["ServiceRequest", "NutritionOrder", "MedicationRequest"])
        cards = []
        shown: set[str] = set()
        for order in orders:
            reference = f"{order.get('resourceType')}/{order.get('id')}"
            if chosen and reference not in chosen:
                continue
            texts = [display for _, _, display in _codings(order.get("code")) if display]
            for topic in self.english.topics.values():
                names = (topic.title, *topic.aliases, topic.id.replace("-", " "))
                if topic.id in shown or not any(_word_in(n, t) for n in names for t in texts):
                    continue
                shown.add(topic.id)
                summary = self.tr(ORDER_SUMMARY).format(therapy=self.topic(topic).title)
                detail, warning = self.detail([topic])
                cards.append(self.card(summary, [topic], detail, warning, links))
        return cards


def _language(patient: object) -> str:
    """The patient's preferred language from Patient.communication (the source language if it names none)."""
    if not isinstance(patient, dict):
        return languages.SOURCE
    listed = patient.get("communication")
    communication = [c for c in listed if isinstance(c, dict)] if isinstance(listed, list) else []
    communication.sort(key=lambda c: not c.get("preferred", False))
    for item in communication:
        for _, code, _ in _codings(item.get("language")):
            return language_of(code)
    return languages.SOURCE


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;:") + "…"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def _md(text: str) -> str:
    """Catalog text as literal GitHub Markdown (the spec's format for `detail`): no link, image or HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
