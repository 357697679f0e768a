"""Make catalog text safe to show: control characters become visible marks.

A catalog can carry escape sequences (colours, window titles, clipboard
writes), C1 controls and bidirectional overrides that would repaint or
reorder a terminal. We replace each with a visible stand-in instead of
dropping it, so an editor can see and fix it.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, every bidi control
# (marks, embeddings, overrides and isolates, including the Arabic letter
# mark), and the line/paragraph separators.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """`text` with every unsafe control character replaced by a visible mark."""
    return _UNSAFE.sub(_visible, text)


def has_unsafe(text: str) -> bool:
    return _UNSAFE.search(text) is not None


def shorten(text: str, width: int = 60) -> str:
    """What was typed, cut to `width` characters for a message that echoes it."""
    return text if len(text) <= width else text[:width] + "..."
