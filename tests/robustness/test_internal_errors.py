"""An unexpected failure is one line; --debug shows the traceback, never local variables."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result
from harness import BASE, painguide

Cli = Callable[..., Result]


def _broken(*args: object, **kwargs: object) -> None:
    secret_local = "hunter2-local-value"  # noqa: F841 - must never be printed
    raise RuntimeError("boom")


def test_internal_error_is_one_line(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("painguide.index.store.open_store", _broken)
    result = cli("show", "walking")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "painguide: internal error - rerun with --debug to see details\n"


def test_debug_traceback_has_no_local_variables(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("painguide.index.store.open_store", _broken)
    result = cli("--debug", "show", "walking")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert result.stderr.endswith("RuntimeError: boom\n")
    assert "hunter2" not in result.stderr


def test_internal_error_in_a_child_process(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.yaml"
    catalog.write_text(BASE, encoding="utf-8")
    script = (
        "import painguide.index.store as s\n"
        "def broken(*a, **k):\n"
        "    secret_local = 'hunter2-local-value'\n"
        "    raise RuntimeError('boom')\n"
        "s.open_store = broken\n"
        "from painguide.cli import main; main()\n"
    )
    script_path = tmp_path / "broken.py"
    script_path.write_text(script, encoding="utf-8")
    for debug in ([], ["--debug"]):
        proc = subprocess.run(
            [sys.executable, str(script_path), *debug, "--data", str(catalog), "show", "walking"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert (proc.returncode, proc.stdout) == (1, "")
        assert "hunter2" not in proc.stderr
        if debug:
            assert proc.stderr.startswith("Traceback") and proc.stderr.endswith("RuntimeError: boom\n")
        else:
            assert proc.stderr == "painguide: internal error - rerun with --debug to see details\n"
    assert painguide("--version").exit_code == 0
