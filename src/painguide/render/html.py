"""HTML output: one self-contained page, and the pieces the handout is built from.

All text passes through `html.escape` (quotes too), so a catalog's `<script>`
or `onerror=` shows up as text. Links are made only for http and https
addresses (DOIs are resolved to https://doi.org/...), never for
`javascript:` or `data:`. The Content-Security-Policy forbids scripts and
every external fetch, so even a mistake here could not run code.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING, TextIO

from painguide.render.document import Bullets, Callout, Document, Heading, Inline, Paragraph, Rule, Span
from painguide.textsafe import visible

if TYPE_CHECKING:
    from painguide.render.dispatch import OutputOptions

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
SAFE_SCHEMES = ("http://", "https://")
# A link between two pages of one site (`painguide site`, `painguide serve`):
# a relative path of lower-case names ending in .html or .pdf. It has no
# scheme and no "//", so it cannot leave the site or run anything.
_LOCAL_HREF = re.compile(r"(?:\.\./)*(?:[a-z0-9][a-z0-9_-]*/)*[a-z0-9][a-z0-9._-]*\.(?:html|pdf)(?:#[a-z0-9_-]+)?")
_TAGS = {"strong": "strong", "em": "em", "match": "mark"}

BASE_CSS = """
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1a1a1a; background: #fff; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.8rem; line-height: 1.2; margin: 0 0 1rem; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 0.5rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.25rem; }
ul, ol { padding-left: 1.5rem; margin: 0.25rem 0 0.75rem; }
li { margin: 0.15rem 0; }
.muted { color: #555; }
mark { background: #fff3a8; color: inherit; }
hr { border: 0; border-top: 1px solid #999; margin: 1.5rem 0 0.5rem; }
a { color: #0645ad; overflow-wrap: anywhere; }
.callout { border: 2px solid #1a1a1a; border-left-width: 8px; padding: 0.5rem 1rem; margin: 1rem 0; }
.callout p { margin: 0.25rem 0; }
.callout.urgent { border-color: #a00000; background: #fff4f4; }
"""


def text(value: str) -> str:
    """Catalog text as HTML text: controls made visible, markup characters escaped."""
    return escape(visible(value), quote=True)


def css_string(value: str) -> str:
    """Catalog text as a quoted CSS string (for `content:` in page margins).

    Everything but ASCII letters, digits and spaces becomes a hex escape,
    so no quote, backslash or `</style>` in the text can end the string, the
    rule or the style element. Each escape ends with the one space CSS takes
    as its terminator, so a space written after it survives.
    """
    chars = (c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):x} " for c in visible(value))
    return '"' + "".join(chars) + '"'


def safe_href(href: str) -> str:
    """An http(s) address (or a relative link within a site) ready for an attribute, or "" if it is anything else."""
    if _LOCAL_HREF.fullmatch(href):
        return href
    if not href.lower().startswith(SAFE_SCHEMES) or any(c.isspace() or ord(c) < 0x20 for c in href):
        return ""
    return escape(href, quote=True)


def _span(span: Span) -> str:
    if span.text == "\n":
        return "<br>\n"
    body = text(span.text)
    href = safe_href(span.href) if span.href else ""
    if href:
        body = f'<a href="{href}">{body}</a>'
    tag = _TAGS.get(span.style)
    if tag:
        return f"<{tag}>{body}</{tag}>"
    if span.style == "muted":
        return f'<span class="muted">{body}</span>'
    return body


def inline(content: Inline) -> str:
    return "".join(_span(span) for span in content)


def blocks(document: Document) -> str:
    """The document's blocks as HTML elements, one per line."""
    out: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            level = max(1, min(block.level, 6))
            out.append(f"<h{level}>{text(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            css = ' class="muted"' if block.style == "muted" else ""
            out.append(f"<p{css}>{inline(block.content)}</p>")
        elif isinstance(block, Bullets):
            out.append(_list(block))
        elif isinstance(block, Callout):
            out.append(_callout(block))
        elif isinstance(block, Rule):
            out.append("<hr>")
    return "\n".join(out)


def _callout(block: Callout) -> str:
    kind = "urgent" if block.kind == "urgent" else "main"
    title = f'<p class="callout-title"><strong>{text(block.title)}</strong></p>'
    if block.listed:
        body = "<ul>\n" + "\n".join(f"<li>{inline(item)}</li>" for item in block.items) + "\n</ul>"
    else:
        body = "\n".join(f"<p>{inline(item)}</p>" for item in block.items)
    return f'<div class="callout {kind}" role="note" aria-label="{text(block.title)}">\n{title}\n{body}\n</div>'


def _list(block: Bullets) -> str:
    tag = "ol" if block.numbered else "ul"
    start = f' start="{block.start}"' if block.numbered and block.start != 1 else ""
    items = "\n".join(f"<li>{inline(item)}</li>" for item in block.items)
    return f"<{tag}{start}>\n{items}\n</{tag}>"


def page(
    title: str,
    body: str,
    css: str = BASE_CSS,
    meta: dict[str, str] | None = None,
    lang: str = "en",
    *,
    csp: str = CSP,
    head: str = "",
) -> str:
    """A complete HTML document that needs nothing from the network.

    `meta` adds <meta name=... content=...> tags (a PDF takes its author and
    dates from them). A site page passes its own policy (`csp`, which allows
    its one search script by hash) and `head` elements (links to the page in
    other languages), already escaped.
    """
    extra = "".join(f'<meta name="{text(name)}" content="{text(value)}">\n' for name, value in (meta or {}).items())
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{text(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"{extra}{head}<title>{text(title)}</title>\n<style>{css}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def write(stream: TextIO, document: Document, options: OutputOptions) -> None:
    stream.write(render(document))


def render(document: Document) -> str:
    from painguide.i18n import language

    return page(document.title, f"<main>\n{blocks(document)}\n</main>", lang=language())
