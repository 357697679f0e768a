"""`painguide site`: the catalog as a website, one page per path, in every language the catalog has.

Every page comes from the same page builders as the CLI (`render/pages.py`,
`render/handout.py`) and the same HTML writer (`render/html.py`); this
module only lays them out as a site: a header with navigation and the
other languages, links between pages, and the search page with its index.
`painguide serve` renders the very same paths live (`Site.render`), so the
static site and the server cannot drift apart.

Output depends on the catalog alone: no clock is read unless
SOURCE_DATE_EPOCH is set (handouts are dated by the catalog's most recent
review), names and files come in catalog order, and JSON keys are sorted
where the catalog does not order them. The same catalog gives the same bytes.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from html import escape
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple

from painguide.i18n import _, ngettext, using
from painguide.languages import get as language_row
from painguide.render.document import Block, Bullets, Callout, Document, Heading, Paragraph, Rule, Span, spans

if TYPE_CHECKING:
    from painguide.catalog.model import CatalogInfo, Topic
    from painguide.environment import Environment
    from painguide.index.store import Store
    from painguide.site.safety import SafetyNet


def _native(code: str) -> str:
    return language_row(code).native


SITE_CSS = """
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 0.5rem; }
.skip:focus { left: 1rem; }
header.site { border-bottom: 2px solid #1a1a1a; margin-bottom: 1.5rem; padding-bottom: 0.5rem; }
header.site .name { font-weight: 700; font-size: 1.15rem; margin: 0 0 0.25rem; }
header.site nav ul { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; }
header.site nav li { margin: 0; }
footer.site { border-top: 1px solid #999; margin-top: 2rem; padding-top: 0.5rem; font-size: 0.95rem; }
a:focus-visible, input:focus-visible, button:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
form.search { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.75rem 0 1rem; }
form.search input { font: inherit; padding: 0.35rem 0.5rem; border: 2px solid #1a1a1a;
  min-width: 16rem; flex: 1 1 16rem; }
form.search button { font: inherit; padding: 0.35rem 1rem; border: 2px solid #1a1a1a;
  background: #1a1a1a; color: #fff; }
.results li { margin: 0.6rem 0; }
.results .section { font-style: italic; }
.status { font-weight: 700; }
@media print { header.site, footer.site, form.search { display: none; } }
"""

SEARCH_SCRIPT = "search.js"
# The search page's policy: the one inline script, allowed by its hash; nothing else may load or run.
_BASE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'self'"


class SiteOptions(NamedTuple):
    # Where the site will be published ("https://clinic.example/guide/"), for
    # canonical links and the sitemap; "" for none.
    base_url: str = ""
    # Also write each handout as a PDF (needs the pdf extra).
    pdf: bool = False
    # The date a handout is "made" on.
    made: dt.date = dt.date(2000, 1, 1)


def site_languages(catalog_path: str) -> tuple[str, ...]:
    """English, then every language whose translation file sits beside the catalog and may speak for it.

    A translation that is not trusted (another user's, or one others can write: docs/security.md)
    leaves its language out, so that a file someone plants cannot stop the English site or server.
    """
    from painguide.catalog.beside import translation_path, untrusted
    from painguide.catalog.layers import chain
    from painguide.languages import SOURCE, translations

    files = chain(catalog_path)

    def usable(code: str) -> bool:
        # The top file's translation must be there; none of the chain's may be one that is not trusted.
        paths = [translation_path(file, code) for file in files]
        present = [path for path in paths if os.path.lexists(path)]
        top = translation_path(catalog_path, code)
        return os.path.isfile(top) and not any(untrusted(catalog_path, path) for path in present)

    return (SOURCE, *(row.code for row in translations() if usable(row.code)))


def made_date(stores: dict[str, Store], env: Environment) -> dt.date:
    """SOURCE_DATE_EPOCH if set, else the most recent review in the catalog: never the clock, so builds repeat."""
    if env.environ.get("SOURCE_DATE_EPOCH"):
        return env.today()
    store = next(iter(stores.values()))
    return max((topic.last_reviewed for topic in store.topics()), default=dt.date(2000, 1, 1))


def script_source() -> str:
    return resources.files("painguide.site").joinpath(SEARCH_SCRIPT).read_text(encoding="utf-8")


def script_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


class Site:
    """Every page of the site, rendered on demand from open catalog indexes (one per language)."""

    def __init__(self, stores: dict[str, Store], options: SiteOptions) -> None:
        self.stores = stores
        self.languages = tuple(stores)
        self.options = options
        self.base_url = options.base_url.rstrip("/") + "/" if options.base_url else ""
        first = next(iter(stores.values()))
        self.topic_ids = [topic.id for topic in first.topics()]
        self.category_ids = [category.id for category in first.categories()]
        self._script = script_source()
        self.csp = _BASE_CSP
        self.search_csp = _BASE_CSP.replace(
            "default-src 'none';", f"default-src 'none'; script-src {script_hash(self._script)};"
        )

    # --- what the site holds -------------------------------------------------

    def paths(self) -> list[str]:
        """Every file of the site, as a relative path with "/" separators, in a fixed order."""
        out = ["index.html"]
        for code in self.languages:
            out += [f"{code}/{name}" for name in self._language_pages()]
        if self.base_url:
            out.append("sitemap.xml")
        return out

    def _language_pages(self) -> Iterator[str]:
        yield from ("index.html", "search.html", "core.html", "references.html")
        yield from (f"categories/{c}.html" for c in self.category_ids)
        for topic in self.topic_ids:
            yield f"topics/{topic}.html"
            yield f"handouts/{topic}.html"
            if self.options.pdf:
                yield f"handouts/{topic}.pdf"

    def render(self, path: str) -> bytes | None:
        """The file at `path`, or None if the site has no such file."""
        if path == "index.html":
            return self._choose_language().encode("utf-8")
        if path == "sitemap.xml":
            return self._sitemap().encode("utf-8") if self.base_url else None
        code, _sep, rest = path.partition("/")
        if code not in self.stores:
            return None
        with using(code):
            return self._render(code, rest)

    def _render(self, code: str, rest: str) -> bytes | None:
        store = self.stores[code]
        folder, _sep, name = rest.rpartition("/")
        stem, dot, ext = name.rpartition(".")
        if folder == "" and ext == "html":
            page = {"index": self._home, "search": self._search, "core": self._core, "references": self._refs}.get(stem)
            return page(code, rest).encode("utf-8") if page else None
        if folder == "topics" and ext == "html" and stem in self.topic_ids:
            return self._topic(code, rest, stem).encode("utf-8")
        if folder == "categories" and ext == "html" and stem in self.category_ids:
            return self._category(code, rest, stem).encode("utf-8")
        if folder == "handouts" and stem in self.topic_ids and ext in ("html", "pdf"):
            from painguide.queries import handout_topics
            from painguide.render.handout import handout

            text = handout(handout_topics(store, [stem]), store.info(), self.options.made)
            if ext == "html":
                return text.encode("utf-8")
            if self.options.pdf:
                from painguide.render.handout_pdf import pdf_bytes

                return pdf_bytes(text)
        del dot
        return None

    # --- pages ---------------------------------------------------------------

    def _home(self, code: str, path: str) -> str:
        from painguide.render.pages import list_page

        store = self.stores[code]
        info = store.info()
        listed = list_page(store.categories(), store.topics(), info, commands=False)
        intro = Paragraph(
            spans(
                _(
                    "Plain-language answers about integrative chronic pain care: what each therapy is, what the "
                    "research shows, what to expect, and how to stay safe. Nothing you type or read here is sent "
                    "anywhere."
                )
            )
        )
        categories = Bullets(tuple(spans(Span(c.title, href=f"categories/{c.id}.html")) for c in store.categories()))
        linked = self._linked(listed, "topics/{id}.html", code).blocks
        # The title and any notice above the first category, then what this site adds, then the topics.
        top = next((n for n, b in enumerate(linked) if isinstance(b, Heading) and b.level == 2), len(linked))
        blocks: list[Block] = [
            *linked[:top],
            intro,
            self._safety_callout(code),
            Heading(_("Categories")),
            categories,
            *linked[top:],
        ]
        return self._page(code, path, Document(info.title, tuple(blocks)))

    def _safety_callout(self, code: str) -> Callout:
        from painguide.site.safety import safety_phrases

        net = safety_phrases(self.stores[code].alerts(), code)
        lines = _net_lines(net)
        return Callout(_("Get help right away"), tuple(spans(line) for line in lines), "urgent", True)

    def _topic(self, code: str, path: str, topic_id: str) -> str:
        from painguide.queries import topic_view
        from painguide.render.pages import topic_page

        store = self.stores[code]
        view = topic_view(store, topic_id)
        document = topic_page(*view, store.info(), commands=False)
        document = _link_related(document, view.topic, view.related)
        category = next((c for c in store.categories() if c.id == view.topic.category), None)
        more: list[Span] = [Span(_("Printable handout"), href=f"../handouts/{topic_id}.html")]
        if self.options.pdf:
            more += [Span(" ("), Span("PDF", href=f"../handouts/{topic_id}.pdf"), Span(")")]
        if category is not None:
            more += [Span(" \u00b7 "), Span(category.title, href=f"../categories/{category.id}.html")]
        document = _before_footer(document, Paragraph(tuple(more)))
        return self._page(code, path, document)

    def _category(self, code: str, path: str, category_id: str) -> str:
        from painguide.render.pages import list_page

        store = self.stores[code]
        chosen = [c for c in store.categories() if c.id == category_id]
        listed = list_page(chosen, store.topics(), store.info(), commands=False)
        document = self._linked(listed, "../topics/{id}.html", code)
        return self._page(code, path, document._replace(title=chosen[0].title))

    def _core(self, code: str, path: str) -> str:
        from painguide.render.pages import core_page

        store = self.stores[code]
        return self._page(code, path, core_page(store.core(), store.info(), commands=False))

    def _refs(self, code: str, path: str) -> str:
        from painguide.render.pages import refs_page

        catalog = self.stores[code].catalog()
        return self._page(code, path, refs_page(catalog.references, catalog.citing_topics(), catalog.info))

    def _search(self, code: str, path: str) -> str:
        from painguide.render.html import blocks
        from painguide.site.safety import safety_phrases
        from painguide.site.search_index import build_index, index_json

        store = self.stores[code]
        index = build_index(store, safety_phrases(self.stores[code].alerts(), code))
        words = {
            "one": ngettext("{count} topic found", "{count} topics found", 1),
            "many": ngettext("{count} topic found", "{count} topics found", 2),
            "none": _("No topic matches these words. Try other words, or see the list of topics."),
            "sep": ": ",
        }
        heading = _("Search")
        no_script = _("Search needs JavaScript. Every topic is listed on the home page.")
        form = self._form(code, path, autofocus=True)
        body = (
            f"<h1>{escape(heading)}</h1>\n{form}\n"
            '<div id="results" class="results" aria-live="polite"></div>\n'
            f"<noscript><p>{escape(no_script)}</p></noscript>\n"
            f'<script type="application/json" id="search-index">{index_json(index)}</script>\n'
            f'<script type="application/json" id="search-text">{index_json(words)}</script>\n'
            f"<script>{self._script}</script>"
        )
        info = store.info()
        footer = blocks(Document("", tuple(b for b in _footer_blocks(info))))
        return self._wrap(code, path, f"{heading} - {info.title}", f"{body}\n{footer}", self.search_csp)

    def _choose_language(self) -> str:
        from painguide.render.html import page, text

        title = self.stores[self.languages[0]].info().title
        items = "\n".join(
            f'<li><a href="{code}/index.html" hreflang="{code}" lang="{code}">{text(_native(code))}</a></li>'
            for code in self.languages
        )
        head = self._alternates("index.html")
        body = f"<main>\n<h1>{text(title)}</h1>\n<ul>\n{items}\n</ul>\n</main>"
        return page(title, body, lang=self.languages[0], csp=self.csp, head=head)

    def _sitemap(self) -> str:
        urls = "".join(
            f"<url><loc>{escape(self.base_url + path)}</loc></url>\n" for path in self.paths() if path.endswith(".html")
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}</urlset>\n"
        )

    # --- layout --------------------------------------------------------------

    def _page(self, code: str, path: str, document: Document) -> str:
        from painguide.render.html import blocks

        info = self.stores[code].info()
        title = document.title if document.title == info.title else f"{document.title} - {info.title}"
        return self._wrap(code, path, title, blocks(document), self.csp)

    def _wrap(self, code: str, path: str, title: str, body: str, csp: str) -> str:
        from painguide.render.html import BASE_CSS, page, text

        up = "../" * path.count("/")
        info = self.stores[code].info()
        nav = [
            (f"{up}index.html", _("Home")),
            (f"{up}core.html", _("The core elements")),
            (f"{up}references.html", _("References")),
            (f"{up}search.html", _("Search")),
        ]
        links = "\n".join(f'<li><a href="{href}">{text(label)}</a></li>' for href, label in nav)
        others = "\n".join(
            f'<li><a href="{up}../{other}/{path}" hreflang="{other}" lang="{other}">{text(_native(other))}</a></li>'
            for other in self.languages
            if other != code
        )
        skip, site_nav = text(_("Skip to the content")), text(_("Site"))
        header = (
            f'<a class="skip" href="#main">{skip}</a>\n'
            f'<header class="site">\n<p class="name"><a href="{up}index.html">{text(info.title)}</a></p>\n'
            f'<nav aria-label="{site_nav}">\n<ul>\n{links}\n{others}\n</ul>\n</nav>\n'
            f"{self._form(code, path) if not path.endswith('search.html') else ''}</header>\n"
        )
        footer = f'<footer class="site">\n<p>{text(self._safety_line(code))}</p>\n</footer>'
        head = self._alternates(f"{code}/{path}")
        return page(
            title,
            f'{header}<main id="main">\n{body}\n</main>\n{footer}',
            BASE_CSS + SITE_CSS,
            lang=code,
            csp=csp,
            head=head,
        )

    def _safety_line(self, code: str) -> str:
        from painguide.site.safety import safety_phrases

        return " ".join(_net_lines(safety_phrases(self.stores[code].alerts(), code)))

    def _form(self, code: str, path: str, autofocus: bool = False) -> str:
        from painguide.render.html import text

        up = "../" * path.count("/")
        focus = " autofocus" if autofocus else ""
        label, button = text(_("Search the topics")), text(_("Search"))
        return (
            f'<form class="search" role="search" action="{up}search.html" method="get">\n'
            f'<label for="q">{label}</label>\n'
            f'<input id="q" name="q" type="search" maxlength="500" autocomplete="off"{focus}>\n'
            f'<button type="submit">{button}</button>\n</form>'
        )

    def _alternates(self, site_path: str) -> str:
        """Canonical link and the same page in every language (absolute with --base-url, else relative)."""
        depth = site_path.count("/")
        code, _sep, rest = site_path.partition("/")
        lines = []
        if self.base_url:
            lines.append(f'<link rel="canonical" href="{escape(self.base_url + site_path)}">\n')
        if code in self.stores:
            for other in self.languages:
                href = self.base_url + f"{other}/{rest}" if self.base_url else "../" * depth + f"{other}/{rest}"
                lines.append(f'<link rel="alternate" hreflang="{other}" href="{escape(href)}">\n')
        return "".join(lines)

    def _linked(self, document: Document, href: str, code: str) -> Document:
        """A list page whose topic ids (what a terminal user types) become their titles, linked to their pages."""
        titles = {topic.id: topic.title for topic in self.stores[code].topics()}
        out: list[Block] = []
        for block in document.blocks:
            if isinstance(block, Bullets):
                block = block._replace(
                    items=tuple(
                        tuple(
                            Span(titles[span.text], span.style, href.format(id=span.text))
                            if span.style == "strong" and span.text in titles
                            else span
                            for span in item
                        )
                        for item in block.items
                    )
                )
            out.append(block)
        return document._replace(blocks=tuple(out))


def _link_related(document: Document, topic: Topic, related: dict[str, str]) -> Document:
    """The related-topics list of a topic page (as `commands=False` writes it), with each title a link."""
    plain = tuple(spans(related.get(r, r)) for r in topic.related)
    linked = tuple(spans(Span(related.get(r, r), href=f"{r}.html")) for r in topic.related)
    blocks = tuple(
        Bullets(linked) if isinstance(b, Bullets) and b.items == plain and plain else b for b in document.blocks
    )
    return document._replace(blocks=blocks)


def _before_footer(document: Document, block: Block) -> Document:
    """`block` inserted before the page's footer (the rule before the disclaimer), or at the end."""
    blocks = list(document.blocks)
    at = next((n for n in range(len(blocks) - 1, -1, -1) if isinstance(blocks[n], Rule)), len(blocks))
    blocks.insert(at, block)
    return document._replace(blocks=tuple(blocks))


def _footer_blocks(info: CatalogInfo) -> list[Block]:
    from painguide.render import pages

    # The same disclaimer and contact lines every page ends with.
    return pages.page_footer(info)


def _net_lines(net: SafetyNet) -> list[str]:
    """What every page says of the safety net: the crisis alert's line that says to call 988 and the line
    after it (how to reach it in Spanish), and the emergency alert's line that says to call 911: never a
    catalog's first lines if those name only a room or a desk (ninth pass #1)."""
    from painguide.catalog.names import names_number
    from painguide.catalog.schema import ALERT_NUMBERS

    lines: list[str] = []
    for kind, count in (("crisis", 2), ("emergency", 1)):
        alert = next((alert for alert in net.alerts if alert.kind == kind), None)
        if alert is None:
            continue
        first = next((n for n, line in enumerate(alert.message) if names_number([line], ALERT_NUMBERS[kind])), 0)
        lines += alert.message[first : first + count]
    return lines
