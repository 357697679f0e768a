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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Concatenate, NamedTuple, ParamSpec, TypeVar

from painguide.catalog.model import Alert, Catalog, CatalogInfo, Category, Core, Layer, Reference, Topic
from painguide.errors import Problem
from painguide.index import tables
from painguide.index.codec import from_dict
from painguide.languages import SOURCE


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

    def is_word(self, word: str) -> bool:
        """Whether `word` is in the dictionary of the index's language (case and accents ignored)."""
        return self._look_up(word)[0]

    def is_everyday(self, word: str) -> bool:
        """Whether `word` is among the most used words of the index's language (index/dictionary.py)."""
        return self._look_up(word)[1]

    @_healing
    def _look_up(self, word: str) -> tuple[bool, bool]:
        from painguide.index.dictionary import look_up

        def piece(key: str) -> bytes | None:
            rows = self._db.execute("SELECT words FROM dictionary WHERE key = ?", (key,)).fetchall()
            return bytes(rows[0][0]) if rows else None

        return look_up(word, piece)

    @_healing
    def used_categories(self) -> set[str]:
        """The ids of the categories that have topics (without decoding every topic)."""
        return {category for (category,) in self._db.execute("SELECT DISTINCT category FROM topics")}

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
        self, concepts: Sequence[str], weights: Mapping[str, float], limit: int | None, weak: Sequence[bool] = ()
    ) -> list[Ranked]:
        """Topics matching any concept, best first.

        Topics matching more concepts come first, counting the `weak` ones
        (words most topics have) only among topics that match as many of
        the others; then topics with more of them in their title or other
        names (what they are about); then bm25. `concepts` are full-text
        queries, one per idea in the question; `weights` is the bm25 weight
        of each column of `tables.FTS_COLUMNS`.
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
        weights: Mapping[str, float],
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
        bm25 = ", ".join(str(float(weights[column])) for column in tables.FTS_COLUMNS)
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

        wanted = list(dict.fromkeys(words))
        # A catalog word's stem was made by the same tokenizer when the index was built, and kept in
        # the vocabulary: reading it costs less than stemming again (Snowball, for Spanish, in Python).
        found: dict[str, str] = {}
        for chunk in tables.chunks(wanted):
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(f"SELECT word, stem FROM words WHERE word IN ({marks})", chunk))
        rest = [word for word in wanted if word not in found]
        if not rest:
            return found
        stem_words = rules(self.language).stem_words
        if stem_words is not None:
            return {**found, **stem_words(rest)}
        return {**found, **tables.tokenizer_stems(self._db, rest, tables.tokenizer(self.language))}

    @_healing
    def forms(self, stems: Iterable[str]) -> dict[str, list[str]]:
        """For each stem, the words of the catalog that have it ("hurt": hurt, hurts, hurting)."""
        wanted = list(dict.fromkeys(stems))
        out: dict[str, list[str]] = {stem: [] for stem in wanted}
        for chunk in tables.chunks(wanted):
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
        for chunk in tables.chunks(list(dict.fromkeys(words))):
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
        for chunk in tables.chunks(wanted):
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


def open_store(
    path: str, use_cache: bool = True, language: str = SOURCE, environ: Mapping[str, str] | None = None
) -> Store:
    """An index of the catalog at `path` in `language`, reused if no file it is made from has changed.

    Kept in the cache folder `environ` (else os.environ) names.
    """
    from painguide.index.indexfile import open_index

    index = open_index(path, use_cache, language, environ)
    return Store(index.connection, path, index.rebuild)
