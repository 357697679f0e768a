"""Pipes that close early, full disks, Ctrl-C, odd encodings and odd terminal
settings, with the real program in a child process where it matters."""

from __future__ import annotations

import fcntl
import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Result
from harness import BASE, base_env, bend, painguide, words

Cli = Callable[..., Result]

# Far more than a pipe holds (64 KiB), so the program is still writing when
# the reader goes away or the signal comes.
LONG = bend(
    (
        "      - Start with ten minutes a day.",
        "".join(f"      - Start with ten minutes a day, then add {n} more.\n" for n in range(4000)).rstrip("\n"),
    )
)
UNICODE = bend(
    ("    title: Walking\n", "    title: Wälking — “easy” • 💊 中文\n"),
    ("      - Start with ten minutes a day.", "      - Start with ten minutes a day → 10 min ✓"),
)


@pytest.fixture
def long_catalog(tmp_path: Path) -> Path:
    path = tmp_path / "long.yaml"
    path.write_text(LONG, encoding="utf-8")
    return path


def spawn(*args: str, env: dict[str, str] | None = None, **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "painguide", *args], env=env or base_env(), **kwargs
    )


@pytest.mark.parametrize("fmt", ["plain", "text"])
@pytest.mark.parametrize("amount", ["line", "10 bytes"])
def test_reader_stops_early_like_head(long_catalog: Path, fmt: str, amount: str) -> None:
    """`painguide show walking | head -1` and `| head -c 10`."""
    proc = spawn(
        "--data",
        str(long_catalog),
        "show",
        "walking",
        "--format",
        fmt,
        env=base_env(FORCE_COLOR="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    got = proc.stdout.readline() if amount == "line" else proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=30) == 0, err
    assert err == ""
    assert b"Walking" in got or amount == "10 bytes"


@pytest.mark.parametrize(
    "args", [["show", "walking", "--format", "plain"], ["show", "walking", "--format", "text"], ["--help"], ["list"]]
)
def test_pipe_closed_before_anything_is_written(long_catalog: Path, args: list[str]) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "painguide", "--data", str(long_catalog), *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=base_env(),
            timeout=30,
            check=False,
        )
    finally:
        os.close(write_end)
    # Before the fix Typer (and Rich) turned the broken pipe into exit 1.
    assert (result.returncode, result.stderr) == (0, b"")


def test_shell_pipeline_into_head(long_catalog: Path) -> None:
    script = '"$@" | head -1; exit "${PIPESTATUS[0]}"'
    result = subprocess.run(
        ["bash", "-c", script, "_", sys.executable, "-m", "painguide", "--data", str(long_catalog), "refs"],
        capture_output=True,
        text=True,
        env=base_env(),
        timeout=30,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "References\n", "")


def _closed(stream: int, *args: str) -> subprocess.CompletedProcess[str]:
    script = f'exec "$@" {stream}>&-'
    return subprocess.run(
        ["bash", "-c", script, "_", sys.executable, "-m", "painguide", *args],
        capture_output=True,
        text=True,
        env=base_env(),
        timeout=30,
        check=False,
    )


def test_closed_stdout_is_a_quiet_exit(long_catalog: Path) -> None:
    # Before the fix: "internal error" (sys.stdout is None when fd 1 is closed).
    result = _closed(1, "--data", str(long_catalog), "show", "walking")
    assert (result.returncode, result.stderr) == (0, "")


def test_closed_stdout_still_reports_a_bad_catalog(tmp_path: Path) -> None:
    result = _closed(1, "--data", str(tmp_path / "missing.yaml"), "list")
    assert (result.returncode, result.stderr) == (1, f"painguide: {tmp_path / 'missing.yaml'}: no such file\n")


def test_closed_stderr_does_not_crash_or_move_errors_to_stdout(tmp_path: Path) -> None:
    result = _closed(2, "--data", str(tmp_path / "missing.yaml"), "list")
    assert (result.returncode, result.stdout) == (1, "")


@pytest.mark.parametrize(
    "args",
    [["show", "walking", "--format", "plain"], ["show", "walking", "--format", "text"], ["--help"], ["core"]],
)
def test_disk_full(long_catalog: Path, args: list[str]) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("/dev/full does not exist here")
    with open("/dev/full", "wb") as full:
        result = painguide("--data", str(long_catalog), *args, stdout=full.fileno())
    assert (result.exit_code, result.stderr) == (1, "painguide: cannot write output: no space left on device\n")


def test_disk_full_for_the_check_report(tmp_path: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("/dev/full does not exist here")
    path = tmp_path / "catalog.yaml"
    path.write_text(BASE, encoding="utf-8")
    with open("/dev/full", "wb") as full:
        result = painguide("check", str(path), "--format", "json", stdout=full.fileno())
    assert (result.exit_code, result.stderr) == (1, "painguide: cannot write output: no space left on device\n")


@pytest.mark.parametrize("fmt", ["plain", "text"])
def test_ctrl_c_while_writing_exits_130_quietly(long_catalog: Path, fmt: str) -> None:
    """A real SIGINT, sent while the program is blocked writing to a full pipe.

    The pipe is shrunk to one page so that the program blocks in write() as
    soon as it has output; readable output proves it is inside the command
    (not still importing), so the signal lands where a user's Ctrl-C would.
    """
    proc = spawn(
        "--data", str(long_catalog), "show", "walking", "--format", fmt, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    if hasattr(fcntl, "F_SETPIPE_SZ"):
        fcntl.fcntl(proc.stdout.fileno(), fcntl.F_SETPIPE_SZ, 4096)
    ready, _, _ = select.select([proc.stdout], [], [], 30)
    assert ready, "no output within 30 s"
    time.sleep(0.2)  # let it fill the pipe and block
    assert proc.poll() is None, "finished before the signal could be sent"
    proc.send_signal(signal.SIGINT)
    out = proc.stdout.read()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=30) == 130, err
    assert err == ""
    # It stopped writing: the end of the page never came.
    assert b"Education only" not in out


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "cp1252"},
        {"PYTHONIOENCODING": "latin-1"},
        {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONIOENCODING": ""},
    ],
    ids=["ascii", "cp1252", "latin-1", "C-locale"],
)
@pytest.mark.parametrize("fmt", ["plain", "text"])
def test_narrow_encodings_degrade_without_crashing(tmp_path: Path, env: dict[str, str], fmt: str) -> None:
    path = tmp_path / "unicode.yaml"
    path.write_text(UNICODE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "painguide", "--data", str(path), "show", "walking", "--format", fmt],
        capture_output=True,
        env=base_env(**env),
        timeout=30,
        check=False,
    )
    encoding = {"ascii": "ascii", "cp1252": "cp1252", "latin-1": "latin-1"}.get(env["PYTHONIOENCODING"], "ascii")
    # Named as the stream names it (cp1252's codec calls itself "charmap"), once, after the page.
    named = {"latin-1": "iso8859-1"}.get(encoding, encoding)
    note = (
        f"painguide: some characters cannot be written in the encoding '{named}' and were written as '?'; "
        "use a UTF-8 locale (for example LC_ALL=C.UTF-8) to see them\n"
    )
    assert (result.returncode, result.stderr.decode("ascii")) == (0, note)
    out = result.stdout.decode(encoding)
    assert "Start with ten minutes a day" in out
    assert "?" in out  # what the encoding cannot show is replaced, not dropped silently
    if encoding != "ascii":
        assert "Wälking" in out


def test_narrow_encoding_error_message(tmp_path: Path) -> None:
    missing = tmp_path / "café 💊.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "painguide", "--data", str(missing), "list"],
        capture_output=True,
        env=base_env(PYTHONIOENCODING="ascii"),
        timeout=30,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == f"painguide: {tmp_path}/caf? ?.yaml: no such file\n".encode("ascii")


# Width and colour settings: the same words come out whatever the terminal says.

COMMANDS = [["show", "walking"], ["refs"], ["list"], ["core"], ["search", "walking"], []]
SETTINGS = [
    {"COLUMNS": "0"},
    {"COLUMNS": "1"},
    {"COLUMNS": "20"},
    {"COLUMNS": "abc"},
    {"COLUMNS": "-5"},
    {"COLUMNS": "²"},
    {"COLUMNS": "99999999999999999999"},
    {"LINES": "²"},
    {"TERM": "dumb"},
    {"FORCE_COLOR": "1"},
    {"FORCE_COLOR": "1", "TERM": "dumb", "COLUMNS": "1"},
    {"FORCE_COLOR": "1", "NO_COLOR": ""},
]


@pytest.fixture
def url_catalog(write_catalog: Callable[..., Path]) -> Path:
    # A web address longer than the narrowest line: it must survive whole.
    long_url = "https://example.org/walking/a/long/path/that/goes/on/and/on/index.html?x=1"
    return write_catalog(bend(("url: https://example.org/walking", f"url: {long_url}")))


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args) or "welcome")
@pytest.mark.parametrize("settings", SETTINGS, ids=lambda s: ",".join(f"{k}={v}" for k, v in s.items()))
def test_no_content_is_lost_at_any_width_or_colour_setting(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, url_catalog: Path, args: list[str], settings: dict[str, str]
) -> None:
    reference = cli(*args, catalog=url_catalog)
    assert reference.exit_code == 0
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    if "FORCE_COLOR" in settings:
        monkeypatch.delenv("NO_COLOR")
    for fmt in (["--format", "plain"], ["--format", "text"]) if args else ([],):
        result = cli(*args, *fmt, catalog=url_catalog)
        assert result.exit_code == 0, result.stderr
        assert result.stderr == ""
        assert words(result.stdout) == words(reference.stdout)
        assert "https://example.org/walking/a/long/path/that/goes/on/and/on/index.html?x=1" in result.stdout or not (
            args and args[0] in ("show", "refs")
        )


@pytest.mark.parametrize("settings", [{"COLUMNS": "0"}, {"COLUMNS": "abc", "TERM": "dumb"}, {"FORCE_COLOR": "1"}])
def test_width_and_colour_settings_in_a_child_process(tmp_path: Path, settings: dict[str, str]) -> None:
    path = tmp_path / "catalog.yaml"
    path.write_text(BASE, encoding="utf-8")
    reference = painguide("--data", str(path), "show", "walking", env=base_env(COLUMNS="80"))
    env = base_env(**settings)
    if "FORCE_COLOR" in settings:
        env.pop("NO_COLOR", None)
    result = painguide("--data", str(path), "show", "walking", env=env)
    assert (result.exit_code, result.stderr) == (0, "")
    assert words(result.stdout) == words(reference.stdout)
    assert ("\x1b[" in result.stdout) == ("FORCE_COLOR" in settings)
