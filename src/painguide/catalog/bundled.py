"""Where the bundled catalog is, in every kind of install."""

from __future__ import annotations

import os
from pathlib import Path


def package_dir() -> Path:
    """The installed `painguide` package's own folder."""
    return Path(__file__).resolve().parents[1]


def in_package(path: str) -> bool:
    """Whether `path` (through any symlink) is inside the installed package, which painguide never writes."""
    return Path(os.path.realpath(path)).is_relative_to(package_dir().resolve())


def bundled_catalog() -> str:
    """Path of the catalog shipped with painguide.

    A wheel carries it inside the package (`painguide/data/topics.yaml`); an
    editable install reads it from the source tree's `data/` directory. A
    plain path rather than importlib.resources: the index needs a real file
    to stat, and importlib.resources costs start-up time (it imports zipfile).
    """
    package = package_dir()
    packaged = package / "data" / "topics.yaml"
    if packaged.is_file():
        return str(packaged)
    return str(package.parents[1] / "data" / "topics.yaml")
