"""A small, format-neutral document: what a page says, not how it looks.

(NamedTuples rather than frozen dataclasses here and in `model`: they are
several times cheaper to define, which matters on the start-up path.)

Page builders (`pages.py`) produce these blocks; each renderer (plain text,
terminal, Markdown, HTML) turns them into its own medium and does its own
escaping, so no page is written twice.
"""

from __future__ import annotations

from typing import NamedTuple


class Span(NamedTuple):
    """A run of inline text. `style` is "", "strong", "em", "match" or "muted"."""

    text: str
    style: str = ""
    href: str = ""


Inline = tuple[Span, ...]


def spans(*parts: str | Span) -> Inline:
    return tuple(part if isinstance(part, Span) else Span(part) for part in parts)


class Heading(NamedTuple):
    text: str
    level: int = 2


class Paragraph(NamedTuple):
    content: Inline
    style: str = ""


class Bullets(NamedTuple):
    items: tuple[Inline, ...]
    numbered: bool = False
    start: int = 1
    # Lines such as `file:line:col: message` must stay whole for editors.
    wrap: bool = True


class Callout(NamedTuple):
    """Lines set apart from everything around them, in every format.

    `kind` is "main" (the one thing to remember) or "urgent" (get help right
    away). Each format marks it so that it still stands out with colour off:
    plain text prefixes every line, Markdown quotes it, HTML boxes it.
    """

    title: str
    items: tuple[Inline, ...]
    kind: str = "main"
    # Shown as a list (urgent signs) rather than running text (a main message).
    listed: bool = False


class Rule(NamedTuple):
    """A thematic break: the line before the disclaimer."""


Block = Heading | Paragraph | Bullets | Callout | Rule


class Document(NamedTuple):
    title: str
    blocks: tuple[Block, ...] = ()
