"""Every input of the official YAML test suite, used as a catalog.

None of them is a painguide catalog, so each must end in exit 1 with clean,
positioned messages: never a traceback, an internal error or a hang. The
suite is kept in tests/data/yaml-test-suite (MIT; see its README).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result
from harness import YAML_TEST_SUITE, assert_clean_failure, painguide, raw_controls
from painguide.export.check_report import check_json
from painguide.quality.check import check_catalog

Cli = Callable[..., Result]

INPUTS = sorted(YAML_TEST_SUITE.glob("**/in.yaml"))


def _id(path: Path) -> str:
    return str(path.parent.relative_to(YAML_TEST_SUITE))


def assert_clean_catalog_failure(path: Path, result: Result) -> None:
    assert_clean_failure(result.exit_code, result.stdout, result.stderr)
    assert not raw_controls(result.stderr), result.stderr
    lines = result.stderr.splitlines()
    problem = re.compile(re.escape(str(path)) + r"(:\d+:\d+)?: \S")
    if len(lines) == 1:
        assert lines[0].startswith("painguide: "), lines
        return
    assert re.fullmatch(r"painguide: the catalog has \d+ errors?; nothing was shown\.", lines[-1]), lines
    for line in lines[:-1]:
        assert problem.match(line), line


def test_the_suite_is_complete() -> None:
    # 402 inputs, 94 of them must-fail: a partial copy would test less than it claims.
    assert len(INPUTS) == 402
    assert sum(1 for path in INPUTS if (path.parent / "error").exists()) == 94


@pytest.mark.parametrize("path", INPUTS, ids=[_id(path) for path in INPUTS])
def test_every_input_fails_cleanly(cli: Cli, path: Path) -> None:
    started = time.perf_counter()
    result = cli("list", catalog=path)
    assert time.perf_counter() - started < 2
    assert_clean_catalog_failure(path, result)
    if (path.parent / "error").exists():
        # A must-fail input is refused by the YAML parser itself (or, where
        # PyYAML's YAML 1.1 is laxer than 1.2, by the schema): never shown.
        assert result.stdout == ""


def test_every_input_gives_a_check_report_that_parses() -> None:
    # The functions behind `painguide check --format json`, called directly
    # (the command line around them is tested above): whatever the file
    # holds, the report is JSON and says the catalog is not OK.
    today = dt.date(2026, 11, 27)
    failures = []
    for path in INPUTS:
        report = json.loads(check_json(check_catalog(str(path), 8.0, 730, today)))
        if report["ok"] is not False or report["errors"] < 1:
            failures.append(_id(path))
    assert not failures, failures


SAMPLE = ["229Q", "2G84/00", "3RLN/00", "6JQW", "CVW2", "DK95/00", "M9B4", "SU5Z", "X4QW", "ZXT5"]


@pytest.mark.parametrize("name", SAMPLE)
def test_sample_in_a_child_process(name: str) -> None:
    path = YAML_TEST_SUITE / name / "in.yaml"
    result = painguide("--data", str(path), "show", "anything", timeout=20)
    assert_clean_catalog_failure(path, Result(result.exit_code, result.stdout, result.stderr))
