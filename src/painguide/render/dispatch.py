"""Decide how output looks (rich text or plain) and write documents to stdout."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple, TextIO

from painguide.render.document import Document

MIN_WIDTH, MAX_WIDTH, PIPE_WIDTH = 40, 100, 80


class OutputOptions(NamedTuple):
    format: str
    color: bool
    width: int


def choose(
    stream: TextIO, requested: str | None, no_color: bool, environ: Mapping[str, str] | None = None
) -> OutputOptions:
    """Rich text on a terminal, plain text on a pipe; NO_COLOR and TERM=dumb (`environ`, else os.environ) respected."""
    env = os.environ if environ is None else environ
    dumb = env.get("TERM", "") == "dumb"
    forced = bool(env.get("FORCE_COLOR")) and not env.get("NO_COLOR")
    interactive = _isatty(stream)
    fmt = requested or ("text" if (interactive and not dumb) or forced else "plain")
    # TERM=unknown: a terminal that may not understand the codes either (Rich, which wrote them once, held so).
    unknown = env.get("TERM", "").lower() in ("dumb", "unknown")
    color = fmt == "text" and not no_color and not env.get("NO_COLOR") and not dumb and not unknown
    return OutputOptions(fmt, color, terminal_width(stream if interactive else None, env))


def terminal_width(terminal: TextIO | None, environ: Mapping[str, str]) -> int:
    """COLUMNS if it is a sane number, else the width of `terminal` (if any); clamped so no text is lost."""
    raw = environ.get("COLUMNS", "")
    # isascii: str.isdigit() accepts "²", which int() then refuses.
    width = int(raw) if raw.isascii() and raw.isdigit() else 0
    if not width and terminal is not None:
        try:
            width = os.get_terminal_size(terminal.fileno()).columns
        except (OSError, ValueError):
            width = 0
    if not width:
        width = PIPE_WIDTH
    return max(MIN_WIDTH, min(MAX_WIDTH, width))


def use_pager(stream: TextIO, no_pager: bool, environ: Mapping[str, str]) -> bool:
    """Whether a page may go through a pager (render/pager.py): a terminal, not TERM=dumb, not --no-pager."""
    return not no_pager and environ.get("TERM", "") != "dumb" and _isatty(stream)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def write_document(stream: TextIO, document: Document, options: OutputOptions) -> None:
    """Write with the renderer the format registry names, imported only now."""
    import importlib

    from painguide.formats import BY_NAME

    module, function = BY_NAME[options.format].renderer.split(":")
    getattr(importlib.import_module(module), function)(stream, document, options)
