"""Read access to one validated catalog through a SQLite index.

The YAML file is the source of truth. The first time a catalog is used (or
after it changes) it is parsed, validated and written to an index in the user
cache directory; later runs read only the rows they need, which keeps `show`
and `search` flat in cost as a catalog grows. If the cache directory is
missing, read-only or not private, the index is built in memory instead: that
costs time, never correctness.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

from painguide import __version__
from painguide.catalog.model import Catalog, CatalogInfo, Category, Core, Reference, Topic
from painguide.errors import Problem
from painguide.index.cachedir import is_private, private_dir
from painguide.index.codec import (
    category_from_dict,
    core_from_dict,
    info_from_dict,
    reference_from_dict,
    to_dict,
    topic_from_dict,
)
from painguide.index.hits import MATCH_END, MATCH_START, Hit

# Bump when the table layout or the meaning of a stored value changes.
INDEX_FORMAT = 4

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


class Store:
    """Queries over one catalog's index. Build it with `open_store`."""

    def __init__(self, connection: sqlite3.Connection, path: str) -> None:
        self._db = connection
        self.path = path

    def close(self) -> None:
        self._db.close()

    def _meta(self, key: str) -> str:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else ""

    def info(self) -> CatalogInfo:
        return info_from_dict(json.loads(self._meta("info")))

    def core(self) -> Core:
        return core_from_dict(json.loads(self._meta("core")))

    def warnings(self) -> list[Problem]:
        return [Problem(**item) for item in json.loads(self._meta("warnings") or "[]")]

    def categories(self) -> list[Category]:
        rows = self._db.execute("SELECT data FROM categories ORDER BY pos")
        return [category_from_dict(json.loads(data)) for (data,) in rows]

    def topic(self, topic_id: str) -> Topic | None:
        row = self._db.execute("SELECT data FROM topics WHERE id = ?", (topic_id,)).fetchone()
        return topic_from_dict(json.loads(row[0])) if row else None

    def topics(self, category: str | None = None) -> Iterator[Topic]:
        if category is None:
            rows = self._db.execute("SELECT data FROM topics ORDER BY pos")
        else:
            rows = self._db.execute("SELECT data FROM topics WHERE category = ? ORDER BY pos", (category,))
        for (data,) in rows:
            yield topic_from_dict(json.loads(data))

    def titles(self, topic_ids: list[str]) -> dict[str, str]:
        marks = ",".join("?" * len(topic_ids))
        rows = self._db.execute(f"SELECT id, title FROM topics WHERE id IN ({marks})", topic_ids)
        return dict(rows.fetchall())

    def references(self, ref_ids: list[str] | None = None) -> dict[str, Reference]:
        if ref_ids is None:
            rows = self._db.execute("SELECT data FROM refs ORDER BY pos").fetchall()
        else:
            marks = ",".join("?" * len(ref_ids))
            rows = self._db.execute(f"SELECT data FROM refs WHERE id IN ({marks})", ref_ids).fetchall()
        found = {ref.id: ref for ref in (reference_from_dict(json.loads(data)) for (data,) in rows)}
        order = ref_ids if ref_ids is not None else list(found)
        return {ref_id: found[ref_id] for ref_id in order if ref_id in found}

    def exact_names(self, norm: str) -> list[str]:
        """Topic ids whose id, title or alias normalizes to `norm`."""
        rows = self._db.execute("SELECT DISTINCT topic FROM names WHERE norm = ?", (norm,))
        return [topic for (topic,) in rows]

    def prefix_names(self, norm: str) -> list[str]:
        """Topic ids with a name starting with `norm`, in file order."""
        rows = self._db.execute(
            "SELECT DISTINCT names.topic FROM names JOIN topics ON topics.id = names.topic "
            "WHERE names.norm >= ? AND names.norm < ? ORDER BY topics.pos",
            (norm, norm + "\U0010ffff"),
        )
        return [topic for (topic,) in rows]

    def all_names(self) -> list[tuple[str, str, str]]:
        """(normalized name, topic id, display name) for every name."""
        return [(str(a), str(b), str(c)) for a, b, c in self._db.execute("SELECT norm, topic, name FROM names")]

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
    try:
        source = os.stat(path)
    except OSError:
        source = None
    key = _source_key(path, source) if source is not None else ""
    index = _index_path(path) if use_cache and source is not None else None
    if index is not None:
        store = _reuse(index, key, path)
        if store is not None:
            return store
    from painguide.catalog.load import load_catalog

    catalog = load_catalog(path)
    if index is not None:
        with suppress(OSError, sqlite3.Error):
            _write_index_file(index, catalog, key)
            store = _reuse(index, key, path)
            if store is not None:
                return store
    connection = sqlite3.connect(":memory:")
    _fill(connection, catalog, key)
    return Store(connection, path)


def _source_key(path: str, info: os.stat_result) -> str:
    # Size, mtime and ctime in nanoseconds and the inode catch every edit,
    # including a file swapped in by rename; the version catches upgrades.
    parts = (
        INDEX_FORMAT,
        __version__,
        # A file name that is not valid UTF-8 holds surrogates, which SQLite refuses.
        os.fsencode(os.path.realpath(path)).decode("utf-8", "backslashreplace"),
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
        info.st_ino,
        info.st_dev,
    )
    return "|".join(str(part) for part in parts)


def _index_path(path: str) -> Path | None:
    directory = private_dir()
    if directory is None:
        return None
    # The name only spreads catalogs over files; the stored source key decides
    # whether an index is current, so a checksum collision costs a rebuild at
    # most. zlib rather than hashlib keeps OpenSSL off the start-up path.
    name = os.path.realpath(path).encode("utf-8", "surrogatepass")
    return directory / f"index-{zlib.crc32(name):08x}{zlib.adler32(name):08x}.sqlite3"


def _reuse(index: Path, key: str, path: str) -> Store | None:
    if not is_private(index):
        return None
    try:
        connection = sqlite3.connect(f"{index.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'source'").fetchone()
    except sqlite3.Error:
        row = None
    if row is None or row[0] != key:
        connection.close()
        return None
    return Store(connection, path)


def _write_index_file(index: Path, catalog: Catalog, key: str) -> None:
    """Write to a private temporary file, then rename: readers never see half an index."""
    import tempfile

    fd, temp = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=index.parent)
    os.close(fd)
    try:
        connection = sqlite3.connect(temp)
        try:
            _fill(connection, catalog, key)
        finally:
            connection.close()
        os.replace(temp, index)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise


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
