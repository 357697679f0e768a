"""Decide how output looks (rich text or plain) and write documents to stdout."""

from __future__ import annotations

import os
import sys
from typing import NamedTuple, TextIO

from painguide.render.document import Document

MIN_WIDTH, MAX_WIDTH, PIPE_WIDTH = 40, 100, 80


class OutputOptions(NamedTuple):
    format: str
    color: bool
    width: int


def choose(stream: TextIO, requested: str | None, no_color: bool) -> OutputOptions:
    """Rich text on a terminal, plain text on a pipe; NO_COLOR and TERM=dumb respected."""
    env = os.environ
    dumb = env.get("TERM", "") == "dumb"
    forced = bool(env.get("FORCE_COLOR")) and not env.get("NO_COLOR")
    interactive = _isatty(stream)
    fmt = requested or ("text" if (interactive and not dumb) or forced else "plain")
    color = fmt == "text" and not no_color and not env.get("NO_COLOR") and not dumb
    return OutputOptions(fmt, color, terminal_width(interactive))


def terminal_width(interactive: bool) -> int:
    """COLUMNS if it is a sane number, else the terminal's width; clamped so no text is lost."""
    raw = os.environ.get("COLUMNS", "")
    # isascii: str.isdigit() accepts "²", which int() then refuses.
    width = int(raw) if raw.isascii() and raw.isdigit() else 0
    if not width and interactive:
        try:
            width = os.get_terminal_size(sys.stdout.fileno()).columns
        except (OSError, ValueError):
            width = 0
    if not width:
        width = PIPE_WIDTH
    return max(MIN_WIDTH, min(MAX_WIDTH, width))


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def write_document(stream: TextIO, document: Document, options: OutputOptions) -> None:
    if options.format == "text":
        from rich.console import Console

        from painguide.render.terminal import print_document

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
        print_document(console, document)
    elif options.format == "markdown":
        # Imported only here, like rich: no renderer may slow down the default path.
        from painguide.render.markdown import render as render_markdown

        stream.write(render_markdown(document))
    elif options.format == "html":
        from painguide.render.html import render as render_html

        stream.write(render_html(document))
    else:
        from painguide.render.plain import render

        stream.write(render(document, options.width))
