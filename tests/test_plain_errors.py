"""Mistakes a catalog author makes by hand, told in plain words at the line to fix, with a hint."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import CATALOG, Result, line_of

Cli = Callable[..., Result]
SUMMARY = "painguide: the catalog has 1 error; nothing was shown."


def _bend(old: str, new: str) -> str:
    text = CATALOG.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new)


def _fails_with(result: Result, path: Path, line: int, column: int, message: str) -> None:
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [f"{path}:{line}:{column}: {message}", SUMMARY]


def test_unclosed_quote_is_reported_where_it_starts(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    # The quote runs on to the next quote, two lines down, where YAML first
    # notices something wrong; the quote to close is the one that starts here.
    opened = "update of an individual patient data meta-analysis"
    path = write_catalog(_bend(f'{opened}"\n', f"{opened}\n"))
    noticed = line_of('volume: "19"', path)
    assert noticed > line_of(opened, path)
    _fails_with(
        cli("list", catalog=path),
        path,
        line_of(opened, path),
        12,
        f'the quoted text that starts here is not closed on its line, so YAML read on to line {noticed}; end it with "',
    )


def test_quote_never_closed_at_all(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    path = write_catalog(_bend("disclaimer: This is education", "disclaimer: 'This is education"))
    _fails_with(
        cli("list", catalog=path),
        path,
        line_of("disclaimer: 'This", path),
        15,
        "the quoted text that starts here is never closed; end it with '",
    )


def test_bullet_with_a_colon_is_told_to_use_quotes(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    path = write_catalog(
        _bend("      - The needles are very thin", "      - Note: it should not hurt.\n      - The needles")
    )
    _fails_with(
        cli("list", catalog=path),
        path,
        line_of("- Note: it should not hurt.", path),
        9,
        "topics.acupuncture.key_points[2] must be text, not a mapping; a colon and a space make YAML read a key,"
        ' so put it in quotes: "Note: it should not hurt."',
    )
    fixed = write_catalog(
        _bend("      - The needles are very thin", '      - "Note: it should not hurt."\n      - The needles'),
        "ok.yaml",
    )
    assert cli("show", "acupuncture", catalog=fixed).exit_code == 0


def test_colon_in_a_plain_value_is_told_to_use_quotes(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    path = write_catalog(_bend("    title: Massage therapy\n", "    title: Massage: therapy\n"))
    _fails_with(
        cli("list", catalog=path),
        path,
        line_of("title: Massage: therapy", path),
        19,
        'a colon and a space inside text make YAML read a new key; put it in quotes: "Massage: therapy"',
    )


def test_text_after_a_closing_quote(cli: Cli, write_catalog: Callable[..., Path]) -> None:
    path = write_catalog(_bend('  version: "1.0"\n', '  version: "1.0" beta\n'))
    _fails_with(
        cli("list", catalog=path),
        path,
        line_of('version: "1.0" beta', path),
        18,
        'text follows the closing "; put all of the text inside the quotes',
    )


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2026-13-20", "topics.tai-chi.last_reviewed: 2026-13-20 is not a real date: month must be 1 to 12"),
        ("2026-00-20", "topics.tai-chi.last_reviewed: 2026-00-20 is not a real date: month must be 1 to 12"),
        ("2026-02-30", "topics.tai-chi.last_reviewed: 2026-02-30 is not a real date: February 2026 has 28 days"),
        ("2028-02-30", "topics.tai-chi.last_reviewed: 2028-02-30 is not a real date: February 2028 has 29 days"),
        ("2026-04-31", "topics.tai-chi.last_reviewed: 2026-04-31 is not a real date: April 2026 has 30 days"),
        ("2026-04-00", "topics.tai-chi.last_reviewed: 2026-04-00 is not a real date: day must be 1 to 30"),
        ("0000-01-01", "topics.tai-chi.last_reviewed: 0000-01-01 is not a real date: the year must be 1 or later"),
        ("2026-1-5", "topics.tai-chi.last_reviewed must be a date written YYYY-MM-DD, e.g. 2026-11-20"),
        ("last spring", "topics.tai-chi.last_reviewed must be a date written YYYY-MM-DD, e.g. 2026-11-20"),
    ],
)
def test_date_messages_say_what_is_wrong(
    cli: Cli, write_catalog: Callable[..., Path], written: str, message: str
) -> None:
    text = CATALOG.read_text(encoding="utf-8")
    begins = text.index("    last_reviewed: ", text.index("  tai-chi:\n"))
    ends = text.index("\n", begins)
    path = write_catalog(f"{text[:begins]}    last_reviewed: {written}{text[ends:]}")
    _fails_with(cli("list", catalog=path), path, line_of(f"last_reviewed: {written}", path), 20, message)


# libyaml and PyYAML's pure-Python parser word their problems differently;
# the plain message must not depend on which one is installed.
PARSER_CASES = [
    ("a:\n  b: 1\n c: 2\n", "3:2: this line is not lined up with the lines around it"),
    ("a:\n  b: [x]\n  - stray\n", "3:3: a list item cannot start here, among keys"),
    ("a:\n  - x\n  b: 1\n", "3:3: this line breaks the list above it"),
    ("a: [x, y\nb: 2\n", "1:4: the [ that starts here is never closed; end it with ]"),
    ("a: {x: 1\nb: 2\n", "1:4: the { that starts here is never closed; end it with }"),
    ('a: "x\n---\n"\n', '1:4: the quoted text that starts here is never closed; end it with "'),
    ("a: @home\n", '1:4: a value cannot start with @; put it in quotes: "@home"'),
    (
        "a: *nothing\n",
        "1:4: anchors and aliases (&name, *name) are not allowed; write the value out instead of *nothing",
    ),
    ("a: - x\n", "1:4: a list item cannot start on the same line as its key"),
    ("a:\n\tb: 1\n", "2:1: a tab is used here, and YAML allows only spaces for indenting"),
    ("a: |0\n  x\n", "1:5: after | or > write nothing else on the line"),
    ("a: 1\n---\nb: 2\n", "2:1: a line '---' starts a second document"),
]


@pytest.mark.parametrize("loader", ["libyaml", "pure-python"])
@pytest.mark.parametrize(("text", "expected"), PARSER_CASES, ids=[case[1].split(":")[2][:30] for case in PARSER_CASES])
def test_same_plain_message_from_either_parser(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, loader: str, text: str, expected: str
) -> None:
    from painguide.catalog import yamltree
    from painguide.errors import CatalogError

    if loader == "pure-python":
        monkeypatch.setattr(yamltree, "_Loader", yaml.SafeLoader)
    with pytest.raises(CatalogError) as caught:
        yamltree.compose(text, "c.yaml")
    assert str(caught.value).startswith(f"c.yaml:{expected}")
