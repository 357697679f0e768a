"""The bundled catalog is found in every kind of install, run from anywhere."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, built_once

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the sdist, then the wheel from that sdist (python -m build's default), once per run."""

    def build(out: Path) -> None:
        subprocess.run(
            [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
            check=True,
            capture_output=True,
        )

    return built_once(tmp_path_factory, "dist", build)


def test_sdist_carries_the_catalog_and_tests(dist: Path) -> None:
    (sdist,) = dist.glob("painguide-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"data/topics.yaml", "src/painguide/cli.py", "pyproject.toml", "README.md"} <= names


def test_wheel_built_from_sdist_carries_the_catalog(dist: Path) -> None:
    (wheel,) = dist.glob("painguide-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        packaged = archive.read("painguide/data/topics.yaml")
    assert "painguide/py.typed" in names
    assert packaged == (ROOT / "data" / "topics.yaml").read_bytes()
    # Spanish: the translation beside the catalog and the compiled interface text.
    assert {"painguide/data/topics.es.yaml", "painguide/locale/es/LC_MESSAGES/painguide.mo"} <= names


def test_installed_wheel_runs_from_another_directory(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("painguide-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run(
        # No bytecode compiled ahead for every dependency: Python compiles what painguide imports, as it runs.
        [str(venv / "bin" / "pip"), "install", "-q", "--no-compile", "--disable-pip-version-check", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NO_COLOR": "1", "LANG": "C.UTF-8"}
    shown = subprocess.run(
        [str(venv / "bin" / "painguide"), "show", "acupuncture"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Acupuncture\n===========\n")
    assert "Last reviewed:" in shown.stdout
    assert shown.stderr == ""
    listed = subprocess.run(
        [str(venv / "bin" / "painguide"), "list"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert listed.returncode == 0
    assert "tai-chi" in listed.stdout
    spanish = subprocess.run(
        [str(venv / "bin" / "painguide"), "--lang", "es", "search", "masaje", "y", "anticoagulantes"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert spanish.returncode == 0, spanish.stderr
    # A sentence gets the one-line 988/911 reminder first, in the installed package's Spanish too.
    assert spanish.stdout.startswith("Si piensa en el suicidio o en hacerse daño, llame o envíe un mensaje")
    assert "\n\nBúsqueda: masaje y anticoagulantes\n" in spanish.stdout
    assert "1. massage-therapy - Terapia de masaje" in spanish.stdout
    # `check` needs nothing beyond the plain install (textstat is a dependency).
    checked = subprocess.run(
        [str(venv / "bin" / "painguide"), "check"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.rstrip().endswith("OK: 0 errors, 0 warnings.")
    # The website needs nothing beyond the plain install either; the server needs the web extra, and says so.
    written = subprocess.run(
        [str(venv / "bin" / "painguide"), "site", "-o", "site"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert (written.returncode, written.stderr) == (0, "Wrote 87 files to site.\n")
    # search.js is in the wheel: the page carries the script that reads its index.
    assert 'JSON.parse(document.getElementById("search-index").textContent)' in (
        elsewhere / "site/es/search.html"
    ).read_text(encoding="utf-8")
    assert not list((elsewhere / "site/en/handouts").glob("*.pdf"))
    served = subprocess.run(
        [str(venv / "bin" / "painguide"), "serve"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert (served.returncode, served.stderr) == (
        1,
        'painguide: painguide serve needs Starlette and uvicorn; install them with: pip install ".[web]" (from a checkout of painguide)\n',
    )
