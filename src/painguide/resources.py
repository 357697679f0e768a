"""Where the bundled catalog is, in every kind of install."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def bundled_catalog() -> str:
    """Path of the catalog shipped with painguide.

    A wheel carries it inside the package (`painguide/data/topics.yaml`); an
    editable install reads it from the source tree's `data/` directory.
    """
    packaged = Path(str(files("painguide"))) / "data" / "topics.yaml"
    if packaged.is_file():
        return str(packaged)
    return str(Path(__file__).resolve().parents[2] / "data" / "topics.yaml")
