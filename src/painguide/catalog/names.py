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
    longer one, nor as an address, a room, a menu option, nor as a number not to call.

    The rule (docs/catalog-format.md): the part of the sentence before the number, from its last comma, is an
    instruction to call or text it, in one of the few ways English and Spanish say so ("call or text 988",
    "if you are in danger, call 911", "llame al 911", "llame o envíe un mensaje de texto al 988"): a whitelist,
    because every list of ways to say "do not" had a gap ("stop calling 988", "deje de llamar al 988";
    thirteenth pass #2). Nothing number-like is joined to the number, no letter or bracket touches it, no
    address word or other name follows it ("988 Elm Street"), and no question mark ("Call 988? No.").
    """
    return any(
        _alone(line, start, start + len(number))
        and _told_to_call(line[:start])
        and not _a_place(line[start + len(number) :])
        for line in lines
        for start in _occurrences(line, number)
    )


# The instruction before the number, from the start of its part of the sentence (after a comma, a colon or
# the sentence's start), folded: an optional "please", "then", "and", "or", "also" or "now"; then "call",
# "text", "call or text" or "text or call", perhaps with "the" or "911"/"988 or" ("call 911 or 988"); or
# "llame al", "llame o envíe un mensaje de texto al", "envíe un mensaje de texto al" (with "número").
_INSTRUCTION = re.compile(
    r"^(?:(?:please|then|and|or|also|now|right now|por favor|y|o|tambien|luego|ahora)\s+)*"
    r"(?:"
    r"(?:call|text)(?:\s+or\s+(?:call|text))?(?:\s+the)?(?:\s+(?:911|988)\s+or)?"
    r"|(?:llame|llamen)(?:\s+(?:o|y)\s+(?:envie|envien|mande|manden)\s+un\s+mensaje\s+de\s+texto)?\s+al"
    r"(?:\s+numero)?(?:\s+(?:911|988)\s+o\s+al)?"
    r"|(?:envie|envien|mande|manden)\s+un\s+mensaje\s+de\s+texto\s+al(?:\s+numero)?"
    r")$"
)


# What may come before the instruction in its sentence, before a comma: a condition or a time ("if you are
# in danger right now, call 911", "si está en peligro, llame al 911"), or another instruction to call ("call
# our nurse at 555-0100, or call or text 988"); never "do not, under any circumstances," (fourteenth pass #2).
_LEAD = re.compile(r"^(?:if|when|si|cuando|in an emergency|en una emergencia|call|llame|now|ahora|day or night)\b")


def _told_to_call(before: str) -> bool:
    sentence = re.split(r"[.!?;\u3002]", before)[-1]
    lead = _words(re.split(r"[,:\u00bf\u00a1]", sentence)[0]) if re.search(r"[,:]", sentence) else ""
    if lead and not _LEAD.match(lead):
        return False
    part = re.split(r"[.!?;:,\u3002\u00bf\u00a1]", before)[-1]
    return bool(_INSTRUCTION.match(_words(part)))


def _words(text: str) -> str:
    """The words of `text`, folded (case, accents) and joined by single spaces."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(re.findall(r"[^\W_]+", "".join(char for char in folded if not unicodedata.combining(char))))


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


def _a_place(after: str) -> bool:
    """Whether the number is part of a name or an address: a word of an address among the four words after
    it, before the clause ends ("988 North Elm Street", "al 988 de la calle Mayor"), or a word right after it
    that neither goes on the sentence nor names the Lifeline ("988 Oak Plaza", "988 people"; tenth pass #1)."""
    if after.lstrip().startswith("?"):
        return True  # "Call 988? No.": a question, not an instruction
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
