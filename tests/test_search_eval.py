"""Search answers patients' questions on the bundled catalog: success@3 on two question sets.

The sets are in tests/data/search/: the development set that came with the
project brief, and a held-out set of our own. benchmarks/search_eval.py
prints the same figures and lists every failure.
"""

from __future__ import annotations

import contextlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import ROOT, TESTS, untraced
from painguide.index.hits import MATCH_END, MATCH_START, Hit, SearchResult

QUESTIONS = TESTS / "data" / "search"


def _load(name: str) -> ModuleType:
    """A script of benchmarks/ as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


search_eval = _load("search_eval")


@pytest.mark.parametrize("name", ["dev-queries.tsv", "own-queries.tsv"])
def test_the_right_topic_and_its_answer_are_in_the_top_3_for_95_percent(name: str) -> None:
    report = search_eval.evaluate(QUESTIONS / name)
    assert len(report.outcomes) >= 25
    assert report.success_at_3 >= 0.95, search_eval.describe(report, name)


def test_spanish_questions_find_the_right_topic_in_the_top_3_for_95_percent() -> None:
    report = search_eval.evaluate(QUESTIONS / "es-queries.tsv", language="es")
    assert len(report.outcomes) >= 30
    assert report.success_at_3 >= 0.95, search_eval.describe(report, "es-queries.tsv")


def test_our_own_set_has_at_least_30_different_questions() -> None:
    queries = [q.query.casefold() for q in search_eval.read_questions(QUESTIONS / "own-queries.tsv")]
    assert len(set(queries)) == len(queries) >= 30
    dev = {q.query.casefold() for q in search_eval.read_questions(QUESTIONS / "dev-queries.tsv")}
    assert not dev & set(queries), "the held-out set repeats no development question"


def hit(topic_id: str, snippet: str) -> Hit:
    return Hit(topic_id, topic_id.title(), snippet, "Safety", "safety")


def test_success_needs_the_topic_in_the_top_3_and_the_answer_in_its_snippet() -> None:
    question = search_eval.Question(1, "q", ("yoga", "tai-chi"), "bleed")
    marked = f"If you {MATCH_START}bleed{MATCH_END} easily"
    hits = (hit("sleep", "No."), hit("cbt", "No."), hit("yoga", marked))

    def judge(*found: Hit) -> tuple[bool, int]:
        outcome = search_eval.judge(question, SearchResult("q", found))
        return outcome.success, outcome.rank

    assert judge(*hits) == (True, 3)
    assert judge(hit("yoga", "Stretch gently."), hit("tai-chi", "You may bleed.")) == (True, 1)
    assert judge(hit("yoga", "Stretch gently.")) == (False, 1)
    assert judge(*hits[:2], hit("x", "bleed"), hit("yoga", marked)) == (False, 4)
    assert judge() == (False, 0)


def test_the_figures_are_success_at_3_and_mean_reciprocal_rank(tmp_path: Path) -> None:
    questions = tmp_path / "q.tsv"
    questions.write_text("# comment\nmassage for back pain\tmassage-therapy\nzzzz qqqq\tyoga\n", encoding="utf-8")
    report = search_eval.evaluate(questions)
    assert (report.success_at_3, report.mrr) == (0.5, 0.5)
    text = search_eval.describe(report, "q.tsv")
    assert text.splitlines()[:4] == ["q.tsv: 2 questions", "success@3: 50.0% (1 of 2)", "MRR: 0.500", ""]
    assert "- line 3: 'zzzz qqqq' wants yoga; first acceptable rank: none" in text


# What docs/search.md reports for the final code, per set: (English and Spanish right topic in the
# first 3, no-answer questions with no results). blind6 and blind7 hold safety-net phrases only.
FLOORS = {
    "blind": (1.00, 1.00, 0.86),
    "blind2": (0.96, 0.96, 0.96),
    "blind3": (0.97, 0.98, 0.84),
    "blind4": (1.00, 0.98, 0.85),
    "blind5": (0.95, 0.92, 0.96),
    "blind6": (0.0, 0.0, 0.0),
    "blind7": (0.0, 0.0, 0.0),
    # Written from the topic list on 2026-12-08; first run: en 90.0%, es 86.0%, none 96.0%, crisis 96.7%.
    "blind8": (0.94, 0.88, 0.96),
    # Written on 2026-12-08 after blind8's tuning; first run: en 98.3%, es 90.0%, none 85.0%, net 97.5%.
    "blind9": (0.98, 0.95, 0.85),
}


# slow: each set is hundreds of searches on an index of its own (10 s of CPU), too long for -m quick.
@pytest.mark.slow
@pytest.mark.parametrize("name", list(FLOORS))
def test_the_blind_sets_hold_their_figures(name: str) -> None:
    """A change that loses ground on any set fails here; every crisis phrase shows its number and its alert."""
    blind_eval = _load("blind_eval")
    # Coverage's tracer doubles a set's cost (10 s of CPU more each); the first set runs the same code
    # measured, so the others run untraced.
    with contextlib.nullcontext() if name == "blind" else untraced():
        figures = blind_eval.evaluate(name)
    report = blind_eval.describe(figures, name)
    english, spanish = figures.topics["en"], figures.topics["es"]
    floor_en, floor_es, floor_none = FLOORS[name]
    assert english[0] >= floor_en * english[1], report
    assert spanish[0] >= floor_es * spanish[1], report
    assert figures.none[0] >= floor_none * figures.none[1], report
    assert figures.crisis[0] == figures.crisis[1], report
    assert figures.banner[0] == figures.banner[1], report
    assert figures.ordinary[0] == 0, report
