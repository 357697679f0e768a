"""The blind evaluation of search and the safety net (tests/data/search/blind*/).

Usage: python benchmarks/blind_eval.py [--set blind|blind2] [--show]

Each set was written from the topic list alone by someone who had seen
neither the catalog's text nor its synonyms (docs/search.md says how each
was used). For a set this prints what the search issue measures:

- en.tsv, es.tsv: the right topic in the first 3 (success@3); with --show,
  the first right hit's section and snippet, to judge whether it answers;
- none.tsv: questions no topic answers that get no results;
- crisis.tsv: phrases whose plain output names 988 (crisis) or 911
  (emergency) in its first 5 lines, and, apart, those that set off an
  alert of the right kind (the banner, without the one-line reminder);
- ordinary.tsv: ordinary questions that show no crisis line (idioms marked
  "yes" may).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import NamedTuple

from painguide.catalog.bundled import bundled_catalog
from painguide.index.hits import MATCH_END, MATCH_START
from painguide.index.search import search
from painguide.index.store import Store, open_store

SETS = Path(__file__).resolve().parent.parent / "tests" / "data" / "search"


class Figures(NamedTuple):
    topics: dict[str, tuple[int, int]]  # language -> (right topic in the first 3, questions)
    none: tuple[int, int]  # (no results, questions)
    crisis: tuple[int, int]  # (number in the first lines, phrases)
    banner: tuple[int, int]  # (an alert of the right kind, phrases): the net without the one-line reminder
    ordinary: tuple[int, int]  # (crisis line shown, questions that must not show it)
    reminded: tuple[int, int]  # (the one-line 988/911 reminder shown, those same questions)
    misses: list[str]
    shown: list[str]


def rows(folder: str, name: str) -> list[list[str]]:
    path = SETS / folder / name
    if not path.exists() and name != "crisis.tsv":
        return []  # a safety-net set (blind6) has phrases and ordinary questions only
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def plain(text: str) -> str:
    return text.replace(MATCH_START, "").replace(MATCH_END, "")


def first_lines(store: Store, query: str, language: str, count: int = 5) -> str:
    """The first lines of `painguide search` plain output, as a person would see them."""
    from painguide import i18n
    from painguide.render.dispatch import choose, write_document
    from painguide.render.pages import search_page

    i18n.activate(language)
    result = search(store, query.split(), 3)
    out = io.StringIO()
    write_document(out, search_page(result, store.info(), store.categories()), choose(out, "plain", True))
    return "\n".join(out.getvalue().splitlines()[:count])


def evaluate(folder: str = "blind") -> Figures:
    catalog = bundled_catalog()
    stores = {language: open_store(catalog, use_cache=False, language=language) for language in ("en", "es")}
    topics: dict[str, tuple[int, int]] = {}
    misses: list[str] = []
    shown: list[str] = []
    for language in ("en", "es"):
        questions = rows(folder, f"{language}.tsv")
        found = 0
        for query, wanted, *rest in questions:
            acceptable = {t.strip() for t in wanted.split(",")}
            hits = search(stores[language], query.split(), 3).hits
            rank = next((n for n, hit in enumerate(hits, 1) if hit.topic_id in acceptable), 0)
            found += bool(rank)
            hit = hits[rank - 1] if rank else None
            answer = rest[0] if rest else ""
            if hit is None:
                misses.append(f"{language}\t{query}\tgot: {', '.join(h.topic_id for h in hits) or 'nothing'}")
                shown.append(f"{language}\t{query}\t{answer}\tMISS\t\t")
            else:
                shown.append(f"{language}\t{query}\t{answer}\t{hit.topic_id}\t{hit.section}\t{plain(hit.snippet)}")
        topics[language] = (found, len(questions))
    none = rows(folder, "none.tsv")
    empty = 0
    for query, language, *_ in none:
        if search(stores[language], query.split(), 3).hits:
            misses.append(f"none\t{query}\tanswered")
        else:
            empty += 1
    crisis = rows(folder, "crisis.tsv")
    named = alarmed = 0
    for query, language, kind, *_ in crisis:
        if ("988" if kind.strip() == "crisis" else "911") in first_lines(stores[language], query, language):
            named += 1
        else:
            misses.append(f"crisis\t{query}\t{kind}")
        if any(alert.kind == kind.strip() for alert in search(stores[language], query.split(), 3).alerts):
            alarmed += 1
        else:
            misses.append(f"banner\t{query}\t{kind}")
    ordinary = [row for row in rows(folder, "ordinary.tsv") if row[2].strip() == "no"]
    alarmed_ordinary = reminded = 0
    for query, language, *_ in ordinary:
        result = search(stores[language], query.split(), 3)
        if any(a.kind == "crisis" for a in result.alerts):
            alarmed_ordinary += 1
            misses.append(f"ordinary\t{query}\tcrisis line shown")
        reminded += result.reminder
    for store in stores.values():
        store.close()
    return Figures(
        topics,
        (empty, len(none)),
        (named, len(crisis)),
        (alarmed, len(crisis)),
        (alarmed_ordinary, len(ordinary)),
        (reminded, len(ordinary)),
        misses,
        shown,
    )


def describe(figures: Figures, folder: str) -> str:
    def share(pair: tuple[int, int]) -> str:
        return f"{pair[0]}/{pair[1]} = {100 * pair[0] / max(pair[1], 1):.1f}%"

    lines = [f"Blind set tests/data/search/{folder}/"]
    lines += [f"  {language}: right topic in the first 3: {share(pair)}" for language, pair in figures.topics.items()]
    lines.append(f"  none: no results: {share(figures.none)}")
    lines.append(f"  crisis: 988 or 911 in the first 5 lines: {share(figures.crisis)}")
    lines.append(f"  crisis: an alert of the right kind (without the reminder line): {share(figures.banner)}")
    lines.append(f"  ordinary: crisis line shown for {figures.ordinary[0]} of {figures.ordinary[1]}")
    lines.append(f"  ordinary: one-line reminder shown for {figures.reminded[0]} of {figures.reminded[1]}")
    lines += ["  miss: " + miss for miss in figures.misses]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--set", default="blind2", help="the folder under tests/data/search (blind or blind2)")
    parser.add_argument("--show", action="store_true", help="print each question's first right hit")
    args = parser.parse_args()
    figures = evaluate(args.set)
    sys.stdout.write(describe(figures, args.set))
    if args.show:
        sys.stdout.write("\n".join(figures.shown) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
