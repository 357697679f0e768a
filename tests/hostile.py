"""A catalog full of text that must never become markup, and a check that a
page is inert; shared by the format, handout and browser tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import yaml

from conftest import CATALOG

HOSTILE_POINTS = [
    "<b>x</b> and <script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "*not emphasis* and _not this_ and **nor this**",
    "[link](javascript:alert(1)) and ![img](x.png) and <http://auto.example>",
    '<a href="javascript:alert(1)">click</a>',
    "# heading",
    "- not a list",
    "1. not a numbered list",
    "> not a quote",
    "`not code` and ~~not struck~~",
    "&amp; stays &lt;literal&gt; & plain",
    "a backslash \\ and \\* stay",
    "---",
    "[1]: https://evil.example",
    "[red]x[/red] and :pill: stay",
]


def write_hostile(write_catalog: Callable[..., Path]) -> Path:
    """The test catalog with hostile text in a topic, the clinic, the disclaimer and a reference."""
    data = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    topic = data["topics"]["acupuncture"]
    topic["title"] = "Acupuncture <script>alert(1)</script>"
    topic["key_points"] = HOSTILE_POINTS
    topic["summary"] = "Summary with a \u202e bidi override, a C1 \x85 control and \x1b[31m an escape."
    data["catalog"]["clinic"]["name"] = "<img src=x onerror=alert(1)> Clinic"
    data["catalog"]["disclaimer"] = "</style><script>alert(2)</script> Not advice."
    # Quotes and angle brackets are refused in a url by validation; a single
    # quote is a legal URL character that would end a single-quoted attribute.
    data["references"]["vickers2018"]["url"] = "https://x.example/'onmouseover='alert(3)'"
    return write_catalog(yaml.safe_dump(data, sort_keys=False), "hostile.yaml")


class PageParser(HTMLParser):
    """Every tag, attribute and piece of text in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "section", "h1", "h2", "h3"}
PAGE_TAGS |= {"p", "ul", "ol", "li", "strong", "em", "mark", "span", "a", "br", "hr"}
# Handouts: cover, topics, plan and log pages, and QR codes drawn as SVG paths.
PAGE_TAGS |= {"header", "article", "div", "table", "thead", "tbody", "tr", "th", "td", "svg", "path"}


def assert_inert(page: str) -> PageParser:
    """The page has only our own tags and attributes; every link is a web address."""
    parser = PageParser()
    parser.feed(page)
    parser.close()
    assert {tag for tag, _ in parser.tags} <= PAGE_TAGS
    for tag, attrs in parser.tags:
        assert all(not name.startswith("on") for name, _ in attrs), (tag, attrs)
        assert {name for name, _ in attrs} <= {
            "lang",
            "charset",
            "http-equiv",
            "content",
            "name",
            "class",
            "id",
            "href",
            "role",
            "aria-label",
            "aria-hidden",
            "aria-labelledby",
            "scope",
            "viewbox",
            "d",
            "fill",
            "stroke",
        }
        if tag == "a":
            assert re.match(r"https?://", dict(attrs)["href"] or ""), attrs
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; ' in page
    return parser
