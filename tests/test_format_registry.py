"""One registry of output formats: options, dispatch and check all follow it."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import bibtexparser
import pytest
import rispy
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware
from markdown_it import MarkdownIt
from markdown_it.token import Token

from conftest import Result
from hostile import HOSTILE_POINTS, PageParser, assert_inert, write_hostile
from painguide.formats import FORMATS, OutputFormat, for_command

Cli = Callable[..., Result]


@pytest.mark.parametrize("command", ["list", "show", "refs", "search", "core", "check", "lookup"])
def test_each_command_accepts_exactly_its_registered_formats(cli: Cli, command: str) -> None:
    args = {"show": ["show", "acupuncture"], "search": ["search", "needles"], "lookup": ["lookup", "M79.7"]}.get(
        command, [command]
    )
    for fmt in FORMATS:
        result = cli(*args, "--format", fmt.name)
        if command in fmt.commands:
            # check exits 1 on the test catalog (it lacks two main messages) but still reports.
            assert result.exit_code == (1 if command == "check" else 0), (fmt.name, result.stderr)
            assert result.stdout, fmt.name
        else:
            assert result.exit_code == 2, (command, fmt.name)
            assert f"'{fmt.name}' is not one of {', '.join(for_command(command))}." in result.stderr


def test_help_lists_the_registered_formats(cli: Cli) -> None:
    text = " ".join(cli("refs", "--help").stdout.split())
    names = for_command("refs")
    assert names[:5] == ["text", "plain", "markdown", "json", "html"]
    # Every one, in registry order.
    listing = text[text.index("Output format: ") :]
    places = [listing.index(f" {name}") for name in names]
    assert places == sorted(places)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f.kind == "page"], ids=lambda f: f.name)
def test_every_page_format_names_a_renderer_that_exists(fmt: object) -> None:
    module, function = fmt.renderer.split(":")  # type: ignore[attr-defined]
    assert callable(getattr(importlib.import_module(module), function))


def test_format_names_are_case_insensitive(cli: Cli) -> None:
    assert cli("core", "--format", "JSON").stdout.lstrip().startswith("{")


# Hostile text, in every registered format: a format added to the registry
# runs through this test at once, and fails until it has a reader below that
# says what a person (or a program) sees in it.

HOSTILE_TITLE = r"<script>alert(1)</script> {and} 50% & $x # \ ~ [1]: https://evil.example"


def _visible(text: str) -> str:
    return " ".join(text.split())


def _read_plain(out: str) -> str:
    assert "\x1b" not in out and "\x85" not in out and "\u202e" not in out
    return out


def _read_text(out: str) -> str:
    # Our own styling is the only escape sequence; the catalog's is shown, not obeyed.
    assert "\x1b[31m" not in out and "\x85" not in out and "\u202e" not in out
    return re.sub(r"\x1b\[[0-9;]*m", "", out)


def _read_markdown(out: str) -> str:
    tokens = MarkdownIt("commonmark").parse(out)
    kinds = {token.type for token in _walk(tokens)}
    assert not kinds & {"html_block", "html_inline", "image", "code_inline", "code_block", "s_open"}, kinds
    parser = PageParser()
    parser.feed(MarkdownIt("commonmark").render(out))
    return "".join(parser.text)


def _read_html(out: str) -> str:
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


def _read_json(out: str) -> str:
    assert out.isascii()
    return "\n".join(_strings(json.loads(out)))


def _titles_bibtex(out: str) -> list[str]:
    library = bibtexparser.parse_string(out, append_middleware=[LatexDecodingMiddleware()])
    return [str(field.value) for entry in library.entries for field in entry.fields if field.key == "title"]


def _titles_ris(out: str) -> list[str]:
    return [str(entry.get("title", "")) for entry in rispy.loads(out)]


def _titles_csl(out: str) -> list[str]:
    return [str(item.get("title", "")) for item in json.loads(out)]


# Page and data formats: what a reader sees of `show`.
PAGE_READERS: dict[str, Callable[[str], str]] = {
    "text": _read_text,
    "plain": _read_plain,
    "markdown": _read_markdown,
    "json": _read_json,
    "html": _read_html,
}
# Citation formats: the reference titles a reference manager reads back.
CITATION_READERS: dict[str, Callable[[str], list[str]]] = {
    "bibtex": _titles_bibtex,
    "ris": _titles_ris,
    "csl-json": _titles_csl,
}


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _walk(token.children or [])


@pytest.fixture
def hostile(write_catalog: Callable[..., Path]) -> Path:
    path = write_hostile(write_catalog)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["references"]["vickers2018"]["title"] = HOSTILE_TITLE
    return write_catalog(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "hostile-refs.yaml")


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
def test_every_registered_format_keeps_hostile_text_as_text(cli: Cli, hostile: Path, fmt: OutputFormat) -> None:
    if "show" in fmt.commands:
        assert fmt.name in PAGE_READERS, f"{fmt.name}: add a reader to PAGE_READERS"
        result = cli("show", "acupuncture", "--format", fmt.name, catalog=hostile)
        assert result.exit_code == 0, result.stderr
        seen = _visible(PAGE_READERS[fmt.name](result.stdout))
        for text in (*HOSTILE_POINTS, "Acupuncture <script>alert(1)</script>", HOSTILE_TITLE):
            assert _visible(text) in seen, (fmt.name, text)
    else:
        assert fmt.name in CITATION_READERS, f"{fmt.name}: add a reader to CITATION_READERS"
        result = cli("refs", "--format", fmt.name, catalog=hostile)
        assert result.exit_code == 0, result.stderr
        assert HOSTILE_TITLE in CITATION_READERS[fmt.name](result.stdout), fmt.name
