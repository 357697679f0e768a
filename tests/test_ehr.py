"""The EHR services as plain functions: Infobutton feeds and CDS Hooks cards, checked by real readers.

The Atom feed is read with feedparser; CDS Hooks responses are validated
against JSON Schemas built from the field tables of the CDS Hooks 2.0
specification (tests/data/cds-hooks/specification-current.md, Apache-2.0,
from github.com/cds-hooks/docs), whose own examples must pass them too.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painguide.catalog.bundled import bundled_catalog
from painguide.catalog.model import Catalog
from painguide.ehr import cdshooks
from painguide.ehr.common import Links, is_callback_name, medicine_terms
from painguide.ehr.infobutton import infobutton
from painguide.index.store import open_store

SPEC = Path(__file__).parent / "data" / "cds-hooks" / "specification-current.md"
ICD10CM = "2.16.840.1.113883.6.90"
LINKS = Links("https://clinic.example/guide")

RXNORM_URI = "http://www.nlm.nih.gov/research/umls/rxnorm"
ICD_URI = "http://hl7.org/fhir/sid/icd-10-cm"


@cache
def _bundled(language: str) -> Catalog:
    return open_store(bundled_catalog(), use_cache=False, language=language).catalog()


def catalogs(language: str) -> Catalog:
    return _bundled(language)


def ask(**params: str) -> Any:
    reply = infobutton({k.replace("_", "."): v for k, v in params.items()}, catalogs, LINKS)
    return reply


def lbp(**more: str) -> dict[str, str]:
    return {"mainSearchCriteria.v.c": "M54.50", "mainSearchCriteria.v.cs": ICD10CM, **more}


# --- Infobutton ---------------------------------------------------------------


def test_m54_50_as_json_has_medlineplus_connects_shape_with_entries() -> None:
    reply = infobutton(lbp(knowledgeResponseType="application/json"), catalogs, LINKS)
    assert (reply.status, reply.content_type) == (200, "application/json; charset=utf-8")
    feed = json.loads(reply.body)["feed"]
    assert feed["lang"] == "en"
    assert feed["title"] == {"_value": "Integrative pain care", "type": "text"}
    assert feed["subtitle"]["_value"] == "Pain Management Services results for ICD-10-CM M54.50"
    assert {"scheme": "mainSearchCriteria.v.c", "term": "M54.50"} in feed["category"]
    titles = [entry["title"]["_value"] for entry in feed["entry"]]
    assert titles[:3] == ["Yoga", "Biofeedback", "Massage therapy"]
    yoga = feed["entry"][0]
    assert yoga["link"][0] == {
        "title": "Yoga",
        "rel": "alternate",
        "type": "html",
        "href": "https://clinic.example/guide/topics/yoga",
    }
    assert yoga["link"][1]["href"] == "https://clinic.example/guide/topics/yoga/handout"
    assert yoga["summary"]["type"] == "html"
    assert yoga["summary"]["_value"].startswith("<p>Yoga joins gentle poses")
    assert yoga["summary"]["_value"].endswith('<p class="alsoCalled">Also called: yoga classes, hatha yoga</p>')
    assert yoga["updated"]["_value"] == "2026-11-27T00:00:00Z"


def test_spanish_has_spanish_titles_and_spanish_links() -> None:
    reply = infobutton(
        lbp(knowledgeResponseType="application/json", **{"informationRecipient.languageCode.c": "es"}),
        catalogs,
        LINKS,
    )
    feed = json.loads(reply.body)["feed"]
    assert feed["lang"] == "es"
    titles = [entry["title"]["_value"] for entry in feed["entry"]]
    assert titles[:3] == ["Yoga", "Biorretroalimentación (biofeedback)", "Terapia de masaje"]
    assert "Acupuntura" in titles
    assert feed["entry"][2]["link"][0]["href"] == "https://clinic.example/guide/topics/massage-therapy?lang=es"
    assert feed["subtitle"]["_value"] == "Pain Management Services: resultados para ICD-10-CM M54.50"


def test_atom_is_the_default_and_parses_as_atom() -> None:
    reply = infobutton(lbp(), catalogs, LINKS)
    assert reply.content_type == "text/xml; charset=utf-8"
    parsed = feedparser.parse(reply.body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Integrative pain care"
    assert parsed.feed.author == "Pain Management Services"
    assert [e.title for e in parsed.entries][:3] == ["Yoga", "Biofeedback", "Massage therapy"]
    massage = parsed.entries[2]
    assert massage.link == "https://clinic.example/guide/topics/massage-therapy"
    assert "low platelets" not in massage.summary  # the summary, not the whole page
    assert massage.summary.startswith("<p>In massage therapy")
    assert massage.updated == "2026-11-27T00:00:00Z"


def test_jsonp_wraps_the_json_in_the_named_callback_only_if_it_is_an_identifier() -> None:
    reply = infobutton(lbp(knowledgeResponseType="application/javascript", callback="ehr.show_1"), catalogs, LINKS)
    assert reply.content_type == "application/javascript; charset=utf-8"
    match = re.fullmatch(r"/\*\*/ehr\.show_1\((.*)\);", reply.body, re.DOTALL)
    assert match is not None
    assert json.loads(match.group(1))["feed"]["entry"]
    for bad in ["alert(1)//", "a b", "", "x" * 65, "1abc", "a..b", "<script>"]:
        refused = infobutton(lbp(knowledgeResponseType="application/javascript", callback=bad), catalogs, LINKS)
        assert refused.status == 400, bad
        assert refused.body.startswith("callback must be a JavaScript name")
    assert is_callback_name("jQuery3510_1.done$")


def test_an_unknown_code_or_code_system_is_an_empty_feed() -> None:
    for params in (
        {"mainSearchCriteria.v.c": "J45.909", "mainSearchCriteria.v.cs": ICD10CM},
        {"mainSearchCriteria.v.c": "2345-7", "mainSearchCriteria.v.cs": "2.16.840.1.113883.6.1"},  # LOINC
    ):
        reply = infobutton({**params, "knowledgeResponseType": "application/json"}, catalogs, LINKS)
        assert reply.status == 200
        assert json.loads(reply.body)["feed"]["entry"] == []
        atom = feedparser.parse(infobutton(params, catalogs, LINKS).body)
        assert (atom.bozo, atom.version, atom.entries) == (False, "atom10", [])


def test_rxnorm_and_snomed_codes_find_their_topics() -> None:
    warfarin = infobutton(
        {"mainSearchCriteria.v.c": "11289", "mainSearchCriteria.v.cs": "2.16.840.1.113883.6.88"}, catalogs, LINKS
    )
    assert "Acupuncture" in [e.title for e in feedparser.parse(warfarin.body).entries]
    fibro = infobutton(
        {"mainSearchCriteria.v.c": "203082005", "mainSearchCriteria.v.cs": "2.16.840.1.113883.6.96"}, catalogs, LINKS
    )
    assert "Tai chi" in [e.title for e in feedparser.parse(fibro.body).entries]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"mainSearchCriteria.v.cs": ICD10CM}, "mainSearchCriteria.v.c is required"),
        ({"mainSearchCriteria.v.c": "M54.50"}, "mainSearchCriteria.v.cs is required"),
        (lbp(knowledgeResponseType="text/html"), "knowledgeResponseType must be one of text/xml"),
        (
            {"mainSearchCriteria.v.c": "M5-4", "mainSearchCriteria.v.cs": ICD10CM},
            "mainSearchCriteria.v.c: 'M5-4' is not a well-formed ICD-10-CM code: character 3 ('-')",
        ),
    ],
)
def test_requests_that_cannot_be_answered_are_400_with_one_line(params: dict[str, str], message: str) -> None:
    reply = infobutton(params, catalogs, LINKS)
    assert (reply.status, reply.content_type) == (400, "text/plain; charset=utf-8")
    assert reply.body.startswith(message)
    assert reply.body.count("\n") == 1


def test_catalog_text_is_escaped_in_the_feed() -> None:
    english = _bundled("en")
    topic = english.topics["yoga"]._replace(title="Yoga </title><x>&", summary='<script>alert("x")</script>')
    hostile = english._replace(topics={**english.topics, "yoga": topic})
    reply = infobutton(lbp(), lambda language: hostile, LINKS)
    entry = feedparser.parse(reply.body).entries[0]
    assert entry.title == "Yoga </title><x>&"
    assert "<script>" not in reply.body
    assert (
        "&lt;script&gt;"
        in json.loads(infobutton(lbp(knowledgeResponseType="application/json"), lambda _: hostile, LINKS).body)["feed"][
            "entry"
        ][0]["summary"]["_value"]
    )


# --- CDS Hooks: schemas from the specification's tables -------------------------


def _table(heading: str) -> list[tuple[str, str, str, str]]:
    """(field, optionality, type, description) of the first attribute table after `heading` in the spec."""
    text = SPEC.read_text(encoding="utf-8")
    start = text.index(heading)
    rows: list[tuple[str, str, str, str]] = []
    for line in text[start:].splitlines()[1:]:
        cells = [cell.strip() for cell in line.split("|")]
        name = re.search(r"`(\w+)`", cells[0])
        if len(cells) >= 4 and name:
            rows.append((name.group(1), cells[1], cells[2], "|".join(cells[3:])))
        elif rows and not line.strip():
            break
    assert rows, heading
    return rows


def _schema(heading: str, nested: dict[str, Any] | None = None) -> dict[str, Any]:
    """A JSON Schema for one object of the spec: its fields, which are required, their types and allowed values."""
    nested = nested or {}
    properties: dict[str, Any] = {}
    required = []
    for field, optionality, kind, description in _table(heading):
        if optionality == "REQUIRED":
            required.append(field)
        if field in nested:
            properties[field] = nested[field]
            continue
        prop: dict[str, Any] = {}
        if "*string*" in kind or "*URL*" in kind:
            prop["type"] = "string"
        elif "*array*" in kind:
            prop["type"] = "array"
        elif "*object*" in kind or "Coding" in kind:
            prop["type"] = "object"
        elif "*boolean*" in kind:
            prop["type"] = "boolean"
        if "*URL*" in kind:
            prop["pattern"] = "^https?://"
        allowed = re.search(r"(?:Allowed|possible) values.*", description)
        if allowed and field != "hook":
            prop["enum"] = re.findall(r"`([\w-]+)`", allowed.group(0))
        if "<140-character" in description:
            prop["maxLength"] = 139
        properties[field] = prop
    return {"type": "object", "required": required, "properties": properties, "additionalProperties": False}


@cache
def card_response_schema() -> dict[str, Any]:
    link = _schema("#### Link")
    card = _schema(
        "### Card Attributes",
        {"source": _schema("#### Source"), "links": {"type": "array", "items": link}},
    )
    return {
        "type": "object",
        "required": ["cards"],
        "properties": {"cards": {"type": "array", "items": card}, "systemActions": {"type": "array"}},
        "additionalProperties": False,
    }


@cache
def discovery_schema() -> dict[str, Any]:
    service = _schema("Each CDS Service SHALL be described by the following attributes.")
    service["properties"]["prefetch"]["additionalProperties"] = {"type": "string"}
    return {
        "type": "object",
        "required": ["services"],
        "properties": {"services": {"type": "array", "items": service}},
        "additionalProperties": False,
    }


def _spec_example(after: str) -> Any:
    text = SPEC.read_text(encoding="utf-8")
    start = text.index("```json", text.index(after)) + len("```json")
    return json.loads(text[start : text.index("```", start)])


def errors(schema: dict[str, Any], data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def test_the_schemas_from_the_spec_tables_accept_the_specs_own_examples() -> None:
    assert errors(card_response_schema(), _spec_example("> Example response\n")) == []
    assert errors(discovery_schema(), _spec_example("### Discovery Example")) == []
    card = card_response_schema()["properties"]["cards"]["items"]
    assert card["required"] == ["summary", "indicator", "source"]
    assert card["properties"]["indicator"]["enum"] == ["info", "warning", "critical"]
    assert card["properties"]["links"]["items"]["properties"]["type"]["enum"] == ["absolute", "smart"]
    # And they refuse what the spec refuses.
    assert errors(
        card_response_schema(), {"cards": [{"summary": "x" * 140, "indicator": "info", "source": {"label": "L"}}]}
    )
    assert errors(
        card_response_schema(), {"cards": [{"summary": "s", "indicator": "urgent", "source": {"label": "L"}}]}
    )


def test_discovery_lists_a_patient_view_and_an_order_select_service() -> None:
    answer: Any = cdshooks.discovery(_bundled("en"))
    assert errors(discovery_schema(), answer) == []
    assert [(s["hook"], s["id"]) for s in answer["services"]] == [
        ("patient-view", "painguide-patient-view"),
        ("order-select", "painguide-order-select"),
    ]
    assert answer["services"][0]["prefetch"]["conditions"] == "Condition?patient={{context.patientId}}"


def bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": r} for r in resources]}


LOW_BACK_PAIN = {
    "resourceType": "Condition",
    "id": "lbp",
    "clinicalStatus": {
        "coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]
    },
    "code": {"coding": [{"system": ICD_URI, "code": "M54.50", "display": "Low back pain, unspecified"}]},
}
WARFARIN = {
    "resourceType": "MedicationRequest",
    "id": "warfarin",
    "status": "active",
    "intent": "order",
    "medicationCodeableConcept": {
        "coding": [{"system": RXNORM_URI, "code": "855332", "display": "warfarin sodium 5 MG Oral Tablet"}]
    },
}
SPANISH_SPEAKER = {
    "resourceType": "Patient",
    "id": "p1",
    "communication": [{"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "es"}]}, "preferred": True}],
}


def patient_view(**prefetch: Any) -> dict[str, Any]:
    return {
        "hook": "patient-view",
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "context": {"userId": "Practitioner/example", "patientId": "p1"},
        "prefetch": prefetch,
    }


def test_patient_view_with_low_back_pain_and_warfarin_gives_valid_cards_with_the_blood_thinner_lines() -> None:
    answer: Any = cdshooks.call(
        cdshooks.PATIENT_VIEW,
        patient_view(conditions=bundle(LOW_BACK_PAIN), medications=bundle(WARFARIN)),
        catalogs,
        LINKS,
    )
    assert errors(card_response_schema(), answer) == []
    condition, medicine = answer["cards"]
    assert (
        condition["summary"] == "Patient education for Low back pain, unspecified: Yoga, Biofeedback, Massage therapy"
    )
    assert condition["indicator"] == "warning"
    assert condition["source"] == {
        "label": "Pain Management Services patient education",
        "url": "https://clinic.example/guide/",
    }
    assert (
        "- If you take a blood thinner, bleed easily or have low platelets (cells that help blood clot), avoid deep, hard pressure."
        in condition["detail"]
    )
    assert {
        "label": "Massage therapy: printable handout",
        "url": "https://clinic.example/guide/topics/massage-therapy/handout",
        "type": "absolute",
    } in condition["links"]
    assert medicine["summary"] == "warfarin: safety notes in Acupuncture, Food and nutrition, Integrative pain care"
    assert medicine["indicator"] == "warning"
    assert "- If you bleed easily or take a blood thinner, ask your doctor before you start." in medicine["detail"]
    assert "- Tell the practitioner about any bleeding problem or blood thinner." in medicine["detail"]
    assert all(len(card["summary"]) < 140 for card in answer["cards"])


def test_without_a_blood_thinner_the_condition_card_is_information_only() -> None:
    answer: Any = cdshooks.call(cdshooks.PATIENT_VIEW, patient_view(conditions=bundle(LOW_BACK_PAIN)), catalogs, LINKS)
    (card,) = answer["cards"]
    assert card["indicator"] == "info"
    assert "blood thinner" not in card["detail"]


def test_a_spanish_speaking_patient_gets_spanish_cards_and_links() -> None:
    answer: Any = cdshooks.call(
        cdshooks.PATIENT_VIEW,
        patient_view(patient=SPANISH_SPEAKER, conditions=bundle(LOW_BACK_PAIN), medications=bundle(WARFARIN)),
        catalogs,
        LINKS,
    )
    assert errors(card_response_schema(), answer) == []
    condition = answer["cards"][0]
    assert condition["summary"].startswith("Educación para el paciente sobre Low back pain, unspecified: Yoga")
    assert condition["links"][0] == {
        "label": "Yoga: página para el paciente",
        "url": "https://clinic.example/guide/topics/yoga?lang=es",
        "type": "absolute",
    }
    spanish_massage = _bundled("es").topics["massage-therapy"].safety.careful[3]
    assert "anticoagulante" in spanish_massage
    assert f"- {spanish_massage}" in condition["detail"]


def test_inactive_and_uncoded_conditions_and_stopped_medicines_give_no_cards() -> None:
    resolved = {**LOW_BACK_PAIN, "clinicalStatus": {"coding": [{"code": "resolved"}]}}
    stopped = {**WARFARIN, "status": "stopped"}
    uncoded = {"resourceType": "Condition", "code": {"text": "sore back"}}
    answer: Any = cdshooks.call(
        cdshooks.PATIENT_VIEW,
        patient_view(conditions=bundle(resolved, uncoded), medications=bundle(stopped)),
        catalogs,
        LINKS,
    )
    assert answer == {"cards": []}


def order_select(*orders: dict[str, Any], selections: list[str], **prefetch: Any) -> dict[str, Any]:
    return {
        "hook": "order-select",
        "hookInstance": "5b2b1d0a-4d6e-4f49-9d4b-6f8e7a3c9b10",
        "context": {
            "userId": "Practitioner/example",
            "patientId": "p1",
            "selections": selections,
            "draftOrders": bundle(*orders),
        },
        "prefetch": prefetch,
    }


ACUPUNCTURE_REFERRAL = {
    "resourceType": "ServiceRequest",
    "id": "acu",
    "status": "draft",
    "intent": "order",
    "code": {"text": "Referral to acupuncture"},
}


def test_order_select_for_acupuncture_with_a_blood_thinner_warns_with_the_catalog_lines() -> None:
    answer: Any = cdshooks.call(
        cdshooks.ORDER_SELECT,
        order_select(ACUPUNCTURE_REFERRAL, selections=["ServiceRequest/acu"], medications=bundle(WARFARIN)),
        catalogs,
        LINKS,
    )
    assert errors(card_response_schema(), answer) == []
    (card,) = answer["cards"]
    assert card["summary"] == "Acupuncture: patient education and safety notes"
    assert card["indicator"] == "warning"
    assert "Safety with this patient's medicines (warfarin):" in card["detail"]
    assert [link["url"] for link in card["links"]] == [
        "https://clinic.example/guide/topics/acupuncture",
        "https://clinic.example/guide/topics/acupuncture/handout",
    ]


def test_order_select_ignores_orders_not_selected_and_therapies_the_catalog_lacks() -> None:
    massage = {
        **ACUPUNCTURE_REFERRAL,
        "id": "m",
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "0", "display": "Massage"}]},
    }
    surgery = {**ACUPUNCTURE_REFERRAL, "id": "s", "code": {"text": "Spinal fusion"}}
    answer: Any = cdshooks.call(
        cdshooks.ORDER_SELECT,
        order_select(ACUPUNCTURE_REFERRAL, massage, surgery, selections=["ServiceRequest/m", "ServiceRequest/s"]),
        catalogs,
        LINKS,
    )
    (card,) = answer["cards"]
    assert card["summary"] == "Massage therapy: patient education and safety notes"
    assert card["indicator"] == "info"


@pytest.mark.parametrize(
    ("service", "request_body", "status", "reason"),
    [
        ("nope", {}, 404, "no CDS service 'nope'"),
        (cdshooks.PATIENT_VIEW, [], 400, "the request must be a JSON object"),
        (
            cdshooks.PATIENT_VIEW,
            {"hook": "order-select"},
            400,
            "service painguide-patient-view answers the patient-view hook",
        ),
        (
            cdshooks.PATIENT_VIEW,
            {"hook": "patient-view"},
            400,
            "hookInstance (a string) and context (an object) are required",
        ),
    ],
)
def test_malformed_calls_fail_with_a_status_and_a_reason(
    service: str, request_body: object, status: int, reason: str
) -> None:
    with pytest.raises(cdshooks.Failure) as caught:
        cdshooks.call(service, request_body, catalogs, LINKS)
    assert (caught.value.status, caught.value.reason) == (status, reason)


def test_the_catalog_synonyms_say_which_medicines_are_blood_thinners() -> None:
    terms = medicine_terms(_bundled("en"), "warfarin")
    assert "blood thinner" in terms
    assert "opioid" in medicine_terms(_bundled("en"), "oxycodone")


# --- docs/ehr.md shows real answers -------------------------------------------------


def _json_blocks(text: str) -> list[Any]:
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, re.DOTALL)]


def _without_uuids(answer: Any) -> Any:
    return {"cards": [{k: v for k, v in card.items() if k != "uuid"} for card in answer["cards"]]}


def test_docs_ehr_shows_what_the_services_answer_today() -> None:
    text = (Path(__file__).parent.parent / "docs" / "ehr.md").read_text(encoding="utf-8")
    excerpt, discovered, request, response = _json_blocks(text)
    url = re.search(r"```text\n(/infobutton\?.*)\n```", text)
    assert url is not None
    params = [(pair.split("=", 1)[0], pair.split("=", 1)[1]) for pair in url.group(1).split("?", 1)[1].split("&")]
    feed = json.loads(infobutton(params, catalogs, LINKS).body)["feed"]
    assert excerpt == {"feed": {**feed, "entry": feed["entry"][:1]}}
    assert discovered == cdshooks.discovery(_bundled("en"))
    assert request == json.loads(
        (Path(__file__).parent / "data" / "cds-hooks" / "patient-view-request.json").read_text()
    )
    answer: Any = cdshooks.call(cdshooks.PATIENT_VIEW, request, catalogs, LINKS)
    assert _without_uuids(response) == _without_uuids(answer)


# Any JSON at all in prefetch or context: cards or a Failure, never a crash.
_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=8)
    | st.sampled_from(["Bundle", "Condition", "MedicationRequest", "ServiceRequest", "M54.50", "11289", "es", ICD_URI]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "resourceType",
                    "entry",
                    "resource",
                    "code",
                    "coding",
                    "system",
                    "display",
                    "text",
                    "status",
                    "clinicalStatus",
                    "medicationCodeableConcept",
                    "medication",
                    "concept",
                    "communication",
                    "language",
                    "preferred",
                    "id",
                    "selections",
                    "draftOrders",
                    "patient",
                    "conditions",
                    "medications",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefetch=_JSON, context=_JSON, service=st.sampled_from([cdshooks.PATIENT_VIEW, cdshooks.ORDER_SELECT]))
def test_any_json_gives_cards_or_a_reason_never_a_crash(prefetch: Any, context: Any, service: str) -> None:
    request = {
        "hook": cdshooks.HOOKS[service],
        "hookInstance": "x",
        "context": context if isinstance(context, dict) else {"patientId": "p"},
        "prefetch": prefetch,
    }
    try:
        answer: Any = cdshooks.call(service, request, catalogs, LINKS)
    except cdshooks.Failure as failure:
        assert failure.status == 400
        return
    assert errors(card_response_schema(), answer) == []


@settings(max_examples=150, deadline=None)
@given(
    code=st.text(max_size=12) | st.sampled_from(["M54.50", "m5450", "203082005", "11289", "M54.5.0"]),
    oid=st.text(max_size=6) | st.sampled_from([ICD10CM, "2.16.840.1.113883.6.96", "2.16.840.1.113883.6.88"]),
    language=st.text(max_size=5) | st.sampled_from(["es", "en", "es-MX", "SPA"]),
)
def test_any_infobutton_request_is_a_feed_that_parses_or_a_one_line_400(code: str, oid: str, language: str) -> None:
    params = {
        "mainSearchCriteria.v.c": code,
        "mainSearchCriteria.v.cs": oid,
        "informationRecipient.languageCode.c": language,
    }
    reply = infobutton(params, catalogs, LINKS)
    if reply.status == 400:
        assert reply.body.count("\n") == 1
        return
    assert reply.status == 200
    parsed = feedparser.parse(reply.body)
    assert (parsed.bozo, parsed.version) == (False, "atom10"), parsed.get("bozo_exception")
