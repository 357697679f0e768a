"""`painguide check`: what catalog authors see, and its exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import CATALOG, ROOT, Result, assert_golden, line_of

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
