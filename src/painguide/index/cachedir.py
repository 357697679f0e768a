"""Where the index lives, and whether that place is safe to trust.

The index is plain SQLite data (never pickle, never code), but we still only
read it from a directory that we own and no one else can write to.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path


def user_cache_dir() -> Path | None:
    """The platform's per-user cache directory for painguide, if one is known."""
    override = os.environ.get("PAINGUIDE_CACHE_DIR")
    if override is not None:
        return Path(override) if override else None
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


def private_dir() -> Path | None:
    """The cache directory, created if needed, or None if it is not safe or usable."""
    path = user_cache_dir()
    if path is None:
        return None
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path if is_private(path, directory=True) else None
    except OSError:
        return None


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
