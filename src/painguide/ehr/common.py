"""What the Infobutton and CDS Hooks services share: replies, links, languages, catalogs, safety lines."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote

from painguide import languages

if TYPE_CHECKING:
    from painguide.catalog.model import Catalog, Code, Topic

# The catalog in a language (a code of languages.py): routes.py opens it from the index.
CatalogOpener = Callable[[str], "Catalog"]


class Reply(NamedTuple):
    status: int
    content_type: str
    body: str


def text_reply(status: int, message: str) -> Reply:
    """A one-line error for the caller (never echoing more than the message says)."""
    return Reply(status, "text/plain; charset=utf-8", message + "\n")


class Links(NamedTuple):
    """Where the clinic's pages live: `{base}{page}` and `{base}{handout}` with the topic id, plus ?lang=es.

    The paths are those `painguide serve` answers; `routes()` takes them so
    that the two stay one decision.
    """

    base_url: str
    page: str = "/topics/{id}"
    handout: str = "/topics/{id}/handout"

    def page_url(self, topic_id: str, language: str) -> str:
        return self._url(self.page, topic_id, language)

    def handout_url(self, topic_id: str, language: str) -> str:
        return self._url(self.handout, topic_id, language)

    def _url(self, path: str, topic_id: str, language: str) -> str:
        # A path with {lang} has a page per language (painguide serve's site: /es/topics/ID.html).
        if "{lang}" in path:
            return self.base_url.rstrip("/") + path.format(id=quote(topic_id, safe=""), lang=language)
        url = self.base_url.rstrip("/") + path.format(id=quote(topic_id, safe=""))
        return url if languages.get(language).is_source else f"{url}?lang={language}"


def check_base_url(base_url: str) -> str:
    """An absolute http(s) address with a host, held to the catalog's address rules (catalog/addresses.py), or
    ValueError: cards and feeds carry absolute links."""
    from painguide.catalog.addresses import base_url_problem

    wrong = base_url_problem(base_url)
    if wrong:
        raise ValueError(f"base_url: {wrong}")
    return base_url.rstrip("/")


def language_of(value: str) -> str:
    """ "es", "es-MX", "spa", "ES" mean Spanish (a code or alias of languages.py); anything else the source
    language, English (as MedlinePlus Connect assumes)."""
    row = languages.find(value, aliases=True)
    return row.code if row is not None else languages.SOURCE


@functools.lru_cache(maxsize=4)
def translator(language: str) -> Callable[[str], str]:
    """Interface text in `language`, without touching the CLI's active language (a server answers both at once)."""
    if languages.get(language).is_source:
        return lambda message: message
    import gettext

    from painguide.i18n import DOMAIN, locale_dir

    return gettext.translation(DOMAIN, localedir=str(locale_dir()), languages=[language]).gettext


def by_specificity(found: Iterable[tuple[Topic, tuple[Code, ...]]]) -> list[tuple[Topic, tuple[Code, ...]]]:
    """Topics for a code, the most specific first: a narrower matching code, then fewer conditions listed.

    A topic listing one condition (yoga: low back pain) is more about it than
    one listing nine (the overview), so it comes first; ties keep catalog order.
    """

    def key(item: tuple[Topic, tuple[Code, ...]]) -> tuple[int, int]:
        topic, matched = item
        narrowest = max(len(code.code) for code in matched)
        conditions = sum(1 for code in topic.codes if code.system != "rxnorm")
        return (-narrowest, conditions)

    return sorted(found, key=key)


def topics_for_code(topics: Iterable[Topic], system: str, code: str) -> list[tuple[Topic, tuple[Code, ...]]]:
    from painguide.catalog.codes import matches

    found = []
    for topic in topics:
        matched = tuple(c for c in topic.codes if matches(system, code, c.system, c.code))
        if matched:
            found.append((topic, matched))
    return by_specificity(found)


def medicine_terms(catalog: Catalog, name: str) -> tuple[str, ...]:
    """The words the catalog uses for a medicine: its name, and its synonyms both ways.

    "warfarin" gives "blood thinner" (from `warfarin: [blood thinner]`) and
    "bleed easily" (from `blood thinner: [warfarin, clopidogrel, bleed easily]`),
    so the safety lines that say "blood thinner" apply to warfarin.
    """
    wanted = name.casefold()
    terms = {wanted}
    for phrase, targets in catalog.synonyms:
        folded = [t.casefold() for t in targets]
        if phrase.casefold() == wanted:
            terms.update(folded)
        elif wanted in folded:
            terms.add(phrase.casefold())
            terms.update(folded)
    return tuple(sorted(terms))


def _mentions(text: str, terms: Iterable[str]) -> bool:
    folded = text.casefold()
    # A word start is enough: "opioid" is in "opioids".
    return any(re.search(r"(?<!\w)" + re.escape(term), folded) for term in terms)


def safety_lines(english: Topic, shown: Topic, terms: Iterable[str]) -> list[str]:
    """The topic's safety lines (careful, then tell) that name one of `terms`, in the language of `shown`.

    Lines are chosen in English, where the catalog's synonyms are, and shown
    from the translation at the same place when it has as many lines.
    """
    terms = tuple(terms)
    out: list[str] = []
    for part in ("careful", "tell"):
        source = getattr(english.safety, part)
        translated = getattr(shown.safety, part)
        lines = translated if len(translated) == len(source) else source
        out += [lines[n] for n, line in enumerate(source) if _mentions(line, terms)]
    return out


_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*(\.[A-Za-z_$][A-Za-z0-9_$]*)*$")


def is_callback_name(name: str) -> bool:
    """A JSONP callback: JavaScript identifiers joined by dots, at most 64 characters, nothing that could run."""
    return len(name) <= 64 and bool(_IDENTIFIER.match(name))
