"""The test suite's own promises (docs/testing.md): `-m quick` holds only
in-process tests, and a test kept from running by a missing system tool is
named in a banner at the end of the run, or fails under
PAINGUIDE_REQUIRE_BROWSER."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

# Each test runs pytest itself in a child process.
pytestmark = pytest.mark.slow

BROWSER_TESTS = ["tests/test_browser.py", "-k", "hostile_handout_runs_no_script"]


def pytest_child(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "PAINGUIDE_REQUIRE_BROWSER"}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "0", "--no-cov", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_quick_holds_only_in_process_tests() -> None:
    proc = pytest_child("--collect-only", "-q", "-m", "quick")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ids = [line for line in proc.stdout.splitlines() if "::" in line]
    assert len(ids) > 500
    files = {test_id.split("::")[0] for test_id in ids}
    # The hostile-input suite, the package builds and the printers stay out.
    assert not {f for f in files if f.startswith("tests/robustness/")}
    assert {"tests/test_packaging.py", "tests/test_handout_print.py", "tests/test_terminal.py"}.isdisjoint(files)
    # Tests that start painguide in a child process are marked slow, so they stay out too.
    assert "tests/test_store.py::test_show_imports_only_what_it_needs" not in ids
    assert "tests/test_cli.py::test_version" in ids


def test_a_missing_tool_is_named_in_a_banner_at_the_end(tmp_path: Path) -> None:
    # No chromium on this PATH (the child's Python is named by its full path).
    proc = pytest_child(*BROWSER_TESTS, PATH=str(tmp_path))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    banner = proc.stdout[proc.stdout.index("MISSING SYSTEM TOOLS") :].splitlines()
    assert banner[1] == "   1 test: chromium is not installed"
    assert banner[2].startswith("Install them with: sudo tools/install-system-deps.sh")
    assert proc.stdout.rstrip().splitlines()[-1].startswith("=")
    assert " 1 skipped" in proc.stdout.rstrip().splitlines()[-1]


def test_a_missing_tool_fails_when_the_browser_is_required(tmp_path: Path) -> None:
    proc = pytest_child(*BROWSER_TESTS, PATH=str(tmp_path), PAINGUIDE_REQUIRE_BROWSER="1")
    assert proc.returncode == 1
    assert "chromium is not installed, and PAINGUIDE_REQUIRE_BROWSER is set" in proc.stdout
    assert "MISSING SYSTEM TOOLS" not in proc.stdout
