"""CommonMark output. Catalog text is escaped so it can never become markup.

A catalog may contain `*`, `[x](y)`, `<b>` or a line that starts with `#`;
in Markdown each would turn into emphasis, a link, raw HTML or a heading.
Every character that can start inline markup is backslash-escaped wherever it
appears, and characters that only matter at the start of a line (list
markers, `>`, `-`) are escaped where a line starts. With every `[`
escaped, no link can open; inside the brackets of a link we make, `]` is
escaped too, so that its text cannot close them early (`good](evil` would
otherwise make the text one address and the target another). GitHub's Markdown also turns bare addresses (`https://...`,
`www....`) into links; an escaped `:` or `.` stops that in every renderer.
Links are made only to http, https and mailto addresses.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TextIO

from painguide.render.document import Bullets, Callout, Document, Heading, Inline, Paragraph, Rule, Span
from painguide.textsafe import visible

if TYPE_CHECKING:
    from painguide.render.dispatch import OutputOptions

# `&` would start an entity, `<` raw HTML or an autolink, `~` GFM strikethrough.
_INLINE = re.compile(r"([\\`*_\[<>&~#|])")
# GFM's extended autolinks: a scheme's "://" and a "www." that starts a word.
_BARE_LINK = re.compile(r"(?<=[A-Za-z0-9])(:)(?=//)|(?<![\w.-])((?i:www))(\.)")
# List markers, block quotes, setext underlines and thematic breaks
# are markup only at the start of a line.
_LINE_START = re.compile(r"^(\d{1,9})([.)])|^([-+=>])")
_MARKS = {"strong": "**", "match": "**", "em": "*"}
SAFE_SCHEMES = ("http://", "https://", "mailto:")


def escape(text: str, line_start: bool = True) -> str:
    """`text` as literal CommonMark inline content on one line."""
    text = " ".join(visible(text).split())
    text = _INLINE.sub(r"\\\1", text)
    text = _BARE_LINK.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)
    if not line_start:
        return text
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def safe_href(href: str) -> str:
    """The link target if it is a web or mail address, else "" (no javascript:, data: or file:)."""
    if not href.lower().startswith(SAFE_SCHEMES) or visible(href) != href or any(c.isspace() for c in href):
        return ""
    # Inside <...> a destination ends at ">" or a line break, and a backslash
    # escapes the character after it (so "\\>" would not end it).
    return href.replace("\\", "%5C").replace("<", "%3C").replace(">", "%3E")


def _span(span: Span, line_start: bool) -> str:
    if span.text == "\n":
        return "\n"
    core = span.text.strip()
    if not core:
        return " " if span.text else ""
    body = escape(core, line_start)
    href = safe_href(span.href) if span.href else ""
    if href:
        text = body.replace("]", "\\]")
        body = f"[{text}](<{href}>)"
    mark = _MARKS.get(span.style, "")
    if mark:
        body = f"{mark}{body}{mark}"
    # Whitespace stays outside the delimiters: `** x**` is not emphasis.
    lead = " " if span.text[:1].isspace() else ""
    trail = " " if span.text[-1:].isspace() else ""
    return f"{lead}{body}{trail}"


def inline(content: Inline, indent: str = "") -> str:
    """Spans joined; a newline span becomes a hard line break kept inside a list item."""
    parts: list[str] = []
    line_start = True
    for span in content:
        part = _span(span, line_start)
        parts.append(part)
        line_start = part == "\n" or (line_start and not part.strip())
    text = "".join(parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return ("\\\n" + indent).join(line for line in lines if line)


def write(stream: TextIO, document: Document, options: OutputOptions) -> None:
    stream.write(render(document))


def render(document: Document) -> str:
    out: list[str] = []
    for block in document.blocks:
        if isinstance(block, Heading):
            level = max(1, min(block.level, 6))
            out.append(f"{'#' * level} {escape(block.text)}")
        elif isinstance(block, Paragraph):
            text = inline(block.content)
            if text:
                out.append(text)
        elif isinstance(block, Bullets):
            if block.items:
                out.append(_bullets(block))
        elif isinstance(block, Callout):
            out.append(_callout(block))
        elif isinstance(block, Rule):
            out.append("---")
    return "\n\n".join(out) + "\n"


def _callout(block: Callout) -> str:
    """A block quote with a bold title: set apart in any Markdown viewer."""
    lines = [f"> **{escape(block.title)}**", ">"]
    for item in block.items:
        lines.append(("> - " + inline(item, ">   ")) if block.listed else "> " + inline(item, "> "))
    return "\n".join(lines)


def _bullets(block: Bullets) -> str:
    lines: list[str] = []
    for number, item in enumerate(block.items, start=block.start):
        marker = f"{number}. " if block.numbered else "- "
        lines.append(marker + inline(item, " " * len(marker)))
    return "\n".join(lines)
