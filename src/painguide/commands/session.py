"""One run of a command: its environment, catalog, languages and how it writes a page."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from painguide.environment import Environment
from painguide.errors import UsageError
from painguide.languages import SOURCE

if TYPE_CHECKING:
    from painguide.index.store import Store
    from painguide.render.document import Document


def requested_languages(value: str | None, environ: Mapping[str, str]) -> tuple[str, ...]:
    """The languages --lang names, else PAINGUIDE_LANG or the locale's; the first is every page's."""
    from painguide import i18n

    return i18n.parse(value) if value is not None else i18n.from_environment(environ)


def translation_languages(value: str, option: str, first_only: bool = False) -> tuple[str, ...]:
    """The languages an option that names translations gives (`--require-translations es`); English is none."""
    from painguide import i18n, languages

    codes = i18n.parse(value, option)[: 1 if first_only else None]
    if any(languages.is_source(code) for code in codes):
        raise UsageError(f"{option} en: English is the catalog's own language; name a translation, e.g. es")
    return codes


class Session:
    """The global options and the environment, shared by every command of one run."""

    def __init__(
        self,
        env: Environment,
        data: str | None = None,
        no_color: bool = False,
        languages: tuple[str, ...] = (SOURCE,),
        no_pager: bool = False,
    ) -> None:
        self.env = env
        self.data = data
        self.no_color = no_color
        self.no_pager = no_pager
        # The first is the language of every page; a handout may add a second.
        self.languages = languages
        self._store: Store | None = None

    @property
    def language(self) -> str:
        return self.languages[0]

    @property
    def catalog_path(self) -> str:
        if self.data is not None:
            return self.data
        from painguide.catalog.bundled import bundled_catalog

        return bundled_catalog()

    def store(self) -> Store:
        if self._store is None:
            self._store = self.store_in(self.language)
        return self._store

    def store_in(self, language: str) -> Store:
        """The index of the catalog in `language` (a bilingual handout opens two)."""
        from painguide.index.store import open_store

        if self._store is not None and language == self.language:
            return self._store
        return open_store(self.catalog_path, self.env.use_cache, language, self.env.environ)

    def emit(
        self,
        fmt: str | None,
        build: Callable[[], Document],
        data: Callable[[], dict[str, object]] | None = None,
    ) -> None:
        """Write the page `build` makes; for JSON, the record `data` makes instead."""
        if fmt == "json":
            if data is None:
                raise UsageError("JSON output is not available for this command.")
            from painguide.export.json_data import dumps

            self.write(fmt, dumps(data()))
            return
        from painguide.render.dispatch import choose, use_pager, write_document

        out = self.env.stdout
        self.encoding_for(fmt)
        options = choose(out, fmt, self.no_color, self.env.environ)
        if not use_pager(out, self.no_pager, self.env.environ):
            write_document(out, build(), options)
            return
        import io

        from painguide.render import pager

        # On a terminal the page is made first, to know whether it fits on the screen.
        buffer = io.StringIO()
        write_document(buffer, build(), options)
        if not pager.page(buffer.getvalue(), out, self.env.environ):
            out.write(buffer.getvalue())

    def write(self, fmt: str, text: str) -> None:
        """Text already in format `fmt` (JSON, a bibliography, a handout) to standard output."""
        self.encoding_for(fmt)
        self.env.stdout.write(text)

    def encoding_for(self, fmt: str | None) -> None:
        """Standard output in UTF-8 for a format that declares it (HTML, JSON), whatever the locale says."""
        from painguide.formats import BY_NAME

        out = self.env.stdout
        reconfigure = getattr(out, "reconfigure", None)
        if fmt in BY_NAME and BY_NAME[fmt].utf8 and reconfigure is not None:
            out.flush()
            reconfigure(encoding="utf-8", errors="replace")
