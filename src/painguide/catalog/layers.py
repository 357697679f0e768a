"""Clinic layers: a catalog file that `extends` another and gives only what it adds or replaces.

A layer's first key is `extends: bundled` or `extends: PATH` (relative to
the layer's own file); the catalog it names may itself be a layer. The chain
of files is read here from each file's first lines, without parsing YAML,
because the index key must cover every file of the chain and is computed on
every start-up. The validator then checks that the `extends` it parses is
the one read here (catalog/validate.py), so the two can never disagree.

Domain code: it raises `CatalogError` with the position of the `extends`
line, and prints nothing.
"""

from __future__ import annotations

import os
import stat

from painguide.errors import CatalogError, Problem

BUNDLED = "bundled"

# Files in one chain, the full catalog included: a clinic over a health
# system's catalog over the bundled one is three. More is a mistake.
MAX_CHAIN = 8

# Comments may come before `extends`; a header longer than this is not one.
_HEAD_BYTES = 16 * 1024


class Extends(str):
    """The value of a file's `extends:` key, with where it is written (line and column, from 1)."""

    line: int
    column: int


def extends_of(path: str) -> Extends | None:
    """The `extends:` a file begins with (after comments and blank lines), or None.

    Only a plain or quoted one-line value is read: `extends: bundled`,
    `extends: ../base.yaml`, `extends: "my catalogs/base.yaml"`. A file that
    cannot be read is left to the catalog reader, which says why.
    """
    try:
        # O_NONBLOCK and a regular file only: a FIFO given as a catalog must not hang the start-up.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        # One read of the head is enough: comments before `extends` are a few lines.
        head = os.read(fd, _HEAD_BYTES)
    except OSError:
        return None
    finally:
        os.close(fd)
    for number, raw in enumerate(head.split(b"\n"), start=1):
        line = raw.decode("utf-8", "replace")
        if number == 1:
            line = line.removeprefix("\ufeff")
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped == "---":
            continue
        return _value(line, number) if line.startswith("extends:") else None
    return None


def _value(line: str, number: int) -> Extends:
    rest = line[len("extends:") :].rstrip("\r\n")
    start = len(rest) - len(rest.lstrip())
    text = rest.strip()
    if text[:1] in ("'", '"') and text[:1] in text[1:]:
        text = text[1 : text.index(text[0], 1)]
    else:
        # A comment after a plain value: YAML needs a space before the #.
        cut = text.find(" #")
        text = (text if cut < 0 else text[:cut]).strip()
    value = Extends(text)
    value.line, value.column = number, len("extends:") + start + 1
    return value


def base_path(layer: str, extends: str) -> str:
    """The file a layer extends: the bundled catalog, or a path relative to the layer's own folder."""
    if extends == BUNDLED:
        from painguide.catalog.bundled import bundled_catalog

        return bundled_catalog()
    return os.path.join(os.path.dirname(layer), extends)


def chain(path: str) -> tuple[str, ...]:
    """Every file the catalog at `path` is made of: the full catalog first, then each layer over it.

    A catalog that extends nothing is a chain of one. A loop, a chain longer
    than MAX_CHAIN files or a base that is not there is an error at the
    `extends` line that causes it.
    """
    files = [path]
    extends = extends_of(path)
    if extends is None:
        # Most catalogs extend nothing: no path is resolved for them.
        return (path,)
    seen = {_identity(path): path}
    current = path
    while True:
        if extends is None:
            return tuple(reversed(files))
        if not extends:
            raise _error(current, extends, "give `bundled` or the path of the catalog this layer extends")
        base = base_path(current, extends)
        identity = _identity(base)
        if identity in seen:
            loop = " -> ".join([*(os.path.basename(f) for f in files), os.path.basename(seen[identity])])
            raise _error(current, extends, f"'{extends}' makes a loop ({loop}); a layer cannot extend itself")
        if len(files) >= MAX_CHAIN:
            raise _error(
                current,
                extends,
                f"'{extends}' would make a chain of more than {MAX_CHAIN} catalog files; fold some layers into one",
            )
        if not os.path.isfile(base):
            raise _error(current, extends, f"no catalog file '{extends}' (looked for {base})")
        if extends != BUNDLED:
            from painguide.catalog.beside import untrusted

            # A catalog a layer pulls in speaks for it: trusted on the layer's own terms (docs/security.md).
            reason = untrusted(path, base)
            if reason:
                raise _error(current, extends, f"'{extends}' is not used: {reason}")
        files.append(base)
        seen[identity] = base
        current = base
        extends = extends_of(current)


def _identity(path: str) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, ValueError):
        return path


def _error(path: str, extends: Extends, message: str) -> CatalogError:
    return CatalogError([Problem(path, extends.line, extends.column, f"extends: {message}")])
