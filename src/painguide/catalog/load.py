"""Read, parse and validate a catalog file: the one way a catalog enters painguide."""

from __future__ import annotations

from painguide.catalog.model import Catalog
from painguide.languages import SOURCE
from painguide.languages import get as get_language


def load_catalog(path: str, language: str = SOURCE) -> Catalog:
    """Parse and validate a catalog file (no index involved), in `language`.

    A layer (catalog/layers.py) is read over the catalog it extends, each
    file checked in its own right. For a language other than English the
    translation beside each file is laid over it (catalog/translation.py).
    """
    from painguide.catalog.layers import chain, extends_of
    from painguide.catalog.source import read_catalog_bytes
    from painguide.catalog.validate import build_catalog
    from painguide.catalog.yamltree import compose

    catalog: Catalog | None = None
    for file in chain(path):
        extends = extends_of(file) if catalog is not None else None
        catalog = build_catalog(compose(read_catalog_bytes(file), file), file, catalog, extends)
    assert catalog is not None
    if get_language(language).is_source:
        return catalog
    from painguide.catalog.translation import translate

    return translate(catalog, language).catalog
