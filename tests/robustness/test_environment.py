"""Settings in the environment that painguide cannot honour: a clear message, never an
internal error or silence (issue 13, item 13)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CATALOG
from harness import base_env


def run(*args: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "painguide", "--data", str(CATALOG), *args],
        capture_output=True,
        env=base_env(**env),
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize("epoch", ["253402300800", "9" * 30, "9" * 5000])
def test_source_date_epoch_past_the_year_9999(epoch: str) -> None:
    proc = run("handout", "acupuncture", "-o", "-", SOURCE_DATE_EPOCH=epoch)
    # Before the fix: "internal error".
    assert (proc.returncode, proc.stdout) == (2, b"")
    shown = epoch if len(epoch) <= 20 else epoch[:20] + "..."
    assert proc.stderr.decode() == (
        f"painguide: SOURCE_DATE_EPOCH={shown} is past the last date painguide can print (9999-12-31); "
        "give seconds since 1970, or unset it.\n"
    )


def test_source_date_epoch_on_the_last_printable_day() -> None:
    proc = run("handout", "acupuncture", "-o", "-", SOURCE_DATE_EPOCH="253402300799")
    assert (proc.returncode, proc.stderr) == (0, b"")
    assert b"Made 9999-12-31 from" in proc.stdout


@pytest.mark.parametrize("encoding", ["undefined", "idna"])
def test_an_encoding_that_cannot_write_text_falls_back_to_utf8_and_says_so(encoding: str, tmp_path: Path) -> None:
    message = (
        f"painguide: cannot write text in the encoding '{encoding}' (from PYTHONIOENCODING or the locale); "
        "writing UTF-8 instead\n"
    )
    proc = run("show", "acupuncture", PYTHONIOENCODING=encoding)
    # Before the fix: exit 1 and nothing at all on stderr.
    assert (proc.returncode, proc.stderr.decode()) == (0, message)
    assert proc.stdout.decode("utf-8").startswith("Acupuncture\n")
    missing = subprocess.run(
        [sys.executable, "-m", "painguide", "--data", str(tmp_path / "none.yaml"), "list"],
        capture_output=True,
        env=base_env(PYTHONIOENCODING=encoding),
        timeout=30,
        check=False,
    )
    assert (missing.returncode, missing.stdout) == (1, b"")
    assert missing.stderr.decode() == message + f"painguide: {tmp_path / 'none.yaml'}: no such file\n"
