"""Open a catalog as a site in every language it has, and write it to a folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from painguide.site.build import Site, SiteOptions, made_date, site_languages

if TYPE_CHECKING:
    from painguide.environment import Environment
    from painguide.index.store import Store
    from painguide.site.writer import Written


def open_site(
    catalog_path: str, store_in: Callable[[str], Store], env: Environment, base_url: str = "", pdf: bool = False
) -> Site:
    """The site of the catalog, one index per language (English, then each translation beside the catalog).

    `env` dates the handouts when SOURCE_DATE_EPOCH asks for a date.
    """
    if base_url:
        from painguide.catalog.addresses import base_url_problem
        from painguide.errors import UsageError

        wrong = base_url_problem(base_url)
        if wrong:
            raise UsageError(f"--base-url: {wrong}")
    stores = {code: store_in(code) for code in site_languages(catalog_path)}
    if pdf:
        from painguide.render.handout_pdf import require_weasyprint

        require_weasyprint()
    return Site(stores, SiteOptions(base_url, pdf, made_date(stores, env)))


def pdf_available() -> bool:
    """True when the pdf extra can make PDFs (the site then carries each handout as a PDF too)."""
    from painguide.errors import MissingExtra
    from painguide.render.handout_pdf import require_weasyprint

    try:
        require_weasyprint()
    except MissingExtra:
        return False
    return True


def files(site: Site) -> Iterator[tuple[str, bytes]]:
    for path in site.paths():
        data = site.render(path)
        if data is None:
            raise AssertionError(f"the site lists {path} but cannot render it")
        yield path, data


def write_site(site: Site, directory: str, force: bool = False) -> Written:
    """Write the site's pages, and remove the ones an earlier run wrote that it no longer has."""
    from painguide.site.writer import write_tree

    return write_tree(directory, files(site), force, site.paths())
