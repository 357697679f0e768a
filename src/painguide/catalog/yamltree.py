"""Turn catalog text into a YAML node tree with a safe loader, keeping positions.

We compose nodes rather than construct Python objects: nodes keep the line and
column of every value (for error messages) and the tag YAML resolved, so that
`validate` can tell text from numbers, dates and booleans written bare.
"""

from __future__ import annotations

import re

import yaml

from painguide.catalog.yamlerrors import syntax_problem
from painguide.errors import CatalogError, Problem

# The C loader is about 15 times faster; the pure-Python one is the fallback
# where PyYAML was built without libyaml.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Both libyaml and PyYAML's composer recurse per nesting level; a hostile
# file nested thousands deep must be refused before it reaches them. The
# pure-Python composer uses two stack frames per level, so 200 stays far
# below Python's default recursion limit of 1000.
MAX_DEPTH = 200

# An alias needs an anchor, and an anchor is "&" before a name.
_MAYBE_ANCHOR = re.compile(r"&[^\s,\[\]{}]")


def compose(text: str, path: str) -> yaml.Node | None:
    """Return the single document's root node (None for an empty file)."""
    _check_depth(text, path)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is not None and _MAYBE_ANCHOR.search(text):
            _refuse_aliases(text, path)
        return root
    except yaml.MarkedYAMLError as error:
        raise CatalogError([syntax_problem(error, text, path, _Loader)]) from None
    except yaml.reader.ReaderError as error:
        raise CatalogError([_reader_problem(error, text, path)]) from None
    except yaml.YAMLError as error:
        message = " ".join(str(error).split())
        raise CatalogError([Problem(path, None, None, f"not valid YAML: {message}")]) from None
    finally:
        loader.dispose()


def _refuse_aliases(text: str, path: str) -> None:
    """Report the first alias where it is written.

    A composed tree only shows an alias as a node met twice, at the place of
    its anchor, which may be far from the `*name` to remove. So when the text
    may hold an anchor, parse it once more as events, which keep the place
    of each alias. (No anchor, no alias: a catalog without one costs nothing.)
    """
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            message = (
                f"anchors and aliases (&name, *name) are not allowed; write the value out instead of *{event.anchor}"
            )
            if mark is None:
                raise CatalogError([Problem(path, None, None, message)])
            raise CatalogError([Problem(path, mark.line + 1, mark.column + 1, message)])


def _reader_problem(error: yaml.reader.ReaderError, text: str, path: str) -> Problem:
    """A character YAML refuses (an escape or other control character), with its place."""
    # libyaml reports a byte offset and PyYAML a character offset; the first
    # occurrence of the refused character is the place either way, since the
    # reader stops at the first character it refuses.
    offset = text.find(chr(error.character)) if isinstance(error.character, int) else -1
    if offset < 0:
        return Problem(path, None, None, " ".join(str(error).split()))
    line_start = text.rfind("\n", 0, offset) + 1
    message = f"the character U+{error.character:04X} is not allowed in YAML; remove it"
    return Problem(path, text.count("\n", 0, offset) + 1, offset - line_start + 1, message)


def _check_depth(text: str, path: str) -> None:
    """Refuse deep nesting by a cheap over-estimate: indentation, markers and brackets.

    A node is at most twice as deep as its line's indentation (a block list
    may sit at its key's column, and each pair of levels needs one more
    space), plus one level per "- " or "? " before it on its line, plus the
    open brackets. A flow collection spanning lines counts from the line it
    opened on, whose indentation is what its depth builds on.
    """
    flow = base = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        block = 2 * (len(line) - len(stripped))
        if "-" in stripped or "?" in stripped:
            block += sum(stripped.count(marker) for marker in ("- ", "? ", "-\t", "?\t")) + 1
        if flow == 0:
            base = block
            if block > MAX_DEPTH:
                raise _too_deep(path, number, 1)
        if "[" in line or "{" in line:
            for column, char in enumerate(line, start=1):
                if char in "[{":
                    if flow == 0:
                        base = block
                    flow += 1
                    if base + flow > MAX_DEPTH:
                        raise _too_deep(path, number, column)
                elif char in "]}":
                    flow = max(0, flow - 1)
        elif flow and ("]" in line or "}" in line):
            flow = max(0, flow - line.count("]") - line.count("}"))


def _too_deep(path: str, line: int, column: int) -> CatalogError:
    message = "nested or indented too deeply; a catalog needs only a few levels"
    return CatalogError([Problem(path, line, column, message)])
