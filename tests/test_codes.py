"""Clinical codes in a catalog: shapes checked where they are written, hierarchy matched, every bundled code sourced."""

from __future__ import annotations

import csv
import textwrap
from pathlib import Path

import pytest

from painguide.catalog.bundled import bundled_catalog
from painguide.catalog.codes import SYSTEMS, matches, normalize, problem, verhoeff_digit
from painguide.catalog.load import load_catalog
from painguide.ehr.common import topics_for_code
from painguide.errors import CatalogError

VERIFIED = Path(__file__).parent / "data" / "verified-codes.tsv"

MINIMAL = textwrap.dedent(
    """\
    catalog: {title: T, version: "1", disclaimer: Not medical advice.}
    core:
      title: Core
      summary: Summary.
      elements: [{text: One., topics: [alpha]}]
    categories: {basics: {title: Basics}}
    references:
      smith2020: {authors: [Smith A], year: 2020, title: A study, journal: A Journal}
    topics:
      alpha:
        title: Alpha
        category: basics
        summary: About alpha.
        key_points: [One point.]
        evidence: [{text: It helps., refs: [smith2020]}]
        what_to_expect: [Something.]
        safety: {careful: [Someone.], tell: [Something.]}
        questions: [Why?]
        last_reviewed: 2026-01-01
    """
)


def with_codes(block: str) -> str:
    return MINIMAL.replace("    category: basics\n", "    category: basics\n    codes:\n" + block)


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(str(path))
    return [str(p).replace(str(path), "c.yaml") for p in caught.value.problems]


def test_a_malformed_code_is_reported_at_its_line_and_column_with_the_character_at_fault(tmp_path: Path) -> None:
    text = with_codes(
        '    - {system: icd10cm, code: "M54.5", display: "Low back pain"}\n'
        '    - {system: icd10cm, code: "M5-4", display: "Typo"}\n'
        '    - {system: snomed, code: "203082006", display: "Fibromyalgia"}\n'
        '    - {system: rxnorm, code: "11289a", display: "warfarin"}\n'
    )
    line = text.splitlines().index('    - {system: icd10cm, code: "M5-4", display: "Typo"}') + 1
    assert problems(tmp_path, text) == [
        f"c.yaml:{line}:31: topics.alpha.codes[2].code: 'M5-4' is not a well-formed ICD-10-CM code: character 3 ('-') must be "
        "a digit or capital letter: a letter, a digit, a digit or letter, then a dot and up to four digits or "
        "letters (e.g. M54.50)",
        f"c.yaml:{line + 1}:30: topics.alpha.codes[3].code: '203082006' is not a well-formed SNOMED CT code: character 9 ('6') "
        "fails the Verhoeff check: for these digits it must be 5",
        f"c.yaml:{line + 2}:30: topics.alpha.codes[4].code: '11289a' is not a well-formed RxNorm code: character 6 ('a') must "
        "be a digit: an RxCUI is 1 to 8 digits (e.g. 11289)",
    ]


def test_an_unknown_code_system_is_named_with_the_ones_allowed(tmp_path: Path) -> None:
    text = with_codes('    - {system: loinc, code: "1234-5", display: "A test"}\n')
    (message,) = problems(tmp_path, text)
    assert "topics.alpha.codes[1].system: 'loinc' is not one of icd10cm, snomed, rxnorm" in message


def test_a_code_listed_twice_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(with_codes('    - {system: rxnorm, code: "11289", display: w}\n' * 2), encoding="utf-8")
    (warning,) = load_catalog(str(path)).warnings
    assert "topics.alpha.codes[2].code: rxnorm 11289 is listed twice (first on line" in warning.message


@pytest.mark.parametrize(
    ("system", "code", "why"),
    [
        ("icd10cm", "m54.5", "character 1 ('m') must be a capital letter"),
        ("icd10cm", "M54.", "ends with a dot"),
        ("icd10cm", "M545", "character 4 ('5') must be a dot after the category"),
        ("icd10cm", "M54.50123", "has 9 characters"),
        ("snomed", "12345", "has 5 digits"),
        ("snomed", "0203082005", "never starts with 0"),
        ("snomed", "203082015", "make it a description id"),
        ("rxnorm", "0123", "never starting with 0"),
    ],
)
def test_each_shape_rule_says_what_is_wrong(system: str, code: str, why: str) -> None:
    assert why in problem(system, code)


@pytest.mark.parametrize("good", ["M54.5", "M54.50", "M17", "G89.29", "S33.5XXA", "U07.1"])
def test_icd10cm_codes_of_every_length_are_well_formed(good: str) -> None:
    assert problem("icd10cm", good) == ""


def test_verhoeff_check_digits_of_real_snomed_ids() -> None:
    # From the VSAC value sets recorded in tests/data/verified-codes.tsv.
    for concept in ("203082005", "373621006", "197480006", "21897009", "370143000"):
        assert verhoeff_digit(concept[:-1]) == concept[-1]
    assert verhoeff_digit("236") == "3"  # the textbook example: 236 becomes 2363


def test_icd10cm_matches_down_the_hierarchy_only() -> None:
    assert matches("icd10cm", "M54.50", "icd10cm", "M54.5")
    assert matches("icd10cm", "M54.50", "icd10cm", "M54")
    assert matches("icd10cm", "M54.5", "icd10cm", "M54.5")
    assert not matches("icd10cm", "M54", "icd10cm", "M54.5")
    assert not matches("icd10cm", "M54.2", "icd10cm", "M54.5")
    assert not matches("snomed", "11289", "rxnorm", "11289")


def test_typed_codes_are_normalized() -> None:
    assert normalize("icd10cm", " m5450 ") == "M54.50"
    assert normalize("rxnorm", " 11289") == "11289"


def test_m54_50_finds_the_bundled_low_back_pain_topics() -> None:
    catalog = load_catalog(bundled_catalog())
    found = [t.id for t, _ in topics_for_code(catalog.topics.values(), "icd10cm", "M54.50")]
    assert {"acupuncture", "massage-therapy", "yoga", "physical-activity"} <= set(found)
    assert "nutrition" not in found


def _verified() -> dict[tuple[str, str], dict[str, str]]:
    with VERIFIED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return {(row["system"], row["code"]): row for row in rows}


def test_every_bundled_code_has_a_recorded_public_source_with_the_same_display() -> None:
    verified = _verified()
    catalog = load_catalog(bundled_catalog())
    used = {(c.system, c.code): c.display for t in catalog.topics.values() for c in t.codes}
    assert used, "the bundled catalog lists no codes"
    missing = sorted(set(used) - set(verified))
    assert missing == [], f"codes without a recorded source in {VERIFIED.name}: {missing}"
    for key, display in used.items():
        assert verified[key]["display"] == display, key
    unused = sorted(set(verified) - set(used))
    assert unused == [], f"recorded but not used (remove them or use them): {unused}"


def test_every_recorded_source_is_named_and_every_recorded_code_is_well_formed() -> None:
    for (system, code), row in _verified().items():
        assert system in SYSTEMS
        assert problem(system, code) == "", (system, code)
        assert row["source"].strip() and ("http" in row["source"] or "github.com/" in row["source"]), row
