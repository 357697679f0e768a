"""Turn catalog text into a YAML node tree with a safe loader, keeping positions.

We compose nodes rather than construct Python objects: nodes keep the line and
column of every value (for error messages) and the tag YAML resolved, so that
`validate` can tell text from numbers, dates and booleans written bare.
"""

from __future__ import annotations

import yaml

from painguide.errors import CatalogError, Problem

# The C loader is about 15 times faster; the pure-Python one is the fallback
# where PyYAML was built without libyaml.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Both libyaml and PyYAML's composer recurse per nesting level; a hostile
# file nested thousands deep must be refused before it reaches them.
MAX_DEPTH = 200


def compose(text: str, path: str) -> yaml.Node | None:
    """Return the single document's root node (None for an empty file)."""
    _check_depth(text, path)
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise CatalogError([_problem(error, path)]) from None
    except yaml.YAMLError as error:
        raise CatalogError([Problem(path, None, None, f"not valid YAML: {error}")]) from None
    finally:
        loader.dispose()


def _problem(error: yaml.MarkedYAMLError, path: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    message = " ".join(part for part in (error.context, error.problem) if part) or "not valid YAML"
    if "found character '\\t'" in message or "found a tab character" in message:
        message += " (use spaces, not tabs, to indent)"
    if mark is None:
        return Problem(path, None, None, message)
    return Problem(path, mark.line + 1, mark.column + 1, message)


def _check_depth(text: str, path: str) -> None:
    """Refuse deep nesting by a cheap over-estimate: brackets and indentation."""
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        # Block nesting of more than MAX_DEPTH levels needs this much indentation
        # or this many "- " markers on one line.
        if indent > MAX_DEPTH * 2 or stripped.count("- ") > MAX_DEPTH:
            raise CatalogError([Problem(path, number, 1, f"nested more than {MAX_DEPTH} levels deep")])
        if "[" in line or "{" in line:
            for column, char in enumerate(line, start=1):
                if char in "[{":
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise CatalogError([Problem(path, number, column, f"nested more than {MAX_DEPTH} levels deep")])
                elif char in "]}":
                    depth = max(0, depth - 1)
        elif depth and ("]" in line or "}" in line):
            depth = max(0, depth - line.count("]") - line.count("}"))
