"""One registry of output formats: options, dispatch and check all follow it."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest

from conftest import Result
from painguide.formats import FORMATS, for_command

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
    assert "text, plain, markdown, json, html, bibtex, ris or csl-json" in text


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f.kind == "page"], ids=lambda f: f.name)
def test_every_page_format_names_a_renderer_that_exists(fmt: object) -> None:
    module, function = fmt.renderer.split(":")  # type: ignore[attr-defined]
    assert callable(getattr(importlib.import_module(module), function))


def test_format_names_are_case_insensitive(cli: Cli) -> None:
    assert cli("core", "--format", "JSON").stdout.lstrip().startswith("{")
