"""On a real terminal (a pseudo-terminal here) output is styled; NO_COLOR and TERM=dumb are honoured."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CATALOG
from painguide.render.pager import pager_command

# Each test runs painguide in a child process on a pseudo-terminal.
pytestmark = pytest.mark.slow


def run_on_tty(*args: str, **env: str) -> str:
    leader, follower = pty.openpty()
    unset = ("NO_COLOR", "FORCE_COLOR", "TERM", "PAGER", "LINES")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
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


# A pager that marks what it was given, so a test can see that the page went through it.
FAKE_PAGER = "import sys; sys.stdout.write('[paged]\\n' + sys.stdin.read())"


def _fake_pager(tmp_path: Path) -> str:
    script = tmp_path / "pager.py"
    script.write_text(FAKE_PAGER, encoding="utf-8")
    return f"{sys.executable} {script}"


def test_a_page_longer_than_the_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    out = run_on_tty("show", "acupuncture", PAGER=_fake_pager(tmp_path), LINES="20")
    assert out.startswith("[paged]")
    assert "Acupuncture" in out and "\x1b[1m" in out  # styled, as on the terminal


def test_no_pager_for_a_page_that_fits_or_with_no_pager(tmp_path: Path) -> None:
    pager = _fake_pager(tmp_path)
    assert "[paged]" not in run_on_tty("show", "acupuncture", PAGER=pager, LINES="500")
    assert "[paged]" not in run_on_tty("show", "acupuncture", "--no-pager", PAGER=pager, LINES="20")
    assert "[paged]" not in run_on_tty("show", "acupuncture", PAGER="", LINES="20")
    assert "[paged]" not in run_on_tty("show", "acupuncture", PAGER=pager, LINES="20", TERM="dumb")


def test_no_pager_when_the_output_is_piped(tmp_path: Path) -> None:
    environment = {**os.environ, "PAGER": _fake_pager(tmp_path), "LINES": "20"}
    code = "from painguide.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", code, "--data", str(CATALOG), "show", "acupuncture"],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    assert result.stdout.startswith("Acupuncture\n")


def test_without_pager_the_default_is_less_keeping_colours_and_none_if_it_is_missing(tmp_path: Path) -> None:
    (tmp_path / "less").write_text("#!/bin/sh\n", encoding="utf-8")
    (tmp_path / "less").chmod(0o755)
    assert pager_command({"PATH": str(tmp_path)}) == [str(tmp_path / "less"), "-R"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert pager_command({"PATH": str(empty)}) is None
    assert pager_command({"PAGER": "more -s", "PATH": str(tmp_path)}) == ["more", "-s"]
    # No less on the PATH and no PAGER: a long page is printed whole, and nothing waits for a key.
    out = run_on_tty("show", "acupuncture", LINES="20", PATH=str(empty))
    assert "Acupuncture" in out.splitlines()[0] and "This is education" in out


def _sgr_codes(out: str) -> set[str]:
    return {code for params in re.findall(r"\x1b\[([0-9;]*)m", out) for code in params.split(";")}


def test_styles_read_on_light_and_dark_backgrounds() -> None:
    # Yellow, cyan and dim are faint on a white background (and dim on a dark one):
    # matched words are bold and underlined, counts and notes in the terminal's own colour.
    searched = run_on_tty("search", "needles")
    assert "\x1b[1;4mneedles\x1b[0m" in searched
    for out in (searched, run_on_tty("show", "tai-chi"), run_on_tty("list"), run_on_tty("refs")):
        assert not _sgr_codes(out) & {"2", "33", "93", "36", "96"}, out
