"""`painguide lookup CODE`: the topics an EHR's problem or medicine code finds."""

from __future__ import annotations

import json
from collections.abc import Callable

from conftest import Result

Cli = Callable[..., Result]

FIBROMYALGIA_TOPICS = ["integrative-pain-care", "care-team", "acupuncture", "mindfulness-meditation"]


def test_m79_7_lists_the_bundled_fibromyalgia_topics(cli: Cli) -> None:
    result = cli("lookup", "M79.7", "--format", "plain", catalog=None)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Topics for M79.7 (ICD-10-CM)"
    listed = [line[2:].split(" - ")[0] for line in lines if line.startswith("- ")]
    assert listed == [*FIBROMYALGIA_TOPICS, "physical-activity", "tai-chi", "cbt"]
    assert "  Coded: ICD-10-CM M79.7 Fibromyalgia" in lines


def test_m79_7_as_json(cli: Cli) -> None:
    result = cli("lookup", "M79.7", "--format", "json", catalog=None)
    data = json.loads(result.stdout)
    assert (data["command"], data["code"], data["systems"]) == ("lookup", "M79.7", ["icd10cm"])
    assert [t["id"] for t in data["topics"]][:4] == FIBROMYALGIA_TOPICS
    assert data["topics"][0]["matched"] == [{"system": "icd10cm", "code": "M79.7", "display": "Fibromyalgia"}]


def test_a_child_code_finds_the_topics_of_its_parent(cli: Cli) -> None:
    data = json.loads(cli("lookup", "m5450", "--format", "json", catalog=None).stdout)
    assert data["code"] == "M54.50"
    assert "yoga" in [t["id"] for t in data["topics"]]
    assert {m["code"] for t in data["topics"] for m in t["matched"]} == {"M54.5"}


def test_digits_are_searched_as_snomed_ct_and_rxnorm_unless_a_system_is_named(cli: Cli) -> None:
    both = json.loads(cli("lookup", "11289", "--format", "json").stdout)
    assert both["systems"] == ["rxnorm"]  # five digits are too few for SNOMED CT
    fibro = json.loads(cli("lookup", "203082005", "--format", "json").stdout)
    assert fibro["systems"] == ["snomed"]  # nine digits are too many for an RxCUI
    assert [t["id"] for t in fibro["topics"]] == ["acupuncture"]
    assert cli("lookup", "203082005", "--system", "rxnorm").exit_code == 2


def test_a_malformed_code_is_one_line_and_exit_2(cli: Cli) -> None:
    result = cli("lookup", "M7-9")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "painguide: 'M7-9' is not a well-formed ICD-10-CM code: character 3 ('-') must be a digit or capital letter: "
        "a letter, a digit, a digit or letter, then a dot and up to four digits or letters (e.g. M54.50).\n"
    )
    bad_system = cli("lookup", "M79.7", "--system", "loinc")
    assert bad_system.exit_code == 2
    assert "'loinc' is not one of icd10cm, snomed, rxnorm." in bad_system.stderr


def test_a_code_no_topic_has_says_so_and_exits_1(cli: Cli) -> None:
    result = cli("lookup", "G43.909")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "painguide: No topic is coded G43.909.\n"


def test_spanish_lookup_shows_spanish_titles(cli: Cli) -> None:
    result = cli("--lang", "es", "lookup", "M79.7", "--format", "plain", catalog=None)
    assert result.stdout.splitlines()[0] == "Temas para M79.7 (ICD-10-CM)"
    assert "- acupuncture - Acupuntura" in result.stdout


def test_a_line_break_in_a_typed_code_stays_inside_one_line_of_message(cli: Cli) -> None:
    result = cli("lookup", "M5\n4")
    assert result.exit_code == 2
    assert result.stderr.startswith("painguide: 'M5\\n4' is not a well-formed ICD-10-CM code: character 3 (U+000A)")
    assert result.stderr.count("\n") == 1
