"""`painguide check`: what catalog authors see, and its exit codes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CATALOG, ROOT, Result, assert_golden, clean, line_of
from painguide.quality.check import Age, check_catalog

Cli = Callable[..., Result]


def test_clean_catalog_passes(cli: Cli, write_catalog: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(write_catalog(clean(CATALOG.read_text())).parent)
    result = cli("check", "catalog.yaml", "--max-age", "100y", catalog=None)
    assert result.exit_code == 0
    assert_golden("plain/check.txt", result.stdout)


def test_test_catalog_without_main_messages_fails(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = cli("check", "tests/data/catalog.yaml", "--max-age", "100y", catalog=None)
    assert result.exit_code == 1
    message = "no main_message; add one or two sentences with the main benefit and the main caution"
    problems = result.stdout.split("Problems\n--------\n")[1]
    spanish = CATALOG.with_name("catalog.es.yaml")
    # The Spanish translation beside it is checked too (tests/test_translation.py covers it).
    stale = "update the translation, then run painguide check --stamp-translations es"
    assert problems == (
        "- tests/data/catalog.es.yaml: warning: categories.empty.title: no Spanish translation; the English is shown\n"
        f"- tests/data/catalog.es.yaml:{line_of('summary: El tai chi', spanish)}:14: warning: topics.tai-chi.summary: "
        f"stale: the English has changed since this was translated; {stale}\n"
        f"- tests/data/catalog.es.yaml:{line_of('  tai-chi:', spanish)}:3: warning: topics.tai-chi.questions: "
        "no Spanish translation; the English is shown\n"
        f"- tests/data/catalog.yaml:{line_of('  massage-therapy:')}:1: warning: topics.massage-therapy: "
        "no Spanish translation; it is shown in English\n"
        f"- tests/data/catalog.yaml:{line_of('  tai-chi:')}:1: {message}\n"
        f"- tests/data/catalog.yaml:{line_of('  tai-chi:')}:1: actionability 67% is below the minimum 70% "
        "(missed: steps for self-care)\n"
        f"- tests/data/catalog.yaml:{line_of('  massage-therapy:')}:1: {message}\n"
        "\n"
        "FAILED: 3 errors, 4 warnings.\n"
    )


def test_path_argument_overrides_active_catalog(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    path = write_catalog(clean(CATALOG.read_text()))
    result = cli("check", str(path), "--max-age", "100y", catalog=None)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Catalog check: {path}\n")


def test_too_hard_topic_is_an_error(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    path = write_catalog(clean(CATALOG.read_text()))
    result = cli("check", str(path), "--max-grade", "1", "--max-age", "100y", catalog=None)
    assert result.exit_code == 1
    from painguide.catalog.load import load_catalog
    from painguide.quality.readability import grade, patient_text

    # The grade of the fixture's own text, as the reading-grade formula gives it.
    expected = grade(patient_text(load_catalog(str(path)).topics["acupuncture"]))
    line = line_of("  acupuncture:", path)
    assert f"{path}:{line}:1: reading grade {expected} is above the maximum 1.0\n" in result.stdout
    assert result.stdout.rstrip().endswith("FAILED: 3 errors, 0 warnings.")


def test_old_review_is_an_error(cli: Cli) -> None:
    result = cli("check", "--max-age", "1d")
    assert result.exit_code == 1
    assert f"{CATALOG}:{line_of('  tai-chi:')}:1: last reviewed 2026-11-20, more than 1 day ago" in result.stdout


def test_bad_max_age_is_a_usage_error(cli: Cli) -> None:
    result = cli("check", "--max-age", "soon")
    assert result.exit_code == 2
    assert result.stderr == "painguide: --max-age 'soon' is not an age; use e.g. 2y, 18m or 90d\n"


def test_schema_problems_and_unused_references(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    text = CATALOG.read_text().replace("    summary: Tai chi is", "    sumary: Tai chi is")
    result = cli("check", str(write_catalog(text)), catalog=None)
    assert result.exit_code == 1
    assert "topics.tai-chi: unknown key 'sumary' (did you mean 'summary'?)" in result.stdout
    unused = clean(CATALOG.read_text()).replace("refs: [crawford2016]", "refs: [vickers2018]")
    result = cli("check", str(write_catalog(unused)), "--max-age", "100y", catalog=None)
    assert result.exit_code == 0
    assert (
        f":{line_of('  crawford2016:')}:3: warning: references.crawford2016 is not cited by any topic" in result.stdout
    )
    assert result.stdout.rstrip().endswith("OK: 0 errors, 1 warning.")


def test_topic_without_references_is_an_error(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    text = CATALOG.read_text().replace("refs: [crawford2016]", "refs: []")
    result = cli("check", str(write_catalog(text)), "--max-age", "100y", catalog=None)
    assert result.exit_code == 1
    assert f":{line_of('  massage-therapy:')}:1: cites no reference; evidence needs at least one" in result.stdout


def test_json_report(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    path = write_catalog(clean(CATALOG.read_text()))
    result = cli("check", str(path), "--format", "json", "--max-grade", "1", catalog=None)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert (data["ok"], data["errors"]) == (False, 3)
    assert [t["id"] for t in data["topics"]] == ["acupuncture", "tai-chi", "massage-therapy"]
    assert all(isinstance(t["grade"], float) for t in data["topics"])


def _place(path: Path, text: str) -> tuple[int, int]:
    """1-based line and column of the first `text` in the file."""
    line = line_of(text, path)
    return line, path.read_text(encoding="utf-8").splitlines()[line - 1].index(text) + 1


def test_overstated_low_certainty_claim_is_an_error_at_its_word(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    text = clean(CATALOG.read_text()).replace("tai chi helped as much", "tai chi is proven to help as much")
    path = write_catalog(text)
    result = cli("check", str(path), "--max-age", "100y", catalog=None)
    assert result.exit_code == 1
    line, column = _place(path, "proven")
    assert result.stdout.endswith(
        "Problems\n--------\n"
        f'- {path}:{line}:{column}: evidence[1] is graded low ("Limited evidence") but says "proven"; '
        'say "may help", or raise the certainty only if the source supports it\n'
        "\n"
        "FAILED: 1 error, 0 warnings.\n"
    )


def test_strong_words_pass_for_moderate_certainty_and_in_a_caveat(
    cli: Cli, write_catalog: Callable[[str], Path]
) -> None:
    text = (
        clean(CATALOG.read_text())
        .replace("In many good studies, acupuncture eased", "Good studies have proven that acupuncture eased")
        .replace("The benefit lasted for most", "It is not proven that the benefit lasted for most")
    )
    result = cli("check", str(write_catalog(text)), "--max-age", "100y", catalog=None)
    assert result.exit_code == 0
    assert result.stdout.endswith("OK: 0 errors, 0 warnings.\n")


def test_evidence_without_certainty_is_an_error_at_the_item(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    text = clean(CATALOG.read_text())
    cut = "      - text: A review of 67 studies found massage eased pain compared with no treatment.\n"
    text = text.replace(cut + "        certainty: moderate\n", cut)
    path = write_catalog(text)
    result = cli("check", str(path), "--max-age", "100y", catalog=None)
    assert result.exit_code == 1
    line, column = _place(path, "text: A review of 67 studies")
    assert (
        f"- {path}:{line}:{column}: evidence[1] has no certainty; "
        "add certainty: high, moderate, low, very-low or not-graded\n"
    ) in result.stdout
    assert "massage-therapy: automated understandability 88%," in result.stdout


def test_missing_main_message_is_an_error_at_the_topic(cli: Cli) -> None:
    result = cli("check", "--max-age", "100y")
    assert result.exit_code == 1
    assert (
        f"- {CATALOG}:{line_of('  massage-therapy:')}:1: no main_message; "
        "add one or two sentences with the main benefit and the main caution\n"
    ) in result.stdout
    assert (
        f"- {CATALOG}:{line_of('  massage-therapy:')}:1: massage-therapy: main message first: no main_message\n"
        in result.stdout
    )


def test_undefined_jargon_word_is_reported_at_its_first_use(cli: Cli) -> None:
    result = cli("check", "--max-age", "100y")
    line, column = _place(CATALOG, "people with fibromyalgia")
    column += len("people with ")
    assert (
        f"- {CATALOG}:{line}:{column}: tai-chi: everyday words: "
        '"fibromyalgia" is not explained in this topic; say what it means where it first appears, '
        'e.g. "fibromyalgia (plain words)" or "fibromyalgia, which is ..."\n'
    ) in result.stdout


def test_a_jargon_word_explained_in_parentheses_is_not_reported(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    text = clean(CATALOG.read_text()).replace("with fibromyalgia,", "with fibromyalgia (pain all over the body),")
    result = cli("check", str(write_catalog(text)), "--max-age", "100y", catalog=None)
    assert result.exit_code == 0
    assert "fibromyalgia" not in result.stdout
    assert "- tai-chi: automated understandability 88%," in result.stdout  # "aerobic" is still unexplained


def test_scores_under_the_minimums_are_errors(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    path = write_catalog(clean(CATALOG.read_text()))
    args = ("--max-age", "100y", "--min-understandability", "90", "--min-actionability", "80")
    result = cli("check", str(path), *args, catalog=None)
    assert result.exit_code == 1
    line = line_of("  tai-chi:", path)
    assert result.stdout.endswith(
        "Problems\n--------\n"
        f"- {path}:{line}:1: understandability 88% is below the minimum 90% (missed: everyday words)\n"
        f"- {path}:{line}:1: actionability 75% is below the minimum 80% (missed: steps for self-care)\n"
        "\n"
        "FAILED: 2 errors, 0 warnings.\n"
    )
    assert "understandability 90% or more; actionability 80% or more." in result.stdout


@pytest.mark.parametrize("value", ["-1", "101", "lots"])
def test_minimums_must_be_percentages(cli: Cli, value: str) -> None:
    result = cli("check", "--min-actionability", value)
    assert result.exit_code == 2
    assert "Invalid value for '--min-actionability'" in result.stderr


def test_json_report_has_scores_and_missed_items(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    path = write_catalog(clean(CATALOG.read_text()))
    result = cli("check", str(path), "--format", "json", "--max-age", "18m", catalog=None)
    data = json.loads(result.stdout)
    assert (data["max_age"], data["min_understandability"], data["min_actionability"]) == ("18 months", 70.0, 70.0)
    assert data["to_judge"][-1] == "cultural fit for your patients"
    assert [item["id"] for item in data["items"]][:2] == ["main-message", "sections"]
    scores = {t["id"]: (t["understandability"], t["actionability"]) for t in data["topics"]}
    assert scores == {"acupuncture": (100, 83), "tai-chi": (88, 75), "massage-therapy": (100, 100)}
    tai_chi = data["topics"][1]
    assert tai_chi["items"]["steps"] is False and tai_chi["items"]["direct"] is None
    assert tai_chi["missed"][0] == {
        "item": "steps",
        "scale": "actionability",
        "name": "steps for self-care",
        "line": line_of("  tai-chi:", path),
        "column": None,
        "message": "a self-care topic (movement) with no steps; add numbered steps to follow",
    }
    assert (tai_chi["average_sentence_words"], tai_chi["passive_share"]) == (7.1, 0.0)


@pytest.mark.parametrize(
    ("age", "today", "oldest"),
    [
        (Age(18, "m"), dt.date(2026, 11, 27), dt.date(2025, 5, 27)),
        (Age(1, "m"), dt.date(2026, 3, 31), dt.date(2026, 2, 28)),
        (Age(1, "m"), dt.date(2028, 3, 31), dt.date(2028, 2, 29)),
        (Age(2, "y"), dt.date(2028, 2, 29), dt.date(2026, 2, 28)),
        (Age(12, "m"), dt.date(2026, 1, 15), dt.date(2025, 1, 15)),
        (Age(90, "d"), dt.date(2026, 11, 27), dt.date(2026, 8, 29)),
        (Age(9999, "y"), dt.date(2026, 11, 27), dt.date.min),
        (Age(9999, "d"), dt.date(1, 1, 5), dt.date.min),
    ],
)
def test_age_subtracts_calendar_months_and_years(age: Age, today: dt.date, oldest: dt.date) -> None:
    assert age.before(today) == oldest


@pytest.mark.parametrize(
    ("text", "age", "words"),
    [("18m", Age(18, "m"), "18 months"), ("2", Age(2, "y"), "2 years"), ("1D", Age(1, "d"), "1 day")],
)
def test_age_parses_and_reads_in_words(text: str, age: Age, words: str) -> None:
    assert Age.parse(text) == age
    assert str(age) == words


def test_max_age_counts_calendar_months(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    today = dt.date.today()
    stale = clean(CATALOG.read_text()).replace(
        "last_reviewed: 2026-11-20\n  tai-chi:", f"last_reviewed: {Age(19, 'm').before(today)}\n  tai-chi:"
    )
    result = cli("check", str(write_catalog(stale)), "--max-age", "18m", catalog=None)
    assert result.exit_code == 1
    assert f"last reviewed {Age(19, 'm').before(today)}, more than 18 months ago\n" in result.stdout
    assert "reviewed within the last 18 months;" in result.stdout


def test_review_age_boundary_by_the_calendar(write_catalog: Callable[[str], Path]) -> None:
    path = str(write_catalog(clean(CATALOG.read_text())))
    # Reviewed 2026-11-20: exactly 18 months before 2028-05-20, so still in date that day.
    on_time = check_catalog(path, 8.0, None, dt.date(2028, 5, 20), max_age=Age(18, "m"))
    assert (on_time.errors, on_time.max_age_days, str(on_time.oldest)) == (0, 547, "2026-11-20")
    late = check_catalog(path, 8.0, None, dt.date(2028, 5, 21), max_age=Age(18, "m"))
    assert [str(p) for t in late.topics for p in t.problems] == [
        f"{path}:{line_of(f'  {t}:', Path(path))}:1: last reviewed 2026-11-20, more than 18 months ago"
        for t in ("acupuncture", "tai-chi", "massage-therapy")
    ]


def test_bundled_catalog_passes_the_plain_language_minimums(cli: Cli) -> None:
    args = ("--min-actionability", "80", "--min-understandability", "80", "--max-grade", "8", "--max-age", "100y")
    result = cli("check", *args, catalog=None)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith("OK: 0 errors, 0 warnings.\n")


def test_a_number_of_days_still_works_for_callers(write_catalog: Callable[[str], Path]) -> None:
    report = check_catalog(str(write_catalog(clean(CATALOG.read_text()))), 8.0, 730, dt.date(2026, 11, 27))
    assert (str(report.max_age), str(report.oldest), report.errors) == ("730 days", "2024-11-27", 0)


def test_the_documented_example_catalog_passes(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    docs = (ROOT / "docs" / "catalog-format.md").read_text(encoding="utf-8")
    example = docs.split("## A complete example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    result = cli("check", str(write_catalog(example)), "--max-age", "100y", catalog=None)
    assert result.exit_code == 0, result.stdout
    assert "- acupuncture: automated understandability 100%, actionability 100%;" in result.stdout


def test_columns_count_characters_that_change_length_in_lower_case(
    cli: Cli, write_catalog: Callable[[str], Path]
) -> None:
    # "İ" lower-cases to two characters; the column must still be the file's.
    text = clean(CATALOG.read_text()).replace("In one large study of people", "İİİ one large study of people")
    path = write_catalog(text)
    result = cli("check", str(path), "--max-age", "100y", catalog=None)
    line, column = _place(path, "fibromyalgia,")
    assert f"- {path}:{line}:{column}: tai-chi: everyday words: " in result.stdout


def test_no_evidence_under_a_graded_label_and_a_change_for_a_difference_are_errors_at_their_words(
    cli: Cli, write_catalog: Callable[[str], Path]
) -> None:
    text = (
        clean(CATALOG.read_text())
        .replace("The benefit lasted for most people a year later.", "We do not yet know if the benefit lasts.")
        .replace(
            "found massage eased pain compared with no treatment.",
            "compared massage with no treatment, and pain went down about 10 points.",
        )
    )
    path = write_catalog(text)
    result = cli("check", str(path), "--max-age", "100y", "--format", "plain", catalog=None)
    assert result.exit_code == 1
    know, change = _place(path, "We do not yet know"), _place(path, "pain went down about 10 points")
    problems = result.stdout.split("Problems\n--------\n")[1].splitlines()
    assert (
        f'- {path}:{know[0]}:{know[1]}: evidence[2] is graded low ("Limited evidence") but says "We do not yet know": a statement that there is no evidence is not a graded finding; use certainty: not-graded, or say what the research found'
        in problems
    )
    assert (
        f'- {path}:{change[0]}:{change[1]}: evidence[1] says "pain went down about 10 points" but compares groups: the number is a difference between the groups, not how much pain fell; say how much less (or more) than the comparison group'
        in problems
    )
    assert result.stdout.endswith("FAILED: 2 errors, 0 warnings.\n")


def test_spanish_no_evidence_under_a_graded_label_is_reported_in_the_translation(
    cli: Cli, write_catalog: Callable[..., Path]
) -> None:
    path = write_catalog(clean(CATALOG.read_text()))
    spanish_text = CATALOG.with_name("catalog.es.yaml").read_text(encoding="utf-8")
    old = "El beneficio duró en la mayoría de las personas un año después."
    assert old in spanish_text
    spanish = write_catalog(spanish_text.replace(old, "Todavía no sabemos si el beneficio dura."), "catalog.es.yaml")
    result = cli("check", str(path), "--max-age", "100y", "--format", "plain", catalog=None)
    line, column = _place(spanish, "Todavía no sabemos")
    assert (
        f'- {spanish}:{line}:{column}: topics.acupuncture: evidence[2] is graded low ("Limited evidence") but says '
        '"Todavía no sabemos": a statement that there is no evidence is not a graded finding; use certainty: '
        "not-graded, or say what the research found"
    ) in result.stdout.splitlines()
    assert result.exit_code == 1


# A person's ratings of every PEMAT-P and CCI item (as the clinical review of 2026-12 scored conventional-care).
RATINGS = """    ratings:
      - by: Dr. Test Rater
        role: clinical reviewer
        date: 2026-12-07
        items: {pemat-1: agree, pemat-2: agree, pemat-3: agree, pemat-4: agree, pemat-5: agree, pemat-6: agree,
          pemat-7: disagree, pemat-8: agree, pemat-9: agree, pemat-10: agree, pemat-11: agree, pemat-12: agree,
          pemat-15: disagree, pemat-16: na, pemat-17: na, pemat-18: na, pemat-19: na,
          pemat-20: agree, pemat-21: agree, pemat-22: disagree, pemat-23: disagree, pemat-24: disagree,
          pemat-25: na, pemat-26: disagree,
          cci-1: 1, cci-2: 1}
"""


def _rated(ratings: str) -> str:
    return clean(CATALOG.read_text()).replace(
        "    last_reviewed: 2026-11-20\n  tai-chi:", ratings + "    last_reviewed: 2026-11-20\n  tai-chi:"
    )


def test_scores_say_what_a_program_scored_and_what_needs_a_person(
    cli: Cli, write_catalog: Callable[[str], Path]
) -> None:
    result = cli("check", str(write_catalog(clean(CATALOG.read_text()))), "--max-age", "100y", catalog=None)
    lines = result.stdout.split("PEMAT-P and CDC Clear Communication Index\n")[1].split("\n\n")[1]
    assert lines.splitlines()[:2] == [
        "- acupuncture, PEMAT-P understandability: automated 100% over items 1, 3-6, 8,",
        "  9, 11; items 2, 7, 10, 12, 15-19 need a person: unscored; no full score until",
    ]
    data = json.loads(
        cli(
            "check",
            str(write_catalog(clean(CATALOG.read_text()))),
            "--max-age",
            "100y",
            "--format",
            "json",
            catalog=None,
        ).stdout
    )
    actionability = data["topics"][0]["scores"]["actionability"]
    assert (actionability["automated"], actionability["unscored"], actionability["full"]) == (
        80,
        ["pemat-24", "pemat-26"],
        None,
    )


def test_a_rating_that_is_not_agree_disagree_or_na_is_an_error_at_its_value(
    cli: Cli, write_catalog: Callable[[str], Path]
) -> None:
    path = write_catalog(_rated(RATINGS))
    result = cli("check", str(path), "--max-age", "100y", catalog=None)
    assert result.exit_code == 1
    line, column = _place(path, "cci-1: 1")
    assert (
        f"- {path}:{line}:{column + 7}: topics.acupuncture.ratings[1].items.cci-1 must be text, but YAML reads '1' "
        'as a number; put it in quotes: "1"\n'
    ) in result.stdout
    wrong = write_catalog(_rated(RATINGS.replace("cci-1: 1, cci-2: 1", "cci-1: yes please")))
    result = cli("check", str(wrong), "--max-age", "100y", catalog=None)
    line, column = _place(wrong, "yes please")
    assert (
        f"- {wrong}:{line}:{column}: topics.acupuncture.ratings[1].items.cci-1: 'yes please' is not one of agree, "
        "disagree, na"
    ) in result.stdout


def test_person_ratings_give_the_full_score(cli: Cli, write_catalog: Callable[[str], Path]) -> None:
    path = write_catalog(_rated(RATINGS.replace("cci-1: 1, cci-2: 1", "cci-1: agree, cci-2: agree")))
    result = cli("check", str(path), "--max-age", "100y", catalog=None)
    assert result.exit_code == 0, result.stdout
    section = result.stdout.split("PEMAT-P and CDC Clear Communication Index\n")[1].split("\n\n")[1]
    assert section.split("\n- tai-chi")[0] == (
        "- acupuncture: rated by a person: Dr. Test Rater (clinical reviewer), 2026-12-07\n"
        "- acupuncture, PEMAT-P understandability: automated 100% over items 1, 3-6, 8,\n"
        "  9, 11; person-rated items 1-12, 15-19 (the person's rating replaces the\n"
        "  automated one for 1, 3-6, 8, 9, 11); full score 85% (11 of 13 applicable\n"
        "  items).\n"
        "- acupuncture, PEMAT-P actionability: automated 80% over items 20-23, 25;\n"
        "  person-rated items 20-26 (the person's rating replaces the automated one for\n"
        "  20-23, 25; they differ on 22, 23, 25); full score 33% (2 of 6 applicable\n"
        "  items).\n"
        "- acupuncture, CDC Clear Communication Index: automated 100% over items 1-3,\n"
        "  5-7, 9-12, 14-16; person-rated items 1, 2 (the person's rating replaces the\n"
        "  automated one for 1, 2); items 4, 8, 13, 17-20 need a person: unscored; no\n"
        "  full score until a person rates them."
    )
    data = json.loads(cli("check", str(path), "--max-age", "100y", "--format", "json", catalog=None).stdout)
    scores = data["topics"][0]["scores"]
    assert (scores["understandability"]["full"], scores["actionability"]["full"], scores["cci"]["full"]) == (
        85,
        33,
        None,
    )
    assert scores["actionability"]["values"]["pemat-22"] == {"value": "disagree", "by": "person"}
    assert data["topics"][0]["ratings"][0]["by"] == "Dr. Test Rater"


def test_bundled_catalog_carries_the_clinical_reviews_item_ratings() -> None:
    """The 7 topics the 2026-12 clinical review scored item by item, with its own totals (its section 4 table)."""
    report = check_catalog(str(ROOT / "data" / "topics.yaml"), 8.0, None, dt.date(2026, 12, 7), max_age=Age(100))
    full = {t.id: tuple(scale.full for scale in t.scales) for t in report.topics if t.ratings}
    assert full == {
        "acupuncture": (100, 100, 95),
        "massage-therapy": (100, 100, 95),
        "physical-activity": (85, 80, 84),
        "nutrition": (92, 80, 95),
        "sleep": (100, 100, 95),
        "stress-management": (100, 80, 89),
        "conventional-care": (85, 33, 68),
    }
    rated = {(r.by, r.role, r.date.isoformat()) for t in report.topics for r in t.ratings}
    assert rated == {("independent clinical reviewer", "pain medicine / health literacy", "2026-12-07")}
    # The other topics show only what a program scored, and no full score.
    unrated = [t for t in report.topics if not t.ratings]
    assert len(unrated) == 10
    assert all(scale.full is None and scale.unscored for t in unrated for scale in t.scales)
