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
    'tools/install-system-deps.sh && python3 -m venv .venv && .venv/bin/pip install -e ".[test]" && .venv/bin/python -m pytest',
]


def test_ci_runs_the_readmes_test_command_and_system_package_script() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    script, _, test_command = SET_UP[1].partition(" && ")
    assert f"\n{script}\n" in ci
    assert (ROOT / script).stat().st_mode & 0o111, f"{script} is not executable"
    # CI installs quietly; otherwise it is the README's command.
    assert f"\n{test_command.replace('pip install', 'pip install -q')}\n" in ci


def test_readme_installs_the_pdf_extra_from_the_checkout() -> None:
    text = (ROOT / "README.md").read_text()
    # "painguide[pdf]" is no package on PyPI: it fails in a fresh venv and invites name-squatting.
    assert 'pip install ".[pdf]"' in text
    assert "painguide[pdf]" not in text


def test_readme_says_how_to_run_painguide_from_the_venv_in_a_new_shell() -> None:
    text = (ROOT / "README.md").read_text()
    # The set-up commands stay as they are; in a new shell the examples' bare
    # `painguide` is "command not found" unless the README says what to do.
    blocks = re.findall(r"```sh\n(.*?)\n```", text, re.S)
    assert blocks[:2] == SET_UP
    after = text[text.index(SET_UP[1]) :].split("\n## ")[0]
    assert "source .venv/bin/activate" in after
    assert "`.venv/bin/painguide`" in after
