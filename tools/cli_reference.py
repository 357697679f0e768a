"""Write docs/cli.md from the Typer app: every command, argument and option.

    python tools/cli_reference.py

tests/test_docs.py fails when docs/cli.md differs from what this makes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

ROOT = Path(__file__).resolve().parents[1]
CLI_MD = ROOT / "docs" / "cli.md"


def _param_row(param: Any) -> str:
    if param.param_type_name == "argument":
        name = f"`{param.human_readable_name}`"
    else:
        name = ", ".join(f"`{opt}`" for opt in [*param.opts, *param.secondary_opts])
    help_text = " ".join((getattr(param, "help", None) or "").split())
    if getattr(param, "envvar", None):
        help_text += f" Environment: `{param.envvar}`."
    cell = help_text.replace("|", "\\|")
    return f"| {name} | {cell} |"


def _section(title: str, command: Any) -> list[str]:
    lines = [f"## {title}", ""]
    doc = (command.help or "").strip()
    if doc:
        lines += [doc, ""]
    params = [p for p in command.params if p.name not in ("help", "install_completion", "show_completion")]
    if params:
        lines += ["| argument or option | meaning |", "|---|---|", *(_param_row(p) for p in params), ""]
    return lines


def reference() -> str:
    from painguide.cli import app

    group: Any = typer.main.get_command(app)
    lines = [
        "# Command reference",
        "",
        "Generated from the program itself by `python tools/cli_reference.py`; a test",
        "fails when this page is out of date. Every command also has `--help`.",
        "",
    ]
    lines += _section("painguide (global options)", group)
    for name in group.list_commands(None):
        lines += _section(f"painguide {name}", group.get_command(None, name))
    lines += _exit_statuses()
    return "\n".join(lines).rstrip() + "\n"


def _exit_statuses() -> list[str]:
    """The table of exit statuses, from `errors.ExitStatus` (the one place they are declared)."""
    from painguide.errors import ExitStatus

    lines = ["## Exit statuses", "", "| status | name | meaning |", "|---|---|---|"]
    lines += [
        f"| {int(status)} | `{status.name}` | {status.meaning.replace('|', chr(92) + '|')} |" for status in ExitStatus
    ]
    return [*lines, ""]


def main() -> int:
    CLI_MD.write_text(reference(), encoding="utf-8")
    print(f"wrote {CLI_MD.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
