"""Text that hides: invisible and private-use characters are shown, never passed on unseen
(issue 13, items 12 and 15).

Zero-width characters make two names look alike, tag characters spell out a
message no reader sees, and U+E000/U+E001 are the marks painguide puts
around search matches: catalog text holding them could fake a highlight.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import CATALOG, Result

Cli = Callable[..., Result]

# A message written in tag characters: invisible in every ordinary renderer.
TAGS = "".join(chr(0xE0000 + ord(c)) for c in "hi")
HIDDEN = {
    "\u200b": "<U+200B>",  # zero-width space
    "\u2060": "<U+2060>",  # word joiner
    "\ufeff": "<U+FEFF>",  # byte-order mark / zero-width no-break space
    "\u00ad": "<U+00AD>",  # soft hyphen
    "\u3164": "<U+3164>",  # Hangul filler: a "letter" that draws nothing
    TAGS: "<U+E0068><U+E0069>",
    "\ue123": "<U+E123>",  # private use
}
SUMMARY = "Thin needles " + " ".join(f"a{raw}b" for raw in HIDDEN) + " ease pain."
SHOWN = "Thin needles " + " ".join(f"a{shown}b" for shown in HIDDEN.values()) + " ease pain."
FAKE = "\ue000fake\ue001"
EMOJI = "Ask the nurse \U0001f469\u200d\u2695\ufe0f today."


@pytest.fixture
def hidden(write_catalog: Callable[..., Path]) -> Path:
    data = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    topic = data["topics"]["acupuncture"]
    topic["summary"] = SUMMARY
    topic["key_points"] = [f"It may ease {FAKE} back pain.", EMOJI]
    data["references"]["vickers2018"]["title"] = "Acupuncture\u200b for chronic pain" + TAGS
    return write_catalog(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "hidden.yaml")


def seen(out: str, fmt: str) -> str:
    """The text a reader of the page sees: Markdown and HTML as a real parser renders them."""
    if fmt == "markdown":
        from markdown_it import MarkdownIt

        out = MarkdownIt("commonmark").render(out)
        fmt = "html"
    if fmt == "html":
        from hostile import PageParser

        parser = PageParser()
        parser.feed(out)
        return "".join(parser.text)
    return out


@pytest.mark.parametrize("fmt", ["plain", "text", "markdown", "html"])
def test_invisible_characters_are_shown_in_every_page_format(cli: Cli, hidden: Path, fmt: str) -> None:
    out = cli("show", "acupuncture", "--format", fmt, catalog=hidden).stdout
    text = seen(out, fmt)
    # Before the fix each of these passed through unmarked.
    for raw, shown in HIDDEN.items():
        assert raw not in out, shown
        assert shown in text, shown
    assert "\ue000" not in out and "\ue001" not in out


@pytest.mark.parametrize("fmt", ["plain", "markdown", "html"])
def test_a_zero_width_joiner_inside_an_emoji_is_kept(cli: Cli, hidden: Path, fmt: str) -> None:
    out = cli("show", "acupuncture", "--format", fmt, catalog=hidden).stdout
    assert "\U0001f469\u200d\u2695\ufe0f" in out


def test_private_use_text_cannot_fake_a_search_highlight(cli: Cli, hidden: Path) -> None:
    data = json.loads(cli("search", "fake", "--format", "json", catalog=hidden).stdout)
    (hit,) = data["results"]
    matched = [part["text"] for part in hit["snippet_parts"] if part["match"]]
    # Before the fix the catalog's own U+E000/U+E001 around "fake" made it a match.
    assert matched == ["fake"]
    assert "<U+E000>" in hit["snippet"] and "<U+E001>" in hit["snippet"]
    plain = cli("search", "fake", "--format", "plain", catalog=hidden).stdout
    assert "<U+E000>fake<U+E001>" in plain


def test_json_shows_private_use_as_marks_and_keeps_the_rest_exact(cli: Cli, hidden: Path) -> None:
    topic = json.loads(cli("show", "acupuncture", "--format", "json", catalog=hidden).stdout)["topic"]
    assert topic["key_points"][0] == "It may ease <U+E000>fake<U+E001> back pain."
    # JSON is data: the other characters come through exactly, escaped (\u200b) in the text.
    assert topic["summary"] == SUMMARY.replace("\ue123", "<U+E123>")


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "csl-json"])
def test_citation_exports_show_invisible_characters(cli: Cli, hidden: Path, fmt: str) -> None:
    out = cli("refs", "--format", fmt, catalog=hidden).stdout
    text = json.dumps(json.loads(out), ensure_ascii=False) if fmt == "csl-json" else out
    assert "Acupuncture<U+200B> for chronic pain<U+E0068><U+E0069>" in text
    assert "\u200b" not in text and TAGS not in text


def test_what_was_typed_is_shown_too(cli: Cli) -> None:
    result = cli("show", "no\u200bsuch\U000e0041")
    assert result.exit_code == 2
    assert result.stderr.startswith("painguide: No topic named 'no<U+200B>such<U+E0041>'.")
    page = cli("search", "needles\u200b", "--format", "plain").stdout
    assert page.startswith("Search: needles<U+200B>\n")


def test_check_json_is_valid_unicode_for_a_file_name_that_is_not_utf8(cli: Cli, tmp_path: Path) -> None:
    import os

    name = os.fsdecode(b"cat\xff.yaml")
    path = tmp_path / name
    path.write_text(CATALOG.read_text(encoding="utf-8"), encoding="utf-8")
    out = cli("check", str(path), "--format", "json", "--max-age", "100y", catalog=None).stdout
    # Before the fix the name came out as the escape \udcff, which strict parsers refuse.
    assert "\\udcff" not in out
    assert json.loads(out)["catalog"] == f"{tmp_path}/cat\ufffd.yaml"
