"""--format markdown, json and html on every command: golden output, the JSON
schema, and hostile catalog text that must stay text in every format."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import jsonschema
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from conftest import CATALOG, ROOT, Result, assert_golden
from hostile import HOSTILE_POINTS, PageParser, assert_inert, write_hostile

Cli = Callable[..., Result]

COMMANDS = {
    "show-acupuncture": ["show", "acupuncture"],
    "list": ["list"],
    "refs": ["refs"],
    "search-back-pain": ["search", "back", "pain"],
    "core": ["core"],
    "lookup-fibromyalgia": ["lookup", "M79.7"],
}
EXTENSION = {"markdown": "md", "json": "json", "html": "html"}


@pytest.mark.parametrize("fmt", ["markdown", "json", "html"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_matches_golden_in_every_format(cli: Cli, fmt: str, name: str) -> None:
    result = cli(*COMMANDS[name], "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert_golden(f"{fmt}/{name}.{EXTENSION[fmt]}", result.stdout)


def test_format_names_are_case_insensitive_and_validated(cli: Cli) -> None:
    assert cli("core", "--format", "JSON").stdout == cli("core", "--format", "json").stdout
    bad = cli("core", "--format", "pdf")
    assert bad.exit_code == 2
    assert "pdf" in bad.stderr and bad.stdout == ""


def test_page_formats_reject_citation_formats(cli: Cli) -> None:
    result = cli("show", "acupuncture", "--format", "bibtex")
    assert result.exit_code == 2
    assert "bibtex" in result.stderr


# JSON


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / "schema" / "painguide-output.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


JSON_RUNS = [
    ["show", "acupuncture"],
    ["show", "massage"],
    ["list"],
    ["list", "--category", "movement"],
    ["refs"],
    ["refs", "--topic", "tai chi"],
    ["search", "back", "pain"],
    ["core"],
    ["lookup", "M54.50"],
    ["lookup", "11289", "--system", "rxnorm"],
]


@pytest.mark.parametrize("args", JSON_RUNS, ids=" ".join)
def test_json_of_every_command_validates_against_the_schema(
    cli: Cli, validator: jsonschema.Draft202012Validator, args: list[str]
) -> None:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []
    assert data["schema_version"] == 1
    assert data["command"] == args[0]


def test_json_of_the_bundled_catalog_validates(cli: Cli, validator: jsonschema.Draft202012Validator) -> None:
    for args in (["list"], ["refs"], ["core"], ["show", "acupuncture"], ["search", "sleep"], ["lookup", "M79.7"]):
        result = cli(*args, "--format", "json", catalog=None)
        assert result.exit_code == 0, result.stderr
        assert list(validator.iter_errors(json.loads(result.stdout))) == []


@pytest.mark.parametrize("args", JSON_RUNS, ids=" ".join)
def test_spanish_json_validates_against_the_schema(
    cli: Cli, validator: jsonschema.Draft202012Validator, args: list[str]
) -> None:
    # The test catalog's translation lacks fields and a topic; the bundled one is complete.
    for catalog in (CATALOG, None):
        result = cli("--lang", "es", *args, "--format", "json", catalog=catalog)
        assert result.exit_code == 0, result.stderr
        data = json.loads(result.stdout)
        assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)] == []
        assert data["language"] == "es"


def test_schema_rejects_output_that_drifts(cli: Cli, validator: jsonschema.Draft202012Validator) -> None:
    data = json.loads(cli("show", "acupuncture", "--format", "json").stdout)
    data["topic"]["line"] = 73
    assert not validator.is_valid(data)
    data = json.loads(cli("refs", "--format", "json").stdout)
    del data["references"][0]["cited_by"]
    assert not validator.is_valid(data)


def test_json_says_which_topic_refs_was_limited_to(cli: Cli) -> None:
    data = json.loads(cli("refs", "--topic", "taiji", "--format", "json").stdout)
    assert data["topic"] == "tai-chi"
    assert [(r["number"], r["id"], r["cited_by"]) for r in data["references"]] == [(1, "wang2018", ["tai-chi"])]
    assert json.loads(cli("refs", "--format", "json").stdout)["topic"] is None


def test_json_search_marks_the_matched_words(cli: Cli) -> None:
    data = json.loads(cli("search", "back", "pain", "--format", "json").stdout)
    first = data["results"][0]
    assert [p["text"] for p in first["snippet_parts"] if p["match"]] == ["back", "pain"]
    assert "".join(p["text"] for p in first["snippet_parts"]) == first["snippet"]


@pytest.mark.parametrize("args", JSON_RUNS, ids=" ".join)
def test_machine_formats_never_carry_colour_even_when_forced(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    assert "\x1b[" in cli("core", "--format", "text").stdout  # colour really is forced
    for fmt in ("json", "markdown", "html"):
        result = cli(*args, "--format", fmt)
        assert result.exit_code == 0
        assert "\x1b" not in result.stdout, fmt


# hostile text


@pytest.fixture
def hostile(write_catalog: Callable[..., Path]) -> Path:
    return write_hostile(write_catalog)


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        yield from _walk(token.children or [])


def test_markdown_is_commonmark_in_which_hostile_text_stays_literal(cli: Cli, hostile: Path) -> None:
    result = cli("show", "acupuncture", "--format", "markdown", catalog=hostile)
    assert result.exit_code == 0, result.stderr
    tokens = MarkdownIt("commonmark").parse(result.stdout)
    kinds = {token.type for token in _walk(tokens)}
    assert not kinds & {"html_block", "html_inline", "image", "code_inline", "code_block", "s_open"}
    # The only block quotes are the page's own callouts (main message, get help right away).
    quotes = [t for t in tokens if t.type == "blockquote_open"]
    assert len(quotes) == 2
    hrefs = [t.attrGet("href") for t in _walk(tokens) if t.type == "link_open"]
    assert hrefs == [
        "https://doi.org/10.1016/j.jpain.2017.11.005",
        "https://pubmed.ncbi.nlm.nih.gov/29198932/",
        "https://x.example/'onmouseover='alert(3)'",
    ]
    # Each hostile key point is one list item whose content is plain text, exactly as written.
    inlines = {"".join(c.content for c in t.children or []): t for t in tokens if t.type == "inline"}
    for point in HOSTILE_POINTS:
        assert point in inlines, point
        assert {c.type for c in inlines[point].children or []} == {"text"}, point
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h1"]
    assert headings == ["Acupuncture \\<script\\>alert(1)\\</script\\>"]
    assert inlines["Acupuncture <script>alert(1)</script>"] is tokens[1]
    # Controls are made visible, as on a terminal.
    assert "Summary with a <U+202E> bidi override, a C1 <U+0085> control and ^[[31m an escape." in inlines


def test_html_escapes_hostile_text_and_links_only_web_addresses(cli: Cli, hostile: Path) -> None:
    result = cli("show", "acupuncture", "--format", "html", catalog=hostile)
    assert result.exit_code == 0, result.stderr
    parser = assert_inert(result.stdout)
    for point in HOSTILE_POINTS:
        assert point in parser.text, point
    assert "Acupuncture <script>alert(1)</script>" in parser.text
    assert "<li>&lt;img src=x onerror=alert(1)&gt;</li>" in result.stdout
    hrefs = [dict(attrs)["href"] for tag, attrs in parser.tags if tag == "a"]
    assert hrefs[-1] == "https://x.example/'onmouseover='alert(3)'"
    assert '<a href="https://x.example/&#x27;onmouseover=&#x27;alert(3)&#x27;">' in result.stdout


def test_terminal_prints_rich_markup_and_emoji_codes_literally(
    cli: Cli, hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR")
    result = cli("show", "acupuncture", "--format", "text", catalog=hostile)
    assert result.exit_code == 0
    assert "\x1b[" in result.stdout
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert "[red]x[/red] and :pill: stay" in text
    assert "\U0001f48a" not in text
    assert "<script>alert(1)</script>" in text
    assert "\x1b[31m an escape" not in result.stdout
    assert "^[[31m" in text


def test_json_keeps_hostile_text_exact_and_escapes_every_control(cli: Cli, hostile: Path) -> None:
    result = cli("show", "acupuncture", "--format", "json", catalog=hostile)
    assert result.stdout.isascii()
    assert "\\u202e" in result.stdout and "\\u0085" in result.stdout and "\\u001b[31m" in result.stdout
    topic = json.loads(result.stdout)["topic"]
    assert topic["key_points"] == HOSTILE_POINTS
    assert topic["summary"] == "Summary with a \u202e bidi override, a C1 \x85 control and \x1b[31m an escape."


# start-up cost

NEW_MODULES = {
    "html",
    "markdown_it",
    "painguide.render.handout",
    "painguide.render.markdown",
    "painguide.render.html",
    "painguide.export.json_data",
    "painguide.export.citations",
}


def _modules(args: list[str]) -> set[str]:
    code = (
        "import json, sys\nfrom painguide.cli import run\ncode = run(sys.argv[1:])\nsys.stdout.flush()\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)"
    )
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", code, "--data", str(CATALOG), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stderr.strip().splitlines()[-1]))


@pytest.mark.slow
def test_show_does_not_import_the_new_formats() -> None:
    assert _modules(["show", "acupuncture"]) & NEW_MODULES == set()
    # ...while the guard would notice if it did.
    assert "painguide.render.markdown" in _modules(["show", "acupuncture", "--format", "markdown"])


@pytest.mark.slow
def test_each_format_imports_only_its_own_renderer() -> None:
    loaded = _modules(["core", "--format", "json"]) & NEW_MODULES
    assert loaded == {"painguide.export.json_data"}
    loaded = _modules(["refs", "--format", "ris"]) & NEW_MODULES
    assert loaded == {"painguide.export.citations"}


def test_help_lists_every_format(cli: Cli) -> None:
    out = cli("show", "--help", catalog=None).stdout
    for fmt in ("text", "plain", "markdown", "json", "html"):
        assert fmt in out
    refs_help = cli("refs", "--help", catalog=None).stdout
    assert "bibtex" in refs_help and "csl-json" in refs_help
    assert "Example: painguide refs" in refs_help


@pytest.mark.parametrize("name", list(COMMANDS))
def test_markdown_shows_the_same_text_as_html(cli: Cli, name: str) -> None:
    """Rendered by a real CommonMark parser, the Markdown reads exactly like our own HTML."""

    def visible_text(page: str) -> str:
        parser = PageParser()
        parser.feed(page)
        return " ".join("".join(parser.text).split())

    markdown = cli(*COMMANDS[name], "--format", "markdown").stdout
    page = cli(*COMMANDS[name], "--format", "html").stdout
    body = page[page.index("<main>") :]
    assert visible_text(MarkdownIt("commonmark").render(markdown)) == visible_text(body)


def test_hostile_markdown_shows_the_same_text_as_html(cli: Cli, hostile: Path) -> None:
    def visible_text(page: str) -> str:
        parser = PageParser()
        parser.feed(page)
        return " ".join("".join(parser.text).split())

    markdown = cli("show", "acupuncture", "--format", "markdown", catalog=hostile).stdout
    page = cli("show", "acupuncture", "--format", "html", catalog=hostile).stdout
    assert visible_text(MarkdownIt("commonmark").render(markdown)) == visible_text(page[page.index("<main>") :])


def test_json_search_says_which_synonyms_it_used(cli: Cli, validator: jsonschema.Draft202012Validator) -> None:
    result = cli("search", "fish", "oil", "--format", "json", catalog=None)
    data = json.loads(result.stdout)
    assert list(validator.iter_errors(data)) == []
    assert data["also_searched"] == [{"word": "fish oil", "catalog_words": ["omega-3"]}]
    assert data["results"][0]["id"] == "nutrition"
