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
import re
import sqlite3
from collections.abc import Callable, Iterator
from typing import Concatenate, ParamSpec, TypeVar

from painguide.catalog.model import Catalog, CatalogInfo, Category, Core, Reference, Topic
from painguide.errors import Problem
from painguide.index.codec import from_dict, to_dict
from painguide.index.hits import MATCH_END, MATCH_START, Hit

_SCHEMA = """
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
    title, aliases, summary, key_points, tokenize = 'porter unicode61 remove_diacritics 2'
);
"""


# Column weights for bm25: a word in the title counts most.
_WEIGHTS = (10.0, 8.0, 3.0, 2.0)


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

    def _replace(self, connection: sqlite3.Connection) -> None:
        self._db.close()
        self._db = connection
        self._rebuild = None

    def close(self) -> None:
        self._db.close()

    def _meta(self, key: str) -> str:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else ""

    @_healing
    def info(self) -> CatalogInfo:
        return from_dict(CatalogInfo, json.loads(self._meta("info")))

    @_healing
    def core(self) -> Core:
        return from_dict(Core, json.loads(self._meta("core")))

    @_healing
    def warnings(self) -> list[Problem]:
        return [Problem(**item) for item in json.loads(self._meta("warnings") or "[]")]

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

    @_healing
    def search(self, words: list[str], limit: int = 20) -> list[Hit]:
        """Topics matching every word (or, failing that, any word), best first."""
        tokens = [token for word in words for token in re.findall(r"\w+", word.casefold())]
        if not tokens:
            return []
        quoted = [f'"{token}"*' for token in dict.fromkeys(tokens)]
        hits = self._match(" AND ".join(quoted), limit)
        if not hits and len(quoted) > 1:
            hits = self._match(" OR ".join(quoted), limit)
        return hits

    def _match(self, query: str, limit: int) -> list[Hit]:
        weights = ", ".join(str(w) for w in _WEIGHTS)
        marks = f"'{MATCH_START}', '{MATCH_END}', '...', 14"
        rows = self._db.execute(
            f"SELECT topics.id, topics.title, snippet(fts, 2, {marks}), snippet(fts, 3, {marks}) "
            "FROM fts JOIN topics ON topics.pos = fts.rowid "
            f"WHERE fts MATCH ? ORDER BY bm25(fts, {weights}), topics.pos LIMIT ?",
            (query, limit),
        )
        # Show the summary or key points, whichever has a match: the title
        # is printed anyway, and a snippet should show the words in context.
        return [
            Hit(topic_id, title, key_points if MATCH_START not in summary and MATCH_START in key_points else summary)
            for topic_id, title, summary, key_points in rows
        ]

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
        )


def open_store(path: str, use_cache: bool = True) -> Store:
    """An index of the catalog at `path`, reused if the file has not changed."""
    from painguide.index.indexfile import open_index

    return open_index(path, use_cache)


def _fill(connection: sqlite3.Connection, catalog: Catalog, key: str) -> None:
    from painguide.catalog.names import normalize

    with connection:
        connection.executescript(_SCHEMA)
        meta = {
            "source": key,
            "info": json.dumps(to_dict(catalog.info)),
            "core": json.dumps(to_dict(catalog.core)),
            "warnings": json.dumps([to_dict(p) for p in catalog.warnings]),
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
        connection.executemany(
            "INSERT INTO fts (rowid, title, aliases, summary, key_points) VALUES (?, ?, ?, ?, ?)",
            (
                (pos, t.title, "\n".join((*t.aliases, *t.keywords)), t.summary, "\n".join(t.key_points))
                for pos, t in enumerate(topics)
            ),
        )
