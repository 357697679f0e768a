"""The README's examples are real: each `$ painguide ...` block is run and compared."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable

import pytest

from conftest import ROOT, Result

BLOCK = re.compile(r"```console\n\$ (painguide [^\n]*)\n(.*?)```", re.S)
EXAMPLES = [
    (command, output)
    for command, output in BLOCK.findall((ROOT / "README.md").read_text())
    if "my-clinic" not in command
]


def test_readme_has_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_matches_real_output(cli: Callable[..., Result], command: str, expected: str) -> None:
    args, _, head = command.partition(" | head -")
    result = cli(*shlex.split(args)[1:], catalog=None)
    output = result.stdout + result.stderr
    if head:
        output = "\n".join(output.split("\n")[: int(head)]) + "\n"
    assert output == expected


SET_UP = [
    "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/painguide show acupuncture",
    'python3 -m venv .venv && .venv/bin/pip install -e ".[test]" && .venv/bin/python -m pytest',
]


def test_readme_says_how_to_run_painguide_from_the_venv_in_a_new_shell() -> None:
    text = (ROOT / "README.md").read_text()
    # The set-up commands stay as they are; in a new shell the examples' bare
    # `painguide` is "command not found" unless the README says what to do.
    blocks = re.findall(r"```sh\n(.*?)\n```", text, re.S)
    assert blocks[:2] == SET_UP
    after = text[text.index(SET_UP[1]) :].split("\n## ")[0]
    assert "source .venv/bin/activate" in after
    assert "`.venv/bin/painguide`" in after
