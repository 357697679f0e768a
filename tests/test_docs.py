"""Docs generated from the program stay true: a stale page fails here."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from conftest import ROOT


def _tool(name: str) -> ModuleType:
    path = ROOT / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_fresh() -> None:
    tool = _tool("cli_reference")
    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == tool.reference(), "docs/cli.md is stale: run python tools/cli_reference.py"


def test_cli_reference_names_every_command() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in ("list", "show", "search", "refs", "core", "check", "handout"):
        assert f"## painguide {command}\n" in text


def test_architecture_names_only_modules_that_exist() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    import re

    for name in set(re.findall(r"`((?:catalog|index|render|export|quality)/[a-z_]+\.py|[a-z_]+\.py)`", text)):
        assert (ROOT / "src" / "painguide" / name).exists() or (ROOT / "tools" / name).exists(), name


def test_changelog_has_an_unreleased_section() -> None:
    assert "## [Unreleased]" in Path(ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
