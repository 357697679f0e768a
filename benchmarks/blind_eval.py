"""The blind evaluation of search and the safety net (tests/data/search/blind-*.tsv).

Usage: python benchmarks/blind_eval.py [--show]

The sets were written from the topic list alone by someone who had not seen
the catalog's text or synonyms, before any tuning on them (see
docs/search.md). For each set this prints what the search issue measures:

- blind-en.tsv, blind-es.tsv: the right topic in the first 3 (success@3); with
  --show, the first right hit's section and snippet, to judge by hand whether
  it answers (the judgements are in tests/data/search/blind-judged.tsv);
- blind-none.tsv: questions no topic answers that get no results;
- blind-crisis.tsv: phrases whose plain output names 988 (crisis) or 911
  (emergency) in its first 5 lines;
- blind-ordinary.tsv: ordinary questions that show no crisis line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from painguide.catalog.bundled import bundled_catalog
from painguide.index.hits import MATCH_END, MATCH_START
from painguide.index.search import search
from painguide.index.store import Store, open_store

SETS = Path(__file__).resolve().parent.parent / "tests" / "data" / "search"


def rows(name: str) -> list[list[str]]:
    lines = (SETS / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def plain(text: str) -> str:
    return text.replace(MATCH_START, "").replace(MATCH_END, "")


def first_lines(store: Store, query: str, language: str) -> str:
    """The first 5 lines of `painguide search` plain output, as a person would see them."""
    import io

    from painguide import i18n
    from painguide.render.dispatch import choose, write_document
    from painguide.render.pages import search_page

    i18n.activate(language)
    result = search(store, query.split(), 3)
    out = io.StringIO()
    write_document(out, search_page(result, store.info(), store.categories()), choose(out, "plain", True))
    return "\n".join(out.getvalue().splitlines()[:5])


def topics(stores: dict[str, Store], show: bool) -> list[str]:
    report = []
    for language in ("en", "es"):
        store = stores[language]
        questions = rows(f"blind-{language}.tsv")
        found = 0
        for query, wanted, *_ in questions:
            acceptable = {t.strip() for t in wanted.split(",")}
            hits = search(store, query.split(), 3).hits
            rank = next((n for n, hit in enumerate(hits, 1) if hit.topic_id in acceptable), 0)
            found += bool(rank)
            if show:
                hit = hits[rank - 1] if rank else None
                shown = (
                    f"{hit.topic_id}\t{hit.section}\t{plain(hit.snippet)}"
                    if hit
                    else "MISS\t\t" + ", ".join(h.topic_id for h in hits)
                )
                report.append(f"{language}\t{query}\t{shown}")
        report.insert(
            0,
            f"blind-{language}: right topic in the first 3: {found}/{len(questions)}"
            f" = {100 * found / len(questions):.1f}%",
        )
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print each question's first right hit")
    args = parser.parse_args()
    catalog = bundled_catalog()
    stores = {language: open_store(catalog, use_cache=False, language=language) for language in ("en", "es")}
    lines = topics(stores, args.show)
    none = rows("blind-none.tsv")
    empty = [q for q, language, *_ in none if not search(stores[language], q.split(), 3).hits]
    lines.append(f"blind-none: no results: {len(empty)}/{len(none)} = {100 * len(empty) / len(none):.1f}%")
    lines += [f"  still answered: {q}" for q, *_ in none if q not in empty]
    crisis = rows("blind-crisis.tsv")
    missed = []
    for query, language, kind, *_ in crisis:
        number = "988" if kind == "crisis" else "911"
        if number not in first_lines(stores[language], query, language):
            missed.append(f"{query} ({kind})")
    shown = len(crisis) - len(missed)
    lines.append(f"blind-crisis: {number_note()} in the first 5 lines: {shown}/{len(crisis)}")
    lines += [f"  missed: {m}" for m in missed]
    ordinary = rows("blind-ordinary.tsv")
    banner = [
        (q, may)
        for q, language, may, *_ in ordinary
        if any(a.kind == "crisis" for a in search(stores[language], q.split(), 3).alerts)
    ]
    must_not = [q for q, may in banner if may.strip() == "no"]
    lines.append(
        f"blind-ordinary: crisis line shown for {len(must_not)} of "
        f"{sum(1 for row in ordinary if row[2].strip() == 'no')} that must not show it "
        f"(and {len(banner) - len(must_not)} idioms that may)"
    )
    lines += [f"  shown: {q}" for q in must_not]
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def number_note() -> str:
    return "988 (crisis) or 911 (emergency)"


if __name__ == "__main__":
    raise SystemExit(main())
