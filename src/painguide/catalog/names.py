"""How names and words compare: "Tai-Chi", "tai chi" and "taichí" are one name, "hedache" one slip from "headache";
and whether a text names a number (988) as a number of its own."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache


def normalize(name: str) -> str:
    """Case-fold, drop accents ("taichí" is "taichi") and everything but letters and digits."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(char for char in decomposed if char.isalnum() and not unicodedata.combining(char))


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance between `a` and `b`, or limit + 1 once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, before[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


# What joins digits into one longer number: "1-800-555-9880", "555.911.0200", "555 988 1234",
# "(988) 555-0123", "988/555-0123", and the dashes and minus signs of other keyboards.
_JOINER = r"[-.\s/()\u2010-\u2015\u2212\ufe63\uff0d]"


def names_number(lines: Iterable[str], number: str) -> bool:
    """Whether a line names `number` (988, 911) as a number of its own, not as a piece of a longer one."""
    pattern = _number_pattern(number)
    return any(_alone_before(line[: match.start()]) for line in lines for match in pattern.finditer(line))


def _alone_before(text: str) -> bool:
    # What a fixed-width look-behind cannot see: a run of joiners back to a digit ("(555) 988", "555 - 988",
    # "ext. 988" after a number) makes the number the end of a longer one (sixth adversarial pass).
    before = re.sub(rf"(?:{_JOINER}|ext\.?|x)+$", "", text, flags=re.IGNORECASE)
    return not before[-1:].isdigit()


@lru_cache(maxsize=4)
def _number_pattern(number: str) -> re.Pattern[str]:
    # Not after a digit or an opening bracket (a run of joiners back to a digit: _alone_before); not before a
    # closing bracket or, through any run of joiners, another digit.
    # Nor inside a word or a vanity number ("1-800-LIFE-988", "988-TALK", "1,988", "988_0123"): a letter, digit
    # or underscore touching it, or reached through a dash, dot, slash or comma with no space.
    tight = r"[-./,_\u2010-\u2015\u2212\ufe63\uff0d]"
    return re.compile(
        rf"(?<![\w(])(?<![\w]{tight}){re.escape(number)}"
        rf"(?![\w)])(?!{tight}+\w)(?!{_JOINER}+\d)"
    )
