"""Every input has a bounded cost (issue 13, items 6, 9, 12 and the query part of 17).

Costs are shown by counting (where the parser stops, how many problems are
kept) and, for memory, by the peak resident size of a child process. Times
are never asserted; benchmarks/bounded_input.py prints them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result
from harness import assert_catalog_problems, assert_clean_failure, base_env, bend, line_of
from painguide.catalog import validate, yamltree

Cli = Callable[..., Result]

PURE_PYTHON = "import yaml, painguide.catalog.yamltree as t; t._Loader = yaml.SafeLoader\n"


def run_child(*args: str, pure_python: bool = False) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run painguide in a fresh child; return it and its peak resident size in MB."""
    script = (PURE_PYTHON if pure_python else "") + (
        "import resource, sys\nfrom painguide.cli import run\ncode = run(sys.argv[1:])\n"
        "sys.stdout.flush()\nprint(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env=base_env(PAINGUIDE_NO_CACHE="1"),
        timeout=300,
        check=False,
    )
    *lines, peak = proc.stderr.splitlines()
    proc.stderr = "".join(line + "\n" for line in lines)
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return proc, int(peak) * 1024 // scale // 1024


# --- item 6: a node budget ---------------------------------------------------


def test_one_letter_items_stop_at_the_node_budget(tmp_path: Path) -> None:
    """1.6 million one-letter items (6.4 MB): before the fix, 1.4 GB and a minute to compose."""
    path = tmp_path / "letters.yaml"
    path.write_text("x:\n" + "- a\n" * 1_600_000, encoding="utf-8")
    proc, peak_mb = run_child("--data", str(path), "list")
    assert_clean_failure(proc.returncode, proc.stdout, proc.stderr)
    # Values are counted from the top mapping and its first key: item n is on line n + 1.
    budget = yamltree.MAX_NODES
    assert proc.stderr.splitlines() == [
        f"{path}:{budget - 1}:3: the catalog has more than {budget:,} values (keys, texts and lists), "
        "the most painguide reads; split it into smaller catalogs",
        "painguide: the catalog has 1 error; nothing was shown.",
    ]
    assert peak_mb < 400, peak_mb


def test_the_budget_counts_every_node(
    cli: Cli, write_catalog: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamltree, "MAX_NODES", 50)
    path = write_catalog("a:\n  b: [" + ", ".join(["x"] * 100) + "]\n")
    # The top mapping, a, its mapping, b and the list are values 1 to 5: item 46 is value 51.
    column = len("  b: [") + len("x, ") * 45 + 1
    assert_catalog_problems(
        cli("list", catalog=path),
        path,
        [
            f"2:{column}: the catalog has more than 50 values (keys, texts and lists), the most painguide reads; "
            "split it into smaller catalogs"
        ],
    )


def test_a_realistic_catalog_within_the_budget_loads(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    path = write_catalog(
        bend(
            (
                "      - Start with ten minutes a day.",
                "".join(f"      - Point {n}.\n" for n in range(20_000)).rstrip("\n"),
            )
        )
    )
    result = cli("show", "walking", catalog=path)
    assert result.exit_code == 0, result.stderr
    assert "Point 19999." in result.stdout


def test_problems_past_the_limit_are_counted_not_kept(tmp_path: Path) -> None:
    """300,000 broken topics: the first 10,000 problems are listed, the rest counted."""
    path = tmp_path / "broken.yaml"
    path.write_text("topics:\n" + "".join(f"  t{n}: 1\n" for n in range(300_000)), encoding="utf-8")
    proc, peak_mb = run_child("--data", str(path), "list")
    assert_clean_failure(proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.splitlines()
    limit = validate.MAX_PROBLEMS
    assert len(lines) == limit + 2
    assert lines[0] == f"{path}:1:1: the catalog file: missing required key 'catalog'"
    unlisted = 300_000 + 4 - limit
    assert lines[-2] == (
        f"{path}: note: {unlisted:,} more problems are not listed (only the first {limit:,} are); fix these first"
    )
    assert lines[-1] == "painguide: the catalog has 300004 errors; nothing was shown."
    assert peak_mb < 400, peak_mb


# --- the length of a field -----------------------------------------------------

SUMMARY_TEXT = "    summary: Walking is gentle exercise that most people can do."
SUMMARY = line_of(bend(), SUMMARY_TEXT)


def test_a_field_longer_than_the_limit_is_refused_with_its_place(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    limit = validate.MAX_FIELD_CHARS
    too_long = "word " * (limit // 5) + "x"
    path = write_catalog(
        bend(("    summary: Walking is gentle exercise that most people can do.", f"    summary: {too_long}"))
    )
    assert_catalog_problems(
        cli("list", catalog=path),
        path,
        [
            f"{SUMMARY}:14: topics.walking.summary is {limit + 1:,} characters long; a field may hold at most "
            f"{limit:,} (shorten it, or split it into key points)"
        ],
    )
    fits = write_catalog(
        bend(("    summary: Walking is gentle exercise that most people can do.", f"    summary: {too_long[:-2]}")),
        "fits.yaml",
    )
    assert cli("list", catalog=fits).exit_code == 0


@pytest.mark.parametrize("pure_python", [False, True], ids=["libyaml", "pure-python"])
def test_one_huge_value_is_refused_where_it_starts(tmp_path: Path, pure_python: bool) -> None:
    """A 3 MB text: PyYAML's pure-Python scanner kept each word apart (a 60 MB one took 1.1 GB)."""
    path = tmp_path / "long.yaml"
    path.write_text(bend((SUMMARY_TEXT, "    summary: " + "word " * 600_000)), encoding="utf-8")
    proc, _ = run_child("--data", str(path), "list", pure_python=pure_python)
    assert_clean_failure(proc.returncode, proc.stdout, proc.stderr)
    assert proc.stderr.splitlines()[0] == (
        f"{path}:{SUMMARY}:14: more than {yamltree.MAX_TOKEN_CHARS:,} characters of one value or comment "
        "start here; nothing in a catalog is that long"
    )


# --- item 9: depth is counted from parser events ----------------------------

QUOTED_BRACKETS = "x: " + '[ "]", ' * 300 + "1" + "]" * 300 + "\n"


@pytest.mark.parametrize("pure_python", [False, True], ids=["libyaml", "pure-python"])
def test_brackets_inside_quotes_do_not_hide_real_nesting(tmp_path: Path, pure_python: bool) -> None:
    path = tmp_path / "quoted.yaml"
    path.write_text(QUOTED_BRACKETS, encoding="utf-8")
    proc, _ = run_child("--data", str(path), "list", pure_python=pure_python)
    # Before the fix, with pure-Python PyYAML: RecursionError, "internal error".
    assert_clean_failure(proc.returncode, proc.stdout, proc.stderr)
    column = len("x: ") + len('[ "]", ') * yamltree.MAX_DEPTH - len('[ "]", ') + 1
    assert proc.stderr.splitlines() == [
        f"{path}:1:{column}: nested or indented too deeply; a catalog needs only a few levels",
        "painguide: the catalog has 1 error; nothing was shown.",
    ]


def test_unclosed_brackets_inside_quotes_are_only_text(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    points = "".join(f'      - "Point {n} [see the leaflet"\n' for n in range(205))
    path = write_catalog(bend(("      - Start with ten minutes a day.\n", points)))
    # Before the fix: refused as "nested or indented too deeply".
    result = cli("show", "walking", catalog=path)
    assert result.exit_code == 0, result.stderr
    assert "Point 204 [see the leaflet" in result.stdout


# --- item 12: half a surrogate pair from the pure-Python parser ---------------


@pytest.mark.parametrize("pure_python", [False, True], ids=["libyaml", "pure-python"])
def test_an_escaped_lone_surrogate_is_a_clear_problem(tmp_path: Path, pure_python: bool) -> None:
    path = tmp_path / "surrogate.yaml"
    path.write_text(
        bend(("    summary: Walking is gentle exercise that most people can do.", '    summary: "x \\ud800"')),
        encoding="utf-8",
    )
    proc, _ = run_child("--data", str(path), "list", pure_python=pure_python)
    # Before the fix, with pure-Python PyYAML: "internal error" while indexing.
    assert_clean_failure(proc.returncode, proc.stdout, proc.stderr)
    first = proc.stderr.splitlines()[0]
    if pure_python:
        assert first == (
            f"{path}:{SUMMARY}:14: the text holds U+D800, half of a UTF-16 surrogate pair, which is not a character; "
            "write the character itself (or escape it as \\U followed by 8 hex digits)"
        )
    else:
        # libyaml stops at the escape itself; the message says what is wrong with it.
        assert first == (
            f"{path}:{SUMMARY}:19: the escape here names no character (half of a UTF-16 surrogate pair is not one); "
            "write the character itself (or escape it as \\U followed by 8 hex digits)"
        )


# --- item 17: queries are capped and echoed shortened ------------------------


def test_a_huge_query_is_refused_and_echoed_shortened(cli: Cli) -> None:
    query = "a" * 100_000
    result = cli("search", query)
    # Before the fix: the whole query came back in one line.
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "painguide: The search is 100,000 characters long; use at most 500 (a few words find the most).\n"
    )


def test_too_many_words_are_refused(cli: Cli) -> None:
    result = cli("search", *[f"w{n}" for n in range(20_000)])
    assert result.exit_code == 2
    # A paragraph may be a person in crisis: the one-line 988/911 reminder comes first, then the refusal.
    assert " ".join(result.stdout.split()) == (
        "If you are thinking about suicide or hurting yourself, call or text 988 (para español, oprima el 2). "
        "In an emergency, call 911."
    )
    assert result.stderr == "painguide: The search has 20,000 words; use at most 32 (a few words find the most).\n"


def test_a_query_that_finds_nothing_is_echoed_shortened(cli: Cli) -> None:
    query = "zz" * 200
    result = cli("search", query)
    assert (result.exit_code, result.stderr) == (1, "")
    shown = "zz" * 30 + "..."
    # The page that says nothing answers echoes the query shortened, in its message.
    assert (
        f"No topic mentions '{shown}'. Try fewer or simpler words, or run 'painguide list' to see every topic."
        in " ".join(result.stdout.split())
    )
    assert len(result.stdout) < 2_000


def test_an_unknown_long_topic_name_is_echoed_shortened(cli: Cli) -> None:
    result = cli("show", "q" * 150)
    assert result.exit_code == 2
    assert len(result.stderr) < 300
    assert result.stderr.startswith("painguide: No topic named '" + "q" * 60 + "...'.")


def test_a_topic_name_longer_than_any_name_is_refused_before_any_lookup(cli: Cli) -> None:
    # 10,000 words took 18.8 s of lookups before this bound (adversarial pass, low).
    assert cli("show", "q" * 100_000).stderr == (
        "painguide: The topic name is 100,000 characters long; use at most 200.\n"
    )
    many = cli("show", *["sleeping"] * 10_000)
    assert (many.exit_code, many.stderr) == (2, "painguide: The topic name has 10,000 words; use at most 32.\n")


def test_search_json_is_always_valid_utf8(cli: Cli) -> None:
    # A byte that is not UTF-8 arrives in argv as a lone surrogate (\udcff).
    result = cli("search", "pain\udcff", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "\\udcff" not in result.stdout
    data = json.loads(result.stdout)
    assert data["query"] == "pain\ufffd"
    result.stdout.encode("utf-8")  # strict: raises on any surrogate
