"""Rewrite the output of every `$ painguide ...` example in README.md with what painguide prints now.

Usage: python tools/readme_examples.py   (then read the diff: tests/test_readme.py checks the result)

Each ```console block whose first line is `$ painguide ARGS` (optionally
`| head -N`) is run with the bundled catalog, plain output and 80 columns.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```console\n\$ (painguide [^\n]*)\n(.*?)```", re.S)


def output(command: str) -> str:
    args, _, head = command.partition(" | head -")
    words = shlex.split(args)[1:]
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PAINGUIDE_", "LC_", "LANG"))}
    env.update({"NO_COLOR": "1", "COLUMNS": "80"})
    done = subprocess.run([sys.executable, "-m", "painguide", *words], capture_output=True, text=True, env=env)
    text = done.stdout + done.stderr
    return "\n".join(text.split("\n")[: int(head)]) + "\n" if head else text


def main() -> int:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")

    def rewrite(match: re.Match[str]) -> str:
        command = match.group(1)
        if "my-clinic" in command:
            return match.group(0)
        return f"```console\n$ {command}\n{output(command)}```"

    readme.write_text(BLOCK.sub(rewrite, text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
