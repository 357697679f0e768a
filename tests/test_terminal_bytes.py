"""render/terminal.py writes its own codes: every page comes out byte for byte as Rich wrote it.

The oracle is the writer as it was with Rich (tests/rich_terminal.py). Pages
of the test catalog, the hostile one and one with tabs, wide characters,
emoji, combining marks, a word longer than a line and a heading longer than
the page, in English and Spanish, at five widths, in colour and without.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import pytest
import yaml

import rich_terminal
from conftest import CATALOG, Result
from hostile import write_hostile
from painguide.render import dispatch, terminal
from painguide.render.document import Document

COMMANDS = [
    ["list"],
    ["refs"],
    ["refs", "--topic", "acupuncture"],
    ["core"],
    [],
    ["search", "pain"],
    ["search", "i", "want", "to", "die"],
    ["search", "zzqx"],
    ["show", "acupuncture"],
    ["show", "massage-therapy"],
    ["show", "tai-chi"],
]


def _awkward(write_catalog: Callable[..., Path]) -> Path:
    data = yaml.safe_load(CATALOG.read_text(encoding="utf-8"))
    topic = data["topics"]["acupuncture"]
    topic["title"] = "Acupuncture 針灸 with a title far too long to fit on a line of forty columns"
    topic["summary"] = "Tabs\tin\tthe summary, " * 6
    topic["key_points"] = [
        "a tab\there and\ttwo\t\ttabs in a point long enough to wrap at forty columns",
        "wide 漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字 characters, then words that wrap the line",
        "emoji 👩\u200d⚕️ and ❤️ and combining e\u0301 e\u0301, words words words words words words",
        "averyveryveryveryveryveryveryveryveryverylongwordthatfitsnoline and then more",
        "double  spaces   and trailing   ",
    ]
    return write_catalog(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "awkward.yaml")


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["test", "hostile", "awkward"])
def test_every_page_is_written_as_rich_wrote_it(
    kind: str,
    cli: Callable[..., Result],
    write_catalog: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    catalog = {
        "test": lambda: CATALOG,
        "hostile": lambda: write_hostile(write_catalog),
        "awkward": lambda: _awkward(write_catalog),
    }[kind]()
    documents: list[Document] = []
    write = dispatch.write_document

    def recording(out: TextIO, document: Document, options: dispatch.OutputOptions) -> None:
        documents.append(document)
        write(out, document, options)

    monkeypatch.setattr(dispatch, "write_document", recording)
    for language in ("en", "es"):
        for command in COMMANDS:
            cli("--lang", language, *command, catalog=catalog)
    assert len(documents) == 2 * len(COMMANDS)
    differ = []
    for document in documents:
        for width in (40, 57, 80, 100, 132):
            for color in (True, False):
                options = dispatch.OutputOptions("text", color, width)
                ours, rich = io.StringIO(), io.StringIO()
                terminal.write(ours, document, options)
                rich_terminal.write(rich, document, options)
                if ours.getvalue() != rich.getvalue():
                    differ.append((document.title, width, color))
    assert differ == []


def test_styles_are_codes_a_terminal_reads() -> None:
    from painguide.render.document import Heading, Paragraph, Span, spans

    document = Document(
        "t", (Heading("Title", 1), Paragraph(spans("plain ", Span("strong", "strong"), Span(" quiet", "muted"))))
    )
    out = io.StringIO()
    terminal.write(out, document, dispatch.OutputOptions("text", True, 80))
    assert out.getvalue() == "\x1b[1;4mTitle\x1b[0m\n\nplain \x1b[1mstrong\x1b[0m\x1b[3m quiet\x1b[0m\n\n"
