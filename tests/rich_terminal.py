"""The styled writer as it was with Rich (render/terminal.py before it wrote its own codes): the oracle
tests/test_terminal_bytes.py holds the new writer to, byte for byte. Not used by painguide."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from painguide.render.document import Bullets, Callout, Document, Heading, Inline, Paragraph, Rule
from painguide.render.plain import callout_lines
from painguide.render.terminal import CALLOUT_STYLES, HEADING, STYLES
from painguide.textsafe import visible

if TYPE_CHECKING:
    from painguide.render.dispatch import OutputOptions

_WORD = re.compile(r"\S+")


def _text(content: Inline, base: str = "") -> Text:
    text = Text(style=base)
    for span in content:
        text.append(visible(span.text), style=STYLES.get(span.style, ""))
    return text


def write(stream: TextIO, document: Document, options: OutputOptions) -> None:
    console = Console(
        file=stream,
        width=options.width,
        force_terminal=options.color,
        color_system="auto" if options.color else None,
        no_color=not options.color,
        markup=False,
        emoji=False,
        highlight=False,
        legacy_windows=False,
        # A fixed height stops Rich reading LINES, which it parses with int() and crashes on "²".
        height=25,
    )
    # One write at the end instead of one per line (Rich renders and flushes each print otherwise).
    with console:
        print_document(console, document)


def print_document(console: Console, document: Document) -> None:
    # Layout (blank lines, indents) matches render.plain, so both read alike.
    width = console.width
    previous: object = None
    for block in document.blocks:
        if isinstance(block, Heading):
            if previous is not None and not isinstance(previous, (Heading, Paragraph, Bullets)):
                console.print()
            console.print(Text(visible(block.text), style=HEADING.get(block.level, "bold")))
            if block.level == 1:
                console.print()
        elif isinstance(block, Paragraph):
            _print_wrapped(console, _text(block.content, STYLES.get(block.style, "")), width, "", "")
            console.print()
        elif isinstance(block, Bullets):
            _print_bullets(console, block, width)
            console.print()
        elif isinstance(block, Callout):
            # The same marked lines as plain text, so the meaning never rests on colour alone.
            style = CALLOUT_STYLES.get(block.kind, "bold")
            for line in callout_lines(block, width):
                console.print(Text(line, style=style), soft_wrap=True, overflow="ignore", crop=False)
            console.print()
        elif isinstance(block, Rule):
            console.print(Text("─" * min(40, width)))
        previous = block


def _print_bullets(console: Console, block: Bullets, width: int) -> None:
    number_width = len(str(block.start + len(block.items) - 1))
    for index, item in enumerate(block.items, start=block.start):
        marker = f"{index:>{number_width}}. " if block.numbered else "• "
        indent = " " * len(marker)
        lines = _text(item).split("\n")
        for number, line in enumerate(lines):
            prefix = marker if number == 0 else indent
            if block.wrap:
                _print_wrapped(console, line, width, prefix, indent)
            else:
                console.print(Text(prefix) + line, soft_wrap=True, overflow="ignore", crop=False)


def _print_wrapped(console: Console, text: Text, width: int, first: str, rest: str) -> None:
    inner = max(10, width - len(first))
    lines = [wrapped for line in text.split("\n", allow_blank=True) for wrapped in _fill(line, inner)]
    # One print for the whole paragraph: each print costs Rich a pass of its own.
    prefixed = [Text(first if number == 0 else rest) + line for number, line in enumerate(lines)]
    if prefixed:
        console.print(Text("\n").join(prefixed), soft_wrap=True, overflow="ignore", crop=False)


def _fill(text: Text, width: int) -> list[Text]:
    """Greedy word wrap, like Rich's, except that a word is never cut.

    Rich folds a word longer than the line, which cuts a web address or DOI
    in two so that it can no longer be copied or followed; here such a word
    runs past the edge whole and the terminal wraps it.
    """
    plain = text.plain
    breaks: list[int] = []
    line_start, has_word = 0, False
    for word in _WORD.finditer(plain):
        start, end = word.span()
        if has_word and cell_len(plain[line_start:end]) > width:
            breaks.append(start)
            line_start = start
        has_word = True
    lines = list(text.divide(breaks))
    for line in lines:
        line.rstrip()
    return lines
