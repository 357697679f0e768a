"""Write a file so that it is either complete or not there at all, safely in shared folders.

The output folder may be writable by other people (a shared clinic folder
without the sticky bit), and the cache folder may be one day. Between two
steps that name a file, someone else can swap that name for a symlink or for
their own file; a step that then follows the name (chmod, open, link) acts
on their target with our rights. So every step here works on descriptors:

- the target's folder is opened once (O_DIRECTORY) and every later step is
  relative to that descriptor, so a renamed or replaced folder path cannot
  redirect us half way;
- the temporary file is created with O_CREAT | O_EXCL | O_NOFOLLOW (never
  an existing file, never through a symlink), and its mode is set and its
  data flushed through its own descriptor (fchmod, fsync);
- it takes the target's name only after checking that its temporary name
  still refers to the very file we wrote (fstat against lstat); rename and
  link act on directory entries and never follow a symlink;
- the folder is fsynced, so the new name survives a power cut.

What can still happen in a folder others can write: they can replace the
finished file afterwards, as they could any file there. They can no longer
make us change, expose or overwrite a file of theirs choosing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator

from painguide.errors import OutputError

# "-" and /dev/stdout both mean standard output: /dev/stdout is a symlink to
# whatever stdout is, which a rename would replace rather than write to.
STDOUT_NAMES = ("-", "/dev/stdout")

# Short and fixed in length, so that a target name close to the 255-byte
# limit of most file systems still leaves room for the temporary name.
_TEMP_PREFIX = ".painguide-"
TEMP_SUFFIX = ".tmp"

_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NEW_FLAGS = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
) | getattr(os, "O_BINARY", 0)
# Windows has neither directory descriptors nor *at() calls.
_AT_CALLS = hasattr(os, "O_DIRECTORY") and {os.open, os.stat, os.rename, os.link, os.unlink} <= os.supports_dir_fd


class OutputExists(OutputError):
    """The output file exists and --force was not given."""


def is_stdout(path: str) -> bool:
    return path in STDOUT_NAMES


def shown(path: str) -> str:
    """A file name as it can appear inside a one-line message."""
    from painguide.textsafe import file_name

    return file_name(path)


def write_file(path: str, text: str | bytes, force: bool = False) -> None:
    """Write `text` (UTF-8) or bytes to `path`; an existing regular file is replaced only with `force`."""
    name = _file_name(path)
    where = shown(path)
    directory = os.path.dirname(path) or "."
    try:
        with open_directory(directory) as dir_fd:
            _check_target(dir_fd, directory, name, where, force)
            with TempFile(dir_fd, directory) as temp:
                temp.write(text.encode("utf-8") if isinstance(text, str) else text)
                umask = os.umask(0)
                os.umask(umask)
                # A handout is an ordinary document, readable as the umask allows.
                temp.commit(name, replace=force, mode=0o666 & ~umask)
    except FileExistsError as error:
        raise OutputExists(f"{where} already exists; add --force to replace it") from error
    except OSError as error:
        raise OutputError(f"cannot write {where}: {_reason(error, path)}") from error


def rewrite_file(path: str, data: bytes) -> None:
    """Replace the existing regular file at `path` with `data`, keeping its mode and owner."""
    name = _file_name(path)
    where = shown(path)
    directory = os.path.dirname(path) or "."
    try:
        with open_directory(directory) as dir_fd:
            before = _lstat(dir_fd, directory, name)
            if not stat.S_ISREG(before.st_mode):
                raise OutputError(f"cannot write {where}: it is not a regular file ({_kind(before.st_mode)})")
            with TempFile(dir_fd, directory) as temp:
                temp.write(data)
                if hasattr(os, "fchown") and (before.st_uid, before.st_gid) != (os.getuid(), os.getgid()):
                    os.fchown(temp.fd, before.st_uid, before.st_gid)
                temp.commit(name, replace=True, mode=stat.S_IMODE(before.st_mode))
    except PermissionError as error:
        raise OutputError(f"cannot write {where} and keep its owner and mode: {_reason(error, path)}") from error
    except OSError as error:
        raise OutputError(f"cannot write {where}: {_reason(error, path)}") from error


def _file_name(path: str) -> str:
    if not path:
        raise OutputError("the output file name is empty; give a file name, or - for standard output")
    name = os.path.basename(path)
    if not name:
        # "newdir/" names a folder; writing a file called "newdir" (or
        # replacing one) would not be what was asked.
        raise OutputError(f"cannot write {shown(path)}: the name ends with '/', so it names a folder, not a file")
    if name in (os.curdir, os.pardir):
        raise OutputError(f"cannot write {shown(path)}: it is a directory")
    return name


def _check_target(dir_fd: int | None, directory: str, name: str, where: str, force: bool) -> None:
    try:
        info = _lstat(dir_fd, directory, name)
    except FileNotFoundError:
        return
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"cannot write {where}: it is a directory")
    if not stat.S_ISREG(info.st_mode):
        # A device, FIFO, socket or symlink: replacing its name (what a rename
        # does) would, for /dev/null, leave a regular file in its place.
        raise OutputError(f"cannot write {where}: it is not a regular file ({_kind(info.st_mode)})")
    if not force:
        raise OutputExists(f"{where} already exists; add --force to replace it")


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISFIFO, "a pipe"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((label for test, label in kinds if test(mode)), "not a file")


def _reason(error: OSError, path: str) -> str:
    if error.errno == errno.ENOENT and not os.path.isabs(path) and not _cwd_exists():
        return "the current directory no longer exists; change to another one or give a full path"
    return error.strerror or str(error)


def _cwd_exists() -> bool:
    try:
        os.getcwd()
    except OSError:
        return False
    return True


@contextlib.contextmanager
def open_directory(directory: str) -> Iterator[int | None]:
    """A descriptor of `directory` to work relative to (None where the OS has no *at() calls)."""
    if not _AT_CALLS:
        yield None
        return
    try:
        fd = os.open(directory, _DIR_FLAGS)
    except PermissionError:
        # A drop folder (others may put files in, not list them): reading it
        # is refused, but every step here needs only a path descriptor.
        if not hasattr(os, "O_PATH"):
            raise
        fd = os.open(directory, os.O_PATH | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    try:
        yield fd
    finally:
        os.close(fd)


def _lstat(dir_fd: int | None, directory: str, name: str) -> os.stat_result:
    if dir_fd is None:
        return os.lstat(os.path.join(directory, name))
    return os.stat(name, dir_fd=dir_fd, follow_symlinks=False)


class TempFile:
    """A new, private file in a folder, renamed to its final name by `commit`, else removed."""

    def __init__(self, dir_fd: int | None, directory: str, mode: int = 0o600) -> None:
        self.dir_fd = dir_fd
        self.directory = directory
        self.fd = -1
        self.name = ""
        for _ in range(100):
            name = f"{_TEMP_PREFIX}{os.urandom(6).hex()}{TEMP_SUFFIX}"
            try:
                self.fd = self._open(name, mode)
            except FileExistsError:
                continue
            self.name = name
            break
        else:
            # Not FileExistsError: that would read as "the target exists".
            raise OSError(errno.EBUSY, "no free temporary file name in the folder")
        self._identity = _identity(os.fstat(self.fd))
        self._committed = False

    @property
    def path(self) -> str:
        """A path to the temporary file for code that must open it by name (SQLite)."""
        return os.path.join(self.directory, self.name)

    def _open(self, name: str, mode: int) -> int:
        if self.dir_fd is None:
            return os.open(os.path.join(self.directory, name), _NEW_FLAGS, mode)
        return os.open(name, _NEW_FLAGS, mode, dir_fd=self.dir_fd)

    def __enter__(self) -> TempFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]

    def commit(self, target: str, replace: bool, mode: int = 0o600) -> None:
        """Give the file its final name; without `replace` an existing name is never taken over."""
        if hasattr(os, "fchmod"):
            os.fchmod(self.fd, mode)
        os.fsync(self.fd)
        if self._still_ours():
            if replace:
                self._rename(target)
            else:
                self._link(target)
        else:
            # Someone swapped our temporary name for their own file or a
            # symlink; whatever is there now is theirs, and we take no step
            # that would give it the target's name.
            raise OSError(errno.EBUSY, "the temporary file was replaced by someone else while it was written")
        self._committed = True
        if self.dir_fd is not None:
            # The rename is durable only once the folder itself is flushed.
            with contextlib.suppress(OSError):
                os.fsync(self.dir_fd)

    def _still_ours(self) -> bool:
        try:
            return _identity(_lstat(self.dir_fd, self.directory, self.name)) == self._identity
        except FileNotFoundError:
            return False

    def _rename(self, target: str) -> None:
        if self.dir_fd is None:
            os.replace(os.path.join(self.directory, self.name), os.path.join(self.directory, target))
        else:
            os.rename(self.name, target, src_dir_fd=self.dir_fd, dst_dir_fd=self.dir_fd)

    def _link(self, target: str) -> None:
        # A hard link fails if the target name is taken, even by a file that
        # appeared while we wrote; a rename would silently replace it.
        try:
            if self.dir_fd is None:
                os.link(os.path.join(self.directory, self.name), os.path.join(self.directory, target))
            else:
                os.link(self.name, target, src_dir_fd=self.dir_fd, dst_dir_fd=self.dir_fd, follow_symlinks=False)
        except FileExistsError:
            raise
        except OSError as error:
            # Some file systems (FAT, some network mounts) have no hard links;
            # fall back to a rename after checking once more.
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise
            try:
                _lstat(self.dir_fd, self.directory, target)
            except FileNotFoundError:
                self._rename(target)
                return
            raise FileExistsError(errno.EEXIST, "File exists", target) from error
        self._unlink_own_name()

    def _unlink_own_name(self) -> None:
        with contextlib.suppress(OSError):
            if self.dir_fd is None:
                os.unlink(os.path.join(self.directory, self.name))
            else:
                os.unlink(self.name, dir_fd=self.dir_fd)

    def close(self) -> None:
        """Close the descriptor; remove the temporary name unless it was committed by rename."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        if not self._committed and self.name and self._still_ours():
            self._unlink_own_name()


def _identity(info: os.stat_result) -> tuple[int, int]:
    return (info.st_dev, info.st_ino)
