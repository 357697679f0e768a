"""How names and words compare: "Tai-Chi", "tai chi" and "taichí" are one name, "hedache" one slip from "headache";
and whether a text names a number (988) as a number of its own."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


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


# Words that make the number after them an extension or a number in some list, never a number of its own, in
# any language a catalog or its translation is written in (compared as `normalize` folds them: "Ext." is "ext",
# "extensión" "extension", "n.º" "no").
_EXTENSION_WORDS = frozenset({"x", "ext", "extn", "extension", "extensiones", "anexo", "interno", "int"})
# Words that only say "number" ("No.", "n.º", "número"): they join what is on either side as a space does.
_NUMBER_WORDS = frozenset({"n", "no", "nos", "nr", "num", "numero", "number"})
# Marks that make the digits after them an extension or a code, never a number to call.
_EXTENSION_MARKS = frozenset("#\uff03\u2116")


def names_number(lines: Iterable[str], number: str) -> bool:
    """Whether a line tells the reader to call `number` (988, 911) as a number of its own, not as a piece of a
    longer one, nor as an address, a room or a menu option.

    The rule: a word that says to call, text or dial comes among the three words before it ("call or text 988",
    "llame al 911"), so that "suite 988", "room 911" or "calle Olmo 988" never count; nothing number-like (a
    digit of any script, a currency sign) is joined to it on either side by a run of anything but letters
    (punctuation, spaces, symbols) or by words that only say "number"; no letter touches it, or reaches it
    through punctuation with no space ("1-800-LIFE-988", "988-TALK"); no bracket hugs it ("(988) 555-0100");
    and no extension word or mark ("ext", "extensión", "x", "#") comes before it.
    """
    return any(
        _alone(line, start, start + len(number))
        and _told_to_call(line[:start])
        and not _turned_round(line[:start])
        and not _a_place(line[start + len(number) :])
        for line in lines
        for start in _occurrences(line, number)
    )


# Words that tell the reader to call or text what follows, in the languages catalogs are written in
# (compared as `normalize` folds them). Not "dial" or "marque": those give a digit to press inside another
# call ("call 555-0100 and dial 988 for the nurse"; eleventh pass #3).
_CALL_WORDS = frozenset(
    {
        "call", "calls", "calling", "text", "texting",
        "llame", "llamen", "llamar", "llama", "llamando", "texto", "mensaje", "comuniquese",
    }
)  # fmt: skip
# The only words that may stand between the call word and the number: "call or text 988", "call the 988
# Lifeline", "llame al número 988", "call 911 or 988". "Call us at 988 Elm Street" or "call: suite 988"
# names a place, not a number to call (ninth pass #1).
_BETWEEN = frozenset(
    {"or", "and", "the", "now", "o", "y", "al", "a", "el", "la", "de", "ya", "911", "988"} | _NUMBER_WORDS
)  # fmt: skip
# How many words before the number may hold the call word ("llame o envíe un mensaje de texto al 988").
_CALL_REACH = 3
# Words that make the number before them part of an address or a place: "988 Elm Street", "911 Main St.".
_PLACES = frozenset(
    {
        "street", "st", "avenue", "ave", "av", "road", "rd", "drive", "dr", "lane", "ln", "boulevard", "blvd",
        "way", "court", "ct", "place", "pl", "highway", "hwy", "floor", "building", "bldg", "suite", "room",
        "calle", "avenida", "piso", "edificio", "cuarto", "oficina", "consultorio", "carretera", "camino",
        "plaza", "terrace", "parkway", "pkwy", "circle", "square", "trail", "pike", "office", "desk", "clinic",
        "center", "centre", "hospital", "colonia", "barrio", "bulevar", "paseo", "privada", "clinica", "centro",
    }
)  # fmt: skip


# Words that turn the call word round: "do not call 988", "don't call 911", "no llame al 988", "instead of
# calling 988", "en vez de llamar" (eleventh pass #2); "t" is what is left of "don't" and "won't".
_NOT = frozenset({"not", "dont", "t", "never", "no", "nunca", "instead", "vez", "lugar", "without", "sin", "ni"})


def _told_to_call(before: str) -> bool:
    # The call word must be in the same sentence: "Call now. 988 people joined" names no number to call.
    clause = re.split(r"[.!?;:\u3002]\s", before)[-1]
    words = [normalize(word) for word in re.findall(r"[^\W_]+", clause)]
    for back, word in enumerate(reversed(words[-_CALL_REACH:]), start=1):
        if word in _CALL_WORDS:
            # ... and not be turned round by a "not" among the two words before it.
            at = len(words) - back
            return not _NOT & set(words[max(0, at - 2) : at])
        if word not in _BETWEEN:
            return False
    return False


# Words that may follow the number it calls and go on the sentence ("call 911 if...", "right away").
_AFTER = frozenset(
    {
        "now", "right", "if", "for", "or", "and", "any", "anytime", "to", "from", "when", "the", "day",
        "immediately", "too", "also", "first", "o", "y", "si", "ahora", "de", "para", "en", "la", "el", "a",
        "cuando", "inmediatamente", "tambien", "enseguida", "ya", "las", "los", "24",
    }
)  # fmt: skip
# Names that may follow the number it calls ("the 988 Lifeline", "al 988, la Línea").
_NAMES_OF_THE_LINE = frozenset({"lifeline", "suicide", "crisis", "linea", "line"})


# Words that turn a call round anywhere in its sentence before the number: "there is no need to call 988",
# "please do not call or text 988", "no hace falta llamar al 988", "evite llamar", "jamás llame" (twelfth pass #2).
_TURNED_ROUND = re.compile(
    r"\b(?:not|never|no|nunca|jamas|avoid|avoiding|evite|evitar|instead|vez|lugar|without|sin|ni|"
    r"(?:do|does|did|wo|should|must|need)n[\u2019']?t)\b"
)


def _turned_round(before: str) -> bool:
    clause = unicodedata.normalize("NFKD", re.split(r"[.!?;:\u3002]\s", before)[-1].casefold())
    return bool(_TURNED_ROUND.search("".join(char for char in clause if not unicodedata.combining(char))))


def _a_place(after: str) -> bool:
    """Whether the number is part of a name or an address: a word of an address among the four words after
    it, before the clause ends ("988 North Elm Street", "al 988 de la calle Mayor"), or a word right after it
    that neither goes on the sentence nor names the Lifeline ("988 Oak Plaza", "988 people"; tenth pass #1)."""
    clause = re.split(r"[.!?;:()\u3002]", after, maxsplit=1)[0]
    words = re.findall(r"[^\W_]+", clause)[:4]
    if any(normalize(word) in _PLACES for word in words):
        return True
    # Only a word that goes on the sentence may follow it ("call 911 if", "al 911 de inmediato"), or the
    # line's own name: "988 Oak", "988 people" or "988 elm" make it part of something else.
    return bool(words) and normalize(words[0]) not in _AFTER | _NAMES_OF_THE_LINE


def _occurrences(line: str, number: str) -> Iterable[int]:
    start = line.find(number)
    while start >= 0:
        yield start
        start = line.find(number, start + 1)


def _number_like(char: str) -> bool:
    # A digit of any script, a currency or percent sign: "$988" is an amount, "988 %" a share.
    return unicodedata.category(char)[0] == "N" or unicodedata.category(char) == "Sc" or char in "%\u2030\u2031"


def _word_char(char: str) -> bool:
    # A word may hold the dot and ordinal signs of an abbreviation ("n.º", "núm.", "N°").
    return char.isalnum() or char in ".\u00ba\u00b0"


def _alone(line: str, start: int, end: int) -> bool:
    if start and (line[start - 1].isalnum() or line[start - 1] == "_" or unicodedata.category(line[start - 1]) == "Ps"):
        return False
    if end < len(line) and (line[end].isalnum() or line[end] == "_" or unicodedata.category(line[end]) == "Pe"):
        return False
    return _side_alone(line, start, -1) and _side_alone(line, end, 1)


def _side_alone(line: str, at: int, step: int) -> bool:
    """Whether what lies beside the number in one direction (step -1: before it, 1: after it) leaves it alone."""

    def beside(position: int) -> str:
        # The character next to `position` in the direction walked, or "" at the line's end.
        index = position if step > 0 else position - 1
        return line[index] if 0 <= index < len(line) else ""

    while True:
        run = ""
        while beside(at) and not beside(at).isalnum():
            run += beside(at)
            at += step
        if any(_number_like(c) for c in run) or (step < 0 and _EXTENSION_MARKS & set(run)):
            return False
        if not beside(at):
            return True
        if _number_like(beside(at)) or not any(c.isspace() for c in run):
            # A digit through any run, or a letter through punctuation alone (one word with the number).
            return False
        word = ""
        while beside(at) and _word_char(beside(at)):
            word += beside(at)
            at += step
        folded = normalize(word[::step])
        if step < 0 and folded in _EXTENSION_WORDS:
            return False
        if folded not in _NUMBER_WORDS | _EXTENSION_WORDS:
            return True
