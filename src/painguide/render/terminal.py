"""Styled output for a terminal: the plain layout, with bold, italic, underline and red as SGR codes.

Catalog text is only ever text: nothing here reads markup or emoji codes, so
"[red]" or ":pill:" in a catalog prints literally, and every piece of text
goes through `visible` first.

The codes are written here rather than through Rich: importing Rich's console
cost more than laying out the page, and styled `show` took 1.4 x plain. The
bytes are those Rich wrote for these pages (tests/test_terminal.py compares
the two on every page): a run of text between two changes of style is one
segment, each styled segment is opened with its codes and closed with a reset,
a line break is never styled.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple, TextIO

from painguide.render.document import Bullets, Callout, Document, Heading, Inline, Paragraph, Rule
from painguide.render.plain import callout_lines
from painguide.textsafe import visible

if TYPE_CHECKING:
    from painguide.render.dispatch import OutputOptions

# Readable on light and dark backgrounds alike: no colour where the terminal's
# own foreground will do (yellow and cyan fade on white, dim on either).
STYLES = {"strong": "bold", "em": "italic", "muted": "italic", "match": "bold underline"}
HEADING = {1: "bold underline", 2: "bold", 3: "bold"}
CALLOUT_STYLES = {"main": "bold", "urgent": "bold red"}
# Select Graphic Rendition parameters, in the order a terminal's codes list them (attributes, then colour).
SGR = {"bold": "1", "italic": "3", "underline": "4", "red": "31"}
_WORD = re.compile(r"\S+")


class Line(NamedTuple):
    """Text with styled stretches: (start, end, style) over its characters, none empty."""

    plain: str
    spans: tuple[tuple[int, int, str], ...] = ()

    def cut(self, start: int, end: int) -> Line:
        """The characters from `start` to `end`, with the styles over them."""
        spans = tuple(
            (max(a, start) - start, min(b, end) - start, style) for a, b, style in self.spans if a < end and b > start
        )
        return Line(self.plain[start:end], spans)

    def after(self, prefix: str) -> Line:
        """`prefix`, unstyled, then this line."""
        shift = len(prefix)
        return Line(prefix + self.plain, tuple((a + shift, b + shift, style) for a, b, style in self.spans))

    def split(self, allow_blank: bool = True) -> list[Line]:
        """The lines between line breaks (without a trailing blank one unless `allow_blank`)."""
        if "\n" not in self.plain:
            return [self]
        lines, start = [], 0
        for part in self.plain.split("\n"):
            lines.append(self.cut(start, start + len(part)))
            start += len(part) + 1
        if not allow_blank and not lines[-1].plain:
            lines.pop()
        return lines

    def rstrip(self) -> Line:
        return self.cut(0, len(self.plain.rstrip()))


BLANK = Line("")


def _text(content: Inline, base: str = "") -> Line:
    plain: list[str] = []
    spans: list[tuple[int, int, str]] = []
    at = 0
    for span in content:
        text = visible(span.text)
        style = STYLES.get(span.style, "")
        if style and text:
            spans.append((at, at + len(text), style))
        plain.append(text)
        at += len(text)
    text = "".join(plain)
    if base and text:
        # The paragraph's own style lies under its spans, on every line of it.
        spans.insert(0, (0, len(text), base))
    return Line(text, tuple(spans))


class _Page:
    """The page's lines as they will be written, styled or not."""

    def __init__(self, color: bool) -> None:
        self.color = color
        self.parts: list[str] = []

    def line(self, line: Line = BLANK) -> None:
        if "\t" in line.plain:
            line = _expand_tabs(line)
        if not self.color or not line.spans:
            self.parts += (line.plain, "\n")
            return
        cuts = sorted({0, len(line.plain), *(edge for a, b, _ in line.spans for edge in (a, b))})
        for start, end in zip(cuts, cuts[1:]):
            words = {word for a, b, style in line.spans if a <= start and end <= b for word in style.split()}
            codes = ";".join(SGR[word] for word in SGR if word in words)
            text = line.plain[start:end]
            self.parts.append(f"\x1b[{codes}m{text}\x1b[0m" if codes else text)
        self.parts.append("\n")


def _expand_tabs(line: Line, size: int = 8) -> Line:
    """Each tab as spaces to the next multiple of `size` columns, in the tab's style (as Rich wrote them)."""
    plain: list[str] = []
    spans: list[tuple[int, int, str]] = []
    column = at = start = 0
    for part in line.plain.split("\t"):
        end = start + len(part) + 1
        piece = line.cut(start, min(end, len(line.plain)))
        text = piece.plain
        pad = 0
        if text.endswith("\t"):
            text = text[:-1] + " "
            column += _cells(text)
            pad = -column % size
            column += pad
        else:
            column += _cells(text)
        spans += [(a + at, b + at + (pad if b == len(text) else 0), style) for a, b, style in piece.spans]
        plain.append(text + " " * pad)
        at += len(text) + pad
        start = end
    return Line("".join(plain), tuple(spans))


def write(stream: TextIO, document: Document, options: OutputOptions) -> None:
    page = _Page(options.color)
    print_document(page, document, options.width)
    # One write for the page.
    stream.write("".join(page.parts))


def print_document(page: _Page, document: Document, width: int) -> None:
    # Layout (blank lines, indents) matches render.plain, so both read alike.
    previous: object = None
    for block in document.blocks:
        if isinstance(block, Heading):
            if previous is not None and not isinstance(previous, (Heading, Paragraph, Bullets)):
                page.line()
            text = visible(block.text)
            heading = Line(text, ((0, len(text), HEADING.get(block.level, "bold")),) if text else ())
            for line in [heading] if _cells(text) <= width else _wrap_heading(heading, width):
                page.line(line)
            if block.level == 1:
                page.line()
        elif isinstance(block, Paragraph):
            _print_wrapped(page, _text(block.content, STYLES.get(block.style, "")), width, "", "")
            page.line()
        elif isinstance(block, Bullets):
            _print_bullets(page, block, width)
            page.line()
        elif isinstance(block, Callout):
            # The same marked lines as plain text, so the meaning never rests on colour alone.
            style = CALLOUT_STYLES.get(block.kind, "bold")
            for text in callout_lines(block, width):
                page.line(Line(text, ((0, len(text), style),) if text else ()))
            page.line()
        elif isinstance(block, Rule):
            page.line(Line("─" * min(40, width)))
        previous = block


def _print_bullets(page: _Page, block: Bullets, width: int) -> None:
    number_width = len(str(block.start + len(block.items) - 1))
    for index, item in enumerate(block.items, start=block.start):
        marker = f"{index:>{number_width}}. " if block.numbered else "• "
        indent = " " * len(marker)
        for number, line in enumerate(_text(item).split(allow_blank=False)):
            prefix = marker if number == 0 else indent
            if block.wrap:
                _print_wrapped(page, line, width, prefix, indent)
            else:
                page.line(line.after(prefix))


def _print_wrapped(page: _Page, text: Line, width: int, first: str, rest: str) -> None:
    inner = max(10, width - len(first))
    lines = [wrapped for line in text.split() for wrapped in _fill(line, inner)]
    for number, line in enumerate(lines):
        page.line(line.after(first if number == 0 else rest))


def _fill(text: Line, width: int) -> list[Line]:
    """Greedy word wrap, except that a word is never cut.

    A word longer than the line (a web address, a DOI) runs past the edge
    whole and the terminal wraps it, so that it can still be copied or
    followed.
    """
    return [line.rstrip() for line in _lines(text, width)]


def _wrap_heading(text: Line, width: int) -> list[Line]:
    """A heading wider than the page, wrapped; a line keeps the spaces it ends in up to the page's width."""
    lines = []
    for line in _lines(text, width):
        plain = line.plain
        keep = len(plain)
        if keep > width:
            keep -= min(keep - width, keep - len(plain.rstrip()))
        while keep and plain[keep - 1].isspace() and _cells(plain[:keep]) > width:
            keep -= 1
        lines.append(line.cut(0, keep))
    return lines


def _lines(text: Line, width: int) -> list[Line]:
    """`text` cut before each word that would take a line past `width` columns."""
    plain = text.plain
    breaks: list[int] = []
    line_start, has_word = 0, False
    for word in _WORD.finditer(plain):
        start, end = word.span()
        if has_word and _cells(plain[line_start:end]) > width:
            breaks.append(start)
            line_start = start
        has_word = True
    edges = [0, *breaks, len(plain)]
    return [text.cut(a, b) for a, b in zip(edges, edges[1:])]


def _cells(text: str) -> int:
    """How many terminal columns `text` takes."""
    # Latin letters, with or without accents, take one column each; anything else (wide East Asian
    # characters, combining marks, emoji, tabs) is measured by Rich's tables, imported only then.
    if "\t" not in text and max(text, default=" ") < "\u0300":
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)
