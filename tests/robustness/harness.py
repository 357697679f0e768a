"""Shared pieces of the robustness suite: a small catalog with known line
numbers, ways to bend it, and checks of what a user sees when things fail.

The catalog lives here rather than in tests/data so that its line numbers,
which the expected messages quote, cannot move under these tests.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from conftest import CATALOG, TESTS

BASE = textwrap.dedent(
    """\
    catalog:
      title: Robust guide
      version: "1.0"
      disclaimer: Education only, not medical advice.
    core:
      title: Core care
      summary: Many kinds of help, used together.
      elements:
        - text: Move gently every day.
          topics: [walking]
    categories:
      movement:
        title: Movement
        description: Ways to move.
    references:
      smith2020:
        authors: [Smith A, Jones B]
        year: 2020
        title: Walking for back pain
        journal: Pain Journal
        url: https://example.org/walking
    topics:
      walking:
        title: Walking
        aliases: [strolling]
        category: movement
        summary: Walking is gentle exercise that most people can do.
        key_points:
          - Start with ten minutes a day.
        evidence:
          - text: In one trial, walking eased back pain a little.
            refs: [smith2020]
        what_to_expect:
          - You set your own pace.
        safety:
          careful:
            - You have fallen recently.
          tell:
            - Any dizziness.
        questions:
          - How far should I walk?
        related: [stretching]
        last_reviewed: 2026-11-20
      stretching:
        title: Stretching
        category: movement
        summary: Stretching keeps muscles long and joints moving.
        key_points:
          - Stretch slowly, never bounce.
        evidence:
          - text: Stretching helped some people with back pain.
            refs: [smith2020]
        what_to_expect:
          - Each stretch takes a minute.
        safety:
          careful:
            - You had surgery recently.
          tell:
            - Where it hurts.
        questions:
          - Which stretches suit me?
        last_reviewed: 2026-11-20
    """
)

YAML_TEST_SUITE = TESTS / "data" / "yaml-test-suite"
VENV_BIN = Path(sys.executable).parent


def bend(*changes: tuple[str, str]) -> str:
    """BASE with each (old, new) replacement applied; each `old` must occur exactly once."""
    text = BASE
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in BASE"
        text = text.replace(old, new)
    return text


def line_of(text: str, needle: str) -> int:
    """1-based line number of the only line containing `needle`."""
    lines = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(lines) == 1, f"{needle!r} is on lines {lines}"
    return lines[0]


def summary_line(count: int) -> str:
    return f"painguide: the catalog has {count} error{'s' if count != 1 else ''}; nothing was shown."


def assert_clean_failure(exit_code: int, stdout: str, stderr: str, expected_code: int = 1) -> None:
    """The shape every failure has: its exit code, nothing on stdout, no traceback."""
    assert exit_code == expected_code, (exit_code, stderr)
    assert stdout == "", stdout
    assert "Traceback" not in stderr, stderr
    assert "internal error" not in stderr, stderr
    assert stderr.endswith("\n"), stderr


def assert_catalog_problems(result: object, path: Path, problems: Sequence[str]) -> None:
    """Exactly these `line:col: message` problems, each on one line, then the count."""
    exit_code, stdout, stderr = result.exit_code, result.stdout, result.stderr  # type: ignore[attr-defined]
    assert_clean_failure(exit_code, stdout, stderr)
    expected = [f"{path}:{problem}" for problem in problems] + [summary_line(len(problems))]
    assert stderr.splitlines() == expected, f"\n{stderr}\n!=\n" + "\n".join(expected)


@dataclass
class Proc:
    exit_code: int
    stdout: str
    stderr: str


def base_env(**overrides: str) -> dict[str, str]:
    """The test process's pinned environment (see conftest) plus `overrides`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    env.update(overrides)
    return env


def painguide(
    *args: str,
    env: Mapping[str, str] | None = None,
    timeout: float = 30,
    stdout: int | None = subprocess.PIPE,
    prefix: Sequence[str] = (),
) -> Proc:
    """Run the real program in a child process (for hangs, crashes, signals and streams)."""
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "painguide", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=dict(env) if env is not None else base_env(),
        timeout=timeout,
        check=False,
    )
    out = proc.stdout.decode("utf-8", "replace") if proc.stdout is not None else ""
    return Proc(proc.returncode, out, proc.stderr.decode("utf-8", "replace"))


SGR = re.compile(r"\x1b\[[0-9;]*m")


def words(output: str) -> set[str]:
    """The words of some output, without styling codes or rule/underline lines."""
    return {word for word in SGR.sub("", output).split() if any(char.isalnum() for char in word)}


# C0 controls other than tab and newline, DEL and C1 controls, and every
# bidi control: none may reach a terminal raw.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def raw_controls(output: str) -> list[str]:
    """Control characters in `output` other than the SGR colour codes painguide writes itself."""
    return RAW_CONTROL.findall(SGR.sub("", output))


if __name__ == "__main__":
    for number, line in enumerate(BASE.splitlines(), start=1):
        print(f"{number:3} {line}")


def run_in_deleted_directory(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run painguide from a working directory that was deleted after the shell entered it."""
    gone = tmp_path / "gone"
    gone.mkdir()
    (tmp_path / "catalog.yaml").write_text(CATALOG.read_text(encoding="utf-8"), encoding="utf-8")
    script = 'cd "$1" && rmdir "$1" && shift && exec "$@"'
    return subprocess.run(
        ["bash", "-c", script, "_", str(gone), sys.executable, "-m", "painguide", *args],
        capture_output=True,
        text=True,
        env=base_env(**env),
        timeout=30,
        check=False,
    )
