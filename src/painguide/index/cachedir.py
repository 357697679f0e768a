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
from pathlib import Path
from typing import NamedTuple

INDEX_PREFIX, INDEX_SUFFIX, LOCK_SUFFIX = "index-", ".sqlite3", ".lock"
# Temporary files of an index being written (atomicfile names them).
TEMP_PREFIX, TEMP_SUFFIX = ".painguide-", ".tmp"
# Earlier versions named their temporary files this way.
_OLD_TEMP_PREFIX = ".index-"

# Syllable counts for `check` (quality/syllables.py); `cache clear` removes them too.
SYLLABLES_NAME = "syllables.json"

UNUSED_DAYS = 30
# A temporary file this old belongs to no running build: the slowest build
# (a 64 MB catalog) takes about a minute, and a builder holds its lock.
STALE_TEMP_SECONDS = 3600
DAY = 86400


def user_cache_dir() -> Path | None:
    """The platform's per-user cache directory for painguide, if one is known."""
    override = os.environ.get("PAINGUIDE_CACHE_DIR")
    if override is not None:
        # Relative to the current directory, as any path given on the command
        # line; named absolutely, because SQLite URIs must be.
        return _absolute(override) if override else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "painguide" / "Cache" if base else None
    try:
        home = Path.home()
    except RuntimeError:
        return None
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "painguide"
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(xdg) if os.path.isabs(xdg) else home / ".cache") / "painguide"


def _absolute(path: str) -> Path | None:
    try:
        return Path(os.path.abspath(path))
    except OSError:
        # The current directory was deleted: there is nothing to be relative to.
        return None


def private_dir() -> Path | None:
    """The cache directory, created if needed, or None if it is not safe or usable."""
    path = user_cache_dir()
    if path is None or not _ours_to_create(path):
        return None
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path if is_private(path, directory=True) else None
    except OSError:
        return None


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


def index_files(directory: Path) -> list[IndexFile]:
    """Every index in the cache directory, most recently used first."""
    found = []
    for entry in _entries(directory):
        if entry.name.startswith(INDEX_PREFIX) and entry.name.endswith(INDEX_SUFFIX):
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode):
                    found.append(IndexFile(Path(entry.path), info.st_size, info.st_mtime))
    return sorted(found, key=lambda f: f.last_used, reverse=True)


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


def prune(directory: Path, now: float | None = None) -> int:
    """Remove indexes unused for UNUSED_DAYS and stale temporary files; return how many went."""
    now = time.time() if now is None else now
    removed = 0
    for entry in _entries(directory):
        name = entry.name
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        age = now - info.st_mtime
        old_index = name.startswith(INDEX_PREFIX) and name.endswith(INDEX_SUFFIX) and age > UNUSED_DAYS * DAY
        stale_temp = name.startswith((TEMP_PREFIX, _OLD_TEMP_PREFIX)) and age > STALE_TEMP_SECONDS
        if old_index or stale_temp:
            removed += _remove(directory, name)
            if old_index:
                _remove(directory, name[: -len(INDEX_SUFFIX)] + LOCK_SUFFIX)
    return removed


def clear(directory: Path) -> tuple[int, int]:
    """Remove every index, lock, temporary and syllable-count file of ours; return (indexes removed, bytes freed)."""
    count = freed = 0
    for entry in _entries(directory):
        name = entry.name
        is_index = name.startswith(INDEX_PREFIX) and name.endswith(INDEX_SUFFIX)
        ours = is_index or (name.startswith(INDEX_PREFIX) and name.endswith(LOCK_SUFFIX))
        ours = ours or name.startswith((TEMP_PREFIX, _OLD_TEMP_PREFIX)) or name == SYLLABLES_NAME
        if not ours:
            continue
        try:
            size = entry.stat(follow_symlinks=False).st_size
        except OSError:
            continue
        if _remove(directory, name):
            count += is_index
            freed += size
    return count, freed


def _remove(directory: Path, name: str) -> int:
    # unlink never follows a symlink: a planted link is removed, not its target.
    try:
        os.unlink(directory / name)
    except OSError:
        return 0
    return 1
