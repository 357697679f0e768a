"""A pager for pages longer than the terminal, as git and man use one.

Only when standard output is a terminal: a pipe or a file gets the page as
it is. `PAGER` names the pager (split like a shell command line, never run
through a shell); empty or `cat` means none. Without it, `less -R` (colour
kept) if it is installed, else none. `--no-pager` turns it off.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Mapping
from typing import TextIO

# Imported only when standard output is a terminal (render/dispatch.py `use_pager`):
# a pipe, and every benchmark, never pays for subprocess.

# Until git's default: quit if the page fits after all, keep colours, leave the page on screen.
_LESS = "FRX"


def pager_command(env: Mapping[str, str]) -> list[str] | None:
    """The pager to run (as `env`, the environment, names it), or None for none."""
    if "PAGER" in env:
        try:
            words = shlex.split(env["PAGER"])
        except ValueError:
            return None
        return words if words and words != ["cat"] else None
    less = shutil.which("less", path=env.get("PATH"))
    return [less, "-R"] if less else None


def terminal_lines(stream: TextIO, environ: Mapping[str, str]) -> int:
    """The terminal's height: LINES if it is a sane number, else what the terminal says; 0 if unknown."""
    raw = environ.get("LINES", "")
    if raw.isascii() and raw.isdigit() and int(raw) > 0:
        return int(raw)
    try:
        return os.get_terminal_size(stream.fileno()).lines
    except (OSError, ValueError, AttributeError):
        return 0


def page(text: str, stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Show `text` through the pager if it is longer than the terminal; False if it is not paged.

    The caller writes the text itself when this returns False. The pager runs with `environ`.
    """
    lines = terminal_lines(stream, environ)
    command = pager_command(environ)
    if command is None or not lines or text.count("\n") < lines:
        return False
    env = dict(environ)
    env.setdefault("LESS", _LESS)
    env.setdefault("LV", "-c")
    stream.flush()
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert process.stdin is not None
    try:
        process.stdin.write(text.encode(getattr(stream, "encoding", None) or "utf-8", "replace"))
        process.stdin.close()
    except OSError:
        # The reader quit before the end (q in less): not an error.
        pass
    while True:
        try:
            process.wait()
            break
        except KeyboardInterrupt:
            # Ctrl-C is the pager's to handle (less stops a search with it); wait for it to quit.
            continue
    return True
