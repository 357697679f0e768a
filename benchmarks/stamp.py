"""How stamping a translation scales: prints seconds and the ratio per tenfold size.

Usage (from the repository, with painguide installed in the same Python):

    python benchmarks/stamp.py [--sizes 2000,20000]

Stamping was quadratic (20,000 topics took 101 s: each record was found by a
scan of its section, and each edit moved every line after it); a linear
stamp takes about ten times as long for ten times the topics. Nothing here
asserts a time: the numbers are for people to read.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench import synthetic_catalog  # noqa: E402


def translation(topics: int) -> str:
    """A Spanish file for `synthetic_catalog(topics)`: every topic's title, without fingerprints."""
    lines = ["language: es", "topics:"]
    for t in range(topics):
        lines += [f"  topic-{t:05d}:", "    status: draft", f"    title: Tema {t}"]
    return "\n".join(lines) + "\n"


def main() -> None:
    from painguide.catalog.load import load_catalog
    from painguide.catalog.translation import stamp

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000")
    sizes = [int(size) for size in parser.parse_args().sizes.split(",")]
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            catalog = Path(folder) / f"c{size}.yaml"
            catalog.write_text(synthetic_catalog(size), encoding="utf-8")
            (Path(folder) / f"c{size}.es.yaml").write_text(translation(size), encoding="utf-8")
            english = load_catalog(str(catalog))
            start = time.perf_counter()
            _data, count = stamp(english, "es")
            times.append(time.perf_counter() - start)
            print(f"{size:>7} topics: {times[-1]:7.2f} s to stamp {count} fields")
    for (small, t_small), (big, t_big) in zip(zip(sizes, times), zip(sizes[1:], times[1:])):
        print(f"{small} -> {big} topics ({big / small:g}x): {t_big / t_small:.1f}x the time")


if __name__ == "__main__":
    main()
