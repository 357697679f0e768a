"""Load test of `painguide serve` on loopback: throughput and p50/p99 latency at 1, 2 and 4 workers.

Usage (from the repository, with painguide[web] installed in the same Python and Debian's wrk):

    python benchmarks/web_load.py [--seconds 20] [--connections 50] [--workers 1,2,4]

For each worker count it starts `painguide serve --workers N` on a free
port (the bundled catalog, indexes prebuilt), warms it up, then runs wrk
against a search and a topic page in turn. Nothing here asserts a time: the
table is for people to read (docs/performance.md keeps the latest one).
Errors (non-2xx answers, socket errors) are counted and printed; any error
makes the script exit 1.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from webserver import get, start, stop  # noqa: E402

TARGETS = {
    "search": "/api/search?q=is+massage+safe+if+I+take+warfarin",
    "topic page": "/en/topics/acupuncture.html",
}


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(program: str, url: str, seconds: int, connections: int) -> dict[str, float]:
    proc = subprocess.run(
        [program, "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    out = proc.stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    parsed = {
        key: _ms(*re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups())  # type: ignore[union-attr]
        for key, value in latency.items()
    }
    total = re.search(r"(\d+) requests in", out)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non2xx.group(1)) if non2xx else 0
    errors += sum(int(n) for n in sockets.groups()) if sockets else 0
    return {
        "requests": float(total.group(1)) if total else 0.0,
        "rps": float(rate.group(1)) if rate else 0.0,
        "p50": parsed.get("50", 0.0),
        "p99": parsed.get("99", 0.0),
        "errors": float(errors),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", default="1,2,4")
    args = parser.parse_args()
    program = shutil.which("wrk")
    if program is None:
        print("web_load: wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    print(f"# painguide serve on 127.0.0.1, wrk -t2 -c{args.connections} -d{args.seconds}s")
    print(f"# {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print("| workers | endpoint | requests/s | p50 ms | p99 ms | requests | errors |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    failed = False
    with tempfile.TemporaryDirectory() as scratch:
        os.environ.setdefault("PAINGUIDE_CACHE_DIR", str(Path(scratch) / "cache"))
        for workers in (int(n) for n in args.workers.split(",")):
            server = start(None, Path(scratch) / f"serve-{workers}.log", "--workers", str(workers))
            try:
                for path in TARGETS.values():
                    # Warm every worker: the first request in each opens the indexes.
                    for _ in range(4 * workers):
                        get(server.url + path)
                for name, path in TARGETS.items():
                    result = wrk(program, server.url + path, args.seconds, args.connections)
                    failed = failed or result["errors"] > 0
                    print(
                        f"| {workers} | {name} | {result['rps']:.0f} | {result['p50']:.1f} | {result['p99']:.1f} "
                        f"| {result['requests']:.0f} | {result['errors']:.0f} |",
                        flush=True,
                    )
            finally:
                stop(server)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
