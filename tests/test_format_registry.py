"""One registry of output formats: options, dispatch and check all follow it."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from conftest import Result
from hostile import HOSTILE_POINTS, write_hostile
from painguide.formats import FORMATS, OutputFormat, for_command
from readers import CITATION_READERS, PAGE_READERS

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
# runs through this test at once, and fails until it has a reader in
# tests/readers.py that says what a person (or a program) sees in it.

HOSTILE_TITLE = r"<script>alert(1)</script> {and} 50% & $x # \ ~ [1]: https://evil.example"


def _visible(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def hostile(write_catalog: Callable[..., Path]) -> Path:
    path = write_hostile(write_catalog)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["references"]["vickers2018"]["title"] = HOSTILE_TITLE
    return write_catalog(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "hostile-refs.yaml")


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.name)
def test_every_registered_format_keeps_hostile_text_as_text(cli: Cli, hostile: Path, fmt: OutputFormat) -> None:
    if "show" in fmt.commands:
        assert fmt.name in PAGE_READERS, f"{fmt.name}: add a reader to PAGE_READERS in tests/readers.py"
        result = cli("show", "acupuncture", "--format", fmt.name, catalog=hostile)
        assert result.exit_code == 0, result.stderr
        seen = _visible(PAGE_READERS[fmt.name](result.stdout))
        for text in (*HOSTILE_POINTS, "Acupuncture <script>alert(1)</script>", HOSTILE_TITLE):
            assert _visible(text) in seen, (fmt.name, text)
    else:
        assert fmt.name in CITATION_READERS, f"{fmt.name}: add a reader to CITATION_READERS in tests/readers.py"
        result = cli("refs", "--format", fmt.name, catalog=hostile)
        assert result.exit_code == 0, result.stderr
        assert HOSTILE_TITLE in CITATION_READERS[fmt.name](result.stdout), fmt.name
