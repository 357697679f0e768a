"""Turn catalog text into a YAML node tree with a safe loader, keeping positions.

We compose nodes rather than construct Python objects: nodes keep the line and
column of every value (for error messages) and the tag YAML resolved, so that
`validate` can tell text from numbers, dates and booleans written bare.
"""

from __future__ import annotations

import re
from typing import NoReturn, Protocol, cast

import yaml

from painguide.catalog.yamlerrors import syntax_problem
from painguide.errors import CatalogError, Problem

# The C loader is about 15 times faster; the pure-Python one is the fallback
# where PyYAML was built without libyaml.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# A catalog needs six levels; nothing recursive ever sees the tree (it is
# built from parser events in a loop), so this bounds only nonsense.
MAX_DEPTH = 200
TOO_DEEP = "nested or indented too deeply; a catalog needs only a few levels"

# Every key, text and list is a node of about 200 bytes, however short its
# text: 59 MB of one-letter list items would be 15 million nodes and 12 GB.
# 20,000 realistic topics (25 MB) are about 930,000 nodes; this admits half
# as many again and keeps the tree under about 300 MB for any file.
MAX_NODES = 1_500_000

# A lone surrogate is half of a UTF-16 pair, not a character: PyYAML's
# pure-Python parser turns the escape "\ud800" into one, which nothing can
# encode (libyaml refuses the escape itself).
_SURROGATE = re.compile("[\ud800-\udfff]")

# Keys repeat in every topic and ids in every list that cites them; one
# copy of each short text serves them all. Bounded, so that a file of
# distinct texts does not pay for a table it gains nothing from.
_SHARED = 1 << 16


class _Positioned:
    """A node that is its own mark: `node.start_mark.line` is `node.line`.

    PyYAML gives each node two marks of six attributes each; with a million
    nodes that is most of the memory. Only the start's line and column are
    ever read, so they live on the node, which answers for its marks with
    what an empty yaml.Mark would say about the rest.
    """

    __slots__ = ()
    name = "<catalog>"
    index = 0
    buffer = None
    pointer = 0
    line: int
    column: int

    @property
    def start_mark(self) -> yaml.Mark:
        # Duck-typed: it has every attribute and method of a yaml.Mark that anything reads.
        return cast(yaml.Mark, self)

    @start_mark.setter
    def start_mark(self, mark: yaml.Mark) -> None:
        raise AttributeError("a composed node keeps the position it was read at")

    @property
    def end_mark(self) -> yaml.Mark:
        return cast(yaml.Mark, self)

    @end_mark.setter
    def end_mark(self, mark: yaml.Mark) -> None:
        raise AttributeError("a composed node keeps the position it was read at")

    def get_snippet(self) -> None:
        return None


class _Scalar(_Positioned, yaml.ScalarNode):
    __slots__ = ("tag", "value", "style", "line", "column")

    def __init__(self, tag: str, value: str, style: str | None, line: int, column: int) -> None:
        self.tag, self.value, self.style, self.line, self.column = tag, value, style, line, column


class _Sequence(_Positioned, yaml.SequenceNode):
    __slots__ = ("tag", "value", "flow_style", "line", "column")

    def __init__(self, tag: str, flow_style: bool | None, line: int, column: int) -> None:
        self.tag, self.value, self.flow_style, self.line, self.column = tag, [], flow_style, line, column


class _Mapping(_Positioned, yaml.MappingNode):
    __slots__ = ("tag", "value", "flow_style", "line", "column")

    def __init__(self, tag: str, flow_style: bool | None, line: int, column: int) -> None:
        self.tag, self.value, self.flow_style, self.line, self.column = tag, [], flow_style, line, column


def compose(source: str | bytes, path: str) -> yaml.Node | None:
    """Return the single document's root node (None for an empty file).

    Bytes (UTF-8, already checked) are what a file gives: libyaml reads them
    as they are, where text would first be copied into UTF-8 again.
    """
    loader = _loader(source, path)
    try:
        return _Composer(loader, path).single_node()
    except yaml.MarkedYAMLError as error:
        # The traceback holds the half-built tree; let it go before the message is made.
        error.__traceback__ = None
        raise CatalogError([_syntax_problem(error, source, path)]) from None
    except yaml.reader.ReaderError as error:
        error.__traceback__ = None
        raise CatalogError([_reader_problem(error, source, path)]) from None
    except yaml.YAMLError as error:
        message = " ".join(str(error).split())
        raise CatalogError([Problem(path, None, None, f"not valid YAML: {message}")]) from None
    finally:
        loader.dispose()


# No value can be longer than a field may be (catalog.validate allows 5,000
# characters), so a token this long is refused as it is read. libyaml holds
# a long text in one buffer; PyYAML's pure-Python scanner keeps each word as
# a string of its own until the text ends, 20 times the text's size (a
# one-line 60 MB text took 1.1 GB before this bound).
MAX_TOKEN_CHARS = 100_000


def _loader(source: str | bytes, path: str) -> yaml.SafeLoader:
    if not issubclass(_Loader, yaml.reader.Reader):
        return _Loader(source)
    loader = _bounded(_Loader)(source)
    loader.painguide_path = path  # type: ignore[attr-defined]
    return loader


_BOUNDED: dict[type[yaml.SafeLoader], type[yaml.SafeLoader]] = {}


def _bounded(base: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """The pure-Python loader with a cap on the characters of one token."""
    if base not in _BOUNDED:

        class Bounded(base):  # type: ignore[valid-type, misc]
            token_start = 0
            token_mark = (0, 0)

            def scan_to_next_token(self) -> None:
                self._start_token()  # a comment counts as one, too
                super().scan_to_next_token()
                self._start_token()

            def _start_token(self) -> None:
                self.token_start, self.token_mark = self.index, (self.line, self.column)

            def forward(self, length: int = 1) -> None:
                super().forward(length)
                if self.index - self.token_start > MAX_TOKEN_CHARS:
                    line, column = self.token_mark
                    raise CatalogError([Problem(self.painguide_path, line + 1, column + 1, _too_long())])

        _BOUNDED[base] = Bounded
    return _BOUNDED[base]


def _too_long() -> str:
    return (
        f"more than {MAX_TOKEN_CHARS:,} characters of one value or comment start here; "
        "nothing in a catalog is that long"
    )


class _Events(Protocol):
    """The parts of a PyYAML loader the composer uses (the stubs leave them untyped)."""

    def get_event(self) -> yaml.Event: ...

    def check_event(self, *choices: type[yaml.Event]) -> bool: ...

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: bool | tuple[bool, bool]) -> str: ...


class _Composer:
    """PyYAML's composer without recursion, aliases or unbounded size.

    Nodes are built from the parser's events in a loop with an explicit
    stack, so depth is counted as it really is (brackets inside quotes are
    text, not nesting) and no Python recursion limit is ever near, whichever
    parser runs. An alias is refused where it is written. The number of
    nodes is capped (MAX_NODES); each node is its own mark, and short texts
    (keys above all) and line numbers are shared between nodes.
    """

    def __init__(self, loader: yaml.SafeLoader, path: str) -> None:
        self.loader = cast(_Events, loader)
        self.path = path

    def single_node(self) -> yaml.Node | None:
        loader = self.loader
        loader.get_event()  # stream start
        root = None
        if not loader.check_event(yaml.StreamEndEvent):
            loader.get_event()  # document start
            root = self._document()
            loader.get_event()  # document end
            if not loader.check_event(yaml.StreamEndEvent):
                self._refuse(
                    loader.get_event(),
                    "a line '---' starts a second document, and a catalog is one document; remove that line",
                )
        loader.get_event()  # stream end
        return root

    def _document(self) -> yaml.Node:
        get_event, resolve = self.loader.get_event, self.loader.resolve
        shared: dict[str, str] = {}
        last_line = -1
        count = 0
        # Open collections, each with the key node waiting for its value (mappings only).
        stack: list[tuple[yaml.CollectionNode, list[yaml.Node]]] = []
        while True:
            event = get_event()
            kind = type(event)
            if kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                done = stack.pop()[0]
                if not stack:
                    return done
                continue
            start = event.start_mark
            line, column = (start.line, start.column) if start is not None else (0, 0)
            if line == last_line:
                line = last_line  # the same int object: one per line, not one per node
            last_line = line
            node: yaml.Node
            if kind is yaml.ScalarEvent:
                assert isinstance(event, yaml.ScalarEvent)
                value = event.value
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(yaml.ScalarNode, value, event.implicit)
                if len(value) <= 32 and (len(shared) < _SHARED or value in shared):
                    value = shared.setdefault(value, value)
                elif len(value) > MAX_TOKEN_CHARS:
                    self._refuse(event, _too_long())
                if not value.isascii() and _SURROGATE.search(value):
                    self._refuse(event, _surrogate_message(value))
                node = _Scalar(tag, value, event.style, line, column)
            elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
                assert isinstance(event, yaml.CollectionStartEvent)
                if len(stack) >= MAX_DEPTH:
                    self._refuse(event, TOO_DEEP)
                tag = event.tag
                if kind is yaml.SequenceStartEvent:
                    if tag is None or tag == "!":
                        tag = resolve(yaml.SequenceNode, None, event.implicit)
                    node = _Sequence(tag, event.flow_style, line, column)
                else:
                    if tag is None or tag == "!":
                        tag = resolve(yaml.MappingNode, None, event.implicit)
                    node = _Mapping(tag, event.flow_style, line, column)
            elif kind is yaml.AliasEvent:
                assert isinstance(event, yaml.AliasEvent)
                self._refuse(
                    event,
                    "anchors and aliases (&name, *name) are not allowed; "
                    f"write the value out instead of *{event.anchor}",
                )
            else:  # pragma: no cover - the parser emits nothing else inside a document
                self._refuse(event, f"not valid YAML: unexpected {kind.__name__}")
            count += 1
            if count > MAX_NODES:
                self._refuse(
                    event,
                    f"the catalog has more than {MAX_NODES:,} values (keys, texts and lists), "
                    "the most painguide reads; split it into smaller catalogs",
                )
            if not stack:
                if isinstance(node, yaml.ScalarNode):
                    return node
            else:
                parent, pending = stack[-1]
                if isinstance(parent, yaml.SequenceNode):
                    parent.value.append(node)
                elif pending:
                    parent.value.append((pending.pop(), node))
                else:
                    pending.append(node)
            if isinstance(node, yaml.CollectionNode):
                stack.append((node, []))

    def _refuse(self, event: yaml.Event, message: str) -> NoReturn:
        mark = event.start_mark
        if mark is None:
            raise CatalogError([Problem(self.path, None, None, message)])
        raise CatalogError([Problem(self.path, mark.line + 1, mark.column + 1, message)])


def _surrogate_message(value: str) -> str:
    found = _SURROGATE.search(value)
    code = ord(found.group()) if found else 0xD800
    return (
        f"the text holds U+{code:04X}, half of a UTF-16 surrogate pair, which is not a character; "
        "write the character itself (or escape it as \\U followed by 8 hex digits)"
    )


def _syntax_problem(error: yaml.MarkedYAMLError, source: str | bytes, path: str) -> Problem:
    """A syntax error in plain words (catalog/yamlerrors.py), at the place that needs fixing."""
    if "exceeded maximum nesting depth" in " ".join(part for part in (error.context, error.problem) if part):
        # libyaml's own limit (1,000 open brackets) can come before ours.
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        return Problem(path, line, column, TOO_DEEP)
    if "invalid Unicode character escape code" in (error.problem or ""):
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        message = (
            "the escape here names no character (half of a UTF-16 surrogate pair is not one); "
            "write the character itself (or escape it as \\U followed by 8 hex digits)"
        )
        return Problem(path, line, column, message)
    # Only on this error path is the whole text decoded: the message quotes and re-reads it.
    text = source if isinstance(source, str) else source.decode("utf-8-sig", "replace")
    return syntax_problem(error, text, path, _Loader)


def _char_at(source: str | bytes, mark: yaml.Mark | None) -> str:
    """The character at `mark`, found without decoding or splitting the whole file."""
    if mark is None:
        return ""
    newline: str | bytes = "\n" if isinstance(source, str) else b"\n"
    start = 0
    for _ in range(mark.line):
        start = source.find(newline, start) + 1  # type: ignore[arg-type]
        if start == 0:
            return ""
    # A character is at most 4 bytes of UTF-8; a BOM is not a column.
    chunk = source[start : start + 4 * (mark.column + 1) + 3]
    line = chunk if isinstance(chunk, str) else chunk.decode("utf-8-sig" if start == 0 else "utf-8", "ignore")
    return line[mark.column : mark.column + 1]


def _reader_problem(error: yaml.reader.ReaderError, source: str | bytes, path: str) -> Problem:
    """A character YAML refuses (an escape or other control character), with its place."""
    # libyaml reports a byte offset and PyYAML a character offset; the first
    # occurrence of the refused character is the place either way, since the
    # reader stops at the first character it refuses.
    if not isinstance(error.character, int):
        return Problem(path, None, None, " ".join(str(error).split()))
    char = chr(error.character)
    if isinstance(source, str):
        offset = source.find(char)
        line_start = source.rfind("\n", 0, offset) + 1
        line, column = source.count("\n", 0, offset) + 1, offset - line_start + 1
    else:
        offset = source.find(char.encode("utf-8", "surrogatepass"))
        line_start = source.rfind(b"\n", 0, offset) + 1
        before = source[line_start:offset].decode("utf-8-sig" if line_start == 0 else "utf-8", "replace")
        line, column = source.count(b"\n", 0, offset) + 1, len(before) + 1
    if offset < 0:
        return Problem(path, None, None, " ".join(str(error).split()))
    message = f"the character U+{error.character:04X} is not allowed in YAML; remove it"
    return Problem(path, line, column, message)
