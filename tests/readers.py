"""What a person (or a program) sees in each registered output format: one reader per format, a real
parser of it that also fails when catalog text became markup. The hostile-text test
(tests/test_format_registry.py) and the field contract (tests/test_field_contract.py) read every format
through these, so a new format's reader is written once, here."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator

import bibtexparser
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware
from markdown_it import MarkdownIt
from markdown_it.token import Token

from hostile import PageParser, assert_inert


def read_plain(out: str) -> str:
    assert "\x1b" not in out and "\x85" not in out and "\u202e" not in out
    return out


def read_text(out: str) -> str:
    # Our own styling is the only escape sequence; the catalog's is shown, not obeyed.
    assert "\x1b[31m" not in out and "\x85" not in out and "\u202e" not in out
    return re.sub(r"\x1b\[[0-9;]*m", "", out)


def read_markdown(out: str) -> str:
    tokens = MarkdownIt("commonmark").parse(out)
    kinds = {token.type for token in _walk(tokens)}
    assert not kinds & {"html_block", "html_inline", "image", "code_inline", "code_block", "s_open"}, kinds
    parser = PageParser()
    parser.feed(MarkdownIt("commonmark").render(out))
    return "".join(parser.text)


def read_html(out: str) -> str:
    return "".join(assert_inert(out).text)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def read_json(out: str) -> str:
    assert out.isascii()
    return "\n".join(_strings(json.loads(out)))


def titles_bibtex(out: str) -> list[str]:
    library = bibtexparser.parse_string(out, append_middleware=[LatexDecodingMiddleware()])
    return [str(field.value) for entry in library.entries for field in entry.fields if field.key == "title"]


def titles_ris(out: str) -> list[str]:
    return [str(entry.get("title", "")) for entry in rispy.loads(out)]


def titles_csl(out: str) -> list[str]:
    return [str(item.get("title", "")) for item in json.loads(out)]


# Page and data formats: what a reader sees of `show`.
PAGE_READERS: dict[str, Callable[[str], str]] = {
    "text": read_text,
    "plain": read_plain,
    "markdown": read_markdown,
    "json": read_json,
    "html": read_html,
}
# Citation formats: the reference titles a reference manager reads back.
CITATION_READERS: dict[str, Callable[[str], list[str]]] = {
    "bibtex": titles_bibtex,
    "ris": titles_ris,
    "csl-json": titles_csl,
}


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _walk(token.children or [])
