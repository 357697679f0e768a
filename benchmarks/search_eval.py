"""How well `painguide search` answers patient questions: success@3 and MRR.

Usage (from the repository, with painguide installed in the same Python):

    python benchmarks/search_eval.py QUERIES.tsv [--data PATH]

QUERIES.tsv has one question per line, tab-separated: the query, the topic
ids that are acceptable answers (comma-separated), and optionally a regular
expression. Lines starting with # are comments. A question succeeds when an
acceptable topic is among the first 3 hits and, if a regular expression is
given, that hit's snippet matches it (ignoring case): the answer must be
shown, not only the topic found. MRR is the mean of 1/rank of the first
acceptable topic (0 when none is found).

The catalog is the bundled one unless --data names another. Failures are
listed with the top 3 hits and their snippets, so that a rule can be fixed
rather than a single question.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from painguide.index.hits import MATCH_END, MATCH_START, SearchResult

TOP = 3


class Question(NamedTuple):
    line: int
    query: str
    topics: tuple[str, ...]
    pattern: str


class Outcome(NamedTuple):
    question: Question
    success: bool
    rank: int  # of the first acceptable topic; 0 if none was found
    result: SearchResult


class Report(NamedTuple):
    outcomes: list[Outcome]

    @property
    def success_at_3(self) -> float:
        return sum(o.success for o in self.outcomes) / max(len(self.outcomes), 1)

    @property
    def mrr(self) -> float:
        return sum(1 / o.rank for o in self.outcomes if o.rank) / max(len(self.outcomes), 1)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.success]


def read_questions(path: Path) -> Iterator[Question]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) < 2:
            raise SystemExit(f"{path}:{number}: expected a query and topic ids separated by a tab")
        topics = tuple(t.strip() for t in columns[1].split(",") if t.strip())
        pattern = columns[2].strip() if len(columns) > 2 else ""
        yield Question(number, columns[0].strip(), topics, pattern)


def plain(snippet: str) -> str:
    return " ".join(snippet.replace(MATCH_START, "").replace(MATCH_END, "").split())


def judge(question: Question, result: SearchResult) -> Outcome:
    ids = [hit.topic_id for hit in result.hits]
    rank = next((n for n, topic in enumerate(ids, start=1) if topic in question.topics), 0)
    success = False
    for hit in result.hits[:TOP]:
        pattern_met = not question.pattern or re.search(question.pattern, plain(hit.snippet), re.IGNORECASE)
        if hit.topic_id in question.topics and pattern_met:
            success = True
            break
    return Outcome(question, success, rank, result)


def evaluate(queries: Path, data: str | None = None, language: str = "en") -> Report:
    """Run every question against a catalog (the bundled one by default), in `language`."""
    from painguide.index.search import search
    from painguide.index.store import open_store

    if data is None:
        from painguide.catalog.bundled import bundled_catalog

        data = bundled_catalog()
    store = open_store(data, use_cache=False, language=language)
    try:
        return Report([judge(q, search(store, q.query.split(), limit=None)) for q in read_questions(queries)])
    finally:
        store.close()


def describe(report: Report, name: str) -> str:
    lines = [
        f"{name}: {len(report.outcomes)} questions",
        f"success@{TOP}: {report.success_at_3:.1%} ({len(report.outcomes) - len(report.failures)} of "
        f"{len(report.outcomes)})",
        f"MRR: {report.mrr:.3f}",
    ]
    if report.failures:
        lines.append("\nFailures:")
    for outcome in report.failures:
        q = outcome.question
        want = ",".join(q.topics) + (f" /{q.pattern}/" if q.pattern else "")
        lines.append(f"- line {q.line}: {q.query!r} wants {want}; first acceptable rank: {outcome.rank or 'none'}")
        for n, hit in enumerate(outcome.result.hits[:TOP], start=1):
            lines.append(f"    {n}. {hit.topic_id} - {hit.section}: {plain(hit.snippet)[:110]}")
        if not outcome.result.hits:
            lines.append("    (no hits)")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("queries", type=Path, help="tab-separated questions (see the module docstring)")
    parser.add_argument("--data", help="catalog to search (default: the bundled catalog)")
    parser.add_argument("--lang", default="en", help="language to search in: en or es (its translation)")
    args = parser.parse_args()
    # A private, throw-away cache: the evaluation never touches the user's.
    with tempfile.TemporaryDirectory(prefix="painguide-eval-") as cache:
        os.environ["PAINGUIDE_CACHE_DIR"] = cache
        report = evaluate(args.queries, args.data, args.lang)
    print(describe(report, str(args.queries)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
