"""`painguide check`: what catalog authors see, and its exit codes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CATALOG, ROOT, Result, assert_golden, line_of
from painguide.quality.check import Age, check_catalog

Cli = Callable[..., Result]


def test_clean_catalog_passes(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = cli("check", "tests/data/catalog.yaml", "--max-age", "100y", catalog=None)
    assert result.exit_code == 0
    assert_golden("plain/check.txt", result.stdout)


def test_path_argument_overrides_active_catalog(cli: Cli) -> None:
    result = cli("check", str(CATALOG), "--max-age", "100y", catalog=None)
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Catalog check: {CATALOG}\n")


def test_too_hard_topic_is_an_error(cli: Cli) -> None:
    result = cli("check", "--max-grade", "1", "--max-age", "100y")
    assert result.exit_code == 1
    assert f"{CATALOG}:{line_of('  acupuncture:')}:1: reading grade " in result.stdout
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
    unused = CATALOG.read_text().replace("refs: [crawford2016]", "refs: [vickers2018]")
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


def test_json_report(cli: Cli) -> None:
    result = cli("check", "--format", "json", "--max-grade", "1")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert (data["ok"], data["errors"]) == (False, 3)
    assert [t["id"] for t in data["topics"]] == ["acupuncture", "tai-chi", "massage-therapy"]
    assert all(isinstance(t["grade"], float) for t in data["topics"])


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
    stale = CATALOG.read_text().replace(
        "last_reviewed: 2026-11-20\n  tai-chi:", f"last_reviewed: {Age(19, 'm').before(today)}\n  tai-chi:"
    )
    result = cli("check", str(write_catalog(stale)), "--max-age", "18m", catalog=None)
    assert result.exit_code == 1
    assert f"last reviewed {Age(19, 'm').before(today)}, more than 18 months ago\n" in result.stdout
    assert "reviewed within the last 18 months." in result.stdout


def test_review_age_boundary_by_the_calendar() -> None:
    # Reviewed 2026-11-20: exactly 18 months before 2028-05-20, so still in date that day.
    on_time = check_catalog(str(CATALOG), 8.0, None, dt.date(2028, 5, 20), max_age=Age(18, "m"))
    assert (on_time.errors, on_time.max_age_days, str(on_time.oldest)) == (0, 547, "2026-11-20")
    late = check_catalog(str(CATALOG), 8.0, None, dt.date(2028, 5, 21), max_age=Age(18, "m"))
    assert [str(p) for t in late.topics for p in t.problems] == [
        f"{CATALOG}:{line_of(f'  {t}:')}:1: last reviewed 2026-11-20, more than 18 months ago"
        for t in ("acupuncture", "tai-chi", "massage-therapy")
    ]


def test_a_number_of_days_still_works_for_callers() -> None:
    report = check_catalog(str(CATALOG), 8.0, 730, dt.date(2026, 11, 27))
    assert (str(report.max_age), str(report.oldest), report.errors) == ("730 days", "2024-11-27", 0)
