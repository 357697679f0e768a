"""A small, format-neutral document: what a page says, not how it looks.

Page builders (`pages.py`) produce these blocks; each renderer (plain text,
terminal, Markdown, HTML) turns them into its own medium and does its own
escaping, so no page is written twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """A run of inline text. `style` is "", "strong", "em", "match" or "muted"."""

    text: str
    style: str = ""
    href: str = ""


Inline = tuple[Span, ...]


def spans(*parts: str | Span) -> Inline:
    return tuple(part if isinstance(part, Span) else Span(part) for part in parts)


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True, slots=True)
class Paragraph:
    content: Inline
    style: str = ""


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[Inline, ...]
    numbered: bool = False
    start: int = 1
    # Lines such as `file:line:col: message` must stay whole for editors.
    wrap: bool = True


@dataclass(frozen=True, slots=True)
class Rule:
    """A thematic break: the line before the disclaimer."""


Block = Heading | Paragraph | Bullets | Rule


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    blocks: tuple[Block, ...] = field(default=())
