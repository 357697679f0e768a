"""Where the index lives, whether that place is safe to trust, and keeping it tidy.

The index is plain SQLite data (never pickle, never code), but we still only
read it from a directory that we own and no one else can write to.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

INDEX_PREFIX, INDEX_SUFFIX, LOCK_SUFFIX = "index-", ".sqlite3", ".lock"
# Temporary files of an index being written (atomicfile names them).
TEMP_PREFIX, TEMP_SUFFIX = ".painguide-", ".tmp"

# A name says nothing about who wrote a file: the folder may be shared, or
# PAINGUIDE_CACHE_DIR may name a folder of other things. So every file
# painguide writes there carries a mark inside it, and only a file with that
# mark, owned by us, is ever removed: an index (or its temporary file) has
# this SQLite application_id in its header (set before anything else is
# written); a build lock starts with LOCK_MARK.
APPLICATION_ID = 0x70677569  # "pgui"
LOCK_MARK = b"painguide build lock\n"
_SQLITE_HEADER = b"SQLite format 3\x00"

# Syllable counts for `check` (quality/syllables.py); `cache clear` removes them too.
SYLLABLES_NAME = "syllables.json"

UNUSED_DAYS = 30
# A temporary file this old belongs to no running build: the slowest build
# (a 64 MB catalog) takes about a minute, and a builder holds its lock.
STALE_TEMP_SECONDS = 3600
DAY = 86400


def user_cache_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """The platform's per-user cache directory for painguide, if one is known (as `environ`, else os.environ, says)."""
    env = os.environ if environ is None else environ
    override = env.get("PAINGUIDE_CACHE_DIR")
    if override is not None:
        # Relative to the current directory, as any path given on the command
        # line; named absolutely, because SQLite URIs must be. A leading ~ is
        # the home folder, as a shell would read it: a setting written where
        # no shell expands it (a service's environment file) must not make a
        # folder named "~" wherever painguide runs.
        expanded = os.path.expanduser(override)
        if expanded.startswith("~"):
            # "~nosuchuser/...": a home that does not exist is no cache folder (not a folder named
            # "~nosuchuser" wherever painguide runs); painguide runs without a cache.
            return None
        # Only spaces is no folder name (it made a folder named "  " wherever painguide ran): no cache.
        return _absolute(expanded) if override.strip() else None
    if sys.platform == "win32":
        base = env.get("LOCALAPPDATA")
        return Path(base) / "painguide" / "Cache" if base else None
    try:
        home = Path.home()
    except RuntimeError:
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "painguide"
    xdg = env.get("XDG_CACHE_HOME", "")
    return (Path(xdg) if os.path.isabs(xdg) else home / ".cache") / "painguide"


def _absolute(path: str) -> Path | None:
    try:
        return Path(os.path.abspath(path))
    except OSError:
        # The current directory was deleted: there is nothing to be relative to.
        return None


def private_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """The cache directory, created if needed, or None if it is not safe or usable."""
    path = user_cache_dir(environ)
    if path is None or not _ours_to_create(path) or open_above(path) is not None:
        return None
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Again, now that every folder on the way exists (a umask of 0 makes them open to others).
        return path if is_private(path, directory=True) and open_above(path) is None else None
    except OSError:
        return None


def open_above(path: Path) -> Path | None:
    """The first folder above `path` someone else could rename things in, or None if there is none.

    OpenSSH's rule for its own folders: each folder on the way up to /, by
    the path as written and as the links in it lead, must be owned by root
    or by us and not writable by group or others, unless it has the sticky
    bit (as /tmp), where only a file's owner may rename or remove it, or is
    ours and its group is ours alone (a user private group, as umask 002
    systems give everyone: OpenSSH would refuse that ~/.cache). Else
    another user could swap the cache folder, or a file in it, between our
    check and SQLite's open (fourth adversarial pass #1). A folder that does
    not exist yet is skipped: private_dir creates it as ours.
    """
    if not hasattr(os, "getuid"):
        return None
    uid = os.getuid()
    try:
        real = Path(os.path.realpath(path))
    except (OSError, ValueError):
        return path.parent
    for start in (path, real):
        for folder in start.parents:
            try:
                if start is path and _foreign_link(folder, uid):
                    # Someone else's symlink on the way: they can re-aim it at any time (fifth pass #4).
                    return folder
                info = os.stat(folder)
            except FileNotFoundError:
                continue
            except OSError:
                return folder
            if info.st_uid not in (0, uid):
                return folder
            if info.st_mode & stat.S_ISVTX:
                continue
            if info.st_mode & stat.S_IWOTH or (info.st_mode & stat.S_IWGRP and not _own_group(info, uid)):
                return folder
    return None


def _foreign_link(folder: Path, uid: int) -> bool:
    """Whether `folder`, as written, is a symlink that belongs to neither root nor us."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISLNK(info.st_mode) and info.st_uid not in (0, uid)


def _own_group(info: os.stat_result, uid: int) -> bool:
    """A folder of ours whose group is ours alone: umask 002 systems make ~/.cache group-writable so."""
    from painguide.catalog.beside import owners_own_group

    return info.st_uid == uid and owners_own_group(info)


def _ours_to_create(path: Path) -> bool:
    """False if creating `path` would put a folder of ours inside another user's.

    Run as root with a user's HOME (as sudo may leave it), creating
    ~/.cache/painguide would leave root-owned folders in that home, which
    the user could then not use for their own cache. The index is then built
    in memory instead.
    """
    probe = path
    while True:
        try:
            info = os.stat(probe)
        except FileNotFoundError:
            if probe.parent == probe:
                return False
            probe = probe.parent
            continue
        except OSError:
            return False
        break
    if probe == path or not hasattr(os, "geteuid"):
        return True
    return info.st_uid in (os.geteuid(), 0)


def is_private(path: Path, directory: bool = False) -> bool:
    """Owned by us (where ownership exists), not a symlink, not writable by others."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    kind_ok = stat.S_ISDIR(info.st_mode) if directory else stat.S_ISREG(info.st_mode)
    if not kind_ok:
        return False
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return False
    return not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class IndexFile(NamedTuple):
    path: Path
    size: int
    last_used: float


def owns(path: Path) -> bool:
    """A regular file of ours that carries painguide's mark (an index, its temporary file, or a lock)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (hasattr(os, "getuid") and info.st_uid != os.getuid()):
            return False
        head = os.read(fd, 100)
    except OSError:
        return False
    finally:
        os.close(fd)
    if head.startswith(LOCK_MARK):
        return path.name.endswith(LOCK_SUFFIX)
    if path.name == SYLLABLES_NAME or (path.name.startswith(TEMP_PREFIX) and path.name.endswith(TEMP_SUFFIX)):
        # The syllable counts check keeps (quality/syllables.py), and a temporary file an interrupted
        # write of them left, begin with their key.
        if head.startswith(b'{"key":'):
            return True
        if path.name == SYLLABLES_NAME:
            return False
    if not head.startswith(_SQLITE_HEADER):
        return False
    application_id = int.from_bytes(head[68:72], "big")
    return application_id == APPLICATION_ID or (application_id == 0 and _earlier_index(path))


def _earlier_index(path: Path) -> bool:
    """An index written before indexes carried a mark: its `meta` table names its source as painguide does."""
    import re
    import sqlite3

    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        row = connection.execute("SELECT value FROM meta WHERE key = 'source'").fetchone()
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    # schema layout.fingerprint|version|...
    return row is not None and re.match(r"\d+\.[0-9a-f]+\|[^|]+\|", str(row[0])) is not None


def index_files(directory: Path) -> list[IndexFile]:
    """Every index of ours in the cache directory, most recently used first."""
    found = []
    for entry in _entries(directory):
        if entry.name.startswith(INDEX_PREFIX) and entry.name.endswith(INDEX_SUFFIX):
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and owns(Path(entry.path)):
                    found.append(IndexFile(Path(entry.path), info.st_size, info.st_mtime))
    return sorted(found, key=lambda f: f.last_used, reverse=True)


def unreadable(directory: Path) -> str:
    """Why the files in `directory` cannot be listed, or "" if they can (or it does not exist yet)."""
    try:
        with os.scandir(directory):
            return ""
    except FileNotFoundError:
        return ""
    except OSError as error:
        return error.strerror or str(error)


def _entries(directory: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(directory) as it:
            return list(it)
    except OSError:
        return []


def mark_used(index: Path, now: float | None = None) -> bool:
    """Record that `index` was used today; True if it had not been yet (a daily check is due).

    The index's mtime is its last use: it is written at most once a day, so
    reading an index stays free of writes.
    """
    now = time.time() if now is None else now
    try:
        if now - os.stat(index).st_mtime < DAY:
            return False
        os.utime(index, (now, now))
    except OSError:
        return False
    return True


def _kind(name: str) -> str:
    """What painguide would have named a file so: "index", "lock", "temp", or "" for nothing of ours."""
    if name.startswith(INDEX_PREFIX) and name.endswith(INDEX_SUFFIX):
        return "index"
    if name.startswith(INDEX_PREFIX) and name.endswith(LOCK_SUFFIX):
        return "lock"
    if name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX):
        return "temp"
    if name == SYLLABLES_NAME:
        return "syllables"
    return ""


def prune(directory: Path, now: float | None = None) -> int:
    """Remove our indexes unused for UNUSED_DAYS and our stale temporary files; return how many went."""
    now = time.time() if now is None else now
    removed = 0
    for entry in _entries(directory):
        name = entry.name
        kind = _kind(name)
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        age = now - info.st_mtime
        old_index = kind == "index" and age > UNUSED_DAYS * DAY
        stale_temp = kind == "temp" and age > STALE_TEMP_SECONDS
        if (old_index or stale_temp) and owns(directory / name):
            removed += _remove(directory, name) is None
            lock = directory / (name[: -len(INDEX_SUFFIX)] + LOCK_SUFFIX)
            if old_index and owns(lock):
                _remove(directory, lock.name)
    return removed


class Cleared(NamedTuple):
    indexes: int
    freed: int
    # Indexes of ours that could not be removed, and why the first could not.
    failed: int = 0
    reason: str = ""


def clear(directory: Path) -> Cleared:
    """Remove every index, lock, temporary and syllable-count file of ours (by their mark, not their name)."""
    count = freed = failed = 0
    reason = ""
    for entry in _entries(directory):
        name = entry.name
        kind = _kind(name)
        if not kind or not owns(directory / name):
            continue
        try:
            size = entry.stat(follow_symlinks=False).st_size
        except OSError:
            continue
        error = _remove(directory, name)
        if error is None:
            count += kind == "index"
            freed += size
        elif kind == "index":
            failed += 1
            reason = reason or error
    return Cleared(count, freed, failed, reason)


def _remove(directory: Path, name: str) -> str | None:
    """None once `name` is removed, else why it could not be."""
    # unlink never follows a symlink: a planted link is removed, not its target.
    try:
        os.unlink(directory / name)
    except FileNotFoundError:
        return None
    except OSError as error:
        return error.strerror or str(error)
    return None
