"""YAML syntax errors in plain words, at the place to fix, each with a hint.

The people who edit catalogs are clinicians, not programmers: "while parsing
a block mapping did not find expected key" tells them nothing. The parser's
problem is matched by a few words that libyaml and PyYAML's pure-Python parser
both use (their phrasings differ), and anything not recognised keeps the
parser's own words.
"""

from __future__ import annotations

import yaml

from painguide.errors import Problem


def syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str, loader: type[yaml.SafeLoader]) -> Problem:
    words = " ".join(part for part in (error.context, error.problem) if part)
    mark = error.problem_mark or error.context_mark
    message, mark = _plain(words, error, text, mark, loader)
    if mark is None:
        return Problem(path, None, None, message)
    return Problem(path, mark.line + 1, mark.column + 1, message)


def _plain(
    words: str, error: yaml.MarkedYAMLError, text: str, mark: yaml.Mark | None, loader: type[yaml.SafeLoader]
) -> tuple[str, yaml.Mark | None]:
    """The message and the place to report it: where the problem is, or where what is unclosed was opened."""
    found = _char_at(text, mark)
    start = error.context_mark
    if found == "\t" or "tab character" in words or "'\\t'" in words:
        return "a tab is used here, and YAML allows only spaces for indenting; replace the tab with spaces", mark
    if "escape" in words:
        return (
            "in double quotes, a backslash starts an escape such as \\n; "
            "write \\\\ for a backslash, or use single quotes around the text",
            mark,
        )
    if "quoted scalar" in words and start is not None and ("end of stream" in words or "document" in words):
        quote = _char_at(text, start) or '"'
        return f"the quoted text that starts here is never closed; end it with {quote}", start
    opened = _runaway_quote(text, mark, loader)
    if opened is not None:
        quote = _char_at(text, opened) or '"'
        # A quote left open runs on to the next one, maybe lines later, and
        # YAML complains only where the text after that one makes no sense.
        where = f"line {mark.line + 1}" if mark is not None else "a later line"
        return (
            f"the quoted text that starts here is not closed on its line, so YAML read on to {where}; "
            f"end it with {quote}",
            opened,
        )
    for kind, closer in (("flow sequence", "]"), ("flow mapping", "}")):
        if kind in words and start is not None:
            opener = "[" if closer == "]" else "{"
            if mark is not None and mark.line != start.line:
                return f"the {opener} that starts here is never closed; end it with {closer}", start
            return (
                f"items inside {opener} {closer} are separated by commas; put text with a comma or colon in quotes",
                mark,
            )
    if "could not find expected ':'" in words and start is not None:
        return "this key has no colon after it; write it as key: value", start
    if "mapping values are not allowed" in words:
        return _colon_in_text(text, mark), mark
    if "expected key" in words or ("block mapping" in words and "block end" in words):
        if found == "-":
            return "a list item cannot start here, among keys; put it, indented, under a key that holds a list", mark
        closer = _closed_before(text, mark)
        if closer:
            inside = "quotes" if closer in "\"'" else "brackets"
            return f"text follows the closing {closer}; put all of the text inside the {inside}", mark
        return (
            "this line is not lined up with the lines around it; "
            "indent it by the same number of spaces as the keys it belongs with",
            mark,
        )
    if "'-' indicator" in words or ("block collection" in words and "block end" in words):
        return (
            "this line breaks the list above it: every item starts with '- ' at the same indent, "
            "and a key after the list lines up with the key the list belongs to",
            mark,
        )
    if "sequence entries are not allowed" in words:
        return "a list item cannot start on the same line as its key; start it on the next line, indented", mark
    if "another document" in words:
        return "a line '---' starts a second document, and a catalog is one document; remove that line", mark
    if "indentation indicator" in words or "chomping" in words:
        return (
            "after | or > write nothing else on the line; put the text on the lines below, indented",
            mark,
        )
    if "alias" in words or "anchor" in words:
        # The problem is the character after & or *; the value starts at the & or * itself.
        begins = start if start is not None and "anchor" in words else mark
        return f"a value cannot start with {_char_at(text, begins) or '& or *'}; {_quote_rest(text, begins)}", mark
    if "cannot start any token" in words or "node content" in words or "mapping keys are not allowed" in words:
        return f"a value cannot start with {found or 'this character'}; {_quote_rest(text, mark)}", mark
    if "directive" in words or "incompatible YAML document" in words:
        return "a catalog needs no lines that start with % (YAML directives); remove this line", mark
    if "tag" in words:
        return "a catalog needs no tags (! before a value); remove it, or put text that starts with ! in quotes", mark
    return f"not valid YAML: {words or 'the parser gave no reason'}", mark


def _char_at(text: str, mark: yaml.Mark | None) -> str:
    line = _line(text, mark)
    return line[mark.column : mark.column + 1] if mark is not None else ""


def _line(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.split("\n", mark.line + 1)
    return lines[mark.line] if mark.line < len(lines) else ""


def _runaway_quote(text: str, mark: yaml.Mark | None, loader: type[yaml.SafeLoader]) -> yaml.Mark | None:
    """Where a quoted text began, if one ran over several lines and ended on the problem's line."""
    if mark is None:
        return None
    try:
        for token in yaml.scan(text, Loader=loader):
            end = token.end_mark
            if end.line > mark.line or (end.line == mark.line and end.column > mark.column):
                break
            multiline = token.start_mark.line < end.line
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and multiline
                and end.line == mark.line
            ):
                began: yaml.Mark = token.start_mark
                return began
    except yaml.YAMLError:
        pass
    return None


def _closed_before(text: str, mark: yaml.Mark | None) -> str:
    """The closing quote or bracket just before `mark` on its line, if any."""
    before = _line(text, mark)[: mark.column].rstrip() if mark is not None else ""
    return before[-1] if before and before[-1] in "\"']}" else ""


def _colon_in_text(text: str, mark: yaml.Mark | None) -> str:
    line = _line(text, mark)
    column = mark.column if mark is not None else 0
    key, sep, value = line[:column].partition(": ")
    if sep and key.strip(" -") and value.strip():
        whole = f"{value.strip()}{line[column:].rstrip()}"
        return f"a colon and a space inside text make YAML read a new key; {_quote(whole)}"
    return (
        "a key cannot start here; check that the line above has its colon (key: value) "
        "and that this line lines up with the keys it belongs with"
    )


def _quote_rest(text: str, mark: yaml.Mark | None) -> str:
    """A suggestion to quote the value that starts at `mark` (the rest of its line)."""
    rest = _line(text, mark)[mark.column :].rstrip() if mark is not None else ""
    if any(char in rest for char in "[]{},#"):
        return "put the text in quotes"
    return _quote(rest)


def _quote(value: str) -> str:
    # A shortened or escaped value would be a wrong suggestion, so those get none.
    if not value or len(value) > 60 or '"' in value or "\\" in value or not value.isprintable():
        return "put the text in quotes"
    return f'put it in quotes: "{value}"'
