"""On a real terminal (a pseudo-terminal here) output is styled; NO_COLOR and TERM=dumb are honoured."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest

from conftest import CATALOG

# Each test runs painguide in a child process on a pseudo-terminal.
pytestmark = pytest.mark.slow


def run_on_tty(*args: str, **env: str) -> str:
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    environment.update({"COLUMNS": "80", "TERM": "xterm-256color", **env})
    code = "from painguide.cli import main; main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "--data", str(CATALOG), *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=environment,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=30) == 0
    return b"".join(chunks).decode("utf-8")


def test_terminal_output_is_styled() -> None:
    out = run_on_tty("show", "tai-chi")
    assert "\x1b[1m" in out or "\x1b[1;" in out
    assert "• You move slowly and breathe deeply." in out


@pytest.mark.parametrize(("name", "value"), [("NO_COLOR", "1"), ("TERM", "dumb")])
def test_colour_can_be_turned_off(name: str, value: str) -> None:
    out = run_on_tty("show", "tai-chi", **{name: value})
    assert "\x1b" not in out
    assert "Tai chi" in out


def test_no_color_flag() -> None:
    out = run_on_tty("--no-color", "show", "tai-chi")
    assert "\x1b" not in out
    assert "• You move slowly and breathe deeply." in out
