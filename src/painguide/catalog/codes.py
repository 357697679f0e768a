"""Clinical codes: the three code systems a topic can name, their shapes, and how a code finds a topic.

A topic lists the problems and medicines it is for (`codes` in
catalog/schema.py): ICD-10-CM and SNOMED CT for conditions, RxNorm for
medicines. This module knows each system's identifiers (the HL7 OID an
Infobutton sends, the FHIR system URI a CDS Hooks client sends), checks a
code's shape (never whether the code exists: that is the job of the recorded
public sources in tests/data/verified-codes.tsv) and matches a code to the
topics that list it. No I/O.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from painguide.catalog.schema import CODE_SYSTEMS

if TYPE_CHECKING:
    pass


class CodeSystem(NamedTuple):
    name: str  # as written in a catalog and after --system
    label: str  # as people name it
    oid: str  # HL7 v3 / Infobutton mainSearchCriteria.v.cs
    uri: str  # FHIR Coding.system
    example: str


SYSTEMS: dict[str, CodeSystem] = {
    "icd10cm": CodeSystem(
        "icd10cm", "ICD-10-CM", "2.16.840.1.113883.6.90", "http://hl7.org/fhir/sid/icd-10-cm", "M54.50"
    ),
    "snomed": CodeSystem("snomed", "SNOMED CT", "2.16.840.1.113883.6.96", "http://snomed.info/sct", "203082005"),
    "rxnorm": CodeSystem(
        "rxnorm", "RxNorm", "2.16.840.1.113883.6.88", "http://www.nlm.nih.gov/research/umls/rxnorm", "11289"
    ),
}
assert tuple(SYSTEMS) == CODE_SYSTEMS, "catalog/schema.py declares the code systems; describe each one here"

BY_OID = {system.oid: system for system in SYSTEMS.values()}
BY_URI = {system.uri: system for system in SYSTEMS.values()}

_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_DIGITS = frozenset("0123456789")


def problem(system: str, code: str) -> str:
    """Why `code` is not shaped like a code of `system`, naming the character at fault; "" if it is."""
    if system == "icd10cm":
        return _icd10cm_problem(code)
    if system == "snomed":
        return _snomed_problem(code)
    return _rxnorm_problem(code)


def _at(code: str, index: int) -> str:
    char = code[index]
    shown = f"'{char}'" if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"
    return f"character {index + 1} ({shown})"


def _icd10cm_problem(code: str) -> str:
    shape = "a letter, a digit, a digit or letter, then a dot and up to four digits or letters (e.g. M54.50)"
    if not code:
        return "is empty"
    if len(code) > 8:
        return f"has {len(code)} characters; an ICD-10-CM code has at most 8: {shape}"
    if not ("A" <= code[0] <= "Z"):
        return f"{_at(code, 0)} must be a capital letter: {shape}"
    if len(code) < 3:
        return f"is too short: {shape}"
    if code[1] not in _DIGITS:
        return f"{_at(code, 1)} must be a digit: {shape}"
    if code[2] not in _ALNUM:
        return f"{_at(code, 2)} must be a digit or capital letter: {shape}"
    if len(code) == 3:
        return ""
    if code[3] != ".":
        return f"{_at(code, 3)} must be a dot after the category: {shape}"
    if len(code) == 4:
        return f"ends with a dot: {shape}"
    for index in range(4, len(code)):
        if code[index] not in _ALNUM:
            return f"{_at(code, index)} must be a digit or capital letter: {shape}"
    return ""


def _snomed_problem(code: str) -> str:
    shape = "6 to 18 digits, the last a Verhoeff check digit (e.g. 203082005)"
    for index, char in enumerate(code):
        if char not in _DIGITS:
            return f"{_at(code, index)} must be a digit: a SNOMED CT concept id is {shape}"
    if not 6 <= len(code) <= 18:
        return f"has {len(code)} digits: a SNOMED CT concept id is {shape}"
    if code[0] == "0":
        return "character 1 ('0'): a SNOMED CT id never starts with 0"
    partition = code[-3:-1]
    if partition not in ("00", "10"):
        kind = {"01": "a description", "11": "a description", "02": "a relationship", "12": "a relationship"}
        what = kind.get(partition, "not a concept")
        return (
            f"digits {len(code) - 2}-{len(code) - 1} ('{partition}') make it {what} id; a concept id has 00 or 10 there"
        )
    expected = verhoeff_digit(code[:-1])
    if code[-1] != expected:
        return f"{_at(code, len(code) - 1)} fails the Verhoeff check: for these digits it must be {expected}"
    return ""


def _rxnorm_problem(code: str) -> str:
    shape = "an RxCUI is 1 to 8 digits (e.g. 11289)"
    for index, char in enumerate(code):
        if char not in _DIGITS:
            return f"{_at(code, index)} must be a digit: {shape}"
    if not 1 <= len(code) <= 8:
        return f"has {len(code)} digits: {shape}"
    if code[0] == "0":
        return f"character 1 ('0'): {shape}, never starting with 0"
    return ""


# Verhoeff's dihedral-group tables (SNOMED CT Technical Implementation Guide, check digit).
_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
_INV = (0, 4, 3, 2, 1, 5, 6, 7, 8, 9)


def verhoeff_digit(digits: str) -> str:
    """The Verhoeff check digit to append to `digits`."""
    check = 0
    for position, char in enumerate(reversed(digits), start=1):
        check = _D[check][_P[position % 8][int(char)]]
    return str(_INV[check])


def shown(typed: str, width: int = 40) -> str:
    """A code as typed, for a one-line message: cut short, line breaks and tabs written as escapes."""
    text = typed if len(typed) <= width else typed[:width] + "..."
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def normalize(system: str, code: str) -> str:
    """A code as typed ("m54.50 ", "M5450") in its written form ("M54.50")."""
    code = code.strip()
    if system == "icd10cm":
        code = code.upper()
        if len(code) > 3 and "." not in code:
            code = f"{code[:3]}.{code[3:]}"
    return code


def systems_for(code: str) -> list[str]:
    """The systems a code typed without --system may be in: ICD-10-CM if it starts with a letter, else the others."""
    text = code.strip()
    if text[:1].isalpha():
        return ["icd10cm"]
    return ["snomed", "rxnorm"]


def matches(system: str, wanted: str, listed_system: str, listed: str) -> bool:
    """Whether a topic that lists (listed_system, listed) is for the code `wanted`.

    ICD-10-CM is a hierarchy: a topic for M54 or M54.5 is for M54.50 too.
    SNOMED CT and RxNorm codes match exactly (their hierarchies are not in
    the code's shape).
    """
    if system != listed_system:
        return False
    if system == "icd10cm":
        return wanted.replace(".", "").startswith(listed.replace(".", ""))
    return wanted == listed
