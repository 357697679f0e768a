"""Which language painguide speaks, and its interface text in that language.

The language comes from `--lang`, else PAINGUIDE_LANG, else the locale
(LANGUAGE's first language painguide speaks, as GNU gettext reads it, unless
the locale is C; else LC_ALL, LC_MESSAGES, LANG: the first one set, as POSIX
reads them), else English. Interface text is marked with `_()` and translated by the standard
gettext catalogs in `painguide/locale/` (see docs/architecture.md). English
is the source language, so it needs no catalog: `show` in English never
opens one, and `gettext` is imported only when another language is active.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from painguide import languages
from painguide.errors import UsageError

# The source language (languages.py declares every language; these names are kept for the many callers).
ENGLISH = languages.SOURCE
LANGUAGES = languages.CODES
DOMAIN = "painguide"


def locale_dir() -> Path:
    """Where the compiled message catalogs are (found when first needed: resolving costs start-up time)."""
    return Path(__file__).resolve().parent / "locale"


def _identity(message: str) -> str:
    return message


def _plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


_active = ENGLISH
_gettext: Callable[[str], str] = _identity
_ngettext: Callable[[str, str, int], str] = _plural


def N_(message: str) -> str:
    """Marks `message` for translation where it is defined; `_()` translates it where it is shown."""
    return message


def _(message: str) -> str:
    """`message` (English, as written in the code) in the active language."""
    if message in _LISTINGS and _gettext is not _identity:
        return _filled(*_LISTINGS[message], _gettext)
    return _gettext(message)


# A text that lists what grows (languages, formats) is translated as its template, which holds a
# placeholder for each list: adding a language or a format changes no message, so no translation
# goes stale. Each text `listed` made: its template, its lists and which of their items are translated.
_LISTINGS: dict[str, tuple[str, dict[str, tuple[str, ...]], frozenset[str]]] = {}
LIST_JOIN = N_("{items} or {last}")


def listed(template: str, translated: frozenset[str] = frozenset(), **lists: tuple[str, ...]) -> str:
    """`template` (marked with `N_` where it is written) in English with each list joined: "a, b or c".

    `_()` of the text it returns gives the template's translation, its lists
    joined in the active language's words, and each item in `translated`
    translated too. tools/messages.py extracts the template and those items,
    never the joined text.
    """
    text = _filled(template, lists, translated, _identity)
    _LISTINGS[text] = (template, lists, translated)
    return text


def _filled(
    template: str, lists: dict[str, tuple[str, ...]], translated: frozenset[str], gettext: Callable[[str], str]
) -> str:
    def join(items: tuple[str, ...]) -> str:
        shown = [gettext(item) if item in translated else item for item in items]
        if len(shown) < 2:
            return "".join(shown)
        return gettext(LIST_JOIN).format(items=", ".join(shown[:-1]), last=shown[-1])

    return gettext(template).format(**{name: join(items) for name, items in lists.items()})


def messages_of(text: str) -> list[str]:
    """The messages a text is translated by: itself, or for a `listed` one its template and translated items."""
    if text not in _LISTINGS:
        return [text]
    template, lists, translated = _LISTINGS[text]
    return [template, LIST_JOIN, *(item for items in lists.values() for item in items if item in translated)]


def lang_help() -> str:
    """The help of --lang: each language by its code and name, the catalog's own last (it is the default).

    Every other language is named in its own words, so that its reader finds
    it; the catalog's own in the reader's. Only that name is a message: a new
    language adds none, and leaves every translation as it was.
    """
    source = languages.get(languages.SOURCE)
    item = "{code} ({name})"
    return listed(
        N_(
            "Language: {languages}. Default: PAINGUIDE_LANG, else the locale "
            "(LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English. A handout takes two: --lang es,en."
        ),
        translated=frozenset({item.format(code=source.code, name=source.native)}),
        languages=tuple(item.format(code=row.code, name=row.native) for row in (*languages.translations(), source)),
    )


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, in the active language."""
    return _ngettext(singular, plural, count)


def language() -> str:
    """The active language code (one of LANGUAGES)."""
    return _active


def activate(code: str) -> None:
    """Speak `code` from now on (a code from LANGUAGES)."""
    global _active, _gettext, _ngettext
    if code == ENGLISH:
        _active, _gettext, _ngettext = ENGLISH, _identity, _plural
        return
    import gettext

    translations = gettext.translation(DOMAIN, localedir=str(locale_dir()), languages=[code])
    _active, _gettext, _ngettext = code, translations.gettext, translations.ngettext


@contextlib.contextmanager
def using(code: str) -> Iterator[None]:
    """Speak `code` inside the block (a bilingual handout switches per topic)."""
    before = _active
    activate(code)
    try:
        yield
    finally:
        activate(before)


def translate(code: str, message: str) -> str:
    """`message` in language `code`, whatever language is active."""
    with using(code):
        return _(message)


def parse(value: str, where: str = "--lang") -> tuple[str, ...]:
    """The languages named in `value` ("es", "es,en", "es_MX"), or UsageError."""
    codes: list[str] = []
    for part in value.split(","):
        code = _code(part)
        if code is None:
            from painguide.textsafe import shorten

            raise UsageError(
                f"{where} '{shorten(value, 40)}' is not a language painguide speaks; use " + " or ".join(LANGUAGES)
            )
        if code not in codes:
            codes.append(code)
    return tuple(codes)


def _code(text: str) -> str | None:
    """The code of the language `text` names (languages.find), or None for one painguide does not speak."""
    row = languages.find(text)
    return row.code if row is not None else None


def from_environment(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """PAINGUIDE_LANG, else the locale; English when neither names a language painguide speaks."""
    env = os.environ if environ is None else environ
    chosen = env.get("PAINGUIDE_LANG", "")
    if chosen.strip():
        codes = parse(chosen, "PAINGUIDE_LANG")
        if len(codes) > 1:
            # Every command reads it, and only a handout can be in two languages.
            from painguide.textsafe import shorten

            raise UsageError(
                f"PAINGUIDE_LANG '{shorten(chosen, 40)}' names more than one language; it takes one "
                f"({languages.listing()}). A bilingual handout is asked for with --lang es,en"
            )
        return codes
    # POSIX: LC_ALL overrides LC_MESSAGES, which overrides LANG; an empty one is unset.
    locale = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), "")
    wanted = _from_language_list(env.get("LANGUAGE", ""), locale)
    if wanted is not None:
        return (wanted,)
    code = _code(locale)
    return (code,) if code else (ENGLISH,)


def _from_language_list(value: str, locale: str) -> str | None:
    """The language GNU gettext would take from LANGUAGE ("fr:es:en"), or None if it reads the locale instead.

    As GNU gettext does: LANGUAGE comes before the locale unless the locale
    is C or POSIX (then it is ignored), and the first entry of its colon
    list that painguide speaks is the one; if none is, the messages are
    English, as gettext shows its source text.
    """
    entries = [entry for entry in value.split(":") if entry.strip()]
    base = locale.split(".", 1)[0].split("@", 1)[0]
    if not entries or base in ("", "C", "POSIX"):
        return None
    return next((code for code in map(_code, entries) if code is not None), ENGLISH)


# The notes a field shown in English carries on a translated page, in the page's
# language (catalog/translation.py writes them after the English text).
MISSING_NOTE = N_("(in English)")
STALE_NOTE = N_("(in English: the translation is being updated)")


def fallback_note(text: str) -> str:
    """The note `text` ends with if it is English shown on a translated page, else ""."""
    if _active == ENGLISH:
        return ""
    return next((note for note in (_(MISSING_NOTE), _(STALE_NOTE)) if text.endswith(f" {note}")), "")


def keep_note(part: str, text: str) -> str:
    """`part` of `text` (a first sentence, a snippet) still carrying the note that marks `text` as English."""
    note = fallback_note(text)
    return f"{part} {note}" if note and not part.endswith(note) else part


def long_date(day: dt.date) -> str:
    """A date as the active language writes it: ISO in English (as before), "27 de noviembre de 2026" in Spanish."""
    row = languages.get(_active)
    if not row.date_format:
        return day.isoformat()
    return row.date_format.format(day=day.day, month=row.months[day.month - 1], year=day.year)
