"""The eighth adversarial pass's findings (issue 23), each as a user would meet it.

(#1, 988 or 911 as a room, suite, street number or menu option, is in tests/test_adv7.py with the other
spellings that must not count as the Lifeline.)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result

Cli = Callable[..., Result]


@pytest.mark.parametrize("output", ["h.html", "h.md"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_note_with_a_byte_that_is_not_utf8_is_a_clear_error(cli: Cli, tmp_path: Path, output: str, lang: str) -> None:
    """#2: it was "internal error" (a lone surrogate reached the file writer)."""
    note = os.fsdecode(b"caf\xe9")
    result = cli("--lang", lang, "handout", "acupuncture", "--note", note, "-o", str(tmp_path / output))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "painguide: --note has a byte that is not UTF-8; type it again in UTF-8\n"
    assert not (tmp_path / output).exists()


def test_a_note_is_measured_by_the_lines_it_prints(cli: Cli, tmp_path: Path) -> None:
    """#3: 998 line breaks within the 1,000-character cap printed 24 pages of an empty box."""
    out = tmp_path / "h.html"
    result = cli("handout", "acupuncture", "--note", "x" + "\n" * 998 + "y", "-o", str(out))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "painguide: --note prints as 59,940 characters (each line counts as at least 60); a note may hold at "
        "most 1,000\n"
    )
    assert not out.exists()
    # A note of a few lines still prints, each line as written.
    few = cli("handout", "acupuncture", "--note", "Walk 10 minutes a day.\nCall us on Friday.", "-o", str(out))
    assert few.exit_code == 0, few.stderr
    assert "Walk 10 minutes a day." in out.read_text(encoding="utf-8")


def test_a_cache_folder_of_only_spaces_creates_nothing_where_painguide_runs(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Low: PAINGUIDE_CACHE_DIR="  " made a folder named two spaces in the current folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PAINGUIDE_CACHE_DIR", "  ")
    result = cli("show", "tai-chi")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Tai chi\n")
    assert list(tmp_path.iterdir()) == []
