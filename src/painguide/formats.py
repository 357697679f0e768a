"""Every output format, which commands speak it, and what writes it: one registry.

The command-line options (their choices and help), the dispatch in
`render/dispatch.py` and `check`'s own choices all read this table, so a new
format is one row here plus its renderer; a test checks that each command
offers exactly the formats listed for it.
"""

from __future__ import annotations

from typing import NamedTuple


class OutputFormat(NamedTuple):
    name: str
    # What --help says about it.
    summary: str
    # Commands that can write it.
    commands: frozenset[str]
    # "page" formats render a Document; "data" formats are built from records;
    # "citations" formats export references.
    kind: str
    # For page formats, "module:function" that writes a Document to a stream;
    # imported only when that format is asked for, to keep start-up light.
    renderer: str = ""
    # The format names its encoding (HTML's <meta charset="utf-8">, JSON by
    # RFC 8259, citation files by what reads them): written as UTF-8 bytes
    # whatever the locale's encoding.
    utf8: bool = False


_PAGES = frozenset({"list", "show", "refs", "search", "core", "check", "lookup"})
_RECORDS = frozenset({"list", "show", "refs", "search", "core", "check", "lookup"})

FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("text", "styled, for terminals", _PAGES, "page", "painguide.render.terminal:write"),
    OutputFormat("plain", "plain text", _PAGES, "page", "painguide.render.plain:write"),
    OutputFormat("markdown", "Markdown (CommonMark)", _PAGES - {"check"}, "page", "painguide.render.markdown:write"),
    OutputFormat("json", "JSON with a schema_version", _RECORDS, "data", utf8=True),
    OutputFormat(
        "html", "a self-contained HTML page", _PAGES - {"check"}, "page", "painguide.render.html:write", utf8=True
    ),
    OutputFormat("bibtex", "BibTeX, for LaTeX and reference managers", frozenset({"refs"}), "citations", utf8=True),
    OutputFormat("ris", "RIS, for EndNote, Zotero and Mendeley", frozenset({"refs"}), "citations", utf8=True),
    OutputFormat(
        "csl-json", "CSL-JSON, for Zotero and citation processors", frozenset({"refs"}), "citations", utf8=True
    ),
)

BY_NAME = {fmt.name: fmt for fmt in FORMATS}


def for_command(command: str) -> list[str]:
    """The format names `command` accepts, in registry order."""
    return [fmt.name for fmt in FORMATS if command in fmt.commands]


def help_text(command: str) -> str:
    """The help of --format, whose one message holds no format's name (a new format leaves it translated)."""
    from painguide.i18n import N_, listed

    template = N_("Output format: {formats}. Default: text on a terminal, plain otherwise.")
    return listed(template, formats=tuple(for_command(command)))
