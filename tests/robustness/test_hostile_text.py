"""Hostile text inside a valid catalog: it prints as text, never as markup or
as a control sequence that would recolour, retitle or reorder a terminal."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import Result
from harness import BASE, SGR, raw_controls

Cli = Callable[..., Result]

MARKUP = "[red]Red[/] [bold]bold[/bold] [link=https://evil.example]click[/link] :pill: :warning: [/]"
CONTROLS = {
    "\x1b[31m": "^[[31m",  # colour
    "\x1b[2J": "^[[2J",  # clear the screen
    "\x1b]0;pwned\x07": "^[]0;pwned^G",  # window title
    "\x1b]52;c;ZWNobyBoaQ==\x07": "^[]52;c;ZWNobyBoaQ==^G",  # write the clipboard
    "\x1b]8;;https://evil.example\x1b\\": "^[]8;;https://evil.example^[\\",  # hyperlink
    "\x9b2J": "<U+009B>2J",  # C1 control sequence introducer
    "\x85": "<U+0085>",  # C1 next line
    "\u202e": "<U+202E>",  # right-to-left override
    "\u2066": "<U+2066>",  # left-to-right isolate
    "\u061c": "<U+061C>",  # Arabic letter mark
    "\u2028": "<U+2028>",  # line separator
    "\x08": "^H",  # backspace
    "\r": "^M",  # carriage return
    "\x7f": "^?",  # delete
}
HOSTILE = MARKUP + " " + " ".join(f"x{raw}y" for raw in CONTROLS)
SHOWN = [*MARKUP.split(), *(f"x{shown}y" for shown in CONTROLS.values())]


def hostile_catalog() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(BASE)
    data["catalog"]["title"] = "Guide " + HOSTILE
    data["catalog"]["disclaimer"] = "Not advice. " + HOSTILE
    data["catalog"]["clinic"] = {"name": "Clinic " + HOSTILE, "locations": [HOSTILE]}
    data["core"]["title"] = "Core " + HOSTILE
    data["core"]["summary"] = HOSTILE
    data["core"]["elements"][0]["text"] = HOSTILE
    data["categories"]["movement"] = {"title": "Movement " + HOSTILE, "description": HOSTILE}
    reference = data["references"]["smith2020"]
    reference.update({"authors": [HOSTILE], "title": HOSTILE, "journal": HOSTILE, "note": HOSTILE})
    walking = data["topics"]["walking"]
    walking["title"] = "Walking " + HOSTILE
    walking["aliases"] = ["Strolling " + HOSTILE]
    walking["summary"] = "Walking helps. " + HOSTILE
    for key in ("key_points", "what_to_expect", "questions"):
        walking[key] = [HOSTILE]
    walking["evidence"][0]["text"] = HOSTILE
    walking["safety"] = {"careful": [HOSTILE], "tell": [HOSTILE]}
    return data


@pytest.fixture
def catalog(write_catalog: Callable[..., Path]) -> Path:
    # safe_dump writes the control characters as escapes ("\e", "\x9b"),
    # which is how they would reach a real catalog file.
    return write_catalog(yaml.safe_dump(hostile_catalog(), sort_keys=False, allow_unicode=True), "hostile.yaml")


COMMANDS = [[], ["list"], ["show", "walking"], ["refs"], ["core"], ["search", "pwned"], ["search", "walking"]]


@pytest.mark.parametrize("fmt", ["plain", "text"])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args) or "welcome")
@pytest.mark.parametrize("colour", [False, True], ids=["no-colour", "colour"])
def test_hostile_text_prints_literally_and_visibly(
    cli: Cli, catalog: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, args: list[str], colour: bool
) -> None:
    if colour:
        monkeypatch.delenv("NO_COLOR")
    result = cli(*args, *(["--format", fmt] if args else []), catalog=catalog)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert not raw_controls(out), raw_controls(out)
    # painguide's own styles never use red; a red code would have come from the data.
    assert "\x1b[31m" not in out
    if not colour or fmt == "plain" or not args:
        assert "\x1b" not in out
    plain = SGR.sub("", out)
    for shown in SHOWN:
        assert shown in plain, shown


def test_show_renders_every_field_of_the_hostile_topic(cli: Cli, catalog: Path) -> None:
    out = cli("show", "walking", "--format", "plain", catalog=catalog).stdout
    # Title, alias, summary, 3 lists, evidence, 2 safety lists, reference (authors,
    # title, journal, note) and the disclaimer: each carries the markup once.
    assert out.count("[link=https://evil.example]click[/link]") == 14


def test_markup_in_what_was_typed_is_literal(cli: Cli) -> None:
    result = cli("show", "[red]x[/red]:pill:")
    assert result.exit_code == 2
    assert result.stderr == "painguide: No topic named '[red]x[/red]:pill:'.\nRun 'painguide list' to see all topics.\n"


@pytest.mark.parametrize(("raw", "shown"), list(CONTROLS.items()), ids=[repr(raw) for raw in CONTROLS])
def test_control_characters_in_what_was_typed_are_visible_on_stderr(cli: Cli, raw: str, shown: str) -> None:
    result = cli("show", f"a{raw}b")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"painguide: No topic named 'a{shown}b'.\n")


def test_control_characters_in_an_error_message_from_the_catalog_are_visible(
    cli: Cli, write_catalog: Callable[..., Path]
) -> None:
    data = yaml.safe_load(BASE)
    data["topics"]["walking"]["related"] = ["\x1b]0;pwned\x07"]
    path = write_catalog(yaml.safe_dump(data, sort_keys=False))
    result = cli("list", catalog=path)
    assert result.exit_code == 1
    assert "^[]0;pwned^G" in result.stderr
    assert not raw_controls(result.stderr)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize("args", [["show", "walking"], ["list"], ["refs"], ["core"], ["search", "walking"]])
def test_json_keeps_hostile_text_exactly_and_escaped(cli: Cli, catalog: Path, args: list[str]) -> None:
    result = cli(*args, "--format", "json", catalog=catalog)
    assert result.exit_code == 0, result.stderr
    # JSON is for programs: the data comes through unchanged, but escaped, so
    # that printing the JSON itself cannot drive a terminal.
    assert not raw_controls(result.stdout)
    assert "\x1b" not in result.stdout
    data = json.loads(result.stdout)
    assert any(HOSTILE in text for text in _strings(data))
