"""Read a catalog file's text safely: regular files only, bounded size, UTF-8."""

from __future__ import annotations

import codecs
import os
import stat

from painguide.errors import CatalogError, CatalogFileError, Problem
from painguide.textsafe import file_name

# A hand-written catalog is a few hundred kilobytes; 20,000 topics is about
# 20 MB. Anything past this is a mistake, and reading it would eat memory.
MAX_BYTES = 64 * 1024 * 1024


# The parser reads the file's bytes itself; checking that they are UTF-8 a
# chunk at a time never holds the whole text as a second copy (a 64 MB file
# with one emoji would be a 256 MB string).
_CHUNK = 1 << 20


def read_catalog_text(path: str) -> str:
    """Return the decoded text of the catalog at `path`, or raise a clear error."""
    return decode_catalog_bytes(read_catalog_bytes(path), path)


def read_catalog_bytes(path: str) -> bytes:
    """The bytes of the catalog at `path`, checked to be UTF-8 text (a BOM is kept), or a clear error."""
    if not path:
        raise CatalogFileError("The catalog path is empty. Give a file name, or unset PAINGUIDE_DATA.")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise CatalogFileError(f"{file_name(path)}: no such file") from None
    except PermissionError:
        raise CatalogFileError(f"{file_name(path)}: permission denied") from None
    except (OSError, ValueError) as error:
        raise CatalogFileError(f"{file_name(path)}: cannot read: {_reason(error)}") from None
    _require_regular(path, info)
    try:
        # O_NONBLOCK so that a FIFO swapped in after the stat cannot hang us.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except PermissionError:
        raise CatalogFileError(f"{file_name(path)}: permission denied") from None
    except OSError as error:
        raise CatalogFileError(f"{file_name(path)}: cannot read: {_reason(error)}") from None
    with os.fdopen(fd, "rb") as handle:
        try:
            _require_regular(path, os.fstat(handle.fileno()))
            data = handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise CatalogFileError(f"{file_name(path)}: cannot read: {_reason(error)}") from None
    if len(data) > MAX_BYTES:
        raise CatalogFileError(_too_big(path))
    check_catalog_bytes(data, path)
    return data


def check_catalog_bytes(data: bytes, path: str) -> None:
    """Raise what `decode_catalog_bytes` would, without building the text."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _CHUNK):
            decoder.decode(view[start : start + _CHUNK], final=start + _CHUNK >= len(data))
    except UnicodeDecodeError:
        decode_catalog_bytes(data, path)  # finds the first bad byte and its place
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data:
        decode_catalog_bytes(data, path)


def decode_catalog_bytes(data: bytes, path: str) -> str:
    """Decode UTF-8 (a byte-order mark is allowed); point at the first bad byte."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise CatalogError([Problem(path, 1, 1, "the file is UTF-16; save it as UTF-8")])
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _position(data, nul)
        raise CatalogError([Problem(path, line, col, "the file contains a NUL byte; is it a text file?")])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = _position(data, error.start)
        message = f"invalid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8"
        raise CatalogError([Problem(path, line, col, message)]) from None


def _require_regular(path: str, info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise CatalogFileError(f"{file_name(path)}: is a directory, not a catalog file")
    if not stat.S_ISREG(info.st_mode):
        raise CatalogFileError(f"{file_name(path)}: not a regular file")
    if info.st_size > MAX_BYTES:
        raise CatalogFileError(_too_big(path))


def _too_big(path: str) -> str:
    return f"{file_name(path)}: the file is larger than {MAX_BYTES // (1024 * 1024)} MB, the most a catalog may be"


def _position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def _reason(error: Exception) -> str:
    return getattr(error, "strerror", None) or str(error)
