"""Search that answers a patient's question.

A question such as "is massage safe if I take warfarin" is read as a few
*concepts* ("massage"; "warfarin") after common words ("is", "if", "I",
"take") are set aside. Each concept is one or more phrases that stand for
it. Topics that match more concepts come first, then bm25 over every
patient-facing section decides, with a title match counting most.

Each hit then shows the one section that answers best: the item (a key
point, a safety line, a research finding...) that holds the most of the
question's concepts, weighted by how rare each is, with words already in
the title counting less. A snippet is cut from that item's own text in time
linear in its length.

Domain code only: no printing, no exits. The SQL lives in `store.py`.
"""

from __future__ import annotations

import functools
import importlib
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from painguide.catalog import schema
from painguide.catalog.names import edit_distance, normalize
from painguide.i18n import keep_note
from painguide.index import elsewhere
from painguide.index.hits import MATCH_END, MATCH_START, Hit, SearchResult

if TYPE_CHECKING:
    from painguide.catalog.model import Topic
    from painguide.index.store import Store

# A word, split the way FTS5's unicode61 tokenizer splits: letters and digits.
WORD = re.compile(r"[^\W_]+")
# What a patient typed as one word: "omega-3" and "tai-chi" stay one phrase,
# and an apostrophe joins ("I'm", "don't") rather than splits.
_PIECE = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*(?:[-./][^\W_]+(?:['\u2019][^\W_]+)*)*")
_APOSTROPHE = re.compile(r"['\u2019]")
_JOINER = re.compile(r"[-./]")

DEFAULT_LIMIT = 10
# Candidates looked at beyond the limit, so that a topic about the question
# can come before pages that merely mention more of its words.
CANDIDATES = 30
# The place of a hit that only mentions words of the question in passing.
NOT_ANSWERED = 3

# Every section a patient reads, with the label a hit shows, in the order a
# tie between two equally good sections is broken: the topic fields the schema
# marks `searched` with a label (catalog/schema.py). Sections the catalog
# leaves empty are indexed empty.
SECTIONS = tuple((spec.name, how.label) for spec, how in schema.searched() if how.label)

# bm25 weight of a match in each full-text column (the schema's `searched`
# weights): the title counts most, then other names, then the short sections
# a patient reads first.
WEIGHTS = schema.search_weights()


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# English words that carry no subject on their own: they never decide which
# topic comes first. The list adds the filler of spoken questions ("can",
# "should", "help", "take") to the usual function words.
STOP_WORDS = _word_set(
    """
    a about above after again against all also am an and any anything are arent as at be because been before
    being below best better between both but by can cannot cant could couldnt did didnt do does doesnt doing
    done dont down during each else even ever every few for from further get gets getting go goes going good
    got had hadnt has hasnt have havent having he hed hell hello help helps helping her here hers herself
    hes hi him himself his how i id if ill im in into is isnt it its itself ive just keep kind know let lets
    like lot lots make makes many may me might more most much must my myself need needs no nor not now of
    off ok okay on once one only or other others our ours ourselves out over own please really same she shed
    should shouldnt so some something still such take takes taking tell than thank thanks that thats the
    their theirs them themselves then there theres these they theyre thing things this those through to too
    try trying under until up us use used uses using very want wants was wasnt way ways we well were werent
    what whats when where which while who whom whos why will with without wont would wouldnt yes yet you
    youd youll your youre yours yourself yourselves feel feeling feels felt
    """
)

# Words that ask for a kind of answer rather than name a subject ("is it
# safe", "does it work"). They are not searched for; they make the section
# that answers that kind of question the preferred snippet.
_ASKS = {
    "safety": "safe safely safety risk risks risky danger dangerous harm harmful careful caution avoid allowed "
    "okay side effect effects interact interaction interactions",
    "evidence": "evidence research study studies proof proven prove science scientific effective work works "
    "trial trials",
    "what_to_expect": "expect expected happen happens visit visits session sessions appointment appointments",
    "questions": "ask asking questions",
}
ASK_WORDS = {word: kind for kind, words in _ASKS.items() for word in words.split()}

# Words of distress. They are searched for like any other word, and they
# make urgent and safety guidance (such as a crisis line) the snippet.
DISTRESS_WORDS = _word_set(
    "hopeless helpless suicide suicidal crisis emergency urgent die dying kill overdose desperate worthless"
)

# How much a section is preferred as the snippet for each kind of question.
_PREFER = {
    "safety": {"safety": 2.5, "urgent": 1.5},
    "evidence": {"evidence": 2.5},
    "what_to_expect": {"what_to_expect": 2.5},
    "questions": {"questions": 2.5},
    "distress": {"urgent": 3.0, "safety": 2.0},
}
# A question to ask is rarely the answer itself.
_PRIOR = {"questions": 0.8}
# A concept the title already shows counts this much towards a snippet.
_IN_TITLE = 0.2
# A concept found elsewhere in the same section counts this much.
_AROUND = 0.25
# A synonym counts this much of the word the patient typed: "sore" finds
# "pain", but a line that says "soreness" answers better.
_SYNONYM = 1.0
# A concept no topic is about (it is in no title, name, main message,
# summary or key point: "sit", "weight") counts this much towards a snippet,
# so that a line about the question's subject wins over one that merely
# mentions an incidental word.
_INCIDENTAL = 0.3
# The sections that say what a topic is about (`about` in the schema).
ABOUT_COLUMNS = tuple(dict.fromkeys(how.column or spec.name for spec, how in schema.searched() if how.about))

# An item this short is shown whole; a longer one is cut to about SNIPPET_CHARS.
WHOLE_ITEM_CHARS = 320
SNIPPET_CHARS = 200
_LEAD = 60
# Matches looked at per section when choosing a snippet: enough to find the
# best item, and a bound on the work a huge section can cause.
MAX_MATCHES = 256


class Section(NamedTuple):
    field: str
    label: str
    items: tuple[str, ...]


class Concept(NamedTuple):
    """One idea of the question and the phrases that stand for it."""

    label: str
    phrases: tuple[tuple[str, ...], ...]
    # How many of the phrases, from the first, are what the patient typed;
    # the rest came from the synonyms. 0: all of them.
    typed: int = 0


# --- what gets indexed -------------------------------------------------------


def _texts(value: object) -> tuple[str, ...]:
    """The text of a section, whatever shape its field has (text, list of text, records with text)."""
    if isinstance(value, str):
        return (value,) if value else ()
    if type(value) is tuple:
        try:
            # The common case, a list of text, checked in one C-speed pass.
            "".join(value)
            return value
        except TypeError:
            pass
    text = getattr(value, "text", None)
    if isinstance(text, str):
        return (text,)
    if isinstance(value, (tuple, list)):
        return tuple(text for item in value for text in _texts(item))
    return ()


def topic_sections(topic: Topic) -> list[Section]:
    """Every section a patient reads, in snippet order, each as a list of items."""
    out = []
    for field, label in SECTIONS:
        if field == "faq":
            # The question and its answer are one item: a match in either shows both.
            items = tuple(f"{item.q} {item.a}" for item in getattr(topic, "faq", ()))
        else:
            items = _texts(getattr(topic, field, ()))
        out.append(Section(field, label, items))
    return out


def index_columns(topic: Topic) -> dict[str, str]:
    """The full-text columns of one topic (see tables.FTS_COLUMNS)."""
    sections = {section.field: section.items for section in topic_sections(topic)}
    columns: dict[str, list[str]] = {}
    for spec, how in schema.searched():
        items = sections[spec.name] if spec.name in sections else _texts(getattr(topic, spec.name, ()))
        columns.setdefault(how.column or spec.name, []).extend(items)
    return {column: "\n".join(items) for column, items in columns.items()}


def tokens(text: str) -> tuple[str, ...]:
    """Lower-case words of a text, as the index splits them."""
    return tuple(WORD.findall(text.casefold()))


# --- reading the question ----------------------------------------------------


class _Piece(NamedTuple):
    raw: str
    start: int
    end: int
    words: tuple[str, ...]


def _pieces(query: str) -> list[_Piece]:
    out = []
    for match in _PIECE.finditer(query):
        raw = match.group()
        words = tuple(w for w in (_APOSTROPHE.sub("", part).casefold() for part in _JOINER.split(raw)) if w)
        out.append(_Piece(raw, match.start(), match.end(), words))
    return out


def _fts_phrase(words: Sequence[str]) -> str:
    # Words are letters and digits only, so quoting cannot be broken out of.
    return '"' + " ".join(words) + '"'


def concept_query(concept: Concept) -> str:
    return " OR ".join(_fts_phrase(phrase) for phrase in concept.phrases)


class _Reading(NamedTuple):
    concepts: list[Concept]
    asks: set[str]
    unknown: list[str]
    corrections: list[tuple[str, str]]
    also: list[tuple[str, tuple[str, ...]]]
    common_only: bool
    searched_for: str


def read_question(store: Store, query: str) -> _Reading:
    """Concepts, kinds of question and notes from what the patient typed."""
    pieces = _pieces(query)
    concepts: list[Concept] = []
    asks: set[str] = set()
    unknown: list[str] = []
    corrections: list[tuple[str, str]] = []
    also: list[tuple[str, tuple[str, ...]]] = []
    asked: list[_Piece] = []
    replaced: dict[int, tuple[int, str]] = {}
    rule = rules(store.language)
    stems = store.stems({word for piece in pieces for word in piece.words})
    synonyms = _Synonyms(store, stems.values())
    position = 0
    while position < len(pieces):
        piece = pieces[position]
        words = piece.words
        # The catalog's synonyms first: their phrases may hold common words ("feeling down").
        found = synonyms.longest(pieces, position, stems)
        if found is not None:
            end, targets = found
            raw = query[piece.start : pieces[end - 1].end]
            literal = tuple(word for p in pieces[position:end] for word in p.words)
            # "side effects" asks about safety; "work out" does not ask whether something works.
            asking = all(rule.fold(word) in rule.asks for word in literal)
            asks.update(_asks(literal, rule) if asking else _asks(literal, rule) & {"distress"})
            concepts.append(Concept(raw, (literal, *(tokens(target) for target in targets)), typed=1))
            if (raw.casefold(), targets) not in {(word.casefold(), known) for word, known in also}:
                also.append((raw, targets))
            position = end
            continue
        position += 1
        if all(rule.fold(word) in rule.stop for word in words):
            continue
        if len(words) == 1 and rule.fold(words[0]) in rule.asks:
            asks.add(rule.asks[rule.fold(words[0])])
            asked.append(piece)
            continue
        asks.update(_asks(words, rule))
        concept, corrected = _resolve(store, piece, synonyms)
        if concept is None:
            unknown.append(piece.raw)
            continue
        concepts.append(concept)
        if corrected:
            corrections.append((piece.raw, corrected))
            replaced[piece.start] = (piece.end, corrected)
            targets = tuple(" ".join(phrase) for phrase in concept.phrases[1:])
            if targets:
                also.append((corrected, targets))
    if not concepts and asked:
        # A question made only of words like "safe" still means them.
        concepts = [c for c, _ in (_resolve(store, piece, synonyms) for piece in asked) if c is not None]
    common_only = bool(pieces) and not concepts and not unknown and not asked
    searched_for = _replace(query, replaced) if replaced else ""
    return _Reading(_merge(concepts), asks, unknown, corrections, also, common_only, searched_for)


def _replace(text: str, replaced: dict[int, tuple[int, str]]) -> str:
    out, position = [], 0
    for start in sorted(replaced):
        end, word = replaced[start]
        out += [text[position:start], word]
        position = end
    return "".join([*out, text[position:]])


def _asks(words: Iterable[str], rule: Rules) -> set[str]:
    folded = [rule.fold(word) for word in words]
    kinds = {rule.asks[word] for word in folded if word in rule.asks}
    return kinds | ({"distress"} if any(word in rule.distress for word in folded) else set())


class _Synonyms:
    """The catalog's synonyms whose phrases could start at a word of this question."""

    # Longer phrases are not worth looking for.
    LONGEST = 6

    def __init__(self, store: Store, stems: Iterable[str]) -> None:
        self._store = store
        self._keys: list[str] | None = None
        self.phrases: dict[tuple[str, ...], list[str]] = {}
        rows = store.synonyms(stems)
        target_stems = store.stems({word for _, _, target in rows for word in tokens(target)})
        for _, phrase_stems, target in rows:
            # A catalog word that is the patient's word in another form adds nothing ("stressed": stress).
            same = tuple(target_stems.get(word, word) for word in tokens(target)) == phrase_stems
            if not same and target not in self.phrases.get(phrase_stems, []):
                self.phrases.setdefault(phrase_stems, []).append(target)

    def keys(self) -> list[str]:
        """One-word phrases of the whole synonyms map: a misspelling may be one of them ("migrane")."""
        if self._keys is None:
            self._keys = [phrase for phrase in self._store.synonym_phrases() if len(tokens(phrase)) == 1]
        return [key.casefold() for key in self._keys]

    def lookup(self, store: Store, word: str) -> tuple[str, ...]:
        """The catalog words the synonyms map gives for one word."""
        stem = store.stems([word]).get(word, word)
        return tuple(target for _, phrase, target in store.synonyms([stem]) if phrase == (stem,))

    def longest(self, pieces: list[_Piece], start: int, stems: dict[str, str]) -> tuple[int, tuple[str, ...]] | None:
        """(end, catalog words) of the longest phrase made of whole pieces from `start`."""
        if not self.phrases:
            return None
        for end in range(min(len(pieces), start + self.LONGEST), start, -1):
            key = tuple(stems.get(word, word) for piece in pieces[start:end] for word in piece.words)
            if key in self.phrases:
                return end, tuple(self.phrases[key])
        return None


def _resolve(store: Store, piece: _Piece, synonyms: _Synonyms) -> tuple[Concept | None, str]:
    """The concept a word stands for in this catalog, and the word it was corrected to ("" if none).

    In order: the word itself; a topic's name written another way
    ("taichi"); the start of catalog words ("medit"); the closest catalog
    word, if the word looks misspelled ("accupuncture"). None if no topic
    mentions anything like it.
    """
    phrase = piece.words
    if store.has_match(_fts_phrase(phrase)):
        return Concept(piece.raw, (phrase,)), ""
    base = tuple(rules(store.language).irregular.get(word, word) for word in phrase)
    if base != phrase and store.has_match(_fts_phrase(base)):
        return Concept(piece.raw, (base,)), ""
    names = [tokens(name) for name in store.names_for(normalize(piece.raw))]
    if names and all(names):
        shown = " ".join(names[0])
        return Concept(piece.raw, tuple(dict.fromkeys(names))), shown if names[0] != phrase else ""
    if len(phrase) != 1:
        return None, ""
    word = phrase[0]
    # A word in no dictionary is a slip before it is the start of a longer
    # word: "slep" is sleep, not "slept".
    corrected = correct(store, word, synonyms.keys())
    # A real word is not the start of another ("lice" is not "licensed").
    if not corrected and len(word) >= PREFIX_CHARS and not word.isdigit() and not store.is_word(word):
        completions = store.words_starting(word, MAX_COMPLETIONS)
        if completions:
            return Concept(piece.raw, tuple((w,) for w in completions)), ""
    if not corrected:
        return None, ""
    targets = synonyms.lookup(store, corrected)
    return Concept(corrected, ((corrected,), *(tokens(t) for t in targets)), typed=1), corrected


# Past forms that stemming cannot join to their word ("I fell" is about falls).
IRREGULAR = {
    "ate": "eat",
    "bled": "bleed",
    "broke": "break",
    "drank": "drink",
    "drove": "drive",
    "fell": "fall",
    "fought": "fight",
    "froze": "freeze",
    "gave": "give",
    "grew": "grow",
    "lost": "lose",
    "ran": "run",
    "rode": "ride",
    "sat": "sit",
    "slept": "sleep",
    "spent": "spend",
    "stood": "stand",
    "swam": "swim",
    "taught": "teach",
    "threw": "throw",
    "thought": "think",
    "woke": "wake",
    "woken": "wake",
    "wore": "wear",
}


class Rules(NamedTuple):
    """How search reads the words of one language (languages.py names each language's)."""

    stop: frozenset[str]
    asks: dict[str, str]
    distress: frozenset[str]
    irregular: dict[str, str]
    # How a word is compared with the lists above (Spanish drops accents).
    fold: Callable[[str], str]
    # A language whose rules stem words before the index sees them (SQLite has no Spanish stemmer):
    # a text, a set of words and an FTS5 query (its quoted phrases), as the index holds them.
    # None: SQLite's tokenizer stems (Porter, English) or, for PLAIN, matches whole words.
    stem_text: Callable[[str], str] | None = None
    stem_words: Callable[[Iterable[str]], dict[str, str]] | None = None
    stem_query: Callable[[str], str] | None = None
    # Subjects of other health care (index/elsewhere.py), folded: a question about one of them that
    # no topic is named by is not answered by pages that merely mention it.
    elsewhere: frozenset[str] = frozenset()


def _same(word: str) -> str:
    return word


def _plain_fold(word: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


ENGLISH = Rules(
    STOP_WORDS,
    ASK_WORDS,
    DISTRESS_WORDS,
    IRREGULAR,
    _same,
    elsewhere=frozenset(" ".join(tokens(phrase)) for phrase in elsewhere.phrases(elsewhere.ENGLISH)),
)
# A language without search rules of its own (languages.py `search_rules` None), documented in
# docs/architecture.md: whole words, case and accents folded (the index's tokenizer does not stem
# them, store.tokenizer), no common words, no asking or distress words. Never English's lists.
PLAIN = Rules(frozenset(), {}, frozenset(), {}, _plain_fold)


@functools.cache
def rules(language: str) -> Rules:
    """How search reads `language`: the rules its registry row names (imported only when that language
    is searched or indexed), else PLAIN."""
    from painguide.languages import get

    spec = get(language).search_rules
    if spec is None:
        return PLAIN
    module, _, name = spec.partition(":")
    found = getattr(importlib.import_module(module), name)
    if not isinstance(found, Rules):
        raise TypeError(f"{spec} is not search Rules")
    return found


# A word this long may be the start of a catalog word ("medit", "acupunct").
PREFIX_CHARS = 4
MAX_COMPLETIONS = 20


def typo_distance(word: str) -> int:
    """How many edits a misspelling of `word` may have: none below 5 letters, where a
    one-letter change is as likely another word ("legs", "less")."""
    return 0 if len(word) < 5 else 1 if len(word) < 8 else 2


def correct(store: Store, word: str, extra: Iterable[str] = ()) -> str:
    """The catalog word (or synonym) closest to a word the catalog lacks, or "" if none is close.

    Nearest by edit distance (a swap of two letters is one edit); among
    equals, the word more topics use.
    """
    if not word.isalpha() or store.is_word(word):
        # A real word the catalog lacks was meant as typed: never turn it into another word.
        return ""
    # Not a word at all, so even a short one is a slip: "slep", "yogo".
    limit = max(typo_distance(word), 1 if len(word) >= 4 else 0)
    if not limit:
        return ""
    candidates = store.words_near(word, limit) + [(key, 0) for key in extra if key[:1] == word[:1]]
    rule = rules(store.language)
    best: tuple[int, int, str] | None = None
    for candidate, documents in candidates:
        if rule.fold(candidate) in rule.stop or not candidate.isalpha():
            continue
        distance = edit_distance(word, candidate, limit)
        if distance <= limit and (best is None or (distance, -documents, candidate) < best):
            best = (distance, -documents, candidate)
    return best[2] if best else ""


def suggest(store: Store, words: Iterable[str], limit: int = 3) -> list[str]:
    """Catalog words that look like words no topic has, for a "did you mean" when nothing was found.

    Looser than `correct`: only a suggestion, never searched without asking.
    """
    import difflib

    out: list[str] = []
    for raw in words:
        word = normalize(raw)
        if len(word) < PREFIX_CHARS or not word.isalpha() or store.is_word(word):
            continue
        rule = rules(store.language)
        near = [candidate for candidate, _ in store.words_near(word, 3) if rule.fold(candidate) not in rule.stop]
        out += difflib.get_close_matches(word, near, n=limit, cutoff=0.7)
    return list(dict.fromkeys(out))[:limit]


def _merge(concepts: list[Concept]) -> list[Concept]:
    """One concept per idea: the same word typed twice counts once."""
    seen: dict[tuple[tuple[str, ...], ...], Concept] = {}
    for concept in concepts:
        seen.setdefault(concept.phrases, concept)
    return list(seen.values())


# --- ranking and snippets ----------------------------------------------------


def search(store: Store, words: Sequence[str], limit: int | None = DEFAULT_LIMIT) -> SearchResult:
    """The topics that best answer `words`, each with the section that answers."""
    from painguide import safety_net

    query = " ".join(words)
    reading = read_question(store, query)
    base = SearchResult(
        query=query,
        hits=(),
        alerts=(alerts := safety_net.triggered(query, safety_net.alerts(store.alerts(), store.language))),
        reminder=safety_net.reminds(query, alerts),
        searched_for=reading.searched_for,
        corrections=tuple(reading.corrections),
        also=tuple(reading.also),
        unknown=tuple(reading.unknown),
        common_only=reading.common_only,
    )
    if not reading.concepts:
        return base._replace(suggestions=tuple(suggest(store, reading.unknown)))
    concepts = reading.concepts
    queries = [concept_query(concept) for concept in concepts]
    topics_n = max(store.topic_count(), 1)
    counts = [store.count(q) for q in queries] if len(queries) > 1 else [topics_n]
    # The words the patient typed, apart from their synonyms: "sore" is rarer than "pain".
    typed = [
        store.count(concept_query(c._replace(phrases=c.phrases[: c.typed]))) if c.typed else count
        for c, count in zip(concepts, counts)
    ]
    about = " ".join(ABOUT_COLUMNS)
    subject = [store.has_match(f"{{{about}}} : ({q})") for q in queries]
    # Rarer words say more about which item answers (inverse document frequency);
    # a word no topic is about says less.
    rarity = [math.log(1.0 + topics_n / max(n, 1)) * (1.0 if on else _INCIDENTAL) for n, on in zip(typed, subject)]
    rarity += [
        _SYNONYM * math.log(1.0 + topics_n / max(n, 1)) * (1.0 if on else _INCIDENTAL) for n, on in zip(counts, subject)
    ]
    # A word nearly every topic has ("pain", in a catalog about pain) would
    # list every topic; beside rarer words it only helps choose the snippet.
    telling = [n for n, count in enumerate(counts) if not _everywhere(count, topics_n)] or list(range(len(counts)))
    # A word more than half the topics have ("stop", "doctor") counts only
    # among topics that match as many of the rarer words.
    weak = [counts[n] > topics_n / 2 and topics_n >= 8 for n in telling]
    # A few more candidates than asked for: a topic about the question may
    # rank below pages that merely mention more of its words.
    pool = None if limit is None else max(3 * limit, CANDIDATES)
    ranked = store.rank([queries[n] for n in telling], WEIGHTS, pool, weak)
    total = store.count(" OR ".join(f"({queries[n]})" for n in telling))
    finder = _Finder(store, concepts)
    # The question as corrected ("acupunture" read as acupuncture) is what the authored questions are compared with.
    asked = _FaqQuestion(store, reading.searched_for or query)
    # Words no topic has that name a subject ("toddler"), not everyday ones ("class").
    subjects = [word for word in reading.unknown if not store.is_everyday(word)]
    ideas = finder.ideas(telling)
    outside = _outside(store, reading.searched_for or query)
    # Ideas few topics have: a topic one of them names is what the question is about.
    specific = {n for n in ideas if counts[n] <= topics_n / 2 or topics_n < 8}
    scored: list[tuple[int, int, Hit]] = []
    for position, row in enumerate(ranked):
        topic = store.topic(row.topic_id)
        if topic is None:
            continue
        answer = asked.best(topic)
        if answer:
            section = Section("faq", dict(SECTIONS)["faq"], (answer,))
            # The question, then its answer from the start: never a window in the middle of it.
            snippet = keep_note(cut(answer, finder.matches(answer), rarity, start_at_top=True), answer)
        else:
            section, snippet = finder.snippet(topic, rarity, reading.asks)
        missing = tuple(concepts[n].label for n, found in zip(telling, row.matched) if not found)
        hit = Hit(row.topic_id, row.title, snippet, section.label, section.field, missing)
        # Best first: a topic named in the question whose own authored question
        # was asked; then, in rank order, topics the question names or that
        # answer it; then the rest.
        named = finder.named(topic, set(range(len(concepts))))
        if answer and named:
            order = 0
        elif finder.named(topic, specific):
            # Named by a word few topics have ("yoga", not "pain"): what the question is about.
            order = 1
        elif outside:
            # A question about other health care ("strep throat") that no topic is named by.
            order = NOT_ANSWERED
        elif named or answer or finder.answers(topic, subjects, ideas):
            order = 2
        else:
            order = NOT_ANSWERED
        scored.append((order, position, hit))
    if scored and min(order for order, _, _ in scored) == NOT_ANSWERED:
        # Every match is an incidental word ("fever" in "my toddler's fever"): say so, never show junk.
        return base._replace(total=0, nothing_here=True)
    hits = [hit for _, _, hit in sorted(scored)][:limit]
    return base._replace(hits=tuple(hits), total=total)


# The fields a topic is named by (as `_Finder.named` reads them), as the index holds them.
_NAME_COLUMNS = " ".join(
    dict.fromkeys(
        how.column or spec.name for spec, how in schema.searched() if spec.name in ("title", "aliases", "keywords")
    )
)


def _outside(store: Store, query: str) -> list[str]:
    """The subjects of other health care `query` names (index/elsewhere.py) that no topic is named by."""
    rule = rules(store.language)
    if not rule.elsewhere:
        return []
    words = tokens(rule.fold(query))
    longest = max(term.count(" ") + 1 for term in rule.elsewhere)
    found = {
        " ".join(words[start:end]) for start in range(len(words)) for end in range(start + 1, start + longest + 1)
    } & rule.elsewhere
    return sorted(term for term in found if not store.has_match(f"{{{_NAME_COLUMNS}}} : {_fts_phrase(term.split())}"))


def _everywhere(count: int, topics: int) -> bool:
    return topics >= 8 and count > 0.75 * topics


class _Finder:
    """Finds the concepts of one question in a topic's text, for snippets."""

    def __init__(self, store: Store, concepts: list[Concept]) -> None:
        words = {word for concept in concepts for phrase in concept.phrases for word in phrase}
        stems = store.stems(words)
        forms = store.forms(stems.values())
        parts = []
        for number, concept in enumerate(concepts):
            phrases = [
                r"[\W_]+".join(_alternatives([word, *forms.get(stems.get(word, word), [])]) for word in phrase)
                for phrase in concept.phrases
            ]
            typed = concept.typed or len(phrases)
            # Group cN: what the patient typed; sN: the catalog's words for it (synonyms).
            parts.append(f"(?P<c{number}>{'|'.join(phrases[:typed])})")
            if phrases[typed:]:
                parts.append(f"(?P<s{number}>{'|'.join(phrases[typed:])})")
        self.count = len(concepts)
        # A word the synonyms give catalog words for ("max": limit) is not merely everyday.
        single = {n: concept.phrases[0][0] for n, concept in enumerate(concepts) if len(concept.phrases) == 1}
        common = store.everyday(word for n, word in single.items() if len(concepts[n].phrases[0]) == 1)
        self.everyday = {n for n, word in single.items() if len(concepts[n].phrases[0]) == 1 and word in common}
        self.pattern = re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE) if parts else None
        # Each word the patient typed, alone ("sleeping" of "sleeping pills"): one that names a
        # topic says the question is about it.
        self.typed_words: dict[int, re.Pattern[str]] = {}
        for number, concept in enumerate(concepts):
            own = sorted(
                {word for phrase in concept.phrases[: concept.typed or len(concept.phrases)] for word in phrase}
            )
            alternatives = [_alternatives([w, *forms.get(stems.get(w, w), [])]) for w in own if len(w) > 2]
            if alternatives:
                self.typed_words[number] = re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)

    def ideas(self, telling: Sequence[int]) -> set[int]:
        """The concepts that can tell topics apart: not words nearly every topic has ("pain"),
        nor everyday words ("time")."""
        return (set(telling) or set(range(self.count))) - self.everyday

    def named(self, topic: Topic, ideas: set[int]) -> bool:
        """Whether one of the question's ideas names the topic (its title, other names or keywords)."""
        names = "\n".join((topic.title, *topic.aliases, *topic.keywords))
        if {key % self.count for _, _, key in self.matches(names)} & ideas:
            return True
        return any(self.typed_words[n].search(names) for n in ideas if n in self.typed_words)

    def matches(self, text: str, limit: int = MAX_MATCHES) -> list[tuple[int, int, int]]:
        """(start, end, key) of the first `limit` matches in `text`.

        The key is the concept's number for a word the patient typed, and
        that number plus the number of concepts for one of its synonyms.
        """
        if self.pattern is None:
            return []
        out = []
        for match in self.pattern.finditer(text):
            group = str(match.lastgroup)
            out.append((match.start(), match.end(), int(group[1:]) + (self.count if group[0] == "s" else 0)))
            if len(out) >= limit:
                break
        return out

    def answers(self, topic: Topic, unknown: Sequence[str], ideas: set[int]) -> bool:
        """Whether this topic answers the question, not a page that merely mentions one of its words.

        It does when the question is one idea the catalog knows and names no
        subject it lacks; when one line holds two of the question's ideas; or
        when it has every idea, one of them in what it is about (main message,
        summary, key points), and the question names no subject it lacks.
        """
        if len(ideas) <= 1:
            return not unknown
        sections = topic_sections(topic)
        found: dict[str, set[int]] = {}
        for section in sections:
            for item in section.items:
                keys = {key % self.count for _, _, key in self.matches(item)} & ideas
                if len(keys) >= 2:
                    return True
                found.setdefault(section.field, set()).update(keys)
        # Every idea in the topic, one of them in what the topic is about, and no subject it lacks.
        about = set().union(*(found.get(field, set()) for field in ABOUT_COLUMNS))
        return not unknown and ideas <= set().union(*found.values()) and bool(about)

    def snippet(self, topic: Topic, rarity: list[float], asks: set[str]) -> tuple[Section, str]:
        """The section that best answers the question, and a snippet of it with the matches marked."""
        names = "\n".join((topic.title, *topic.aliases, *topic.keywords))
        titled = {key % self.count for _, _, key in self.matches(names)}
        weight = [r * (_IN_TITLE if n % self.count in titled else 1.0) for n, r in enumerate(rarity)]
        best: tuple[float, Section, str, list[tuple[int, int, int]]] | None = None
        sections = topic_sections(topic)
        for section in sections:
            if not section.items:
                continue
            score, item, found = self._best_item(section, weight)
            if not found:
                continue
            score *= _PRIOR.get(section.field, 1.0)
            for ask in asks:
                score *= _PREFER.get(ask, {}).get(section.field, 1.0)
            if best is None or score > best[0]:
                best = (score, section, item, found)
        if best is None:
            # Only the title or other names matched: the summary says what the topic is.
            fallback = next((s for s in sections if s.field == "summary" and s.items), None)
            fallback = fallback or next((s for s in sections if s.items), Section("summary", "Summary", ("",)))
            return fallback, keep_note(cut(fallback.items[0], [], weight), fallback.items[0])
        _, section, item, found = best
        # A snippet of English on a translated page keeps the note that says so.
        return section, keep_note(cut(item, found, weight), item)

    def _best_item(self, section: Section, weight: list[float]) -> tuple[float, str, list[tuple[int, int, int]]]:
        # One pass over the whole section, then each match is placed in its item.
        text = "\n".join(section.items)
        starts = []
        offset = 0
        for item in section.items:
            starts.append(offset)
            offset += len(item) + 1
        per_item: dict[int, list[tuple[int, int, int]]] = {}
        for start, end, concept in self.matches(text):
            per_item.setdefault(bisect_right(starts, start) - 1, []).append((start, end, concept))
        best_score, best_index = -1.0, -1
        for index, found in per_item.items():
            score = _worth((key for _, _, key in found), weight)
            if score > best_score or (score == best_score and index < best_index):
                best_score, best_index = score, index
        if best_index < 0:
            return 0.0, "", []
        # A section whose other items hold more of the question answers it a little better.
        answered = {key % self.count for _, _, key in per_item[best_index]}
        around = [key for found in per_item.values() for _, _, key in found if key % self.count not in answered]
        shift = starts[best_index]
        found = [(s - shift, e - shift, key) for s, e, key in per_item[best_index]]
        return best_score + _AROUND * _worth(around, weight), section.items[best_index], found


# The words of a patient's question that say what kind of answer is wanted,
# each folded to one word per idea, so that "how many sessions" asks what
# "How many visits will I need?" asks. They match authored questions (`faq`);
# other words are compared by their stems.
FAQ_SAME = {
    "en": {
        # Not "pain": nearly every question of a catalog about pain has it ("does it help pain").
        "hurt": "hurt hurts hurting painful sore ache aches sting stings",
        "visit": "visit visits session sessions appointment appointments appt appts treatment treatments",
        "many": "many often times",
        "long": "long soon weeks months quickly fast until",
        "cost": "cost costs price pay paying expensive money afford insurance insured covered cover covers "
        "coverage medicare medicaid",
        "first": "first start starting begin beginning",
        "happen": "happen happens expect",
        "safe": "safe safety risk risks dangerous danger harm harmful",
        "medicine": "medicine medicines medication medications meds pill pills drug drugs",
        "work": "work works working help helps effective",
        "pregnant": "pregnant pregnancy",
        "who": "who whom",
        "awake": "awake wake wakes waking woke insomnia",
    },
    "es": {
        "duele": "duele duelen doloroso dolorosa lastima molesta",
        "visita": "visita visitas sesion sesiones cita citas consulta consultas tratamiento tratamientos",
        "cuantas": "cuantas cuantos veces",
        "tiempo": "tiempo semanas meses pronto rapido tarda tardan",
        "costo": "costo costos cuesta cuestan precio pagar cobran caro aseguranza medicare medicaid cubre cubren",
        "primera": "primera primer empezar comenzar empiezo inicio",
        "pasa": "pasa sucede esperar",
        "peligro": "peligro peligroso peligrosa riesgo riesgos dano seguro segura",
        "medicina": "medicina medicinas medicamento medicamentos pastilla pastillas",
        "funciona": "funciona funcionan sirve sirven ayuda ayudan",
        "embarazada": "embarazada embarazo",
        "quien": "quien quienes",
        "despierto": "despierto despierta despertar desvelo desvelado desvelada insomnio",
    },
}


class _FaqQuestion:
    """A patient's question compared with a topic's authored questions (`faq`)."""

    def __init__(self, store: Store, query: str) -> None:
        self._store = store
        self._rule = rules(store.language)
        # A language without question words (PLAIN search) compares questions by their stems alone.
        same = FAQ_SAME.get(store.language, {}) if self._rule is PLAIN else FAQ_SAME[store.language]
        self._same = {self._rule.fold(word): idea for idea, words in same.items() for word in words.split()}
        # Two words that mean another idea than the second alone ("mi seguro" is insurance, "es seguro" safe).
        self._pairs = {
            tuple(self._rule.fold(word) for word in pair.split()): idea
            for idea, pairs in FAQ_PAIRS.get(store.language, {}).items()
            for pair in pairs.split(",")
        }
        self._kinds = set(same)
        # Each word's stem, asked of the index once for all the texts of a topic (a query each costs more).
        self._stem_of: dict[str, str] = {}
        self._stemmed: set[str] = set()
        self._asked = self._ideas(query)

    def _read(self, text: str) -> tuple[set[str], list[str]]:
        """The ideas `text` names by a word of the same-meaning table, and its other words that are not common."""
        ideas: set[str] = set()
        rest = []
        before = ""
        for word in tokens(text):
            folded = self._rule.fold(word)
            pair, before = (before, folded), folded
            if pair in self._pairs:
                ideas.add(self._pairs[pair])
            elif folded in self._same:
                ideas.add(self._same[folded])
            elif folded not in self._rule.stop:
                rest.append(word)
        return ideas, rest

    def _stem(self, words: Iterable[str]) -> None:
        new = [word for word in dict.fromkeys(words) if word not in self._stemmed]
        if new:
            self._stem_of.update(self._store.stems(new))
            self._stemmed.update(new)

    def _ideas(self, text: str) -> set[str]:
        ideas, rest = self._read(text)
        self._stem(rest)
        ideas.update(self._stem_of[word] for word in rest if word in self._stem_of)
        return ideas

    def best(self, topic: Topic) -> str:
        """The question and answer that best match what was asked, as one text; "" if none does.

        Words that name the topic say nothing about which of its questions
        was asked; at least half of the rest of each side must be in the other.
        """
        if not topic.faq or not self._asked:
            return ""
        texts = (topic.title, *topic.aliases, *(item.q for item in topic.faq))
        self._stem(word for text in texts for word in self._read(text)[1])
        named = self._ideas("\n".join((topic.title, *topic.aliases)))
        asked = self._asked - named
        # What the question is about (not the kind of answer it wants) must all be in the authored question:
        # "chest pain when I exercise" is not "Will exercise make my pain worse?".
        subject = asked - self._kinds
        questions = [self._ideas(item.q) - named for item in topic.faq]
        # An idea many of the topic's questions share ("pain", "help") says less about which one was asked.
        shared_by = Counter(idea for question in questions for idea in question)

        def worth(ideas: Iterable[str]) -> float:
            return sum(1.0 / shared_by.get(idea, 1) for idea in ideas)

        best, best_score = "", 0.0
        for item, question in zip(topic.faq, questions):
            shared = asked & question
            # Half of the authored question must be in what was asked, or half of what was asked in it with
            # a word of its subject (an authored question may name several cases: "if I am pregnant or have
            # cancer or a blood clot"; "is yoga safe" alone is not "Is yoga safe if I am older?").
            covers = 2 * worth(shared) >= worth(question)
            if not shared or not (covers or (2 * worth(shared) >= worth(asked) and shared - self._kinds)):
                continue
            if subject and not shared & subject and question - self._kinds:
                continue
            # One word the topic's questions share ("recibir" a massage) is not enough; a kind of question or
            # a word of one question only is.
            if worth(shared) < 1.0 and not shared & self._kinds:
                continue
            score = worth(shared) / worth(question) + worth(shared) / worth(asked)
            if score > best_score:
                best, best_score = f"{item.q} {item.a}", score
        return best


# Pairs of words, comma-separated, read as one idea before the words alone.
FAQ_PAIRS = {
    "es": {"costo": "mi seguro, su seguro, el seguro, del seguro, al seguro, tu seguro, seguro medico"},
}


def _worth(keys: Iterable[int], weight: Sequence[float]) -> float:
    """The weighted concepts among match keys: each concept once, by its best match."""
    concepts = len(weight) // 2
    best: dict[int, float] = {}
    for key in keys:
        best[key % concepts] = max(best.get(key % concepts, 0.0), weight[key])
    return sum(best.values())


def _alternatives(words: Iterable[str]) -> str:
    # Longest first, so that "sleeping" is not cut short by "sleep".
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(word) for word in unique) + ")"


def cut(
    text: str,
    found: list[tuple[int, int, int]],
    weight: Sequence[float],
    size: int = SNIPPET_CHARS,
    *,
    start_at_top: bool = False,
) -> str:
    """A snippet of at most about `size` characters around the best run of matches, with matches marked.

    Linear in the text: markers already in the text are dropped, and only
    the chosen window is copied.
    """
    if MATCH_START in text or MATCH_END in text:
        text = text.replace(MATCH_START, "").replace(MATCH_END, "")
        found = []
    if len(text) <= max(size, WHOLE_ITEM_CHARS):
        start, end = 0, len(text)
    else:
        first = _densest(found, weight, size) if found and not start_at_top else 0
        start, end = _window(text, first, size)
    out = ["..." if start > 0 else ""]
    position = start
    for match_start, match_end, _ in found:
        if match_start < position or match_end > end:
            continue
        out += [text[position:match_start], MATCH_START, text[match_start:match_end], MATCH_END]
        position = match_end
    out.append(text[position:end])
    # A window that ends with its sentence reads as complete.
    if end < len(text) and not text[:end].endswith((".", "?", "!")):
        out.append("...")
    return "".join(out)


def _densest(found: list[tuple[int, int, int]], weight: Sequence[float], size: int) -> int:
    """Start of the match that begins the window of `size` holding the most (weighted) concepts."""
    inside: Counter[int] = Counter()
    best_score, best_start = -1.0, found[0][0]
    right = 0
    for left, (start, _, concept) in enumerate(found):
        right = max(right, left)
        while right < len(found) and found[right][1] <= start + size - _LEAD:
            inside[found[right][2]] += 1
            right += 1
        score = _worth((key for key, n in inside.items() if n), weight)
        if score > best_score:
            best_score, best_start = score, start
        if right > left:
            inside[concept] -= 1
    return best_start


def _window(text: str, first: int, size: int) -> tuple[int, int]:
    """A window of about `size` characters showing `first`, starting at a sentence or word."""
    # Start at the sentence the match is in when that still leaves room for it.
    lowest = max(0, first - size // 2)
    sentence = max(text.rfind(". ", lowest, first), text.rfind("\n", lowest, first))
    if sentence >= 0:
        start = sentence + 1
    elif lowest == 0:
        start = 0
    else:
        start = first - _LEAD
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    while start < first and text[start].isspace():
        start += 1
    end = min(len(text), start + size)
    if end < len(text):
        sentence = max(text.rfind(". ", start + size // 2, end), text.rfind("\n", start + size // 2, end))
        space = text.rfind(" ", start + size // 2, end)
        end = sentence + 1 if sentence > first else space if space > first else end
    return start, end


def no_results_message(result: SearchResult) -> str:
    """Why nothing was found, and what to try instead."""
    # What was typed is echoed shortened: a megabyte of it is no message.
    from painguide.i18n import _
    from painguide.textsafe import shorten

    query = shorten(result.query)
    if result.nothing_here:
        return _("No topic here answers '{query}'.").format(query=query)
    if result.common_only:
        return _(
            "'{query}' has only common words, which say nothing about a subject. "
            "Add what you want to know about, such as a treatment or a problem: "
            "painguide search massage back pain"
        ).format(query=query)
    message = _("No topic mentions '{query}'.").format(query=query)
    if result.suggestions:
        message += " " + _("Did you mean: {words}?").format(words=", ".join(result.suggestions))
    return message + " " + _("Try fewer or simpler words, or run 'painguide list' to see every topic.")
