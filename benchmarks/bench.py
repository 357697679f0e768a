"""Start-up and scaling benchmark for painguide: prints a table of ratios.

Usage (from the repository, with painguide installed in the same Python):

    python benchmarks/bench.py [--runs 10] [--sizes 2000,20000] [--big-field 10]

Every command runs as a real subprocess with stdout sent to a pipe, the way a
user's shell runs it. Runs are interleaved (one of each command per round) so
that a busy machine slows all of them alike; the table shows medians and the
ratios the performance targets are stated in. Peak memory is the child's
maximum resident set size from wait4(). Nothing here asserts a time: the
numbers are for people to read (docs/performance.md keeps the latest table).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (
    "pain",
    "back",
    "neck",
    "knee",
    "sleep",
    "stress",
    "walk",
    "stretch",
    "breathe",
    "muscle",
    "joint",
    "nerve",
    "calm",
    "rest",
    "move",
    "gentle",
    "habit",
    "food",
    "water",
    "doctor",
    "nurse",
    "team",
    "plan",
    "goal",
    "step",
    "week",
    "day",
    "night",
    "body",
    "mind",
    "mood",
    "worry",
    "relief",
    "heat",
    "cold",
    "swim",
    "bike",
    "yoga",
    "class",
    "group",
    "talk",
    "skill",
    "coach",
    "daily",
    "simple",
    "slow",
    "steady",
    "strong",
    "weak",
    "tired",
)


def synthetic_catalog(topics: int, seed: int = 7, big_summary: int = 0) -> str:
    """A valid catalog with `topics` topics of about 1 KB each.

    With `big_summary`, the first topic's summary is that many characters
    long instead: the one-huge-field case for search snippets.
    """
    rng = random.Random(seed)

    def sentence(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."

    def huge(size: int) -> str:
        parts: list[str] = []
        length = 0
        while length < size:
            parts.append(sentence(12))
            length += len(parts[-1]) + 1
        return " ".join(parts)

    lines = [
        "catalog:",
        "  title: Synthetic catalog",
        '  version: "1"',
        "  disclaimer: This is education, not medical advice.",
        "core:",
        "  title: Core",
        "  summary: A synthetic catalog for benchmarks.",
        "  elements:",
        "    - text: Everything together.",
        "categories:",
        "  general:",
        "    title: General",
        "references:",
    ]
    for r in range(max(1, topics // 10)):
        lines += [
            f"  ref{r:05d}:",
            f"    authors: [Author{r} A, Writer{r} B]",
            "    year: 2020",
            f"    title: {sentence(8)}",
            "    journal: Journal of Benchmarks",
            f'    volume: "{r % 50 + 1}"',
            f'    pages: "{r}-{r + 9}"',
        ]
    lines.append("topics:")
    for t in range(topics):
        ref = f"ref{t % max(1, topics // 10):05d}"
        lines += [
            f"  topic-{t:05d}:",
            f"    title: Topic {t} {rng.choice(WORDS)} {rng.choice(WORDS)}",
            f"    aliases: [alias-{t:05d}]",
            "    category: general",
            f"    summary: {huge(big_summary) if t == 0 and big_summary else sentence(40)}",
            "    key_points:",
            *(f"      - {sentence(12)}" for _ in range(4)),
            "    evidence:",
            f"      - text: {sentence(20)}",
            f"        refs: [{ref}]",
            "    what_to_expect:",
            *(f"      - {sentence(10)}" for _ in range(2)),
            "    safety:",
            f"      careful: [{sentence(8)}]",
            f"      tell: [{sentence(8)}]",
            "    questions:",
            f"      - {sentence(8)[:-1]}?",
            f"    related: [topic-{(t + 1) % topics:05d}]",
            "    last_reviewed: 2026-11-01",
        ]
    return "\n".join(lines) + "\n"


GNU_TIME = "/usr/bin/time"


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall time in ms and peak RSS in KiB of one run, output read from a pipe.

    The child is started through GNU time where it exists: wait4() on a child
    forked straight from this (large) process would count our own memory.
    """
    measure = os.path.exists(GNU_TIME)
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss_file:
        full = [GNU_TIME, "-f", "%M", "-o", rss_file.name, *argv] if measure else argv
        start = time.perf_counter()
        proc = subprocess.run(full, capture_output=True, env=env)
        elapsed = (time.perf_counter() - start) * 1000
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
        rss = int(rss_file.read().strip().splitlines()[-1]) if measure else 0
    return elapsed, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--big-field", type=float, default=10.0, help="MB of one topic's summary (0: skip)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]

    python = sys.executable
    painguide = shutil.which("painguide", path=str(Path(python).parent)) or shutil.which("painguide")
    if painguide is None:
        raise SystemExit("painguide is not installed next to this Python")
    work = Path(tempfile.mkdtemp(prefix="painguide-bench-"))
    env = {k: v for k, v in os.environ.items() if k not in ("PAINGUIDE_DATA", "FORCE_COLOR")}
    env["PAINGUIDE_CACHE_DIR"] = str(work / "cache")
    env["NO_COLOR"] = "1"

    commands: dict[str, list[str]] = {
        "imports": [python, "-c", "import typer, rich.console, yaml"],
        "show (bundled)": [painguide, "show", "acupuncture"],
        "search (bundled)": [painguide, "search", "back", "pain"],
        "search a question (bundled)": [painguide, "search", "is", "massage", "safe", "if", "I", "take", "warfarin"],
        # Spanish: its own index, the message catalog opened, the Snowball stemmer for search.
        "show (bundled, es)": [painguide, "--lang", "es", "show", "acupuntura"],
        "search (bundled, es)": [painguide, "--lang", "es", "search", "dolor", "de", "espalda"],
    }
    first_runs: dict[str, tuple[float, int]] = {}
    for size in sizes:
        path = work / f"catalog-{size}.yaml"
        path.write_text(synthetic_catalog(size), encoding="utf-8")
        mb = path.stat().st_size / 1e6
        show = [painguide, "--data", str(path), "show", f"topic-{size // 2:05d}"]
        search = [painguide, "--data", str(path), "search", "sleep", "walk"]
        first_runs[f"first run, {size:,} topics ({mb:.1f} MB)"] = run_once(show, env)
        commands[f"show ({size:,} topics)"] = show
        commands[f"search ({size:,} topics)"] = search
        question = ["is", "walking", "safe", "at", "night", "for", "my", "bad", "knee"]
        commands[f"search a question ({size:,} topics)"] = [painguide, "--data", str(path), "search", *question]
    if args.big_field:
        path = work / "catalog-big-field.yaml"
        path.write_text(synthetic_catalog(10, big_summary=int(args.big_field * 1e6)), encoding="utf-8")
        name = f"one {args.big_field:g} MB summary"
        first_runs[f"first run, {name}"] = run_once([painguide, "--data", str(path), "show", "topic-00000"], env)
        commands[f"search pain ({name})"] = [painguide, "--data", str(path), "search", "pain"]
        commands[f"search a question ({name})"] = [painguide, "--data", str(path), "search", "is", "walking", "safe"]
    for argv in commands.values():  # warm the OS cache and every index once
        run_once(argv, env)

    times: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, int] = dict.fromkeys(commands, 0)
    for _ in range(args.runs):
        for name, argv in commands.items():
            elapsed, rss = run_once(argv, env)
            times[name].append(elapsed)
            peaks[name] = max(peaks[name], rss)
    median = {name: statistics.median(values) for name, values in times.items()}
    base, show_bundled = median["imports"], median["show (bundled)"]

    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}"
    print(f"Machine: {machine}, Python {platform.python_version()}")
    print(f"Runs: {args.runs} interleaved; medians; output to a pipe.\n")
    print("| measurement | median ms | ratio | target | peak RSS MB |")
    print("|---|---:|---:|---|---:|")
    targets = {"show (bundled)": ("imports", 1.2), "show (bundled, es)": ("imports", 1.2)}
    for size in sizes:
        targets[f"show ({size:,} topics)"] = ("show (bundled)", 1.5)
        targets[f"search ({size:,} topics)"] = ("show (bundled)", 2.0)
        targets[f"search a question ({size:,} topics)"] = ("show (bundled)", 2.0)
    for name in commands:
        if name.startswith("search") and name not in targets:
            targets[name] = ("show (bundled)", 2.0)
    for name in commands:
        ratio, target = "", ""
        if name in targets:
            against, limit = targets[name]
            value = median[name] / median[against]
            verdict = "met" if value <= limit else "NOT met"
            ratio = f"{value:.2f}"
            target = f"<= {limit} x {against}: {verdict}"
        print(f"| {name} | {median[name]:.0f} | {ratio} | {target} | {peaks[name] / 1024:.1f} |")
    for name, (elapsed, rss) in first_runs.items():
        print(f"| {name} | {elapsed:.0f} | {elapsed / show_bundled:.1f} | reported only | {rss / 1024:.1f} |")
    print(f"\nBaseline `python -c 'import typer, rich.console, yaml'`: {base:.0f} ms.")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
