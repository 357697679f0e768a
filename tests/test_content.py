"""The bundled patient-education library meets the content rules."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import ROOT, TESTS
from copycheck import fingerprints, words
from painguide.catalog.load import load_catalog
from painguide.index.store import Store, open_store
from painguide.quality.check import check_catalog

BUNDLED = str(ROOT / "data" / "topics.yaml")
# Fingerprints of the clinic article's 10-word runs (made by tools/article_runs.py).
ARTICLE_RUNS = TESTS / "data" / "article-runs.txt"
# The only phone numbers besides 911 and 988: national lines, as their agencies publish them.
NATIONAL_LINES = {
    "1-800-222-1222": "Poison Help (HRSA); also on every acetaminophen Drug Facts label",
    "1-800-662-4357": "SAMHSA National Helpline (samhsa.gov/find-help/national-helpline)",
}
# Every DOI and PMID a person has checked against a public record.
VERIFIED = TESTS / "data" / "verified-references.tsv"

# Every name in brackets in the content brief, and the topic it must open.
NAMES = {
    "integrative-pain-care": ["integrative", "overview", "holistic care"],
    "conventional-care": ["medications", "physical therapy", "interventional procedures"],
    "care-team": ["care team", "patient education"],
    "acupuncture": ["acupuncture"],
    "massage-therapy": ["massage"],
    "mindfulness-meditation": ["mindfulness", "meditation", "MBSR"],
    "physical-activity": ["exercise", "physical activity"],
    "nutrition": ["diet", "anti-inflammatory diet", "omega-3"],
    "sleep": ["sleep hygiene"],
    "stress-management": ["stress"],
    "yoga": ["yoga"],
    "tai-chi": ["tai chi"],
    "biofeedback": ["biofeedback"],
    "pain-and-emotions": ["catastrophizing"],
    "cbt": ["cognitive behavioral therapy", "CBT"],
    "counseling-and-support-groups": ["counseling", "support groups"],
    "art-and-music-therapy": ["art therapy", "music therapy", "expressive therapies"],
}


def test_check_passes_at_grade_8_with_nothing_missing() -> None:
    report = check_catalog(BUNDLED, max_grade=8.0, max_age_days=730, today=dt.date(2026, 11, 27))
    assert [str(p) for p in report.problems] == []
    assert {t.id: [str(p) for p in t.problems] for t in report.topics if t.problems} == {}
    assert sorted(t.id for t in report.topics) == sorted(NAMES)
    assert all(t.grade is not None and t.grade <= 8.0 for t in report.topics)


@pytest.fixture(scope="module")
def bundled_store() -> Store:
    """One index of the bundled catalog for the module's name look-ups (resolving only reads it)."""
    return open_store(BUNDLED, use_cache=False)


@pytest.mark.parametrize(("topic_id", "name"), [(t, n) for t, names in NAMES.items() for n in names])
def test_every_name_in_the_brief_opens_the_intended_topic(bundled_store: Store, topic_id: str, name: str) -> None:
    from painguide.index.lookup import resolve

    assert resolve(bundled_store, name).id == topic_id


def test_every_topic_is_complete_and_actionable() -> None:
    catalog = load_catalog(BUNDLED)
    for topic in catalog.topics.values():
        assert topic.cited_refs(), topic.id
        assert all(item.refs for item in topic.evidence), topic.id
        assert 3 <= len(topic.questions) <= 5, topic.id
        assert all(q.endswith("?") for q in topic.questions), topic.id
        assert topic.safety.careful and topic.safety.tell, topic.id
        assert topic.related, topic.id


def test_catalog_names_the_clinic_without_invented_contact_details() -> None:
    catalog = load_catalog(BUNDLED)
    assert catalog.info.clinic is not None
    assert catalog.info.clinic.name == "Pain Management Services"
    places = " ".join(place.name for place in catalog.info.clinic.locations)
    for town in ("Des Peres", "St. Peters", "Washington"):
        assert town in places
    from painguide.quality.readability import patient_text

    text = " ".join(patient_text(topic) for topic in catalog.topics.values())
    assert "988" in text, "the crisis line"
    # The national lines the safety text needs, each published by the agency that runs it.
    for line in NATIONAL_LINES:
        assert line in text, line
        text = text.replace(line, "")
    assert not re.search(r"\(?\d{3}\)?[-. ]\d{3}[-. ]\d{4}", text), "no other phone numbers"
    assert not re.search(r"https?://|www\.", text), "no web addresses"
    assert "education, not medical advice" in catalog.info.disclaimer


def _verified() -> set[tuple[str, str, str]]:
    rows = (line.split("\t") for line in VERIFIED.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    return {(ref, kind, value) for ref, kind, value, _ in rows}


def test_every_doi_and_pmid_was_checked_against_a_public_record() -> None:
    verified = _verified()
    catalog = load_catalog(BUNDLED)
    used = {(r.id, "doi", r.doi) for r in catalog.references.values() if r.doi}
    used |= {(r.id, "pmid", r.pmid) for r in catalog.references.values() if r.pmid}
    assert used - verified == set(), "a DOI or PMID that no one checked"


def _article_runs() -> set[str]:
    return {line for line in ARTICLE_RUNS.read_text(encoding="utf-8").splitlines() if not line.startswith("#")}


def test_no_ten_word_run_is_copied_from_the_article() -> None:
    runs = _article_runs()
    assert len(runs) > 900
    for path in sorted((ROOT / "data").rglob("*")):
        if path.is_file():
            copied = fingerprints(words(path.read_text(encoding="utf-8"))) & runs
            assert not copied, f"{path.name} copies {len(copied)} ten-word runs of the article"


def test_the_copy_check_catches_a_borrowed_run_inside_other_words() -> None:
    # The same comparison against a known text: twelve borrowed words wrapped
    # in new ones are caught, and rewording them is not flagged.
    source = "Integrative care joins the usual medical treatment with other therapies that research supports for pain."
    runs = fingerprints(words(source))
    borrowed = "You should know this. Integrative care joins the usual medical treatment with other therapies today."
    reworded = "Integrative care adds other therapies to your usual treatment, when research backs them up."
    assert fingerprints(words(borrowed)) & runs
    assert not fingerprints(words(reworded)) & runs
