"""The contract of a topic field: declared once, with its roles, it reaches everything.

The test follows docs/architecture.md's recipe "Add a topic field" in a
scratch copy of the package (the real one is never patched): it declares a
`tip` field in the schema (shown under its heading, searched, scored,
translated) and gives the typed record the attribute; the page places it
from its schema row, with no edit of render/pages.py. Then a catalog and its
Spanish translation that carry a word only in that field must show it in
every page and data format of the format registry and on a handout, report
its missing, unstamped and stamped translation, find the topic by it under its
section label, and count it in the reading scores. A list of fields kept by
hand anywhere else makes one of these fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import CATALOG, ROOT
from painguide.formats import FORMATS
from readers import PAGE_READERS

# Every test runs painguide from a scratch copy of the package, in child processes.
pytestmark = pytest.mark.slow

TIP = "Keep a warm thermos of ginger tea beside your chair."
TIP_ES = "Tenga un termo de té de jengibre junto a su sillón."
# In no other field of the test catalog, in either language.
WORD, WORD_ES = "thermos", "termo"

TIP_FIELD = """\
        _opt(
            "tip",
            TEXT,
            "One practical tip for the day.",
            shown=135,
            searched=Searched(2.0, N_("Tip")),
            heading=N_("Tip"),
            scored=True,
            translated=Translated("The tip."),
        ),
"""

# The recipe's edits to the source, file by file: (an anchor that occurs once, text put before it).
RECIPE = {
    "catalog/schema.py": ('        _opt("related", IDS,', TIP_FIELD),
    "catalog/model.py": ("    def cited_refs(self)", '    tip: str = ""\n\n'),
}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the package with the recipe applied: the folder to put on PYTHONPATH."""
    root = tmp_path_factory.mktemp("tip-field")
    shutil.copytree(ROOT / "src" / "painguide", root / "painguide", ignore=shutil.ignore_patterns("__pycache__"))
    for name, (anchor, text) in RECIPE.items():
        path = root / "painguide" / name
        source = path.read_text(encoding="utf-8")
        assert source.count(anchor) == 1, f"{name}: the recipe's anchor {anchor!r} must occur once"
        path.write_text(source.replace(anchor, text + anchor), encoding="utf-8")
    return root


def _catalogs(folder: Path, translated: bool) -> Path:
    """The test catalog with a tip on acupuncture, and its Spanish translation (with the tip, or without)."""
    folder.mkdir(exist_ok=True)
    data = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    data["topics"]["acupuncture"]["tip"] = TIP
    path = folder / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    spanish = yaml.safe_load((CATALOG.parent / "catalog.es.yaml").read_text(encoding="utf-8"))
    if translated:
        spanish["topics"]["acupuncture"]["tip"] = TIP_ES
    (folder / "catalog.es.yaml").write_text(
        yaml.safe_dump(spanish, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
    return path


class Painguide:
    def __init__(self, package: Path, cache: Path) -> None:
        self.env = {
            **os.environ,
            "PYTHONPATH": str(package),
            "PAINGUIDE_CACHE_DIR": str(cache),
            "NO_COLOR": "1",
            "COLUMNS": "80",
            "LANG": "C.UTF-8",
        }
        for name in ("PAINGUIDE_LANG", "PAINGUIDE_DATA", "LC_ALL", "LC_MESSAGES", "FORCE_COLOR"):
            self.env.pop(name, None)

    def run(self, catalog: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "painguide", "--data", str(catalog), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=self.env,
            check=False,
        )

    def python(self, code: str, *args: str) -> str:
        proc = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, env=self.env, check=False
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout


@pytest.fixture(scope="module")
def painguide(package: Path, tmp_path_factory: pytest.TempPathFactory) -> Painguide:
    tool = Painguide(package, tmp_path_factory.mktemp("tip-cache"))
    # The scratch package is the one that runs, not the installed one.
    where = tool.python("import painguide.catalog.schema as s; print(s.__file__)")
    assert where.startswith(str(package)), where
    return tool


@pytest.mark.parametrize("fmt", [f.name for f in FORMATS if "show" in f.commands])
def test_the_field_reaches_every_format_of_show(painguide: Painguide, tmp_path: Path, fmt: str) -> None:
    catalog = _catalogs(tmp_path, translated=True)
    result = painguide.run(catalog, "show", "acupuncture", "--format", fmt)
    assert result.returncode == 0, result.stderr
    if fmt == "json":
        assert json.loads(result.stdout)["topic"]["tip"] == TIP
    # What a reader of the format sees (tests/readers.py, the hostile-text test's readers): any new format too.
    assert TIP in " ".join(PAGE_READERS[fmt](result.stdout).split()), result.stdout


def test_the_field_reaches_a_handout(painguide: Painguide, tmp_path: Path) -> None:
    catalog = _catalogs(tmp_path, translated=True)
    result = painguide.run(catalog, "handout", "acupuncture", "-o", "-")
    assert result.returncode == 0, result.stderr
    assert TIP in " ".join(result.stdout.split())


def test_a_missing_translation_of_the_field_is_reported(painguide: Painguide, tmp_path: Path) -> None:
    catalog = _catalogs(tmp_path, translated=False)
    result = painguide.run(catalog, "check", "--require-translations", "es")
    assert "topics.acupuncture.tip: no Spanish translation; the English is shown" in result.stdout + result.stderr
    # The Spanish page says so beside the English, never silently.
    page = painguide.run(catalog, "--lang", "es", "show", "acupuncture", "--format", "plain").stdout
    assert TIP in " ".join(page.split())
    assert TIP + " (" in " ".join(page.split())


def test_a_translation_of_the_field_is_fingerprinted_and_then_shown(painguide: Painguide, tmp_path: Path) -> None:
    catalog = _catalogs(tmp_path, translated=True)
    unstamped = painguide.run(catalog, "check", "--require-translations", "es")
    assert "topics.acupuncture.tip: no fingerprint of the English it was translated from" in unstamped.stdout
    stamped = painguide.run(catalog, "check", "--stamp-translations", "es")
    assert stamped.returncode == 0, stamped.stderr
    fingerprints = yaml.safe_load((tmp_path / "catalog.es.yaml").read_text(encoding="utf-8"))["topics"]["acupuncture"]
    assert "tip" in fingerprints["fingerprints"]
    assert "topics.acupuncture.tip" not in painguide.run(catalog, "check", "--require-translations", "es").stdout
    page = painguide.run(catalog, "--lang", "es", "show", "acupuncture", "--format", "plain").stdout
    assert TIP_ES in " ".join(page.split()) and TIP not in page
    found = json.loads(painguide.run(catalog, "--lang", "es", "search", WORD_ES, "--format", "json").stdout)
    assert [(hit["id"], hit["field"]) for hit in found["results"]] == [("acupuncture", "tip")]
    # A later change to the English makes the translation stale.
    catalog.write_text(catalog.read_text(encoding="utf-8").replace(TIP, TIP.replace("warm", "hot")), encoding="utf-8")
    stale = painguide.run(catalog, "check", "--require-translations", "es").stdout
    assert "topics.acupuncture.tip: stale: the English has changed since this was translated" in stale


def test_search_finds_the_topic_by_the_field_under_its_label(painguide: Painguide, tmp_path: Path) -> None:
    catalog = _catalogs(tmp_path, translated=True)
    result = painguide.run(catalog, "search", WORD, "--format", "json")
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)["results"]
    assert [(hit["id"], hit["section"], hit["field"]) for hit in hits] == [("acupuncture", "Tip", "tip")]
    assert WORD in hits[0]["snippet"]


def test_reading_scores_count_the_field(painguide: Painguide, tmp_path: Path) -> None:
    catalog = _catalogs(tmp_path, translated=True)
    code = (
        "import json, sys\n"
        "from painguide.catalog.load import load_catalog\n"
        "from painguide.quality.plain_language import pieces\n"
        "from painguide.quality.readability import patient_text\n"
        "topic = load_catalog(sys.argv[1]).topics['acupuncture']\n"
        "print(json.dumps([patient_text(topic), [[list(p.where), p.text] for p in pieces(topic)]]))\n"
    )
    text, scored = json.loads(painguide.python(code, str(catalog)))
    assert TIP in text
    # In page order: after the questions, where the page shows it.
    assert scored[-1] == [["tip"], TIP]
