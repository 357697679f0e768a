"""Plain text: no styling, no escape codes, wrapped to a width. Used when piped."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, TextIO

from painguide.render.document import Bullets, Callout, Document, Heading, Inline, Paragraph, Rule
from painguide.textsafe import visible

if TYPE_CHECKING:
    from painguide.render.dispatch import OutputOptions


def write(stream: TextIO, document: Document, options: OutputOptions) -> None:
    stream.write(render(document, options.width))


def inline_text(content: Inline) -> str:
    return visible("".join(span.text for span in content))


def render(document: Document, width: int = 80) -> str:
    out: list[str] = []
    previous: object = None
    for block in document.blocks:
        if isinstance(block, Heading):
            text = visible(block.text)
            if out and out[-1] and not isinstance(previous, Heading):
                out.append("")
            if block.level == 1:
                out += [text, "=" * min(len(text), width), ""]
            elif block.level == 2:
                out += [text, "-" * min(len(text), width)]
            else:
                out.append(text)
        elif isinstance(block, Paragraph):
            out += [*_wrap(inline_text(block.content), width, "", ""), ""]
        elif isinstance(block, Bullets):
            out += _bullets(block, width)
            out.append("")
        elif isinstance(block, Callout):
            if out and out[-1]:
                out.append("")
            out += [*callout_lines(block, width), ""]
        elif isinstance(block, Rule):
            out.append("-" * min(40, width))
        previous = block
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


# Every line of a callout starts with its mark, so it stands out on paper,
# in a pipe and for screen readers reading plain text.
CALLOUT_MARKS = {"main": "> ", "urgent": "!! "}


def callout_lines(block: Callout, width: int) -> list[str]:
    mark = CALLOUT_MARKS.get(block.kind, "> ")
    lines = [mark + visible(block.title).upper()]
    for item in block.items:
        if block.listed:
            lines += _wrap(inline_text(item), width, mark + "- ", mark + "  ")
        else:
            lines += _wrap(inline_text(item), width, mark, mark)
    return lines


def _bullets(block: Bullets, width: int) -> list[str]:
    lines: list[str] = []
    last = block.start + len(block.items) - 1
    number_width = len(str(last))
    for index, item in enumerate(block.items, start=block.start):
        marker = f"{index:>{number_width}}. " if block.numbered else "- "
        indent = " " * len(marker)
        first = marker
        for part in inline_text(item).split("\n"):
            lines += _wrap(part, width, first, indent) if block.wrap else [first + part]
            first = indent
    return lines


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    text = " ".join(text.split())
    if not text:
        return [first.rstrip()]
    return textwrap.wrap(
        text,
        width=max(width, len(first) + 10),
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
        # A web address or DOI cut in two cannot be copied or followed; let it run long.
        break_long_words=False,
    )
