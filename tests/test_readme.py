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
