"""Read, parse and validate a catalog file: the one way a catalog enters painguide."""

from __future__ import annotations

from painguide.catalog.model import Catalog


def load_catalog(path: str) -> Catalog:
    """Parse and validate a catalog file (no index involved)."""
    from painguide.catalog.source import read_catalog_bytes
    from painguide.catalog.validate import build_catalog
    from painguide.catalog.yamltree import compose

    return build_catalog(compose(read_catalog_bytes(path), path), path)
