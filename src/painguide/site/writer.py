"""Write a tree of files into a folder without following any symlink planted inside it.

The folder named on the command line is the person's own choice and is
opened as given. Below it every step works relative to directory
descriptors: a subfolder is created with mkdirat and opened with
O_NOFOLLOW, so a symlink someone planted in its place (`en -> /etc`) is
refused, not followed; each file is written by `atomicfile.TempFile` and
renamed over its name, and a rename replaces a planted symlink itself,
never its target.

A folder that is not empty and holds no site written by painguide is
refused without --force, so `-o ~` cannot scatter files into a home folder.

The marker file (`.painguide-site`) is also the manifest: the files the last
run wrote, one a line. A run removes the files the old manifest lists and it
no longer writes (a withdrawn topic, a dropped translation's whole tree),
and folders that leaves empty, so withdrawn medical text is not left
published; it never removes anything else (a file the clinic added, a file
a folder without a manifest holds). The manifest is rewritten atomically
before any page is written (old and new files) and after the removals (new
only), so a run cut short never forgets a file it wrote.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from painguide.atomicfile import TempFile, shown
from painguide.errors import OutputError

MARKER = ".painguide-site"
MANIFEST_HEADER = "# A site written by `painguide site`; the files it wrote, one a line (see docs/deploy.md).\n"
# A manifest is a list of page names; anything longer is not one painguide wrote.
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
_SUB_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class Written(NamedTuple):
    wrote: int
    # Files an earlier run wrote that this one does not, removed.
    removed: int = 0


def write_tree(
    directory: str, files: Iterable[tuple[str, bytes]], force: bool = False, listed: Sequence[str] = ()
) -> Written:
    """Write each (relative path, bytes) under `directory`, `listed` naming them beforehand (so that a run
    cut short leaves them in the manifest); then remove the files the old manifest lists that were not written.
    """
    where = shown(directory)
    if not directory:
        raise OutputError("the output folder name is empty; give a folder, e.g. -o site")
    try:
        with contextlib.suppress(FileExistsError):
            os.mkdir(directory, 0o755)
        root = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except NotADirectoryError:
        raise OutputError(f"cannot write the site to {where}: it is not a folder") from None
    except OSError as error:
        raise OutputError(f"cannot write the site to {where}: {error.strerror or error}") from error
    folders: dict[str, int] = {"": root}
    count = removed = 0
    try:
        entries = os.listdir(root)
        if entries and MARKER not in entries and not force:
            raise OutputError(
                f"{where} is not empty and holds no painguide site; choose an empty folder, or add --force"
            )
        old = _manifest(root) if MARKER in entries else []
        _write(root, directory, MARKER, _manifest_bytes([*old, *listed]))
        wrote: list[str] = []
        for path, data in files:
            parent, _sep, name = path.rpartition("/")
            _write(_folder(folders, directory, parent), os.path.join(directory, parent), name, data)
            wrote.append(path)
        count = len(wrote)
        kept = set(wrote)
        removed = _remove(root, [path for path in old if path not in kept])
        _write(root, directory, MARKER, _manifest_bytes(wrote))
    except OSError as error:
        raise OutputError(f"cannot write the site to {where}: {error.strerror or error}") from error
    finally:
        for fd in folders.values():
            os.close(fd)
    return Written(count, removed)


def _listable(path: str) -> bool:
    """A relative path of plain names that a manifest line can hold and that stays inside the folder."""
    parts = path.split("/")
    return (
        all(part not in ("", ".", "..") for part in parts)
        and not any(char in path for char in "\\\n\r\0")
        and path != MARKER
        and not path.startswith("#")
    )


def _manifest_bytes(paths: Iterable[str]) -> bytes:
    listed = (path for path in dict.fromkeys(paths) if _listable(path))
    return (MANIFEST_HEADER + "".join(f"{path}\n" for path in listed)).encode("utf-8")


def _manifest(root: int) -> list[str]:
    """The files the folder's manifest lists; none if it is not one painguide wrote (an older marker, say)."""
    try:
        fd = os.open(MARKER, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0), dir_fd=root)
    except OSError:
        return []
    with os.fdopen(fd, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode) or not _ours(os.fstat(file.fileno())):
            return []
        data = file.read(MAX_MANIFEST_BYTES + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return []
    if len(data) > MAX_MANIFEST_BYTES or not text.startswith(MANIFEST_HEADER):
        return []
    return [line for line in text[len(MANIFEST_HEADER) :].split("\n") if _listable(line)]


def _ours(info: os.stat_result) -> bool:
    """Whether a manifest is one only we (or root) could have written: in a folder others may write to,
    another user could put one there listing our files, and a run would delete them (fifth pass)."""
    if info.st_uid not in (os.geteuid(), 0) or info.st_mode & stat.S_IWOTH:
        return False
    return not info.st_mode & stat.S_IWGRP or info.st_gid == os.getegid()


def _remove(root: int, paths: list[str]) -> int:
    """Remove each listed regular file, never through a symlink, then the folders that leaves empty."""
    removed = 0
    emptied: set[str] = set()
    for path in paths:
        parent, _sep, name = path.rpartition("/")
        fd = _existing_folder(root, parent)
        if fd is None:
            continue
        try:
            info = os.stat(name, dir_fd=fd, follow_symlinks=False)
            if stat.S_ISREG(info.st_mode):
                os.unlink(name, dir_fd=fd)
                removed += 1
                emptied.add(parent)
        except FileNotFoundError:
            pass
        finally:
            if fd != root:
                os.close(fd)
    # Deepest first, so that a folder emptied of its last subfolder goes too (es/topics, then es).
    folders = {"/".join(path.split("/")[:depth]) for path in emptied if path for depth in range(1, path.count("/") + 2)}
    for folder in sorted(folders, key=lambda path: path.count("/"), reverse=True):
        parent, _sep, name = folder.rpartition("/")
        fd = _existing_folder(root, parent)
        if fd is None:
            continue
        try:
            os.rmdir(name, dir_fd=fd)
        except OSError as error:
            # A folder that still holds something (a file the clinic added) stays.
            if error.errno not in (errno.ENOTEMPTY, errno.EEXIST, errno.ENOENT, errno.ENOTDIR):
                raise
        finally:
            if fd != root:
                os.close(fd)
    return removed


def _existing_folder(root: int, path: str) -> int | None:
    """A descriptor of the existing folder `path` under `root`, opened without following a symlink; None if
    it is gone or not a folder. The caller closes it unless it is `root`."""
    fd = root
    for name in path.split("/") if path else ():
        try:
            child = os.open(name, _SUB_FLAGS, dir_fd=fd)
        except OSError:
            child = -1
        if fd != root:
            os.close(fd)
        if child < 0:
            return None
        fd = child
    return fd


def _folder(folders: dict[str, int], directory: str, path: str) -> int:
    """The descriptor of `path` (relative, "/"-separated), created as needed, never through a symlink."""
    if path in folders:
        return folders[path]
    parent, _sep, name = path.rpartition("/")
    parent_fd = _folder(folders, directory, parent)
    if name in ("", ".", "..") or "\\" in name:
        raise OutputError(f"refusing to write outside {shown(directory)}: {shown(path)}")
    with contextlib.suppress(FileExistsError):
        os.mkdir(name, 0o755, dir_fd=parent_fd)
    try:
        fd = os.open(name, _SUB_FLAGS, dir_fd=parent_fd)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            info = os.stat(name, dir_fd=parent_fd, follow_symlinks=False)
            kind = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a folder"
            raise OutputError(
                f"cannot write the site: {shown(os.path.join(directory, path))} is {kind}; remove it and run again"
            ) from None
        raise
    folders[path] = fd
    return fd


def _write(dir_fd: int, folder: str, name: str, data: bytes) -> None:
    try:
        info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"cannot write {shown(os.path.join(folder, name))}: it is a folder")
    with TempFile(dir_fd, folder) as temp:
        temp.write(data)
        umask = os.umask(0)
        os.umask(umask)
        # A rename replaces whatever has the name (a planted symlink too) and follows nothing.
        temp.commit(name, replace=True, mode=0o666 & ~umask)
