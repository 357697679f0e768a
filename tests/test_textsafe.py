"""textsafe's quick test for text with nothing to mark agrees with its pattern, for every code point."""

from __future__ import annotations

import pytest

from painguide import textsafe


@pytest.mark.slow
def test_every_character_marked_outside_draw_nothing_is_one_python_calls_unprintable() -> None:
    # What makes the quick test sound: text Python calls printable can hold nothing else the pattern marks.
    printable = [hex(ord(c)) for c in textsafe._members(textsafe._NOT_PRINTABLE) if c.isprintable()]
    assert printable == []


@pytest.mark.slow
def test_no_character_the_pattern_marks_passes_as_clean() -> None:
    pattern = textsafe._unsafe()
    passed = [hex(code) for code in range(0x110000) if textsafe._clean(chr(code)) and pattern.match(chr(code))]
    assert passed == []
    # And the draw-nothing characters are marked, though Python calls them printable.
    assert textsafe.visible("a\u3164b\u034fc") == "a<U+3164>b<U+034F>c"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Plain words, tabs\tand lines\n", "Plain words, tabs\tand lines\n"),
        ("Acupuntura \u2014 café, niño ≥ 5", "Acupuntura \u2014 café, niño ≥ 5"),
        ("red \x1b[31m here", "red ^[[31m here"),
        ("zero\u200bwidth", "zero<U+200B>width"),
        ("\u2764\ufe0f kept, x\ufe0f marked", "\u2764\ufe0f kept, x<U+FE0F> marked"),
        ("secret\U000e0100\U000e0101", "secret<U+E0100><U+E0101>"),
    ],
)
def test_visible_marks_what_draws_nothing_or_moves_the_terminal(text: str, shown: str) -> None:
    assert textsafe.visible(text) == shown
