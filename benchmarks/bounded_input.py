"""Memory and time of reading hostile or huge catalogs: prints a table.

Usage (from the repository, with painguide installed in the same Python):

    python benchmarks/bounded_input.py [--mb 60] [--pure-python]

Each file is just under the 64 MB cap (or as large as its shape needs) and is
read by `painguide --data FILE list` in a fresh child process with no index
cache, so every run parses and validates. The child reports its own peak
resident set size (getrusage) and CPU time; wall time is printed too but
depends on what else the machine is doing. Nothing here asserts: the figures
are for people (docs/robustness.md keeps the latest table).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import synthetic_catalog  # noqa: E402

CHILD = """
import json, resource, sys, time
if sys.argv[1] == "pure":
    import yaml, painguide.catalog.yamltree as t
    t._Loader = yaml.SafeLoader
from painguide.cli import run
start = time.process_time()
code = run(sys.argv[2:])
sys.stdout.flush()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"code": code, "cpu": usage.ru_utime + usage.ru_stime, "peak_kb": usage.ru_maxrss}), file=sys.stderr)
"""


def one_letter_items(size: int) -> str:
    return "x:\n" + "- a\n" * (size // 4)


def flow_items(size: int) -> str:
    return "x: [" + "a," * (size // 2) + "a]\n"


def one_long_text(size: int) -> str:
    return "summary: " + "word " * (size // 5) + "\n"


def emoji_text(size: int) -> str:
    return "summary: " + "\U0001f48a" * (size // 4) + "\n"


def many_keys(size: int) -> str:
    line = "key{:07d}: value\n"
    return "".join(line.format(n) for n in range(size // len(line.format(0))))


def broken_topics(size: int) -> str:
    # Small enough to pass the node budget, so that validation runs and reports.
    entries = min(size // 11, 740_000)
    return "topics:\n" + "".join(f"  t{n}: 1\n" for n in range(entries))


def deep_brackets(size: int) -> str:
    return "x: " + "[" * (size // 2) + "]" * (size // 2) + "\n"


def realistic(topics: int) -> Callable[[int], str]:
    return lambda size: synthetic_catalog(topics)


CASES: dict[str, Callable[[int], str]] = {
    "20,000 realistic topics (loads)": realistic(20_000),
    "46,000 realistic topics": realistic(46_000),
    "one-letter list items": one_letter_items,
    "one-letter flow items": flow_items,
    "one 60 MB text": one_long_text,
    "emoji text (4-byte UTF-8)": emoji_text,
    "distinct keys": many_keys,
    "740,000 broken topics (9 MB)": broken_topics,
    "brackets nested 30 million deep": deep_brackets,
}


def measure(python: str, path: Path, pure: bool) -> tuple[dict[str, float], float, str]:
    env = {**os.environ, "PAINGUIDE_NO_CACHE": "1"}
    start = time.perf_counter()
    proc = subprocess.run(
        [python, "-c", CHILD, "pure" if pure else "c", "--data", str(path), "list"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    wall = time.perf_counter() - start
    *messages, report = proc.stderr.splitlines()
    first = messages[0].split(": ", 1)[-1] if messages else "ok"
    return json.loads(report), wall, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=60.0, help="size of the synthetic hostile files")
    parser.add_argument("--pure-python", action="store_true", help="use PyYAML's pure-Python parser")
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    args = parser.parse_args()
    size = int(args.mb * 1e6)
    print(f"Python {sys.version.split()[0]}, {'pure-Python PyYAML' if args.pure_python else 'libyaml'}")
    print("| case | file MB | exit | peak RSS MB | CPU s | wall s | first message |")
    print("|---|---:|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory(prefix="painguide-bounded-") as work:
        for name, make in CASES.items():
            if args.only not in name:
                continue
            path = Path(work) / "catalog.yaml"
            path.write_text(make(size), encoding="utf-8")
            mb = path.stat().st_size / 1e6
            report, wall, first = measure(sys.executable, path, args.pure_python)
            peak_mb = report["peak_kb"] / (1024 * 1024 if sys.platform == "darwin" else 1024)
            shown = first if len(first) <= 70 else first[:67] + "..."
            print(
                f"| {name} | {mb:.1f} | {report['code']} | {peak_mb:.0f} | {report['cpu']:.1f} | {wall:.1f} | {shown} |"
            )
            path.unlink()


if __name__ == "__main__":
    main()
