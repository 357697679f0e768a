"""The index's tables, and how a validated catalog fills them (the write side of `store.py`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator

from painguide.catalog import schema
from painguide.catalog.model import Catalog, Topic
from painguide.index.codec import to_dict
from painguide.languages import get as get_language

_SCHEMA_TEMPLATE = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE categories (pos INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, data TEXT NOT NULL);
CREATE TABLE refs (pos INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, data TEXT NOT NULL);
CREATE TABLE topics (
    pos INTEGER PRIMARY KEY, id TEXT UNIQUE NOT NULL, category TEXT NOT NULL,
    title TEXT NOT NULL, data TEXT NOT NULL
);
CREATE TABLE names (norm TEXT NOT NULL, topic TEXT NOT NULL, name TEXT NOT NULL);
CREATE INDEX names_norm ON names (norm);
CREATE VIRTUAL TABLE fts USING fts5(
    {columns}, tokenize = '{tokenizer}', content = ''
);
CREATE VIRTUAL TABLE names_fts USING fts5(title, names, tokenize = '{tokenizer}', content = '');
CREATE TABLE words (word TEXT PRIMARY KEY, stem TEXT NOT NULL, docs INTEGER NOT NULL, everyday INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE INDEX words_stem ON words (stem);
CREATE TABLE synonyms (pos INTEGER NOT NULL, phrase TEXT NOT NULL, first TEXT NOT NULL, stems TEXT NOT NULL,
    target TEXT NOT NULL);
CREATE INDEX synonyms_first ON synonyms (first);
CREATE TABLE dictionary (key TEXT PRIMARY KEY, words BLOB NOT NULL) WITHOUT ROWID;
"""

# Porter stemming, so that "hurts" finds "hurt"; the query side stems with
# this same tokenizer (`Store.stems`), never with a second implementation.
TOKENIZER = "porter unicode61 remove_diacritics 2"
# A language without search rules (languages.py) is matched by whole words,
# folded but never stemmed: English stems would garble its words.
PLAIN_TOKENIZER = "unicode61 remove_diacritics 2"

# One full-text row per topic, one column per patient-facing section: the
# topic fields the schema marks `searched` (a topic's other names and keywords
# share one column). The table is contentless: snippets are cut from the
# topic's stored text by painguide.index.search, in time linear in the text,
# so FTS5 never needs its own copy (its snippet() grows with the matches in
# one field). The columns are part of the schema fingerprint, so a change to
# them rebuilds every index.
FTS_COLUMNS = tuple(schema.search_weights())


def tokenizer(language: str) -> str:
    """The FTS5 tokenizer of an index in `language`."""
    return TOKENIZER if get_language(language).search_rules is not None else PLAIN_TOKENIZER


def schema_sql(language: str) -> str:
    """Every table of an index in `language`."""
    return _SCHEMA_TEMPLATE.format(columns=", ".join(FTS_COLUMNS), tokenizer=tokenizer(language))


def fill(connection: sqlite3.Connection, catalog: Catalog, key: str) -> None:
    from painguide.catalog.names import normalize

    with connection:
        # One transaction for the tables and their rows: a commit per table
        # would cost a disk sync each.
        connection.executescript("BEGIN;" + schema_sql(catalog.info.language))
        meta = {
            "source": key,
            "language": catalog.info.language,
            "info": json.dumps(to_dict(catalog.info)),
            "core": json.dumps(to_dict(catalog.core)),
            "warnings": json.dumps([to_dict(p) for p in catalog.warnings]),
            "safety_net": json.dumps([to_dict(a) for a in catalog.safety_net]),
            "layers": json.dumps([to_dict(layer) for layer in catalog.layers]),
        }
        connection.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        connection.executemany(
            "INSERT INTO categories VALUES (?, ?, ?)",
            ((pos, c.id, json.dumps(to_dict(c))) for pos, c in enumerate(catalog.categories.values())),
        )
        connection.executemany(
            "INSERT INTO refs VALUES (?, ?, ?)",
            ((pos, r.id, json.dumps(to_dict(r))) for pos, r in enumerate(catalog.references.values())),
        )
        topics = list(catalog.topics.values())
        connection.executemany(
            "INSERT INTO topics VALUES (?, ?, ?, ?, ?)",
            ((pos, t.id, t.category, t.title, json.dumps(to_dict(t))) for pos, t in enumerate(topics)),
        )
        connection.executemany(
            "INSERT INTO names VALUES (?, ?, ?)",
            (
                (normalize(name), t.id, name)
                for t in topics
                for name in dict.fromkeys((t.id, t.title, *t.aliases, *t.keywords))
            ),
        )
        _fill_search(connection, catalog, topics)


def _fill_search(connection: sqlite3.Connection, catalog: Catalog, topics: list[Topic]) -> None:
    """The full-text table, the vocabulary with stems, and the synonyms."""
    from painguide.index.search import WORD, index_columns, rules, tokens

    # Distinct space-separated pieces first: a catalog repeats its words, so
    # only these few are split into words, not the whole text.
    pieces: set[str] = set()
    language = catalog.info.language
    rule, words_tokenizer = rules(language), tokenizer(language)
    # A language whose rules stem words themselves (Spanish: Snowball) gives the index stemmed text.
    prestemmed = rule.stem_text is not None

    def stem_words(words: Iterable[str]) -> dict[str, str]:
        if rule.stem_words is not None:
            return rule.stem_words(words)
        return tokenizer_stems(connection, words, words_tokenizer)

    def text_of(text: str) -> str:
        return rule.stem_text(text) if rule.stem_text is not None else text

    def rows() -> Iterator[tuple[object, ...]]:
        for pos, topic in enumerate(topics):
            columns = index_columns(topic)
            for text in columns.values():
                pieces.update(text.split())
            yield (pos, *(text_of(columns.get(name, "")) for name in FTS_COLUMNS))

    marks = ", ".join("?" * (len(FTS_COLUMNS) + 1))
    connection.executemany(f"INSERT INTO fts (rowid, {', '.join(FTS_COLUMNS)}) VALUES ({marks})", rows())
    # What each topic is about: its title and other names, in a table of their own.
    connection.executemany(
        "INSERT INTO names_fts (rowid, title, names) VALUES (?, ?, ?)",
        ((pos, text_of(t.title), text_of("\n".join((*t.aliases, *t.keywords)))) for pos, t in enumerate(topics)),
    )
    words = {word for piece in pieces for word in WORD.findall(piece.casefold())}
    stems = stem_words(words)
    # How many topics use each stem: typo correction prefers common words.
    connection.execute("CREATE VIRTUAL TABLE temp.fts_terms USING fts5vocab(main, fts, row)")
    documents = dict(connection.execute("SELECT term, doc FROM temp.fts_terms"))
    connection.execute("DROP TABLE temp.fts_terms")
    if prestemmed:
        # A Spanish index holds Snowball stems, which the tokenizer stems once
        # more; count each Snowball stem by the term the index made of it.
        indexed = tokenizer_stems(connection, set(stems.values()), words_tokenizer)
        documents = {stem: documents.get(indexed.get(stem, stem), 0) for stem in set(stems.values())}
    from painguide.index.dictionary import is_everyday, word_list_pieces

    # The language's word list, in pieces (index/dictionary.py): a search reads one, never the whole list.
    connection.executemany("INSERT INTO dictionary VALUES (?, ?)", word_list_pieces(language))
    # Whether each word is one of the language's most used (search weighs those less): the word
    # list is read once here, when the index is built, never when a question is asked.
    connection.executemany(
        "INSERT INTO words VALUES (?, ?, ?, ?)",
        ((word, stem, documents.get(stem, 0), int(is_everyday(word, language))) for word, stem in stems.items()),
    )
    phrases = {phrase: tokens(phrase) for phrase, _ in catalog.synonyms}
    phrase_stems = stem_words({t for words in phrases.values() for t in words})
    connection.executemany(
        "INSERT INTO synonyms VALUES (?, ?, ?, ?, ?)",
        (
            (pos, phrase, keys[0], " ".join(keys), target)
            for pos, (phrase, targets) in enumerate(catalog.synonyms)
            if (keys := [phrase_stems.get(t, t) for t in phrases[phrase]])
            for target in targets
        ),
    )


def tokenizer_stems(connection: sqlite3.Connection, words: Iterable[str], tokenizer: str) -> dict[str, str]:
    """Stem words with the index's own tokenizer, through a scratch table in the temp schema.

    The temp schema is private to the connection, so this works on a
    read-only index too.
    """
    unique = list(dict.fromkeys(words))
    if not unique:
        return {}
    connection.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.stemmer USING fts5(word, tokenize = '{tokenizer}')")
    connection.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.stemmer_terms USING fts5vocab(temp, stemmer, instance)")
    try:
        connection.executemany("INSERT INTO temp.stemmer (rowid, word) VALUES (?, ?)", enumerate(unique))
        # A word the tokenizer splits in two is not one vocabulary word; keep its first part.
        rows = connection.execute("SELECT doc, term FROM temp.stemmer_terms WHERE offset = 0")
        return {unique[doc]: str(term) for doc, term in rows}
    finally:
        connection.execute("DELETE FROM temp.stemmer")
        # The INSERT opened a transaction (the sqlite3 module's implicit BEGIN);
        # left open, it holds a read lock on the index, which would stop a
        # damaged index from being rebuilt and block other writers.
        connection.commit()


def chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    # SQLite limits the parameters of one statement.
    for start in range(0, len(values), size):
        yield values[start : start + size]
