"""The index on disk: found, checked before it is trusted, built by one process at a time.

An index is only a copy of the catalog, so anything wrong with it costs a
rebuild, never a failed command:

- It is reused only if it is ours and private, was built from this very
  catalog file by this version, and has exactly the tables this version
  makes. Once a day (when its last-use date is bumped) SQLite's
  `quick_check` reads it all; a damaged page that shows up between checks
  makes the query fail, and the `Store` then rebuilds and asks again.
- One process builds the index of a catalog at a time, holding a lock file
  in the cache directory and touching it every second while it builds.
  Others wait for it as long as it is alive (a builder of 20,000 topics in
  Spanish takes 15 s; waiting a fixed time made 20 first runs build 20
  times), then use its index; a builder whose lock has not been touched for
  LOCK_STALE seconds (stopped with Ctrl-Z, say) is not waited for: they
  build in memory for themselves rather than hang.
- It is written to a new private file (journal off: nothing to recover),
  flushed to disk and renamed into place (atomicfile), so no reader ever
  sees half an index, and an interrupted build leaves nothing behind.
- Indexes unused for 30 days and stale temporary files are removed.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import time
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from painguide import __version__
from painguide.catalog.schema import SCHEMA_FINGERPRINT
from painguide.i18n import _, ngettext
from painguide.index import cachedir, tables
from painguide.languages import SOURCE, is_source

if TYPE_CHECKING:
    from painguide.catalog.model import Catalog

# A builder touches its lock every LOCK_HEARTBEAT seconds; one whose lock is
# older than LOCK_STALE is stopped or hung, and no longer waited for.
LOCK_HEARTBEAT = 1.0
LOCK_STALE = 10.0
_POLL = 0.05


class IndexLocation(NamedTuple):
    directory: Path
    path: Path
    key: str
    language: str = SOURCE


class OpenIndex(NamedTuple):
    """An open index, and how to replace it if a query finds it damaged (None for one in memory)."""

    connection: sqlite3.Connection
    rebuild: Callable[[], sqlite3.Connection] | None


def open_index(
    path: str, use_cache: bool = True, language: str = SOURCE, environ: Mapping[str, str] | None = None
) -> OpenIndex:
    """The index of the catalog at `path` in `language`, reused if no file it is made from changed.

    The cache folder is the one `environ` (else os.environ) names.
    """
    location = _locate(path, language, environ) if use_cache else None
    if location is None:
        return OpenIndex(_in_memory(path, "", language), None)
    connection = _reuse(location)
    if connection is None:
        connection = _build(location, path)
    return OpenIndex(connection, lambda: _rebuild(location, path))


def _file_state(file: str) -> str:
    """A file's size, times and identity (they catch every edit, including a file swapped in by rename), or "absent"."""
    try:
        stat = os.stat(file)
    except (OSError, ValueError):
        return "absent"
    return ":".join(str(n) for n in (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev))


def _chain_state(files: tuple[str, ...], language: str) -> str:
    """What the index key holds of the files besides the catalog's own: the catalogs its layers
    extend, and in another language each file's translation and the compiled message catalog."""
    states = [_file_state(file) for file in files[:-1]]
    if not is_source(language):
        from painguide.catalog.beside import translation_path
        from painguide.i18n import DOMAIN, locale_dir

        # The message catalog too: the notes that mark English fields are written into the index.
        messages = locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
        states += [_file_state(translation_path(file, language)) for file in files]
        states.append(_file_state(str(messages)))
    return "/".join(states) or "-"


def _locate(path: str, language: str = SOURCE, environ: Mapping[str, str] | None = None) -> IndexLocation | None:
    from painguide.catalog.layers import chain

    # Every file a layered catalog is made of: an edit to any rebuilds the index.
    files = chain(path)
    try:
        source = os.stat(path)
        # A relative path in a deleted working directory can still be read,
        # but not named absolutely: such a catalog gets no index on disk.
        real = os.path.realpath(path)
    except (OSError, ValueError):
        return None
    directory = cachedir.private_dir(environ)
    if directory is None:
        return None
    # A file name that is not valid UTF-8 holds surrogates, which SQLite refuses.
    shown = os.fsencode(real).decode("utf-8", "backslashreplace")
    # Size, mtime and ctime in nanoseconds and the inode catch every edit,
    # including a file swapped in by rename; the version catches upgrades.
    parts = (
        # The schema fingerprint changes with any field or table change.
        SCHEMA_FINGERPRINT,
        __version__,
        # One index per language: a Spanish one also changes with its translation files.
        language,
        _chain_state(files, language),
        shown,
        source.st_size,
        source.st_mtime_ns,
        source.st_ctime_ns,
        source.st_ino,
        source.st_dev,
    )
    key = "|".join(str(part) for part in parts)
    # The name only spreads catalogs over files; the stored key decides
    # whether an index is current, so a checksum collision costs a rebuild at
    # most. zlib rather than hashlib keeps OpenSSL off the start-up path.
    name = os.fsencode(real)
    stem = f"{cachedir.INDEX_PREFIX}{zlib.crc32(name):08x}{zlib.adler32(name):08x}"
    # One file per version and layout: two installed versions used in turn
    # would otherwise rebuild one shared file at every switch. An old
    # version's index goes when it has not been used for UNUSED_DAYS.
    stem += f"-{zlib.crc32(f'{__version__}|{SCHEMA_FINGERPRINT}'.encode()):08x}"
    if not is_source(language):
        stem += f"-{language}"
    return IndexLocation(directory, directory / f"{stem}{cachedir.INDEX_SUFFIX}", key, language)


def _in_memory(path: str, key: str, language: str = SOURCE) -> sqlite3.Connection:
    from painguide.catalog.load import load_catalog

    catalog = load_catalog(path, language)
    connection = sqlite3.connect(":memory:")
    tables.fill(connection, catalog, key)
    return connection


class Damaged(Exception):
    """The index file is not what this version writes."""


def _reuse(location: IndexLocation) -> sqlite3.Connection | None:
    """A read-only connection to a current, undamaged index, or None."""
    if not cachedir.is_private(location.path):
        return None
    try:
        connection = sqlite3.connect(f"{location.path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'source'").fetchone()
        if row is None or row[0] != location.key:
            # Built from an older state of the catalog: not damaged, just stale.
            connection.close()
            return None
        _check_layout(connection, location.language)
        if cachedir.mark_used(location.path):
            _check_pages(connection)
            cachedir.prune(location.directory)
    except (sqlite3.Error, Damaged):
        connection.close()
        _discard(location)
        return None
    return connection


# Per language: its tokenizer is part of the layout (store.tokenizer).
_expected_layout: dict[str, set[tuple[str, str, str, str | None]]] = {}


def _layout(connection: sqlite3.Connection) -> set[tuple[str, str, str, str | None]]:
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
    return {(str(a), str(b), str(c), None if d is None else str(d)) for a, b, c, d in rows}


def _check_layout(connection: sqlite3.Connection, language: str) -> None:
    """Every table, column and index exactly as `tables.schema_sql` makes them (about half a millisecond)."""
    if language not in _expected_layout:
        reference = sqlite3.connect(":memory:")
        try:
            reference.executescript(tables.schema_sql(language))
            _expected_layout[language] = _layout(reference)
        finally:
            reference.close()
    if _layout(connection) != _expected_layout[language]:
        raise Damaged("the tables are not the ones this version writes")


def _check_pages(connection: sqlite3.Connection) -> None:
    # Reads every page (about 0.1 s for 20,000 topics), hence once a day only.
    result = connection.execute("PRAGMA quick_check").fetchall()
    if result != [("ok",)]:
        raise Damaged("SQLite's quick_check found damage")


def _discard(location: IndexLocation) -> None:
    with contextlib.suppress(OSError):
        os.unlink(location.path)


def _rebuild(location: IndexLocation, path: str) -> sqlite3.Connection:
    """Called by the Store when a query found the index damaged: replace it."""
    _discard(location)
    return _build(location, path)


def _build(location: IndexLocation, path: str) -> sqlite3.Connection:
    from painguide.catalog.load import load_catalog

    with _builder_lock(location) as locked:
        if locked:
            # Another process may have built it while we waited.
            connection = _reuse(location)
            if connection is not None:
                return connection
        catalog = load_catalog(path, location.language)
        if locked:
            with contextlib.suppress(OSError, sqlite3.Error):
                _write(location, catalog)
                cachedir.prune(location.directory)
                connection = _reuse(location)
                if connection is not None:
                    return connection
    connection = sqlite3.connect(":memory:")
    tables.fill(connection, catalog, location.key)
    return connection


@contextlib.contextmanager
def _builder_lock(location: IndexLocation) -> Iterator[bool]:
    """Hold the catalog's build lock; yields False if its holder stopped building without letting go."""
    if sys.platform == "win32":  # no flock; concurrent builders only cost time there
        yield True
        return
    lock_path = location.path.with_suffix(cachedir.LOCK_SUFFIX)
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(lock_path, flags, 0o600)
    except OSError:
        yield False
        return
    try:
        if not _acquire(fd):
            yield False
            return
        with _heartbeat(fd):
            yield True
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _acquire(fd: int) -> bool:
    """Take the lock, waiting while its holder is alive: it touches the lock as it builds."""
    import fcntl

    started = time.time()
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            try:
                touched = os.fstat(fd).st_mtime
            except OSError:
                return False
            # From when we started waiting, too: the holder may have taken the lock an instant ago.
            if time.time() - max(touched, started) > LOCK_STALE:
                return False
            time.sleep(_POLL)
        except OSError:
            return False


@contextlib.contextmanager
def _heartbeat(fd: int) -> Iterator[None]:
    """Mark the lock as ours and touch it every LOCK_HEARTBEAT seconds until the block ends."""
    import threading

    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, cachedir.LOCK_MARK, 0)
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(LOCK_HEARTBEAT):
            with contextlib.suppress(OSError):
                os.utime(fd)

    thread = threading.Thread(target=beat, name="painguide-lock", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _write(location: IndexLocation, catalog: Catalog) -> None:
    """Write the index to a new private file, flush it, and rename it into place."""
    from painguide.atomicfile import TempFile, open_directory

    with open_directory(str(location.directory)) as dir_fd, TempFile(dir_fd, str(location.directory)) as temp:
        connection = sqlite3.connect(temp.path)
        try:
            # A half-written temporary file is thrown away, never recovered,
            # so it needs no journal (and an interrupted build leaves no
            # -journal file behind).
            connection.execute(f"PRAGMA application_id = {cachedir.APPLICATION_ID}")  # our mark, first
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            tables.fill(connection, catalog, location.key)
        finally:
            connection.close()
        temp.commit(location.path.name, replace=True)


def _unusable(directory: Path | None, environ: Mapping[str, str]) -> str | None:
    """Why painguide keeps no index on disk, or None if the cache directory is usable."""
    if directory is None:
        setting = environ.get("PAINGUIDE_CACHE_DIR")
        if setting == "":
            return _("PAINGUIDE_CACHE_DIR is empty")
        if setting is not None and os.path.expanduser(setting).startswith("~"):
            return _("PAINGUIDE_CACHE_DIR names the home folder of a user there is no account for")
        return _("no cache directory is known (no home directory, or the current one was deleted)")
    above = cachedir.open_above(directory)
    if above is not None:
        return _(
            "{folder} is inside {above}, which another user owns or may write to (without the sticky bit), "
            "so they could swap the cache"
        ).format(folder=_shown(str(directory)), above=_shown(str(above)))
    if not os.path.lexists(directory):
        return None
    if not cachedir.is_private(directory, directory=True):
        return _("{folder} is not a private folder of yours (others may write to it)").format(
            folder=_shown(str(directory))
        )
    return None


def _shown(path: str) -> str:
    from painguide.atomicfile import shown
    from painguide.textsafe import visible

    return visible(shown(path))


def _megabytes(size: int) -> str:
    return f"{size / 1e6:.1f} MB"


def describe_cache(environ: Mapping[str, str]) -> str:
    """What `painguide cache info` prints."""
    directory = cachedir.user_cache_dir(environ)
    reason = _unusable(directory, environ)
    if directory is None or reason is not None:
        return _("No cache: {reason}; each run builds the index in memory.").format(reason=reason) + "\n"
    _require_readable(directory)
    files = cachedir.index_files(directory)
    total = sum(f.size for f in files)
    counted = ngettext("{count} index", "{count} indexes", len(files)).format(count=len(files))
    lines = [
        _("Cache: {folder}").format(folder=_shown(str(directory))),
        _("{indexes}, {size} in all; an index unused for {days} days is removed.").format(
            indexes=counted, size=_megabytes(total), days=cachedir.UNUSED_DAYS
        ),
    ]
    for index in files:
        catalog, language = _catalog_of(index.path)
        used = time.strftime("%Y-%m-%d", time.localtime(index.last_used))
        gone = "" if catalog is None or _exists(catalog) else " " + _("(the catalog is gone)")
        name = _shown(catalog) if catalog is not None else f"{index.path.name} " + _("(unreadable)")
        if catalog is not None and not is_source(language):
            name += f" ({language})"
        line = _("{size}, last used {date}").format(size=_megabytes(index.size), date=used)
        lines.append(f"- {name}: {line}{gone}")
    return "\n".join(lines) + "\n"


def _exists(shown: str) -> bool:
    """Whether the catalog an index names is still there; a name that is not UTF-8 is stored with
    its bytes escaped (\\xe1), which are read back first."""
    if os.path.exists(shown):
        return True
    if "\\x" not in shown:
        return False
    import re

    pieces = re.split(r"\\x([0-9a-f]{2})", shown)
    raw = b"".join(bytes.fromhex(piece) if n % 2 else piece.encode("utf-8") for n, piece in enumerate(pieces))
    return os.path.exists(raw)


def _require_readable(directory: Path) -> None:
    """CacheError if the cache folder's files cannot be listed: it would look empty, and is not."""
    from painguide.errors import CacheError

    reason = cachedir.unreadable(directory)
    if reason:
        raise CacheError(
            _("cannot list the files in {folder} ({reason})").format(folder=_shown(str(directory)), reason=reason)
        )


def _catalog_of(index: Path) -> tuple[str | None, str]:
    """The catalog path and language stored in an index's key, read without trusting the file further."""
    if not cachedir.is_private(index):
        return None, SOURCE
    try:
        connection = sqlite3.connect(f"{index.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None, SOURCE
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'source'").fetchone()
    except sqlite3.Error:
        return None, SOURCE
    finally:
        connection.close()
    parts = str(row[0]).split("|") if row else []
    # format|version|language|translation|path|size|mtime|ctime|inode|device; the path may hold "|".
    # Before layout 6 there was no language or translation: format|version|path|...
    layout = parts[0].split(".", 1)[0] if parts else ""
    if layout.isdigit() and int(layout) < 6:
        return ("|".join(parts[2:-5]) if len(parts) >= 8 else None), SOURCE
    return ("|".join(parts[4:-5]) if len(parts) >= 10 else None), (parts[2] if len(parts) >= 10 else SOURCE)


def clear_cache(environ: Mapping[str, str]) -> str:
    """Remove every index (what `painguide cache clear` does) and say what went; CacheError if some could not go."""
    from painguide.errors import CacheError

    directory = cachedir.user_cache_dir(environ)
    reason = _unusable(directory, environ)
    if directory is None or reason is not None:
        return _("Nothing to remove: {reason}.").format(reason=reason) + "\n"
    _require_readable(directory)
    cleared = cachedir.clear(directory)
    folder = _shown(str(directory))
    removed = ngettext("{count} index", "{count} indexes", cleared.indexes).format(count=cleared.indexes)
    if cleared.failed:
        failed = ngettext("{count} index", "{count} indexes", cleared.failed).format(count=cleared.failed)
        message = _("could not remove {indexes} from {folder} ({reason})").format(
            indexes=failed, folder=folder, reason=cleared.reason
        )
        if cleared.indexes:
            message += "; " + _("removed {indexes} ({size})").format(indexes=removed, size=_megabytes(cleared.freed))
        else:
            message += "; " + _("nothing was removed from it")
        raise CacheError(message)
    if not cleared.indexes:
        return _("The cache at {folder} holds no index.").format(folder=folder) + "\n"
    return (
        _("Removed {indexes} ({size}) from {folder}; each is rebuilt the next time its catalog is used.").format(
            indexes=removed, size=_megabytes(cleared.freed), folder=folder
        )
        + "\n"
    )
