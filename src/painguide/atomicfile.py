"""Write an output file so that it is either complete or not there at all.

The text goes to a temporary file in the same directory (so the final
rename stays on one file system), is flushed to disk, then takes the
target's name. Without `force` an existing file is never replaced, not even
one that appears while we write: the temporary file is hard-linked to the
target name, which fails if the name is taken.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from painguide.errors import OutputError


class OutputExists(OutputError):
    """The output file exists and --force was not given."""


def write_file(path: str, text: str | bytes, force: bool = False) -> None:
    target = Path(path)
    if target.is_dir():
        raise OutputError(f"cannot write {path}: it is a directory")
    if not force and os.path.lexists(target):
        raise OutputExists(f"{path} already exists; add --force to replace it")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from error
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(text.encode("utf-8") if isinstance(text, str) else text)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private; a handout is an ordinary document.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        if force:
            os.replace(temp, target)
        else:
            _link_no_replace(temp, target, path)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from error
    finally:
        if os.path.lexists(temp):
            os.unlink(temp)


def _link_no_replace(temp: str, target: Path, path: str) -> None:
    try:
        os.link(temp, target)
    except FileExistsError as error:
        raise OutputExists(f"{path} already exists; add --force to replace it") from error
    except OSError as error:
        # Some file systems (FAT, some network mounts) have no hard links;
        # fall back to a rename after checking once more.
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if os.path.lexists(target):
            raise OutputExists(f"{path} already exists; add --force to replace it") from error
        os.replace(temp, target)
