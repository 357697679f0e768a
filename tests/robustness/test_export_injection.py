"""Exports that cannot be injected, each read by two independent parsers
(issue 13, items 3, 4, 8, 15 (bare addresses) and 16).

Markdown: markdown-it-py (CommonMark) and cmark-gfm (GitHub's own renderer,
with its autolink extension). BibTeX: pybtex (classic BibTeX rules) and
bibtexparser. RIS: rispy and a strict reader of the format written here.
CSL-JSON: the json module and orjson (which refuses invalid Unicode).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import bibtexparser
import cmarkgfm
import orjson
import pybtex.database
import pytest
import rispy
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors
from markdown_it import MarkdownIt

from conftest import CATALOG, Result
from harness import BASE, assert_catalog_problems, bend, line_of
from painguide.catalog.model import Reference
from painguide.export.citations import bibtex
from painguide.render.document import Document, Paragraph, Span
from painguide.render.markdown import render

Cli = Callable[..., Result]
# In bibliography order (first author, then year): the hostile entry, vickers2018, is the second.
IDS = ["crawford2016", "vickers2018", "wang2018"]


def catalog_with(write_catalog: Callable[..., Path], **fields: Any) -> Path:
    data = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    data["references"]["vickers2018"].update(fields)
    return write_catalog(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "refs.yaml")


# --- Markdown ---------------------------------------------------------------


class Links(HTMLParser):
    """Every link in a page: (href, text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self._open: list[str] | None = None
        self._href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._open = dict(attrs).get("href") or "", []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.links.append((self._href, "".join(self._open)))
            self._open = None


def links(markdown: str) -> dict[str, list[tuple[str, str]]]:
    """The links two renderers see: CommonMark (markdown-it) and GitHub's (cmark-gfm, autolinks on)."""
    found = {}
    for name, html in (
        ("commonmark", MarkdownIt("commonmark").render(markdown)),
        ("gfm", cmarkgfm.github_flavored_markdown_to_html(markdown)),
    ):
        parser = Links()
        parser.feed(html)
        found[name] = parser.links
    return found


SPOOFS = [
    "https://good.example/](https://evil.example/phish)",
    "https://good.example/](javascript:alert(1))",
    "https://good.example/\\",
    "https://good.example/>](https://evil.example/)",
]


@pytest.mark.parametrize("url", SPOOFS)
def test_a_url_that_would_spoof_a_link_is_refused_where_it_is_written(
    cli: Cli, write_catalog: Callable[..., Path], url: str
) -> None:
    path = write_catalog(bend(("url: https://example.org/walking", f"url: '{url}'")))
    bad = next(i for i, c in enumerate(url, start=1) if c in "]\\>")
    encoded = "%" + f"{ord(url[bad - 1]):02X}"
    # Before the fix `show -f markdown` made a link whose text was the good
    # address and whose target the other.
    assert_catalog_problems(
        cli("show", "walking", "--format", "markdown", catalog=path),
        path,
        [
            f"{line_of(BASE, 'url: https')}:10: references.smith2020.url: character {bad} ('{url[bad - 1]}') "
            f"cannot be part of a web address; write it percent-encoded, as {encoded}"
        ],
    )


@pytest.mark.parametrize("url", SPOOFS)
def test_the_markdown_writer_never_lets_link_text_or_target_escape(url: str) -> None:
    # Validation keeps such addresses out; the writer must not depend on it.
    page = render(Document("t", (Paragraph((Span("see ", ""), Span(url, href=url), Span(" now", ""))),)))
    for renderer, found in links(page).items():
        ((href, text),) = found
        assert text == url, renderer
        # One link, to the same address its text shows.
        assert href.startswith("https://good.example/"), (renderer, href)


@pytest.mark.parametrize(
    "href", ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "https://a\u200b.example/"]
)
def test_only_web_and_mail_addresses_become_links(href: str) -> None:
    page = render(Document("t", (Paragraph((Span("click", href=href),)),)))
    assert links(page) == {"commonmark": [], "gfm": []}
    mail = render(Document("t", (Paragraph((Span("write", href="mailto:help@clinic.example"),)),)))
    assert links(mail)["commonmark"] == [("mailto:help@clinic.example", "write")]


BARE = "Read https://evil.example/page or www.evil.example/x or <https://evil.example/y> or ftp://evil.example/z."


def test_bare_addresses_in_catalog_text_do_not_become_links(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    path = write_catalog(bend(("      - Start with ten minutes a day.", f"      - '{BARE}'")))
    page = cli("show", "walking", "--format", "markdown", catalog=path).stdout
    for renderer, found in links(page).items():
        # Only the catalog's own reference link; before the fix GitHub linked all four addresses.
        assert found == [("https://example.org/walking", "https://example.org/walking")], renderer
    html = cmarkgfm.github_flavored_markdown_to_html(page)
    assert BARE.replace("<", "&lt;").replace(">", "&gt;") in html


# --- BibTeX -----------------------------------------------------------------


def both_bibtex(text: str) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """Entries as pybtex (classic BibTeX rules) and bibtexparser (with LaTeX decoding) read them."""
    classic = pybtex.database.parse_string(text, "bibtex")
    by_pybtex = {
        key: {**dict(entry.fields), "author": [str(p) for p in entry.persons.get("author", [])]}
        for key, entry in classic.entries.items()
    }
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors(), LatexDecodingMiddleware()])
    assert library.failed_blocks == []
    by_bibtexparser = {entry.key: {f.key: f.value for f in entry.fields} for entry in library.entries}
    return by_pybtex, by_bibtexparser


@pytest.mark.parametrize(
    "title",
    [
        'x} @misc(pwn, title="INJECTED")',
        "Pain { relief that never closes",
        "Pain } and { in the wrong order",
        "A backslash at the end \\",
    ],
)
def test_bibtex_title_cannot_add_or_swallow_entries(cli: Cli, write_catalog: Callable[..., Path], title: str) -> None:
    out = cli("refs", "--format", "bibtex", catalog=catalog_with(write_catalog, title=title)).stdout
    by_pybtex, by_bibtexparser = both_bibtex(out)
    # Before the fix pybtex saw an extra entry "pwn", or lost every entry after an unmatched "{".
    assert list(by_pybtex) == IDS
    assert list(by_bibtexparser) == IDS
    words = re.sub(r"[{}\\]", "", title).split()
    decoded = by_bibtexparser["vickers2018"]["title"]
    assert all(word in decoded for word in words), decoded


def test_bibtex_title_with_paired_braces_reads_back_exactly(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    title = "Pain {and} {nested {braces}} stay"
    out = cli("refs", "--format", "bibtex", catalog=catalog_with(write_catalog, title=title)).stdout
    assert r"title = {Pain \{and\} \{nested \{braces\}\} stay}" in out
    _, by_bibtexparser = both_bibtex(out)
    assert by_bibtexparser["vickers2018"]["title"] == title


@pytest.mark.parametrize("field", ["url", "doi"])
def test_a_backslash_in_a_url_or_doi_is_refused(cli: Cli, write_catalog: Callable[..., Path], field: str) -> None:
    value = "https://example.org/x\\" if field == "url" else "10.1000/x\\"
    path = catalog_with(write_catalog, **{field: value})
    result = cli("refs", "--format", "bibtex", catalog=path)
    # Before the fix the entry was written and no BibTeX parser could read it.
    assert result.exit_code == 1
    assert f"references.vickers2018.{field}: character {len(value)} ('\\')" in result.stderr
    assert "write it percent-encoded, as %5C" in result.stderr


def test_the_bibtex_writer_encodes_a_backslash_in_a_verbatim_field() -> None:
    ref = Reference("r1", ("Smith J",), 2020, "T", "J", url="https://example.org/x\\", doi="10.1000/y\\")
    text = bibtex([ref, Reference("r2", ("Jones K",), 2021, "T2", "J")])
    by_pybtex, by_bibtexparser = both_bibtex(text)
    assert list(by_pybtex) == list(by_bibtexparser) == ["r1", "r2"]
    assert by_pybtex["r1"]["url"] == "https://example.org/x%5C"


ORGANISATIONS = ["Department of Health and Social Care UK", "Research AND Development Unit", "others"]


def test_an_organisation_with_and_in_its_name_stays_one_author(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    path = catalog_with(write_catalog, authors=[*ORGANISATIONS, "Vickers AJ"], et_al=False)
    by_pybtex, by_bibtexparser = both_bibtex(cli("refs", "--format", "bibtex", catalog=path).stdout)
    # Before the fix "Department of Health and Social Care, U. K." became two authors.
    assert by_pybtex["vickers2018"]["author"] == [*(f"{{{name}}}" for name in ORGANISATIONS), "Vickers, A. J."]
    assert by_bibtexparser["vickers2018"]["author"] == [*(f"{{{name}}}" for name in ORGANISATIONS), "Vickers, A. J."]
    ris = rispy.loads(cli("refs", "--format", "ris", catalog=path).stdout)
    assert ris[1]["authors"] == [*ORGANISATIONS, "Vickers, A.J."]
    csl = json.loads(cli("refs", "--format", "csl-json", catalog=path).stdout)
    assert csl[1]["author"][:3] == [{"literal": name} for name in ORGANISATIONS]


# --- RIS and CSL-JSON ---------------------------------------------------------

HOSTILE_TITLE = 'Line one\nER  - \nTY  - BOOK\n"quoted" \\ back {brace} \u200b end'
RIS_LINE = re.compile(r"^(?:[A-Z][A-Z0-9]  - .*|ER  - )$")


def strict_ris(text: str) -> list[dict[str, list[str]]]:
    """A reader of the RIS written here: every line a tag, every record from TY to ER."""
    records: list[dict[str, list[str]]] = []
    current: dict[str, list[str]] | None = None
    for line in text.splitlines():
        if not line:
            continue
        assert RIS_LINE.match(line), line
        tag, value = line[:2], line[6:]
        if tag == "TY":
            assert current is None
            current = {}
        assert current is not None, line
        if tag == "ER":
            records.append(current)
            current = None
        else:
            current.setdefault(tag, []).append(value)
    assert current is None
    return records


def test_ris_holds_hostile_text_in_its_field(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    out = cli("refs", "--format", "ris", catalog=catalog_with(write_catalog, title=HOSTILE_TITLE)).stdout
    strict = strict_ris(out)
    by_rispy = rispy.loads(out)
    assert [r["ID"] for r in strict] == [[i] for i in IDS]
    assert [r["id"] for r in by_rispy] == IDS
    shown = 'Line one ER - TY - BOOK "quoted" \\ back {brace} <U+200B> end'
    assert strict[1]["TI"] == [shown]
    assert by_rispy[1]["title"] == shown


def test_csl_json_holds_hostile_text_in_its_field(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    out = cli("refs", "--format", "csl-json", catalog=catalog_with(write_catalog, title=HOSTILE_TITLE)).stdout
    by_json, by_orjson = json.loads(out), orjson.loads(out)
    assert by_json == by_orjson
    assert [item["id"] for item in by_json] == IDS
    assert by_json[1]["title"] == HOSTILE_TITLE.replace("\u200b", "<U+200B>")


# --- item 16: related to itself, related twice --------------------------------


def test_check_warns_about_a_topic_related_to_itself_and_a_repeated_related_topic(
    cli: Cli, write_catalog: Callable[..., Path]
) -> None:
    # What `check` requires of every topic (a main message, a certainty per
    # finding) is added too.
    complete = (
        ("    related: [stretching]", "    related: [walking, stretching, stretching]"),
        ("a little.\n        refs:", "a little.\n        certainty: low\n        refs:"),
        ("back pain.\n        refs:", "back pain.\n        certainty: low\n        refs:"),
        (
            "  stretching:\n    title: Stretching\n",
            "  stretching:\n    title: Stretching\n    main_message: Stretch slowly.\n",
        ),
        ("2026-11-20\n  stretching:", "2026-11-20\n    main_message: Walk a little each day.\n  stretching:"),
    )
    text = bend(*complete)
    path = write_catalog(text)
    line = line_of(text, "related: [walking, stretching, stretching]")
    thresholds = ("--min-understandability", "0", "--min-actionability", "0")
    result = cli("check", str(path), "--max-age", "100y", *thresholds, "--format", "plain", catalog=None)
    # Before the fix: "OK: 0 errors, 0 warnings."
    assert result.exit_code == 0, result.stdout
    assert f"{path}:{line}:15: warning: topics.walking.related: 'walking' is this topic itself" in result.stdout
    assert (
        f"{path}:{line}:36: warning: topics.walking.related: 'stretching' is listed twice (first on line {line})"
        in result.stdout
    )
    assert "OK: 0 errors, 2 warnings." in result.stdout
    data = json.loads(
        cli("check", str(path), "--max-age", "100y", *thresholds, "--format", "json", catalog=None).stdout
    )
    assert [(p["line"], p["column"], p["severity"]) for p in data["problems"]] == [
        (line, 15, "warning"),
        (line, 36, "warning"),
    ]
