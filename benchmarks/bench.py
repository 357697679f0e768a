"""Start-up, check, handout and scaling benchmark for painguide: prints tables of ratios.

Usage (from the repository, with painguide and the test extra installed in
the same Python; `man` from man-db if it is there):

    python benchmarks/bench.py [--runs 15] [--sizes 2000,20000]

Every command runs as a real subprocess with stdout sent to a pipe, the way a
user's shell runs it. Runs are interleaved (one of each command per round) so
that a busy machine slows all of them alike; the tables show medians and the
ratios the performance targets are stated in, against anchors measured in the
same rounds:

- the tldr client (PyPI package `tldr`), reading pages from a cache this
  script writes into its temporary folder, with the network turned off;
- `man` (man-db), a C program showing a man page;
- the dependency floor: `python -c "import typer, rich.console, yaml"`.

Peak memory is the child's maximum resident set size, from GNU time. Nothing
here asserts a time: the numbers are for people to read
(docs/performance.md keeps the latest tables, all made by this script). The
temporary folder (catalogs, caches, PDFs) is removed whatever happens.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

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


def synthetic_catalog(topics: int, seed: int = 7) -> str:
    """A valid catalog (one `check` passes) with `topics` topics of about 1.4 KB each."""
    rng = random.Random(seed)

    def sentence(n: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."

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
            "    main_message: Walk a little each day. Ask your care team first.",
            f"    summary: {sentence(40)}",
            "    key_points:",
            *(f"      - {sentence(12)}" for _ in range(4)),
            "    evidence:",
            f"      - text: {sentence(20)}",
            f"        refs: [{ref}]",
            "        certainty: moderate",
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


# A tldr page of about the usual length, in the client's cache layout
# (XDG_CACHE_HOME/tldr/pages[.LANG]/PLATFORM/NAME.md); written by this script.
TLDR_PAGE = """# tar

> Archiving utility.
> Often combined with a compression method, such as gzip or bzip2.

- Create an archive from files:

`tar cf {{path/to/target.tar}} {{path/to/file1 path/to/file2 ...}}`

- Create a gzipped archive from a directory:

`tar czf {{path/to/target.tar.gz}} {{path/to/directory}}`

- Extract a (compressed) archive into the current directory, verbosely:

`tar xvf {{path/to/source.tar[.gz|.bz2|.xz]}}`

- Extract an archive into a target directory:

`tar xf {{path/to/source.tar}} --directory {{path/to/directory}}`

- List the contents of an archive, verbosely:

`tar tvf {{path/to/source.tar}}`

- Extract files matching a pattern from an archive:

`tar xf {{path/to/source.tar}} --wildcards "{{*.html}}"`
"""

TLDR_PAGE_ES = """# tar

> Utilidad de archivado.
> A menudo se combina con un método de compresión, como gzip o bzip2.

- Crea un archivo a partir de ficheros:

`tar cf {{ruta/al/destino.tar}} {{ruta/al/fichero1 ruta/al/fichero2 ...}}`

- Crea un archivo comprimido con gzip a partir de un directorio:

`tar czf {{ruta/al/destino.tar.gz}} {{ruta/al/directorio}}`

- Extrae un archivo (comprimido) en el directorio actual, mostrando cada fichero:

`tar xvf {{ruta/al/origen.tar[.gz|.bz2|.xz]}}`

- Lista el contenido de un archivo:

`tar tvf {{ruta/al/origen.tar}}`
"""

GNU_TIME = "/usr/bin/time"
# The dependency floor: what any run of painguide imports before it does anything.
FLOOR_CODE = "import typer, rich.console, yaml"
FLOOR = f"floor: python -c '{FLOOR_CODE}'"

# Measures the parts of a PDF handout in one process: WeasyPrint's import, the
# layout, and writing the PDF, as render/handout_pdf.py does them.
PDF_PARTS = """
import json, sys, time
start = time.perf_counter()
import weasyprint
imported = time.perf_counter()
from painguide.render.handout_pdf import _no_fetching
html = open(sys.argv[1], encoding="utf-8").read()
document = weasyprint.HTML(string=html, url_fetcher=_no_fetching(weasyprint)).render(pdf_variant="pdf/ua-1")
laid_out = time.perf_counter()
document.write_pdf(pdf_variant="pdf/ua-1")
written = time.perf_counter()
print(json.dumps([imported - start, laid_out - imported, written - laid_out]))
"""


class Run(NamedTuple):
    wall: float  # ms from start to exit
    cpu: float  # ms of CPU, user and system, of the child and everything it waited for
    rss: int  # KiB, peak resident set size
    out: str


def run_once(argv: Sequence[str], env: dict[str, str]) -> Run:
    """One run with its output read from a pipe.

    The child is started through GNU time where it exists: wait4() on a child
    forked straight from this (large) process would count our own memory.
    CPU time comes from getrusage(RUSAGE_CHILDREN) around the run: on a
    machine shared with other work, it varies far less than wall time.
    """
    measure = os.path.exists(GNU_TIME)
    with tempfile.NamedTemporaryFile("r", suffix=".rss", dir=env["BENCH_TMP"]) as rss_file:
        full = [GNU_TIME, "-f", "%M", "-o", rss_file.name, *argv] if measure else list(argv)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(full, capture_output=True, env=env)
        elapsed = (time.perf_counter() - start) * 1000
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
        rss = int(rss_file.read().strip().splitlines()[-1]) if measure else 0
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return Run(elapsed, cpu, rss, proc.stdout.decode("utf-8", "replace"))


class Rounds:
    """Commands measured together, in interleaved rounds."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.commands: dict[str, tuple[list[str], dict[str, str]]] = {}
        self.runs: dict[str, list[Run]] = {}

    def add(self, name: str, argv: list[str], **env: str) -> None:
        self.commands[name] = (argv, {**self.env, **env})

    def run(self, runs: int) -> None:
        for argv, env in self.commands.values():  # warm the OS cache and every index once
            run_once(argv, env)
        self.runs = {name: [] for name in self.commands}
        for _ in range(runs):
            for name, (argv, env) in self.commands.items():
                self.runs[name].append(run_once(argv, env))

    def median(self, name: str) -> float:
        """Median wall time, ms."""
        return statistics.median(run.wall for run in self.runs[name])

    def cpu(self, name: str) -> float:
        """Median CPU time, ms."""
        return statistics.median(run.cpu for run in self.runs[name])

    def mb(self, name: str) -> str:
        return f"{max(run.rss for run in self.runs[name]) / 1024:.1f}"

    def ratios(self, name: str, against: str) -> tuple[float, float]:
        """(wall, CPU) of `name` over those of `against`."""
        return self.median(name) / self.median(against), self.cpu(name) / self.cpu(against)


def verdict(ratios: tuple[float, float], limit: float) -> str:
    """Met only if both the wall-time and the CPU-time ratio are within `limit`."""
    wall, cpu = (value <= limit for value in ratios)
    word = {
        (True, True): "met",
        (False, False): "NOT met",
        (False, True): "met by CPU, not by wall time",
        (True, False): "met by wall time, not by CPU",
    }[wall, cpu]
    return f"<= {limit:g}: {word}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    print("| " + " | ".join(header) + " |")
    left = [i == 0 or name in ("target", "anchor") for i, name in enumerate(header)]
    print("|" + "|".join("---" if flush else "---:" for flush in left) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()


def reading_commands(rounds: Rounds, painguide: str, python: str, tldr: str | None, man: str | None) -> None:
    """Section 1: the reading commands, piped, against the tldr client, man and the floor."""
    rounds.add(FLOOR, [python, "-c", FLOOR_CODE])
    # What every painguide command pays before its own work: the parser library alone.
    rounds.add("python -c 'import typer'", [python, "-c", "import typer"])
    if tldr:
        rounds.add("tldr tar", [tldr, "tar"])
        rounds.add("tldr --list", [tldr, "--list"])
        rounds.add("tldr --search ta", [tldr, "--search", "ta"])
        rounds.add("tldr -L es tar", [tldr, "-L", "es", "tar"])
    if man:
        rounds.add("man ls", [man, "ls"], MANWIDTH="80")
    rounds.add("painguide show acupuncture", [painguide, "show", "acupuncture"])
    rounds.add("painguide list", [painguide, "list"])
    rounds.add("painguide refs", [painguide, "refs"])
    rounds.add("painguide search back pain", [painguide, "search", "back", "pain"])
    rounds.add(
        "painguide search is massage safe if I take warfarin",
        [painguide, "search", "is", "massage", "safe", "if", "I", "take", "warfarin"],
    )
    # "knots" is in no topic: search asks the word list whether it is a word (a misspelling would be corrected).
    rounds.add("painguide search massage for knots", [painguide, "search", "massage", "for", "knots"])
    rounds.add("painguide --lang es show acupuntura", [painguide, "--lang", "es", "show", "acupuntura"])
    rounds.add(
        "painguide --lang es search dolor de espalda", [painguide, "--lang", "es", "search", "dolor", "de", "espalda"]
    )
    # Styled, as on a terminal, though the output goes to a pipe.
    rounds.add("painguide show acupuncture, styled", [painguide, "show", "acupuncture"], FORCE_COLOR="1", NO_COLOR="")


# Each reading command's anchor: the tldr client doing the same kind of thing.
ANCHORS = {
    "painguide show acupuncture": "tldr tar",
    "painguide list": "tldr --list",
    "painguide refs": "tldr tar",
    "painguide search back pain": "tldr --search ta",
    "painguide search is massage safe if I take warfarin": "tldr --search ta",
    "painguide search massage for knots": "tldr --search ta",
    "painguide --lang es show acupuntura": "tldr -L es tar",
    "painguide --lang es search dolor de espalda": "tldr -L es tar",
}


def print_reading(rounds: Rounds, tldr: bool, man: bool) -> None:
    anchors = ANCHORS
    print("Reading commands, output to a pipe (target: <= 1.0 x the tldr client doing the same kind of thing):\n")
    rows = []
    for name in rounds.commands:
        if name.endswith(", styled"):
            continue
        anchor = anchors.get(name, "") if tldr else ""
        against, target = "", ""
        if anchor:
            ratios = rounds.ratios(name, anchor)
            against, target = f"{ratios[0]:.2f} / {ratios[1]:.2f}", verdict(ratios, 1.0)
        floor = rounds.ratios(name, FLOOR)
        rows.append(
            [
                name,
                f"{rounds.median(name):.0f}",
                f"{rounds.cpu(name):.0f}",
                against,
                f"{floor[0]:.2f} / {floor[1]:.2f}",
                anchor,
                target,
                rounds.mb(name),
            ]
        )
    header = ["command", "wall ms", "CPU ms", "x tldr (wall / CPU)", "x floor (wall / CPU)", "anchor", "target"]
    table([*header, "peak RSS MB"], rows)
    if not tldr:
        print("The tldr client is not installed (pip install tldr, or the test extra): no tldr ratios.\n")
    if not man:
        print("man is not installed (Debian: apt-get install man-db): no man row.\n")
    plain, styled = "painguide show acupuncture", "painguide show acupuncture, styled"
    ratios = rounds.ratios(styled, plain)
    print("Styled output (as on a terminal) against plain (target: <= 1.2 x):\n")
    table(
        ["command", "wall ms", "CPU ms", "x plain (wall / CPU)", "target", "peak RSS MB"],
        [
            [
                "show acupuncture, plain",
                f"{rounds.median(plain):.0f}",
                f"{rounds.cpu(plain):.0f}",
                "",
                "",
                rounds.mb(plain),
            ],
            [
                "show acupuncture, styled",
                f"{rounds.median(styled):.0f}",
                f"{rounds.cpu(styled):.0f}",
                f"{ratios[0]:.2f} / {ratios[1]:.2f}",
                verdict(ratios, 1.2),
                rounds.mb(styled),
            ],
        ],
    )


def check_section(args: argparse.Namespace, env: dict[str, str], work: Path, painguide: str, python: str) -> None:
    """Section 2: `check` against the floor, and how its time grows with the text."""
    rounds = Rounds(env)
    rounds.add(FLOOR, [python, "-c", FLOOR_CODE])
    bundled = "check (bundled catalog, with its Spanish translation)"
    rounds.add(bundled, [painguide, "check"])
    # With no cache folder, every run counts its syllables again, as the first run does.
    rounds.add(
        "check (bundled), no cache folder: syllables counted again", [painguide, "check"], PAINGUIDE_CACHE_DIR=""
    )
    names = {}
    for topics in (60, 600):
        path = work / f"check-{topics}.yaml"
        path.write_text(synthetic_catalog(topics), encoding="utf-8")
        names[topics] = f"check, {topics} topics ({path.stat().st_size / 1e3:,.0f} KB)"
        rounds.add(names[topics], [painguide, "check", str(path)])
    rounds.run(args.check_runs)
    print(f"check (medians of {args.check_runs}; target: the bundled catalog <= 3 x the floor; linear in text size):\n")
    rows = []
    for name in rounds.commands:
        ratios = rounds.ratios(name, FLOOR)
        target = verdict(ratios, 3.0) if name == bundled else ""
        rows.append(
            [name, f"{rounds.median(name):.0f}", f"{rounds.cpu(name):.0f}", f"{ratios[0]:.2f} / {ratios[1]:.2f}"]
            + [target, rounds.mb(name)]
        )
    table(["command", "wall ms", "CPU ms", "x floor (wall / CPU)", "target", "peak RSS MB"], rows)
    wall, cpu = rounds.ratios(names[600], names[60])
    # Start-up is paid once whatever the size, so a linear cost grows by less than 10 x.
    print(
        f"Ten times the text costs {wall:.1f} x the wall time and {cpu:.1f} x the CPU time "
        f"(linear: <= 10: {'met' if max(wall, cpu) <= 10 else 'NOT met'}).\n"
    )


def handout_section(args: argparse.Namespace, env: dict[str, str], work: Path, painguide: str, python: str) -> None:
    """Section 3: a PDF handout, with its parts."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        print(f"PDF handout: WeasyPrint cannot be imported ({error}); install the pdf extra: pip install '.[pdf]'\n")
        return
    rounds = Rounds(env)
    html, pdf = work / "handout.html", work / "handout.pdf"
    to_pdf, to_html = "handout acupuncture -o FILE.pdf", "handout acupuncture -o FILE.html"
    rounds.add(FLOOR, [python, "-c", FLOOR_CODE])
    rounds.add(to_html, [painguide, "handout", "acupuncture", "-o", str(html), "--force"])
    rounds.add(to_pdf, [painguide, "handout", "acupuncture", "-o", str(pdf), "--force"])
    rounds.run(args.check_runs)
    parts = [json.loads(run_once([python, "-c", PDF_PARTS, str(html)], env).out) for _ in range(args.check_runs)]
    imported, laid_out, written = (statistics.median(p[i] for p in parts) * 1000 for i in range(3))
    total = rounds.median(to_pdf)
    print(f"PDF handout, one topic (medians of {args.check_runs}; reported, no target):\n")
    table(
        ["part", "wall ms", "CPU ms", "x floor (wall / CPU)", "share of the PDF run"],
        [
            [
                f"whole run: {to_pdf}",
                f"{total:.0f}",
                f"{rounds.cpu(to_pdf):.0f}",
                "{:.2f} / {:.2f}".format(*rounds.ratios(to_pdf, FLOOR)),
                "100%",
            ],
            [
                f"the same writing HTML: {to_html}",
                f"{rounds.median(to_html):.0f}",
                f"{rounds.cpu(to_html):.0f}",
                "{:.2f} / {:.2f}".format(*rounds.ratios(to_html, FLOOR)),
                f"{rounds.median(to_html) / total:.0%}",
            ],
            ["import WeasyPrint (in process)", f"{imported:.0f}", "", "", f"{imported / total:.0%}"],
            ["layout (WeasyPrint render)", f"{laid_out:.0f}", "", "", f"{laid_out / total:.0%}"],
            ["writing the tagged PDF", f"{written:.0f}", "", "", f"{written / total:.0%}"],
            [
                "the rest (the PDF run's own imports and checks, writing the file)",
                f"{total - rounds.median(to_html) - imported - laid_out - written:.0f}",
                "",
                "",
                f"{(total - rounds.median(to_html) - imported - laid_out - written) / total:.0%}",
            ],
        ],
    )
    print(f"Peak RSS of the PDF run: {rounds.mb(to_pdf)} MB.\n")


def scaling_section(args: argparse.Namespace, env: dict[str, str], work: Path, painguide: str) -> None:
    """Section 4: large catalogs against the bundled one, and first runs."""
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if not sizes:
        return
    rounds = Rounds(env)
    rounds.add("show (bundled)", [painguide, "show", "acupuncture"])
    first_runs: dict[str, tuple[float, int]] = {}
    targets: dict[str, float] = {}
    for size in sizes:
        path = work / f"catalog-{size}.yaml"
        path.write_text(synthetic_catalog(size), encoding="utf-8")
        mb = path.stat().st_size / 1e6
        show = [painguide, "--data", str(path), "show", f"topic-{size // 2:05d}"]
        first = run_once(show, env)
        first_runs[f"first run, {size:,} topics ({mb:.1f} MB)"] = (first.wall, first.rss)
        rounds.add(f"show ({size:,} topics)", show)
        targets[f"show ({size:,} topics)"] = 1.5
        rounds.add(f"search ({size:,} topics)", [painguide, "--data", str(path), "search", "sleep", "walk"])
        targets[f"search ({size:,} topics)"] = 2.0
        question = ["is", "walking", "safe", "at", "night", "for", "my", "bad", "knee"]
        rounds.add(f"search a question ({size:,} topics)", [painguide, "--data", str(path), "search", *question])
        targets[f"search a question ({size:,} topics)"] = 2.0
    rounds.run(args.runs)
    base = "show (bundled)"
    print(f"Large catalogs (medians of {args.runs}; target: show <= 1.5 x, search <= 2 x the bundled show):\n")
    rows = []
    for name in rounds.commands:
        ratios = rounds.ratios(name, base)
        target = verdict(ratios, targets[name]) if name in targets else ""
        rows.append(
            [name, f"{rounds.median(name):.0f}", f"{rounds.cpu(name):.0f}", f"{ratios[0]:.2f} / {ratios[1]:.2f}"]
            + [target, rounds.mb(name)]
        )
    for name, (elapsed, rss) in first_runs.items():
        rows.append(
            [name, f"{elapsed:.0f}", "", f"{elapsed / rounds.median(base):.1f}", "reported only", f"{rss / 1024:.1f}"]
        )
    table(["measurement", "wall ms", "CPU ms", "x show (bundled) (wall / CPU)", "target", "peak RSS MB"], rows)


def instructions_section(env: dict[str, str], painguide: str, python: str, tldr: str | None) -> None:
    """The reading commands' instructions, counted by callgrind: the same on a busy machine as on an idle one.

    Not a time (memory, caches and system calls are not counted), but a
    change of a few percent shows here when wall and CPU time cannot see it.
    """
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        print("valgrind is not installed (Debian: apt-get install valgrind): no instruction counts.\n")
        return
    rounds = Rounds(env)
    reading_commands(rounds, painguide, python, tldr, None)
    counts: dict[str, float] = {}
    for name, (argv, command_env) in rounds.commands.items():
        run_once(argv, command_env)  # the index and bytecode caches, as every measured run has them
        proc = subprocess.run(
            [valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
            capture_output=True,
            env=command_env,
        )
        found = re.search(rb"Collected : (\d+)", proc.stderr)
        if proc.returncode != 0 or found is None:
            raise SystemExit(f"valgrind {' '.join(argv)} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
        counts[name] = int(found.group(1)) / 1e6
    print("Instructions (millions, user space, one run each under callgrind; read the ratios):\n")
    rows = []
    for name, count in counts.items():
        anchor = ANCHORS.get(name, "") if tldr else ""
        if name.endswith(", styled"):
            anchor = "painguide show acupuncture"
        ratio = f"{count / counts[anchor]:.2f}" if anchor else ""
        rows.append([name, f"{count:.0f}", ratio, f"{count / counts[FLOOR]:.2f}", anchor])
    table(["command", "million instructions", "x anchor", "x floor", "anchor"], rows)


def tldr_cache(work: Path) -> dict[str, str]:
    """Fill a tldr client cache in `work` and return the environment that makes the client use only it."""
    for pages, text in (("pages", TLDR_PAGE), ("pages.es", TLDR_PAGE_ES)):
        folder = work / "xdg-cache" / "tldr" / pages / "common"
        folder.mkdir(parents=True)
        (folder / "tar.md").write_text(text, encoding="utf-8")
    # A cached page younger than TLDR_CACHE_MAX_AGE hours is used without the network.
    return {
        "XDG_CACHE_HOME": str(work / "xdg-cache"),
        "TLDR_CACHE_ENABLED": "1",
        "TLDR_CACHE_MAX_AGE": "720",
        "TLDR_PAGES_SOURCE_LOCATION": (work / "no-network").as_uri(),
        "TLDR_LANGUAGE": "",
        "LANGUAGE": "",
    }


def measure(args: argparse.Namespace, work: Path) -> None:
    python = sys.executable
    painguide = shutil.which("painguide", path=str(Path(python).parent)) or shutil.which("painguide")
    if painguide is None:
        raise SystemExit("painguide is not installed next to this Python")
    tldr = shutil.which("tldr", path=str(Path(python).parent)) or shutil.which("tldr")
    man = shutil.which("man")
    env = {k: v for k, v in os.environ.items() if k not in ("PAINGUIDE_DATA", "FORCE_COLOR", "PAINGUIDE_LANG")}
    env.update(PAINGUIDE_CACHE_DIR=str(work / "cache"), NO_COLOR="1", LANG="C.UTF-8", BENCH_TMP=str(work))
    env.update(tldr_cache(work))
    # Python writes its bytecode caches as any install does: with PYTHONDONTWRITEBYTECODE
    # set, every run compiles every module again, noise that grows with the source.
    for name in ("LC_ALL", "LC_MESSAGES", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    if tldr:
        shown = run_once([tldr, "tar"], env).out
        if "Archiving utility" not in shown:
            raise SystemExit(f"the tldr client did not read its cache: {shown[:200]!r}")

    machine = f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}"
    print(f"Machine: {machine}, Python {platform.python_version()}; load average {os.getloadavg()[0]:.1f} at start")
    print(f"Runs: {args.runs} interleaved rounds; medians; output to a pipe.\n")

    def reading() -> None:
        rounds = Rounds(env)
        reading_commands(rounds, painguide, python, tldr, man)
        rounds.run(args.runs)
        print_reading(rounds, tldr is not None, man is not None)

    sections: dict[str, Callable[[], None]] = {
        "reading": reading,
        "check": lambda: check_section(args, env, work, painguide, python),
        "handout": lambda: handout_section(args, env, work, painguide, python),
        "scaling": lambda: scaling_section(args, env, work, painguide),
        "instructions": lambda: instructions_section(env, painguide, python, tldr),
    }
    for name, section in sections.items():
        if name in args.only.split(","):
            section()
            sys.stdout.flush()
    print(f"Load average at the end: {os.getloadavg()[0]:.1f}.")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="rounds for the quick commands (default 15)")
    parser.add_argument("--check-runs", type=int, default=7, help="rounds for check and handouts (default 7)")
    parser.add_argument("--sizes", default="2000,20000", help="topics in the large catalogs ('' skips them)")
    parser.add_argument(
        "--only",
        default="reading,check,handout,scaling",
        help="sections to run (default: all but instructions, which needs valgrind and a few minutes)",
    )
    args = parser.parse_args(argv)
    # Stopped with SIGTERM or SIGHUP, still remove the temporary folder (the finally below).
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, lambda signum, frame: sys.exit(128 + signum))
    work = Path(tempfile.mkdtemp(prefix="painguide-bench-"))
    try:
        measure(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
