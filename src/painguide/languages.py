"""The languages painguide speaks, declared once: one row per language.

Everything that varies by language reads its row here: `--lang` and the
locale (i18n.py), long dates, the JSON Schema's and the OpenAPI document's
language enum, how search reads words (index/search.py), how `check` scores
readability (quality/readability.py) and counts syllables
(quality/syllables.py), which word list tells a real word from a typo
(index/dictionary.py), the EHR's language codes (ehr/common.py).

Text a person reads is interface text, in the language's locale folder
(its `.po`): the safety net's built-in alerts are translated there. Word
lists stay in the module that uses them, keyed by code, each optional: the
safety net's own phrases (safety_net.py; every language's count in every
language), the evidence-wording rules (quality/plain_language.py), the FAQ
question words (index/search.py, required with search rules).
tests/test_languages.py walks this registry and fails when a registered
language lacks what one of those modules requires.

This module imports nothing of painguide's: `show` reads it on every start.
"""

from __future__ import annotations

from typing import NamedTuple


class Language(NamedTuple):
    """One language painguide speaks."""

    # ISO 639-1, as --lang, PAINGUIDE_LANG, the locale and file names (topics.es.yaml) spell it.
    code: str
    # In English, for authors' messages ("no Spanish translation").
    name: str
    # In its own words, for readers ("En español").
    native: str
    # Other codes that mean it, lower case: ISO 639-2 and older spellings an EHR may send ("spa").
    aliases: tuple[str, ...] = ()
    # A long date ("{day} de {month} de {year}") with its month names; "" writes ISO dates (2026-11-27).
    date_format: str = ""
    months: tuple[str, ...] = ()
    # "module:attribute" of how search reads it (common words, stems; index/search.py `Rules`);
    # None: search matches whole words, folded, without stemming or common words (`search.PLAIN`).
    search_rules: str | None = None
    # The formula `check` scores a translation's reading ease with (quality/readability.py FORMULAS);
    # None: no score. The source language's own score is its reading grade.
    readability: str | None = None
    # Syllable counts: a Pyphen hyphenation dictionary, after the CMU Pronouncing Dictionary if `pronounced`.
    hyphenation: str | None = None
    pronounced: bool = False
    # pyspellchecker's word list (index/dictionary.py); None: every word the catalog lacks may be a typo.
    word_list: str | None = None
    # The welcome page's offer of this language, in its own words: the label and the command.
    offer: tuple[str, str] = ("", "")

    @property
    def is_source(self) -> bool:
        """Whether this is the catalog's own language (the source of every interface string)."""
        return self.code == SOURCE


SOURCE = "en"

REGISTRY: tuple[Language, ...] = (
    Language(
        code="en",
        name="English",
        native="English",
        aliases=("eng",),
        search_rules="painguide.index.search:ENGLISH",
        readability="flesch-kincaid",
        hyphenation="en_US",
        pronounced=True,
        word_list="en",
        offer=("In English: ", "painguide --lang en (or PAINGUIDE_LANG=en)"),
    ),
    Language(
        code="es",
        name="Spanish",
        native="español",
        aliases=("spa", "sp"),
        date_format="{day} de {month} de {year}",
        months=(
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ),
        search_rules="painguide.index.spanish:RULES",
        readability="inflesz",
        hyphenation="es",
        word_list="es",
        offer=("En español: ", "painguide --lang es (o PAINGUIDE_LANG=es)"),
    ),
)

CODES: tuple[str, ...] = tuple(row.code for row in REGISTRY)
_BY_CODE = {row.code: row for row in REGISTRY}


def get(code: str) -> Language:
    """The row of `code`, a code painguide speaks (KeyError otherwise: callers parse codes with `find`)."""
    return _BY_CODE[code]


def is_source(code: str) -> bool:
    """Whether `code` is the catalog's own language, whose text needs no translation file (any code may be asked)."""
    return code == SOURCE


def translations() -> tuple[Language, ...]:
    """Every language but the source: those a catalog may be translated into."""
    return tuple(row for row in REGISTRY if not row.is_source)


def find(spelling: str, aliases: bool = False) -> Language | None:
    """The language `spelling` names ("es", "ES", "es_MX.UTF-8", "es-419", "es_ES@euro"), or None.

    A POSIX locale is language[_territory][.codeset][@modifier]; a BCP 47 tag
    is language[-region]: the language is what comes before any of those.
    With `aliases`, a row's other codes count too ("spa", as an EHR may send).
    """
    import re

    base = re.split(r"[-_.@]", spelling.strip(), maxsplit=1)[0].lower()
    return next((row for row in REGISTRY if base == row.code or (aliases and base in row.aliases)), None)


def listing(codes: tuple[str, ...] = CODES, joiner: str = " or ") -> str:
    """The codes as a message lists them: "en or es"."""
    return joiner.join(codes)
