"""Search in Spanish: accents and case folded, Spanish common words, Snowball stems, the translation's synonyms."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Result, assert_golden
from painguide.index import spanish
from test_store import modules_after

Cli = Callable[..., Result]
BUNDLED = ROOT / "data" / "topics.yaml"


def _search(cli: Cli, *words: str) -> dict[str, Any]:
    result = cli("--lang", "es", "search", *words, "--format", "json", catalog=BUNDLED)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.mark.parametrize(
    ("words", "topic", "section", "matched"),
    [
        (("dolor", "de", "espalda"), "care-team", "Investigación", {"dolor lumbar", "espalda"}),
        # Authored answers (faq) come first when they answer the question.
        (("masaje", "y", "anticoagulantes"), "massage-therapy", "Pregunta frecuente", {"anticoagulante"}),
        # "no puedo dormir" is one phrase of the synonyms: the authored question it matches has other words.
        (("no", "puedo", "dormir"), "sleep", "Pregunta frecuente", set()),
    ],
)
def test_spanish_questions_find_the_right_topic_first_with_a_section_snippet(
    cli: Cli, words: tuple[str, ...], topic: str, section: str, matched: set[str]
) -> None:
    data = _search(cli, *words)
    assert data["language"] == "es"
    first = data["results"][0]
    assert (first["id"], first["section"]) == (topic, section)
    marked = {part["text"].lower() for part in first["snippet_parts"] if part["match"]}
    # Without marked words, the snippet is an authored question and its answer.
    assert marked & matched if matched else first["field"] == "faq" and first["snippet"].startswith("¿"), marked


def test_synonyms_come_from_the_translation(cli: Cli) -> None:
    data = _search(cli, "no", "puedo", "dormir")
    assert data["also_searched"] == [{"word": "no puedo dormir", "catalog_words": ["dormir mal", "sueño"]}]
    assert _search(cli, "masaje", "y", "anticoagulantes")["also_searched"] == [
        {"word": "anticoagulantes", "catalog_words": ["adelgazar la sangre", "warfarina"]}
    ]


def test_accents_and_case_do_not_matter(cli: Cli) -> None:
    plain = [hit["id"] for hit in _search(cli, "acupuntura")["results"]]
    assert plain[0] == "acupuncture"
    assert [hit["id"] for hit in _search(cli, "acupuntúra")["results"]] == plain
    assert [hit["id"] for hit in _search(cli, "ACUPUNTURA")["results"]] == plain


def test_spanish_common_words_are_left_out(cli: Cli) -> None:
    result = cli("--lang", "es", "search", "qué", "es", "lo", "que", "puedo", "hacer", catalog=BUNDLED)
    assert (result.exit_code, result.stderr) == (1, "")
    assert "'qué es lo que puedo hacer' tiene solo palabras comunes" in result.stdout
    data = _search(cli, "es", "seguro", "el", "yoga")
    assert data["results"][0]["id"] == "yoga"
    assert data["results"][0]["section"] == "Seguridad"


def test_misspelled_spanish_is_corrected(cli: Cli) -> None:
    data = _search(cli, "masage")
    assert data["searched_for"] == "masaje"
    assert data["results"][0]["id"] == "massage-therapy"


@pytest.mark.parametrize("name", ["acupuntura", "taichí", "Taichi", "masaje", "Terapia de masaje", "acupuncture"])
def test_spanish_names_resolve(cli: Cli, name: str) -> None:
    result = cli("--lang", "es", "show", *name.split(), "--format", "json", catalog=BUNDLED)
    assert result.exit_code == 0, result.stderr
    expected = {"acupuntura": "acupuncture", "acupuncture": "acupuncture", "taichí": "tai-chi", "Taichi": "tai-chi"}
    assert json.loads(result.stdout)["topic"]["id"] == expected.get(name, "massage-therapy")


def test_stems_are_folded_after_stemming() -> None:
    assert spanish.stem("Relajación") == spanish.stem("relajaciones") == "relaj"
    assert spanish.stem("acupuntúra") == spanish.stem("ACUPUNTURA")
    assert spanish.stem_query('"masajes" OR "dolor de espalda"') == '"masaj" OR "dolor de espald"'
    assert spanish.fold("Sueño Árbol") == "sueno arbol"


def test_spanish_search_page_matches_golden(cli: Cli) -> None:
    result = cli("--lang", "es", "search", "agujas", "y", "anticoagulantes", "--format", "plain")
    assert result.exit_code == 0, result.stderr
    assert_golden("es/search-agujas.txt", result.stdout)


@pytest.mark.slow
def test_the_stemmer_loads_only_for_spanish_search(tmp_path: Path) -> None:
    modules_after(["--lang", "es", "show", "acupuntura"], tmp_path)  # builds the index
    loaded = set(modules_after(["--lang", "es", "show", "acupuntura"], tmp_path))
    assert not {m for m in loaded if m.startswith("snowballstemmer")} and "yaml" not in loaded
    # Spanish search loads the Spanish stemmer alone, not the package's thirty languages.
    stemmers = {m for m in modules_after(["--lang", "es", "search", "masaje"], tmp_path) if m.startswith("snowball")}
    assert stemmers == {"snowballstemmer.spanish_stemmer", "snowballstemmer.basestemmer", "snowballstemmer.among"}
    assert not {m for m in modules_after(["search", "massage"], tmp_path) if m.startswith("snowballstemmer")}


@pytest.mark.slow  # a child process
def test_the_whole_stemmer_package_still_imports_after_the_spanish_stemmer() -> None:
    # The Spanish stemmer is imported without the package's __init__; a later import of the package runs it in full.
    code = (
        "from painguide.index import spanish; print(spanish.stem('relajaciones'));"
        "import snowballstemmer; print(snowballstemmer.stemmer('spanish').stemWord('relajaciones'),"
        " snowballstemmer.stemmer('english').stemWord('running'))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["relaj", "relaj", "run"]


ENGLISH_WORDS = (
    "Key points",
    "What the research shows",
    "What to expect",
    "Safety",
    "Questions to ask",
    "Related topics",
    "References",
    "Last reviewed",
    "evidence",
    "Read one with",
    "topics found",
    "(en inglés",
)


def test_every_bundled_page_reads_in_spanish(cli: Cli) -> None:
    """Headings and content in Spanish; English only in reference citations (titles stay as published)."""
    topics = json.loads(cli("list", "--format", "json", catalog=BUNDLED).stdout)["categories"]
    pages: list[tuple[str, ...]] = [("show", topic["id"]) for category in topics for topic in category["topics"]]
    pages += [("list",), ("core",), ("refs",), ("search", "dolor", "de", "espalda"), ()]
    for page in pages:
        result = cli("--lang", "es", *page, catalog=BUNDLED)
        assert result.exit_code == 0, (page, result.stderr)
        # Reference entries are numbered items or refs lines ending in "[id; citada por: ...]".
        text = result.stdout.split("\nReferencias\n", 1)[0] if page[:1] == ("show",) else result.stdout
        if page == ("refs",):
            text = "\n".join(
                line
                for line in text.splitlines()
                if not line.startswith((" ", "1", "2", "3", "4", "5", "6", "7", "8", "9"))
            )
        found = [word for word in ENGLISH_WORDS if word in text]
        assert found == [], (page, found)
