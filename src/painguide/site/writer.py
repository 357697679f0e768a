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
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable

from painguide.atomicfile import TempFile, shown
from painguide.errors import OutputError

MARKER = ".painguide-site"
_SUB_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def write_tree(directory: str, files: Iterable[tuple[str, bytes]], force: bool = False) -> int:
    """Write each (relative path, bytes) under `directory`; return how many files were written."""
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
    count = 0
    try:
        entries = os.listdir(root)
        if entries and MARKER not in entries and not force:
            raise OutputError(
                f"{where} is not empty and holds no painguide site; choose an empty folder, or add --force"
            )
        _write(root, directory, MARKER, b"This folder holds a site written by `painguide site`.\n")
        for path, data in files:
            parent, _sep, name = path.rpartition("/")
            _write(_folder(folders, directory, parent), os.path.join(directory, parent), name, data)
            count += 1
    except OSError as error:
        raise OutputError(f"cannot write the site to {where}: {error.strerror or error}") from error
    finally:
        for fd in folders.values():
            os.close(fd)
    return count


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
