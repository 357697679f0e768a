"""Read access to one validated catalog through a SQLite index.

The YAML file is the source of truth. The first time a catalog is used (or
after it changes) it is parsed, validated and written to an index in the user
cache directory; later runs read only the rows they need, which keeps `show`
and `search` flat in cost as a catalog grows. If the cache directory is
missing, read-only or not private, the index is built in memory instead: that
costs time, never correctness. How the index file is found, checked and
written: `indexfile`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Concatenate, NamedTuple, ParamSpec, TypeVar

from painguide.catalog.model import Alert, Catalog, CatalogInfo, Category, Core, Layer, Reference, Topic
from painguide.errors import Problem
from painguide.index.codec import from_dict, to_dict
from painguide.languages import SOURCE
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
"""

# Porter stemming, so that "hurts" finds "hurt"; the query side stems with
# this same tokenizer (`Store.stems`), never with a second implementation.
_TOKENIZER = "porter unicode61 remove_diacritics 2"
# A language without search rules (languages.py) is matched by whole words,
# folded but never stemmed: English stems would garble its words.
_PLAIN_TOKENIZER = "unicode61 remove_diacritics 2"

# One full-text row per topic, one column per patient-facing section. The
# table is contentless: snippets are cut from the topic's stored text by
# painguide.index.search, in time linear in the text, so FTS5 never needs
# its own copy (its snippet() grows with the matches in one field).
FTS_COLUMNS = (
    "title",
    "names",
    "main_message",
    "summary",
    "key_points",
    "steps",
    "evidence",
    "what_to_expect",
    "safety",
    "urgent",
    "questions",
    "faq",
)


def tokenizer(language: str) -> str:
    """The FTS5 tokenizer of an index in `language`."""
    return _TOKENIZER if get_language(language).search_rules is not None else _PLAIN_TOKENIZER


def schema_sql(language: str) -> str:
    """Every table of an index in `language`."""
    return _SCHEMA_TEMPLATE.format(columns=", ".join(FTS_COLUMNS), tokenizer=tokenizer(language))


class Ranked(NamedTuple):
    topic_id: str
    title: str
    # For each concept of the query: does this topic match it?
    matched: tuple[bool, ...]


P = ParamSpec("P")
R = TypeVar("R")

# What a damaged index raises: SQLite's own errors, and from rows that are no
# longer the JSON we wrote, the decoding errors of json and of the codec.
_DAMAGE = (sqlite3.Error, ValueError, KeyError, TypeError, AttributeError)


def _healing(method: Callable[Concatenate[Store, P], R]) -> Callable[Concatenate[Store, P], R]:
    """Run a query; if the index turns out damaged, rebuild it once and run the query again.

    A second failure is not damage but a bug, and is raised as it is.
    """

    def guarded(self: Store, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        except _DAMAGE:
            if self._rebuild is None:
                raise
            self._replace(self._rebuild())
            return method(self, *args, **kwargs)

    guarded.__doc__, guarded.__name__ = method.__doc__, method.__name__
    return guarded


class Store:
    """Queries over one catalog's index. Build it with `open_store`."""

    def __init__(
        self, connection: sqlite3.Connection, path: str, rebuild: Callable[[], sqlite3.Connection] | None = None
    ) -> None:
        self._db = connection
        self.path = path
        self._rebuild = rebuild
        self._language: str | None = None

    def _replace(self, connection: sqlite3.Connection) -> None:
        self._db.close()
        self._db = connection
        self._rebuild = None

    def close(self) -> None:
        self._db.close()

    def _meta(self, key: str) -> str:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else ""

    @property
    def language(self) -> str:
        """The language of the indexed text (a code of languages.py): search reads words by its rules."""
        if self._language is None:
            self._language = self._meta_healed("language") or SOURCE
        return self._language

    @_healing
    def _meta_healed(self, key: str) -> str:
        return self._meta(key)

    @_healing
    def info(self) -> CatalogInfo:
        return from_dict(CatalogInfo, json.loads(self._meta("info")))

    @_healing
    def core(self) -> Core:
        return from_dict(Core, json.loads(self._meta("core")))

    @_healing
    def alerts(self) -> tuple[Alert, ...]:
        """The catalog's own safety-net alerts (painguide.safety_net adds the built-in minimum)."""
        return tuple(from_dict(Alert, item) for item in json.loads(self._meta("safety_net") or "[]"))

    @_healing
    def warnings(self) -> list[Problem]:
        return [Problem(**item) for item in json.loads(self._meta("warnings") or "[]")]

    @_healing
    def layers(self) -> tuple[Layer, ...]:
        """The files the catalog is made of, the full catalog first (catalog/layers.py)."""
        return tuple(
            Layer(item["path"], item["version"], tuple(item["defines"]))
            for item in json.loads(self._meta("layers") or "[]")
        )

    @_healing
    def categories(self) -> list[Category]:
        rows = self._db.execute("SELECT data FROM categories ORDER BY pos")
        return [from_dict(Category, json.loads(data)) for (data,) in rows]

    @_healing
    def topic(self, topic_id: str) -> Topic | None:
        row = self._db.execute("SELECT data FROM topics WHERE id = ?", (topic_id,)).fetchone()
        return from_dict(Topic, json.loads(row[0])) if row else None

    @_healing
    def topics(self, category: str | None = None) -> Iterator[Topic]:
        # Decoded in full before the first is handed out, so that damage
        # found half way is healed here rather than after some were used.
        if category is None:
            rows = self._db.execute("SELECT data FROM topics ORDER BY pos").fetchall()
        else:
            rows = self._db.execute("SELECT data FROM topics WHERE category = ? ORDER BY pos", (category,)).fetchall()
        return iter([from_dict(Topic, json.loads(data)) for (data,) in rows])

    @_healing
    def titles(self, topic_ids: list[str]) -> dict[str, str]:
        marks = ",".join("?" * len(topic_ids))
        rows = self._db.execute(f"SELECT id, title FROM topics WHERE id IN ({marks})", topic_ids)
        return dict(rows.fetchall())

    @_healing
    def references(self, ref_ids: list[str] | None = None) -> dict[str, Reference]:
        if ref_ids is None:
            rows = self._db.execute("SELECT data FROM refs ORDER BY pos").fetchall()
        else:
            marks = ",".join("?" * len(ref_ids))
            rows = self._db.execute(f"SELECT data FROM refs WHERE id IN ({marks})", ref_ids).fetchall()
        found = {ref.id: ref for ref in (from_dict(Reference, json.loads(data)) for (data,) in rows)}
        order = ref_ids if ref_ids is not None else list(found)
        return {ref_id: found[ref_id] for ref_id in order if ref_id in found}

    @_healing
    def exact_names(self, norm: str) -> list[str]:
        """Topic ids whose id, title or alias normalizes to `norm`."""
        rows = self._db.execute("SELECT DISTINCT topic FROM names WHERE norm = ?", (norm,))
        return [topic for (topic,) in rows]

    @_healing
    def prefix_names(self, norm: str) -> list[str]:
        """Topic ids with a name starting with `norm`, in file order."""
        rows = self._db.execute(
            "SELECT DISTINCT names.topic FROM names JOIN topics ON topics.id = names.topic "
            "WHERE names.norm >= ? AND names.norm < ? ORDER BY topics.pos",
            (norm, norm + "\U0010ffff"),
        )
        return [topic for (topic,) in rows]

    @_healing
    def all_names(self) -> list[tuple[str, str, str]]:
        """(normalized name, topic id, display name) for every name."""
        return [(str(a), str(b), str(c)) for a, b, c in self._db.execute("SELECT norm, topic, name FROM names")]

    # Full-text search. Queries are FTS5 expressions built by
    # painguide.index.search from words it has already split, so no user
    # text reaches the FTS5 parser unquoted.

    @_healing
    def topic_count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM topics").fetchone()[0])

    def _fts(self, query: str) -> str:
        """A query as the index's text is written: a Spanish index holds stemmed words (index/spanish.py)."""
        from painguide.index.search import rules

        stem_query = rules(self.language).stem_query
        return stem_query(query) if stem_query is not None else query

    @_healing
    def count(self, query: str) -> int:
        """How many topics match a full-text query."""
        # fetchall, not fetchone: a statement left short of its end keeps a
        # read lock, which would stop the index from healing itself.
        match = self._fts(query)
        return int(self._db.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (match,)).fetchall()[0][0])

    @_healing
    def has_match(self, query: str) -> bool:
        match = self._fts(query)
        return bool(self._db.execute("SELECT 1 FROM fts WHERE fts MATCH ? LIMIT 1", (match,)).fetchall())

    @_healing
    def rank(
        self, concepts: Sequence[str], weights: Sequence[float], limit: int | None, weak: Sequence[bool] = ()
    ) -> list[Ranked]:
        """Topics matching any concept, best first.

        Topics matching more concepts come first, counting the `weak` ones
        (words most topics have) only among topics that match as many of
        the others; then topics with more of them in their title or other
        names (what they are about); then bm25. `concepts` are full-text
        queries, one per idea in the question; `weights` has one bm25 weight
        per column of FTS_COLUMNS.
        """
        if not concepts:
            return []
        concepts = [self._fts(query) for query in concepts]
        weak = tuple(weak) or (False,) * len(concepts)
        if len(concepts) > 1 and limit is not None:
            # Topics matching every concept come first, so when there are
            # enough of them the rest need not be scored: in a large catalog
            # that skips a pass over every topic that has any of the words.
            every = self._rank(" AND ".join(f"({q})" for q in concepts), concepts, weights, limit, weak, False)
            if len(every) >= limit:
                return every
        return self._rank(" OR ".join(f"({q})" for q in concepts), concepts, weights, limit, weak, True)

    def _rank(
        self,
        match: str,
        concepts: Sequence[str],
        weights: Sequence[float],
        limit: int | None,
        weak: Sequence[bool],
        partial: bool,
    ) -> list[Ranked]:
        # Each subquery is run once and kept as a set, not per row. Title
        # matches come from the small names table, not the whole text.
        flags = []
        params: list[str] = []
        for n, query in enumerate(concepts):
            if partial and len(concepts) > 1:
                flags.append(f"(rowid IN (SELECT rowid FROM fts WHERE fts MATCH ?)) AS c{n}")
                params.append(query)
            else:
                flags.append(f"1 AS c{n}")
            flags.append(f"(rowid IN (SELECT rowid FROM names_fts WHERE names_fts MATCH ?)) AS t{n}")
            params.append(query)
        strong = " + ".join(f"c{n}" for n in range(len(concepts)) if not weak[n])
        other = " + ".join(f"c{n}" for n in range(len(concepts)) if weak[n])
        titles = " + ".join(f"t{n}" for n in range(len(concepts)))
        order = ", ".join(f"{terms} DESC" for terms in (strong, other, titles) if terms)
        columns = ", ".join(f"r.c{n}" for n in range(len(concepts)))
        bm25 = ", ".join(str(float(w)) for w in weights)
        rows = self._db.execute(
            f"SELECT topics.id, topics.title, {columns} FROM ("
            f"SELECT rowid, bm25(fts, {bm25}) AS score, {', '.join(flags)} FROM fts WHERE fts MATCH ?"
            f") AS r JOIN topics ON topics.pos = r.rowid "
            f"ORDER BY {order}, r.score, topics.pos LIMIT ?",
            (*params, match, -1 if limit is None else limit),
        )
        return [Ranked(str(row[0]), str(row[1]), tuple(bool(flag) for flag in row[2:])) for row in rows]

    # Vocabulary: every word of the indexed text, with its stem.

    @_healing
    def stems(self, words: Iterable[str]) -> dict[str, str]:
        """Each word's stem, as the index's own tokenizer makes it."""
        from painguide.index.search import rules

        stem_words = rules(self.language).stem_words
        if stem_words is not None:
            return stem_words(words)
        return _stems(self._db, words, tokenizer(self.language))

    @_healing
    def forms(self, stems: Iterable[str]) -> dict[str, list[str]]:
        """For each stem, the words of the catalog that have it ("hurt": hurt, hurts, hurting)."""
        wanted = list(dict.fromkeys(stems))
        out: dict[str, list[str]] = {stem: [] for stem in wanted}
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            for word, stem in self._db.execute(f"SELECT word, stem FROM words WHERE stem IN ({marks})", chunk):
                out[str(stem)].append(str(word))
        return out

    @_healing
    def words_starting(self, prefix: str, limit: int) -> list[str]:
        """Catalog words that begin with `prefix`, the most widely used first."""
        rows = self._db.execute(
            "SELECT word FROM words WHERE word >= ? AND word < ? ORDER BY docs DESC, word LIMIT ?",
            (prefix, prefix + "\U0010ffff", limit),
        )
        return [str(word) for (word,) in rows]

    @_healing
    def everyday(self, words: Iterable[str]) -> set[str]:
        """The catalog words among `words` that are everyday words of the language ("time", "tiempo")."""
        out: set[str] = set()
        for chunk in _chunks(list(dict.fromkeys(words))):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT word FROM words WHERE everyday = 1 AND word IN ({marks})", chunk)
            out.update(str(word) for (word,) in rows)
        return out

    @_healing
    def words_near(self, word: str, spread: int) -> list[tuple[str, int]]:
        """Catalog words that could be `word` misspelled: same first letter, similar length; with document counts."""
        first = word[:1]
        rows = self._db.execute(
            "SELECT word, docs FROM words WHERE word >= ? AND word < ? AND length(word) BETWEEN ? AND ?",
            (first, first + "\U0010ffff", len(word) - spread, len(word) + spread),
        )
        return [(str(w), int(docs)) for w, docs in rows]

    @_healing
    def names_for(self, norm: str) -> list[str]:
        """The names (title, other names, keywords) that normalize to `norm`."""
        rows = self._db.execute("SELECT DISTINCT name FROM names WHERE norm = ?", (norm,))
        return [str(name) for (name,) in rows]

    @_healing
    def synonyms(self, first_stems: Iterable[str]) -> list[tuple[str, tuple[str, ...], str]]:
        """(phrase, its stems, a catalog word it stands for) for phrases starting with one of the stems."""
        wanted = list(dict.fromkeys(first_stems))
        out: list[tuple[str, tuple[str, ...], str]] = []
        for chunk in _chunks(wanted):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT phrase, stems, target FROM synonyms WHERE first IN ({marks}) ORDER BY pos", chunk
            )
            out += [(str(phrase), tuple(str(stems).split(" ")), str(target)) for phrase, stems, target in rows]
        return out

    @_healing
    def synonym_phrases(self) -> list[str]:
        """Every phrase the synonyms map knows, in catalog order."""
        rows = self._db.execute("SELECT phrase FROM synonyms GROUP BY phrase ORDER BY min(pos)")
        return [str(phrase) for (phrase,) in rows]

    @_healing
    def catalog(self) -> Catalog:
        """The whole catalog as objects, for commands that need all of it."""
        return Catalog(
            path=self.path,
            info=self.info(),
            core=self.core(),
            categories={c.id: c for c in self.categories()},
            references=self.references(),
            topics={t.id: t for t in self.topics()},
            warnings=tuple(self.warnings()),
            synonyms=self._synonym_map(),
            safety_net=self.alerts(),
            layers=self.layers(),
        )

    @_healing
    def _synonym_map(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        grouped: dict[str, list[str]] = {}
        for phrase, target in self._db.execute("SELECT phrase, target FROM synonyms ORDER BY pos, rowid"):
            grouped.setdefault(str(phrase), []).append(str(target))
        return tuple((phrase, tuple(targets)) for phrase, targets in grouped.items())


def open_store(path: str, use_cache: bool = True, language: str = SOURCE) -> Store:
    """An index of the catalog at `path` in `language`, reused if no file it is made from has changed."""
    from painguide.index.indexfile import open_index

    return open_index(path, use_cache, language)


def _fill(connection: sqlite3.Connection, catalog: Catalog, key: str) -> None:
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
        return _stems(connection, words, words_tokenizer)

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
        indexed = _stems(connection, set(stems.values()), words_tokenizer)
        documents = {stem: documents.get(indexed.get(stem, stem), 0) for stem in set(stems.values())}
    from painguide.index.dictionary import is_everyday

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


def _stems(connection: sqlite3.Connection, words: Iterable[str], tokenizer: str) -> dict[str, str]:
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


def _chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    # SQLite limits the parameters of one statement.
    for start in range(0, len(values), size):
        yield values[start : start + size]
