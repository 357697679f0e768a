"""Make text safe to show: control and invisible characters become visible marks.

A catalog (or what someone typed) can carry escape sequences (colours,
window titles, clipboard writes), C1 controls and bidirectional overrides
that would repaint or reorder a terminal, and characters that show nothing
at all: zero-width spaces and joiners, byte-order marks, tag characters
(which can spell out a hidden message) and private-use characters (two of
which mark search matches inside painguide). We replace each with a visible
stand-in instead of dropping it, so an editor can see and fix it.
"""

from __future__ import annotations

import codecs
import re
from functools import cache
from typing import overload

_ZWJ = "\u200d"

# Letters, marks and selectors that draw nothing, though Python calls them printable: combining
# grapheme joiner, Hangul fillers, Khmer inherent vowels, Mongolian free variation selectors, and
# the variation selectors (a run of them draws nothing and can spell out a hidden message, one byte
# each; only an emoji's own is kept, see _visible).
_DRAW_NOTHING = "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\uffa0\ufe00-\ufe0f\U000e0100-\U000e01ef"

# Everything else marked is a character str.isprintable() refuses (tests/test_textsafe.py checks
# each), so text that is printable, tabs and newlines aside, and holds none of _DRAW_NOTHING has
# nothing to mark, and most text never needs the pattern.
_NOT_PRINTABLE = (
    # C0 controls except tab and newline, DEL, C1 controls.
    "\x00-\x08\x0b-\x1f\x7f\x80-\x9f"
    # Format characters (Unicode category Cf): soft hyphen, Arabic and
    # Syriac marks, zero-width space, joiners and marks, every bidi control,
    # word joiner and invisible operators, BOM, interlinear annotation,
    # Egyptian and shorthand format controls, musical formatting, tags.
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    # Line and paragraph separators.
    "\u2028\u2029"
    # Private use (meaning only what a private agreement says) and
    # noncharacters. (A lone surrogate, from a byte that is not UTF-8, is
    # written as "?" by the stream's error handler, as a terminal would.)
    "\ue000-\uf8ff\U000f0000-\U0010ffff\ufdd0-\ufdef\ufffe\uffff"
)


def _members(char_class: str) -> frozenset[str]:
    """The characters of a regular-expression class body made of characters and ranges (a-z)."""
    found: set[str] = set()
    index = 0
    while index < len(char_class):
        if char_class[index + 1 : index + 2] == "-" and index + 2 < len(char_class):
            found.update(map(chr, range(ord(char_class[index]), ord(char_class[index + 2]) + 1)))
            index += 3
        else:
            found.add(char_class[index])
            index += 1
    return frozenset(found)


_DRAWS_NOTHING_SET = _members(_DRAW_NOTHING)


# Compiled when first used, and only for text that may need it: the class with its astral ranges
# costs about as much as the rest of what `show` does to lay out a page.
@cache
def _unsafe() -> re.Pattern[str]:
    return re.compile(f"[{_NOT_PRINTABLE}{_DRAW_NOTHING}]")


def _clean(text: str) -> bool:
    """Whether `text` surely has nothing to mark (False: it may have)."""
    return text.replace("\n", "").replace("\t", "").isprintable() and _DRAWS_NOTHING_SET.isdisjoint(text)


# Compiled when first used (a class with astral ranges takes about a millisecond), not by every `show`.
@cache
def _private() -> re.Pattern[str]:
    return re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]")


@cache
def _surrogates() -> re.Pattern[str]:
    return re.compile("[\ud800-\udfff]")


# The error handler of an output stream whose encoding cannot show every character (a Latin-1 locale):
# each such character is written as "?", as errors="replace" would, and that is noted, so that
# the command can say so on stderr instead of quietly printing "? 5" for "≥ 5".
REPLACE_NOTED = "painguide-replace"
_replaced: set[str] = set()


def _replace_noted(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    _replaced.add(error.encoding)
    return "?" * (error.end - error.start), error.end


codecs.register_error(REPLACE_NOTED, _replace_noted)


def take_replaced() -> bool:
    """Whether some character written since the last call could not be shown (and was written as "?")."""
    # The error names the codec ("charmap" for cp1252), not the encoding a person set: the caller
    # names the stream's.
    found = bool(_replaced)
    _replaced.clear()
    return found


def draws_nothing(text: str) -> bool:
    """Whether `text` holds only spaces and characters that print nothing (zero-width, controls, fillers)."""
    # Blank to the eye, besides spaces: the Braille blank U+2800 (shown as it is, not marked: a real cell of
    # Braille text) and the Hangul filler U+3164 (fourth adversarial pass #7).
    return not _unsafe().sub("", text).replace("\u2800", "").replace("\u3164", "").strip()


def _mark(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 0x40)
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char == _ZWJ and _joins_emoji(match.string, match.start()):
        return char
    if char in _PRESENTATION and _presents(match.string, match.start()):
        return char
    return _mark(char)


# Text and emoji presentation selectors: "❤" + U+FE0F draws a red heart.
_PRESENTATION = "\ufe0e\ufe0f"


def _presents(text: str, at: int) -> bool:
    """A presentation selector right after a symbol (or a keycap's digit, # or *) it can change."""
    import unicodedata

    before = text[at - 1 : at]
    if not before or before in _PRESENTATION:
        return False
    return unicodedata.category(before) in ("So", "Sm") or before in "#*0123456789\u203c\u2049\u00a9\u00ae\u2122"


def _joins_emoji(text: str, at: int) -> bool:
    """A zero-width joiner inside an emoji sequence (👩‍⚕️) draws one picture, not hidden text."""
    import unicodedata

    before = text[at - 1 : at]
    after = text[at + 1 : at + 2]
    if not before or not after:
        return False
    before_ok = before == "\ufe0f" or unicodedata.category(before) == "So"
    return before_ok and unicodedata.category(after) == "So"


def visible(text: str) -> str:
    """`text` with every unsafe control or invisible character replaced by a visible mark."""
    return text if _clean(text) else _unsafe().sub(_visible, text)


def file_name(path: str) -> str:
    """A file name as it can appear inside a one-line message: a line break or tab in it escaped as C
    writes them (a name such as "x\\nOK: 0 errors.yaml" cannot forge a line), every other control marked, and a
    byte that is not UTF-8 written as \\xNN."""
    escaped = path.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    # A byte of the name that is not UTF-8 (os.fsdecode gives U+DC80-U+DCFF for it) is shown as its value, as
    # `ls -b` shows it, not written as "?" with a note that blames the locale.
    return visible(_surrogates().sub(_byte, escaped))


def _byte(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def mark_private_use(text: str) -> str:
    """Private-use characters as visible marks, so that none can pose as painguide's own."""
    return text if text.isascii() else _private().sub(lambda m: _mark(m.group()), text)


@overload
def valid_unicode(value: dict[str, object]) -> dict[str, object]: ...
@overload
def valid_unicode(value: object) -> object: ...


def valid_unicode(value: object) -> object:
    """`value` (JSON-ready data) with every lone surrogate replaced by U+FFFD.

    A byte that is not UTF-8 in a file name or on the command line arrives
    as a lone surrogate; JSON that escapes it (\\udcff) is not valid Unicode,
    and strict parsers refuse it.
    """
    if isinstance(value, str):
        return value if value.isascii() else _surrogates().sub("\ufffd", value)
    if isinstance(value, dict):
        return {valid_unicode(key): valid_unicode(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [valid_unicode(item) for item in value]
    return value


def shorten(text: str, width: int = 60) -> str:
    """What was typed, cut to `width` characters for a message that echoes it."""
    return text if len(text) <= width else text[:width] + "..."
